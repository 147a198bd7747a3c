//! Devices: one function per catalogue operation, named as in the official SDK.
//! Each is typed by the model: its query, its body and its answer.

use hilens_model::OperationId as Op;
use hilens_model::*;

use super::{ApiError, Call};

/// `create_node`: 注册设备 (POST /v3/{project_id}/ai-mgr/nodes).
pub async fn create_node(
    query: &common::ProviderQuery,
    body: &nodes::CreateNodeRequest,
) -> Result<nodes::CreateNodeResponse, ApiError> {
    Call::new(Op::CreateNode).query(query).body(body).send().await
}

/// `delete_node`: 删除设备 (DELETE /v3/{project_id}/ai-mgr/nodes/{node_id}).
pub async fn delete_node(node_id: &str, query: &common::ForceDeleteQuery) -> Result<(), ApiError> {
    Call::new(Op::DeleteNode).param("node_id", node_id).query(query).send_empty().await
}

/// `list_devices`: 获取基础版设备列表 (GET /v2/{project_id}/device-manager/devices).
pub async fn list_devices(query: &nodes::BasicDeviceQuery) -> Result<nodes::BasicDeviceList, ApiError> {
    Call::new(Op::ListDevices).query(query).send().await
}

/// `show_node`: 查询设备详情 (GET /v3/{project_id}/ai-mgr/nodes/{node_id}).
pub async fn show_node(node_id: &str) -> Result<nodes::Node, ApiError> {
    Call::new(Op::ShowNode).param("node_id", node_id).send().await
}

/// `show_nodes`: 查询设备列表 (GET /v3/{project_id}/ai-mgr/nodes).
pub async fn show_nodes(query: &nodes::NodeListQuery) -> Result<nodes::NodeList, ApiError> {
    Call::new(Op::ShowNodes).query(query).send().await
}

/// `show_nodes` read for how many devices match: the devices in the answer are skipped, not
/// decoded (a page that only counts need not carry the code that reads whole devices).
pub async fn count_nodes(query: &nodes::NodeListQuery) -> Result<u64, ApiError> {
    let list: nodes::NodeList<serde::de::IgnoredAny> = Call::new(Op::ShowNodes).query(query).send().await?;
    Ok(list.count)
}

/// `show_nodes` read for a fleet summary: each device's [`nodes::NodeSummary`].
pub async fn show_node_summaries(
    query: &nodes::NodeListQuery,
) -> Result<nodes::NodeList<nodes::NodeSummary>, ApiError> {
    Call::new(Op::ShowNodes).query(query).send().await
}

/// `switch_node_connection`: 启停设备 (POST /v3/{project_id}/ai-mgr/nodes/{node_id}/action/{action}).
pub async fn switch_node_connection(
    node_id: &str,
    action: &str,
    query: &common::ProviderQuery,
) -> Result<(), ApiError> {
    Call::new(Op::SwitchNodeConnection)
        .param("node_id", node_id)
        .param("action", action)
        .query(query)
        .send_empty()
        .await
}

/// `update_node`: 更新设备信息 (PUT /v3/{project_id}/ai-mgr/nodes/{node_id}).
pub async fn update_node(node_id: &str, body: &nodes::UpdateNodeRequest) -> Result<(), ApiError> {
    Call::new(Op::UpdateNode).param("node_id", node_id).body(body).send_empty().await
}

/// `update_node_cert`: 更新设备证书 (PUT /v3/{project_id}/ai-mgr/nodes/{node_id}/cert).
pub async fn update_node_cert(node_id: &str) -> Result<nodes::CreateNodeResponse, ApiError> {
    Call::new(Op::UpdateNodeCert).param("node_id", node_id).send().await
}
