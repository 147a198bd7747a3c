//! Skill orders: `create_order_form` (POST /v1/{project_id}/skill-market/skill-order),
//! `show_skill_order_list`, `show_skill_order_info` and `set_default_order_form`.
//! Reference: sections 4.2.3–4.2.5 and 5.9.3–5.9.5; the last one only the SDK lists.

use serde::{Deserialize, Serialize};

use crate::error::FieldError;
use crate::lenient;
use crate::query::{self, OneOf, Text};
use crate::rules;
use crate::skills::{validate_skill_name, MAX_LIMIT, SKILL_FORMS};

/// How many units one free order may hold (the reference gives no bound; docs/choices.md).
pub const MAX_AMOUNT: i64 = 10_000;

/// `create_order_form`'s body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateOrderRequest {
    pub skill_id: String,
    #[serde(deserialize_with = "lenient::int")]
    pub amount: i64,
    #[serde(deserialize_with = "lenient::int")]
    pub commission_flag: i64,
}

impl CreateOrderRequest {
    pub fn validate(&self) -> Result<(), FieldError> {
        rules::length("skill_id", &self.skill_id, 1, 64)?;
        validate_amount(self.amount)?;
        rules::int_in_range("commission_flag", &self.commission_flag.to_string(), 0, 1)?;
        Ok(())
    }
}

/// `amount`: a whole number of units from 1 to [`MAX_AMOUNT`].
pub fn validate_amount(amount: i64) -> Result<(), FieldError> {
    rules::int_in_range("amount", &amount.to_string(), 1, MAX_AMOUNT).map(|_| ())
}

/// The answer of `create_order_form` and of `set_default_order_form`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderId {
    pub order_id: String,
}

crate::query_type! {
    /// The query of `show_skill_order_list`.
    pub struct OrderListQuery {
        "limit" => limit: Option<u32> = query::limit(MAX_LIMIT),
        "offset" => offset: Option<u32> = query::OFFSET,
        "skill_name" => skill_name: Option<String> = Text(|_, v| validate_skill_name(v)),
        "skill_form" => skill_form: Option<String> = OneOf(SKILL_FORMS),
    }
}

/// One order (`SkillOrderInfo`). Nullable fields are `Option`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SkillOrderInfo {
    pub order_id: String,
    pub skill_id: String,
    pub skill_name: Option<String>,
    #[serde(deserialize_with = "lenient::opt_int")]
    pub amount: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_int")]
    pub used_amount: Option<i64>,
    /// 0 normal, 1 frozen, 2 restricted.
    #[serde(deserialize_with = "lenient::opt_int")]
    pub status: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_int")]
    pub charge_model: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_int")]
    pub commission_flag: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_int")]
    pub expiration_stop_flag: Option<i64>,
    pub package_order_id: Option<String>,
    pub package_id: Option<String>,
    pub icon: Option<String>,
    pub product_info: Vec<String>,
    pub measure_type: Option<String>,
    pub measure_unit: Option<String>,
    /// Milliseconds since the epoch.
    #[serde(deserialize_with = "lenient::opt_int")]
    pub update_time: Option<i64>,
    /// Milliseconds since the epoch; none for orders that do not expire.
    #[serde(deserialize_with = "lenient::opt_int")]
    pub expire_time: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_int")]
    pub channel_limit: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_int")]
    pub resource_step_size: Option<i64>,
    pub cloud_service_type: Option<String>,
    pub developer_id: Option<String>,
    pub format: Option<String>,
    pub resource_type: Option<String>,
    pub resource_spec_code: Option<String>,
    pub skill_chip: Option<String>,
    pub skill_type: Option<String>,
    pub skill_platform: Option<String>,
    pub versions: Vec<String>,
    #[serde(deserialize_with = "lenient::opt_int")]
    pub order_limit: Option<i64>,
    /// Whether `set_default_order_form` made this the default order of its skill. Not in the
    /// reference's SkillOrderInfo: the emulator adds it so a console can show it (docs/choices.md).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_default: Option<bool>,
}

