//! The proxy's own answers, in the API's error shape so the console reads every error alike.

use axum::extract::ConnectInfo;
use std::net::IpAddr;

use axum::http::{Extensions, HeaderMap, HeaderName, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use hilens_model::error::{ApiError, ErrorCode, Lang};
use serde::Serialize;

pub fn json<T: Serialize>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => (status, [("content-type", "application/json")], body).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

pub fn error(code: ErrorCode, lang: Lang, detail: Option<&str>) -> Response {
    let status = StatusCode::from_u16(code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    json(status, &ApiError::new(code, lang, detail))
}

/// 429 with `Retry-After`.
pub fn too_many(lang: Lang, retry_after: u64) -> Response {
    let mut resp = error(ErrorCode::TooManyRequests, lang, None);
    if let Ok(v) = retry_after.to_string().parse() {
        resp.headers_mut().insert("retry-after", v);
    }
    resp
}

/// Header names the proxy looks up on every request (a constant saves parsing the name).
pub const X_LANGUAGE: HeaderName = HeaderName::from_static("x-language");
pub const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

pub fn lang_of(headers: &HeaderMap) -> Lang {
    Lang::from_header(headers.get(X_LANGUAGE).and_then(|v| v.to_str().ok()))
}

/// The client's address, when the server was started with connection info.
pub fn client_ip(extensions: &Extensions) -> Option<IpAddr> {
    extensions.get::<ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip())
}

/// [`client_ip`] as text (`unknown` without connection info).
pub fn client_addr<B>(req: &Request<B>) -> String {
    client_ip(req.extensions()).map_or_else(|| "unknown".into(), |ip| ip.to_string())
}
