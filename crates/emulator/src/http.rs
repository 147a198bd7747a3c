//! From HTTP to operations and back: every request is matched against the model's catalogue,
//! authenticated, handed to its domain's handler on a blocking thread (SQLite is synchronous),
//! and answered as the cloud does: JSON, `{"error_code", "error_msg"}` on failure, and an
//! `X-Request-Id` header on every response.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use hilens_model::error::{ErrorCode, FieldError};
use hilens_model::{iam as iam_api, match_operation, query, Method};

use crate::op::{lang_of, Ctx, Failure, Reply};
use crate::{domains, iam, Emulator};

/// Bodies larger than this are refused before they are read (the cloud's gateway limit).
pub const MAX_BODY_BYTES: usize = 12 * 1024 * 1024;

pub fn router(app: Arc<Emulator>) -> Router {
    Router::new()
        .route(iam_api::TOKENS_PATH, post(iam::issue_token))
        .fallback(dispatch)
        .layer(middleware::from_fn(request_id))
        .with_state(app)
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
        domains::route(&ctx)
    })
    .await;
    match outcome {
        Ok(Ok(resp)) => resp,
        Ok(Err(failure)) => failure.into_response(lang),
        Err(_) => Failure::code(ErrorCode::Internal).into_response(lang),
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
