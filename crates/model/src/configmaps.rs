//! Config maps: `list_config_maps`, `create_config_map`, `show_config_map`,
//! `update_config_map`, `delete_config_map` (reference 5.4). A config map belongs to a
//! workspace and holds key/value configs that deployments read.

use serde::{Deserialize, Serialize};

use crate::common::IdOnly;
use crate::error::FieldError;
use crate::query::{self, EqualsTags, OneOf, Sort, SortParam, Text};
use crate::rules;
use crate::tags::{letters_digits_hyphen_underscore, validate_tags, Tag};

pub const DEFAULT_LIMIT: u32 = 1000;
pub const MAX_LIMIT: u32 = 1000;
pub use crate::common::PROVIDERS;
pub const SORT_FIELDS: &[&str] = &["name", "created_at", "updated_at"];

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Config {
    pub key: String,
    pub value: String,
}

/// A config map as the API carries it. On requests only `name`, `configs`, `tags`,
/// `description` and `type` count; the rest is the server's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConfigMap {
    pub configs: Vec<Config>,
    pub created_at: Option<String>,
    pub description: Option<String>,
    pub id: Option<String>,
    pub name: String,
    pub project_id: Option<String>,
    pub tags: Vec<Tag>,
    #[serde(rename = "type")]
    pub map_type: Option<String>,
    pub updated_at: Option<String>,
    pub workspace_id: Option<String>,
}

/// The body of create and update, and their answer (`ConfigMapModelBoxDTO`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigMapBody {
    pub configmap: ConfigMap,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workspace_id: Option<String>,
}

/// A config map name: 4–64 lower-case letters, digits and `-`, starting with a letter and not
/// ending with `-` (the same rule as secrets).
pub fn validate_config_map_name(field: &str, name: &str) -> Result<(), FieldError> {
    rules::length(field, name, NAME_LEN.0, NAME_LEN.1)?;
    let ok = name.starts_with(|c: char| c.is_ascii_lowercase())
        && !name.ends_with('-')
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        Ok(())
    } else {
        Err(FieldError::new(field, "pattern", NAME_PATTERN.0, NAME_PATTERN.1))
    }
}

/// A config map's (and a secret's) name: its length and its characters.
pub const NAME_LEN: (usize, usize) = (4, 64);
const NAME_PATTERN: (&str, &str) = (
    "只能包含小写字母、数字和中划线，以小写字母开头，且不能以中划线结尾",
    "may contain only lower-case letters, digits and '-', must start with a letter and must not end with '-'",
);
/// A config key's and value's lengths.
pub const KEY_LEN: (usize, usize) = (1, 63);
pub const VALUE_LEN: (usize, usize) = (1, 10_000);

/// What [`validate_config_map_name`] asks.
pub fn name_hint() -> rules::Hint {
    rules::Hint::length(NAME_LEN).then(NAME_PATTERN.0, NAME_PATTERN.1)
}

/// A config key: 1–63 letters, digits, `-`, `_`.
pub fn validate_config_key(field: &str, key: &str) -> Result<(), FieldError> {
    rules::length(field, key, KEY_LEN.0, KEY_LEN.1)?;
    letters_digits_hyphen_underscore(field, key)
}

/// A config value: 1–10000 characters.
pub fn validate_config_value(field: &str, value: &str) -> Result<(), FieldError> {
    rules::length(field, value, VALUE_LEN.0, VALUE_LEN.1)
}

/// What a config key asks.
pub fn key_hint() -> rules::Hint {
    rules::Hint::length(KEY_LEN)
        .then("只能包含大小写字母、数字、中划线和下划线", "may contain only letters, digits, '-' and '_'")
}

/// What a config value asks.
pub fn value_hint() -> rules::Hint {
    rules::Hint::length(VALUE_LEN)
}

