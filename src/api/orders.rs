//! Skill orders, named as in the official SDK.

use hilens_model::orders::{CreateOrderRequest, OrderId, OrderListQuery, SkillOrderInfo, SkillOrderList};
use hilens_model::query::build_query;

use super::{call, get_json, operation_path, post_json, ApiError};

/// `create_order_form`: a free order for a skill.
pub async fn create_order_form(project_id: &str, req: &CreateOrderRequest) -> Result<OrderId, ApiError> {
    post_json(&operation_path("create_order_form", &[("project_id", project_id)], ""), req).await
}

/// `show_skill_order_list`: the project's orders, filtered and paged.
pub async fn show_skill_order_list(project_id: &str, query: &OrderListQuery) -> Result<SkillOrderList, ApiError> {
    let q = build_query(&query.to_pairs());
    get_json(&operation_path("show_skill_order_list", &[("project_id", project_id)], &q)).await
}

/// `set_default_order_form`: makes an order its skill's default.
pub async fn set_default_order_form(project_id: &str, order_id: &str) -> Result<OrderId, ApiError> {
    call("set_default_order_form", &[("project_id", project_id), ("order_id", order_id)], &[], None::<&()>, &[]).await
}

/// `show_skill_order_info`: one order with its skill's facts.
pub async fn show_skill_order_info(project_id: &str, order_id: &str) -> Result<SkillOrderInfo, ApiError> {
    call("show_skill_order_info", &[("project_id", project_id), ("order_id", order_id)], &[], None::<&()>, &[]).await
}
