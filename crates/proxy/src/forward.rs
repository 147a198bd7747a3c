//! `/api/<path>`: forwards one catalogue operation to the upstream with the session's token.
//! Only what the catalogue knows is forwarded; only an allow-list of headers passes either way,
//! so nothing the browser sends can pose as credentials and no upstream secret comes back.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use hilens_model::error::ErrorCode;
use hilens_model::{match_operation, Method};

use crate::reply::{self, lang_of};
use crate::Proxy;

/// The API gateway's limit on request bodies.
const MAX_BODY_BYTES: usize = 12 * 1024 * 1024;
/// Request headers the upstream may see from the browser.
const FORWARDED_REQUEST_HEADERS: &[HeaderName] = &[header::CONTENT_TYPE, header::ACCEPT];
/// Response headers the browser may see from the upstream.
const RETURNED_RESPONSE_HEADERS: &[&str] = &["content-type", "x-request-id"];

pub async fn forward(State(proxy): State<Arc<Proxy>>, req: Request) -> Response {
    let lang = lang_of(req.headers());
    let Some((token, _)) = proxy.sessions.get(req.headers()) else {
        return reply::error(ErrorCode::NotSignedIn, lang, None);
    };
    let path = req.uri().path().strip_prefix(hilens_model::console::API_PREFIX).unwrap_or_default();
    let matched = Method::parse(req.method().as_str()).and_then(|m| match_operation(m, path));
    if matched.is_none() {
        return reply::error(ErrorCode::NoSuchOperation, lang, None);
    }
    let path_and_query = match req.uri().query() {
        Some(q) => format!("{path}?{q}"),
        None => path.to_string(),
    };

    let mut upstream = Request::builder().method(req.method().clone()).uri(path_and_query);
    for name in FORWARDED_REQUEST_HEADERS {
        if let Some(v) = req.headers().get(name) {
            upstream = upstream.header(name, v);
        }
    }
    upstream = upstream.header("x-language", lang.header_value()).header("x-auth-token", token);
    let Ok(body) = axum::body::to_bytes(req.into_body(), MAX_BODY_BYTES).await else {
        let mut resp = reply::error(ErrorCode::InvalidParameter, lang, Some("the body exceeds 12 MB"));
        *resp.status_mut() = StatusCode::PAYLOAD_TOO_LARGE;
        return resp;
    };
    let Ok(upstream) = upstream.body(Body::from(body)) else {
        return reply::error(ErrorCode::NoSuchOperation, lang, None);
    };

    let answer = proxy.config.upstream.send(upstream).await;
    let mut resp = Response::builder().status(answer.status());
    for name in RETURNED_RESPONSE_HEADERS {
        if let Some(v) = answer.headers().get(*name) {
            resp = resp.header(*name, v);
        }
    }
    resp = resp.header(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp.body(answer.into_body()).unwrap_or_else(|_| reply::error(ErrorCode::BadGateway, lang, None))
}
