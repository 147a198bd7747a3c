//! Secret values out of an answer: every `value` of an entry (`{"key", "value"}`) in a
//! `secrets` array, wherever the answer has one (`list_secrets`: `secrets[].secrets[]`,
//! `show_secret`: `secret.secrets[]`).

use serde_json::Value;

/// The answer without secret values; `None` when it is not JSON (the proxy then answers
/// 502 rather than pass on what it could not clean).
pub fn remove_secret_values(body: &[u8]) -> Option<Vec<u8>> {
    let mut answer: Value = serde_json::from_slice(body).ok()?;
    strip(&mut answer);
    serde_json::to_vec(&answer).ok()
}

fn strip(v: &mut Value) {
    match v {
        Value::Object(map) => {
            if let Some(Value::Array(entries)) = map.get_mut("secrets") {
                for entry in entries.iter_mut() {
                    if let Value::Object(e) = entry {
                        if e.contains_key("key") {
                            e.remove("value");
                        }
                    }
                }
            }
            map.values_mut().for_each(strip);
        }
        Value::Array(items) => items.iter_mut().for_each(strip),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_leave_list_and_show_answers_and_everything_else_stays() {
        let list = br#"{"count":1,"secrets":[{"id":"s1","name":"db","secrets":[{"key":"user","value":"c2VjcmV0"},{"key":"pw","value":"aHVudGVy"}],"tags":[{"key":"k","value":"v"}]}]}"#;
        let out: Value = serde_json::from_slice(&remove_secret_values(list).unwrap()).unwrap();
        assert_eq!(out["secrets"][0]["secrets"], serde_json::json!([{"key": "user"}, {"key": "pw"}]));
        assert_eq!(out["secrets"][0]["tags"][0]["value"], "v", "tags are not secrets");
        assert_eq!(out["count"], 1);
        let show = br#"{"secret":{"id":"s1","secrets":[{"key":"user","value":"c2VjcmV0"}]}}"#;
        let out = String::from_utf8(remove_secret_values(show).unwrap()).unwrap();
        assert!(!out.contains("c2VjcmV0") && out.contains("\"key\":\"user\""), "{out}");
        assert_eq!(remove_secret_values(b"<html>"), None);
    }
}
