//! Tags as resources carry them: `{"key", "value"}`, at most 20, keys up to 36 and values up to
//! 43 characters of letters, digits, `-` and `_` (reference 5.4 Tag, 5.7).

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

/// The tags of a resource at `field` (`configmap.tags`): count, lengths, characters, no
/// repeated key.
pub fn validate_tags(field: &str, tags: &[Tag]) -> Result<(), FieldError> {
    rules::max_items(field, tags.len(), MAX_TAGS)?;
    for (i, tag) in tags.iter().enumerate() {
        let key = format!("{field}[{i}].key");
        rules::length(&key, &tag.key, 1, 36)?;
        letters_digits_hyphen_underscore(&key, &tag.key)?;
        let value = format!("{field}[{i}].value");
        rules::length(&value, &tag.value, 1, 43)?;
        letters_digits_hyphen_underscore(&value, &tag.value)?;
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
        assert!(validate_tags("tags", &[tag("env", "prod"), tag("team_A-1", "x")]).is_ok());
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
