//! The audit log in SQLite (`<data-dir>/audit.db`, mode 0600, WAL): one table in `seq` order.
//! The writer thread appends through [`Store`]; readers (the portal's view, `verify`) open
//! their own connections.

use std::path::Path;

use hilens_model::portal::{kind, AuditPage, AuditQuery, AuditRecord};
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::chain::{AuditKey, GENESIS};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS audit_log (
    seq INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    intent INTEGER,
    ts TEXT NOT NULL,
    user TEXT NOT NULL,
    auth_method TEXT NOT NULL,
    role TEXT NOT NULL,
    operation TEXT NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    params TEXT NOT NULL,
    resource_id TEXT,
    resource_name TEXT,
    workspace_id TEXT,
    status INTEGER,
    upstream_error_code TEXT,
    request_id TEXT NOT NULL,
    client_address TEXT NOT NULL,
    user_agent TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_log_ts ON audit_log (ts);
CREATE INDEX IF NOT EXISTS audit_log_user ON audit_log (user, seq);
";

const COLUMNS: &str = "seq, kind, intent, ts, user, auth_method, role, operation, method, path, params, \
    resource_id, resource_name, workspace_id, status, upstream_error_code, request_id, client_address, user_agent, \
    prev_hash, hash";

/// The one insert of a record, made once.
static INSERT: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let numbered: Vec<String> = (1..=COLUMNS.split(',').count()).map(|i| format!("?{i}")).collect();
    format!("INSERT INTO audit_log ({COLUMNS}) VALUES ({})", numbered.join(", "))
});

/// The end of the chain: the last record's number and hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub seq: i64,
    pub hash: String,
    /// How many records the log holds.
    pub count: u64,
}

pub struct Store {
    conn: Connection,
    /// The log's write-ahead file (`<db>-wal`), opened at the first [`Store::sync`].
    wal: Option<std::fs::File>,
    wal_path: std::path::PathBuf,
    /// Whether something committed since the last sync may not be on the disk yet.
    unsynced: bool,
}

/// Opens (creating, mode 0600) the log at `path` for reading and writing.
pub fn open(path: &Path) -> Result<Connection, String> {
    let named = |e: &dyn std::fmt::Display| format!("audit log {}: {e}", path.display());
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| named(&e))?;
    }
    if !path.exists() {
        super::chain::private_file(path).map_err(|e| named(&e))?;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(|e| named(&e))?;
    }
    let conn = Connection::open(path).map_err(|e| named(&e))?;
    conn.busy_timeout(std::time::Duration::from_secs(5)).map_err(|e| named(&e))?;
    conn.pragma_update(None, "journal_mode", "WAL").map_err(|e| named(&e))?;
    // A commit returns once it is in the WAL, which outlives the process (kill -9 included);
    // the writer takes the WAL to the disk soon after (Store::sync, audit/mod.rs SYNC_EVERY).
    conn.pragma_update(None, "synchronous", "NORMAL").map_err(|e| named(&e))?;
    conn.execute_batch(SCHEMA).map_err(|e| named(&e))?;
    Ok(conn)
}

/// Takes `<db>.lock` for this process alone, for as long as the file is held: one writer per
/// log.
pub fn lock(db: &Path) -> Result<std::fs::File, String> {
    let path = db.with_extension("db.lock");
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("audit log {}: {e}", db.display()))?;
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    file.try_lock().map_err(|_| {
        format!(
            "the audit log {} is written by another process: give each replica a --data-dir of its own",
            db.display()
        )
    })?;
    Ok(file)
}

/// Opens an existing log for reading only (`verify`, the portal's view).
pub fn open_read_only(path: &Path) -> Result<Connection, String> {
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| format!("audit log {}: {e}", path.display()))?;
    conn.busy_timeout(std::time::Duration::from_secs(5)).map_err(|e| e.to_string())?;
    Ok(conn)
}

impl Store {
    /// `conn`, as [`open`] made it for the log at `path`.
    pub fn new(conn: Connection, path: &Path) -> Store {
        let mut wal_path = path.as_os_str().to_owned();
        wal_path.push("-wal");
        Store { conn, wal: None, wal_path: wal_path.into(), unsynced: false }
    }

