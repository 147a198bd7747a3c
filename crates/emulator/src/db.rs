//! The one SQLite file that holds all emulator state. WAL mode, so a crash or restart loses
//! nothing committed; one connection behind a mutex, since every request is a few
//! sub-millisecond statements and SQLite serialises writers anyway.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use rusqlite::Connection;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS tokens (
    token_sha256 TEXT PRIMARY KEY,
    domain       TEXT NOT NULL,
    user         TEXT NOT NULL,
    project_id   TEXT NOT NULL,
    issued_at    INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS skills (
    skill_id        TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    skill_form      TEXT NOT NULL,
    permission      TEXT NOT NULL,
    template_source TEXT NOT NULL,
    status          INTEGER NOT NULL,
    charge_model    INTEGER NOT NULL,
    platform        TEXT NOT NULL,
    chip            TEXT NOT NULL,
    type            TEXT NOT NULL,
    device_types    TEXT NOT NULL,  -- JSON array
    scenes          TEXT NOT NULL,  -- JSON array
    publish_time    INTEGER NOT NULL,
    versions        TEXT NOT NULL,  -- JSON array, oldest first
    info            TEXT NOT NULL   -- the SkillInfo of the newest version, as JSON
);
CREATE INDEX IF NOT EXISTS skills_by_publish_time ON skills (publish_time DESC, skill_id);
";

pub struct Db {
    conn: Mutex<Connection>,
}

impl Db {
    pub fn open(path: &Path) -> Result<Db, String> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        let conn = Connection::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        conn.pragma_update(None, "journal_mode", "WAL").map_err(|e| e.to_string())?;
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(|e| e.to_string())?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(|e| e.to_string())?;
        conn.busy_timeout(std::time::Duration::from_secs(5)).map_err(|e| e.to_string())?;
        conn.execute_batch(SCHEMA).map_err(|e| format!("cannot create the schema: {e}"))?;
        for schema in [
            crate::orders::SCHEMA,
            crate::workspaces::SCHEMA,
            crate::firmware::SCHEMA,
            crate::configmaps::SCHEMA,
            crate::secrets::SCHEMA,
            crate::nodes::SCHEMA,
            crate::activation::SCHEMA,
            crate::firmware::UPGRADES_SCHEMA,
            crate::alarms::SCHEMA,
            crate::deployments::SCHEMA,
            crate::tasks::SCHEMA,
        ] {
            conn.execute_batch(schema).map_err(|e| format!("cannot create the schema: {e}"))?;
        }
        crate::skills::seed::seed_if_empty(&conn).map_err(|e| format!("cannot seed the skill market: {e}"))?;
        crate::firmware::seed_if_empty(&conn).map_err(|e| format!("cannot seed the firmware catalogue: {e}"))?;
        Ok(Db { conn: Mutex::new(conn) })
    }

    /// The connection, for one request's statements. A panic elsewhere cannot leave SQLite
    /// half-written (transactions roll back), so a poisoned lock is safe to take over.
    pub fn conn(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
