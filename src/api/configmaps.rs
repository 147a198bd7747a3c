//! Config maps: one function per catalogue operation, named as in the official SDK.
//! Generated once from shared/sdk/operations.tsv; `tests/components.rs` checks every operation has one.

#![allow(dead_code)] // the domain pages that use them come one by one

use hilens_model::*;

use super::{call, ApiError};

/// `create_config_map`: 创建配置项 (POST /v3/{project_id}/ai-mgr/configmaps).
pub async fn create_config_map(
    project_id: &str,
    query: &[(&str, String)],
    body: &configmaps::ConfigMapBody,
) -> Result<configmaps::ConfigMapBody, ApiError> {
    call("create_config_map", &[("project_id", project_id)], query, Some(body), &[]).await
}

/// `delete_config_map`: 删除配置项 (DELETE /v3/{project_id}/ai-mgr/configmaps/{config_map_id}).
pub async fn delete_config_map(
    project_id: &str,
    config_map_id: &str,
) -> Result<configmaps::ConfigMapDeleted, ApiError> {
    call("delete_config_map", &[("project_id", project_id), ("config_map_id", config_map_id)], &[], None::<&()>, &[])
        .await
}

/// `list_config_maps`: 查询配置项列表 (GET /v3/{project_id}/ai-mgr/configmaps).
pub async fn list_config_maps(
    project_id: &str,
    query: &[(&str, String)],
) -> Result<configmaps::ConfigMapList, ApiError> {
    call("list_config_maps", &[("project_id", project_id)], query, None::<&()>, &[]).await
}

/// `show_config_map`: 查询配置项详情 (GET /v3/{project_id}/ai-mgr/configmaps/{config_map_id}).
pub async fn show_config_map(project_id: &str, config_map_id: &str) -> Result<configmaps::ConfigMapBody, ApiError> {
    call("show_config_map", &[("project_id", project_id), ("config_map_id", config_map_id)], &[], None::<&()>, &[])
        .await
}

/// `update_config_map`: 更新配置项 (PUT /v3/{project_id}/ai-mgr/configmaps/{config_map_id}).
pub async fn update_config_map(
    project_id: &str,
    config_map_id: &str,
    body: &configmaps::ConfigMapBody,
) -> Result<configmaps::ConfigMapBody, ApiError> {
    call("update_config_map", &[("project_id", project_id), ("config_map_id", config_map_id)], &[], Some(body), &[])
        .await
}
