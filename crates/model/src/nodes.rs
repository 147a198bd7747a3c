//! Devices (nodes): `create_node`, `show_nodes`, `show_node`, `delete_node` (reference 5.1).

use serde::{Deserialize, Serialize};

use crate::error::FieldError;
use crate::lenient;
use crate::query::{self, DottedTags, OneOf, Text};
use crate::rules;
use crate::tags::{validate_tags, Tag};

pub const MAX_BATCH: i64 = 100_000;
pub const DEFAULT_LIMIT: u32 = 100;
pub use crate::common::PROVIDERS;
pub const NPU_TYPES: &[&str] = &["D310", "D910"];
/// Device states the list filters by.
pub const STATES: &[&str] = &["UNCONNECTED", "RUNNING", "STOPPED"];
pub const ACTIVE_STATUSES: &[&str] = &["INACTIVE", "ACTIVATED", "EXPIRED"];

/// A device's log settings (`LogConfig`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LogConfig {
    pub component: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient::opt_int")]
    pub rotate_num: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rotate_period: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient::opt_int")]
    pub size: Option<i64>,
    #[serde(rename = "type")]
    pub log_type: String,
}

impl LogConfig {
    /// The rules of reference 5.1.2 table 5-12; `provider` decides rotate_num's range and
    /// whether rotate_period exists.
    pub fn validate(&self, field: &str, provider: &str) -> Result<(), FieldError> {
        rules::one_of(&format!("{field}.component"), &self.component, &["app", "system"])?;
        rules::one_of(&format!("{field}.type"), &self.log_type, &["LTS", "local"])?;
        if let Some(level) = &self.level {
            rules::one_of(&format!("{field}.level"), level, &["error", "warning", "info", "debug"])?;
        }
        if let Some(n) = self.rotate_num {
            let max = if provider == "ief" { 10 } else { 30 };
            rules::int_in_range(&format!("{field}.rotate_num"), &n.to_string(), 1, max)?;
        }
        if let Some(p) = &self.rotate_period {
            if provider != "ief" {
                return Err(FieldError::new(
                    format!("{field}.rotate_period"),
                    "provider",
                    "仅 ief 支持",
                    "is for provider ief only",
                ));
            }
            rules::one_of(&format!("{field}.rotate_period"), p, &["daily", "weekly", "monthly", "yearly"])?;
        }
        if let Some(size) = self.size {
            rules::int_in_range(&format!("{field}.size"), &size.to_string(), 10, 1000)?;
        }
        Ok(())
    }
}

/// `create_node`'s `node`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NodeReqDetail {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient::opt_int")]
    pub batch: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient::opt_bool")]
    pub enable_gpu: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient::opt_bool")]
    pub enable_npu: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iam_user_id: Option<String>,
    pub log_configs: Vec<LogConfig>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub npu_type: Option<String>,
    pub tags: Vec<Tag>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workspace_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient::opt_int")]
    pub event_validity_period: Option<i64>,
}

/// `create_node`'s body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateNodeRequest {
    pub node: NodeReqDetail,
}

/// A device name's length.
pub const DEVICE_NAME_LEN: (usize, usize) = (1, 64);

/// A device name: 1–64 Chinese characters, letters, digits, `_`, `-`.
pub fn validate_device_name(field: &str, name: &str) -> Result<(), FieldError> {
    rules::length(field, name, DEVICE_NAME_LEN.0, DEVICE_NAME_LEN.1)?;
    rules::chinese_letters_digits_underscore_hyphen(field, name)
}

/// How long a device's events stay valid, in minutes.
pub const EVENT_VALIDITY: (i64, i64) = (1, 43_200);

/// An event validity, as typed (minutes).
pub fn validate_event_validity(field: &str, raw: &str) -> Result<i64, FieldError> {
    rules::int_in_range(field, raw, EVENT_VALIDITY.0, EVENT_VALIDITY.1)
}

/// What [`validate_device_name`] asks.
pub fn device_name_hint() -> rules::Hint {
    rules::Hint::length(DEVICE_NAME_LEN).then(rules::CHINESE_ETC.0, rules::CHINESE_ETC.1)
}

