//! Activation: a device runs services only once a running-service order (`platform-manager`
//! orders) is bound to it. `unfreeze_node` binds (reference 5.1.7), `freeze_node` unbinds
//! (5.1.8), `show_node_activation_records` lists the history (5.1.11) and
//! `list_platform_manager` the orders with their used amounts (5.1.12).

use serde::{Deserialize, Serialize};

use crate::error::FieldError;
use crate::query::{self, OneOf, Text};
use crate::rules;

pub const DEFAULT_LIMIT: u32 = 100;
/// `device_type` of a running-service order.
pub const ORDER_DEVICE_TYPES: &[&str] =
    &["lite_device", "small_device", "large_device", "large_device_cpu", "large_device_gpu_npu"];
/// `type` of a running-service order: professional edition or standard edition.
pub const ORDER_TYPES: &[&str] = &["running_service", "development_service"];
/// A device's `active_status`.
pub const ACTIVATED: &str = "ACTIVATED";
pub const INACTIVE: &str = "INACTIVE";

/// `unfreeze_node`'s body: `order_id` for a lite or small device, or `cpu_order_id` (and
/// optionally `npu_gpu_order_id`) for a large one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ActivateNodeRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpu_order_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub npu_gpu_order_id: Option<String>,
}

impl ActivateNodeRequest {
    pub fn validate(&self) -> Result<(), FieldError> {
        for (field, v) in self.orders() {
            rules::length(field, v, 1, 64)?;
        }
        match (&self.order_id, &self.cpu_order_id, &self.npu_gpu_order_id) {
            (None, None, None) => Err(FieldError::new(
                "order_id",
                "required",
                "order_id 与 cpu_order_id 必须给出一个",
                "one of order_id and cpu_order_id is required",
            )),
            (Some(_), Some(_), _) | (Some(_), _, Some(_)) => Err(FieldError::new(
                "order_id",
                "one_of",
                "order_id 不能与 cpu_order_id 或 npu_gpu_order_id 同时给出",
                "cannot be given together with cpu_order_id or npu_gpu_order_id",
            )),
            (None, None, Some(_)) => Err(FieldError::new(
                "cpu_order_id",
                "required",
                "给出 npu_gpu_order_id 时必须同时给出 cpu_order_id",
                "is required when npu_gpu_order_id is given",
            )),
            _ => Ok(()),
        }
    }

    /// The orders named, with their field names.
    pub fn orders(&self) -> Vec<(&'static str, &str)> {
        [
            ("order_id", &self.order_id),
            ("cpu_order_id", &self.cpu_order_id),
            ("npu_gpu_order_id", &self.npu_gpu_order_id),
        ]
        .into_iter()
        .filter_map(|(f, v)| v.as_deref().map(|v| (f, v)))
        .collect()
    }
}

/// Which order device types each body field accepts.
pub fn accepted_device_types(field: &str) -> &'static [&'static str] {
    match field {
        "order_id" => &["lite_device", "small_device", "large_device"],
        "cpu_order_id" => &["large_device_cpu", "large_device"],
        _ => &["large_device_gpu_npu"],
    }
}

/// The answer of `unfreeze_node` and `freeze_node`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeId {
    pub node_id: String,
}

/// One change of a device's activation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ActivationRecord {
    pub update_time: String,
    pub active_status: String,
    pub project_id: String,
    pub node_id: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ActivationRecordList {
    pub count: u64,
    pub records: Vec<ActivationRecord>,
}

/// A running-service order (`OrderForm` of 5.1.12).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlatformOrder {
    pub amount: i64,
    pub used_amount: i64,
    pub cbc_order_id: String,
    pub device_type: String,
    pub id: String,
    pub order_update_time: String,
    pub status: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlatformOrderList {
    pub total: u64,
    pub data: Vec<PlatformOrder>,
}

crate::query_type! {
    /// The query of `list_platform_manager`.
    pub struct PlatformOrderQuery {
        "id" => id: Option<String> = Text(|f, v| rules::length(f, v, 1, 64)),
        "device_type" => device_type: Option<String> = OneOf(ORDER_DEVICE_TYPES),
        "type" => order_type: Option<String> = OneOf(ORDER_TYPES),
        "offset" => offset: Option<u32> = query::OFFSET,
        "limit" => limit: Option<u32> = query::limit(100),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Params;

    fn body(v: serde_json::Value) -> ActivateNodeRequest {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn activation_names_one_kind_of_order() {
        // The reference's example.
        assert!(body(serde_json::json!({"order_id": "SDASDASDASDASDASD"})).validate().is_ok());
        assert!(body(serde_json::json!({"cpu_order_id": "a", "npu_gpu_order_id": "b"})).validate().is_ok());
        let field = |v| body(v).validate().unwrap_err().field;
        assert_eq!(field(serde_json::json!({})), "order_id");
        assert_eq!(field(serde_json::json!({"order_id": "a", "cpu_order_id": "b"})), "order_id");
        assert_eq!(field(serde_json::json!({"npu_gpu_order_id": "b"})), "cpu_order_id");
        assert_eq!(field(serde_json::json!({"order_id": ""})), "order_id");
    }

    #[test]
    fn the_references_examples_read() {
        let list: PlatformOrderList = serde_json::from_str(
            r#"{"data": [{"amount": 10, "used_amount": 5, "cbc_order_id": "xxxx", "device_type": "lite_device",
            "id": "7361b5b9069a4270a6f6364e84cd4473", "order_update_time": "2022-11-11 10:13:48 GMT+08:00",
            "status": 0}], "total": 51}"#,
        )
        .unwrap();
        assert_eq!((list.total, list.data[0].used_amount), (51, 5));
        let records: ActivationRecordList = serde_json::from_str(
            r#"{"count": 1, "records": [{"update_time": "2022-04-11 17:14:22 GMT+08:00", "active_status": "INACTIVE",
            "project_id": "fff47e1722f94c4e98531bae56821372", "node_id": "hilens-9b0dd8dbad854554b23813d849bf51ad"}]}"#,
        )
        .unwrap();
        assert_eq!(records.records[0].active_status, INACTIVE);
    }

    #[test]
    fn order_queries() {
        let p = |k: &str, v: &str| vec![(k.to_string(), v.to_string())];
        assert_eq!(
            PlatformOrderQuery::from_pairs(&p("type", "running_service")).unwrap().order_type.unwrap(),
            "running_service"
        );
        assert_eq!(PlatformOrderQuery::from_pairs(&p("type", "x")).unwrap_err().field, "type");
        assert_eq!(PlatformOrderQuery::from_pairs(&p("device_type", "huge")).unwrap_err().field, "device_type");
        assert_eq!(PlatformOrderQuery::from_pairs(&p("limit", "101")).unwrap_err().field, "limit");
    }
}
