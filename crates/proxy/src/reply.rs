//! The proxy's own answers, in the API's error shape so the console reads every error alike.

use axum::http::{HeaderMap, StatusCode};
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

pub fn lang_of(headers: &HeaderMap) -> Lang {
    Lang::from_header(headers.get("x-language").and_then(|v| v.to_str().ok()))
}
