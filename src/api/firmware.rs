//! Firmware and device upgrades: one function per catalogue operation, named as in the official SDK.
//! Generated once from shared/sdk/operations.tsv; `tests/components.rs` checks every operation has one.

#![allow(dead_code)] // the domain pages that use them come one by one

use hilens_model::*;

use super::{call, call_empty, ApiError};

/// `list_firmwares`: 查询固件列表 (GET /v3/ai-mgr/firmwares).
pub async fn list_firmwares(query: &[(&str, String)]) -> Result<firmware::FirmwareList, ApiError> {
    call("list_firmwares", &[], query, None::<&()>, &[]).await
}

/// `show_upgrade_progress`: 获取设备固件升级进度 (GET /v3/{project_id}/node-manager/node/{node_id}/firmware/upgrade-progress).
pub async fn show_upgrade_progress(
    project_id: &str,
    node_id: &str,
    query: &[(&str, String)],
) -> Result<firmware::UpgradeProgress, ApiError> {
    call("show_upgrade_progress", &[("project_id", project_id), ("node_id", node_id)], query, None::<&()>, &[]).await
}

/// `update_node_firmware`: 升级设备固件 (PUT /v3/{project_id}/node-manager/node/{node_id}/firmware/{firmware_id}).
pub async fn update_node_firmware(
    project_id: &str,
    node_id: &str,
    firmware_id: &str,
    expired_minutes: Option<i64>,
) -> Result<(), ApiError> {
    call_empty(
        "update_node_firmware",
        &[("project_id", project_id), ("node_id", node_id), ("firmware_id", firmware_id)],
        &[],
        None::<&()>,
        &expired_minutes.map(|m| ("X-Expired-Time", m.to_string())).into_iter().collect::<Vec<_>>(),
    )
    .await
}
