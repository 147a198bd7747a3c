//! The console's sign-in, in each mode:
//! - IAM (user mode): the proxy asks IAM for a project-scoped token with the user's password
//!   and keeps it; the browser gets only a session cookie;
//! - local users (service mode): a name and a password checked against an Argon2 hash of the
//!   users file (`hilens_portal::identity`), each with a role;
//! - open (service mode, `--console-auth none`): nobody signs in.

use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use hilens_model::console::{LoginRequest, SessionInfo};
use hilens_model::error::{ApiError, ErrorCode, FieldError, Lang};
use hilens_model::iam::{ProjectRef, TokenRequest, TokenResponse, SUBJECT_TOKEN_HEADER, TOKENS_PATH};
use hilens_model::portal::operation as op;
use hilens_model::time::parse_iso8601 as parse_iam_time;

use crate::reply::{self, lang_of};
use crate::session::{clear_cookie, set_cookie, Session, SessionKey, StoreUnavailable};
use crate::upstream::{Outgoing, Service, UpstreamError};
use crate::{portal, Access, Proxy};

/// Tokens are given up an hour before IAM's expiry, so no call meets an expired token.
const TOKEN_MARGIN_SECS: i64 = 3600;
/// Sessions of local users and of IAM users whose expiry cannot be read.
const DEFAULT_SESSION_SECS: i64 = 12 * 3600;
/// Sign-in requests are small.
const MAX_LOGIN_BODY: usize = 16 * 1024;

/// A project given as a 32-hex-digit id is an id; anything else is a project name.
fn project_ref(project: Option<&str>, default_name: &str) -> ProjectRef {
    match project.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) if p.len() == 32 && p.bytes().all(|b| b.is_ascii_hexdigit()) => ProjectRef::Id(p.to_string()),
        Some(p) => ProjectRef::Name(p.to_string()),
        None => ProjectRef::Name(default_name.to_string()),
    }
}

fn missing(login: &LoginRequest, need_domain: bool) -> Option<FieldError> {
    let domain = if need_domain { Some(("domain", &login.domain)) } else { None };
    domain
        .into_iter()
        .chain([("user", &login.user), ("password", &login.password)])
        .find(|(_, v)| v.trim().is_empty())
        .map(|(field, _)| FieldError::new(field, "required", "不能为空", "is required"))
}

fn now_secs() -> i64 {
    hilens_emulator::clock::now_secs()
}

/// The session the service key gives when nobody signs in.
pub fn open_session(proxy: &Proxy) -> Option<Session> {
    let key = proxy.config.service_key.as_ref()?;
    Some(Session {
        token: None,
        api_token: None,
        info: SessionInfo {
            project_id: key.project_id.clone(),
            project_name: proxy.config.default_project_name.clone(),
            auth_method: portal::auth_method(&proxy.config.access).into(),
            ..SessionInfo::default()
        },
    })
}

/// The session as the browser may see it (with the caller's role now), or 401 when the
/// caller's account is gone.
fn session_answer(proxy: &Proxy, session: &Session, lang: Lang) -> Response {
    match portal::grant(proxy, session) {
        Some(grant) => Json(portal::session_info(session, &grant)).into_response(),
        None => reply::error(ErrorCode::NotSignedIn, lang, None),
    }
}

/// Who calls: the cookie's session, or (a script) the API token of `Authorization: Bearer`,
/// or the service's session in open mode. Both a cookie and a token: 400 (which one would
/// be meant?); a store that does not answer: 503.
pub async fn caller<B>(proxy: &Proxy, req: &mut axum::http::Request<B>) -> Result<Option<Arc<Session>>, Response> {
    let lang = lang_of(req.headers());
    let session_key = SessionKey::of_request(req);
    match crate::tokens::TokenKey::of_request(req) {
        // The gateway in front says who calls, on every request.
        None if matches!(proxy.config.access, Access::Header(_)) => {
            Ok(header_session(proxy, req.headers()).map(Arc::new))
        }
        None => current(proxy, session_key.as_ref()).await.map_err(|_| store_unavailable(lang)),
        Some(_) if session_key.is_some() => Err(reply::error(
            ErrorCode::InvalidParameter,
            lang,
            Some("send a session cookie or an Authorization: Bearer token, not both"),
        )),
        Some(key) => Ok(crate::tokens::session_of(proxy, &key)),
    }
}

/// The session of the user an SSO gateway names (`X-Forwarded-User`, 1 to 128 characters, and
/// their `X-Forwarded-Groups`, comma-separated); only trusted proxies' headers get this far
/// (`layers::forwarded_headers`).
pub fn header_session(proxy: &Proxy, headers: &axum::http::HeaderMap) -> Option<Session> {
    let user = headers.get("x-forwarded-user")?.to_str().ok()?.trim();
    if user.is_empty() || user.chars().count() > 128 || user.chars().any(char::is_control) {
        return None;
    }
    let groups = headers
        .get_all("x-forwarded-groups")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|g| !g.is_empty() && g.len() <= 256)
        .take(256)
        .map(str::to_string)
        .collect();
    let mut session = open_session(proxy)?;
    session.info.user = user.to_string();
    session.info.groups = groups;
    Some(session)
}

