//! The skill market: `show_skill_list` (GET /v1/skill-market/skills) with its twelve filters,
//! and `show_skill_info` (GET /v1/skill-market/skills/{skill_id}).
//! Reference: sections 4.2.1, 4.2.2, 5.9.1 and 5.9.2.

use serde::{Deserialize, Deserializer, Serialize};

use crate::error::FieldError;
use crate::query::{self, Code, OneOf, Text};
use crate::rules;

pub const CHIPS: &[&str] = &[
    "Ascend 310",
    "Ascend 310(Atlas 200 DK)",
    "Arm",
    "x86",
    "3516CV500",
    "3519AV100",
    "3519V101",
    "3516DV300",
    "3516EV200",
    "3516EV300",
    "3518EV300",
];
pub const PLATFORMS: &[&str] = &["Linux", "Android", "iOS", "LiteOS", "Windows"];
pub const SKILL_FORMS: &[&str] = &["no_template", "support_template"];
pub const PERMISSIONS: &[&str] = &["public", "whitelist"];
pub const TEMPLATE_SOURCES: &[&str] = &["hilens", "ma_pro", "studio"];
pub const SKILL_TYPES: &[&str] = &["standard", "lite"];
/// 0 free forever, 1 charged, 2 30-day trial, 3 365-day trial, 4 charged (perpetual).
pub const CHARGE_MODELS: &[u8] = &[0, 1, 2, 3, 4];
/// 0 pending review, 1 approved, 2 rejected.
pub const STATUSES: &[u8] = &[0, 1, 2];

pub const DEFAULT_LIMIT: u32 = 10;
pub const MAX_LIMIT: u32 = 100;

/// Characters a device type may not contain (reference: `#~^$%&*<>{}[]"`).
const DEVICE_TYPE_FORBIDDEN: &str = "#~^$%&*<>{}[]\"";
/// Characters a scene may not contain (reference: `#~^$%&*<>{}[]"\`).
const SCENE_FORBIDDEN: &str = "#~^$%&*<>{}[]\"\\";

crate::query_type! {
    /// The query of `show_skill_list`. Field names are the wire names but for `type`.
    pub struct SkillListQuery {
        "limit" => limit: Option<u32> = query::limit(MAX_LIMIT),
        "offset" => offset: Option<u32> = query::OFFSET,
        /// Fuzzy match on the name.
        "skill_name" => skill_name: Option<String> = Text(|_, v| validate_skill_name(v)),
        "skill_form" => skill_form: Option<String> = OneOf(SKILL_FORMS),
        "permission" => permission: Option<String> = OneOf(PERMISSIONS),
        "template_source" => template_source: Option<String> = OneOf(TEMPLATE_SOURCES),
        "status" => status: Option<u8> = Code(0, 2),
        "charge_model" => charge_model: Option<u8> = Code(0, 4),
        "platform" => platform: Option<String> = OneOf(PLATFORMS),
        "chip" => chip: Option<String> = OneOf(CHIPS),
        "type" => skill_type: Option<String> = OneOf(SKILL_TYPES),
        /// Several charge models, separated by spaces (`"1 2 3"`).
        "charge_models" => charge_models: Option<String> = Text(|_, v| validate_charge_models(v)),
        /// Several device types, separated by spaces; a skill matches if it supports any of them.
        "device_types" => device_types: Option<String> = Text(|_, v| validate_device_types(v)),
        /// Several scenes, separated by spaces; a skill matches if it has any of them.
        "scenes" => scenes: Option<String> = Text(|_, v| validate_scenes(v)),
    }
    check = SkillListQuery::validate;
}

impl SkillListQuery {
    /// Checks every field; the first broken rule is returned.
    pub fn validate(&self) -> Result<(), FieldError> {
        if let Some(limit) = self.limit {
            rules::int_in_range("limit", &limit.to_string(), 1, MAX_LIMIT.into())?;
        }
        if let Some(v) = &self.skill_name {
            validate_skill_name(v)?;
        }
        let enums: [(&str, &Option<String>, &[&str]); 6] = [
            ("skill_form", &self.skill_form, SKILL_FORMS),
            ("permission", &self.permission, PERMISSIONS),
            ("template_source", &self.template_source, TEMPLATE_SOURCES),
            ("platform", &self.platform, PLATFORMS),
            ("chip", &self.chip, CHIPS),
            ("type", &self.skill_type, SKILL_TYPES),
        ];
        for (field, value, allowed) in enums {
            if let Some(v) = value {
                rules::one_of(field, v, allowed)?;
            }
        }
        if let Some(v) = self.status {
            rules::int_in_range("status", &v.to_string(), 0, 2)?;
        }
        if let Some(v) = self.charge_model {
            rules::int_in_range("charge_model", &v.to_string(), 0, 4)?;
        }
        if let Some(v) = &self.charge_models {
            validate_charge_models(v)?;
        }
        if let Some(v) = &self.device_types {
            validate_device_types(v)?;
        }
        if let Some(v) = &self.scenes {
            validate_scenes(v)?;
        }
        Ok(())
    }

