//! Talking to the proxy: one fetch helper that every operation goes through, and one error
//! type for every way a call can fail. One module per domain holds the typed operations.

pub mod activation;
pub mod alarms;
pub mod auth;
pub mod configmaps;
pub mod deployments;
pub mod firmware;
pub mod nodes;
pub mod orders;
pub mod secrets;
pub mod skills;
pub mod tags;
pub mod tasks;
pub mod workspaces;

use std::cell::{Cell, RefCell};

use gloo_net::http::{Request, RequestBuilder, Response};
use hilens_model::Lang;
use serde::de::DeserializeOwned;
use serde::Serialize;

thread_local! {
    static PROXY_BASE: RefCell<String> = const { RefCell::new(String::new()) };
    /// Calls in flight (a handful at a time, so a list).
    static IN_FLIGHT: RefCell<Vec<(u32, web_sys::AbortController)>> = const { RefCell::new(Vec::new()) };
    static NEXT_CALL: Cell<u32> = const { Cell::new(0) };
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

/// A call in flight, aborted when the view that waits for it goes away: calls made from a
/// resource's fetcher register with the resource's owner, whose clean-up (a new query, or the
/// view being removed) aborts the fetch. The call leaves the registry when it ends.
struct InFlight(u32);

impl Drop for InFlight {
    fn drop(&mut self) {
        take_call(self.0);
    }
}

fn take_call(id: u32) -> Option<web_sys::AbortController> {
    IN_FLIGHT.with(|m| {
        let mut calls = m.borrow_mut();
        let at = calls.iter().position(|(i, _)| *i == id)?;
        Some(calls.swap_remove(at).1)
    })
}

fn abort_call(id: u32) {
    if let Some(controller) = take_call(id) {
        controller.abort();
    }
}

/// Headers of every call (see [`with_headers`]) and its abort signal, registered with the
/// current owner's clean-up.
fn prepare(req: RequestBuilder) -> (RequestBuilder, InFlight) {
    let id = NEXT_CALL.with(|n| {
        let id = n.get();
        n.set(id.wrapping_add(1));
        id
    });
    let controller = web_sys::AbortController::new().ok();
    let req = with_headers(req).abort_signal(controller.as_ref().map(|c| c.signal()).as_ref());
    if let Some(c) = controller {
        IN_FLIGHT.with(|m| m.borrow_mut().push((id, c)));
        leptos::prelude::on_cleanup(move || abort_call(id));
    }
    (req, InFlight(id))
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

/// Sends the request; a non-2xx answer becomes the [`ApiError`].
async fn answer(req: Result<Request, gloo_net::Error>) -> Result<Response, ApiError> {
    let req = req.map_err(|e| ApiError::Network(e.to_string()))?;
    let resp = req.send().await.map_err(|e| ApiError::Network(e.to_string()))?;
    if resp.ok() {
        Ok(resp)
    } else {
        Err(failure(resp).await)
    }
}

async fn send<T: DeserializeOwned>(req: Result<Request, gloo_net::Error>) -> Result<T, ApiError> {
    answer(req).await?.json::<T>().await.map_err(|e| ApiError::Network(e.to_string()))
}

pub async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let (req, _in_flight) = prepare(Request::get(&url(path)));
    send(req.build()).await
}

pub async fn post_json<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    let (req, _in_flight) = prepare(Request::post(&url(path)));
    send(req.json(body)).await
}

/// A request for catalogue operation `name`: its method and path from the catalogue, the query
/// pairs, extra headers (`X-Expired-Time`), and a JSON body when there is one.
fn operation_request<B: Serialize>(
    name: &str,
    params: &[(&str, &str)],
    query: &[(&str, String)],
    body: Option<&B>,
    headers: &[(&str, String)],
) -> (Result<Request, gloo_net::Error>, InFlight) {
    let method = match hilens_model::Operation::by_name(name).map(|o| o.method) {
        Some(hilens_model::Method::Post) => gloo_net::http::Method::POST,
        Some(hilens_model::Method::Put) => gloo_net::http::Method::PUT,
        Some(hilens_model::Method::Patch) => gloo_net::http::Method::PATCH,
        Some(hilens_model::Method::Delete) => gloo_net::http::Method::DELETE,
        _ => gloo_net::http::Method::GET,
    };
    let path = operation_path(name, params, &hilens_model::query::build_query(query));
    let (mut req, guard) = prepare(RequestBuilder::new(&url(&path)).method(method));
    for (k, v) in headers {
        req = req.header(k, v);
    }
    let built = match body {
        Some(b) => req.json(b),
        None => req.build(),
    };
    (built, guard)
}

/// Calls catalogue operation `name` and reads its JSON answer.
pub async fn call<B: Serialize, T: DeserializeOwned>(
    name: &str,
    params: &[(&str, &str)],
    query: &[(&str, String)],
    body: Option<&B>,
    headers: &[(&str, String)],
) -> Result<T, ApiError> {
    let (req, _in_flight) = operation_request(name, params, query, body, headers);
    send(req).await
}

/// Calls catalogue operation `name` whose answer carries nothing to read (`{}`).
pub async fn call_empty<B: Serialize>(
    name: &str,
    params: &[(&str, &str)],
    query: &[(&str, String)],
    body: Option<&B>,
    headers: &[(&str, String)],
) -> Result<(), ApiError> {
    let (req, _in_flight) = operation_request(name, params, query, body, headers);
    answer(req).await.map(|_| ())
}

/// A POST without a body whose answer has no body worth reading.
pub async fn post_empty(path: &str) -> Result<(), ApiError> {
    let (req, _in_flight) = prepare(Request::post(&url(path)));
    answer(req.build()).await.map(|_| ())
}