/// The caller's session: the cookie's, or the service's in open mode.
pub async fn current(proxy: &Proxy, key: Option<&SessionKey>) -> Result<Option<Arc<Session>>, StoreUnavailable> {
    match (&proxy.config.access, key) {
        (Access::Open, _) => Ok(open_session(proxy).map(Arc::new)),
        (_, Some(key)) => proxy.sessions.get(key).await,
        (_, None) => Ok(None),
    }
}

/// 503 in the API's shape: the shared session store is down (the session is not ended).
pub fn store_unavailable(lang: Lang) -> Response {
    let mut resp = reply::error(ErrorCode::SessionStoreUnavailable, lang, None);
    resp.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("2"));
    resp
}

/// `POST /auth/login` with `{"domain", "user", "password", "project"?}`.
/// Sign-ins and failed sign-ins (a wrong password) go to the audit log.
pub async fn login(State(proxy): State<Arc<Proxy>>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let (resp, attempted) = sign_in(&proxy, &parts, body).await;
    let Some(log) = proxy.config.audit.as_ref() else { return resp };
    let status = resp.status();
    if status == StatusCode::UNAUTHORIZED {
        let user = attempted.unwrap_or_default();
        log.send(crate::audit::event(&proxy, &parts, op::SIGN_IN_FAILED, &user, "", status));
        return resp;
    }
    if !status.is_success() {
        return resp;
    }
    // Who signed in, as the answer says (the IAM user's own name, the role now).
    let (head, body) = resp.into_parts();
    let body = axum::body::to_bytes(body, MAX_LOGIN_BODY).await.unwrap_or_default();
    let info: SessionInfo = serde_json::from_slice(&body).unwrap_or_default();
    log.send(crate::audit::event(&proxy, &parts, op::SIGN_IN, &info.user, &info.role, status));
    Response::from_parts(head, body.into())
}

/// The sign-in itself, and the user name it was for (once the body was read).
async fn sign_in(proxy: &Arc<Proxy>, parts: &Parts, body: Body) -> (Response, Option<String>) {
    let lang = lang_of(&parts.headers);
    let addr = reply::client_ip(&parts.extensions).map_or_else(|| "unknown".into(), |ip| ip.to_string());
    let Ok(body) = axum::body::to_bytes(body, MAX_LOGIN_BODY).await else {
        return (reply::error(ErrorCode::BodyTooLarge, lang, None), None);
    };
    let login: LoginRequest = match serde_json::from_slice(&body) {
        Ok(l) => l,
        Err(_) => {
            let detail = Some("body: {\"domain\", \"user\", \"password\", \"project\"}");
            return (reply::error(ErrorCode::InvalidParameter, lang, detail), None);
        }
    };
    let attempted = Some(login.user.clone());
    let resp = signed_in(proxy, login, lang, &addr).await;
    (resp, attempted)
}

/// Signs `login` in, in the proxy's mode: the session's answer with its cookie, or why not.
async fn signed_in(proxy: &Arc<Proxy>, login: LoginRequest, lang: Lang, addr: &str) -> Response {
    // Both the address and the user name are limited, so neither many names from one
    // address nor one name from many addresses can guess passwords quickly.
    for key in [format!("addr:{addr}"), format!("user:{}:{}", login.domain, login.user)] {
        if let Err(wait) = proxy.login_limit.take(&key) {
            return reply::too_many(lang, wait);
        }
    }
    let (session, lifetime) = match &proxy.config.access {
        Access::Iam => match iam_sign_in(proxy, &login, lang).await {
            Ok(s) => s,
            Err(resp) => return resp,
        },
        Access::Users(directory) => {
            if let Some(err) = missing(&login, false) {
                return reply::json(StatusCode::BAD_REQUEST, &ApiError::from_field(&err, lang));
            }
            let snapshot = directory.snapshot();
            let Some(user) = snapshot.sign_in(&login.user, &login.password) else {
                return reply::error(ErrorCode::WrongPassword, lang, None);
            };
            let Some(mut s) = open_session(proxy) else { return reply::error(ErrorCode::Internal, lang, None) };
            s.info.user = user.name.clone();
            s.info.expires_at = hilens_emulator::clock::iso8601(now_secs() + DEFAULT_SESSION_SECS);
            (s, Duration::from_secs(DEFAULT_SESSION_SECS as u64))
        }
        Access::Open => {
            return match open_session(proxy) {
                Some(s) => session_answer(proxy, &s, lang),
                None => reply::error(ErrorCode::Internal, lang, None),
            }
        }
        // The gateway signs people in; there is nothing to sign in to here.
        Access::Header(_) => return reply::error(ErrorCode::NotSignedIn, lang, Some("the SSO gateway signs you in")),
        Access::Oidc(..) => {
            return reply::error(
                ErrorCode::NotSignedIn,
                lang,
                Some("sign in with the identity provider: /auth/oidc/login"),
            )
        }
    };
    let Ok(id) = proxy.sessions.create(session.clone(), lifetime).await else {
        return store_unavailable(lang);
    };
    let mut resp = session_answer(proxy, &session, lang);
    if let Ok(v) = set_cookie(&id, proxy.config.secure_cookie).parse() {
        resp.headers_mut().insert(header::SET_COOKIE, v);
    }
    resp
}

