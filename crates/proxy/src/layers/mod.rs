//! What wraps every request, one tower layer each (put together in `App::new`, outermost
//! first):
//! - the request id: kept from the client (or a load balancer) or made up, sent to the
//!   upstream, and on every answer (an upstream's own id wins);
//! - one log line per request, through `tracing` ([`log_request`]);
//! - security headers: the console's Content-Security-Policy on pages, the API's on JSON;
//! - CORS for the `--allow-origin` list only (exact match, credentials, never a wildcard);
//! - a request body must say its length ([`require_content_length`]): a chunked one, with or
//!   without a `Content-Length` beside it, is refused;
//! - the anti-forgery header on state-changing calls ([`require_console_header`]);
//! - the body limit, its 413 in the API's error shape ([`body_too_large_as_api_error`]).
//!
//! Which of these apply is read from `hilens_model::console::ROUTES`, the one list of the
//! proxy's own routes. The API's rate limit is `limits::api_rate_limit`. Each
//! behaviour is a plain function, made a layer by `kit`'s [`Check`] or [`Around`].

mod kit;

pub use kit::{Around, Check};

use std::path::Path;
use std::time::{Duration, Instant};

use axum::extract::Request;
use axum::http::{header, HeaderName, HeaderValue, Method};
use axum::response::Response;
use base64::Engine;
use hilens_emulator::random_hex;
use hilens_model::console::{is_proxy_path, ConsoleConfig, Route};
use hilens_model::error::ErrorCode;
use hilens_model::signing::hex_into;
use sha2::{Digest, Sha256};
use tower_http::cors::{AllowCredentials, AllowOrigin, CorsLayer};
use tower_http::request_id::{MakeRequestId, RequestId};

use crate::reply::{self, lang_of, X_REQUEST_ID};
use crate::session::SessionKey;
use crate::CONSOLE_HEADER;

/// The Content-Security-Policy of JSON answers (API calls, sign-in, config, health): they load
/// nothing, so only framing matters (what OWASP suggests for APIs).
pub const API_CSP: HeaderValue = HeaderValue::from_static("frame-ancestors 'none'");

