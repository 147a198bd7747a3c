//! The skill market: `show_skill_list` (GET /v1/skill-market/skills) with its twelve filters,
//! and `show_skill_info` (GET /v1/skill-market/skills/{skill_id}).
//! Reference: sections 4.2.1, 4.2.2, 5.9.1 and 5.9.2.

use serde::{Deserialize, Deserializer, Serialize};

use crate::error::FieldError;
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

/// The query of `show_skill_list`. Field names are the wire names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SkillListQuery {
    pub limit: Option<u32>,
    pub offset: Option<u32>,
    /// Fuzzy match on the name.
    pub skill_name: Option<String>,
    pub skill_form: Option<String>,
    pub permission: Option<String>,
    pub template_source: Option<String>,
    pub status: Option<u8>,
    pub charge_model: Option<u8>,
    pub platform: Option<String>,
    pub chip: Option<String>,
    /// Wire name `type`.
    pub skill_type: Option<String>,
    /// Several charge models, separated by spaces (`"1 2 3"`).
    pub charge_models: Option<String>,
    /// Several device types, separated by spaces; a skill matches if it supports any of them.
    pub device_types: Option<String>,
    /// Several scenes, separated by spaces; a skill matches if it has any of them.
    pub scenes: Option<String>,
}

impl SkillListQuery {
    /// Reads decoded query pairs and checks every documented rule. Unknown keys are ignored
    /// and empty values count as absent, as the cloud does.
    pub fn from_pairs(pairs: &[(String, String)]) -> Result<Self, FieldError> {
        let mut q = SkillListQuery::default();
        for (key, value) in pairs.iter().filter(|(_, v)| !v.is_empty()) {
            let text = Some(value.clone());
            match key.as_str() {
                "limit" => q.limit = Some(rules::int_in_range("limit", value, 1, MAX_LIMIT.into())? as u32),
                "offset" => q.offset = Some(rules::int_in_range("offset", value, 0, u32::MAX.into())? as u32),
                "status" => q.status = Some(rules::int_in_range("status", value, 0, 2)? as u8),
                "charge_model" => q.charge_model = Some(rules::int_in_range("charge_model", value, 0, 4)? as u8),
                "skill_name" => q.skill_name = text,
                "skill_form" => q.skill_form = text,
                "permission" => q.permission = text,
                "template_source" => q.template_source = text,
                "platform" => q.platform = text,
                "chip" => q.chip = text,
                "type" => q.skill_type = text,
                "charge_models" => q.charge_models = text,
                "device_types" => q.device_types = text,
                "scenes" => q.scenes = text,
                _ => {}
            }
        }
        q.validate()?;
        Ok(q)
    }

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
            for item in rules::split_list(v) {
                rules::int_in_range("charge_models", item, 0, 4)?;
            }
        }
        if let Some(v) = &self.device_types {
            validate_device_types(v)?;
        }
        if let Some(v) = &self.scenes {
            validate_scenes(v)?;
        }
        Ok(())
    }

    /// The pairs to send, in the reference's order, leaving out what is unset.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let mut push = |k: &'static str, v: Option<String>| {
            if let Some(v) = v.filter(|v| !v.is_empty()) {
                out.push((k, v));
            }
        };
        push("limit", self.limit.map(|v| v.to_string()));
        push("offset", self.offset.map(|v| v.to_string()));
        push("skill_name", self.skill_name.clone());
        push("skill_form", self.skill_form.clone());
        push("permission", self.permission.clone());
        push("template_source", self.template_source.clone());
        push("status", self.status.map(|v| v.to_string()));
        push("charge_model", self.charge_model.map(|v| v.to_string()));
        push("platform", self.platform.clone());
        push("chip", self.chip.clone());
        push("type", self.skill_type.clone());
        push("charge_models", self.charge_models.clone());
        push("device_types", self.device_types.clone());
        push("scenes", self.scenes.clone());
        out
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

/// The query of `show_skill_info`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SkillDetailQuery {
    pub status: Option<u8>,
    pub version: Option<String>,
}

impl SkillDetailQuery {
    pub fn from_pairs(pairs: &[(String, String)]) -> Result<Self, FieldError> {
        let mut q = SkillDetailQuery::default();
        for (key, value) in pairs.iter().filter(|(_, v)| !v.is_empty()) {
            match key.as_str() {
                "status" => q.status = Some(rules::int_in_range("status", value, 0, 2)? as u8),
                "version" => {
                    rules::length("version", value, 1, 128)?;
                    q.version = Some(value.clone());
                }
                _ => {}
            }
        }
        Ok(q)
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
