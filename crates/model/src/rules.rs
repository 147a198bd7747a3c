//! The building blocks of the documented field rules. Each returns a [`FieldError`] that names
//! the field and says the rule in Chinese and English; the domain modules combine them.

use crate::error::FieldError;

/// What a rule asks of a value, in both languages, for a form to show before the user breaks
/// it (the limits come from the same constants the rule checks).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub zh: String,
    pub en: String,
}

impl Hint {
    /// "1–64 characters".
    pub fn length((min, max): (usize, usize)) -> Hint {
        if min == 0 {
            return Hint { zh: format!("最多 {max} 个字符"), en: format!("at most {max} characters") };
        }
        Hint { zh: format!("{min}–{max} 个字符"), en: format!("{min}–{max} characters") }
    }

    /// This hint, then what else the rule asks.
    pub fn then(self, zh: &str, en: &str) -> Hint {
        Hint { zh: format!("{}；{zh}", self.zh), en: format!("{}; {en}", self.en) }
    }

    pub fn text(&self, lang: crate::Lang) -> &str {
        match lang {
            crate::Lang::Zh => &self.zh,
            crate::Lang::En => &self.en,
        }
    }
}

/// The characters of a name of Chinese characters, letters, digits, `_` and `-`.
pub const CHINESE_ETC: (&str, &str) = (
    "只能包含中文、英文字母、数字、下划线和中划线",
    "may contain only Chinese characters, letters, digits, '_' and '-'",
);

/// A description's limit.
pub const DESCRIPTION_LEN: (usize, usize) = (0, 255);

/// What a description may hold.
pub fn description_hint() -> Hint {
    let shown: String = DESCRIPTION_FORBIDDEN.chars().flat_map(|c| [c, ' ']).collect();
    let shown = shown.trim_end();
    Hint::length(DESCRIPTION_LEN).then(&format!("不能包含 {shown}"), &format!("none of {shown}"))
}

/// An integer within `min..=max`, parsed from text (query strings arrive as text).
pub fn int_in_range(field: &str, raw: &str, min: i64, max: i64) -> Result<i64, FieldError> {
    let out_of_range = || {
        FieldError::new(
            field,
            "range",
            format!("必须是 {min} 到 {max} 之间的整数"),
            format!("must be an integer from {min} to {max}"),
        )
    };
    let value: i64 = raw.trim().parse().map_err(|_| out_of_range())?;
    if value < min || value > max {
        return Err(out_of_range());
    }
    Ok(value)
}

/// A value from a fixed list.
pub fn one_of<'a>(field: &str, value: &str, allowed: &[&'a str]) -> Result<&'a str, FieldError> {
    allowed.iter().copied().find(|a| *a == value).ok_or_else(|| {
        let list = allowed.join(", ");
        FieldError::new(field, "enum", format!("取值必须是以下之一：{list}"), format!("must be one of: {list}"))
    })
}

/// Length in characters (not bytes) within `min..=max`.
pub fn length(field: &str, value: &str, min: usize, max: usize) -> Result<(), FieldError> {
    let n = value.chars().count();
    if n < min || n > max {
        return Err(FieldError::new(
            field,
            "length",
            format!("长度必须在 {min} 到 {max} 个字符之间"),
            format!("must be {min} to {max} characters long"),
        ));
    }
    Ok(())
}

/// A Chinese character of the range the API's patterns use (`\u4e00-\u9fa5`).
pub fn is_chinese(c: char) -> bool {
    ('\u{4e00}'..='\u{9fa5}').contains(&c)
}

/// Every character is a Chinese character, an ASCII letter or digit, `_` or `-`.
pub fn chinese_letters_digits_underscore_hyphen(field: &str, value: &str) -> Result<(), FieldError> {
    if value.chars().all(|c| is_chinese(c) || c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        Ok(())
    } else {
        Err(FieldError::new(field, "charset", CHINESE_ETC.0, CHINESE_ETC.1))
    }
}

/// None of the characters in `forbidden` appears.
pub fn none_of(field: &str, value: &str, forbidden: &str) -> Result<(), FieldError> {
    if value.chars().any(|c| forbidden.contains(c)) {
        let shown: String = forbidden.chars().flat_map(|c| [c, ' ']).collect();
        return Err(FieldError::new(
            field,
            "forbidden_characters",
            format!("不能包含以下字符：{}", shown.trim_end()),
            format!("must not contain any of: {}", shown.trim_end()),
        ));
    }
    Ok(())
}

/// Characters no description may contain.
pub const DESCRIPTION_FORBIDDEN: &str = "^~#$%&*<>()[]{}'\"\\";

