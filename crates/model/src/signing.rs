//! AK/SK request signing (SDK-HMAC-SHA256), exactly as the official SDKs do it
//! (shared/sdk/signing.md): the proxy signs with it, the emulator verifies with it.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::query::decode_component;

pub const ALGORITHM: &str = "SDK-HMAC-SHA256";
/// `X-Sdk-Content-Sha256` value for bodies that are neither JSON nor BSON.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// Percent-encodes all but `A-Z a-z 0-9 - _ . ~` (the signer's rule for path segments and
/// query keys and values).
fn encode(s: &str) -> String {
    crate::query::encode_component(s)
}

/// Lower-case hex of `bytes` (digests, random ids).
pub fn hex(bytes: &[u8]) -> String {
    let mut out = vec![0u8; bytes.len() * 2];
    hex_into(bytes, &mut out);
    // Only ASCII digits and letters were written.
    String::from_utf8(out).unwrap_or_default()
}

/// Writes `bytes` in lowercase hex into the first `2 * bytes.len()` bytes of `out` (for
/// fixed-size buffers that need no allocation); stops where `out` ends.
pub fn hex_into(bytes: &[u8], out: &mut [u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for (b, pair) in bytes.iter().zip(out.chunks_exact_mut(2)) {
        pair[0] = DIGITS[usize::from(b >> 4)];
        pair[1] = DIGITS[usize::from(b & 0xf)];
    }
}

pub fn sha256_hex(data: &[u8]) -> String {
    hex(&Sha256::digest(data))
}

/// What a signature covers. `headers` are all headers of the request (names in any case),
/// `Host` included; `query` holds decoded pairs, lists already expanded.
pub struct SignedParts<'a> {
    pub method: &'a str,
    /// The path as sent on the wire (percent-encoded), without the query.
    pub path: &'a str,
    pub query: &'a [(String, String)],
    pub headers: &'a [(String, String)],
    pub body: &'a [u8],
}

/// The names a client signs: every header it set, lower-cased and sorted, except names with `_`.
pub fn signable_header_names(headers: &[(String, String)]) -> Vec<String> {
    let mut names: Vec<String> = headers
        .iter()
        .map(|(n, _)| n.to_ascii_lowercase())
        .filter(|n| !n.contains('_') && n != "authorization")
        .collect();
    names.sort();
    names.dedup();
    names
}

fn header_value<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

/// Canonical URI: decode the path, encode each segment, end with `/`.
fn canonical_uri(path: &str) -> String {
    let decoded = decode_component(path, false).unwrap_or_else(|| path.to_string());
    let mut out = decoded.split('/').map(encode).collect::<Vec<_>>().join("/");
    if !out.ends_with('/') {
        out.push('/');
    }
    out
}

fn canonical_query(query: &[(String, String)]) -> String {
    let mut pairs: Vec<(String, String)> = query.iter().map(|(k, v)| (encode(k), encode(v))).collect();
    pairs.sort();
    pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&")
}

/// The canonical request over `signed` header names (lower case, sorted).
pub fn canonical_request(parts: &SignedParts, signed: &[String]) -> String {
    let headers: String = signed
        .iter()
        .map(|name| format!("{name}:{}\n", header_value(parts.headers, name).unwrap_or("").trim()))
        .collect();
    let payload = match header_value(parts.headers, "x-sdk-content-sha256") {
        Some(v) => v.to_string(),
        None => sha256_hex(parts.body),
    };
    format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        parts.method.to_ascii_uppercase(),
        canonical_uri(parts.path),
        canonical_query(parts.query),
        headers,
        signed.join(";"),
        payload
    )
}

pub fn string_to_sign(sdk_date: &str, canonical_request: &str) -> String {
    format!("{ALGORITHM}\n{sdk_date}\n{}", sha256_hex(canonical_request.as_bytes()))
}

pub fn signature(sk: &str, string_to_sign: &str) -> String {
    // HMAC accepts keys of any length; this cannot fail.
    let mut mac = Hmac::<Sha256>::new_from_slice(sk.as_bytes()).expect("HMAC takes any key length");
    mac.update(string_to_sign.as_bytes());
    hex(&mac.finalize().into_bytes())
}

/// Signs `parts` (whose headers must already hold `X-Sdk-Date`, `Host` and any `X-Project-Id`)
/// and returns the `Authorization` header value.
pub fn authorization(ak: &str, sk: &str, parts: &SignedParts) -> String {
    let signed = signable_header_names(parts.headers);
    let date = header_value(parts.headers, "x-sdk-date").unwrap_or("");
    let sig = signature(sk, &string_to_sign(date, &canonical_request(parts, &signed)));
    format!("{ALGORITHM} Access={ak}, SignedHeaders={}, Signature={sig}", signed.join(";"))
}

/// The parts of an `Authorization` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization {
    pub access: String,
    pub signed_headers: Vec<String>,
    pub signature: String,
}

pub fn parse_authorization(value: &str) -> Option<Authorization> {
    let rest = value.trim().strip_prefix(ALGORITHM)?.trim_start();
    let (mut access, mut signed, mut sig) = (None, None, None);
    for field in rest.split(',') {
        let (k, v) = field.trim().split_once('=')?;
        match k {
            "Access" => access = Some(v.to_string()),
            "SignedHeaders" => signed = Some(v.split(';').map(|s| s.to_ascii_lowercase()).collect::<Vec<_>>()),
            "Signature" => sig = Some(v.to_ascii_lowercase()),
            _ => return None,
        }
    }
    Some(Authorization { access: access?, signed_headers: signed?, signature: sig? })
}

/// Whether `auth` is a valid signature of `parts` with `sk` (compared in constant time).
pub fn verify(sk: &str, auth: &Authorization, parts: &SignedParts) -> bool {
    let date = header_value(parts.headers, "x-sdk-date").unwrap_or("");
    let expected = signature(sk, &string_to_sign(date, &canonical_request(parts, &auth.signed_headers)));
    expected.len() == auth.signature.len()
        && expected.bytes().zip(auth.signature.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

pub use crate::time::{parse_sdk_date, sdk_date as format_sdk_date};
