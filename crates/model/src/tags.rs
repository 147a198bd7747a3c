//! Tags as resources carry them: `{"key", "value"}`, at most 20; keys 1–36 letters, digits,
//! `.`, `-`, `_`; values 1–43 of the same or `/` (the secrets body's rule, the reference's most
//! detailed; its Tag tables say letters, digits, `-`, `_`: docs/choices.md).

use serde::{Deserialize, Serialize};

use crate::error::FieldError;
use crate::rules;

pub const MAX_TAGS: usize = 20;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

/// Letters, digits, `-` and `_` only.
pub fn letters_digits_hyphen_underscore(field: &str, value: &str) -> Result<(), FieldError> {
    if value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        Ok(())
    } else {
        Err(FieldError::new(
            field,
            "charset",
            "只能包含大小写字母、数字、中划线和下划线",
            "may contain only letters, digits, '-' and '_'",
        ))
    }
}

/// Letters, digits and the characters of `extra` only.
fn allowed(field: &str, value: &str, extra: &str) -> Result<(), FieldError> {
    if value.chars().all(|c| c.is_ascii_alphanumeric() || extra.contains(c)) {
        Ok(())
    } else {
        let shown: String = extra.chars().flat_map(|c| [' ', c]).collect();
        Err(FieldError::new(
            field,
            "charset",
            format!("只能包含字母、数字和{shown}"),
            format!("may contain only letters, digits and{shown}"),
        ))
    }
}

/// A tag key's and value's lengths, and the characters they may hold besides letters and digits.
pub const KEY_LEN: (usize, usize) = (1, 36);
pub const VALUE_LEN: (usize, usize) = (1, 43);
const KEY_EXTRA: &str = ".-_";
const VALUE_EXTRA: &str = ".-_/";

fn extra_hint(len: (usize, usize), extra: &str) -> rules::Hint {
    let shown: String = extra.chars().flat_map(|c| [' ', c]).collect();
    rules::Hint::length(len).then(&format!("字母、数字和{shown}"), &format!("letters, digits and{shown}"))
}

/// What a tag key asks.
pub fn key_hint() -> rules::Hint {
    extra_hint(KEY_LEN, KEY_EXTRA)
}

/// What a tag value asks.
pub fn value_hint() -> rules::Hint {
    extra_hint(VALUE_LEN, VALUE_EXTRA)
}

/// The tags of a resource at `field` (`configmap.tags`): count, lengths, characters, no
/// repeated key.
pub fn validate_tags(field: &str, tags: &[Tag]) -> Result<(), FieldError> {
    rules::max_items(field, tags.len(), MAX_TAGS)?;
    for (i, tag) in tags.iter().enumerate() {
        let key = format!("{field}[{i}].key");
        rules::length(&key, &tag.key, KEY_LEN.0, KEY_LEN.1)?;
        allowed(&key, &tag.key, KEY_EXTRA)?;
        let value = format!("{field}[{i}].value");
        rules::length(&value, &tag.value, VALUE_LEN.0, VALUE_LEN.1)?;
        allowed(&value, &tag.value, VALUE_EXTRA)?;
        if tags[..i].iter().any(|t| t.key == tag.key) {
            return Err(FieldError::new(key, "unique", "标签键重复", "repeats an earlier tag key"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(k: &str, v: &str) -> Tag {
        Tag { key: k.into(), value: v.into() }
    }

    #[test]
    fn tag_rules() {
        assert!(validate_tags("tags", &[tag("env", "prod"), tag("team_A-1.x", "a/b.c")]).is_ok());
        assert_eq!(validate_tags("tags", &[tag("a/b", "v")]).unwrap_err().field, "tags[0].key");
        assert_eq!(validate_tags("tags", &[tag("", "v")]).unwrap_err().field, "tags[0].key");
        assert_eq!(validate_tags("tags", &[tag(&"k".repeat(37), "v")]).unwrap_err().field, "tags[0].key");
        assert_eq!(validate_tags("tags", &[tag("k", &"v".repeat(44))]).unwrap_err().field, "tags[0].value");
        assert_eq!(validate_tags("tags", &[tag("k", "a b")]).unwrap_err().rule, "charset");
        assert_eq!(validate_tags("tags", &[tag("k", "1"), tag("k", "2")]).unwrap_err().rule, "unique");
        let many: Vec<Tag> = (0..21).map(|i| tag(&format!("k{i}"), "v")).collect();
        assert_eq!(validate_tags("tags", &many).unwrap_err().rule, "max_items");
        assert!(validate_tags("tags", &many[..20]).is_ok());
    }
}

/// The resource types tags are kept on (reference 5.7: devices, deployments, config maps,
/// secrets), as the path's `resource_type` names them.
pub const RESOURCE_TYPES: &[&str] = &["node", "deployment", "configmap", "secret"];

/// `create_resource_tags`' body (`TagRequestDetail`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagRequestDetail {
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// A resource named in `batch_create_node_tags`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceRef {
    pub resource_type: String,
    pub resource_id: String,
}

/// `batch_create_node_tags`' body (`MultiResourcesMultiTags`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MultiResourcesMultiTags {
    #[serde(default)]
    pub resources: Vec<ResourceRef>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

impl MultiResourcesMultiTags {
    pub fn validate(&self) -> Result<(), FieldError> {
        rules::max_items("resources", self.resources.len(), 100)?;
        if self.resources.is_empty() {
            return Err(FieldError::new("resources", "required", "不能为空", "must name at least one resource"));
        }
        for (i, r) in self.resources.iter().enumerate() {
            rules::one_of(&format!("resources[{i}].resource_type"), &r.resource_type, RESOURCE_TYPES)?;
            rules::length(&format!("resources[{i}].resource_id"), &r.resource_id, 1, 64)?;
        }
        validate_tags("tags", &self.tags)
    }
}

/// One tag of one resource (`ResourceTagObject`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceTag {
    pub resource_id: String,
    pub key: String,
    pub value: String,
}

/// `list_resource_tags`' answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceTagList {
    #[serde(default)]
    pub tags: Vec<ResourceTag>,
}

/// `show_resource_tags`' answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagList {
    #[serde(default)]
    pub count: u64,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// `tags` with `added` merged in: a key already there takes the new value.
pub fn merge(tags: &[Tag], added: &[Tag]) -> Vec<Tag> {
    let mut out = tags.to_vec();
    for tag in added {
        match out.iter_mut().find(|t| t.key == tag.key) {
            Some(existing) => existing.value = tag.value.clone(),
            None => out.push(tag.clone()),
        }
    }
    out
}
