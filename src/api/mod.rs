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
                    Some(rule) => format!("{} {}", lead(crate::i18n::T::FieldRefused), rule.rule_text(lang)),
                    None => format!("{} {message}", lead(crate::i18n::T::CloudSaid)),
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

/// Every operation and its client function: the match is exhaustive and names each function,
/// so an operation without a client function does not compile.
pub fn client_function(op: hilens_model::OperationId) -> &'static str {
    use hilens_model::OperationId as Op;
    match op {
        Op::AddDeploymentNodes => {
            let _ = deployments::add_deployment_nodes;
            "deployments::add_deployment_nodes"
        }
        Op::BatchCreateNodeTags => {
            let _ = tags::batch_create_node_tags;
            "tags::batch_create_node_tags"
        }
        Op::CreateConfigMap => {
            let _ = configmaps::create_config_map;
            "configmaps::create_config_map"
        }
        Op::CreateDeployment => {
            let _ = deployments::create_deployment;
            "deployments::create_deployment"
        }
        Op::CreateNode => {
            let _ = nodes::create_node;
            "nodes::create_node"
        }
        Op::CreateOrderForm => {
            let _ = orders::create_order_form;
            "orders::create_order_form"
        }
        Op::CreateResourceTags => {
            let _ = tags::create_resource_tags;
            "tags::create_resource_tags"
        }
        Op::CreateSecret => {
            let _ = secrets::create_secret;
            "secrets::create_secret"
        }
        Op::CreateTask => {
            let _ = tasks::create_task;
            "tasks::create_task"
        }
        Op::CreateWorkSpace => {
            let _ = workspaces::create_work_space;
            "workspaces::create_work_space"
        }
        Op::DeleteConfigMap => {
            let _ = configmaps::delete_config_map;
            "configmaps::delete_config_map"
        }
        Op::DeleteDeployment => {
            let _ = deployments::delete_deployment;
            "deployments::delete_deployment"
        }
        Op::DeleteNode => {
            let _ = nodes::delete_node;
            "nodes::delete_node"
        }
        Op::DeletePod => {
            let _ = deployments::delete_pod;
            "deployments::delete_pod"
        }
        Op::DeleteResourceTag => {
            let _ = tags::delete_resource_tag;
            "tags::delete_resource_tag"
        }
        Op::DeleteSecret => {
            let _ = secrets::delete_secret;
            "secrets::delete_secret"
        }
        Op::DeleteTask => {
            let _ = tasks::delete_task;
            "tasks::delete_task"
        }
        Op::DeleteWorkSpace => {
            let _ = workspaces::delete_work_space;
            "workspaces::delete_work_space"
        }
        Op::FreezeNode => {
            let _ = activation::freeze_node;
            "activation::freeze_node"
        }
        Op::ListConfigMaps => {
            let _ = configmaps::list_config_maps;
            "configmaps::list_config_maps"
        }
        Op::ListDeviceAlarms => {
            let _ = alarms::list_device_alarms;
            "alarms::list_device_alarms"
        }
        Op::ListDevices => {
            let _ = nodes::list_devices;
            "nodes::list_devices"
        }
        Op::ListFirmwares => {
            let _ = firmware::list_firmwares;
            "firmware::list_firmwares"
        }
        Op::ListPlatformManager => {
            let _ = activation::list_platform_manager;
            "activation::list_platform_manager"
        }
        Op::ListResourceTags => {
            let _ = tags::list_resource_tags;
            "tags::list_resource_tags"
        }
        Op::ListSecrets => {
            let _ = secrets::list_secrets;
            "secrets::list_secrets"
        }
        Op::ListTasks => {
            let _ = tasks::list_tasks;
            "tasks::list_tasks"
        }
        Op::ListWorkSpaces => {
            let _ = workspaces::list_work_spaces;
            "workspaces::list_work_spaces"
        }
        Op::SetDefaultOrderForm => {
            let _ = orders::set_default_order_form;
            "orders::set_default_order_form"
        }
        Op::ShowConfigMap => {
            let _ = configmaps::show_config_map;
            "configmaps::show_config_map"
        }
        Op::ShowDeployment => {
            let _ = deployments::show_deployment;
            "deployments::show_deployment"
        }
        Op::ShowDeploymentPods => {
            let _ = deployments::show_deployment_pods;
            "deployments::show_deployment_pods"
        }
        Op::ShowDeployments => {
            let _ = deployments::show_deployments;
            "deployments::show_deployments"
        }
        Op::ShowNode => {
            let _ = nodes::show_node;
            "nodes::show_node"
        }
        Op::ShowNodeActivationRecords => {
            let _ = activation::show_node_activation_records;
            "activation::show_node_activation_records"
        }
        Op::ShowNodes => {
            let _ = nodes::show_nodes;
            "nodes::show_nodes"
        }
        Op::ShowResourceTags => {
            let _ = tags::show_resource_tags;
            "tags::show_resource_tags"
        }
        Op::ShowSecret => {
            let _ = secrets::show_secret;
            "secrets::show_secret"
        }
        Op::ShowSkillInfo => {
            let _ = skills::show_skill_info;
            "skills::show_skill_info"
        }
        Op::ShowSkillList => {
            let _ = skills::show_skill_list;
            "skills::show_skill_list"
        }
        Op::ShowSkillOrderInfo => {
            let _ = orders::show_skill_order_info;
            "orders::show_skill_order_info"
        }
        Op::ShowSkillOrderList => {
            let _ = orders::show_skill_order_list;
            "orders::show_skill_order_list"
        }
        Op::ShowTask => {
            let _ = tasks::show_task;
            "tasks::show_task"
        }
        Op::ShowUpgradeProgress => {
            let _ = firmware::show_upgrade_progress;
            "firmware::show_upgrade_progress"
        }
        Op::ShowWorkSpace => {
            let _ = workspaces::show_work_space;
            "workspaces::show_work_space"
        }
        Op::StartAndStopDeployment => {
            let _ = deployments::start_and_stop_deployment;
            "deployments::start_and_stop_deployment"
        }
        Op::StartAndStopDeploymentPod => {
            let _ = deployments::start_and_stop_deployment_pod;
            "deployments::start_and_stop_deployment_pod"
        }
        Op::SwitchNodeConnection => {
            let _ = nodes::switch_node_connection;
            "nodes::switch_node_connection"
        }
        Op::UnfreezeNode => {
            let _ = activation::unfreeze_node;
            "activation::unfreeze_node"
        }
        Op::UpdateConfigMap => {
            let _ = configmaps::update_config_map;
            "configmaps::update_config_map"
        }
        Op::UpdateDeployment => {
            let _ = deployments::update_deployment;
            "deployments::update_deployment"
        }
        Op::UpdateDeploymentUsingPatch => {
            let _ = deployments::update_deployment_using_patch;
            "deployments::update_deployment_using_patch"
        }
        Op::UpdateNode => {
            let _ = nodes::update_node;
            "nodes::update_node"
        }
        Op::UpdateNodeCert => {
            let _ = nodes::update_node_cert;
            "nodes::update_node_cert"
        }
        Op::UpdateNodeFirmware => {
            let _ = firmware::update_node_firmware;
            "firmware::update_node_firmware"
        }
        Op::UpdateSecret => {
            let _ = secrets::update_secret;
            "secrets::update_secret"
        }
        Op::UpdateTask => {
            let _ = tasks::update_task;
            "tasks::update_task"
        }
        Op::UpdateWorkSpace => {
            let _ = workspaces::update_work_space;
            "workspaces::update_work_space"
        }
    }
}
