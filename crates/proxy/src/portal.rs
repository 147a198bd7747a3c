//! The team portal (crate `hilens-portal`) wired into the proxy: the caller's grant, resolved
//! on every call from the current users and roles files (never kept in the session); the API
//! route, which forwards a call only when the grant allows it (403 `CONSOLE.0403` naming the
//! missing permission otherwise, the upstream untouched), narrowed to the caller's workspaces
//! when they are limited (the portal's rules; the resources' places looked up upstream with
//! the caller's credentials); the rewrites of answers (secret values out for callers without
//! `secrets:reveal`, the workspaces list cut to theirs); and what `/auth/session` says of the
//! caller.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use hilens_model::configmaps::ConfigMapBody;
use hilens_model::console::SessionInfo;
use hilens_model::deployments::Deployment;
use hilens_model::error::{ErrorCode, Lang};
use hilens_model::nodes::Node;
use hilens_model::portal::{kind, AuditRecord};
use hilens_model::secrets::SecretShown;
use hilens_model::OperationId;
use hilens_portal::policy::workspaces::{self, Kind, Lookup, LookupFailed, Refused};
use hilens_portal::policy::Denied;
use hilens_portal::{policy, Grant};

use crate::auth::store_unavailable;
use crate::layers::Operation;
use crate::reply;
use crate::session::Session;
use crate::{audit, forward};
use crate::{Access, Proxy};

/// The grants of the modes where no roles apply, made once.
pub struct FixedGrants {
    /// `iam` mode: HiLens IAM decides, so the proxy allows everything.
    iam: Grant,
    /// `none` mode: nobody signs in (loopback, or an SSO gateway in front).
    anonymous: Grant,
}

impl Default for FixedGrants {
    fn default() -> FixedGrants {
        FixedGrants {
            iam: Grant::everything(hilens_model::IAM_ROLE),
            anonymous: Grant::everything(hilens_model::ANONYMOUS_ROLE),
        }
    }
}

/// How each mode's callers signed in, as the session and the audit log say it.
pub fn auth_method(access: &Access) -> &'static str {
    match access {
        Access::Iam => "iam",
        Access::Users(_) => "users",
        Access::Open => "none",
        Access::Header(_) => "header",
        Access::Oidc(..) => "oidc",
    }
}

/// What the caller of `session` may do now (with an API token: its role within its owner's
/// grant); `None` when their local account is gone.
pub fn grant(proxy: &Proxy, session: &Session) -> Option<Grant> {
    match &proxy.config.access {
        Access::Iam => Some(proxy.grants.iam.clone()),
        Access::Open => Some(proxy.grants.anonymous.clone()),
        Access::Users(directory) => match &session.api_token {
            Some(token) => directory.snapshot().grant_of_token(token),
            None => directory.snapshot().user(&session.info.user).map(|u| u.grant.clone()),
        },
        Access::Header(directory) | Access::Oidc(directory, _) => match &session.api_token {
            Some(token) => directory.snapshot().grant_of_token(token),
            None => directory.snapshot().grant_of_groups(&session.info.groups),
        },
    }
}

/// The session as the browser may see it, with the caller's role, workspaces and permissions
/// as they are now.
pub fn session_info(session: &Session, grant: &Grant) -> SessionInfo {
    SessionInfo {
        role: grant.role.to_string(),
        workspaces: grant.workspaces.as_ref().map(|w| w.to_vec()),
        permissions: grant.permissions.names(),
        ..session.info.clone()
    }
}

/// `/api/...`: a catalogue operation of the caller's project, forwarded when the caller's
/// grant allows it (and, for a caller limited to workspaces, as narrowed to them). The answer
/// carries the operation (for the log line).
pub async fn api(State(proxy): State<Arc<Proxy>>, req: Request) -> Response {
    let call = match forward::prepare(&proxy, req).await {
        Ok(call) => call,
        Err(refused) => return refused,
    };
    let op = call.op.operation.id;
    let mut resp = checked_call(&proxy, call).await;
    resp.extensions_mut().insert(Operation(op));
    resp
}

