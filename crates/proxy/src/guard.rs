//! What wraps every request, in one middleware: CORS for the configured origins only, the
//! anti-forgery header on state-changing calls, security headers on everything, and one JSON
//! log line per request (never a secret: no query string, no header values, a one-way session
//! tag).

use std::future::Future;
use std::path::Path;
use std::time::Instant;

use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use hilens_emulator::random_hex;
use hilens_model::console::ConsoleConfig;
use hilens_model::error::ErrorCode;
use sha2::{Digest, Sha256};

use crate::reply::{self, lang_of, X_REQUEST_ID};
use crate::session::SessionKey;
use crate::{Proxy, CONSOLE_HEADER};

const ALLOWED_METHODS: &str = "GET, POST, PUT, PATCH, DELETE";
const ALLOWED_HEADERS: &str = "content-type, x-language, x-hilens-console";
/// The Content-Security-Policy of JSON answers (API calls, sign-in, config, health).
const API_CSP: &str = "frame-ancestors 'none'";

/// The security headers, computed once from the built console.
pub struct SecurityHeaders {
    csp: HeaderValue,
}

impl SecurityHeaders {
    /// A Content-Security-Policy that allows the console's own files, the hashes of the inline
    /// scripts Trunk writes into index.html, the wasm, and API calls to the proxy only.
    pub fn for_console(dist: &Path, console: &ConsoleConfig, allow_origins: &[String]) -> SecurityHeaders {
        let index = std::fs::read_to_string(dist.join("index.html")).unwrap_or_default();
        let hashes: String = inline_scripts(&index)
            .iter()
            .map(|s| {
                format!(" 'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(Sha256::digest(s.as_bytes())))
            })
            .collect();
        let mut connect = String::from("'self'");
        for origin in std::iter::once(&console.proxy_base).chain(allow_origins).filter(|o| !o.is_empty()) {
            connect.push(' ');
            connect.push_str(origin);
        }
        let csp = format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; img-src 'self' data:; \
             connect-src {connect}; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
        );
        SecurityHeaders { csp: HeaderValue::from_str(&csp).unwrap_or(HeaderValue::from_static("default-src 'self'")) }
    }
}

/// The bodies of `<script>` elements without `src`.
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let Some(open_end) = rest[start..].find('>') else { break };
        let tag = &rest[start..start + open_end];
        let body_start = start + open_end + 1;
        let Some(close) = rest[body_start..].find("</script>") else { break };
        if !tag.contains("src=") {
            out.push(&rest[body_start..body_start + close]);
        }
        rest = &rest[body_start + close + "</script>".len()..];
    }
    out
}

/// What serving a request gave: the response and, for an API call, the catalogue
/// operation's name (for the log line).
pub type Served = (Response, Option<hilens_model::OperationId>);

/// Everything around a request, in one pass: the session's key (handed to `next`, and its tag
/// logged), CORS and the anti-forgery header, the security headers, an `X-Request-Id` on every
/// response and one JSON log line.
pub async fn around<F, Fut>(proxy: &Proxy, req: Request, next: F) -> Response
where
    F: FnOnce(Request, Option<SessionKey>) -> Fut,
    Fut: Future<Output = Served>,
{
    let started = Instant::now();
    let method = req.method().clone();
    let route = route_name(req.uri().path());
    let session = SessionKey::of(req.headers());
    let (mut resp, operation) = cors(proxy, req, |req| next(req, session)).await;
    let h = resp.headers_mut();
    // Pages get the console's policy; JSON answers the one OWASP suggests for APIs (they load
    // nothing, so only framing matters), which keeps every API answer ~230 bytes shorter.
    let csp = if route == "static" { proxy.security.csp.clone() } else { HeaderValue::from_static(API_CSP) };
    h.insert(header::CONTENT_SECURITY_POLICY, csp);
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    let generated;
    let request_id = match resp.headers().get(X_REQUEST_ID).and_then(|v| v.to_str().ok()) {
        Some(id) => id,
        None => {
            generated = random_hex(16);
            if let Ok(v) = HeaderValue::from_str(&generated) {
                resp.headers_mut().insert(X_REQUEST_ID, v);
            }
            &generated
        }
    };
    if proxy.config.log_requests {
        let ts = log_time();
        let tag = session.map(|key| key.tag());
        let line = LogLine {
            ts: &ts,
            method: method.as_str(),
            operation: operation.map_or(route, hilens_model::OperationId::name),
            status: resp.status().as_u16(),
            latency: started.elapsed(),
            request_id,
            session: tag.as_ref().map(|tag| tag.as_str()),
        };
        crate::log::line(|out| line.write_json(out));
    }
    resp
}

/// The log's time stamp for now: formatted once a second per thread, not once a request.
fn log_time() -> std::rc::Rc<str> {
    thread_local! {
        static LAST: std::cell::RefCell<(i64, std::rc::Rc<str>)> = std::cell::RefCell::new((i64::MIN, "".into()));
    }
    let now = hilens_emulator::clock::now_secs();
    LAST.with_borrow_mut(|(secs, text)| {
        if *secs != now {
            *secs = now;
            *text = hilens_emulator::clock::iso8601(now).into();
        }
        text.clone()
    })
}

