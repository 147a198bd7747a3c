//! Firmware (reference 5.2.1): the device agent's versions per device type, seeded, the same
//! for every project.

mod store;

pub use store::{seed_if_empty, SCHEMA};

use hilens_model::firmware::FirmwareListQuery;

use crate::http::{ok, Ctx, Reply};

/// `GET /v3/ai-mgr/firmwares?device_type=...`.
pub fn list(ctx: &Ctx) -> Reply {
    let query = FirmwareListQuery::from_pairs(ctx.query)?;
    ok(&store::list(&ctx.app.db.conn(), &query)?)
}
