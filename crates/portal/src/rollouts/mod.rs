//! Staged roll-outs' state and decisions: where they are kept (`store`, SQLite or PostgreSQL,
//! with the driver's lease), written once for both stores (`sql`); what the driver does next
//! (`reconcile`, a pure function of a roll-out and the instances observed). The proxy observes,
//! records and calls HiLens.

pub mod reconcile;
mod sql;
pub mod store;

pub use store::{Authority, DriverState, Fence, Lease, RolloutStore, SaveError, Stored};
