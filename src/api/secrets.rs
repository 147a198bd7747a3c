//! Secrets: one function per catalogue operation, named as in the official SDK.
//! Each is typed by the model: its query, its body and its answer.

use hilens_model::OperationId as Op;
use hilens_model::*;

use super::{ApiError, Call};

/// `create_secret`: 创建密钥 (POST /v3/{project_id}/ai-mgr/secrets).
pub async fn create_secret(
    query: &common::ProviderQuery,
    body: &secrets::SecretBody,
) -> Result<secrets::SecretSaved, ApiError> {
    Call::new(Op::CreateSecret).query(query).body(body).send().await
}

/// `delete_secret`: 删除密钥 (DELETE /v3/{project_id}/ai-mgr/secrets/{secret_id}).
pub async fn delete_secret(secret_id: &str) -> Result<secrets::SecretDeleted, ApiError> {
    Call::new(Op::DeleteSecret).param("secret_id", secret_id).send().await
}

/// `list_secrets`: 查询密钥列表 (GET /v3/{project_id}/ai-mgr/secrets).
pub async fn list_secrets(query: &secrets::SecretListQuery) -> Result<secrets::SecretList, ApiError> {
    Call::new(Op::ListSecrets).query(query).send().await
}

/// `show_secret`: 查询密钥详情 (GET /v3/{project_id}/ai-mgr/secrets/{secret_id}).
pub async fn show_secret(secret_id: &str) -> Result<secrets::SecretShown, ApiError> {
    Call::new(Op::ShowSecret).param("secret_id", secret_id).send().await
}

/// `update_secret`: 更新密钥 (PUT /v3/{project_id}/ai-mgr/secrets/{secret_id}).
pub async fn update_secret(secret_id: &str, body: &secrets::SecretBody) -> Result<secrets::SecretSaved, ApiError> {
    Call::new(Op::UpdateSecret).param("secret_id", secret_id).body(body).send().await
}
