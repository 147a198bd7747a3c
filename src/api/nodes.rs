//! Devices: one function per catalogue operation, named as in the official SDK.
//! Generated once from shared/sdk/operations.tsv; `tests/components.rs` checks every operation has one.

#![allow(dead_code)] // the domain pages that use them come one by one

use hilens_model::*;

use super::{call, call_empty, ApiError};

/// `create_node`: 注册设备 (POST /v3/{project_id}/ai-mgr/nodes).
pub async fn create_node(
    project_id: &str,
    query: &[(&str, String)],
    body: &nodes::CreateNodeRequest,
) -> Result<nodes::CreateNodeResponse, ApiError> {
    call("create_node", &[("project_id", project_id)], query, Some(body), &[]).await
}

/// `delete_node`: 删除设备 (DELETE /v3/{project_id}/ai-mgr/nodes/{node_id}).
pub async fn delete_node(project_id: &str, node_id: &str, query: &[(&str, String)]) -> Result<(), ApiError> {
    call_empty("delete_node", &[("project_id", project_id), ("node_id", node_id)], query, None::<&()>, &[]).await
}

/// `list_devices`: 获取基础版设备列表 (GET /v2/{project_id}/device-manager/devices).
pub async fn list_devices(project_id: &str, query: &[(&str, String)]) -> Result<nodes::BasicDeviceList, ApiError> {
    call("list_devices", &[("project_id", project_id)], query, None::<&()>, &[]).await
}

/// `show_node`: 查询设备详情 (GET /v3/{project_id}/ai-mgr/nodes/{node_id}).
pub async fn show_node(project_id: &str, node_id: &str) -> Result<nodes::Node, ApiError> {
    call("show_node", &[("project_id", project_id), ("node_id", node_id)], &[], None::<&()>, &[]).await
}

/// `show_nodes`: 查询设备列表 (GET /v3/{project_id}/ai-mgr/nodes).
pub async fn show_nodes(project_id: &str, query: &[(&str, String)]) -> Result<nodes::NodeList, ApiError> {
    call("show_nodes", &[("project_id", project_id)], query, None::<&()>, &[]).await
}

/// `switch_node_connection`: 启停设备 (POST /v3/{project_id}/ai-mgr/nodes/{node_id}/action/{action}).
pub async fn switch_node_connection(
    project_id: &str,
    node_id: &str,
    action: &str,
    query: &[(&str, String)],
) -> Result<(), ApiError> {
    call_empty(
        "switch_node_connection",
        &[("project_id", project_id), ("node_id", node_id), ("action", action)],
        query,
        None::<&()>,
        &[],
    )
    .await
}

/// `update_node`: 更新设备信息 (PUT /v3/{project_id}/ai-mgr/nodes/{node_id}).
pub async fn update_node(project_id: &str, node_id: &str, body: &nodes::UpdateNodeRequest) -> Result<(), ApiError> {
    call_empty("update_node", &[("project_id", project_id), ("node_id", node_id)], &[], Some(body), &[]).await
}

/// `update_node_cert`: 更新设备证书 (PUT /v3/{project_id}/ai-mgr/nodes/{node_id}/cert).
pub async fn update_node_cert(project_id: &str, node_id: &str) -> Result<nodes::CreateNodeResponse, ApiError> {
    call("update_node_cert", &[("project_id", project_id), ("node_id", node_id)], &[], None::<&()>, &[]).await
}
