//! Secrets: `list_secrets`, `create_secret`, `show_secret`, `update_secret`, `delete_secret`
//! (reference 5.6). Key/value secrets in a workspace that deployments mount or read.

use serde::{Deserialize, Serialize};

use crate::configmaps::{validate_config_map_name, PROVIDERS};
use crate::error::FieldError;
use crate::query::{self, DottedTags, OneOf, Sort, SortParam, Text};
use crate::rules;
use crate::tags::{validate_tags, Tag};

pub const DEFAULT_LIMIT: u32 = 100;
pub const MAX_ENTRIES: usize = 100;

/// One secret entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretEntry {
    pub key: String,
    pub value: String,
}

/// The `secret` of create and update bodies.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SecretInput {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub secrets: Vec<SecretEntry>,
    pub tags: Vec<Tag>,
}

/// The body of create and update (`SecretRequestBody`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretBody {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workspace_id: Option<String>,
    pub secret: SecretInput,
}

/// Characters a secret value may not contain.
const VALUE_FORBIDDEN: &str = "^~#$%&<>()[]{}'\"\\";

impl SecretBody {
    pub fn validate(&self) -> Result<(), FieldError> {
        let s = &self.secret;
        validate_config_map_name("secret.name", &s.name)?;
        if let Some(d) = &s.description {
            rules::description("secret.description", d)?;
        }
        rules::max_items("secret.secrets", s.secrets.len(), MAX_ENTRIES)?;
        for (i, e) in s.secrets.iter().enumerate() {
            let key = format!("secret.secrets[{i}].key");
            validate_secret_key(&key, &e.key)?;
            if s.secrets[..i].iter().any(|o| o.key == e.key) {
                return Err(FieldError::new(key, "unique", "密钥键重复", "repeats an earlier key"));
            }
            validate_secret_value(&format!("secret.secrets[{i}].value"), &e.value)?;
        }
        validate_tags("secret.tags", &s.tags)?;
        if let Some(w) = &self.workspace_id {
            rules::length("workspace_id", w, 1, 64)?;
        }
        Ok(())
    }
}

/// A secret key: 1–63 characters, starting with a letter or `-`, then letters, digits, `.`,
/// `-`, `_`.
/// A secret's value: 1–20480 characters, none of `^ ~ # $ % & < > ( ) [ ] { } ' " \`.
pub fn validate_secret_value(field: &str, value: &str) -> Result<(), FieldError> {
    rules::length(field, value, 1, 20_480)?;
    rules::none_of(field, value, VALUE_FORBIDDEN)
}

pub fn validate_secret_key(field: &str, key: &str) -> Result<(), FieldError> {
    rules::length(field, key, 1, 63)?;
    let ok = key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '-')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if ok {
        Ok(())
    } else {
        Err(FieldError::new(
            field,
            "pattern",
            "以字母或中划线开头，只能包含字母、数字、点号、中划线和下划线",
            "must start with a letter or '-' and contain only letters, digits, '.', '-' and '_'",
        ))
    }
}

/// A secret as the API answers (`SecretDetail`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SecretDetail {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workspace_id: Option<String>,
    pub project_id: String,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    pub secrets: Vec<SecretEntry>,
    pub tags: Vec<Tag>,
}

/// The answer of create and update.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretSaved {
    pub workspace_id: String,
    pub secret: SecretDetail,
}

/// The answer of show.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretShown {
    pub secret: SecretDetail,
}

/// The answer of delete.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretDeleted {
    pub secret: crate::common::IdOnly,
}

/// `list_secrets`' answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretList {
    #[serde(default)]
    pub count: u64,
    #[serde(default)]
    pub secrets: Vec<SecretDetail>,
}

crate::query_type! {
    /// The query of `list_secrets`.
    pub struct SecretListQuery {
        "offset" => offset: Option<u32> = query::OFFSET,
        "limit" => limit: Option<u32> = query::limit(100),
        "name" => name: Option<String> = Text(|f, v| {
            rules::length(f, v, 1, 64)?;
            rules::chinese_letters_digits_underscore_hyphen(f, v)
        }),
        "workspace_id" => workspace_id: Option<String> = Text(|f, v| rules::length(f, v, 1, 64)),
        /// `key.value` pairs, any of which matches.
        "tags" => tags: Vec<Tag> = DottedTags,
        "provider" => provider: Option<String> = OneOf(PROVIDERS),
        "sort" => sort: Option<Sort> = SortParam,
    }
}

/// `key1.value1,key2.value2` (split at each pair's first `.`).
pub fn parse_dotted_tags(field: &str, value: &str) -> Result<Vec<Tag>, FieldError> {
    let tags = value
        .split(',')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            pair.split_once('.').map(|(k, v)| Tag { key: k.to_string(), value: v.to_string() }).ok_or_else(|| {
                FieldError::new(
                    field,
                    "format",
                    "格式必须为 key.value，多个用逗号分隔",
                    "must be key.value pairs separated by commas",
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    validate_tags(field, &tags)?;
    Ok(tags)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Params;

    fn body() -> SecretBody {
        SecretBody {
            workspace_id: None,
            secret: SecretInput {
                name: "db-password".into(),
                description: None,
                secrets: vec![SecretEntry { key: "DB_PASS".into(), value: "s3cret!".into() }],
                tags: vec![],
            },
        }
    }

    #[test]
    fn secret_rules() {
        assert!(body().validate().is_ok());
        for (key, ok) in [("-x", true), ("a.b_c-d", true), ("1abc", false), ("", false), ("a b", false)] {
            assert_eq!(validate_secret_key("k", key).is_ok(), ok, "{key}");
        }
        let mut b = body();
        b.secret.secrets[0].value = "a<b".into();
        assert_eq!(b.validate().unwrap_err().field, "secret.secrets[0].value");
        let mut b = body();
        b.secret.secrets = (0..101).map(|i| SecretEntry { key: format!("k{i}"), value: "v".into() }).collect();
        assert_eq!(b.validate().unwrap_err().rule, "max_items");
        b.secret.secrets.truncate(100);
        assert!(b.validate().is_ok(), "100 entries are allowed");
        let mut b = body();
        b.secret.name = "Secret".into();
        assert_eq!(b.validate().unwrap_err().field, "secret.name");
    }

    #[test]
    fn list_queries() {
        let p = |k: &str, v: &str| vec![(k.to_string(), v.to_string())];
        let q = SecretListQuery::from_pairs(&p("tags", "env.prod,team.a/b")).unwrap();
        assert_eq!(q.tags[1], Tag { key: "team".into(), value: "a/b".into() });
        assert_eq!(SecretListQuery::from_pairs(&p("tags", "env")).unwrap_err().field, "tags");
        assert_eq!(SecretListQuery::from_pairs(&p("limit", "101")).unwrap_err().field, "limit");
        assert_eq!(SecretListQuery::from_pairs(&p("name", "a<b")).unwrap_err().field, "name");
    }
}