    pub fn head(&self) -> Result<Head, String> {
        let last: Option<(i64, String)> = self
            .conn
            .query_row("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()
            .map_err(|e| e.to_string())?;
        let count: i64 =
            self.conn.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0)).map_err(|e| e.to_string())?;
        let (seq, hash) = last.unwrap_or((0, GENESIS.to_string()));
        Ok(Head { seq, hash, count: count as u64 })
    }

    /// Appends `records` in one transaction, chaining each to the one before; returns their
    /// numbers. On an error nothing is written and `head` is as it was.
    pub fn append(&mut self, head: &mut Head, key: &AuditKey, records: Vec<AuditRecord>) -> Result<Vec<i64>, String> {
        // BEGIN and COMMIT as cached statements: a batch is a few records, and parsing the two
        // each time was a tenth of the writer's work (callgrind, bench/portal-overhead).
        self.run_cached("BEGIN")?;
        let mut next = head.clone();
        let mut numbers = Vec::with_capacity(records.len());
        let inserted = (|| {
            let mut insert = self.conn.prepare_cached(&INSERT)?;
            for mut record in records {
                record.seq = next.seq + 1;
                record.prev_hash = next.hash.clone();
                record.hash = key.record_hash(&record);
                insert_row(&mut insert, &record)?;
                next = Head { seq: record.seq, hash: record.hash, count: next.count + 1 };
                numbers.push(next.seq);
            }
            Ok::<_, rusqlite::Error>(())
        })();
        if let Err(e) = inserted.map_err(|e| e.to_string()).and_then(|()| self.run_cached("COMMIT")) {
            let _ = self.run_cached("ROLLBACK");
            return Err(e);
        }
        self.unsynced = true;
        *head = next;
        Ok(numbers)
    }

    /// Takes what was committed since the last sync to the disk (the WAL file's data; SQLite
    /// syncs it itself before each checkpoint). Returns whether there was anything to sync.
    pub fn sync(&mut self) -> Result<bool, String> {
        if !self.unsynced {
            return Ok(false);
        }
        let named = |e: std::io::Error| format!("{}: {e}", self.wal_path.display());
        if self.wal.is_none() {
            self.wal = Some(std::fs::File::open(&self.wal_path).map_err(named)?);
        }
        if let Some(wal) = &self.wal {
            wal.sync_data().map_err(named)?;
        }
        self.unsynced = false;
        Ok(true)
    }

    /// Runs `sql`, a statement without parameters or rows, prepared once per connection.
    fn run_cached(&self, sql: &str) -> Result<(), String> {
        self.conn.prepare_cached(sql).and_then(|mut s| s.execute([])).map(|_| ()).map_err(|e| e.to_string())
    }

    /// Removes the records older than `before` (an ISO 8601 time) but the newest of them, which
    /// becomes a checkpoint (keeping its hash, so the chain after it links): `verify` starts
    /// there. Returns how many records went.
    pub fn prune(&mut self, head: &mut Head, key: &AuditKey, before: &str, now: &str) -> Result<u64, String> {
        let tx = self.conn.transaction().map_err(|e| e.to_string())?;
        let last_old: Option<(i64, String, String)> = tx
            .query_row(
                "SELECT seq, hash, kind FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log WHERE ts < ?1)",
                [before],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .map_err(|e| e.to_string())?;
        let Some((seq, hash, old_kind)) = last_old else { return Ok(0) };
        let removed = tx.execute("DELETE FROM audit_log WHERE seq < ?1", [seq]).map_err(|e| e.to_string())? as u64;
        if removed == 0 && old_kind == kind::CHECKPOINT {
            return Ok(0);
        }
        let mut checkpoint = AuditRecord {
            seq,
            kind: kind::CHECKPOINT.into(),
            ts: now.into(),
            operation: hilens_model::portal::operation::RETENTION.into(),
            hash,
            ..AuditRecord::default()
        };
        checkpoint.params.insert("removed_before".into(), before.into());
        checkpoint.params.insert("removed".into(), (removed + 1).to_string());
        checkpoint.prev_hash = key.checkpoint_seal(&checkpoint);
        tx.execute("DELETE FROM audit_log WHERE seq = ?1", [seq]).map_err(|e| e.to_string())?;
        {
            let mut insert = tx.prepare_cached(&INSERT).map_err(|e| e.to_string())?;
            insert_row(&mut insert, &checkpoint).map_err(|e| e.to_string())?;
        }
        tx.commit().map_err(|e| e.to_string())?;
        self.unsynced = true;
        head.count = head.count.saturating_sub(removed);
        Ok(removed + 1)
    }
}

