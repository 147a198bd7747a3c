//! The team portal's logic, which `hilens-proxy` wires in around its plain forwarding path:
//! - `identity`: who the caller is and what they were granted: local users (`--users-file`,
//!   each with a role and optional workspaces), custom roles and group bindings
//!   (`--roles-file`), re-read when the files change or on SIGHUP ([`identity::Directory`]);
//! - `policy`: whether a grant allows an operation (every `OperationId` needs one
//!   permission, `hilens_model::catalogue_permissions`), and the one rewrite of an answer:
//!   secret values removed for callers who may not reveal them;
//! - `audit`: the hash-chained audit log in SQLite, written by a thread of its own;
//! - `rollouts`: staged roll-outs' state and the driver's lease (SQLite or PostgreSQL), and
//!   the driver's decisions;
//! - `state_db`: `<data-dir>/state.db`'s one kept connection per store (tokens, roll-outs).
//!
//! Nothing here knows HTTP: the proxy hands over names, operations and bytes.

pub mod audit;
pub mod identity;
pub mod policy;
pub mod rollouts;
mod state_db;

pub use identity::{Directory, Grant};

/// Runs `work` on a thread of its own and waits for it: the synchronous PostgreSQL client
/// drives a runtime of its own, which cannot start on a thread that is serving one (as the
/// proxy's start is).
pub(crate) fn off_runtime<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|s| match s.spawn(work).join() {
        Ok(done) => done,
        Err(panic) => std::panic::resume_unwind(panic),
    })
}
