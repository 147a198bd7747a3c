//! Skill orders, named as in the official SDK.
//! Each is typed by the model: its query, its body and its answer.

use hilens_model::OperationId as Op;
use hilens_model::*;

use super::{ApiError, Call};

/// `create_order_form`: 创建免费技能订单 (POST /v1/{project_id}/skill-market/skill-order).
pub async fn create_order_form(body: &orders::CreateOrderRequest) -> Result<orders::OrderId, ApiError> {
    Call::new(Op::CreateOrderForm).body(body).send().await
}

/// `set_default_order_form`: 设置默认订单 (PUT /v1/{project_id}/skill-market/skill-order/{order_id}/default).
pub async fn set_default_order_form(order_id: &str) -> Result<orders::OrderId, ApiError> {
    Call::new(Op::SetDefaultOrderForm).param("order_id", order_id).send().await
}

/// `show_skill_order_info`: 查询订单详情 (GET /v1/{project_id}/skill-market/skill-order/{order_id}).
pub async fn show_skill_order_info(order_id: &str) -> Result<orders::SkillOrderInfo, ApiError> {
    Call::new(Op::ShowSkillOrderInfo).param("order_id", order_id).send().await
}

/// `show_skill_order_list`: 查询订单列表 (GET /v1/{project_id}/skill-market/skill-order).
pub async fn show_skill_order_list(query: &orders::OrderListQuery) -> Result<orders::SkillOrderList, ApiError> {
    Call::new(Op::ShowSkillOrderList).query(query).send().await
}

/// `show_skill_order_list` read for a summary: each order's [`orders::SkillOrderSummary`].
pub async fn show_skill_order_summaries(
    query: &orders::OrderListQuery,
) -> Result<orders::SkillOrderList<orders::SkillOrderSummary>, ApiError> {
    Call::new(Op::ShowSkillOrderList).query(query).send().await
}