/// `show_skill_order_list`'s answer; `SkillOrderList<SkillOrderSummary>` reads less (see
/// [`crate::nodes::NodeList`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SkillOrderList<O = SkillOrderInfo> {
    #[serde(default)]
    pub total: u64,
    #[serde(default = "Vec::new")]
    pub data: Vec<O>,
}

/// What a summary reads of a skill order (the console's overview): its fields as in
/// [`SkillOrderInfo`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SkillOrderSummary {
    pub order_id: String,
    pub skill_name: Option<String>,
    #[serde(deserialize_with = "lenient::opt_int")]
    pub amount: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_int")]
    pub used_amount: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_int")]
    pub charge_model: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_reads_the_fields_of_a_whole_order() {
        let order = SkillOrderInfo {
            order_id: "o1".into(),
            skill_name: Some("mask".into()),
            amount: Some(3),
            used_amount: Some(1),
            charge_model: Some(0),
            ..Default::default()
        };
        let json = serde_json::to_string(&SkillOrderList { total: 1, data: vec![order] }).unwrap();
        let list: SkillOrderList<SkillOrderSummary> = serde_json::from_str(&json).unwrap();
        let o = &list.data[0];
        assert_eq!((o.order_id.as_str(), o.skill_name.as_deref()), ("o1", Some("mask")));
        assert_eq!((o.amount, o.used_amount, o.charge_model), (Some(3), Some(1), Some(0)));
    }
    use crate::query::Params;

    fn pairs(q: &[(&str, &str)]) -> Vec<(String, String)> {
        q.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn create_requests_read_tolerantly_and_obey_the_amount_rule() {
        let r: CreateOrderRequest =
            serde_json::from_str(r#"{"skill_id":"s1","amount":"3","commission_flag":0}"#).unwrap();
        assert_eq!(r.amount, 3);
        assert!(r.validate().is_ok());
        for amount in [0, -1, MAX_AMOUNT + 1] {
            let err = CreateOrderRequest { amount, ..r.clone() }.validate().unwrap_err();
            assert_eq!((err.field.as_str(), err.rule), ("amount", "range"), "{amount}");
        }
        assert!(CreateOrderRequest { amount: MAX_AMOUNT, ..r.clone() }.validate().is_ok());
        assert_eq!(
            CreateOrderRequest { commission_flag: 2, ..r.clone() }.validate().unwrap_err().field,
            "commission_flag"
        );
        assert_eq!(CreateOrderRequest { skill_id: String::new(), ..r }.validate().unwrap_err().field, "skill_id");
        assert!(serde_json::from_str::<CreateOrderRequest>(r#"{"skill_id":"s1","amount":"abc","commission_flag":0}"#)
            .is_err());
    }

    #[test]
    fn list_queries_check_their_rules() {
        let q = OrderListQuery::from_pairs(&pairs(&[
            ("limit", "5"),
            ("skill_name", "行人"),
            ("skill_form", "no_template"),
        ]))
        .unwrap();
        assert_eq!(q.to_pairs().len(), 3);
        for (k, v) in [("limit", "0"), ("limit", "101"), ("skill_name", "a b"), ("skill_form", "x")] {
            assert_eq!(OrderListQuery::from_pairs(&pairs(&[(k, v)])).unwrap_err().field, k);
        }
    }

    #[test]
    fn the_references_order_example_reads() {
        let list: SkillOrderList = serde_json::from_str(
            r#"{"total":3,"data":[{"expiration_stop_flag":null,"commission_flag":0,"product_info":[],"measure_type":"physical_src",
            "update_time":1654569785847,"channel_limit":0,"resource_step_size":1,"developer_id":"07e463f65280d2d62f2ec010fcd10f1c",
            "amount":10,"format":"image","measure_unit":"road","versions":["0.0.1"],"skill_name":"skill-free","used_amount":0,
            "charge_model":0,"skill_id":"26d00abae3a44c24a820ae9e92fe53c4","order_id":"149d60137d634a81b5a4c7033e38e04d","status":0}]}"#,
        )
        .unwrap();
        assert_eq!((list.total, list.data[0].amount, list.data[0].update_time), (3, Some(10), Some(1_654_569_785_847)));
        assert!(serde_json::to_value(&list.data[0]).unwrap().get("is_default").is_none(), "written exactly");
    }
}