async fn checked_call(proxy: &Arc<Proxy>, mut call: forward::Call) -> Response {
    let (op, lang) = (call.op.operation.id, call.lang);
    let Some(grant) = grant(proxy, &call.session) else {
        if matches!(proxy.config.access, Access::Header(_) | Access::Oidc(..)) && call.session.api_token.is_none() {
            let groups = call.session.info.groups.join(", ");
            let detail = format!("none of your groups ({groups}) is bound to a role");
            return reply::error(ErrorCode::PermissionDenied, lang, Some(&detail));
        }
        // The account was removed from the users file: the session ends with it.
        if let Some(key) = &call.session_key {
            if proxy.sessions.remove(key).await.is_err() {
                return store_unavailable(lang);
            }
        }
        return reply::error(ErrorCode::NotSignedIn, lang, None);
    };
    let log = proxy.config.audit.as_deref();
    let refuse = |call: &forward::Call, denied: Denied| {
        if let Some(log) = log {
            log.send(audit::ended(audit::of_call(call, &grant, kind::CALL), StatusCode::FORBIDDEN, b""));
        }
        reply::error(ErrorCode::PermissionDenied, lang, Some(&denied.detail()))
    };
    if let Err(denied) = policy::authorize(&grant, op) {
        return refuse(&call, denied);
    }
    // A deployment a roll-out holds changes through the roll-out only.
    if let Some(conflict) = crate::rollouts::held(proxy, &call.op, lang).await {
        if let Some(log) = log {
            log.send(audit::ended(audit::of_call(&call, &grant, kind::CALL), conflict.status(), b""));
        }
        return conflict;
    }
    let mut only_their_workspaces = false;
    if grant.workspaces.is_some() {
        let lookup = UpstreamLookup { proxy, session: &call.session };
        match workspaces::scope(&grant, &call.op, call.query(), &call.body, &lookup).await {
            Ok(scoped) => {
                if let Some(q) = scoped.query {
                    call.set_query(&q);
                }
                if let Some(b) = scoped.body {
                    call.body = b.into();
                }
                only_their_workspaces = scoped.only_their_workspaces;
            }
            Err(Refused::Denied(denied)) => return refuse(&call, denied),
            Err(Refused::Invalid(why)) => return reply::error(ErrorCode::InvalidParameter, lang, Some(&why)),
            Err(Refused::Lookup(_)) => {
                let detail = Some("the upstream did not say where the resource lies");
                return reply::error(ErrorCode::BadGateway, lang, detail);
            }
        }
    }
    let hide_values = policy::hides_secret_values(&grant, op);
    // A state-changing call goes only once its intent is committed. The intent, the call and its
    // result's record run on a task of their own: a caller who hangs up meanwhile (which drops
    // this handler) stops none of them, so an intent written always has its call made and its
    // result recorded.
    let changes_state = call.op.operation.method != hilens_model::Method::Get;
    if let Some(log) = proxy.config.audit.clone().filter(|_| changes_state) {
        let intent = audit::of_call(&call, &grant, kind::INTENT);
        let proxy = proxy.clone();
        // Boxed before it is spawned: the task's future (the whole forwarded call) is several KB,
        // and spawning it unboxed copied it from frame to frame (perf: memmove was the largest
        // extra of a state-changing call on the serving threads).
        let made = tokio::spawn(Box::pin(async move {
            let Ok(seq) = log.write(intent.clone()).await else { return audit_unavailable(lang) };
            let answer = forward::send(&proxy, call).await;
            let (parts, body) = answer.into_parts();
            let body = axum::body::to_bytes(body, forward::MAX_BODY_BYTES).await.unwrap_or_default();
            let result =
                AuditRecord { kind: kind::RESULT.into(), intent: Some(seq), ts: hilens_portal::audit::now(), ..intent };
            if log.write(audit::ended(result, parts.status, &body)).await.is_err() {
                // The call was made; its intent without a result shows in `audit verify`.
                tracing::error!(target: "hilens_portal::audit", intent = seq, "the result of a call could not be recorded");
            }
            Response::from_parts(parts, body.into())
        }));
        return made.await.unwrap_or_else(|_| reply::error(ErrorCode::BadGateway, lang, None));
    }
    // A reveal of secret values is answered only once it is recorded.
    let reveal = log
        .filter(|_| matches!(op, OperationId::ListSecrets | OperationId::ShowSecret) && !hide_values)
        .map(|_| audit::of_call(&call, &grant, kind::CALL));
    let answer = forward::send(proxy, call).await;
    if let (Some(log), Some(record)) = (log, reveal) {
        if answer.status().is_success() && log.write(audit::ended(record, answer.status(), b"")).await.is_err() {
            return audit_unavailable(lang);
        }
    }
    if hide_values {
        rewritten(answer, lang, policy::remove_secret_values).await
    } else if only_their_workspaces {
        rewritten(answer, lang, |body| workspaces::only_their_workspaces(&grant, body)).await
    } else {
        answer
    }
}

