//! The skill market: `show_skill_list` and `show_skill_info` (reference 4.2 and 5.9).

pub mod seed;
mod store;

use hilens_model::query::Params;
use hilens_model::skills::{SkillDetailQuery, SkillListQuery};

use crate::op::{ok, Ctx, Failure, Reply};

/// This domain's tables: the skill market, seeded with the reference's example skills.
pub const TABLES: crate::db::Tables =
    crate::db::Tables { name: "skills", schema: store::SCHEMA, seed: Some(seed::seed_if_empty) };

/// `GET /v1/skill-market/skills`: every documented filter, fuzzy name match, paging.
pub fn list(ctx: &Ctx) -> Reply {
    let query = SkillListQuery::from_pairs(ctx.query)?;
    let page = store::list(&ctx.app.db.conn(), &query)?;
    ok(&page)
}

/// `GET /v1/skill-market/skills/{skill_id}`, optionally of one `version` or review `status`.
pub fn show(ctx: &Ctx) -> Reply {
    let query = SkillDetailQuery::from_pairs(ctx.query)?;
    let id = ctx.param("skill_id");
    match store::get(&ctx.app.db.conn(), id, &query)? {
        Some(detail) => ok(&detail),
        None => Err(Failure::not_found(format!("skill_id {id}"))),
    }
}