/// The console's Content-Security-Policy: its own files, the hashes of the inline scripts
/// Trunk writes into index.html, the wasm, and API calls to the proxy (and the allowed
/// origins) only.
pub fn console_csp(dist: &Path, console: &ConsoleConfig, allow_origins: &[String]) -> HeaderValue {
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
    HeaderValue::from_str(&csp).unwrap_or(HeaderValue::from_static("default-src 'self'"))
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

/// The Content-Security-Policy by what answered: [`API_CSP`] on JSON (the API, sign-in,
/// config, health), `console` on the console's pages and files.
pub fn content_security_policy(
    console: HeaderValue,
) -> Around<impl Fn(&mut Request) -> bool + Clone, impl Fn(bool, Response) -> Response + Clone> {
    Around {
        before: |req: &mut Request| !is_proxy_path(req.uri().path()),
        after: move |page: bool, mut resp: Response| {
            let csp = if page { console.clone() } else { API_CSP };
            resp.headers_mut().insert(header::CONTENT_SECURITY_POLICY, csp);
            resp
        },
    }
}

/// The headers every answer carries, whatever it is.
pub const SECURITY_HEADERS: [(HeaderName, HeaderValue); 3] = [
    (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
    (header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")),
    (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
];

/// CORS for exactly `origins`: credentials allowed, the console's methods and headers, the
/// request id and `Retry-After` readable. With no origin listed, no CORS header is ever sent.
pub fn cors(origins: &[String]) -> CorsLayer {
    let origins: Vec<HeaderValue> = origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()).collect();
    let listed = origins.clone();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        // Credentials are said to be allowed to the listed origins only, not to every caller.
        .allow_credentials(AllowCredentials::predicate(move |origin, _| listed.contains(origin)))
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::PATCH, Method::DELETE])
        .allow_headers([header::CONTENT_TYPE, reply::X_LANGUAGE, HeaderName::from_static(CONSOLE_HEADER)])
        .expose_headers([X_REQUEST_ID, header::RETRY_AFTER])
        .max_age(Duration::from_secs(600))
}

/// Request ids the proxy makes up: this process's random 8 bytes and a count, in hex (32
/// digits). Unique without a system call per request; they name requests, they guard nothing.
#[derive(Clone, Copy)]
pub struct RandomRequestId;

impl MakeRequestId for RandomRequestId {
    fn make_request_id<B>(&mut self, _: &axum::http::Request<B>) -> Option<RequestId> {
        static PREFIX: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        static COUNT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let prefix = PREFIX.get_or_init(|| random_hex(8));
        let n = COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut id = [0u8; 32];
        id[..16].copy_from_slice(&prefix.as_bytes()[..16]);
        hex_into(&n.to_be_bytes(), &mut id[16..]);
        HeaderValue::from_bytes(&id).ok().map(RequestId::new)
    }
}

/// Refuses a request whose body is sent with `Transfer-Encoding` (411): the console's calls
/// always carry a `Content-Length`, and a request with both is how request smuggling starts
/// (something in front may have read it the other way). hyper lets `Transfer-Encoding` win
/// and drops the `Content-Length`, which RFC 9112 allows; refusing is what it recommends
/// against smuggling. The connection is closed after the answer.
pub fn require_content_length(req: &mut Request) -> Option<Response> {
    if !req.headers().contains_key(header::TRANSFER_ENCODING) {
        return None;
    }
    let mut resp = reply::error(ErrorCode::LengthRequired, lang_of(req.headers()), None);
    resp.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
    Some(resp)
}

/// Refuses a state-changing call to any of the proxy's own paths (the API, sign-in, the
/// portal: `hilens_model::console::is_proxy_path`) without the console's header: a plain
/// cross-site form cannot set it, and a cross-site script cannot without passing CORS.
///
/// A call with an API token (`Authorization: Bearer`) and no cookie needs no header: a browser
/// never adds that header on its own, so such a call cannot be forged across sites.
pub fn require_console_header(req: &mut Request) -> Option<Response> {
    let state_changing = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let by_token = !req.headers().contains_key(header::COOKIE) && crate::tokens::TokenKey::of_request(req).is_some();
    if state_changing && !by_token && is_proxy_path(req.uri().path()) && !req.headers().contains_key(CONSOLE_HEADER) {
        let mut refused = reply::error(ErrorCode::ForgedRequest, lang_of(req.headers()), None);
        refused.extensions_mut().insert(Forged);
        return Some(refused);
    }
    None
}

/// The headers a proxy in front uses to say who and where the caller is.
pub const FORWARDED_HEADERS: [HeaderName; 3] = [
    HeaderName::from_static("x-forwarded-for"),
    HeaderName::from_static("x-forwarded-user"),
    HeaderName::from_static("x-forwarded-groups"),
];

/// `--trusted-proxy`: a request carrying `X-Forwarded-*` headers is believed when it comes
/// from one of `trusted` (the client's address is then the last one in `X-Forwarded-For`
/// that is not a trusted proxy, and everything after this layer sees it as the caller's);
/// from anyone else it is refused (403, counted in the audit log like anti-forgery refusals).
pub fn forwarded_headers(
    trusted: std::sync::Arc<[ipnet::IpNet]>,
    audit: Option<std::sync::Arc<hilens_portal::audit::Audit>>,
) -> impl Fn(&mut Request) -> Option<Response> + Clone {
    move |req: &mut Request| {
        if !FORWARDED_HEADERS.iter().any(|h| req.headers().contains_key(h)) {
            return None;
        }
        let is_trusted = |ip: &std::net::IpAddr| trusted.iter().any(|net| net.contains(ip));
        let peer = reply::client_ip(req.extensions());
        if !peer.is_some_and(|p| is_trusted(&p)) {
            if let Some(log) = &audit {
                log.count_forged();
            }
            let detail = Some("X-Forwarded-* headers are taken from trusted proxies only");
            return Some(reply::error(ErrorCode::PermissionDenied, lang_of(req.headers()), detail));
        }
        let chain = req.headers().get_all(&FORWARDED_HEADERS[0]).iter().filter_map(|v| v.to_str().ok());
        let hops: Vec<std::net::IpAddr> =
            chain.flat_map(|v| v.split(',')).filter_map(|a| a.trim().parse().ok()).collect();
        if let Some(client) = hops.iter().rev().find(|ip| !is_trusted(ip)).or(hops.first()) {
            let port =
                req.extensions().get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map_or(0, |c| c.0.port());
            req.extensions_mut().insert(axum::extract::ConnectInfo(std::net::SocketAddr::new(*client, port)));
        }
        None
    }
}

/// Marks [`require_console_header`]'s refusals (the audit log counts them).
#[derive(Clone, Copy)]
pub struct Forged;

/// The caller's language, for [`body_too_large_as_api_error`].
pub fn language(req: &mut Request) -> hilens_model::error::Lang {
    lang_of(req.headers())
}

/// The body limit's own 413 (plain text) as the API's error, in the caller's language.
pub fn body_too_large_as_api_error(lang: hilens_model::error::Lang, resp: Response) -> Response {
    let is_json =
        resp.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if resp.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE && !is_json {
        return reply::error(ErrorCode::BodyTooLarge, lang, None);
    }
    resp
}

/// Which catalogue operation an API answer was for; `forward` puts it on the response for
/// the log line.
#[derive(Clone, Copy)]
pub struct Operation(pub hilens_model::OperationId);

/// Where request log lines go (the `tracing` target; `--log-level` can name it).
pub const REQUEST_LOG: &str = "hilens_proxy::request";

/// What the log line needs to know of a request before it is served.
pub struct Arrival {
    started: Instant,
    method: Method,
    route: &'static str,
    session: Option<crate::session::SessionTag>,
}

/// Notes a request's arrival for [`log_request`] (nothing when request lines are off).
pub fn arrival(req: &mut Request) -> Option<Arrival> {
    if !tracing::enabled!(target: REQUEST_LOG, tracing::Level::INFO) {
        return None;
    }
    Some(Arrival {
        started: Instant::now(),
        method: req.method().clone(),
        route: route_name(req.uri().path()),
        session: SessionKey::of_request(req).map(|k| k.tag()),
    })
}

/// One log event per request: method, operation (or route), status, latency, request id and
/// the session's one-way tag. Never a secret: no query string, no header value but the id.
pub fn log_request(arrival: Option<Arrival>, resp: Response) -> Response {
    let Some(a) = arrival else { return resp };
    let operation = resp.extensions().get::<Operation>().map_or(a.route, |op| op.0.name());
    let request_id = resp.headers().get(X_REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("");
    let latency_ms = (a.started.elapsed().as_micros() as f64 / 10.0).ceil() / 100.0;
    tracing::info!(
        target: REQUEST_LOG,
        method = a.method.as_str(),
        operation,
        status = resp.status().as_u16(),
        latency_ms,
        request_id,
        session = a.session.as_ref().map(|t| t.as_str()),
    );
    resp
}

/// Which route answers `path` (`hilens_model::console::ROUTES`; `unknown` for anything else
/// under the proxy's prefixes, `static` for the console's files and pages): the log's name for
/// requests that are not API operations (no path parameters, so nothing private).
pub fn route_name(path: &str) -> &'static str {
    match Route::of_path(path) {
        Some(route) => route.name,
        None if is_proxy_path(path) => "unknown",
        None => "static",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_found_and_external_ones_skipped() {
        let html = "<script type=\"module\">init()</script><script src=\"/a.js\"></script><p></p><script>x</script>";
        assert_eq!(inline_scripts(html), vec!["init()", "x"]);
    }

    #[test]
    fn routes_are_named_by_exact_path_and_the_rest_is_the_consoles_files() {
        for (path, name) in [
            ("/api", "api"),
            ("/api/", "api"),
            ("/api/v1/skill-market/skills", "api"),
            ("/apix", "static"),
            ("/auth/login", "login"),
            ("/auth/loginx", "unknown"),
            ("/config.json", "config"),
            ("/healthz", "healthz"),
            ("/auth/nothing", "unknown"),
            ("/portalx", "static"),
            ("/skills", "static"),
        ] {
            assert_eq!(route_name(path), name, "{path}");
        }
    }

    #[test]
    fn made_up_request_ids_are_hex_and_differ() {
        let req = axum::http::Request::new(());
        let a = RandomRequestId.make_request_id(&req).unwrap();
        let b = RandomRequestId.make_request_id(&req).unwrap();
        assert_eq!(a.header_value().len(), 32);
        assert_ne!(a.header_value(), b.header_value());
    }
}
