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
pub mod portal;
pub mod rollouts;
pub mod secrets;
pub mod skills;
pub mod tags;
pub mod tasks;
pub mod workspaces;

use std::cell::{Cell, RefCell};

use gloo_net::http::{Request, RequestBuilder, Response};
use hilens_model::query::Params;
use hilens_model::{Lang, Method, Operation, OperationId};
use serde::de::DeserializeOwned;
use serde::Serialize;

thread_local! {
    static PROXY_BASE: RefCell<String> = const { RefCell::new(String::new()) };
    /// Calls in flight (a handful at a time, so a list).
    static IN_FLIGHT: RefCell<Vec<(u32, web_sys::AbortController)>> = const { RefCell::new(Vec::new()) };
    static NEXT_CALL: Cell<u32> = const { Cell::new(0) };
    static LANGUAGE: Cell<Lang> = const { Cell::new(Lang::Zh) };
    static PROJECT: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Where the proxy is (from `/config.json`): "" for the console's own origin.
pub fn set_proxy_base(base: &str) {
    PROXY_BASE.with(|b| *b.borrow_mut() = base.trim_end_matches('/').to_string());
}

/// The language sent as `X-Language` with every call.
pub fn set_language(lang: Lang) {
    LANGUAGE.with(|l| l.set(lang));
}

/// The signed-in session's project, which fills every path's `{project_id}`
/// (`AppState::set_session` keeps it current).
pub fn set_project(project_id: Option<&str>) {
    PROJECT.with(|p| *p.borrow_mut() = project_id.unwrap_or_default().to_string());
}

pub fn url(path: &str) -> String {
    PROXY_BASE.with(|b| format!("{}{path}", b.borrow()))
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
    /// The field a rule error names (the API's `HIL.0100` answers say which), so a form can show
    /// it beside that field.
    pub fn field_path(&self) -> Option<&str> {
        match self {
            ApiError::Api { code, message, .. } if code == hilens_model::ErrorCode::InvalidParameter.code() => {
                hilens_model::FieldError::field_in(message)
            }
            _ => None,
        }
    }

    pub fn message(&self) -> &str {
        match self {
            ApiError::Network(m) => m,
            ApiError::Unauthorized { message } => message,
            ApiError::Api { message, .. } | ApiError::Server { message, .. } => message,
        }
    }

    /// The error as a person reads it, in the language the API answered in: a rule error by its
    /// rule alone (a form shows it beside the field, named by its label; never the API's path),
    /// the proxy's own messages as they are, and any other message of the cloud verbatim after
    /// a plain lead-in.
    pub fn plain(&self) -> String {
        let lang = LANGUAGE.with(Cell::get);
        let lead = |t: crate::i18n::Txt| t.text(lang);
        match self {
            ApiError::Api { code, message, .. } | ApiError::Server { code, message, .. }
                if !code.starts_with("CONSOLE.") =>
            {
                match self.field_path().and(hilens_model::FieldError::from_api_message(message)) {
                    Some(rule) => format!("{} {}", lead(crate::i18n::common::FieldRefused), rule.rule_text(lang)),
                    None => format!("{} {message}", lead(crate::i18n::common::CloudSaid)),
                }
            }
            other => other.message().to_string(),
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

/// Sends the request and reads its answer's JSON as `T`. Everything but the decoding is one
/// boxed future of one type, compiled once for every call rather than once per answer type
/// (about 0.5 KB of wasm less per answer type, measured on two of them).
async fn send<T: DeserializeOwned>(req: Result<Request, gloo_net::Error>) -> Result<T, ApiError> {
    let text: TextFuture = Box::pin(async move { body_text(answer(req).await?).await });
    decode(&text.await?)
}

type TextFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Result<String, ApiError>>>>;

async fn body_text(resp: Response) -> Result<String, ApiError> {
    resp.text().await.map_err(|e| ApiError::Network(e.to_string()))
}

fn decode<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    serde_json::from_str(text).map_err(|e| ApiError::Network(e.to_string()))
}

/// Reads an answer: its JSON as `T`, or the [`ApiError`] a non-2xx answer carries.
async fn read_answer<T: DeserializeOwned>(resp: Response) -> Result<T, ApiError> {
    let text: TextFuture = Box::pin(async move {
        if !resp.ok() {
            return Err(failure(resp).await);
        }
        body_text(resp).await
    });
    decode(&text.await?)
}

/// `GET` of one of the proxy's own paths (`/auth/session`).
pub async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let (req, _in_flight) = prepare(Request::get(&url(path)));
    send(req.build()).await
}

/// `POST` of a body to one of the proxy's own paths (`/auth/login`).
pub async fn post_json<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    let (req, _in_flight) = prepare(Request::post(&url(path)));
    send(req.json(body)).await
}

/// A POST without a body whose answer has no body worth reading.
pub async fn post_empty(path: &str) -> Result<(), ApiError> {
    let (req, _in_flight) = prepare(Request::post(&url(path)));
    answer(req.build()).await.map(|_| ())
}

/// `DELETE` of one of the proxy's own paths (`/auth/tokens/{id}`), whose answer has nothing
/// worth reading.
pub async fn delete_empty(path: &str) -> Result<(), ApiError> {
    let (req, _in_flight) = prepare(Request::delete(&url(path)));
    answer(req.build()).await.map(|_| ())
}

/// One call of a catalogue operation: its method and path template come from the catalogue,
/// `{project_id}` from the session, the rest from the typed arguments of the client function
/// (one per operation, in this folder's domain files).
pub struct Call {
    operation: &'static Operation,
    params: Vec<(&'static str, String)>,
    query: String,
    body: Option<Result<String, String>>,
    expired_minutes: Option<i64>,
}

impl Call {
    pub fn new(op: OperationId) -> Call {
        let project = PROJECT.with(|p| p.borrow().clone());
        Call {
            operation: Operation::get(op),
            params: vec![("project_id", project)],
            query: String::new(),
            body: None,
            expired_minutes: None,
        }
    }

    /// A path parameter of the template.
    pub fn param(mut self, name: &'static str, value: &str) -> Call {
        self.params.push((name, value.to_string()));
        self
    }

    /// The typed query, written by the model's one mechanism ([`Params`]).
    pub fn query(mut self, query: &impl Params) -> Call {
        self.query = query.to_query_string();
        self
    }

    /// The JSON body.
    pub fn body(mut self, body: &impl Serialize) -> Call {
        self.body = Some(serde_json::to_string(body).map_err(|e| e.to_string()));
        self
    }

    /// `X-Expired-Time`: how long an offline device may keep running the change, in minutes.
    pub fn expired_minutes(mut self, minutes: Option<i64>) -> Call {
        self.expired_minutes = minutes;
        self
    }

    fn request(self) -> (Result<Request, gloo_net::Error>, InFlight) {
        let method = match self.operation.method {
            Method::Get => gloo_net::http::Method::GET,
            Method::Post => gloo_net::http::Method::POST,
            Method::Put => gloo_net::http::Method::PUT,
            Method::Patch => gloo_net::http::Method::PATCH,
            Method::Delete => gloo_net::http::Method::DELETE,
        };
        let params: Vec<(&str, &str)> = self.params.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let mut path = format!("{}{}", hilens_model::console::API_PREFIX, self.operation.build_path(&params));
        if !self.query.is_empty() {
            path.push('?');
            path.push_str(&self.query);
        }
        let (mut req, guard) = prepare(RequestBuilder::new(&url(&path)).method(method));
        if let Some(minutes) = self.expired_minutes {
            req = req.header("X-Expired-Time", &minutes.to_string());
        }
        let built = match self.body {
            Some(Ok(json)) => req.header("Content-Type", "application/json").body(json),
            Some(Err(e)) => return (Err(gloo_net::Error::GlooError(e)), guard),
            None => req.build(),
        };
        (built, guard)
    }

    /// Sends the call and reads its JSON answer.
    pub async fn send<T: DeserializeOwned>(self) -> Result<T, ApiError> {
        let (req, _in_flight) = self.request();
        send(req).await
    }

    /// Sends a call whose answer carries nothing to read (`{}`).
    pub async fn send_empty(self) -> Result<(), ApiError> {
        let (req, _in_flight) = self.request();
        answer(req).await.map(|_| ())
    }
}
