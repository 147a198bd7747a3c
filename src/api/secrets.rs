//! Secrets: one function per catalogue operation, named as in the official SDK.
//! Generated once from shared/sdk/operations.tsv; `tests/components.rs` checks every operation has one.

#![allow(dead_code)] // the domain pages that use them come one by one

use hilens_model::*;

use super::{call, ApiError};

/// `create_secret`: 创建密钥 (POST /v3/{project_id}/ai-mgr/secrets).
pub async fn create_secret(
    project_id: &str,
    query: &[(&str, String)],
    body: &secrets::SecretBody,
) -> Result<secrets::SecretSaved, ApiError> {
    call("create_secret", &[("project_id", project_id)], query, Some(body), &[]).await
}

/// `delete_secret`: 删除密钥 (DELETE /v3/{project_id}/ai-mgr/secrets/{secret_id}).
pub async fn delete_secret(project_id: &str, secret_id: &str) -> Result<secrets::SecretDeleted, ApiError> {
    call("delete_secret", &[("project_id", project_id), ("secret_id", secret_id)], &[], None::<&()>, &[]).await
}

/// `list_secrets`: 查询密钥列表 (GET /v3/{project_id}/ai-mgr/secrets).
pub async fn list_secrets(project_id: &str, query: &[(&str, String)]) -> Result<secrets::SecretList, ApiError> {
    call("list_secrets", &[("project_id", project_id)], query, None::<&()>, &[]).await
}

/// `show_secret`: 查询密钥详情 (GET /v3/{project_id}/ai-mgr/secrets/{secret_id}).
pub async fn show_secret(project_id: &str, secret_id: &str) -> Result<secrets::SecretShown, ApiError> {
    call("show_secret", &[("project_id", project_id), ("secret_id", secret_id)], &[], None::<&()>, &[]).await
}

/// `update_secret`: 更新密钥 (PUT /v3/{project_id}/ai-mgr/secrets/{secret_id}).
pub async fn update_secret(
    project_id: &str,
    secret_id: &str,
    body: &secrets::SecretBody,
) -> Result<secrets::SecretSaved, ApiError> {
    call("update_secret", &[("project_id", project_id), ("secret_id", secret_id)], &[], Some(body), &[]).await
}
