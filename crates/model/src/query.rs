//! Percent-encoding and query strings, small enough for the wasm bundle, and the one mechanism
//! every operation's query type reads and writes its parameters with ([`query_type!`]): the
//! console writes a typed query as pairs, the emulator reads the same pairs back with every
//! documented rule, and both use one declaration per type.

use crate::error::FieldError;
use crate::rules;
use crate::tags::Tag;

/// Percent-encodes everything except the unreserved characters `A-Z a-z 0-9 - _ . ~`.
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes (and `+` as a space when `plus_is_space`, as in query strings).
/// Returns `None` for a malformed escape or bytes that are not UTF-8.
pub fn decode_component(s: &str, plus_is_space: bool) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes.get(i + 1..i + 3)?;
                let hex = std::str::from_utf8(hex).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// Splits a raw query string (`a=1&b=x%20y`) into decoded pairs, in order. Pairs that do not
/// decode are kept as an error so the caller can name them.
pub fn parse_query(raw: &str) -> Result<Vec<(String, String)>, String> {
    let mut pairs = Vec::new();
    for part in raw.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = part.split_once('=').unwrap_or((part, ""));
        let key = decode_component(k, true).ok_or_else(|| k.to_string())?;
        let value = decode_component(v, true).ok_or_else(|| key.clone())?;
        pairs.push((key, value));
    }
    Ok(pairs)
}

/// Joins pairs into a query string (without the leading `?`).
pub fn build_query<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode_component(k.as_ref()), encode_component(v.as_ref())))
        .collect::<Vec<_>>()
        .join("&")
}

/// A query type of an operation: read from decoded pairs with its rules, written back as pairs.
/// Implemented by [`query_type!`].
pub trait Params: Default {
    /// The parameters' wire names, in declaration order.
    const KEYS: &'static [&'static str];

    /// Reads one parameter; names the type does not have are ignored, as the cloud does.
    fn read(&mut self, key: &str, raw: &str) -> Result<(), FieldError>;
    /// The parameters that are set, in declaration order (the reference's).
    fn write(&self, out: &mut Vec<(&'static str, String)>);
    /// Rules across parameters, run once all are read.
    fn check(&self) -> Result<(), FieldError> {
        Ok(())
    }

    /// Reads decoded query pairs and checks every documented rule; empty values count as
    /// absent. The first broken rule is returned.
    fn from_pairs(pairs: &[(String, String)]) -> Result<Self, FieldError> {
        let mut q = Self::default();
        for (key, value) in pairs.iter().filter(|(_, v)| !v.is_empty()) {
            q.read(key, value)?;
        }
        q.check()?;
        Ok(q)
    }

    /// The pairs to send, leaving out what is unset.
    fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        self.write(&mut out);
        out
    }

    /// The encoded query string (without `?`).
    fn to_query_string(&self) -> String {
        build_query(&self.to_pairs())
    }
}

