//! `/api/<path>`: forwards one catalogue operation to the upstream with the caller's
//! credentials. Only what the catalogue knows is forwarded, only for the caller's own project,
//! and only an allow-list of headers passes either way, so nothing the browser sends can pose
//! as credentials and no upstream secret comes back. The portal (`crate::portal`) stands
//! between [`prepare`] and [`send`]: it decides whether the caller may make the call.

use std::sync::Arc;

use axum::body::{Bytes, HttpBody};
use axum::extract::Request;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use hilens_model::error::{ErrorCode, Lang};
use hilens_model::{match_operation, Method, OperationMatch};

use crate::auth::{store_unavailable, upstream_failure};
use crate::reply::{self, lang_of, X_LANGUAGE, X_REQUEST_ID};
use crate::session::{Session, SessionKey};
use crate::upstream::{Outgoing, Service};
use crate::Proxy;

/// The API gateway's limit on request bodies.
pub const MAX_BODY_BYTES: usize = 12 * 1024 * 1024;
/// Request headers the upstream may see from the browser (besides X-Language, set below).
const FORWARDED_REQUEST_HEADERS: &[HeaderName] = &[header::CONTENT_TYPE, header::ACCEPT];
/// Response headers the browser may see from the upstream.
pub(crate) const RETURNED_RESPONSE_HEADERS: [HeaderName; 2] = [header::CONTENT_TYPE, X_REQUEST_ID];
const USER_AGENT: &str = concat!("hilens-proxy/", env!("CARGO_PKG_VERSION"));
const X_AUTH_TOKEN: HeaderName = HeaderName::from_static("x-auth-token");

/// An API call ready to go: the caller's session, the catalogue operation it is, and the
/// request. [`prepare`] makes one, the portal decides whether it may go (and may narrow its
/// query or body), [`send`] sends it.
pub struct Call {
    pub session: Arc<Session>,
    pub session_key: Option<SessionKey>,
    pub op: OperationMatch,
    pub lang: Lang,
    head: Parts,
    /// The path and query to forward (the request's, without `/api`).
    path_and_query: String,
    pub body: Bytes,
}

impl Call {
    /// The query string as it will be forwarded.
    pub fn query(&self) -> Option<&str> {
        self.path_and_query.split_once('?').map(|(_, q)| q)
    }

    /// The path as forwarded (without `/api` and the query).
    pub fn path(&self) -> &str {
        self.path_and_query.split('?').next().unwrap_or_default()
    }

    /// A request header as text (absent when it is not text).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The caller's address (`unknown` without connection info).
    pub fn client_address(&self) -> String {
        reply::client_ip(&self.head.extensions).map_or_else(|| "unknown".into(), |ip| ip.to_string())
    }

    /// Forwards `query` instead of the request's.
    pub fn set_query(&mut self, query: &str) {
        let path = self.path_and_query.split('?').next().unwrap_or_default();
        self.path_and_query = format!("{path}?{query}");
    }
}

/// The caller's session, the operation of `/api/<path>` and the request's body: 401 without a
/// session, 404 for anything that is not a catalogue operation of the caller's own project.
pub async fn prepare(proxy: &Proxy, mut req: Request) -> Result<Call, Response> {
    let session = match crate::auth::caller(proxy, &mut req).await {
        Ok(Some(s)) => s,
        Ok(None) => return Err(reply::error(ErrorCode::NotSignedIn, lang_of(req.headers()), None)),
        Err(refused) => return Err(refused),
    };
    // A token's call has no session to end.
    let session_key = if session.api_token.is_some() { None } else { SessionKey::of_request(&mut req) };
    let (head, body) = req.into_parts();
    let lang = lang_of(&head.headers);
    let path = head.uri.path().strip_prefix(hilens_model::console::API_PREFIX).unwrap_or_default();
    let matched = Method::parse(head.method.as_str()).and_then(|m| match_operation(m, path));
    let Some(op) = matched else {
        return Err(reply::error(ErrorCode::NoSuchOperation, lang, None));
    };
    // A session works in its own project only; another project's path is not an operation
    // this caller has.
    if op.param("project_id").is_some_and(|p| p != session.info.project_id) {
        return Err(reply::error(ErrorCode::NoSuchOperation, lang, None));
    }
    let mut path_and_query = String::with_capacity(path.len() + head.uri.query().map_or(0, |q| q.len() + 1));
    path_and_query.push_str(path);
    if let Some(q) = head.uri.query() {
        path_and_query.push('?');
        path_and_query.push_str(q);
    }
    // Most calls are GETs without a body; hyper knows that, and reading nothing costs.
    let body: Bytes = if body.size_hint().exact() == Some(0) {
        Bytes::new()
    } else {
        // The body limit layer cuts a body at 12 MB; a body that is not well-framed HTTP
        // (a bad chunk) fails here too, and neither is forwarded.
        match axum::body::to_bytes(body, usize::MAX).await {
            Ok(b) => b,
            Err(e) if is_too_large(&e) => return Err(reply::error(ErrorCode::BodyTooLarge, lang, None)),
            Err(_) => {
                let detail = Some("the request body could not be read");
                return Err(reply::error(ErrorCode::InvalidParameter, lang, detail));
            }
        }
    };
    Ok(Call { session, session_key, op, lang, head, path_and_query, body })
}

