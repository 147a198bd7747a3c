//! Talking to the proxy: one fetch helper that every operation goes through, and one error
//! type for every way a call can fail. One module per domain holds the typed operations.

pub mod auth;
pub mod orders;
pub mod skills;
pub mod workspaces;

use std::cell::{Cell, RefCell};

use gloo_net::http::{Request, RequestBuilder, Response};
use hilens_model::Lang;
use serde::de::DeserializeOwned;
use serde::Serialize;

thread_local! {
    static PROXY_BASE: RefCell<String> = const { RefCell::new(String::new()) };
    static LANGUAGE: Cell<Lang> = const { Cell::new(Lang::Zh) };
}

/// Where the proxy is (from `/config.json`): "" for the console's own origin.
pub fn set_proxy_base(base: &str) {
    PROXY_BASE.with(|b| *b.borrow_mut() = base.trim_end_matches('/').to_string());
}

/// The language sent as `X-Language` with every call.
pub fn set_language(lang: Lang) {
    LANGUAGE.with(|l| l.set(lang));
}

pub fn url(path: &str) -> String {
    PROXY_BASE.with(|b| format!("{}{path}", b.borrow()))
}

/// The proxy path of catalogue operation `name` with its path parameters and query, so the
/// console's URLs come from the same catalogue the proxy and the emulator use.
pub fn operation_path(name: &str, params: &[(&str, &str)], query: &str) -> String {
    let path = match hilens_model::Operation::by_name(name) {
        Some(op) => op.build_path(params),
        // Only a misspelt name gets here; the proxy answers 404 for it, and tests catch it.
        None => format!("/unknown-operation/{name}"),
    };
    let api = hilens_model::console::API_PREFIX;
    if query.is_empty() {
        format!("{api}{path}")
    } else {
        format!("{api}{path}?{query}")
    }
}

/// Every way a call can fail, as the UI needs to tell them apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// The proxy could not be reached or answered something unreadable.
    Network(String),
    /// Not signed in (or the session expired): back to sign-in.
    Unauthorized { message: String },
    /// The API refused the call: a 4xx with the API's `error_code` and `error_msg`.
    Api { status: u16, code: String, message: String, request_id: Option<String> },
    /// The server failed (5xx).
    Server { status: u16, code: String, message: String, request_id: Option<String> },
}

impl ApiError {
    pub fn message(&self) -> &str {
        match self {
            ApiError::Network(m) => m,
            ApiError::Unauthorized { message } => message,
            ApiError::Api { message, .. } | ApiError::Server { message, .. } => message,
        }
    }
}

/// Headers of every call: the UI language, and the console's header, without which the proxy
/// refuses state-changing calls (a cross-site form cannot set it).
/// A proxy on another origin (a console on a static host) gets the session cookie too.
fn with_headers(req: RequestBuilder) -> RequestBuilder {
    let lang = LANGUAGE.with(|l| l.get());
    let cross_origin = PROXY_BASE.with(|b| !b.borrow().is_empty());
    let req = req
        .header("X-Language", lang.header_value())
        .header("Accept", "application/json")
        .header("X-HiLens-Console", "1");
    if cross_origin {
        req.credentials(web_sys::RequestCredentials::Include)
    } else {
        req
    }
}

/// Turns a non-2xx answer into an [`ApiError`], reading the API's error body when there is one.
async fn failure(resp: Response) -> ApiError {
    let status = resp.status();
    let request_id = resp.headers().get("x-request-id");
    let body: Option<hilens_model::ApiError> = resp.json().await.ok();
    let (code, message) = match body {
        Some(e) => (e.error_code, e.error_msg),
        None => (String::new(), format!("HTTP {status}")),
    };
    match status {
        401 => ApiError::Unauthorized { message },
        400..=499 => ApiError::Api { status, code, message, request_id },
        _ => ApiError::Server { status, code, message, request_id },
    }
}

async fn send<T: DeserializeOwned>(req: Result<Request, gloo_net::Error>) -> Result<T, ApiError> {
    let req = req.map_err(|e| ApiError::Network(e.to_string()))?;
    let resp = req.send().await.map_err(|e| ApiError::Network(e.to_string()))?;
    if !resp.ok() {
        return Err(failure(resp).await);
    }
    resp.json::<T>().await.map_err(|e| ApiError::Network(e.to_string()))
}

pub async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    send(with_headers(Request::get(&url(path))).build()).await
}

pub async fn post_json<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    send(with_headers(Request::post(&url(path))).json(body)).await
}

/// A request without a body whose answer has no body worth reading.
async fn send_empty(req: RequestBuilder) -> Result<(), ApiError> {
    let resp = with_headers(req).send().await.map_err(|e| ApiError::Network(e.to_string()))?;
    if resp.ok() {
        Ok(())
    } else {
        Err(failure(resp).await)
    }
}

pub async fn post_empty(path: &str) -> Result<(), ApiError> {
    send_empty(Request::post(&url(path))).await
}

pub async fn put_empty(path: &str) -> Result<(), ApiError> {
    send_empty(Request::put(&url(path))).await
}
