//! The skill list's view state and its URL form: what is in the query string is what is
//! shown, so a reload or a shared link shows the same rows. Values that are not valid filters
//! are dropped rather than sent.

use hilens_model::query::build_query;
use hilens_model::skills::{
    validate_device_types, validate_scenes, validate_skill_name, SkillListQuery, CHIPS, PERMISSIONS, PLATFORMS,
    SKILL_FORMS, SKILL_TYPES, TEMPLATE_SOURCES,
};

use crate::components::pager::{offset, PAGE_SIZES};

/// Charge models and statuses as the URL and the drop-downs write them.
pub const CHARGE_MODEL_VALUES: &[&str] = &["0", "1", "2", "3", "4"];
pub const STATUS_VALUES: &[&str] = &["0", "1", "2"];

/// Rows as a table or as cards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    #[default]
    Table,
    Cards,
}

/// Every filter of the twelve the API has, the page and its size, and the layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkillListView {
    pub name: String,
    pub chip: String,
    pub platform: String,
    /// "" or "0".."4".
    pub charge_model: String,
    pub skill_type: String,
    pub skill_form: String,
    pub permission: String,
    pub template_source: String,
    /// "" or "0".."2".
    pub status: String,
    /// Any of these charge models ("0".."4"), in ascending order.
    pub charge_models: Vec<String>,
    /// Space-separated, as the API takes them.
    pub device_types: String,
    pub scenes: String,
    /// 1-based.
    pub page: u32,
    pub size: u32,
    pub layout: Layout,
}

impl Default for SkillListView {
    fn default() -> Self {
        SkillListView {
            name: String::new(),
            chip: String::new(),
            platform: String::new(),
            charge_model: String::new(),
            skill_type: String::new(),
            skill_form: String::new(),
            permission: String::new(),
            template_source: String::new(),
            status: String::new(),
            charge_models: Vec::new(),
            device_types: String::new(),
            scenes: String::new(),
            page: 1,
            size: PAGE_SIZES[0],
            layout: Layout::Table,
        }
    }
}

impl SkillListView {
    /// Reads the URL's query parameters (`get` looks one up by name).
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> SkillListView {
        let pick = |key: &str, allowed: &[&str]| get(key).filter(|v| allowed.contains(&v.as_str())).unwrap_or_default();
        let d = SkillListView::default();
        let mut charge_models: Vec<String> = get("charge_models")
            .unwrap_or_default()
            .split([' ', ','])
            .filter(|m| CHARGE_MODEL_VALUES.contains(m))
            .map(str::to_string)
            .collect();
        charge_models.sort();
        charge_models.dedup();
        SkillListView {
            name: get("name").filter(|n| validate_skill_name(n).is_ok()).unwrap_or_default(),
            chip: pick("chip", CHIPS),
            platform: pick("platform", PLATFORMS),
            charge_model: pick("charge_model", CHARGE_MODEL_VALUES),
            skill_type: pick("type", SKILL_TYPES),
            skill_form: pick("form", SKILL_FORMS),
            permission: pick("permission", PERMISSIONS),
            template_source: pick("source", TEMPLATE_SOURCES),
            status: pick("status", STATUS_VALUES),
            charge_models,
            device_types: get("device_types").filter(|v| validate_device_types(v).is_ok()).unwrap_or_default(),
            scenes: get("scenes").filter(|v| validate_scenes(v).is_ok()).unwrap_or_default(),
            page: get("page").and_then(|p| p.parse().ok()).filter(|p| *p >= 1).unwrap_or(d.page),
            size: get("size").and_then(|s| s.parse().ok()).filter(|s| PAGE_SIZES.contains(s)).unwrap_or(d.size),
            layout: if get("view").as_deref() == Some("cards") { Layout::Cards } else { Layout::Table },
        }
    }

    /// The query string (without `?`), leaving out defaults.
    pub fn to_query_string(&self) -> String {
        let d = SkillListView::default();
        let charge_models = self.charge_models.join(" ");
        let mut pairs: Vec<(&str, String)> = Vec::new();
        for (k, v) in [
            ("name", &self.name),
            ("chip", &self.chip),
            ("platform", &self.platform),
            ("charge_model", &self.charge_model),
            ("type", &self.skill_type),
            ("form", &self.skill_form),
            ("permission", &self.permission),
            ("source", &self.template_source),
            ("status", &self.status),
            ("charge_models", &charge_models),
            ("device_types", &self.device_types),
            ("scenes", &self.scenes),
        ] {
            if !v.is_empty() {
                pairs.push((k, v.clone()));
            }
        }
        if self.page != d.page {
            pairs.push(("page", self.page.to_string()));
        }
        if self.size != d.size {
            pairs.push(("size", self.size.to_string()));
        }
        if self.layout == Layout::Cards {
            pairs.push(("view", "cards".into()));
        }
        build_query(&pairs)
    }

    /// What to ask the API for.
    pub fn to_api_query(&self) -> SkillListQuery {
        let text = |s: &String| (!s.is_empty()).then(|| s.clone());
        SkillListQuery {
            limit: Some(self.size),
            offset: Some(offset(self.page, self.size)),
            skill_name: text(&self.name),
            chip: text(&self.chip),
            platform: text(&self.platform),
            charge_model: self.charge_model.parse().ok(),
            skill_type: text(&self.skill_type),
            skill_form: text(&self.skill_form),
            permission: text(&self.permission),
            template_source: text(&self.template_source),
            status: self.status.parse().ok(),
            charge_models: text(&self.charge_models.join(" ")),
            device_types: text(&self.device_types),
            scenes: text(&self.scenes),
        }
    }

    /// How many filters are set (shown on the "more filters" toggle).
    pub fn extra_filter_count(&self) -> usize {
        [&self.skill_form, &self.permission, &self.template_source, &self.status, &self.device_types, &self.scenes]
            .iter()
            .filter(|v| !v.is_empty())
            .count()
            + usize::from(!self.charge_models.is_empty())
    }

    /// The same filters on another page.
    pub fn with_page(&self, page: u32) -> SkillListView {
        SkillListView { page, ..self.clone() }
    }
}