    pub fn effective_limit(&self) -> u32 {
        self.limit.unwrap_or(DEFAULT_LIMIT)
    }

    pub fn effective_offset(&self) -> u32 {
        self.offset.unwrap_or(0)
    }
}

/// `skill_name`: Chinese, letters, digits, `_`, `-`; 1 to 60 characters.
pub fn validate_skill_name(v: &str) -> Result<(), FieldError> {
    rules::length("skill_name", v, 1, 60)?;
    rules::chinese_letters_digits_underscore_hyphen("skill_name", v)
}

/// `charge_models`: charge models 0 to 4, separated by spaces.
pub fn validate_charge_models(v: &str) -> Result<(), FieldError> {
    for item in rules::split_list(v) {
        rules::int_in_range("charge_models", item, 0, 4)?;
    }
    Ok(())
}

/// `device_types`: at most 50, each 1 to 100 characters without `#~^$%&*<>{}[]"`.
pub fn validate_device_types(v: &str) -> Result<(), FieldError> {
    let items = rules::split_list(v);
    rules::max_items("device_types", items.len(), 50)?;
    for item in items {
        rules::length("device_types", item, 1, 100)?;
        rules::none_of("device_types", item, DEVICE_TYPE_FORBIDDEN)?;
    }
    Ok(())
}

/// `scenes`: at most 20, each up to 100 characters without `#~^$%&*<>{}[]"\`.
pub fn validate_scenes(v: &str) -> Result<(), FieldError> {
    let items = rules::split_list(v);
    rules::max_items("scenes", items.len(), 20)?;
    for item in items {
        rules::length("scenes", item, 1, 100)?;
        rules::none_of("scenes", item, SCENE_FORBIDDEN)?;
    }
    Ok(())
}

crate::query_type! {
    /// The query of `show_skill_info`.
    pub struct SkillDetailQuery {
        "status" => status: Option<u8> = Code(0, 2),
        "version" => version: Option<String> = Text(|f, v| rules::length(f, v, 1, 128)),
    }
}

/// One skill as the market lists it (`SkillInfo`). Nullable fields are `Option`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SkillInfo {
    #[serde(deserialize_with = "string_or_number")]
    pub skill_id: String,
    pub name: String,
    pub version: Option<String>,
    pub version_num: Option<i64>,
    pub sub_scenes: Option<String>,
    pub main_scenes: Option<String>,
    pub scenes: Vec<String>,
    pub app_template_id: Option<String>,
    pub icon: Option<String>,
    pub description: Option<String>,
    pub summary: Option<String>,
    pub product_info: Vec<String>,
    #[serde(rename = "type")]
    pub skill_type: Option<String>,
    pub platform: Option<String>,
    pub chip: Option<String>,
    pub device_types: Vec<String>,
    pub self_dev_flag: Option<i64>,
    pub measure_type: Option<String>,
    pub measure_unit: Option<String>,
    pub charge_model: Option<i64>,
    pub approval_result: Option<String>,
    pub approval_time: Option<String>,
    pub update_time: Option<String>,
    pub publish_time: Option<String>,
    pub channel_limit: Option<i64>,
    pub resource_step_size: Option<i64>,
    pub cloud_service_type: Option<String>,
    pub resource_type: Option<String>,
    pub resource_spec_code: Option<String>,
    pub test_status: Option<i64>,
    pub test_result: Option<String>,
    pub is_verify_model: Option<bool>,
    pub format: Option<String>,
    pub tags: Vec<String>,
    pub size: Option<i64>,
    pub install_times: Option<i64>,
    pub privacy_policy: Vec<String>,
    pub developer: Option<String>,
    pub status: Option<i64>,
}

