//! The skill market's operations, named as in the official SDK.

use hilens_model::query::build_query;
use hilens_model::skills::{SkillDetail, SkillList, SkillListQuery};

use super::{get_json, operation_path, ApiError};

/// `show_skill_list`: the market, filtered and paged.
pub async fn show_skill_list(query: &SkillListQuery) -> Result<SkillList, ApiError> {
    get_json(&operation_path("show_skill_list", &[], &build_query(&query.to_pairs()))).await
}

/// `show_skill_info`: one skill with all its versions.
pub async fn show_skill_info(skill_id: &str) -> Result<SkillDetail, ApiError> {
    get_json(&operation_path("show_skill_info", &[("skill_id", skill_id)], "")).await
}
