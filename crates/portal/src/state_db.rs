//! `<data-dir>/state.db`, the SQLite state store of one replica (API tokens, roll-outs): one
//! connection per store, opened once and kept.
//!
//! Why kept: a connection opened for each transaction is the file's only one between two
//! transactions, and SQLite checkpoints and deletes the WAL at every close of the last one.
//! The roll-out driver's tick (every second) and the tokens' re-read (every 5 s) then cost,
//! even on an idle proxy, an open, a WAL and its index made anew, three fsyncs and two unlinks
//! each (strace of an idle proxy, 2026-12-06): writes an SD card of an edge box pays for.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use rusqlite::Connection;

pub struct StateDb {
    path: PathBuf,
    /// `None` until first used, and after a failure (made again at the next use).
    conn: Mutex<Option<Connection>>,
}

impl StateDb {
    /// The store at `path` (nothing is opened yet).
    pub fn new(path: &Path) -> StateDb {
        StateDb { path: path.to_path_buf(), conn: Mutex::new(None) }
    }

    /// Runs `work` on the connection (one caller at a time), opening it first when there is
    /// none; an error only when it cannot be opened.
    pub fn with_conn<R>(&self, work: impl FnOnce(&mut Connection) -> R) -> Result<R, String> {
        let mut guard = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        if guard.is_none() {
            *guard = Some(self.open()?);
        }
        let Some(conn) = guard.as_mut() else { return Err("no connection".into()) };
        let done = work(conn);
        // A transaction left open (its ROLLBACK failed) would hold the file's write lock for
        // good: the connection goes, and with it the lock.
        if !conn.is_autocommit() {
            *guard = None;
        }
        Ok(done)
    }

    /// Drops the connection: the next use opens the file again.
    pub fn reset(&self) {
        *self.conn.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    /// [`with_conn`](Self::with_conn) for SQLite's own errors. A failure of the file
    /// ([`file_failure`]) drops the connection, so the next use opens the file again.
    pub fn with<T>(&self, work: impl FnOnce(&mut Connection) -> rusqlite::Result<T>) -> Result<T, String> {
        let done = self.with_conn(work)?;
        if done.as_ref().is_err_and(file_failure) {
            self.reset();
        }
        done.map_err(|e| e.to_string())
    }

    fn open(&self) -> Result<Connection, String> {
        let named = |e: rusqlite::Error| format!("{}: {e}", self.path.display());
        let conn = Connection::open(&self.path).map_err(named)?;
        conn.busy_timeout(Duration::from_secs(10)).map_err(named)?;
        conn.pragma_update(None, "journal_mode", "WAL").map_err(named)?;
        Ok(conn)
    }
}

/// Whether `e` is a failure of the file rather than of a statement (gone, unreadable, the
/// disk): a connection that met it is opened again.
pub fn file_failure(e: &rusqlite::Error) -> bool {
    use rusqlite::ErrorCode::*;
    matches!(e, rusqlite::Error::SqliteFailure(f, _)
        if matches!(f.code, CannotOpen | NotADatabase | DatabaseCorrupt | SystemIoFailure | ReadOnly))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_used_again_and_again_keeps_its_connection_and_its_write_ahead_log() {
        let dir = std::env::temp_dir().join(format!("hilens-portal-state-db-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let db = dir.join("state.db");
        let state = StateDb::new(&db);
        state.with(|c| c.execute_batch("CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (1);")).unwrap();
        let wal = dir.join("state.db-wal");
        for i in 2..=5 {
            // A connection closed after each use would checkpoint and delete the WAL each time.
            assert!(wal.exists(), "the WAL is kept between uses");
            state.with(|c| c.execute("INSERT INTO t VALUES (?1)", [i])).unwrap();
        }
        let sum: i64 = state.with(|c| c.query_row("SELECT sum(v) FROM t", [], |r| r.get(0))).unwrap();
        assert_eq!(sum, 15);
        // What is committed is seen by another connection (another process sharing the file).
        let other = Connection::open(&db).unwrap();
        assert_eq!(other.query_row("SELECT count(*) FROM t", [], |r| r.get::<_, i64>(0)).unwrap(), 5);
        // A statement's error leaves the connection usable.
        assert!(state.with(|c| c.execute("INSERT INTO nowhere VALUES (1)", [])).unwrap_err().contains("nowhere"));
        assert_eq!(state.with(|c| c.query_row("SELECT count(*) FROM t", [], |r| r.get::<_, i64>(0))).unwrap(), 5);
        // A transaction left open (a failed ROLLBACK) goes with its connection: the write lock is
        // not held for good, and the next use begins afresh.
        state.with(|c| c.execute_batch("BEGIN IMMEDIATE; INSERT INTO t VALUES (100)")).unwrap();
        other.execute("INSERT INTO t VALUES (6)", []).expect("the file's write lock is free again");
        state.with(|c| c.execute_batch("BEGIN IMMEDIATE; INSERT INTO t VALUES (7); COMMIT")).unwrap();
        let sum: i64 = state.with(|c| c.query_row("SELECT sum(v) FROM t", [], |r| r.get(0))).unwrap();
        assert_eq!(sum, 28, "the open transaction's row is gone, the later ones are there");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
