//! The skill market's operations, named as in the official SDK.
//! Each is typed by the model: its query, its body and its answer.

use hilens_model::OperationId as Op;
use hilens_model::*;

use super::{ApiError, Call};

/// `show_skill_info`: 获取技能详情 (GET /v1/skill-market/skills/{skill_id}).
pub async fn show_skill_info(
    skill_id: &str,
    query: &skills::SkillDetailQuery,
) -> Result<skills::SkillDetail, ApiError> {
    Call::new(Op::ShowSkillInfo).param("skill_id", skill_id).query(query).send().await
}

/// `show_skill_list`: 查询技能列表 (GET /v1/skill-market/skills).
pub async fn show_skill_list(query: &skills::SkillListQuery) -> Result<skills::SkillList, ApiError> {
    Call::new(Op::ShowSkillList).query(query).send().await
}
