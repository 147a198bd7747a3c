//! Staged roll-outs (`/portal/rollouts`), driven by the proxy so that closing the browser
//! changes nothing:
//! - `plan`: what a roll-out would do (the deployment, its devices by name, the waves, the new
//!   deployment's name) and every refusal said up front; `?dry_run=1` answers it;
//! - `hilens`: the HiLens calls roll-outs make, with the caller's or the roll-out's credentials;
//! - the routes here: create, list, read, and a person's actions.
//!
//! The state lives in the portal's store (`hilens_portal::rollouts`), SQLite by default,
//! PostgreSQL with `--state-store`.

pub mod driver;
mod hilens;
mod plan;
mod seal;

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use hilens_model::error::{ApiError, ErrorCode, FieldError, Lang};
use hilens_model::portal::{kind, operation as op, AuditRecord};
use hilens_model::query::Params;
use hilens_model::rollouts::{
    new_deployment_name, rollout_base_name, rollout_number, DeviceStep, Direction, ResumeRequest, Rollout,
    RolloutAction, RolloutList, RolloutQuery, RolloutRequest, RolloutState, TimelineEvent, WaveState, KIND_CHANGE,
};
use hilens_model::time::iso8601_ms;
use hilens_model::Permission;
use hilens_portal::policy::Denied;
use hilens_portal::rollouts::{Authority, DriverState, RolloutStore, SaveError, Stored};
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
/// The signed-in caller of a roll-out endpoint, and the roll-outs' configuration (refused when
/// the proxy has no state store for them).
async fn caller_of_rollouts<'p>(proxy: &'p Proxy, req: &mut Request) -> Result<(Caller, &'p RolloutsConfig), Response> {
    let who = caller(proxy, req).await?;
    let config = rollouts(proxy, who.lang)?;
    Ok((who, config))
}

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
    let (who, config) = match caller_of_rollouts(&proxy, &mut req).await {
        Ok(found) => found,
        Err(refusal) => return refusal,
    };
    let lang = who.lang;
    let query = match query_of(&req, lang) {
        Ok(q) => q,
        Err(r) => return r,
    };
    let path = req.uri().path().to_string();
    if req.method() == axum::http::Method::GET {
        if let Some(r) = who.needs(&proxy, Permission::DeploymentsRead, op::LIST_ROLLOUTS, "GET", &path) {
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
    let operation = if query.is_dry_run() { op::PLAN_ROLLOUT } else { op::CREATE_ROLLOUT };
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
    let made = match create(config, &who, planned.rollout).await {
        Ok(r) => r,
        Err(r) => return r,
    };
    proxy.rollout_wake.now();
    if let Some(log) = &proxy.config.audit {
        let mut record = who.record(op::CREATE_ROLLOUT, "POST", &path, StatusCode::CREATED);
        record.resource_id = Some(made.id.clone());
        record.resource_name = Some(made.deployment_name.clone());
        record.params.insert("deployment_id".into(), made.deployment_id.clone());
        let _ = log.write(record).await;
    }
    reply::json(StatusCode::CREATED, &made)
}

/// Keeps the planned roll-out as running, with the authority it acts with: its creator (their
/// sealed IAM token in `iam` mode). Its new deployment's name is unique among roll-outs: taken
/// meanwhile, the next number is tried.
async fn create(config: &RolloutsConfig, who: &Caller, mut rollout: Rollout) -> Result<Rollout, Response> {
    let lang = who.lang;
    rollout.id = format!("ro-{}", hilens_emulator::random_hex(8));
    rollout.state = Some(RolloutState::Running);
    let waves: Vec<String> = rollout.waves.iter().map(|w| w.target.to_string()).collect();
    let what = match (&rollout.version, rollout.kind.as_str()) {
        (Some(v), KIND_CHANGE) => format!("version {v}"),
        (None, KIND_CHANGE) => "new envs".to_string(),
        _ => "new devices".to_string(),
    };
    let created = TimelineEvent {
        ts: rollout.created_at.clone(),
        event: "created".into(),
        by: Some(who.user()),
        detail: format!(
            "{what} to {} device(s) of {} in {} wave(s) ({})",
            rollout.device_count,
            rollout.deployment_name,
            rollout.waves.len(),
            waves.join(", ")
        ),
        ..TimelineEvent::default()
    };
    let sealed = match &who.session.token {
        Some(token) => match seal::seal(&config.seal_key, &rollout.id, token.as_bytes()) {
            Some(s) => Some(s),
            None => return Err(reply::error(ErrorCode::Internal, lang, Some("the credentials could not be sealed"))),
        },
        None => None,
    };
    let expires = hilens_model::time::parse_iso8601(&who.session.info.expires_at).map(|s| s * 1000);
    let driver = DriverState {
        authority: Authority {
            user: who.user(),
            auth_method: who.session.info.auth_method.clone(),
            role: who.grant.role.to_string(),
            groups: who.session.info.groups.clone(),
            token_id: who.session.api_token.as_ref().map(|t| t.id.clone()),
            token_expires_ms: sealed.as_ref().and(expires),
            sealed_token: sealed,
        },
        project_id: who.session.info.project_id.clone(),
        ..DriverState::default()
    };
    for _ in 0..5 {
        let (r, d, e) = (rollout.clone(), driver.clone(), created.clone());
        match blocking_save(&config.store, move |s| s.create(&r, &d, &[e])).await {
            Ok(()) => return Ok(rollout),
            Err(SaveError::NameTaken) => {
                let name = rollout.new_deployment_name.clone().unwrap_or_default();
                let n = rollout_number(rollout_base_name(&name), &name).unwrap_or(1);
                rollout.new_deployment_name = Some(new_deployment_name(&rollout.deployment_name, n + 1));
            }
            Err(e) => return Err(save_refused(e, lang)),
        }
    }
    Err(reply::error(ErrorCode::RolloutConflict, lang, Some("new_deployment_name: no free name; try again")))
}

/// A store write off the serving runtime.
async fn blocking_save<T: Send + 'static>(
    store: &Arc<RolloutStore>,
    work: impl FnOnce(&RolloutStore) -> Result<T, SaveError> + Send + 'static,
) -> Result<T, SaveError> {
    let store = store.clone();
    tokio::task::spawn_blocking(move || work(&store)).await.unwrap_or_else(|_| Err(SaveError::Db("stopped".into())))
}