impl CreateNodeRequest {
    pub fn validate(&self, provider: &str) -> Result<(), FieldError> {
        let n = &self.node;
        validate_device_name("node.name", &n.name)?;
        if let Some(d) = &n.description {
            rules::description("node.description", d)?;
        }
        if let Some(b) = n.batch {
            rules::int_in_range("node.batch", &b.to_string(), 1, MAX_BATCH)?;
            // Batch devices are named `<name>-<n>`; the longest must still be a valid name.
            validate_device_name("node.name", &format!("{}-{b}", n.name))?;
        }
        if let Some(t) = &n.npu_type {
            rules::one_of("node.npu_type", t, NPU_TYPES)?;
        }
        validate_tags("node.tags", &n.tags)?;
        for (i, c) in n.log_configs.iter().enumerate() {
            c.validate(&format!("node.log_configs[{i}]"), provider)?;
        }
        if let Some(e) = n.event_validity_period {
            validate_event_validity("node.event_validity_period", &e.to_string())?;
        }
        Ok(())
    }
}

/// `create_node`'s answer: the certificate package is base64 of a .tar.gz with node.conf,
/// the certificate and its private key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateNodeResponse {
    pub id: String,
    pub name: String,
    pub package: String,
}

crate::query_type! {
    /// The query of `show_nodes`.
    pub struct NodeListQuery {
        "offset" => offset: Option<u32> = query::OFFSET,
        "limit" => limit: Option<u32> = query::limit(100),
        "name" => name: Option<String> = Text(validate_device_name),
        "workspace_id" => workspace_id: Option<String> = Text(|f, v| rules::length(f, v, 1, 64)),
        /// `key.value` pairs, any of which matches.
        "tags" => tags: Vec<Tag> = DottedTags,
        "provider" => provider: Option<String> = OneOf(PROVIDERS),
        "status" => status: Option<String> = OneOf(STATES),
        "active_status" => active_status: Option<String> = OneOf(ACTIVE_STATUSES),
    }
}

/// A device as lists and the detail show it (the detail's fields; the list uses a subset).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Node {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    pub user_name: Option<String>,
    pub cluster_id: Option<String>,
    pub state: String,
    #[serde(rename = "type")]
    pub node_type: Option<String>,
    pub active_status: Option<String>,
    /// The running-service orders the device is activated with.
    pub active_content: Vec<String>,
    pub firmware_name: Option<String>,
    pub firmware_version: Option<String>,
    /// The version being installed, while an upgrade runs.
    pub upgrade_firmware_version: Option<String>,
    /// "1" upgrading, "2" failed, "3" succeeded; none before the first upgrade.
    pub firmware_status: Option<String>,
    pub firmware_upgrade_record: Vec<FirmwareUpdateRecord>,
    pub arch: Option<String>,
    #[serde(deserialize_with = "lenient::opt_int")]
    pub cpu: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_int")]
    pub memory: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_int")]
    pub gpu_num: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_int")]
    pub npu_num: Option<i64>,
    pub npu_type: Option<String>,
    pub os_name: Option<String>,
    pub os_type: Option<String>,
    pub os_version: Option<String>,
    pub enable_gpu: Option<bool>,
    pub enable_npu: Option<bool>,
    pub host_ips: Vec<String>,
    pub log_configs: Vec<LogConfig>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient::opt_int")]
    pub event_validity_period: Option<i64>,
    /// The device's tags. Not in the SDK's list shape; the detail's is a single object there
    /// (docs/choices.md): the emulator answers a list, as requests send them.
    pub tags: Vec<Tag>,
    pub workspace_id: Option<String>,
}

/// One firmware upgrade of a device (`FirmwareUpdateRecord`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FirmwareUpdateRecord {
    pub firmware_name: String,
    pub firmware_version: String,
    #[serde(deserialize_with = "lenient::opt_int")]
    pub firmware_size: Option<i64>,
    pub firmware_upgrade_time: String,
    #[serde(deserialize_with = "lenient::int")]
    pub status: i64,
}

/// `show_nodes`' answer. A reader that needs less than whole devices names what it reads
/// instead: `NodeList<NodeSummary>`, or `NodeList<IgnoredAny>` for the count alone (each type
/// read costs the console's wasm its own decoding code; docs/choices.md).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeList<N = Node> {
    #[serde(default)]
    pub count: u64,
    #[serde(default = "Vec::new")]
    pub nodes: Vec<N>,
}

