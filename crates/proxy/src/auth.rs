//! The console's sign-in: the proxy asks IAM for a project-scoped token with the user's
//! password, keeps the token, and gives the browser only a session cookie.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use hilens_model::console::{LoginRequest, SessionInfo};
use hilens_model::error::{ApiError, ErrorCode, FieldError};
use hilens_model::iam::{
    ProjectRef, TokenRequest, TokenResponse, SUBJECT_TOKEN_HEADER, TOKENS_PATH, TOKEN_LIFETIME_SECS,
};

use crate::reply::{self, lang_of};
use crate::session::{clear_cookie, set_cookie};
use crate::Proxy;

/// Sign-in answers are small; anything bigger is not IAM.
const MAX_IAM_BODY: usize = 64 * 1024;

/// A project given as a 32-hex-digit id is an id; anything else is a project name.
fn project_ref(project: Option<&str>, default_name: &str) -> ProjectRef {
    match project.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) if p.len() == 32 && p.bytes().all(|b| b.is_ascii_hexdigit()) => ProjectRef::Id(p.to_string()),
        Some(p) => ProjectRef::Name(p.to_string()),
        None => ProjectRef::Name(default_name.to_string()),
    }
}

fn missing(login: &LoginRequest) -> Option<FieldError> {
    [("domain", &login.domain), ("user", &login.user), ("password", &login.password)]
        .into_iter()
        .find(|(_, v)| v.trim().is_empty())
        .map(|(field, _)| FieldError::new(field, "required", "不能为空", "is required"))
}

/// `POST /auth/login` with `{"domain", "user", "password", "project"?}`.
pub async fn login(State(proxy): State<Arc<Proxy>>, headers: HeaderMap, body: axum::body::Bytes) -> Response {
    let lang = lang_of(&headers);
    let login: LoginRequest = match serde_json::from_slice(&body) {
        Ok(l) => l,
        Err(_) => {
            return reply::error(
                ErrorCode::InvalidParameter,
                lang,
                Some("body: {\"domain\", \"user\", \"password\", \"project\"}"),
            )
        }
    };
    if let Some(err) = missing(&login) {
        return reply::json(StatusCode::BAD_REQUEST, &ApiError::from_field(&err, lang));
    }
    let project = project_ref(login.project.as_deref(), &proxy.config.default_project_name);
    let iam_body = TokenRequest::password(&login.domain, &login.user, &login.password, project);
    let Ok(iam_body) = serde_json::to_vec(&iam_body) else {
        return reply::error(ErrorCode::Internal, lang, None);
    };
    let req = Request::post(TOKENS_PATH)
        .header(header::CONTENT_TYPE, "application/json")
        .header("x-language", lang.header_value())
        .body(Body::from(iam_body));
    let Ok(req) = req else { return reply::error(ErrorCode::Internal, lang, None) };
    let resp = proxy.config.upstream.send(req).await;
    let status = resp.status();
    let token = resp.headers().get(SUBJECT_TOKEN_HEADER).and_then(|v| v.to_str().ok()).map(str::to_string);
    let Ok(bytes) = axum::body::to_bytes(resp.into_body(), MAX_IAM_BODY).await else {
        return reply::error(ErrorCode::BadGateway, lang, Some("IAM"));
    };
    if !status.is_success() {
        // IAM's own error (wrong password, project not allowed) goes to the user as it is.
        return match serde_json::from_slice::<ApiError>(&bytes) {
            Ok(err) => reply::json(status, &err),
            Err(_) => reply::error(ErrorCode::BadGateway, lang, Some("IAM")),
        };
    }
    let (Some(token), Ok(body)) = (token, serde_json::from_slice::<TokenResponse>(&bytes)) else {
        return reply::error(ErrorCode::BadGateway, lang, Some("IAM"));
    };
    let info = SessionInfo {
        domain: login.domain,
        user: body.token.user.name,
        project_id: body.token.project.id,
        project_name: body.token.project.name,
        expires_at: body.token.expires_at,
    };
    let id = proxy.sessions.create(token, info.clone(), Duration::from_secs(TOKEN_LIFETIME_SECS as u64));
    let mut resp = Json(info).into_response();
    if let Ok(v) = set_cookie(&id).parse() {
        resp.headers_mut().insert(header::SET_COOKIE, v);
    }
    resp
}

/// `POST /auth/logout`: forgets the session (and its token) and clears the cookie.
pub async fn logout(State(proxy): State<Arc<Proxy>>, headers: HeaderMap) -> Response {
    proxy.sessions.remove(&headers);
    let mut resp = StatusCode::NO_CONTENT.into_response();
    if let Ok(v) = clear_cookie().parse() {
        resp.headers_mut().insert(header::SET_COOKIE, v);
    }
    resp
}

/// `GET /auth/session`: who is signed in, or 401.
pub async fn session(State(proxy): State<Arc<Proxy>>, headers: HeaderMap) -> Response {
    match proxy.sessions.get(&headers) {
        Some((_, info)) => Json(info).into_response(),
        None => reply::error(ErrorCode::NotSignedIn, lang_of(&headers), None),
    }
}
