//! The one SQLite file that holds all emulator state. WAL mode, so a crash or restart loses
//! nothing committed; one connection behind a mutex, since every request is a few
//! sub-millisecond statements and SQLite serialises writers anyway.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use rusqlite::Connection;

/// What a domain keeps in the database: its tables (`CREATE ... IF NOT EXISTS`), and what a
/// new database starts with. Each domain's module declares its own `TABLES`.
pub struct Tables {
    pub name: &'static str,
    pub schema: &'static str,
    /// Fills the tables when they are empty; leaves them alone otherwise.
    pub seed: Option<fn(&Connection) -> rusqlite::Result<()>>,
}

pub struct Db {
    conn: Mutex<Connection>,
}

impl Db {
    /// Opens (or creates) the file at `path` with every one of `domains`' tables.
    pub fn open(path: &Path, domains: &[&Tables]) -> Result<Db, String> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        let conn = Connection::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        conn.pragma_update(None, "journal_mode", "WAL").map_err(|e| e.to_string())?;
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(|e| e.to_string())?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(|e| e.to_string())?;
        conn.busy_timeout(std::time::Duration::from_secs(5)).map_err(|e| e.to_string())?;
        for domain in domains {
            conn.execute_batch(domain.schema).map_err(|e| format!("cannot create the {} tables: {e}", domain.name))?;
            if let Some(seed) = domain.seed {
                seed(&conn).map_err(|e| format!("cannot seed the {}: {e}", domain.name))?;
            }
        }
        Ok(Db { conn: Mutex::new(conn) })
    }

    /// The connection, for one request's statements. A panic elsewhere cannot leave SQLite
    /// half-written (transactions roll back), so a poisoned lock is safe to take over.
    pub fn conn(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
