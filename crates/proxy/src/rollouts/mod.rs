//! Staged roll-outs (`/portal/rollouts`), driven by the proxy so that closing the browser
//! changes nothing:
//! - `plan`: what a roll-out would do (the deployment, its devices by name, the waves, the new
//!   deployment's name) and every refusal said up front; `?dry_run=1` answers it;
//! - `hilens`: the HiLens calls roll-outs make, with the caller's or the roll-out's credentials;
//! - the routes here: create, list, read, and a person's actions.
//!
//! The state lives in the portal's store (`hilens_portal::rollouts`), SQLite by default,
//! PostgreSQL with `--state-store`.

mod hilens;
mod plan;

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use hilens_model::error::{ApiError, ErrorCode, FieldError, Lang};
use hilens_model::portal::{kind, AuditRecord};
use hilens_model::query::Params;
use hilens_model::rollouts::{RolloutList, RolloutQuery, RolloutRequest};
use hilens_model::Permission;
use hilens_portal::policy::Denied;
use hilens_portal::rollouts::RolloutStore;
use hilens_portal::Grant;

use crate::reply::{self, lang_of};
use crate::session::Session;
use crate::{portal, Proxy};
use hilens::{Creds, Failure, HiLens};
use plan::{blocking, Refusal};

/// Roll-out requests are small (a plan, a version).
const MAX_BODY: usize = 256 * 1024;

/// What the proxy needs to keep and drive roll-outs.
pub struct RolloutsConfig {
    pub store: Arc<RolloutStore>,
    /// How long a driver's lease lasts (`--rollout-lease-seconds`): another replica takes over
    /// within it when the driving one stops.
    pub lease: Duration,
    /// Seals an IAM user's token at rest (`iam` mode): the session key, or
    /// `<data-dir>/rollout.key`.
    pub seal_key: [u8; 32],
}

/// The caller of a roll-out route: their session and grant, or the answer refusing them.
struct Caller {
    session: Arc<Session>,
    grant: Grant,
    lang: Lang,
    address: String,
}

async fn caller(proxy: &Proxy, req: &mut Request) -> Result<Caller, Response> {
    let lang = lang_of(req.headers());
    let address = reply::client_addr(req);
    let session = match crate::auth::caller(proxy, req).await {
        Ok(Some(s)) => s,
        Ok(None) => return Err(reply::error(ErrorCode::NotSignedIn, lang, None)),
        Err(refused) => return Err(refused),
    };
    let Some(grant) = portal::grant(proxy, &session) else {
        return Err(reply::error(ErrorCode::NotSignedIn, lang, None));
    };
    Ok(Caller { session, grant, lang, address })
}

impl Caller {
    /// Who they are in the audit log.
    fn user(&self) -> String {
        match self.session.info.auth_method.as_str() {
            "none" => format!("anonymous@{}", self.address),
            _ => self.session.info.user.clone(),
        }
    }

    /// A record of what they asked of roll-outs (`create_rollout`, `pause_rollout`, ...).
    fn record(&self, operation: &str, method: &str, path: &str, status: StatusCode) -> AuditRecord {
        let mut record = AuditRecord {
            kind: kind::CALL.into(),
            ts: hilens_portal::audit::now(),
            user: self.user(),
            auth_method: self.session.info.auth_method.clone(),
            role: self.grant.role.to_string(),
            operation: operation.into(),
            method: method.into(),
            path: path.into(),
            status: Some(status.as_u16()),
            client_address: self.address.clone(),
            ..AuditRecord::default()
        };
        if let Some(token) = &self.session.api_token {
            record.params.insert("token_id".into(), token.id.clone());
        }
        record
    }

    /// 403 naming `permission` (recorded) unless they have it.
    fn needs(
        &self,
        proxy: &Proxy,
        permission: Permission,
        operation: &str,
        method: &str,
        path: &str,
    ) -> Option<Response> {
        if self.grant.permissions.contains(permission) {
            return None;
        }
        if let Some(log) = &proxy.config.audit {
            log.send(self.record(operation, method, path, StatusCode::FORBIDDEN));
        }
        Some(reply::error(ErrorCode::PermissionDenied, self.lang, Some(&Denied::Missing(permission).detail())))
    }

    /// HiLens as this caller sees it (their IAM token, or the service key).
    fn hilens<'a>(&self, proxy: &'a Proxy) -> HiLens<'a> {
        let creds = match &self.session.token {
            Some(token) => Creds::Token(token.clone()),
            None => Creds::Service,
        };
        HiLens { proxy, creds, project: self.session.info.project_id.clone(), lang: self.lang }
    }
}

/// The roll-outs' part of the proxy, or 503 when there is none.
fn rollouts(proxy: &Proxy, lang: Lang) -> Result<&RolloutsConfig, Response> {
    proxy.config.rollouts.as_ref().ok_or_else(|| {
        reply::error(ErrorCode::NotReady, lang, Some("roll-outs are off: the proxy has no state store for them"))
    })
}

/// A refusal in the API's error shape.
fn refused(r: Refusal, lang: Lang) -> Response {
    match r {
        Refusal::Field(e) => reply::json(StatusCode::BAD_REQUEST, &ApiError::from_field(&e, lang)),
        Refusal::NotFound(d) => reply::error(ErrorCode::NotFound, lang, Some(&d)),
        Refusal::Held(id) => reply::error(
            ErrorCode::RolloutConflict,
            lang,
            Some(&format!("deployment_id: roll-out {id} holds the deployment")),
        ),
        Refusal::Conflict(d) => reply::error(ErrorCode::Conflict, lang, Some(&d)),
        Refusal::Denied(d) => reply::error(ErrorCode::PermissionDenied, lang, Some(&d)),
        Refusal::Upstream(Failure::Refused { status: 401, .. }) => reply::error(ErrorCode::NotSignedIn, lang, None),
        Refusal::Upstream(f) => reply::error(ErrorCode::BadGateway, lang, Some(&f.to_string())),
        Refusal::Store(e) => reply::error(ErrorCode::NotReady, lang, Some(&format!("the roll-out store: {e}"))),
    }
}