/// Forwards `call` with the caller's credentials and returns the upstream's answer (with only
/// the headers the browser may see), or the proxy's own error.
pub async fn send(proxy: &Proxy, call: Call) -> Response {
    let Call { session, session_key, op: _, lang, head, path_and_query, body } = call;
    let mut headers: Vec<(HeaderName, HeaderValue)> = Vec::with_capacity(8);
    for name in FORWARDED_REQUEST_HEADERS {
        if let Some(v) = head.headers.get(name) {
            headers.push((name.clone(), v.clone()));
        }
    }
    if !headers.iter().any(|(n, _)| n == header::CONTENT_TYPE) {
        // The official SDK sends it on every request; the gateway expects it.
        headers.push((header::CONTENT_TYPE, HeaderValue::from_static("application/json")));
    }
    headers.push((X_LANGUAGE, HeaderValue::from_static(lang.header_value())));
    headers.push((header::USER_AGENT, HeaderValue::from_static(USER_AGENT)));
    // The request id (the client's, or the one the proxy made up) goes on to the upstream.
    if let Some(id) = head.headers.get(X_REQUEST_ID) {
        headers.push((X_REQUEST_ID, id.clone()));
    }
    let mut out = Outgoing { service: Service::HiLens, method: head.method.clone(), path_and_query, headers, body };
    if !with_credentials(proxy, &session, &mut out) {
        return reply::error(ErrorCode::NotSignedIn, lang, None);
    }
    let answer = match proxy.config.upstream.send(out).await {
        Ok(a) => a,
        Err(e) => return upstream_failure(e, lang),
    };
    if answer.status.is_redirection() {
        // The API never redirects; following one could leak credentials to another host, and
        // passing it on would send the browser there.
        return reply::error(ErrorCode::BadGateway, lang, Some("the upstream answered with a redirect"));
    }
    if answer.status == StatusCode::UNAUTHORIZED && session.token.is_some() {
        // The token is no longer accepted: end the session (for every replica) so the console
        // asks to sign in.
        if let Some(key) = &session_key {
            if proxy.sessions.remove(key).await.is_err() {
                return store_unavailable(lang);
            }
        }
        return reply::error(ErrorCode::NotSignedIn, lang, None);
    }
    let mut resp = Response::new(answer.body.into());
    *resp.status_mut() = answer.status;
    *resp.headers_mut() = returned_headers(answer.headers);
    resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

/// Adds the caller's credentials to `out`: their IAM token, or the service's signature;
/// `false` when there are none.
fn with_credentials(proxy: &Proxy, session: &Session, out: &mut Outgoing) -> bool {
    match (&session.token, &proxy.config.service_key) {
        (Some(token), _) => out.headers.push((X_AUTH_TOKEN, token.clone())),
        (None, Some(key)) => {
            let host = proxy.config.upstream.host(Service::HiLens).unwrap_or_default();
            key.sign(out, &host, hilens_emulator::clock::now_secs());
        }
        (None, None) => return false,
    }
    true
}

/// A read of `path_and_query` (an operation's) with the caller's credentials, for the
/// portal's lookups: the status and body, or `None` when the upstream gave no clear answer.
pub async fn read(proxy: &Proxy, session: &Session, path_and_query: String) -> Option<(StatusCode, Bytes)> {
    let headers = vec![
        (header::CONTENT_TYPE, HeaderValue::from_static("application/json")),
        (header::USER_AGENT, HeaderValue::from_static(USER_AGENT)),
    ];
    let mut out = Outgoing {
        service: Service::HiLens,
        method: axum::http::Method::GET,
        path_and_query,
        headers,
        body: Bytes::new(),
    };
    if !with_credentials(proxy, session, &mut out) {
        return None;
    }
    let answer = proxy.config.upstream.send(out).await.ok()?;
    Some((answer.status, answer.body))
}

/// Whether reading the body stopped at the body limit.
fn is_too_large(e: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = source {
        if s.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = s.source();
    }
    false
}

/// The upstream's answer headers that the browser may see. A remote upstream's map usually
/// holds only those already (and room for what the guard and hyper add), so it is kept.
fn returned_headers(mut answer: HeaderMap) -> HeaderMap {
    if answer.keys().all(|name| RETURNED_RESPONSE_HEADERS.contains(name)) {
        return answer;
    }
    let mut kept = HeaderMap::with_capacity(16);
    for name in RETURNED_RESPONSE_HEADERS {
        if let Some(v) = answer.remove(&name) {
            kept.insert(name, v);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_the_returned_headers_reach_the_browser() {
        use axum::http::{HeaderMap, HeaderValue};
        let mut answer = HeaderMap::new();
        answer.insert("content-type", HeaderValue::from_static("application/json"));
        answer.insert("x-subject-token", HeaderValue::from_static("secret"));
        answer.insert("set-cookie", HeaderValue::from_static("a=1"));
        let kept = super::returned_headers(answer);
        assert_eq!(kept.len(), 1);
        assert_eq!(kept["content-type"], "application/json");

        let mut answer = HeaderMap::new();
        answer.insert("x-request-id", HeaderValue::from_static("r1"));
        assert_eq!(super::returned_headers(answer.clone()), answer, "nothing to drop: the map as it was");
    }

    #[test]
    fn the_remote_client_keeps_every_answer_header_the_browser_is_given() {
        for name in super::RETURNED_RESPONSE_HEADERS {
            assert!(crate::upstream::ANSWER_HEADERS.contains(&name), "{name}");
        }
        let token = hilens_model::iam::SUBJECT_TOKEN_HEADER.to_ascii_lowercase();
        assert!(crate::upstream::ANSWER_HEADERS.iter().any(|h| h.as_str() == token), "IAM's token header is kept");
    }
}
