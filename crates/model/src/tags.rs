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

/// The tags of a resource at `field` (`configmap.tags`): count, lengths, characters, no
/// repeated key.
pub fn validate_tags(field: &str, tags: &[Tag]) -> Result<(), FieldError> {
    rules::max_items(field, tags.len(), MAX_TAGS)?;
    for (i, tag) in tags.iter().enumerate() {
        let key = format!("{field}[{i}].key");
        rules::length(&key, &tag.key, 1, 36)?;
        allowed(&key, &tag.key, ".-_")?;
        let value = format!("{field}[{i}].value");
        rules::length(&value, &tag.value, 1, 43)?;
        allowed(&value, &tag.value, ".-_/")?;
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
