//! The team portal (crate `hilens-portal`) wired into the proxy: the caller's grant, resolved
//! on every call from the current users and roles files (never kept in the session); the API
//! route, which forwards a call only when the grant allows it (403 `CONSOLE.0403` naming the
//! missing permission otherwise, the upstream untouched); the one rewrite of an answer (secret
//! values out for callers without `secrets:reveal`); and what `/auth/session` says of the
//! caller.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use hilens_model::console::SessionInfo;
use hilens_model::error::{ErrorCode, Lang};
use hilens_portal::{policy, Grant};

use crate::auth::store_unavailable;
use crate::forward;
use crate::layers::Operation;
use crate::reply;
use crate::session::Session;
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
        FixedGrants { iam: Grant::everything("iam"), anonymous: Grant::everything("anonymous") }
    }
}

/// How each mode's callers signed in, as the session and the audit log say it.
pub fn auth_method(access: &Access) -> &'static str {
    match access {
        Access::Iam => "iam",
        Access::Users(_) => "users",
        Access::Open => "none",
    }
}

/// What the caller of `session` may do now; `None` when their local account is gone.
pub fn grant(proxy: &Proxy, session: &Session) -> Option<Grant> {
    match &proxy.config.access {
        Access::Iam => Some(proxy.grants.iam.clone()),
        Access::Open => Some(proxy.grants.anonymous.clone()),
        Access::Users(directory) => directory.snapshot().user(&session.info.user).map(|u| u.grant.clone()),
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
/// grant allows it. The answer carries the operation (for the log line).
pub async fn api(State(proxy): State<Arc<Proxy>>, req: Request) -> Response {
    let call = match forward::prepare(&proxy, req).await {
        Ok(call) => call,
        Err(refused) => return refused,
    };
    let (op, lang) = (call.op.operation.id, call.lang);
    let mut resp = match grant(&proxy, &call.session) {
        None => {
            // The account was removed from the users file: the session ends with it.
            if let Some(key) = &call.session_key {
                if proxy.sessions.remove(key).await.is_err() {
                    return store_unavailable(lang);
                }
            }
            reply::error(ErrorCode::NotSignedIn, lang, None)
        }
        // Fail closed until workspace limits are enforced per operation: nothing outside the
        // caller's workspaces can be reached because nothing is forwarded.
        Some(grant) if grant.workspaces.is_some() => {
            reply::error(ErrorCode::PermissionDenied, lang, Some("workspace limits are not enforced by this build"))
        }
        Some(grant) => match policy::authorize(&grant, op) {
            Err(denied) => reply::error(ErrorCode::PermissionDenied, lang, Some(&denied.detail())),
            Ok(()) => {
                let hide_values = policy::hides_secret_values(&grant, op);
                let answer = forward::send(&proxy, call).await;
                if hide_values {
                    without_secret_values(answer, lang).await
                } else {
                    answer
                }
            }
        },
    };
    resp.extensions_mut().insert(Operation(op));
    resp
}

/// A successful secrets answer without its values; one that cannot be cleaned is not passed
/// on (502).
async fn without_secret_values(answer: Response, lang: Lang) -> Response {
    if !answer.status().is_success() {
        return answer;
    }
    let (mut parts, body) = answer.into_parts();
    let cleaned = match axum::body::to_bytes(body, forward::MAX_BODY_BYTES).await {
        Ok(bytes) => policy::remove_secret_values(&bytes),
        Err(_) => None,
    };
    let Some(cleaned) = cleaned else {
        return reply::error(ErrorCode::BadGateway, lang, Some("the upstream's secrets answer is not JSON"));
    };
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    if parts.status == StatusCode::NO_CONTENT {
        parts.status = StatusCode::OK;
    }
    Response::from_parts(parts, cleaned.into())
}
