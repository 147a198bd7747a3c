//! Percent-encoding and query strings, small enough for the wasm bundle. The console builds
//! URLs with these, the emulator and the proxy read them with the same code.

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
}
