//! From HTTP to operations and back: every request is matched against the model's catalogue,
//! authenticated, handed to its domain's handler on a blocking thread (SQLite is synchronous),
//! and answered as the cloud does: JSON, `{"error_code", "error_msg"}` on failure, and an
//! `X-Request-Id` header on every response.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use hilens_model::error::{ApiError, ErrorCode, FieldError, Lang};
use hilens_model::{iam as iam_api, match_operation, query, Method, OperationMatch};
use serde::Serialize;

use crate::iam::Caller;
use crate::{
    activation, alarms, configmaps, deployments, firmware, iam, nodes, orders, secrets, skills, tags, tasks,
    workspaces, Emulator,
};

/// Bodies larger than this are refused before they are read (the cloud's gateway limit).
pub const MAX_BODY_BYTES: usize = 12 * 1024 * 1024;

pub fn router(app: Arc<Emulator>) -> Router {
    Router::new()
        .route(iam_api::TOKENS_PATH, post(iam::issue_token))
        .fallback(dispatch)
        .layer(middleware::from_fn(request_id))
        .with_state(app)
}

/// What a handler sees of its request.
pub struct Ctx<'a> {
    pub app: &'a Emulator,
    pub op: &'a OperationMatch,
    pub query: &'a [(String, String)],
    pub body: &'a [u8],
    pub headers: &'a HeaderMap,
    pub caller: Option<Caller>,
}

impl Ctx<'_> {
    /// A path parameter; the catalogue guarantees every template parameter is present.
    pub fn param(&self, name: &str) -> &str {
        self.op.param(name).unwrap_or_default()
    }

    /// A request header as text (absent when missing or not text).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// A query parameter; empty values count as absent.
    pub fn query_value(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(k, v)| k == name && !v.is_empty()).map(|(_, v)| v.as_str())
    }

    /// Checks the deletes' `force_delete` query parameter (true or false when given); the
    /// emulator deletes at once either way.
    pub fn check_force_delete(&self) -> Result<(), FieldError> {
        if let Some(v) = self.query_value("force_delete") {
            hilens_model::rules::one_of("force_delete", v, &["true", "false"])?;
        }
        Ok(())
    }
}

/// Why a request failed; rendered in the request's language by [`Failure::into_response`].
#[derive(Debug)]
pub enum Failure {
    Api(ErrorCode, Option<String>),
    Field(FieldError),
    Storage(rusqlite::Error),
}

impl From<FieldError> for Failure {
    fn from(e: FieldError) -> Self {
        Failure::Field(e)
    }
}

impl From<rusqlite::Error> for Failure {
    fn from(e: rusqlite::Error) -> Self {
        Failure::Storage(e)
    }
}

impl Failure {
    pub fn code(code: ErrorCode) -> Failure {
        Failure::Api(code, None)
    }

    pub fn into_response(self, lang: Lang) -> Response {
        let (code, error) = match self {
            Failure::Api(code, detail) => (code, ApiError::new(code, lang, detail.as_deref())),
            Failure::Field(field) => (ErrorCode::InvalidParameter, ApiError::from_field(&field, lang)),
            Failure::Storage(e) => {
                eprintln!("hilens-emulator: storage error: {e}");
                (ErrorCode::Internal, ApiError::new(ErrorCode::Internal, lang, None))
            }
        };
        json(status(code.status()), &error)
    }
}

pub type Reply = Result<Response, Failure>;

pub fn json<T: Serialize>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => (status, [("content-type", "application/json")], body).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

pub fn ok<T: Serialize>(value: &T) -> Reply {
    Ok(json(StatusCode::OK, value))
}

