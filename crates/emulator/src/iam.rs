//! IAM as the emulator plays it: password sign-in scoped to a project (`POST /v3/auth/tokens`,
//! token in `X-Subject-Token`, valid 24 hours) and the `X-Auth-Token` check on every operation.
//! Tokens are stored as SHA-256 digests, so the database never holds a usable token.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use hilens_model::error::{ErrorCode, FieldError};
use hilens_model::iam::{
    NamedRef, TokenBody, TokenProject, TokenRequest, TokenResponse, TokenUser, TOKEN_LIFETIME_SECS,
};
use hilens_model::{signing, OperationMatch};
use rusqlite::{params, OptionalExtension};
use sha2::{Digest, Sha256};

use crate::clock;
use crate::config::{Account, PROJECT_NAME};
use crate::op::{self, Caller, Failure};
use crate::Emulator;

/// Issued tokens, by their SHA-256 (a token itself is never stored).
pub const TABLES: crate::db::Tables = crate::db::Tables { name: "tokens", schema: SCHEMA, seed: None };

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS tokens (
    token_sha256 TEXT PRIMARY KEY,
    domain       TEXT NOT NULL,
    user         TEXT NOT NULL,
    project_id   TEXT NOT NULL,
    issued_at    INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
);
";

fn digest(token: &str) -> String {
    signing::hex(&Sha256::digest(token.as_bytes()))
}

/// Compares without stopping at the first difference, so timing tells nothing of a password.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// `POST /v3/auth/tokens`.
pub async fn issue_token(State(app): State<Arc<Emulator>>, headers: HeaderMap, body: Bytes) -> Response {
    let lang = op::lang_of(&headers);
    let outcome = tokio::task::spawn_blocking(move || sign_in(&app, &body)).await;
    match outcome {
        Ok(Ok(resp)) => resp,
        Ok(Err(failure)) => failure.into_response(lang),
        Err(_) => Failure::code(ErrorCode::Internal).into_response(lang),
    }
}

fn sign_in(app: &Emulator, body: &Bytes) -> op::Reply {
    let req: TokenRequest = op::parse_body(body)?;
    if !req.auth.identity.methods.iter().any(|m| m == "password") {
        let err = FieldError::new("auth.identity.methods", "enum", "必须包含 password", "must include \"password\"");
        return Err(err.into());
    }
    let Some(password) = req.auth.identity.password else {
        let err = FieldError::new("auth.identity.password", "required", "不能为空", "is required");
        return Err(err.into());
    };
    let user = password.user;
    let domain = user.domain.name.as_deref().or(user.domain.id.as_deref()).unwrap_or_default();
    let account = app
        .accounts
        .iter()
        .find(|a| a.domain == domain && a.user == user.name && same(&a.password, &user.password))
        .ok_or(Failure::code(ErrorCode::WrongPassword))?;
    if let Some(scope) = &req.auth.scope {
        if !project_matches(account, &scope.project) {
            return Err(Failure::Api(ErrorCode::ProjectForbidden, Some("auth.scope.project".into())));
        }
    }

    let token = format!("MIIE{}", crate::ids::random_hex(48));
    let now = clock::now_secs();
    let expires = now + TOKEN_LIFETIME_SECS;
    app.db.conn().execute(
        "INSERT INTO tokens (token_sha256, domain, user, project_id, issued_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![digest(&token), account.domain, account.user, account.project_id, now, expires],
    )?;
    let domain_ref = NamedRef { id: Some(format!("domain-{}", account.domain)), name: Some(account.domain.clone()) };
    let body = TokenResponse {
        token: TokenBody {
            methods: vec!["password".into()],
            issued_at: clock::iso8601(now),
            expires_at: clock::iso8601(expires),
            user: TokenUser {
                id: format!("user-{}", account.user),
                name: account.user.clone(),
                domain: domain_ref.clone(),
            },
            project: TokenProject { id: account.project_id.clone(), name: PROJECT_NAME.into(), domain: domain_ref },
        },
    };
    let mut resp = op::json(StatusCode::CREATED, &body);
    let value = HeaderValue::from_str(&token).map_err(|_| Failure::code(ErrorCode::Internal))?;
    resp.headers_mut().insert(hilens_model::iam::SUBJECT_TOKEN_HEADER, value);
    Ok(resp)
}

