//! API tokens (`hilens_portal::identity::tokens`) wired into the proxy: `Authorization: Bearer`
//! on `/api/...` (and `/auth/session`, `/portal/audit`) acts for the token's owner;
//! `POST/GET /auth/tokens` and `DELETE /auth/tokens/{id}` for the signed-in user's own tokens;
//! `GET /portal/tokens` and `DELETE /portal/tokens/{id}` for admins (`tokens:admin`).
//! Tokens exist where users sign in to the proxy (service mode); a token can neither make nor
//! revoke tokens. Making and revoking one is recorded in the audit log.

use std::sync::Arc;

use axum::extract::{Path, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use hilens_model::console::SessionInfo;
use hilens_model::error::{ApiError, ErrorCode, Lang};
use hilens_model::portal::{
    kind, operation as op, AuditRecord, CreateTokenRequest, CreatedToken, TokenList, TOKEN_PREFIX,
};
use hilens_model::Permission;
use hilens_portal::identity::tokens::{self, ApiToken, TokenHash, Tokens};
use hilens_portal::policy::Denied;

use crate::reply::{self, lang_of};
use crate::session::Session;
use crate::{portal, Access, Proxy};

/// Bodies of `POST /auth/tokens` are small.
const MAX_BODY: usize = 16 * 1024;

/// The SHA-256 of the request's `Authorization: Bearer hlt_...` token, worked out once per
/// request (the rate limit, the anti-forgery check and the call all need it).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct TokenKey(TokenHash);

impl TokenKey {
    pub fn of_request<B>(req: &mut axum::http::Request<B>) -> Option<TokenKey> {
        if let Some(known) = req.extensions().get::<Option<TokenKey>>() {
            return *known;
        }
        let key = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| t.starts_with(TOKEN_PREFIX))
            .map(|t| TokenKey(tokens::hash(t)));
        req.extensions_mut().insert(key);
        key
    }

    /// The token's bucket in the rate limit (a prefix of its hash: names it, reveals nothing).
    pub fn tag(&self) -> [u8; 8] {
        let mut tag = [0u8; 8];
        tag.copy_from_slice(&self.0[..8]);
        tag
    }
}

/// The session a live token acts with: its owner's, in the service's project; `None` for an
/// unknown, revoked or expired token (401), or where there are no tokens.
pub fn session_of(proxy: &Proxy, key: &TokenKey) -> Option<Arc<Session>> {
    let token = proxy.config.tokens.as_ref()?.find(&key.0)?;
    let mut session = crate::auth::open_session(proxy)?;
    session.info.user = token.owner.clone();
    session.info.auth_method = "token".into();
    session.info.expires_at = token.expires_at.clone();
    session.api_token = Some(token);
    Some(Arc::new(session))
}

/// The signed-in user (by cookie: a token cannot manage tokens) and the token store, or why
/// not.
async fn manager(proxy: &Proxy, req: &mut Request) -> Result<(Arc<Session>, Arc<Tokens>), Response> {
    let lang = lang_of(req.headers());
    if TokenKey::of_request(req).is_some() {
        let detail = Some("an API token cannot make, list or revoke tokens: sign in");
        return Err(reply::error(ErrorCode::PermissionDenied, lang, detail));
    }
    let offered = hilens_model::portal::tokens_offered(crate::portal::auth_method(&proxy.config.access));
    let Some(tokens) = proxy.config.tokens.clone().filter(|_| offered) else {
        let detail =
            Some("API tokens exist where users sign in through the proxy (--console-auth users, oidc or header)");
        return Err(reply::error(ErrorCode::PermissionDenied, lang, detail));
    };
    match crate::auth::caller(proxy, req).await {
        Ok(Some(session)) => Ok((session, tokens)),
        Ok(None) => Err(reply::error(ErrorCode::NotSignedIn, lang, None)),
        Err(refused) => Err(refused),
    }
}

/// Where a request came from, as the audit log says it (kept apart from the request, whose
/// body cannot be held across an await).
struct Origin {
    method: String,
    path: String,
    client_address: String,
    lang: Lang,
}

impl Origin {
    fn of(req: &Request) -> Origin {
        Origin {
            method: req.method().as_str().into(),
            path: req.uri().path().into(),
            client_address: reply::client_addr(req),
            lang: lang_of(req.headers()),
        }
    }
}

/// A token made or revoked, for the audit log.
fn token_event(proxy: &Proxy, origin: &Origin, actor: &SessionInfo, operation: &str, token: &ApiToken) {
    let Some(log) = &proxy.config.audit else { return };
    let mut record = AuditRecord {
        kind: kind::EVENT.into(),
        ts: hilens_portal::audit::now(),
        user: actor.user.clone(),
        auth_method: actor.auth_method.clone(),
        operation: operation.into(),
        method: origin.method.clone(),
        path: origin.path.clone(),
        resource_id: Some(token.id.clone()),
        resource_name: Some(token.name.clone()),
        status: Some(200),
        client_address: origin.client_address.clone(),
        ..AuditRecord::default()
    };
    record.params.insert("owner".into(), token.owner.clone());
    if let Some(role) = &token.role {
        record.params.insert("role".into(), role.to_string());
    }
    record.params.insert("expires_at".into(), token.expires_at.clone());
    log.send(record);
}

