//! Activation with running-service orders: one function per catalogue operation, named as in the official SDK.
//! Each is typed by the model: its query, its body and its answer.

use hilens_model::OperationId as Op;
use hilens_model::*;

use super::{ApiError, Call};

/// `freeze_node`: 将激活订单与设备解绑 (POST /v3/{project_id}/ai-mgr/nodes/{node_id}/deactivate).
pub async fn freeze_node(node_id: &str) -> Result<activation::NodeId, ApiError> {
    Call::new(Op::FreezeNode).param("node_id", node_id).send().await
}

/// `list_platform_manager`: 获取运行服务费订单列表 (GET /v1/{project_id}/platform-manager/orders).
pub async fn list_platform_manager(
    query: &activation::PlatformOrderQuery,
) -> Result<activation::PlatformOrderList, ApiError> {
    Call::new(Op::ListPlatformManager).query(query).send().await
}

/// `show_node_activation_records`: 获取激活记录列表 (GET /v3/{project_id}/ai-mgr/nodes/{node_id}/activation/records).
pub async fn show_node_activation_records(
    node_id: &str,
    query: &common::PageQuery,
) -> Result<activation::ActivationRecordList, ApiError> {
    Call::new(Op::ShowNodeActivationRecords).param("node_id", node_id).query(query).send().await
}

/// `unfreeze_node`: 使用运行服务费激活设备 (POST /v3/{project_id}/ai-mgr/nodes/{node_id}/activate).
pub async fn unfreeze_node(
    node_id: &str,
    body: &activation::ActivateNodeRequest,
) -> Result<activation::NodeId, ApiError> {
    Call::new(Op::UnfreezeNode).param("node_id", node_id).body(body).send().await
}