fn project_matches(account: &Account, project: &NamedRef) -> bool {
    match (&project.id, &project.name) {
        (Some(id), _) => *id == account.project_id,
        (None, Some(name)) => name == PROJECT_NAME || *name == account.project_id,
        (None, None) => false,
    }
}

/// Operations the reference lets anyone call without a token (a token, if sent, must be valid).
fn token_optional(op: &OperationMatch) -> bool {
    op.operation.id == hilens_model::OperationId::ShowSkillInfo
}

/// What authentication looks at in a request.
pub struct RequestView<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub query: &'a [(String, String)],
    pub headers: &'a HeaderMap,
    pub body: &'a [u8],
}

/// How far `X-Sdk-Date` may be from the emulator's clock.
const MAX_CLOCK_SKEW_SECS: i64 = 15 * 60;

/// Checks the request's credentials for `op`: an AK/SK signature (`Authorization`) or a token
/// (`X-Auth-Token`), and for project-scoped operations the credentials' own project.
pub fn authenticate(app: &Emulator, req: &RequestView, op: &OperationMatch) -> Result<Option<Caller>, Failure> {
    let caller = if req.headers.contains_key("authorization") {
        Some(signed_caller(app, req)?)
    } else {
        token_caller(app, req.headers)?
    };
    let Some(caller) = caller else {
        return if token_optional(op) { Ok(None) } else { Err(Failure::code(ErrorCode::Unauthenticated)) };
    };
    if let Some(project) = op.param("project_id") {
        if project != caller.project_id {
            return Err(Failure::code(ErrorCode::ProjectForbidden));
        }
    }
    Ok(Some(caller))
}

/// The key pair whose signature this is, if it is valid and fresh.
fn signed_caller(app: &Emulator, req: &RequestView) -> Result<Caller, Failure> {
    let refuse = |why: &str| Failure::Api(ErrorCode::Unauthenticated, Some(why.to_string()));
    let header = |name: &str| req.headers.get(name).and_then(|v| v.to_str().ok());
    let auth = header("authorization").and_then(signing::parse_authorization).ok_or_else(|| refuse("Authorization"))?;
    let key = app.keys.iter().find(|k| k.ak == auth.access).ok_or_else(|| refuse("AK"))?;
    let date = header("x-sdk-date").and_then(signing::parse_sdk_date).ok_or_else(|| refuse("X-Sdk-Date"))?;
    if (clock::now_secs() - date).abs() > MAX_CLOCK_SKEW_SECS {
        return Err(refuse("X-Sdk-Date"));
    }
    let headers: Vec<(String, String)> = req
        .headers
        .iter()
        .map(|(n, v)| (n.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
        .collect();
    let parts = signing::SignedParts {
        method: req.method,
        path: req.path,
        query: req.query,
        headers: &headers,
        body: req.body,
    };
    if !auth.signed_headers.iter().any(|h| h == "host") || !signing::verify(&key.sk, &auth, &parts) {
        return Err(refuse("signature"));
    }
    if header("x-project-id").is_some_and(|p| p != key.project_id) {
        return Err(Failure::code(ErrorCode::ProjectForbidden));
    }
    Ok(Caller { domain: String::new(), user: format!("ak:{}", key.ak), project_id: key.project_id.clone() })
}

/// The user whose token this is, if any token was sent; an invalid one is refused.
fn token_caller(app: &Emulator, headers: &HeaderMap) -> Result<Option<Caller>, Failure> {
    let token = headers.get("x-auth-token").and_then(|v| v.to_str().ok()).filter(|t| !t.is_empty());
    let Some(token) = token else { return Ok(None) };
    let caller = app
        .db
        .conn()
        .query_row(
            "SELECT domain, user, project_id FROM tokens WHERE token_sha256 = ?1 AND expires_at > ?2",
            params![digest(token), clock::now_secs()],
            |r| Ok(Caller { domain: r.get(0)?, user: r.get(1)?, project_id: r.get(2)? }),
        )
        .optional()?
        .ok_or(Failure::code(ErrorCode::Unauthenticated))?;
    Ok(Some(caller))
}