fn save_refused(e: SaveError, lang: Lang) -> Response {
    match e {
        SaveError::Held(id) => reply::error(
            ErrorCode::RolloutConflict,
            lang,
            Some(&format!("deployment_id: roll-out {id} holds the deployment")),
        ),
        SaveError::Stale | SaveError::LeaseLost => {
            reply::error(ErrorCode::RolloutConflict, lang, Some("the roll-out changed meanwhile; try again"))
        }
        SaveError::NameTaken => reply::error(ErrorCode::RolloutConflict, lang, Some("new_deployment_name is taken")),
        SaveError::Db(e) => reply::error(ErrorCode::NotReady, lang, Some(&format!("the roll-out store: {e}"))),
    }
}

/// `GET /portal/rollouts/{id}`: the roll-out with its waves, devices and timeline.
pub async fn one(State(proxy): State<Arc<Proxy>>, Path(id): Path<String>, mut req: Request) -> Response {
    let (who, config) = match caller_of_rollouts(&proxy, &mut req).await {
        Ok(found) => found,
        Err(refusal) => return refusal,
    };
    let lang = who.lang;
    if let Some(r) = who.needs(&proxy, Permission::DeploymentsRead, op::SHOW_ROLLOUT, "GET", req.uri().path()) {
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

/// `POST /portal/rollouts/{id}/{pause|resume|promote|abort|rollback}` (`deployments:rollout`,
/// and every device of the roll-out in the caller's workspaces); `resume` may take
/// `{"version"}`. Answers the roll-out as it is now.
pub async fn action(
    State(proxy): State<Arc<Proxy>>,
    Path((id, name)): Path<(String, String)>,
    mut req: Request,
) -> Response {
    let (who, config) = match caller_of_rollouts(&proxy, &mut req).await {
        Ok(found) => found,
        Err(refusal) => return refusal,
    };
    let lang = who.lang;
    let Some(action) = RolloutAction::parse(&name) else {
        return reply::error(ErrorCode::NoSuchRoute, lang, Some("action: pause, resume, promote, abort or rollback"));
    };
    let path = req.uri().path().to_string();
    let operation = action.operation();
    if let Some(r) = who.needs(&proxy, Permission::DeploymentsRollout, operation, "POST", &path) {
        return r;
    }
    let body = match read_body(req, lang).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let resume: ResumeRequest = match action {
        RolloutAction::Resume => match body_as(&body, lang) {
            Ok(r) => r,
            Err(r) => return r,
        },
        _ => ResumeRequest::default(),
    };
    if let Err(e) = resume.validate() {
        return reply::json(StatusCode::BAD_REQUEST, &ApiError::from_field(&e, lang));
    }
    if who.grant.workspaces.is_some() {
        let found = {
            let id = id.clone();
            blocking(&config.store, move |s| s.get(&id)).await
        };
        let stored = match found {
            Ok(Some(s)) => s,
            Ok(None) => return reply::error(ErrorCode::NotFound, lang, Some("id: no such roll-out")),
            Err(r) => return refused(r, lang),
        };
        let ids: Vec<String> = stored.rollout.waves.iter().flat_map(|w| &w.devices).map(|d| d.id.clone()).collect();
        if let Err(r) = plan::all_theirs(&who.hilens(&proxy), &who.grant, &ids).await {
            return refused(r, lang);
        }
    }
    let sealed = match (&who.session.token, action) {
        (Some(token), RolloutAction::Resume) => seal::seal(&config.seal_key, &id, token.as_bytes()),
        _ => None,
    };
    let expires = hilens_model::time::parse_iso8601(&who.session.info.expires_at).map(|s| s * 1000);
    let mut outcome = None;
    for _ in 0..5 {
        let read = {
            let id = id.clone();
            blocking(&config.store, move |s| s.get(&id)).await
        };
        let mut stored = match read {
            Ok(Some(s)) => s,
            Ok(None) => return reply::error(ErrorCode::NotFound, lang, Some("id: no such roll-out")),
            Err(r) => return refused(r, lang),
        };
        let now = hilens_emulator::clock::now_ms();
        let event = match apply(&mut stored, action, &resume, &who.user(), now) {
            Ok(e) => e,
            Err(detail) => return reply::error(ErrorCode::RolloutConflict, lang, Some(&detail)),
        };
        if let (Some(s), RolloutAction::Resume) = (&sealed, action) {
            // Signing out does not stop a roll-out; resuming it goes on with the resumer's token.
            let a = &mut stored.driver.authority;
            a.user = who.user();
            a.sealed_token = Some(s.clone());
            a.token_expires_ms = expires;
        }
        let saving = stored.clone();
        match blocking_save(&config.store, move |s| s.save(&saving, &[event], None)).await {
            Ok(_) => {
                outcome = Some(stored.rollout);
                break;
            }
            Err(SaveError::Stale) => continue,
            Err(e) => return save_refused(e, lang),
        }
    }
    let Some(rollout) = outcome else {
        return reply::error(ErrorCode::RolloutConflict, lang, Some("the roll-out kept changing; try again"));
    };
    proxy.rollout_wake.now();
    if let Some(log) = &proxy.config.audit {
        let mut record = who.record(operation, "POST", &path, StatusCode::OK);
        record.resource_id = Some(rollout.id.clone());
        record.resource_name = Some(rollout.deployment_name.clone());
        if let Some(v) = &resume.version {
            record.params.insert("version".into(), v.clone());
        }
        let _ = log.write(record).await;
    }
    reply::json(StatusCode::OK, &rollout)
}

/// What a person's action changes, and its timeline line; `Err` says why it is not allowed now.
fn apply(
    stored: &mut Stored,
    action: RolloutAction,
    resume: &ResumeRequest,
    by: &str,
    now: i64,
) -> Result<TimelineEvent, String> {
    let r = &mut stored.rollout;
    let state = r.state.unwrap_or(RolloutState::Running);
    state.allows(r.direction, action).map_err(|(_, en)| format!("roll-out {}: {en}", r.id))?;
    let ts = iso8601_ms(now);
    let k = r.current_wave.clamp(1, r.waves.len().max(1));
    let timeout_ms = r.settings.wave_timeout_seconds * 1000;
    let detail = match action {
        RolloutAction::Pause => {
            r.state = Some(RolloutState::Paused);
            r.reason = Some(format!("paused by {by}"));
            "paused".to_string()
        }
        RolloutAction::Resume => {
            if let Some(v) = &resume.version {
                if r.kind != KIND_CHANGE || r.direction != Direction::Forward {
                    return Err("version: only a change rolling forward takes a version".into());
                }
                r.version = Some(v.clone());
            }
            r.state = Some(match r.direction {
                Direction::Forward => RolloutState::Running,
                Direction::Back => RolloutState::RollingBack,
            });
            r.reason = None;
            // The current wave's clock starts again (and its soak, which the pause cut short).
            if let Some(wave) = r.waves.get_mut(k - 1) {
                if matches!(
                    wave.state,
                    WaveState::InProgress | WaveState::Soaking | WaveState::Failed | WaveState::RollingBack
                ) {
                    wave.deadline_at = Some(iso8601_ms(now + timeout_ms));
                    wave.soak_until = None;
                    if wave.state != WaveState::RollingBack {
                        wave.state = WaveState::InProgress;
                    }
                }
            }
            match &resume.version {
                Some(v) => format!("resumed with version {v}"),
                None => "resumed".to_string(),
            }
        }
        RolloutAction::Promote => {
            let wave = &r.waves[k - 1];
            let moving = wave.devices.iter().any(|d| {
                matches!(d.step, DeviceStep::Waiting | DeviceStep::Leaving)
                    || (d.step == DeviceStep::Joining && d.instance_state.is_none())
            });
            if moving || wave.state == WaveState::Pending {
                return Err(format!(
                    "roll-out {}: wave {k} is still moving devices; promote it once they have joined",
                    r.id
                ));
            }
            let mut accepted = 0;
            for w in &mut r.waves[..k] {
                for d in &mut w.devices {
                    if d.step == DeviceStep::Failed && !d.accepted {
                        d.accepted = true;
                        accepted += 1;
                    }
                }
            }
            let wave = &mut r.waves[k - 1];
            wave.state = WaveState::Done;
            wave.ended_at = Some(ts.clone());
            wave.soak_until = None;
            if k < r.waves.len() {
                r.current_wave = k + 1;
            }
            r.state = Some(RolloutState::Running);
            r.reason = None;
            format!("wave {k} accepted as it is ({accepted} failed instance(s) accepted)")
        }
        RolloutAction::Abort => {
            r.state = Some(RolloutState::Aborted);
            r.reason = Some(format!("aborted by {by}: the devices stay where they are"));
            "aborted: the devices stay where they are; only rollback is left".to_string()
        }
        RolloutAction::Rollback => {
            r.state = Some(RolloutState::RollingBack);
            r.direction = Direction::Back;
            r.reason = Some(format!("rolled back by {by}"));
            r.ended_at = None;
            "rolling back".to_string()
        }
    };
    r.updated_at = ts.clone();
    let event = match action {
        RolloutAction::Pause => "paused",
        RolloutAction::Resume => "resumed",
        RolloutAction::Promote => "promoted",
        RolloutAction::Abort => "aborted",
        RolloutAction::Rollback => "rollback_started",
    };
    Ok(TimelineEvent { ts, event: event.into(), wave: Some(k), by: Some(by.to_string()), detail })
}

/// A state-changing call on a deployment that an active roll-out holds (the old or the new one;
/// its instances, jobs and tags too): 409 `CONSOLE.0409` naming the roll-out. `None`: it may go.
pub async fn held(proxy: &Proxy, op: &hilens_model::OperationMatch, lang: Lang) -> Option<Response> {
    let config = proxy.config.rollouts.as_ref()?;
    if op.operation.method == hilens_model::Method::Get {
        return None;
    }
    let deployment = match op.param("deployment_id") {
        Some(d) => d.to_string(),
        None if op.param("resource_type") == Some("deployment") => op.param("resource_id")?.to_string(),
        None => return None,
    };
    let lookup = {
        let d = deployment.clone();
        blocking(&config.store, move |s| s.holder_of(&[&d])).await
    };
    match lookup {
        Ok(None) => None,
        Ok(Some(rollout)) => Some(reply::error(
            ErrorCode::RolloutConflict,
            lang,
            Some(&format!(
                "deployment {deployment} is held by roll-out {rollout}: pause and abort it, or wait for it to end"
            )),
        )),
        Err(r) => Some(refused(r, lang)),
    }
}