/// One request's log line.
struct LogLine<'a> {
    ts: &'a str,
    method: &'a str,
    operation: &'a str,
    status: u16,
    latency: std::time::Duration,
    request_id: &'a str,
    session: Option<&'a str>,
}

impl LogLine<'_> {
    /// The line as one JSON object. Only the request id (an upstream's header) can hold
    /// characters that need escaping; the rest are digits, hex, catalogue names and an HTTP
    /// method token. Written by hand: it is done for every request.
    fn write_json(&self, out: &mut Vec<u8>) {
        let hundredths = self.latency.as_micros().div_ceil(10);
        let mut number = itoa::Buffer::new();
        let mut put = |piece: &str| out.extend_from_slice(piece.as_bytes());
        put(r#"{"ts":""#);
        put(self.ts);
        put(r#"","method":""#);
        put(self.method);
        put(r#"","operation":""#);
        put(self.operation);
        put(r#"","status":"#);
        put(number.format(self.status));
        put(r#","latency_ms":"#);
        put(number.format(hundredths / 100));
        put(if hundredths % 100 < 10 { ".0" } else { "." });
        put(number.format(hundredths % 100));
        put(r#","request_id":"#);
        let _ = serde_json::to_writer(&mut *out, self.request_id);
        match self.session {
            Some(tag) => {
                out.extend_from_slice(br#","session":""#);
                out.extend_from_slice(tag.as_bytes());
                out.extend_from_slice(br#""}"#);
            }
            None => out.extend_from_slice(br#","session":null}"#),
        }
    }
}

/// CORS for the `--allow-origin` list (exact match, credentials allowed, never a wildcard),
/// and the anti-forgery header on every state-changing call.
async fn cors<F, Fut>(proxy: &Proxy, req: Request, next: F) -> Served
where
    F: FnOnce(Request) -> Fut,
    Fut: Future<Output = Served>,
{
    let allowed = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        .filter(|o| proxy.config.allow_origins.iter().any(|a| a == o))
        .and_then(|o| HeaderValue::from_str(o).ok());
    let path = req.uri().path();
    let guarded = path.starts_with("/api") || path.starts_with("/auth/");

    if req.method() == Method::OPTIONS && req.headers().contains_key(header::ACCESS_CONTROL_REQUEST_METHOD) {
        let Some(origin) = allowed else {
            return (StatusCode::FORBIDDEN.into_response(), None);
        };
        let mut resp = StatusCode::NO_CONTENT.into_response();
        let h = resp.headers_mut();
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        h.insert(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, HeaderValue::from_static("true"));
        h.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static(ALLOWED_METHODS));
        h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static(ALLOWED_HEADERS));
        h.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
        h.insert(header::VARY, HeaderValue::from_static("Origin"));
        return (resp, None);
    }

    let state_changing = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let (mut resp, operation) = if guarded && state_changing && !req.headers().contains_key(CONSOLE_HEADER) {
        (reply::error(ErrorCode::ForgedRequest, lang_of(req.headers()), None), None)
    } else {
        next(req).await
    };
    if let Some(origin) = allowed {
        let h = resp.headers_mut();
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        h.insert(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, HeaderValue::from_static("true"));
        h.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static("x-request-id, retry-after"));
    }
    // The answer differs by Origin only where some origin is allowed.
    if guarded && !proxy.config.allow_origins.is_empty() {
        resp.headers_mut().append(header::VARY, HeaderValue::from_static("Origin"));
    }
    (resp, operation)
}

/// A name for requests that are not API operations (no path parameters, so nothing private).
fn route_name(path: &str) -> &'static str {
    match path {
        p if p.starts_with("/api") => "api",
        p if p.starts_with("/auth/login") => "login",
        p if p.starts_with("/auth/logout") => "logout",
        p if p.starts_with("/auth/session") => "session",
        "/config.json" => "config",
        "/healthz" => "healthz",
        "/readyz" => "readyz",
        _ => "static",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_lines_are_json_with_the_request_id_escaped() {
        let line = LogLine {
            ts: "2026-11-28T04:00:00Z",
            method: "GET",
            operation: "show_skill_list",
            status: 200,
            latency: std::time::Duration::from_micros(1234),
            request_id: "a\"b\\c\n",
            session: Some("0123456789ab"),
        };
        let mut out = Vec::new();
        line.write_json(&mut out);
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["request_id"], "a\"b\\c\n");
        assert_eq!((v["status"].as_u64(), v["latency_ms"].as_f64()), (Some(200), Some(1.24)));
        assert_eq!((v["operation"].as_str(), v["session"].as_str()), (Some("show_skill_list"), Some("0123456789ab")));
        let mut out = Vec::new();
        LogLine { session: None, latency: std::time::Duration::ZERO, ..line }.write_json(&mut out);
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert!(v["session"].is_null());
        assert_eq!(v["latency_ms"].as_f64(), Some(0.0));
    }

    #[test]
    fn inline_scripts_are_found_and_external_ones_skipped() {
        let html = "<script type=\"module\">init()</script><script src=\"/a.js\"></script><p></p><script>x</script>";
        assert_eq!(inline_scripts(html), vec!["init()", "x"]);
    }
}
