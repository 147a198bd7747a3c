//! The team portal's own endpoints (not HiLens'): the caller's API tokens (`/auth/tokens`),
//! everyone's for admins (`/portal/tokens`), and the audit log (`/portal/audit`).

use hilens_model::console::{ALL_TOKENS_PATH, ANY_TOKEN_PATH, AUDIT_PATH, TOKENS_PATH, TOKEN_PATH};
use hilens_model::portal::{AuditPage, AuditQuery, CreateTokenRequest, CreatedToken, TokenList};
use hilens_model::query::{encode_component, Params};

use super::{delete_empty, get_json, post_json, ApiError};

/// A path of [`hilens_model::console::ROUTES`] with its one `{id}` filled in.
fn with_id(template: &str, id: &str) -> String {
    template.replace("{id}", &encode_component(id))
}

/// The caller's tokens (never the tokens themselves).
pub async fn my_tokens() -> Result<TokenList, ApiError> {
    get_json(TOKENS_PATH).await
}

/// A new token: the answer holds it, the one time it is shown.
pub async fn create_token(req: &CreateTokenRequest) -> Result<CreatedToken, ApiError> {
    post_json(TOKENS_PATH, req).await
}

pub async fn revoke_token(id: &str) -> Result<(), ApiError> {
    delete_empty(&with_id(TOKEN_PATH, id)).await
}

/// Everyone's tokens (`tokens:admin`).
pub async fn all_tokens() -> Result<TokenList, ApiError> {
    get_json(ALL_TOKENS_PATH).await
}

/// Revokes anyone's token (`tokens:admin`).
pub async fn revoke_any_token(id: &str) -> Result<(), ApiError> {
    delete_empty(&with_id(ANY_TOKEN_PATH, id)).await
}

/// One page of the audit log, newest first (`audit:read`).
pub async fn audit(query: &AuditQuery) -> Result<AuditPage, ApiError> {
    get_json(&format!("{AUDIT_PATH}?{}", query.to_query_string())).await
}

/// Where the audit log's records that match `query` download as CSV (the browser's own
/// download, with the session's cookie).
pub fn audit_csv_url(query: &AuditQuery) -> String {
    let query = AuditQuery { format: Some("csv".into()), ..query.clone() };
    super::url(&format!("{AUDIT_PATH}?{}", query.to_query_string()))
}
