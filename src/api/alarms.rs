//! Device alarms: one function per catalogue operation, named as in the official SDK.
//! Generated once from shared/sdk/operations.tsv; `tests/components.rs` checks every operation has one.

#![allow(dead_code)] // the domain pages that use them come one by one

use hilens_model::*;

use super::{call, ApiError};

/// `list_device_alarms`: 获取设备告警列表 (GET /v1/{project_id}/alarm-manager/alarms).
pub async fn list_device_alarms(
    project_id: &str,
    query: &[(&str, String)],
) -> Result<alarms::DeviceAlarmList, ApiError> {
    call("list_device_alarms", &[("project_id", project_id)], query, None::<&()>, &[]).await
}