async fn iam_sign_in(proxy: &Proxy, login: &LoginRequest, lang: Lang) -> Result<(Session, Duration), Response> {
    if let Some(err) = missing(login, true) {
        return Err(reply::json(StatusCode::BAD_REQUEST, &ApiError::from_field(&err, lang)));
    }
    let project = project_ref(login.project.as_deref(), &proxy.config.default_project_name);
    let body = TokenRequest::password(&login.domain, &login.user, &login.password, project);
    let body = serde_json::to_vec(&body).map_err(|_| reply::error(ErrorCode::Internal, lang, None))?;
    let out = Outgoing {
        service: Service::Iam,
        method: Method::POST,
        path_and_query: TOKENS_PATH.into(),
        headers: vec![
            (header::CONTENT_TYPE, HeaderValue::from_static("application/json")),
            (HeaderName::from_static("x-language"), HeaderValue::from_static(lang.header_value())),
        ],
        body: Bytes::from(body),
    };
    let answer = proxy.config.upstream.send(out).await.map_err(|e| upstream_failure(e, lang))?;
    if !answer.status.is_success() {
        // IAM's own error (wrong password, project not allowed) goes to the user as it is.
        return Err(match serde_json::from_slice::<ApiError>(&answer.body) {
            Ok(err) => reply::json(answer.status, &err),
            Err(_) => reply::json(answer.status, &ApiError::new(ErrorCode::WrongPassword, lang, None)),
        });
    }
    let token = answer.headers.get(SUBJECT_TOKEN_HEADER).filter(|v| v.to_str().is_ok()).map(|v| {
        let mut token = v.clone();
        token.set_sensitive(true);
        token
    });
    let parsed = serde_json::from_slice::<TokenResponse>(&answer.body);
    let (Some(token), Ok(body)) = (token, parsed) else {
        return Err(reply::error(ErrorCode::BadGateway, lang, Some("IAM")));
    };
    let lifetime = parse_iam_time(&body.token.expires_at)
        .map(|exp| exp - now_secs() - TOKEN_MARGIN_SECS)
        .unwrap_or(DEFAULT_SESSION_SECS)
        .max(60);
    let info = SessionInfo {
        domain: login.domain.clone(),
        user: body.token.user.name,
        project_id: body.token.project.id,
        project_name: body.token.project.name,
        expires_at: body.token.expires_at,
        auth_method: portal::auth_method(&proxy.config.access).into(),
        ..SessionInfo::default()
    };
    Ok((Session { token: Some(token), info, api_token: None }, Duration::from_secs(lifetime as u64)))
}

pub fn upstream_failure(e: UpstreamError, lang: Lang) -> Response {
    match e {
        UpstreamError::Timeout => reply::error(ErrorCode::GatewayTimeout, lang, None),
        UpstreamError::Unreachable => reply::error(ErrorCode::BadGateway, lang, None),
    }
}

/// `POST /auth/logout`: forgets the session (and its token) and clears the cookie.
pub async fn logout(State(proxy): State<Arc<Proxy>>, req: Request) -> Response {
    if let Some(key) = SessionKey::of(req.headers()) {
        // Who signs out, for the audit log.
        let leaving = match &proxy.config.audit {
            Some(_) => proxy.sessions.get(&key).await.ok().flatten(),
            None => None,
        };
        // A sign-out that cannot reach the store has not ended the session: say so.
        if proxy.sessions.remove(&key).await.is_err() {
            return store_unavailable(lang_of(req.headers()));
        }
        if let (Some(log), Some(session)) = (&proxy.config.audit, leaving) {
            let role = portal::grant(&proxy, &session).map(|g| g.role.to_string()).unwrap_or_default();
            let (head, _) = req.into_parts();
            let event =
                crate::audit::event(&proxy, &head, op::SIGN_OUT, &session.info.user, &role, StatusCode::NO_CONTENT);
            log.send(event);
        }
    }
    let mut resp = StatusCode::NO_CONTENT.into_response();
    if let Ok(v) = clear_cookie(proxy.config.secure_cookie).parse() {
        resp.headers_mut().insert(header::SET_COOKIE, v);
    }
    resp
}

/// `GET /auth/session`: who is signed in (or whose API token this is), or 401.
pub async fn session(State(proxy): State<Arc<Proxy>>, mut req: Request) -> Response {
    let lang = lang_of(req.headers());
    match caller(&proxy, &mut req).await {
        Ok(Some(s)) => session_answer(&proxy, &s, lang),
        Ok(None) => reply::error(ErrorCode::NotSignedIn, lang, None),
        Err(refused) => refused,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iam_times_parse() {
        assert_eq!(parse_iam_time("2024-01-02T03:04:05.000000Z"), Some(1_704_164_645));
        assert_eq!(parse_iam_time("garbage"), None);
    }
}
