//! Staged roll-outs' state: where they are kept (`store`, SQLite or PostgreSQL, with the
//! driver's lease), written once for both stores (`sql`). The proxy drives them.

mod sql;
pub mod store;

pub use store::{Authority, DriverState, Fence, Lease, RolloutStore, SaveError, Stored};
