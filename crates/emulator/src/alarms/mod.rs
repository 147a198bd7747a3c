//! Device alarms (reference 4.1.2). Other domains raise them (a failed firmware upgrade); an
//! alarm carries the moment it happens, which may lie in the future when the outcome is
//! already decided (an upgrade that will fail at 40 %), and is listed only from then on.

mod store;

pub use store::{raise, NewAlarm};

use hilens_model::alarms::DeviceAlarmQuery;
use hilens_model::query::Params;

use crate::op::{ok, Ctx, Reply};

/// This domain's tables: alarms.
pub const TABLES: crate::db::Tables = crate::db::Tables { name: "alarms", schema: store::SCHEMA, seed: None };

/// `GET /v1/{project_id}/alarm-manager/alarms`, newest first.
pub fn list(ctx: &Ctx) -> Reply {
    let query = DeviceAlarmQuery::from_pairs(ctx.query)?;
    ok(&store::list(&ctx.app.db.conn(), ctx.param("project_id"), &query)?)
}
