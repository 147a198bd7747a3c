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

    /// The project of the path (every project-scoped operation has one).
    pub fn project(&self) -> &str {
        self.param("project_id")
    }

    /// The `provider` query parameter (hilens or ief; hilens when absent).
    pub fn provider(&self) -> Result<String, FieldError> {
        use hilens_model::query::Params;
        let q = hilens_model::common::ProviderQuery::from_pairs(self.query)?;
        Ok(q.provider.unwrap_or_else(|| "hilens".into()))
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

    /// 404 naming what was not found (`node_id abc`).
    pub fn not_found(what: impl Into<String>) -> Failure {
        Failure::Api(ErrorCode::NotFound, Some(what.into()))
    }

    /// 409 saying what it conflicts with.
    pub fn conflict(why: impl Into<String>) -> Failure {
        Failure::Api(ErrorCode::Conflict, Some(why.into()))
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

/// One line per operation: the match is exhaustive, so an operation without a handler does not
/// compile.
fn route(ctx: &Ctx) -> Reply {
    use hilens_model::OperationId as Op;
    match ctx.op.operation.id {
        Op::ShowSkillList => skills::list(ctx),
        Op::ShowSkillInfo => skills::show(ctx),
        Op::CreateOrderForm => orders::create(ctx),
        Op::ShowSkillOrderList => orders::list(ctx),
        Op::ShowSkillOrderInfo => orders::show(ctx),
        Op::SetDefaultOrderForm => orders::set_default(ctx),
        Op::ListFirmwares => firmware::list(ctx),
        Op::CreateNode => nodes::create(ctx),
        Op::ShowNodes => nodes::list(ctx),
        Op::ShowNode => nodes::show(ctx),
        Op::DeleteNode => nodes::delete(ctx),
        Op::ListDevices => nodes::list_basic(ctx),
        Op::ListResourceTags => tags::list(ctx),
        Op::ShowResourceTags => tags::show(ctx),
        Op::CreateResourceTags => tags::create(ctx),
        Op::DeleteResourceTag => tags::delete(ctx),
        Op::BatchCreateNodeTags => tags::batch_create(ctx),
        Op::UpdateNode => nodes::update(ctx),
        Op::UpdateNodeCert => nodes::update_cert(ctx),
        Op::SwitchNodeConnection => nodes::switch_connection(ctx),
        Op::ListConfigMaps => configmaps::list(ctx),
        Op::CreateConfigMap => configmaps::create(ctx),
        Op::ShowConfigMap => configmaps::show(ctx),
        Op::UpdateConfigMap => configmaps::update(ctx),
        Op::DeleteConfigMap => configmaps::delete(ctx),
        Op::ListSecrets => secrets::list(ctx),
        Op::CreateSecret => secrets::create(ctx),
        Op::ShowSecret => secrets::show(ctx),
        Op::UpdateSecret => secrets::update(ctx),
        Op::DeleteSecret => secrets::delete(ctx),
        Op::ListWorkSpaces => workspaces::list(ctx),
        Op::CreateWorkSpace => workspaces::create(ctx),
        Op::ShowWorkSpace => workspaces::show(ctx),
        Op::UpdateWorkSpace => workspaces::update(ctx),
        Op::DeleteWorkSpace => workspaces::delete(ctx),
        Op::UnfreezeNode => activation::activate(ctx),
        Op::FreezeNode => activation::deactivate_node(ctx),
        Op::ShowNodeActivationRecords => activation::records(ctx),
        Op::ListPlatformManager => activation::list_orders(ctx),
        Op::UpdateNodeFirmware => firmware::upgrade(ctx),
        Op::ShowUpgradeProgress => firmware::progress(ctx),
        Op::ListDeviceAlarms => alarms::list(ctx),
        Op::CreateDeployment => deployments::create(ctx),
        Op::ShowDeployments => deployments::list(ctx),
        Op::ShowDeployment => deployments::show(ctx),
        Op::UpdateDeployment => deployments::update(ctx),
        Op::UpdateDeploymentUsingPatch => deployments::patch(ctx),
        Op::DeleteDeployment => deployments::delete(ctx),
        Op::StartAndStopDeployment => deployments::start_and_stop(ctx),
        Op::AddDeploymentNodes => deployments::add_nodes(ctx),
        Op::ShowDeploymentPods => deployments::list_pods(ctx),
        Op::DeletePod => deployments::delete_pod(ctx),
        Op::StartAndStopDeploymentPod => deployments::start_and_stop_pod(ctx),
        Op::CreateTask => tasks::create(ctx),
        Op::ListTasks => tasks::list(ctx),
        Op::ShowTask => tasks::show(ctx),
        Op::UpdateTask => tasks::update(ctx),
        Op::DeleteTask => tasks::delete(ctx),
    }
}

/// Every response carries an `X-Request-Id` (the SDK reads it, and people quote it).
async fn request_id(req: Request<Body>, next: Next) -> Response {
    let id = crate::ids::random_hex(16);
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
