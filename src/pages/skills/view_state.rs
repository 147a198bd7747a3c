//! The skill list's view state and its URL form: what is in the query string is what is
//! shown, so a reload or a shared link shows the same rows. Values that are not valid filters
//! are dropped rather than sent.

use hilens_model::query::build_query;
use hilens_model::skills::{validate_skill_name, SkillListQuery, CHIPS, PLATFORMS, SKILL_TYPES};

use crate::components::pager::{offset, PAGE_SIZES};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkillListView {
    pub name: String,
    pub chip: String,
    pub platform: String,
    /// "" or "0".."4".
    pub charge_model: String,
    pub skill_type: String,
    /// 1-based.
    pub page: u32,
    pub size: u32,
}

impl Default for SkillListView {
    fn default() -> Self {
        SkillListView {
            name: String::new(),
            chip: String::new(),
            platform: String::new(),
            charge_model: String::new(),
            skill_type: String::new(),
            page: 1,
            size: PAGE_SIZES[0],
        }
    }
}

impl SkillListView {
    /// Reads the URL's query parameters (`get` looks one up by name).
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> SkillListView {
        let pick = |key: &str, allowed: &[&str]| get(key).filter(|v| allowed.contains(&v.as_str())).unwrap_or_default();
        let d = SkillListView::default();
        SkillListView {
            name: get("name").filter(|n| validate_skill_name(n).is_ok()).unwrap_or_default(),
            chip: pick("chip", CHIPS),
            platform: pick("platform", PLATFORMS),
            charge_model: pick("charge_model", &["0", "1", "2", "3", "4"]),
            skill_type: pick("type", SKILL_TYPES),
            page: get("page").and_then(|p| p.parse().ok()).filter(|p| *p >= 1).unwrap_or(d.page),
            size: get("size").and_then(|s| s.parse().ok()).filter(|s| PAGE_SIZES.contains(s)).unwrap_or(d.size),
        }
    }

    /// The query string (without `?`), leaving out defaults.
    pub fn to_query_string(&self) -> String {
        let d = SkillListView::default();
        let mut pairs: Vec<(&str, String)> = Vec::new();
        for (k, v) in [
            ("name", &self.name),
            ("chip", &self.chip),
            ("platform", &self.platform),
            ("charge_model", &self.charge_model),
            ("type", &self.skill_type),
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
            ..SkillListQuery::default()
        }
    }

    /// The same filters on another page.
    pub fn with_page(&self, page: u32) -> SkillListView {
        SkillListView { page, ..self.clone() }
    }
}