impl ConfigMapBody {
    pub fn validate(&self) -> Result<(), FieldError> {
        let m = &self.configmap;
        validate_config_map_name("configmap.name", &m.name)?;
        if let Some(d) = &m.description {
            rules::description("configmap.description", d)?;
        }
        if let Some(t) = &m.map_type {
            rules::length("configmap.type", t, 0, 64)?;
        }
        rules::max_items("configmap.configs", m.configs.len(), 1000)?;
        for (i, c) in m.configs.iter().enumerate() {
            let key = format!("configmap.configs[{i}].key");
            validate_config_key(&key, &c.key)?;
            validate_config_value(&format!("configmap.configs[{i}].value"), &c.value)?;
            if m.configs[..i].iter().any(|o| o.key == c.key) {
                return Err(FieldError::new(key, "unique", "配置键重复", "repeats an earlier config key"));
            }
        }
        validate_tags("configmap.tags", &m.tags)?;
        if let Some(w) = &self.workspace_id {
            rules::length("workspace_id", w, 1, 64)?;
        }
        Ok(())
    }
}

crate::query_type! {
    /// The query of `list_config_maps`.
    pub struct ConfigMapListQuery {
        "provider" => provider: Option<String> = OneOf(PROVIDERS),
        "name" => name: Option<String> = Text(|f, v| rules::length(f, v, 1, 64)),
        "workspace_id" => workspace_id: Option<String> = Text(|f, v| rules::length(f, v, 1, 64)),
        "limit" => limit: Option<u32> = query::limit(MAX_LIMIT),
        "offset" => offset: Option<u32> = query::OFFSET,
        "sort" => sort: Option<Sort> = SortParam,
        /// `key=value` pairs, any of which matches.
        "tag_key" => tags: Vec<Tag> = EqualsTags,
    }
}

/// `list_config_maps`' answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigMapList {
    #[serde(default)]
    pub count: u64,
    #[serde(default)]
    pub configmaps: Vec<ConfigMap>,
}

/// `delete_config_map`'s answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigMapDeleted {
    pub configmap: IdOnly,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Params;

    fn body(name: &str) -> ConfigMapBody {
        ConfigMapBody {
            configmap: ConfigMap {
                name: name.into(),
                configs: vec![Config { key: "LOG_LEVEL".into(), value: "http://x/y?z=1".into() }],
                ..Default::default()
            },
            workspace_id: None,
        }
    }

    #[test]
    fn names_configs_and_tags_follow_the_rules() {
        assert!(body("camera-cfg-1").validate().is_ok());
        for bad in ["abc", "1abc", "Abcd", "abcd-", "ab_cd", &format!("a{}", "b".repeat(64))] {
            assert_eq!(body(bad).validate().unwrap_err().field, "configmap.name", "{bad}");
        }
        let mut b = body("camera");
        b.configmap.configs.push(Config { key: "LOG_LEVEL".into(), value: "x".into() });
        assert_eq!(b.validate().unwrap_err().rule, "unique");
        let mut b = body("camera");
        b.configmap.configs[0].key = "a.b".into();
        assert_eq!(b.validate().unwrap_err().field, "configmap.configs[0].key");
        let mut b = body("camera");
        b.configmap.configs[0].value = String::new();
        assert_eq!(b.validate().unwrap_err().field, "configmap.configs[0].value");
        let mut b = body("camera");
        b.configmap.tags = vec![Tag { key: "k".into(), value: "a b".into() }];
        assert_eq!(b.validate().unwrap_err().field, "configmap.tags[0].value");
    }

    #[test]
    fn list_queries() {
        let p = |k: &str, v: &str| vec![(k.to_string(), v.to_string())];
        assert_eq!(ConfigMapListQuery::from_pairs(&p("limit", "1000")).unwrap().limit, Some(1000));
        assert_eq!(ConfigMapListQuery::from_pairs(&p("limit", "1001")).unwrap_err().field, "limit");
        assert_eq!(
            ConfigMapListQuery::from_pairs(&p("sort", "name:desc")).unwrap().sort,
            Some(Sort { field: "name".into(), descending: true })
        );
        assert_eq!(ConfigMapListQuery::from_pairs(&p("sort", "size")).unwrap_err().field, "sort");
        assert_eq!(ConfigMapListQuery::from_pairs(&p("provider", "aws")).unwrap_err().field, "provider");
        assert_eq!(ConfigMapListQuery::from_pairs(&p("tag_key", "env=prod,team=a")).unwrap().tags.len(), 2);
        assert_eq!(ConfigMapListQuery::from_pairs(&p("tag_key", "env")).unwrap_err().field, "tag_key");
    }
}