/// A JSON body read as `T`; a field of the wrong type is a 400 naming its path.
fn body_as<T: serde::de::DeserializeOwned>(body: &[u8], lang: Lang) -> Result<T, Response> {
    let text = if body.iter().all(u8::is_ascii_whitespace) { &b"{}"[..] } else { body };
    let mut de = serde_json::Deserializer::from_slice(text);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let field = if path == "." || path.is_empty() { "body".to_string() } else { path };
        let err = FieldError::new(field, "type", "类型不对或不是 JSON", format!("is not valid: {}", e.inner()));
        reply::json(StatusCode::BAD_REQUEST, &ApiError::from_field(&err, lang))
    })
}

async fn read_body(req: Request, lang: Lang) -> Result<Bytes, Response> {
    axum::body::to_bytes(req.into_body(), MAX_BODY).await.map_err(|_| reply::error(ErrorCode::BodyTooLarge, lang, None))
}

fn query_of(req: &Request, lang: Lang) -> Result<RolloutQuery, Response> {
    let pairs = hilens_model::query::parse_query(req.uri().query().unwrap_or_default())
        .map_err(|bad| reply::error(ErrorCode::InvalidParameter, lang, Some(&format!("{bad} does not decode"))))?;
    RolloutQuery::from_pairs(&pairs).map_err(|e| reply::json(StatusCode::BAD_REQUEST, &ApiError::from_field(&e, lang)))
}

/// `GET /portal/rollouts?deployment_id=&state=&limit=&offset=` (`deployments:read`), and
/// `POST /portal/rollouts` with a plan (`deployments:rollout`; `?dry_run=1`: the plan only).
pub async fn collection(State(proxy): State<Arc<Proxy>>, mut req: Request) -> Response {
    let who = match caller(&proxy, &mut req).await {
        Ok(c) => c,
        Err(refusal) => return refusal,
    };
    let lang = who.lang;
    let config = match rollouts(&proxy, lang) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let query = match query_of(&req, lang) {
        Ok(q) => q,
        Err(r) => return r,
    };
    let path = req.uri().path().to_string();
    if req.method() == axum::http::Method::GET {
        if let Some(r) = who.needs(&proxy, Permission::DeploymentsRead, "list_rollouts", "GET", &path) {
            return r;
        }
        let listed = blocking(&config.store, move |s| s.list(&query)).await;
        return match listed {
            Ok((total, mut items)) => {
                // A list shows each roll-out's waves without their devices.
                for r in &mut items {
                    r.waves.iter_mut().for_each(|w| w.devices.clear());
                }
                reply::json(StatusCode::OK, &RolloutList { total, rollouts: items })
            }
            Err(r) => refused(r, lang),
        };
    }
    let operation = if query.is_dry_run() { "plan_rollout" } else { "create_rollout" };
    if let Some(r) = who.needs(&proxy, Permission::DeploymentsRollout, operation, "POST", &path) {
        return r;
    }
    let body = match read_body(req, lang).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let request: RolloutRequest = match body_as(&body, lang) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let h = who.hilens(&proxy);
    let planned = match plan::plan(&h, &config.store, &request, &who.grant, &who.user()).await {
        Ok(p) => p,
        Err(r) => return refused(r, lang),
    };
    if query.is_dry_run() {
        return reply::json(StatusCode::OK, &planned.rollout);
    }
    let detail = Some("roll-outs are planned only (?dry_run=1) until the driver is in; nothing was made");
    reply::error(ErrorCode::NotReady, lang, detail)
}

/// `GET /portal/rollouts/{id}`: the roll-out with its waves, devices and timeline.
pub async fn one(State(proxy): State<Arc<Proxy>>, Path(id): Path<String>, mut req: Request) -> Response {
    let who = match caller(&proxy, &mut req).await {
        Ok(c) => c,
        Err(refusal) => return refusal,
    };
    let lang = who.lang;
    let config = match rollouts(&proxy, lang) {
        Ok(c) => c,
        Err(r) => return r,
    };
    if let Some(r) = who.needs(&proxy, Permission::DeploymentsRead, "show_rollout", "GET", req.uri().path()) {
        return r;
    }
    let found = blocking(&config.store, move |s| {
        let Some(stored) = s.get(&id)? else { return Ok(None) };
        let timeline = s.timeline(&stored.rollout.id)?;
        Ok(Some((stored, timeline)))
    })
    .await;
    match found {
        Ok(Some((stored, timeline))) => {
            let mut rollout = stored.rollout;
            rollout.timeline = timeline;
            reply::json(StatusCode::OK, &rollout)
        }
        Ok(None) => reply::error(ErrorCode::NotFound, lang, Some("id: no such roll-out")),
        Err(r) => refused(r, lang),
    }
}

/// `POST /portal/rollouts/{id}/{pause|resume|promote|abort|rollback}`.
pub async fn action(
    State(proxy): State<Arc<Proxy>>,
    Path((_id, _action)): Path<(String, String)>,
    mut req: Request,
) -> Response {
    let who = match caller(&proxy, &mut req).await {
        Ok(c) => c,
        Err(refusal) => return refusal,
    };
    let lang = who.lang;
    if let Err(r) = rollouts(&proxy, lang) {
        return r;
    }
    reply::error(ErrorCode::NotFound, lang, Some("id: no such roll-out"))
}