fn status(code: u16) -> StatusCode {
    StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

pub fn lang_of(headers: &HeaderMap) -> Lang {
    Lang::from_header(headers.get("x-language").and_then(|v| v.to_str().ok()))
}

async fn dispatch(State(app): State<Arc<Emulator>>, req: Request) -> Response {
    let lang = lang_of(req.headers());
    let (parts, body) = req.into_parts();
    let matched = Method::parse(parts.method.as_str()).and_then(|m| match_operation(m, parts.uri.path()));
    let Some(op) = matched else {
        return Failure::code(ErrorCode::NoSuchOperation).into_response(lang);
    };
    let Ok(body) = axum::body::to_bytes(body, MAX_BODY_BYTES).await else {
        let detail = format!("the body exceeds {MAX_BODY_BYTES} bytes");
        let mut resp = Failure::Api(ErrorCode::InvalidParameter, Some(detail)).into_response(lang);
        *resp.status_mut() = StatusCode::PAYLOAD_TOO_LARGE;
        return resp;
    };
    let query = match query::parse_query(parts.uri.query().unwrap_or("")) {
        Ok(q) => q,
        Err(name) => {
            let err = FieldError::new(name, "encoding", "不是合法的 URL 编码", "is not valid percent-encoding");
            return Failure::Field(err).into_response(lang);
        }
    };
    let outcome = tokio::task::spawn_blocking(move || -> Reply {
        let request = iam::RequestView {
            method: parts.method.as_str(),
            path: parts.uri.path(),
            query: &query,
            headers: &parts.headers,
            body: &body,
        };
        let caller = iam::authenticate(&app, &request, &op)?;
        let ctx = Ctx { app: &app, op: &op, query: &query, body: &body, headers: &parts.headers, caller };
        route(&ctx)
    })
    .await;
    match outcome {
        Ok(Ok(resp)) => resp,
        Ok(Err(failure)) => failure.into_response(lang),
        Err(_) => Failure::code(ErrorCode::Internal).into_response(lang),
    }
}

/// One line per operation the emulator serves; the rest answer 501 in the API's format.
fn route(ctx: &Ctx) -> Reply {
    match ctx.op.operation.name {
        "show_skill_list" => skills::list(ctx),
        "show_skill_info" => skills::show(ctx),
        "create_order_form" => orders::create(ctx),
        "show_skill_order_list" => orders::list(ctx),
        "show_skill_order_info" => orders::show(ctx),
        "set_default_order_form" => orders::set_default(ctx),
        "list_firmwares" => firmware::list(ctx),
        "create_node" => nodes::create(ctx),
        "show_nodes" => nodes::list(ctx),
        "show_node" => nodes::show(ctx),
        "delete_node" => nodes::delete(ctx),
        "list_devices" => nodes::list_basic(ctx),
        "list_resource_tags" => tags::list(ctx),
        "show_resource_tags" => tags::show(ctx),
        "create_resource_tags" => tags::create(ctx),
        "delete_resource_tag" => tags::delete(ctx),
        "batch_create_node_tags" => tags::batch_create(ctx),
        "update_node" => nodes::update(ctx),
        "update_node_cert" => nodes::update_cert(ctx),
        "switch_node_connection" => nodes::switch_connection(ctx),
        "list_config_maps" => configmaps::list(ctx),
        "create_config_map" => configmaps::create(ctx),
        "show_config_map" => configmaps::show(ctx),
        "update_config_map" => configmaps::update(ctx),
        "delete_config_map" => configmaps::delete(ctx),
        "list_secrets" => secrets::list(ctx),
        "create_secret" => secrets::create(ctx),
        "show_secret" => secrets::show(ctx),
        "update_secret" => secrets::update(ctx),
        "delete_secret" => secrets::delete(ctx),
        "list_work_spaces" => workspaces::list(ctx),
        "create_work_space" => workspaces::create(ctx),
        "show_work_space" => workspaces::show(ctx),
        "update_work_space" => workspaces::update(ctx),
        "delete_work_space" => workspaces::delete(ctx),
        "unfreeze_node" => activation::activate(ctx),
        "freeze_node" => activation::deactivate_node(ctx),
        "show_node_activation_records" => activation::records(ctx),
        "list_platform_manager" => activation::list_orders(ctx),
        "update_node_firmware" => firmware::upgrade(ctx),
        "show_upgrade_progress" => firmware::progress(ctx),
        "list_device_alarms" => alarms::list(ctx),
        "create_deployment" => deployments::create(ctx),
        "show_deployments" => deployments::list(ctx),
        "show_deployment" => deployments::show(ctx),
        "update_deployment" => deployments::update(ctx),
        "update_deployment_using_patch" => deployments::patch(ctx),
        "delete_deployment" => deployments::delete(ctx),
        "start_and_stop_deployment" => deployments::start_and_stop(ctx),
        "add_deployment_nodes" => deployments::add_nodes(ctx),
        "show_deployment_pods" => deployments::list_pods(ctx),
        "delete_pod" => deployments::delete_pod(ctx),
        "start_and_stop_deployment_pod" => deployments::start_and_stop_pod(ctx),
        "create_task" => tasks::create(ctx),
        "list_tasks" => tasks::list(ctx),
        "show_task" => tasks::show(ctx),
        "update_task" => tasks::update(ctx),
        "delete_task" => tasks::delete(ctx),
        name => Err(Failure::Api(ErrorCode::NotInEmulator, Some(name.to_string()))),
    }
}

/// Every response carries an `X-Request-Id` (the SDK reads it, and people quote it).
async fn request_id(req: Request<Body>, next: Next) -> Response {
    let id = crate::iam::random_hex(16);
    let mut resp = next.run(req).await;
    if let Ok(v) = HeaderValue::from_str(&id) {
        resp.headers_mut().insert("x-request-id", v);
    }
    resp
}

/// Reads a JSON body into `T`, naming the field that does not fit (`template.apps[0].name`).
pub fn parse_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, Failure> {
    let de = &mut serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        // A syntax error has no field ("." or "?"): then the body as a whole is wrong.
        let field = if path.starts_with(|c: char| c.is_ascii_alphabetic()) { path } else { "body".to_string() };
        let inner = e.into_inner();
        Failure::Field(FieldError::new(field, "type", format!("不合法：{inner}"), format!("is not valid: {inner}")))
    })
}
