//! Device alarms: one function per catalogue operation, named as in the official SDK.
//! Each is typed by the model: its query, its body and its answer.

use hilens_model::OperationId as Op;
use hilens_model::*;

use super::{ApiError, Call};

/// `list_device_alarms`: 获取设备告警列表 (GET /v1/{project_id}/alarm-manager/alarms).
pub async fn list_device_alarms(query: &alarms::DeviceAlarmQuery) -> Result<alarms::DeviceAlarmList, ApiError> {
    Call::new(Op::ListDeviceAlarms).query(query).send().await
}
