//! Activation with running-service orders: one function per catalogue operation, named as in the official SDK.
//! Generated once from shared/sdk/operations.tsv; `tests/components.rs` checks every operation has one.

#![allow(dead_code)] // the domain pages that use them come one by one

use hilens_model::*;

use super::{call, ApiError};

/// `freeze_node`: 将激活订单与设备解绑 (POST /v3/{project_id}/ai-mgr/nodes/{node_id}/deactivate).
pub async fn freeze_node(project_id: &str, node_id: &str) -> Result<activation::NodeId, ApiError> {
    call("freeze_node", &[("project_id", project_id), ("node_id", node_id)], &[], None::<&()>, &[]).await
}

/// `list_platform_manager`: 获取运行服务费订单列表 (GET /v1/{project_id}/platform-manager/orders).
pub async fn list_platform_manager(
    project_id: &str,
    query: &[(&str, String)],
) -> Result<activation::PlatformOrderList, ApiError> {
    call("list_platform_manager", &[("project_id", project_id)], query, None::<&()>, &[]).await
}

/// `show_node_activation_records`: 获取激活记录列表 (GET /v3/{project_id}/ai-mgr/nodes/{node_id}/activation/records).
pub async fn show_node_activation_records(
    project_id: &str,
    node_id: &str,
    query: &[(&str, String)],
) -> Result<activation::ActivationRecordList, ApiError> {
    call("show_node_activation_records", &[("project_id", project_id), ("node_id", node_id)], query, None::<&()>, &[])
        .await
}

/// `unfreeze_node`: 使用运行服务费激活设备 (POST /v3/{project_id}/ai-mgr/nodes/{node_id}/activate).
pub async fn unfreeze_node(
    project_id: &str,
    node_id: &str,
    body: &activation::ActivateNodeRequest,
) -> Result<activation::NodeId, ApiError> {
    call("unfreeze_node", &[("project_id", project_id), ("node_id", node_id)], &[], Some(body), &[]).await
}