/// 503: the audit log cannot be written, so the call was not made.
fn audit_unavailable(lang: Lang) -> Response {
    let detail = Some("the audit log cannot be written; the call was not made");
    let mut resp = reply::error(ErrorCode::NotReady, lang, detail);
    resp.headers_mut().insert(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from_static("5"));
    resp
}

/// Where resources lie, asked of the upstream with the caller's own credentials.
struct UpstreamLookup<'a> {
    proxy: &'a Proxy,
    session: &'a Session,
}

impl UpstreamLookup<'_> {
    /// `op`'s answer for the resource `id`, read as `T`; `None` when there is no such resource.
    async fn show<T: serde::de::DeserializeOwned>(
        &self,
        op: OperationId,
        param: &str,
        id: &str,
    ) -> Result<Option<T>, LookupFailed> {
        let project = self.session.info.project_id.as_str();
        let path = hilens_model::Operation::get(op).build_path(&[("project_id", project), (param, id)]);
        match forward::read(self.proxy, self.session, path).await {
            Some((StatusCode::NOT_FOUND, _)) => Ok(None),
            Some((status, body)) if status.is_success() => {
                serde_json::from_slice(&body).map(Some).map_err(|_| LookupFailed)
            }
            _ => Err(LookupFailed),
        }
    }
}

impl Lookup for UpstreamLookup<'_> {
    async fn workspace_of(&self, kind: Kind, id: &str) -> Result<Option<String>, LookupFailed> {
        // An id that is not a safe path segment names nothing (and is never put in a path).
        if id.is_empty() || id.contains(['/', '?', '#', '%']) {
            return Ok(None);
        }
        // A resource without a workspace is in none of theirs ("").
        Ok(match kind {
            Kind::Node => self.show::<Node>(OperationId::ShowNode, "node_id", id).await?.map(|n| n.workspace_id),
            Kind::ConfigMap => self
                .show::<ConfigMapBody>(OperationId::ShowConfigMap, "config_map_id", id)
                .await?
                .map(|m| m.workspace_id.or(m.configmap.workspace_id)),
            Kind::Secret => {
                self.show::<SecretShown>(OperationId::ShowSecret, "secret_id", id).await?.map(|s| s.secret.workspace_id)
            }
        }
        .map(Option::unwrap_or_default))
    }

    async fn deployment_nodes(&self, id: &str) -> Result<Option<Vec<String>>, LookupFailed> {
        if id.is_empty() || id.contains(['/', '?', '#', '%']) {
            return Ok(None);
        }
        Ok(self.show::<Deployment>(OperationId::ShowDeployment, "deployment_id", id).await?.map(|d| d.node_ids))
    }
}

/// A successful answer rewritten by `rewrite`; one it cannot rewrite (not JSON) is not passed
/// on (502), so nothing it was to remove slips through.
async fn rewritten(answer: Response, lang: Lang, rewrite: impl FnOnce(&[u8]) -> Option<Vec<u8>>) -> Response {
    if !answer.status().is_success() {
        return answer;
    }
    let (mut parts, body) = answer.into_parts();
    let cleaned = match axum::body::to_bytes(body, forward::MAX_BODY_BYTES).await {
        Ok(bytes) => rewrite(&bytes),
        Err(_) => None,
    };
    let Some(cleaned) = cleaned else {
        return reply::error(ErrorCode::BadGateway, lang, Some("the upstream's answer is not JSON"));
    };
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    Response::from_parts(parts, cleaned.into())
}
