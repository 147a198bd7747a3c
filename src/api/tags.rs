//! Tags on devices, deployments, config maps and secrets: one function per catalogue operation, named as in the official SDK.
//! Each is typed by the model: its query, its body and its answer.

use hilens_model::OperationId as Op;
use hilens_model::*;

use super::{ApiError, Call};

/// `batch_create_node_tags`: 批量添加节点标签 (POST /v3/{project_id}/tag-mgr/node-tags).
pub async fn batch_create_node_tags(body: &tags::MultiResourcesMultiTags) -> Result<(), ApiError> {
    Call::new(Op::BatchCreateNodeTags).body(body).send_empty().await
}

/// `create_resource_tags`: 添加资源标签 (POST /v3/{project_id}/{resource_type}/{resource_id}/tags).
pub async fn create_resource_tags(
    resource_type: &str,
    resource_id: &str,
    body: &tags::TagRequestDetail,
) -> Result<(), ApiError> {
    Call::new(Op::CreateResourceTags)
        .param("resource_type", resource_type)
        .param("resource_id", resource_id)
        .body(body)
        .send_empty()
        .await
}

/// `delete_resource_tag`: 删除资源标签 (DELETE /v3/{project_id}/{resource_type}/{resource_id}/tags/{key}).
pub async fn delete_resource_tag(resource_type: &str, resource_id: &str, key: &str) -> Result<(), ApiError> {
    Call::new(Op::DeleteResourceTag)
        .param("resource_type", resource_type)
        .param("resource_id", resource_id)
        .param("key", key)
        .send_empty()
        .await
}

/// `list_resource_tags`: 查询某资源类型的标签 (GET /v3/{project_id}/tag-mgr/{resource_type}/tags).
pub async fn list_resource_tags(resource_type: &str) -> Result<tags::ResourceTagList, ApiError> {
    Call::new(Op::ListResourceTags).param("resource_type", resource_type).send().await
}

/// `show_resource_tags`: 查询资源标签 (GET /v3/{project_id}/{resource_type}/{resource_id}/tags).
pub async fn show_resource_tags(resource_type: &str, resource_id: &str) -> Result<tags::TagList, ApiError> {
    Call::new(Op::ShowResourceTags).param("resource_type", resource_type).param("resource_id", resource_id).send().await
}
