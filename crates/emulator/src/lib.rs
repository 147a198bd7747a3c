//! A local HiLens: the API's operations served from one SQLite file, with the documented
//! rules, errors and life cycles. The proxy embeds it (no cloud account needed) and every test
//! talks to it; `hilens-emulator` runs it on its own.
//!
//! Layout: `http` turns requests into operations of the model's catalogue and answers in the
//! API's error format; `op` is what every handler sees and returns (it imports no domain);
//! `domains` is the one list of the domains' tables and handlers; `iam` signs users in and
//! checks tokens; one folder per domain (`skills/`) holds that domain's handlers (`mod.rs`),
//! SQL (`store.rs`) and seed data.

mod activation;
mod alarms;
pub mod clock;
pub mod config;
mod configmaps;
mod db;
mod deployments;
mod domains;
mod entry_sets;
mod firmware;
mod http;
mod iam;
mod ids;
mod nodes;
mod op;
mod orders;
mod secrets;
mod skills;
mod sql;
mod tags;
mod tasks;
mod workspaces;

use std::path::PathBuf;
use std::sync::Arc;

pub use config::{Account, KeyPair, DEMO_ACCOUNT};
/// Random ids (`bytes` from the OS's generator, in hex); the proxy's session and request ids too.
pub use ids::random_hex;

/// How to start an emulator: where its database lives and who may sign in.
#[derive(Debug, Clone)]
pub struct EmulatorConfig {
    pub db_path: PathBuf,
    pub accounts: Vec<Account>,
    /// AK/SK pairs accepted for signed requests.
    pub keys: Vec<KeyPair>,
    /// How long a newly registered device stays UNCONNECTED before it reports in as RUNNING.
    pub connect_delay: std::time::Duration,
    /// How long a firmware upgrade takes from 0 to 100 percent.
    pub upgrade_duration: std::time::Duration,
    /// A test aid: app versions whose instances end `Failed` once the connect delay has
    /// passed (`--fail-versions`), so that roll-outs can be tested against a bad version.
    pub fail_versions: Vec<String>,
}

impl EmulatorConfig {
    /// A database and its accounts; no key pairs; devices connect after 5 seconds and a
    /// firmware upgrade takes 20.
    pub fn new(db_path: PathBuf, accounts: Vec<Account>) -> EmulatorConfig {
        EmulatorConfig {
            db_path,
            accounts,
            keys: Vec::new(),
            connect_delay: std::time::Duration::from_secs(5),
            upgrade_duration: std::time::Duration::from_secs(20),
            fail_versions: Vec::new(),
        }
    }
}

/// A running emulator's state, shared by all requests.
pub struct Emulator {
    db: db::Db,
    accounts: Vec<Account>,
    keys: Vec<KeyPair>,
    connect_delay_ms: i64,
    upgrade_ms: i64,
    fail_versions: Vec<String>,
}

impl Emulator {
    /// Opens (or creates and seeds) the database; the emulator is then ready to serve.
    pub fn open(config: EmulatorConfig) -> Result<Arc<Emulator>, String> {
        let db = db::Db::open(&config.db_path, domains::TABLES)?;
        let connect_delay_ms = i64::try_from(config.connect_delay.as_millis()).unwrap_or(i64::MAX);
        // At least a millisecond, so progress arithmetic never divides by zero.
        let upgrade_ms = i64::try_from(config.upgrade_duration.as_millis()).unwrap_or(i64::MAX).max(1);
        let fail_versions = config.fail_versions.into_iter().map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        Ok(Arc::new(Emulator {
            db,
            accounts: config.accounts,
            keys: config.keys,
            connect_delay_ms,
            upgrade_ms,
            fail_versions: fail_versions.collect(),
        }))
    }

    /// How pods fare here: the connect delay, and the versions that fail.
    pub(crate) fn life(&self) -> deployments::Life<'_> {
        deployments::Life { delay_ms: self.connect_delay_ms, fail_versions: &self.fail_versions }
    }

    /// The HTTP API: IAM's token endpoint plus every catalogue operation.
    pub fn router(self: &Arc<Self>) -> axum::Router {
        http::router(self.clone())
    }
}