fn insert_row(insert: &mut rusqlite::CachedStatement<'_>, r: &AuditRecord) -> rusqlite::Result<usize> {
    let params_json = serde_json::to_string(&r.params).unwrap_or_else(|_| "{}".into());
    insert.execute(params![
        r.seq,
        r.kind,
        r.intent,
        r.ts,
        r.user,
        r.auth_method,
        r.role,
        r.operation,
        r.method,
        r.path,
        params_json,
        r.resource_id,
        r.resource_name,
        r.workspace_id,
        r.status,
        r.upstream_error_code,
        r.request_id,
        r.client_address,
        r.user_agent,
        r.prev_hash,
        r.hash,
    ])
}

fn read_row(row: &Row<'_>) -> rusqlite::Result<AuditRecord> {
    let params: String = row.get(10)?;
    Ok(AuditRecord {
        seq: row.get(0)?,
        kind: row.get(1)?,
        intent: row.get(2)?,
        ts: row.get(3)?,
        user: row.get(4)?,
        auth_method: row.get(5)?,
        role: row.get(6)?,
        operation: row.get(7)?,
        method: row.get(8)?,
        path: row.get(9)?,
        // A params column that is not a map of texts reads as empty, and the record then fails
        // verification (its hash covered the real params).
        params: serde_json::from_str(&params).unwrap_or_default(),
        resource_id: row.get(11)?,
        resource_name: row.get(12)?,
        workspace_id: row.get(13)?,
        status: row.get(14)?,
        upstream_error_code: row.get(15)?,
        request_id: row.get(16)?,
        client_address: row.get(17)?,
        user_agent: row.get(18)?,
        prev_hash: row.get(19)?,
        hash: row.get(20)?,
    })
}

/// Every record in `seq` order, one at a time (for `verify`).
pub fn each_record(conn: &Connection, mut visit: impl FnMut(AuditRecord) -> Result<(), String>) -> Result<(), String> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM audit_log ORDER BY seq")).map_err(|e| e.to_string())?;
    let mut rows = stmt.query([]).map_err(|e| e.to_string())?;
    while let Some(row) = rows.next().map_err(|e| e.to_string())? {
        visit(read_row(row).map_err(|e| e.to_string())?)?;
    }
    Ok(())
}

/// The records matching `q`, newest first, and how many match.
pub fn query(conn: &Connection, q: &AuditQuery) -> Result<AuditPage, String> {
    let mut clauses: Vec<&str> = Vec::new();
    let mut values: Vec<rusqlite::types::Value> = Vec::new();
    if let Some(user) = &q.user {
        clauses.push("user = ?");
        values.push(user.clone().into());
    }
    if let Some(op) = &q.operation {
        clauses.push("operation = ?");
        values.push(op.clone().into());
    }
    if let Some(status) = q.status {
        clauses.push("status = ?");
        values.push(i64::from(status).into());
    }
    // Times compare as the log writes them (milliseconds, UTC); `to` takes its whole second.
    if let Some(secs) = q.from.as_deref().and_then(hilens_model::time::parse_iso8601) {
        clauses.push("ts >= ?");
        values.push(super::timestamp(secs * 1000).into());
    }
    if let Some(secs) = q.to.as_deref().and_then(hilens_model::time::parse_iso8601) {
        clauses.push("ts < ?");
        values.push(super::timestamp((secs + 1) * 1000).into());
    }
    let filter = if clauses.is_empty() { String::new() } else { format!(" WHERE {}", clauses.join(" AND ")) };
    let total: i64 = conn
        .query_row(&format!("SELECT count(*) FROM audit_log{filter}"), rusqlite::params_from_iter(values.iter()), |r| {
            r.get(0)
        })
        .map_err(|e| e.to_string())?;
    let limit = q.limit.unwrap_or(100);
    let offset = q.offset.unwrap_or(0);
    values.push(i64::from(limit).into());
    values.push(i64::from(offset).into());
    let mut stmt = conn
        .prepare(&format!("SELECT {COLUMNS} FROM audit_log{filter} ORDER BY seq DESC LIMIT ? OFFSET ?"))
        .map_err(|e| e.to_string())?;
    let records = stmt
        .query_map(rusqlite::params_from_iter(values.iter()), read_row)
        .map_err(|e| e.to_string())?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    Ok(AuditPage { total: total as u64, records })
}