/// No query at all (operations without query parameters).
impl Params for () {
    const KEYS: &'static [&'static str] = &[];

    fn read(&mut self, _: &str, _: &str) -> Result<(), FieldError> {
        Ok(())
    }
    fn write(&self, _: &mut Vec<(&'static str, String)>) {}
}

/// How one parameter's text becomes a value (with its rule) and back.
pub trait Codec {
    type Value;
    fn read(&self, field: &'static str, raw: &str) -> Result<Self::Value, FieldError>;
    fn write(&self, value: &Self::Value) -> String;
}

/// Where a parameter's value is kept in its query type.
pub trait Slot<V> {
    fn put(&mut self, value: V);
    /// The value to write, if set.
    fn get(&self) -> Option<&V>;
}

impl<V> Slot<V> for Option<V> {
    fn put(&mut self, value: V) {
        *self = Some(value);
    }
    fn get(&self) -> Option<&V> {
        self.as_ref()
    }
}

/// A required text (an empty one is unset).
impl Slot<String> for String {
    fn put(&mut self, value: String) {
        *self = value;
    }
    fn get(&self) -> Option<&String> {
        (!self.is_empty()).then_some(self)
    }
}

/// A list of tags (an empty one is unset).
impl Slot<Vec<Tag>> for Vec<Tag> {
    fn put(&mut self, value: Vec<Tag>) {
        *self = value;
    }
    fn get(&self) -> Option<&Vec<Tag>> {
        (!self.is_empty()).then_some(self)
    }
}

/// Text checked by a rule that names the field.
pub struct Text(pub fn(&'static str, &str) -> Result<(), FieldError>);

impl Codec for Text {
    type Value = String;
    fn read(&self, field: &'static str, raw: &str) -> Result<String, FieldError> {
        (self.0)(field, raw)?;
        Ok(raw.to_string())
    }
    fn write(&self, value: &String) -> String {
        value.clone()
    }
}

/// One of a fixed set of values.
pub struct OneOf(pub &'static [&'static str]);

impl Codec for OneOf {
    type Value = String;
    fn read(&self, field: &'static str, raw: &str) -> Result<String, FieldError> {
        Ok(rules::one_of(field, raw, self.0)?.to_string())
    }
    fn write(&self, value: &String) -> String {
        value.clone()
    }
}

/// A whole number from `.0` to `.1`.
pub struct Int(pub u32, pub u32);

impl Codec for Int {
    type Value = u32;
    fn read(&self, field: &'static str, raw: &str) -> Result<u32, FieldError> {
        Ok(rules::int_in_range(field, raw, self.0.into(), self.1.into())? as u32)
    }
    fn write(&self, value: &u32) -> String {
        value.to_string()
    }
}

/// A small whole number (a code such as a status) from `.0` to `.1`.
pub struct Code(pub u8, pub u8);

impl Codec for Code {
    type Value = u8;
    fn read(&self, field: &'static str, raw: &str) -> Result<u8, FieldError> {
        Ok(rules::int_in_range(field, raw, self.0.into(), self.1.into())? as u8)
    }
    fn write(&self, value: &u8) -> String {
        value.to_string()
    }
}

/// `offset`: any whole number from 0.
pub const OFFSET: Int = Int(0, u32::MAX);

/// `limit`: 1 to the operation's maximum page size.
pub const fn limit(max: u32) -> Int {
    Int(1, max)
}

/// A list's order: a field and its direction, written `field:asc` or `field:desc` (config maps,
/// secrets and deployments sort by `name`, `created_at` or `updated_at`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sort {
    pub field: String,
    pub descending: bool,
}

/// The fields a list can be sorted by.
pub const SORT_FIELDS: &[&str] = &["name", "created_at", "updated_at"];

impl Sort {
    /// Reads `field[:asc|:desc]` with the API's rule.
    pub fn parse(value: &str) -> Result<Sort, FieldError> {
        let (field, order) = value.split_once(':').unwrap_or((value, "asc"));
        let bad = || {
            FieldError::new(
                "sort",
                "enum",
                "取值必须为 name、created_at 或 updated_at，可加 :asc 或 :desc",
                "must be name, created_at or updated_at, optionally with :asc or :desc",
            )
        };
        if !SORT_FIELDS.contains(&field) {
            return Err(bad());
        }
        let descending = match order {
            "asc" => false,
            "desc" => true,
            _ => return Err(bad()),
        };
        Ok(Sort { field: field.to_string(), descending })
    }

    /// The API's form: `name:asc`, `created_at:desc`.
    pub fn to_param(&self) -> String {
        format!("{}:{}", self.field, if self.descending { "desc" } else { "asc" })
    }
}

/// The `sort` parameter.
pub struct SortParam;

impl Codec for SortParam {
    type Value = Sort;
    fn read(&self, _: &'static str, raw: &str) -> Result<Sort, FieldError> {
        Sort::parse(raw)
    }
    fn write(&self, value: &Sort) -> String {
        value.to_param()
    }
}

/// Tags written `key.value,key.value` (devices, secrets).
pub struct DottedTags;

impl Codec for DottedTags {
    type Value = Vec<Tag>;
    fn read(&self, field: &'static str, raw: &str) -> Result<Vec<Tag>, FieldError> {
        crate::secrets::parse_dotted_tags(field, raw)
    }
    fn write(&self, tags: &Vec<Tag>) -> String {
        tags.iter().map(|t| format!("{}.{}", t.key, t.value)).collect::<Vec<_>>().join(",")
    }
}

/// Tags written `key=value,key=value` (config maps' `tag_key`).
pub struct EqualsTags;

impl Codec for EqualsTags {
    type Value = Vec<Tag>;
    fn read(&self, field: &'static str, raw: &str) -> Result<Vec<Tag>, FieldError> {
        let mut tags = Vec::new();
        for pair in raw.split(',').filter(|p| !p.is_empty()) {
            let (k, v) = pair
                .split_once('=')
                .ok_or_else(|| FieldError::new(field, "format", "格式必须为 key=value", "must be key=value pairs"))?;
            tags.push(Tag { key: k.to_string(), value: v.to_string() });
        }
        crate::tags::validate_tags(field, &tags)?;
        Ok(tags)
    }
    fn write(&self, tags: &Vec<Tag>) -> String {
        tags.iter().map(|t| format!("{}={}", t.key, t.value)).collect::<Vec<_>>().join(",")
    }
}

/// Declares an operation's query type: each parameter's wire name, its field, the field's type
/// (`Option<_>`, or a list / required text that is unset when empty) and its [`Codec`] (the
/// rule it is read with). Cross-parameter rules go in `check = path`.
#[macro_export]
macro_rules! query_type {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* $wire:literal => $field:ident: $fty:ty = $codec:expr, )*
        }
        $(check = $check:path;)?
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Eq)]
        pub struct $name {
            $( $(#[$fmeta])* pub $field: $fty, )*
        }

        impl $crate::query::Params for $name {
            const KEYS: &'static [&'static str] = &[$($wire),*];

            fn read(&mut self, key: &str, raw: &str) -> Result<(), $crate::error::FieldError> {
                match key {
                    $( $wire => $crate::query::Slot::put(&mut self.$field, $crate::query::Codec::read(&$codec, $wire, raw)?), )*
                    _ => {}
                }
                Ok(())
            }

            fn write(&self, out: &mut Vec<(&'static str, String)>) {
                $(
                    if let Some(v) = $crate::query::Slot::get(&self.$field) {
                        out.push(($wire, $crate::query::Codec::write(&$codec, v)));
                    }
                )*
            }

            $(
                fn check(&self) -> Result<(), $crate::error::FieldError> {
                    $check(self)
                }
            )?
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_of_unicode_and_reserved_characters() {
        let s = "行人 a/b?c=d&e+f%";
        assert_eq!(decode_component(&encode_component(s), false).as_deref(), Some(s));
    }

    #[test]
    fn malformed_escapes_are_refused() {
        assert_eq!(decode_component("%4", false), None);
        assert_eq!(decode_component("%zz", false), None);
        assert_eq!(decode_component("%ff", false), None);
    }

    #[test]
    fn query_pairs_decode_plus_as_space() {
        let pairs = parse_query("skill_name=a+b&limit=5&&x").unwrap();
        assert_eq!(
            pairs,
            vec![("skill_name".into(), "a b".into()), ("limit".into(), "5".into()), ("x".into(), "".into())]
        );
        assert_eq!(build_query(&[("skill_name", "a b")]), "skill_name=a%20b");
    }

    #[test]
    fn every_kind_of_parameter_round_trips_through_pairs() {
        use crate::configmaps::ConfigMapListQuery;
        use crate::nodes::NodeListQuery;
        let owned = |pairs: Vec<(&str, String)>| pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect::<Vec<_>>();
        let tags = vec![Tag { key: "site".into(), value: "north".into() }, Tag { key: "k".into(), value: "v".into() }];
        let nodes = NodeListQuery {
            limit: Some(20),
            offset: Some(40),
            name: Some("cam-1".into()),
            tags: tags.clone(),
            status: Some("RUNNING".into()),
            ..Default::default()
        };
        assert_eq!(NodeListQuery::from_pairs(&owned(nodes.to_pairs())).unwrap(), nodes);
        assert!(nodes.to_query_string().contains("tags=site.north%2Ck.v"));
        let maps = ConfigMapListQuery {
            sort: Some(Sort { field: "updated_at".into(), descending: true }),
            tags,
            ..Default::default()
        };
        assert_eq!(maps.to_query_string(), "sort=updated_at%3Adesc&tag_key=site%3Dnorth%2Ck%3Dv");
        assert_eq!(ConfigMapListQuery::from_pairs(&owned(maps.to_pairs())).unwrap(), maps);
    }
}
