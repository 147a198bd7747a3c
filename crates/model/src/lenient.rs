//! Tolerant reading where the reference's own examples are loose (`"amount": "1"`,
//! `"privileged": "false"`): numbers and booleans may arrive as strings. Writing stays exact.

use serde::{Deserialize, Deserializer};

#[derive(Deserialize)]
#[serde(untagged)]
enum IntOrText {
    Int(i64),
    Text(String),
}

fn to_int<E: serde::de::Error>(v: IntOrText) -> Result<i64, E> {
    match v {
        IntOrText::Int(i) => Ok(i),
        IntOrText::Text(s) => s.trim().parse().map_err(|_| E::custom(format!("expected an integer, found {s:?}"))),
    }
}

/// An integer, or a string holding one.
pub fn int<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    to_int(IntOrText::deserialize(d)?)
}

/// An optional integer (null or absent is `None`), or a string holding one.
pub fn opt_int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    match Option::<IntOrText>::deserialize(d)? {
        None => Ok(None),
        Some(v) => to_int(v).map(Some),
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum BoolOrText {
    Bool(bool),
    Text(String),
}

/// A boolean, or `"true"`/`"false"`.
pub fn bool<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    match BoolOrText::deserialize(d)? {
        BoolOrText::Bool(b) => Ok(b),
        BoolOrText::Text(s) => match s.trim() {
            "true" => Ok(true),
            "false" => Ok(false),
            other => Err(serde::de::Error::custom(format!("expected true or false, found {other:?}"))),
        },
    }
}

/// An optional boolean (null or absent is `None`), or `"true"`/`"false"`.
pub fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    match Option::<BoolOrText>::deserialize(d)? {
        None => Ok(None),
        Some(BoolOrText::Bool(b)) => Ok(Some(b)),
        Some(BoolOrText::Text(s)) => match s.trim() {
            "true" => Ok(Some(true)),
            "false" => Ok(Some(false)),
            other => Err(serde::de::Error::custom(format!("expected true or false, found {other:?}"))),
        },
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum TextOrNumber {
    Text(String),
    Number(serde_json::Number),
}

/// An optional quantity written as text (`"cpu": "0.25"`), or as a bare number.
pub fn opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<TextOrNumber>::deserialize(d)?.map(|v| match v {
        TextOrNumber::Text(s) => s,
        TextOrNumber::Number(n) => n.to_string(),
    }))
}

#[cfg(test)]
mod tests {
    #[derive(serde::Deserialize)]
    struct T {
        #[serde(deserialize_with = "super::int")]
        n: i64,
        #[serde(default, deserialize_with = "super::opt_int")]
        o: Option<i64>,
        #[serde(deserialize_with = "super::bool")]
        b: bool,
    }

    #[test]
    fn numbers_and_booleans_as_text() {
        let t: T = serde_json::from_str(r#"{"n":"7","o":null,"b":"false"}"#).unwrap();
        assert_eq!((t.n, t.o, t.b), (7, None, false));
        let t: T = serde_json::from_str(r#"{"n":7,"o":"8","b":true}"#).unwrap();
        assert_eq!((t.n, t.o, t.b), (7, Some(8), true));
        assert!(serde_json::from_str::<T>(r#"{"n":"abc","b":true}"#).is_err());
        assert!(serde_json::from_str::<T>(r#"{"n":1,"b":"yes"}"#).is_err());
    }
}
