//! Field-by-field differences between two JSON documents (the console's review of an edit:
//! the current deployment against the request about to replace it). Objects are compared key
//! by key and arrays item by item, so each change names one leaf by its path
//! (`deployment.template.apps[0].envs[1].value`).

use serde_json::Value;

/// One difference: the path, and the value before and after (none when added or removed).
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub path: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// Every leaf that differs, keys in order (serde_json keeps object keys sorted).
pub fn diff(before: &Value, after: &Value) -> Vec<Change> {
    let mut out = Vec::new();
    walk("", Some(before), Some(after), &mut out);
    out
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn walk(path: &str, before: Option<&Value>, after: Option<&Value>, out: &mut Vec<Change>) {
    match (before, after) {
        (Some(Value::Object(a)), Some(Value::Object(b))) => {
            for (k, v) in a {
                walk(&join(path, k), Some(v), b.get(k), out);
            }
            for (k, v) in b.iter().filter(|(k, _)| !a.contains_key(*k)) {
                walk(&join(path, k), None, Some(v), out);
            }
        }
        (Some(Value::Array(a)), Some(Value::Array(b))) => {
            for i in 0..a.len().max(b.len()) {
                walk(&format!("{path}[{i}]"), a.get(i), b.get(i), out);
            }
        }
        (Some(a), Some(b)) if a == b => {}
        // Null and absent read the same on the wire.
        (Some(Value::Null), None) | (None, Some(Value::Null)) | (None, None) => {}
        (a, b) => out.push(Change { path: path.to_string(), before: a.cloned(), after: b.cloned() }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_changed_leaf_is_named_by_its_path() {
        let a = json!({"name": "x", "apps": [{"envs": [{"name": "A", "value": "1"}]}], "gone": 1, "same": [1, 2]});
        let b = json!({"name": "y", "apps": [{"envs": [{"name": "A", "value": "2"}, {"name": "B"}]}], "new": true, "same": [1, 2]});
        let paths: Vec<String> = diff(&a, &b).into_iter().map(|c| c.path).collect();
        assert_eq!(paths, ["apps[0].envs[0].value", "apps[0].envs[1]", "gone", "name", "new"]);
        assert_eq!(diff(&a, &a), []);
        assert_eq!(diff(&json!({"a": null}), &json!({})), []);
    }
}