/// `POST /auth/tokens` `{"name", "expires_in_days", "role"?}` → `{"id", "token", "expires_at"}`.
pub async fn create(State(proxy): State<Arc<Proxy>>, mut req: Request) -> Response {
    let lang = lang_of(req.headers());
    let (session, tokens) = match manager(&proxy, &mut req).await {
        Ok(m) => m,
        Err(refused) => return refused,
    };
    let origin = Origin::of(&req);
    let Ok(body) = axum::body::to_bytes(req.into_body(), MAX_BODY).await else {
        return reply::error(ErrorCode::BodyTooLarge, lang, None);
    };
    let asked: CreateTokenRequest = match serde_json::from_slice(&body) {
        Ok(a) => a,
        Err(_) => {
            let detail = Some("body: {\"name\", \"expires_in_days\" (1 to 365), \"role\"?}");
            return reply::error(ErrorCode::InvalidParameter, lang, detail);
        }
    };
    if let Err(e) = asked.validate() {
        return reply::json(StatusCode::BAD_REQUEST, &ApiError::from_field(&e, lang));
    }
    let (Access::Users(directory) | Access::Header(directory) | Access::Oidc(directory, _)) = &proxy.config.access
    else {
        return reply::error(ErrorCode::Internal, lang, None);
    };
    if let Some(role) = asked.role.as_deref().filter(|r| !directory.snapshot().has_role(r)) {
        return reply::error(ErrorCode::InvalidParameter, lang, Some(&format!("role {role:?} is no role")));
    }
    let (owner, groups) = (session.info.user.clone(), session.info.groups.clone());
    let made = tokio::task::spawn_blocking(move || {
        tokens.create(&owner, &groups, &asked.name, asked.role.as_deref(), asked.expires_in_days)
    })
    .await;
    let Ok(Ok((token, secret))) = made else {
        return reply::error(ErrorCode::Internal, lang, Some("the token could not be stored"));
    };
    token_event(&proxy, &origin, &session.info, op::TOKEN_CREATED, &token);
    let created = CreatedToken { id: token.id.clone(), token: secret, expires_at: token.expires_at.clone() };
    let mut resp = reply::json(StatusCode::CREATED, &created);
    resp.headers_mut().insert(header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    resp
}

/// `GET /auth/tokens`: the signed-in user's live tokens.
pub async fn list(State(proxy): State<Arc<Proxy>>, mut req: Request) -> Response {
    match manager(&proxy, &mut req).await {
        Ok((session, tokens)) => {
            reply::json(StatusCode::OK, &TokenList { tokens: tokens.list(Some(&session.info.user)) })
        }
        Err(refused) => refused,
    }
}

/// `DELETE /auth/tokens/{id}`: revokes one of the signed-in user's tokens (204; 404 when it
/// is not one of theirs).
pub async fn revoke(State(proxy): State<Arc<Proxy>>, Path(id): Path<String>, mut req: Request) -> Response {
    match manager(&proxy, &mut req).await {
        Ok((session, tokens)) => {
            let owner = session.info.user.clone();
            revoked(&proxy, Origin::of(&req), &session, tokens, id, Some(owner)).await
        }
        Err(refused) => refused,
    }
}

async fn revoked(
    proxy: &Proxy,
    origin: Origin,
    session: &Session,
    tokens: Arc<Tokens>,
    id: String,
    owner: Option<String>,
) -> Response {
    let lang = origin.lang;
    match tokio::task::spawn_blocking(move || tokens.revoke(&id, owner.as_deref())).await {
        Ok(Ok(Some(token))) => {
            token_event(proxy, &origin, &session.info, op::TOKEN_REVOKED, &token);
            StatusCode::NO_CONTENT.into_response()
        }
        Ok(Ok(None)) => reply::error(ErrorCode::NotFound, lang, Some("no such token")),
        _ => reply::error(ErrorCode::Internal, lang, Some("the token could not be revoked")),
    }
}

/// An admin (`tokens:admin`), by cookie.
async fn admin(proxy: &Proxy, req: &mut Request, lang: Lang) -> Result<(Arc<Session>, Arc<Tokens>), Response> {
    let (session, tokens) = manager(proxy, req).await?;
    let Some(grant) = portal::grant(proxy, &session) else {
        return Err(reply::error(ErrorCode::NotSignedIn, lang, None));
    };
    if !grant.permissions.contains(Permission::TokensAdmin) {
        let denied = Denied::Missing(Permission::TokensAdmin);
        return Err(reply::error(ErrorCode::PermissionDenied, lang, Some(&denied.detail())));
    }
    Ok((session, tokens))
}

/// `GET /portal/tokens`: everyone's live tokens.
pub async fn list_all(State(proxy): State<Arc<Proxy>>, mut req: Request) -> Response {
    let lang = lang_of(req.headers());
    match admin(&proxy, &mut req, lang).await {
        Ok((_, tokens)) => reply::json(StatusCode::OK, &TokenList { tokens: tokens.list(None) }),
        Err(refused) => refused,
    }
}

/// `DELETE /portal/tokens/{id}`: revokes anyone's token.
pub async fn revoke_any(State(proxy): State<Arc<Proxy>>, Path(id): Path<String>, mut req: Request) -> Response {
    let lang = lang_of(req.headers());
    match admin(&proxy, &mut req, lang).await {
        Ok((session, tokens)) => revoked(&proxy, Origin::of(&req), &session, tokens, id, None).await,
        Err(refused) => refused,
    }
}
