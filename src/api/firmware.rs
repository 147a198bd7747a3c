//! Firmware and device upgrades: one function per catalogue operation, named as in the official SDK.
//! Each is typed by the model: its query, its body and its answer.

use hilens_model::OperationId as Op;
use hilens_model::*;

use super::{ApiError, Call};

/// `list_firmwares`: 查询固件列表 (GET /v3/ai-mgr/firmwares).
pub async fn list_firmwares(query: &firmware::FirmwareListQuery) -> Result<firmware::FirmwareList, ApiError> {
    Call::new(Op::ListFirmwares).query(query).send().await
}

/// `show_upgrade_progress`: 获取设备固件升级进度 (GET /v3/{project_id}/node-manager/node/{node_id}/firmware/upgrade-progress).
pub async fn show_upgrade_progress(
    node_id: &str,
    query: &common::PageQuery,
) -> Result<firmware::UpgradeProgress, ApiError> {
    Call::new(Op::ShowUpgradeProgress).param("node_id", node_id).query(query).send().await
}

/// `update_node_firmware`: 升级设备固件 (PUT /v3/{project_id}/node-manager/node/{node_id}/firmware/{firmware_id}).
pub async fn update_node_firmware(
    node_id: &str,
    firmware_id: &str,
    expired_minutes: Option<i64>,
) -> Result<(), ApiError> {
    Call::new(Op::UpdateNodeFirmware)
        .param("node_id", node_id)
        .param("firmware_id", firmware_id)
        .expired_minutes(expired_minutes)
        .send_empty()
        .await
}