/// What a fleet summary reads of a device (the console's overview): its fields as in [`Node`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NodeSummary {
    pub id: String,
    pub name: String,
    pub state: String,
    /// As [`Node::firmware_status`].
    pub firmware_status: Option<String>,
    pub upgrade_firmware_version: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Params;

    #[test]
    fn a_summary_reads_the_fields_of_a_whole_device() {
        let node = Node {
            id: "n1".into(),
            name: "cam".into(),
            state: "RUNNING".into(),
            firmware_status: Some("1".into()),
            upgrade_firmware_version: Some("2.0.0".into()),
            cpu: Some(4),
            ..Default::default()
        };
        let json = serde_json::to_string(&NodeList { count: 7, nodes: vec![node] }).unwrap();
        let summary: NodeList<NodeSummary> = serde_json::from_str(&json).unwrap();
        assert_eq!(summary.count, 7);
        let n = &summary.nodes[0];
        assert_eq!((n.id.as_str(), n.name.as_str(), n.state.as_str()), ("n1", "cam", "RUNNING"));
        assert_eq!((n.firmware_status.as_deref(), n.upgrade_firmware_version.as_deref()), (Some("1"), Some("2.0.0")));
        let count: NodeList<serde::de::IgnoredAny> = serde_json::from_str(&json).unwrap();
        assert_eq!((count.count, count.nodes.len()), (7, 1));
    }

    fn req(v: serde_json::Value) -> CreateNodeRequest {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn the_references_example_reads_and_rules_apply() {
        let r = req(serde_json::json!({"node": {"name": "gg11112344", "description": "", "tags": [], "batch": 1,
            "enable_npu": false, "enable_gpu": "false",
            "log_configs": [{"size": "50", "rotate_num": 10, "type": "LTS", "component": "app"}]}}));
        assert_eq!(r.node.log_configs[0].size, Some(50));
        assert_eq!(r.node.enable_gpu, Some(false));
        assert!(r.validate("hilens").is_ok());
        let bad = |v: serde_json::Value, field: &str| {
            assert_eq!(req(v.clone()).validate("hilens").unwrap_err().field, field, "{v}");
        };
        bad(serde_json::json!({"node": {"name": "bad name"}}), "node.name");
        bad(serde_json::json!({"node": {"name": "n", "batch": 100001}}), "node.batch");
        bad(serde_json::json!({"node": {"name": "n", "batch": 0}}), "node.batch");
        bad(serde_json::json!({"node": {"name": "n", "npu_type": "D999"}}), "node.npu_type");
        bad(
            serde_json::json!({"node": {"name": "n", "log_configs": [{"component": "app", "type": "LTS", "size": 5}]}}),
            "node.log_configs[0].size",
        );
        bad(
            serde_json::json!({"node": {"name": "n", "log_configs": [{"component": "app", "type": "LTS", "rotate_num": 31}]}}),
            "node.log_configs[0].rotate_num",
        );
        bad(
            serde_json::json!({"node": {"name": "n", "log_configs": [{"component": "x", "type": "LTS"}]}}),
            "node.log_configs[0].component",
        );
        bad(
            serde_json::json!({"node": {"name": "n", "log_configs": [{"component": "app", "type": "LTS", "rotate_period": "daily"}]}}),
            "node.log_configs[0].rotate_period",
        );
        let ief = req(
            serde_json::json!({"node": {"name": "n", "log_configs": [{"component": "app", "type": "LTS", "rotate_num": 10, "rotate_period": "daily"}]}}),
        );
        assert!(ief.validate("ief").is_ok());
        let ief11 = req(
            serde_json::json!({"node": {"name": "n", "log_configs": [{"component": "app", "type": "LTS", "rotate_num": 11}]}}),
        );
        assert_eq!(ief11.validate("ief").unwrap_err().field, "node.log_configs[0].rotate_num");
        assert!(ief11.validate("hilens").is_ok());
    }

    #[test]
    fn list_queries() {
        let p = |k: &str, v: &str| vec![(k.to_string(), v.to_string())];
        assert_eq!(NodeListQuery::from_pairs(&p("status", "RUNNING")).unwrap().status.as_deref(), Some("RUNNING"));
        assert_eq!(NodeListQuery::from_pairs(&p("status", "ON")).unwrap_err().field, "status");
        assert_eq!(NodeListQuery::from_pairs(&p("tags", "site.sz")).unwrap().tags.len(), 1);
        assert_eq!(NodeListQuery::from_pairs(&p("limit", "0")).unwrap_err().field, "limit");
    }
}