/// `show_skill_info`'s answer: the skill plus all its version numbers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SkillDetail {
    #[serde(flatten)]
    pub info: SkillInfo,
    #[serde(default)]
    pub versions: Vec<String>,
}

/// `show_skill_list`'s answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SkillList {
    #[serde(default)]
    pub data: Vec<SkillInfo>,
    #[serde(default)]
    pub total: u64,
}

/// The reference's own example sends `"skill_id": 12233223`; read numbers as text.
fn string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Id {
        Text(String),
        Number(i64),
    }
    Ok(match Id::deserialize(d)? {
        Id::Text(s) => s,
        Id::Number(n) => n.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Params;

    fn pairs(q: &[(&str, &str)]) -> Vec<(String, String)> {
        q.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn every_filter_is_read_and_written_back() {
        let input = pairs(&[
            ("limit", "20"),
            ("offset", "40"),
            ("skill_name", "行人"),
            ("skill_form", "support_template"),
            ("permission", "public"),
            ("template_source", "hilens"),
            ("status", "1"),
            ("charge_model", "0"),
            ("platform", "Linux"),
            ("chip", "Ascend 310"),
            ("type", "standard"),
            ("charge_models", "0 2"),
            ("device_types", "HiLens_Kit Atlas_500"),
            ("scenes", "园区 交通"),
        ]);
        let q = SkillListQuery::from_pairs(&input).unwrap();
        let back: Vec<(String, String)> = q.to_pairs().into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        assert_eq!(back, input);
    }

    #[test]
    fn each_rule_refuses_its_bad_value_and_names_the_field() {
        let cases = [
            ("limit", "0"),
            ("limit", "101"),
            ("offset", "-1"),
            ("skill_name", "a b"),
            ("skill_name", &"x".repeat(61)),
            ("skill_form", "template"),
            ("permission", "private"),
            ("template_source", "github"),
            ("status", "3"),
            ("charge_model", "5"),
            ("platform", "linux"),
            ("chip", "M1"),
            ("type", "heavy"),
            ("charge_models", "0 9"),
            ("device_types", "a<b"),
            ("scenes", "a\\b"),
        ];
        for (field, value) in cases {
            let err = SkillListQuery::from_pairs(&pairs(&[(field, value)])).unwrap_err();
            assert_eq!(err.field, field, "{field}={value}");
        }
        let many: String = (0..51).map(|i| format!("d{i} ")).collect();
        assert_eq!(SkillListQuery::from_pairs(&pairs(&[("device_types", &many)])).unwrap_err().rule, "max_items");
        let many: String = (0..21).map(|i| format!("s{i} ")).collect();
        assert_eq!(SkillListQuery::from_pairs(&pairs(&[("scenes", &many)])).unwrap_err().rule, "max_items");
    }

    #[test]
    fn defaults_apply_when_paging_is_absent() {
        let q = SkillListQuery::from_pairs(&pairs(&[("skill_name", ""), ("unknown", "x")])).unwrap();
        assert_eq!((q.effective_limit(), q.effective_offset(), q.skill_name), (10, 0, None));
    }

    #[test]
    fn the_references_examples_read_as_their_types() {
        let list: SkillList = serde_json::from_str(
            r#"{"data":[{"sub_scenes":"行人轨迹","app_template_id":null,"version_num":1,"product_info":[],
            "type":"standard","platform":"Linux","chip":"Ascend 310","is_verify_model":false,"size":1439,
            "name":"createmOXIL","scenes":[],"charge_model":2,"skill_id":"dc7751f1896d46eba688765d72615de0",
            "device_types":[],"status":1}],"total":10500}"#,
        )
        .unwrap();
        assert_eq!((list.total, list.data[0].name.as_str(), list.data[0].size), (10500, "createmOXIL", Some(1439)));
        let detail: SkillDetail =
            serde_json::from_str(r#"{"name":"create26xDM","skill_id":12233223,"versions":["1.0.0"],"charge_model":2}"#)
                .unwrap();
        assert_eq!((detail.info.skill_id.as_str(), detail.versions.len()), ("12233223", 1));
        let json = serde_json::to_value(&detail).unwrap();
        assert_eq!(json["type"], serde_json::Value::Null);
        assert_eq!(json["versions"][0], "1.0.0");
    }
}
