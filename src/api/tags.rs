//! Tags on devices, deployments, config maps and secrets: one function per catalogue operation, named as in the official SDK.
//! Generated once from shared/sdk/operations.tsv; `tests/components.rs` checks every operation has one.

#![allow(dead_code)] // the domain pages that use them come one by one

use hilens_model::*;

use super::{call, call_empty, ApiError};

/// `batch_create_node_tags`: 批量添加节点标签 (POST /v3/{project_id}/tag-mgr/node-tags).
pub async fn batch_create_node_tags(project_id: &str, body: &tags::MultiResourcesMultiTags) -> Result<(), ApiError> {
    call_empty("batch_create_node_tags", &[("project_id", project_id)], &[], Some(body), &[]).await
}

/// `create_resource_tags`: 添加资源标签 (POST /v3/{project_id}/{resource_type}/{resource_id}/tags).
pub async fn create_resource_tags(
    project_id: &str,
    resource_id: &str,
    resource_type: &str,
    body: &tags::TagRequestDetail,
) -> Result<(), ApiError> {
    call_empty(
        "create_resource_tags",
        &[("project_id", project_id), ("resource_id", resource_id), ("resource_type", resource_type)],
        &[],
        Some(body),
        &[],
    )
    .await
}

/// `delete_resource_tag`: 删除资源标签 (DELETE /v3/{project_id}/{resource_type}/{resource_id}/tags/{key}).
pub async fn delete_resource_tag(
    project_id: &str,
    resource_id: &str,
    resource_type: &str,
    key: &str,
) -> Result<(), ApiError> {
    call_empty(
        "delete_resource_tag",
        &[("project_id", project_id), ("resource_id", resource_id), ("resource_type", resource_type), ("key", key)],
        &[],
        None::<&()>,
        &[],
    )
    .await
}

/// `list_resource_tags`: 查询某资源类型的标签 (GET /v3/{project_id}/tag-mgr/{resource_type}/tags).
pub async fn list_resource_tags(project_id: &str, resource_type: &str) -> Result<tags::ResourceTagList, ApiError> {
    call("list_resource_tags", &[("project_id", project_id), ("resource_type", resource_type)], &[], None::<&()>, &[])
        .await
}

/// `show_resource_tags`: 查询资源标签 (GET /v3/{project_id}/{resource_type}/{resource_id}/tags).
pub async fn show_resource_tags(
    project_id: &str,
    resource_id: &str,
    resource_type: &str,
) -> Result<tags::TagList, ApiError> {
    call(
        "show_resource_tags",
        &[("project_id", project_id), ("resource_id", resource_id), ("resource_type", resource_type)],
        &[],
        None::<&()>,
        &[],
    )
    .await
}