/// A description: at most 255 characters, none of `^ ~ # $ % & * < > ( ) [ ] { } ' " \`.
pub fn description(field: &str, value: &str) -> Result<(), FieldError> {
    length(field, value, DESCRIPTION_LEN.0, DESCRIPTION_LEN.1)?;
    none_of(field, value, DESCRIPTION_FORBIDDEN)
}

/// A list written as one string, items separated by spaces or commas (`"1 2 3"`).
pub fn split_list(value: &str) -> Vec<&str> {
    value.split([' ', ',']).filter(|s| !s.is_empty()).collect()
}

/// At most `max` items.
pub fn max_items(field: &str, count: usize, max: usize) -> Result<(), FieldError> {
    if count > max {
        return Err(FieldError::new(
            field,
            "max_items",
            format!("最多 {max} 项"),
            format!("must have at most {max} items"),
        ));
    }
    Ok(())
}

/// The `X-Expired-Time` header (minutes an offline device may keep running the change): 1 to
/// 86400 when given.
pub fn expired_time(raw: Option<&str>) -> Result<Option<i64>, FieldError> {
    raw.map(|v| int_in_range("X-Expired-Time", v, 1, 86_400)).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int_in_range_accepts_bounds_and_refuses_outside_and_garbage() {
        assert_eq!(int_in_range("limit", "1", 1, 100), Ok(1));
        assert_eq!(int_in_range("limit", "100", 1, 100), Ok(100));
        for bad in ["0", "101", "-1", "abc", "", "1.5"] {
            let err = int_in_range("limit", bad, 1, 100).unwrap_err();
            assert_eq!((err.field.as_str(), err.rule), ("limit", "range"), "{bad}");
            assert!(err.en.contains("1 to 100"));
        }
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        assert!(length("n", &"行".repeat(60), 1, 60).is_ok());
        assert!(length("n", &"行".repeat(61), 1, 60).is_err());
        assert!(length("n", "", 1, 60).is_err());
    }

    #[test]
    fn charset_and_forbidden_characters() {
        assert!(chinese_letters_digits_underscore_hyphen("n", "行人_detect-1").is_ok());
        assert!(chinese_letters_digits_underscore_hyphen("n", "a b").is_err());
        assert!(none_of("d", "HiLens_Kit", "#~^$%&*<>{}[]\"").is_ok());
        assert!(none_of("d", "a<b", "#~^$%&*<>{}[]\"").is_err());
        assert!(one_of("p", "Linux", &["Linux", "Android"]).is_ok());
        assert!(one_of("p", "linux", &["Linux", "Android"]).is_err());
    }

    #[test]
    fn paging_and_expired_time() {
        use crate::common::PageQuery;
        use crate::query::Params;
        let p = |k: &str, v: &str| vec![(k.to_string(), v.to_string())];
        assert_eq!(PageQuery::from_pairs(&p("limit", "100")).unwrap().limit, Some(100));
        assert_eq!(PageQuery::from_pairs(&p("limit", "101")).unwrap_err().field, "limit");
        assert_eq!(PageQuery::from_pairs(&p("offset", "-1")).unwrap_err().field, "offset");
        assert_eq!(expired_time(Some("86400")), Ok(Some(86_400)));
        assert_eq!(expired_time(None), Ok(None));
        assert_eq!(expired_time(Some("0")).unwrap_err().field, "X-Expired-Time");
        assert_eq!(expired_time(Some("86401")).unwrap_err().field, "X-Expired-Time");
    }

    #[test]
    fn hints_say_the_limits_the_rules_check() {
        assert_eq!(Hint::length((1, 64)).en, "1–64 characters");
        assert!(description_hint().en.starts_with("at most 255 characters; none of ^ ~"));
        assert!(description("d", &"x".repeat(DESCRIPTION_LEN.1)).is_ok());
        assert!(description("d", &"x".repeat(DESCRIPTION_LEN.1 + 1)).is_err());
    }

    #[test]
    fn lists_split_on_spaces_and_commas() {
        assert_eq!(split_list(" 1 2,3  "), vec!["1", "2", "3"]);
        assert!(max_items("x", 3, 2).is_err());
        assert!(max_items("x", 2, 2).is_ok());
    }
}

/// Every broken rule of a request, in the order they were found, so a form can mark all its bad
/// fields at once; the API answers with the first ([`Violations::first`]).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Violations(Vec<FieldError>);

impl Violations {
    /// Records a rule's outcome; true when it held.
    pub fn check<T>(&mut self, outcome: Result<T, FieldError>) -> bool {
        match outcome {
            Ok(_) => true,
            Err(e) => {
                self.0.push(e);
                false
            }
        }
    }

    pub fn push(&mut self, e: FieldError) {
        self.0.push(e);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_vec(self) -> Vec<FieldError> {
        self.0
    }

    /// The first broken rule, as the API answers it (400 naming one field).
    pub fn first(self) -> Result<(), FieldError> {
        match self.0.into_iter().next() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}