/// `update_node`'s `node`: what can change after registration.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UpdateNodeReqDetail {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_configs: Option<Vec<LogConfig>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient::opt_int")]
    pub event_validity_period: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient::opt_bool")]
    pub enable_gpu: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient::opt_bool")]
    pub enable_npu: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub npu_type: Option<String>,
}

/// `update_node`'s body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateNodeRequest {
    pub node: UpdateNodeReqDetail,
}

impl UpdateNodeRequest {
    pub fn validate(&self, provider: &str) -> Result<(), FieldError> {
        let n = &self.node;
        if let Some(d) = &n.description {
            rules::description("node.description", d)?;
        }
        if let Some(t) = &n.npu_type {
            rules::one_of("node.npu_type", t, NPU_TYPES)?;
        }
        if let Some(tags) = &n.tags {
            validate_tags("node.tags", tags)?;
        }
        for (i, c) in n.log_configs.iter().flatten().enumerate() {
            c.validate(&format!("node.log_configs[{i}]"), provider)?;
        }
        if let Some(e) = n.event_validity_period {
            validate_event_validity("node.event_validity_period", &e.to_string())?;
        }
        Ok(())
    }
}

/// `switch_node_connection`'s action.
pub const NODE_ACTIONS: &[&str] = &["start", "stop"];

/// The basic console's device list (`list_devices`, GET /v2/{project_id}/device-manager/devices,
/// reference 4.1.1): every device of the project, in a simpler shape.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BasicDevice {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub device_type: Option<String>,
    /// 0 offline, 1 online.
    pub status: i64,
    pub cpu: Option<i64>,
    pub memory: Option<i64>,
    pub os: Option<String>,
    pub firmware_name: Option<String>,
    pub firmware_version: Option<String>,
    pub create_time: Option<i64>,
    pub update_time: Option<i64>,
    pub active_flag: Option<i64>,
}

/// `list_devices`' answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BasicDeviceList {
    #[serde(default)]
    pub total: u64,
    #[serde(default)]
    pub data: Vec<BasicDevice>,
}

impl BasicDevice {
    /// The basic console's view of a device.
    pub fn from_node(n: &Node, create_ms: i64, update_ms: i64) -> BasicDevice {
        BasicDevice {
            id: n.id.clone(),
            name: n.name.clone(),
            device_type: Some("HiLens Kit".into()),
            status: i64::from(n.state == "RUNNING"),
            cpu: n.cpu,
            memory: n.memory,
            os: n
                .os_name
                .as_ref()
                .map(|os| format!("{os} {}", n.os_version.clone().unwrap_or_default()).trim().to_string()),
            firmware_name: n.firmware_name.clone(),
            firmware_version: n.firmware_version.clone(),
            create_time: Some(create_ms),
            update_time: Some(update_ms),
            active_flag: Some(i64::from(n.active_status.as_deref() == Some(crate::activation::ACTIVATED))),
        }
    }
}

crate::query_type! {
    /// The query of `list_devices`: `offset`, `limit` (1–100, default 100) and fuzzy `name`,
    /// with the same rules as `show_nodes`; its other filters do not exist there.
    pub struct BasicDeviceQuery {
        "offset" => offset: Option<u32> = query::OFFSET,
        "limit" => limit: Option<u32> = query::limit(100),
        "name" => name: Option<String> = Text(validate_device_name),
    }
}

/// `list_devices`'s query as the device list's, which it is a part of.
pub fn basic_device_query(pairs: &[(String, String)]) -> Result<NodeListQuery, FieldError> {
    use crate::query::Params;
    let q = BasicDeviceQuery::from_pairs(pairs)?;
    Ok(NodeListQuery { offset: q.offset, limit: q.limit, name: q.name, ..Default::default() })
}
