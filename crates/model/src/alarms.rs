//! Device alarms: `list_device_alarms` (GET /v1/{project_id}/alarm-manager/alarms, reference
//! 4.1.2), the basic console's list of what went wrong on devices.

use serde::{Deserialize, Serialize};

use crate::lenient;
use crate::query::{self, Text};
use crate::rules;

pub const DEFAULT_LIMIT: u32 = 100;
/// `level`: critical, major, minor.
pub const LEVELS: &[&str] = &["critical", "major", "minor"];

/// One alarm (`GetDeviceAlarmArrayObject`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeviceAlarm {
    pub id: String,
    pub name: String,
    #[serde(deserialize_with = "lenient::int")]
    pub alarm_id: i64,
    pub level: String,
    pub platform: String,
    pub impact: String,
    pub detail: String,
    pub reason: String,
    pub deal_suggestion: String,
    /// Milliseconds since the epoch.
    #[serde(deserialize_with = "lenient::int")]
    pub create_time: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeviceAlarmList {
    pub total: u64,
    pub data: Vec<DeviceAlarm>,
}

crate::query_type! {
    /// The query of `list_device_alarms`.
    pub struct DeviceAlarmQuery {
        "offset" => offset: Option<u32> = query::OFFSET,
        "limit" => limit: Option<u32> = query::limit(100),
        "device_id" => device_id: Option<String> = Text(|f, v| rules::length(f, v, 1, 64)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Params;

    #[test]
    fn the_references_example_reads_and_the_query_has_rules() {
        let list: DeviceAlarmList = serde_json::from_str(
            r#"{"total": 0, "data": [{"id": "6b0e806f35c2470a825da1f1ab05caf5",
            "name": "安装在设备HiLens_69上的技能test-unzip异常且无法恢复", "alarm_id": 5, "level": "critical",
            "platform": "hilens", "impact": "业务中断", "detail": "多次尝试恢复技能均失败",
            "reason": "技能10分钟内退出就会被认为是异常退出", "deal_suggestion": "查看Log分析原因",
            "create_time": 1636451227616}]}"#,
        )
        .unwrap();
        assert_eq!((list.data[0].alarm_id, list.data[0].create_time), (5, 1_636_451_227_616));
        let p = |k: &str, v: &str| vec![(k.to_string(), v.to_string())];
        assert_eq!(DeviceAlarmQuery::from_pairs(&p("device_id", "n1")).unwrap().device_id.as_deref(), Some("n1"));
        assert_eq!(DeviceAlarmQuery::from_pairs(&p("limit", "0")).unwrap_err().field, "limit");
        assert_eq!(DeviceAlarmQuery::from_pairs(&p("device_id", &"x".repeat(65))).unwrap_err().field, "device_id");
    }
}
