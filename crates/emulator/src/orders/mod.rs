//! Skill orders: free orders for a skill, their list and detail, and the default order of a
//! skill (reference 4.2.3–4.2.5, 5.9.3–5.9.5; `set_default_order_form` from the SDK).

mod store;

use hilens_model::error::FieldError;
use hilens_model::orders::{CreateOrderRequest, OrderId, OrderListQuery};
use hilens_model::query::Params;

use crate::op::{ok, parse_body, Ctx, Failure, Reply};

/// This domain's tables: skill orders.
pub const TABLES: crate::db::Tables = crate::db::Tables { name: "skill orders", schema: store::SCHEMA, seed: None };

/// `POST /v1/{project_id}/skill-market/skill-order`.
pub fn create(ctx: &Ctx) -> Reply {
    let req: CreateOrderRequest = parse_body(ctx.body)?;
    req.validate()?;
    let mut conn = ctx.app.db.conn();
    let Some(charge_model) = store::skill_charge_model(&conn, &req.skill_id)? else {
        return Err(Failure::not_found(format!("skill_id {}", req.skill_id)));
    };
    if !store::FREE_CHARGE_MODELS.contains(&charge_model) {
        return Err(FieldError::new(
            "skill_id",
            "free_skill",
            "该技能不是免费或试用技能，不能创建免费订单",
            "is not a free or trial skill, so it cannot have a free order",
        )
        .into());
    }
    let order_id = crate::ids::random_hex(16);
    store::insert(&mut conn, ctx.project(), &order_id, &req, charge_model)?;
    ok(&OrderId { order_id })
}

/// `GET /v1/{project_id}/skill-market/skill-order`.
pub fn list(ctx: &Ctx) -> Reply {
    let query = OrderListQuery::from_pairs(ctx.query)?;
    ok(&store::list(&ctx.app.db.conn(), ctx.project(), &query)?)
}

/// `GET /v1/{project_id}/skill-market/skill-order/{order_id}`.
pub fn show(ctx: &Ctx) -> Reply {
    let id = ctx.param("order_id");
    match store::get(&ctx.app.db.conn(), ctx.project(), id)? {
        Some(order) => ok(&order),
        None => Err(Failure::not_found(format!("order_id {id}"))),
    }
}

/// `PUT /v1/{project_id}/skill-market/skill-order/{order_id}/default`.
pub fn set_default(ctx: &Ctx) -> Reply {
    let id = ctx.param("order_id");
    if store::set_default(&mut ctx.app.db.conn(), ctx.project(), id)? {
        ok(&OrderId { order_id: id.to_string() })
    } else {
        Err(Failure::not_found(format!("order_id {id}")))
    }
}
