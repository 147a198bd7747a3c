//! The skill list's view state and its URL form: what is in the query string is what is
//! shown, so a reload or a shared link shows the same rows. Values that are not valid filters
//! are dropped rather than sent.

use hilens_model::error::FieldError;
use hilens_model::query::{Codec, OneOf, Text};
use hilens_model::skills::{
    validate_device_types, validate_scenes, validate_skill_name, SkillListQuery, CHIPS, PERMISSIONS, PLATFORMS,
    SKILL_FORMS, SKILL_TYPES, TEMPLATE_SOURCES,
};

use crate::components::list::url_state::ListState;

/// Charge models and statuses as the URL and the drop-downs write them.
pub const CHARGE_MODEL_VALUES: &[&str] = &["0", "1", "2", "3", "4"];
pub const STATUS_VALUES: &[&str] = &["0", "1", "2"];

/// Several charge models, `0`–`4` separated by spaces: the valid ones kept, in order, once.
pub struct ChargeModels;

impl Codec for ChargeModels {
    type Value = String;
    fn read(&self, field: &'static str, raw: &str) -> Result<String, FieldError> {
        let mut models: Vec<&str> = raw.split([' ', ',']).filter(|m| CHARGE_MODEL_VALUES.contains(m)).collect();
        models.sort();
        models.dedup();
        if models.is_empty() {
            return Err(FieldError::new(field, "enum", "不是合法的收费模式", "holds no valid charge model"));
        }
        Ok(models.join(" "))
    }
    fn write(&self, value: &String) -> String {
        value.clone()
    }
}

crate::url_state! {
    /// Every filter of the twelve the API has, and the layout (`view=cards`).
    pub struct SkillFilters {
        "name" => name: String = Text(|_, v| validate_skill_name(v)),
        "chip" => chip: String = OneOf(CHIPS),
        "platform" => platform: String = OneOf(PLATFORMS),
        "charge_model" => charge_model: String = OneOf(CHARGE_MODEL_VALUES),
        "type" => skill_type: String = OneOf(SKILL_TYPES),
        "form" => skill_form: String = OneOf(SKILL_FORMS),
        "permission" => permission: String = OneOf(PERMISSIONS),
        "source" => template_source: String = OneOf(TEMPLATE_SOURCES),
        "status" => status: String = OneOf(STATUS_VALUES),
        /// Any of these charge models, ascending, separated by spaces.
        "charge_models" => charge_models: String = ChargeModels,
        /// Space-separated, as the API takes them.
        "device_types" => device_types: String = Text(|_, v| validate_device_types(v)),
        "scenes" => scenes: String = Text(|_, v| validate_scenes(v)),
        "view" => layout: String = OneOf(&["cards"]),
    }
}

/// The whole view: filters, page and page size.
pub type SkillListView = ListState<SkillFilters>;

impl SkillFilters {
    /// Rows as cards rather than a table.
    pub fn cards(&self) -> bool {
        self.layout == "cards"
    }

    /// How many filters under "more filters" are set (shown on its toggle).
    pub fn extra_filter_count(&self) -> usize {
        [
            &self.skill_form,
            &self.permission,
            &self.template_source,
            &self.status,
            &self.device_types,
            &self.scenes,
            &self.charge_models,
        ]
        .iter()
        .filter(|v| !v.is_empty())
        .count()
    }

    /// The charge models ticked under "more filters".
    pub fn has_charge_model(&self, model: &str) -> bool {
        self.charge_models.split(' ').any(|m| m == model)
    }

    /// Ticks or unticks one charge model.
    pub fn toggle_charge_model(&mut self, model: &str) {
        let mut models: Vec<&str> = self.charge_models.split(' ').filter(|m| !m.is_empty() && *m != model).collect();
        if !self.has_charge_model(model) {
            models.push(model);
        }
        models.sort();
        self.charge_models = models.join(" ");
    }
}

/// What to ask the API for.
pub fn api_query(view: &SkillListView) -> SkillListQuery {
    let f = &view.filters;
    let text = |s: &String| (!s.is_empty()).then(|| s.clone());
    SkillListQuery {
        limit: Some(view.size),
        offset: Some(view.offset()),
        skill_name: text(&f.name),
        chip: text(&f.chip),
        platform: text(&f.platform),
        charge_model: f.charge_model.parse().ok(),
        skill_type: text(&f.skill_type),
        skill_form: text(&f.skill_form),
        permission: text(&f.permission),
        template_source: text(&f.template_source),
        status: f.status.parse().ok(),
        charge_models: text(&f.charge_models),
        device_types: text(&f.device_types),
        scenes: text(&f.scenes),
    }
}
