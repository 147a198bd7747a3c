//! Config maps: one function per catalogue operation, named as in the official SDK.
//! Each is typed by the model: its query, its body and its answer.

use hilens_model::OperationId as Op;
use hilens_model::*;

use super::{ApiError, Call};

/// `create_config_map`: 创建配置项 (POST /v3/{project_id}/ai-mgr/configmaps).
pub async fn create_config_map(
    query: &common::ProviderQuery,
    body: &configmaps::ConfigMapBody,
) -> Result<configmaps::ConfigMapBody, ApiError> {
    Call::new(Op::CreateConfigMap).query(query).body(body).send().await
}

/// `delete_config_map`: 删除配置项 (DELETE /v3/{project_id}/ai-mgr/configmaps/{config_map_id}).
pub async fn delete_config_map(config_map_id: &str) -> Result<configmaps::ConfigMapDeleted, ApiError> {
    Call::new(Op::DeleteConfigMap).param("config_map_id", config_map_id).send().await
}

/// `list_config_maps`: 查询配置项列表 (GET /v3/{project_id}/ai-mgr/configmaps).
pub async fn list_config_maps(query: &configmaps::ConfigMapListQuery) -> Result<configmaps::ConfigMapList, ApiError> {
    Call::new(Op::ListConfigMaps).query(query).send().await
}

/// `show_config_map`: 查询配置项详情 (GET /v3/{project_id}/ai-mgr/configmaps/{config_map_id}).
pub async fn show_config_map(config_map_id: &str) -> Result<configmaps::ConfigMapBody, ApiError> {
    Call::new(Op::ShowConfigMap).param("config_map_id", config_map_id).send().await
}

/// `update_config_map`: 更新配置项 (PUT /v3/{project_id}/ai-mgr/configmaps/{config_map_id}).
pub async fn update_config_map(
    config_map_id: &str,
    body: &configmaps::ConfigMapBody,
) -> Result<configmaps::ConfigMapBody, ApiError> {
    Call::new(Op::UpdateConfigMap).param("config_map_id", config_map_id).body(body).send().await
}
