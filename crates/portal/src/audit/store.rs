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
    /// Whether the connection's commits wait for the disk (`synchronous` FULL), as last set.
    synced: bool,
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
    // Commits reach the disk (group commit pays for it once per batch); see Store::append for
    // the one kind of batch that need not wait for it.
    conn.pragma_update(None, "synchronous", "FULL").map_err(|e| named(&e))?;
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
    /// `conn` as [`open`] leaves it (commits synced).
    pub fn new(conn: Connection) -> Store {
        Store { conn, synced: true }
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

    /// The connection's `synchronous` level (2 FULL, 1 NORMAL).
    #[cfg(test)]
    pub fn synchronous(&self) -> i64 {
        self.conn.query_row("PRAGMA synchronous", [], |r| r.get(0)).unwrap_or(-1)
    }

    /// Whether the next commits wait for the disk.
    fn sync_commits(&mut self, synced: bool) -> Result<(), String> {
        if synced != self.synced {
            let level = if synced { "FULL" } else { "NORMAL" };
            self.conn.pragma_update(None, "synchronous", level).map_err(|e| e.to_string())?;
            self.synced = synced;
        }
        Ok(())
    }

    /// Appends `records` in one transaction, chaining each to the one before; returns their
    /// numbers. On an error nothing is written and `head` is as it was.
    pub fn append(&mut self, head: &mut Head, key: &AuditKey, records: Vec<AuditRecord>) -> Result<Vec<i64>, String> {
        // An intent is on the disk before its call is made, so that even a machine that stops
        // leaves no call made without its record; so is every other record but a result. A
        // batch of results alone only has to outlive the process (committed to the WAL without
        // waiting for the disk): if the machine stops first, its intent remains and `verify`
        // names the stop. The next synced commit takes it to the disk too (one WAL file).
        self.sync_commits(records.iter().any(|r| r.kind != kind::RESULT))?;
        let tx = self.conn.transaction().map_err(|e| e.to_string())?;
        let mut next = head.clone();
        let mut numbers = Vec::with_capacity(records.len());
        {
            let mut insert = tx
                .prepare_cached(&format!("INSERT INTO audit_log ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)"))
                .map_err(|e| e.to_string())?;
            for mut record in records {
                record.seq = next.seq + 1;
                record.prev_hash = next.hash.clone();
                record.hash = key.record_hash(&record);
                insert_row(&mut insert, &record).map_err(|e| e.to_string())?;
                next = Head { seq: record.seq, hash: record.hash, count: next.count + 1 };
                numbers.push(next.seq);
            }
        }
        tx.commit().map_err(|e| e.to_string())?;
        *head = next;
        Ok(numbers)
    }

    /// Removes the records older than `before` (an ISO 8601 time) but the newest of them, which
    /// becomes a checkpoint (keeping its hash, so the chain after it links): `verify` starts
    /// there. Returns how many records went.
    pub fn prune(&mut self, head: &mut Head, key: &AuditKey, before: &str, now: &str) -> Result<u64, String> {
        self.sync_commits(true)?;
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
            operation: "retention".into(),
            hash,
            ..AuditRecord::default()
        };
        checkpoint.params.insert("removed_before".into(), before.into());
        checkpoint.params.insert("removed".into(), (removed + 1).to_string());
        checkpoint.prev_hash = key.checkpoint_seal(&checkpoint);
        tx.execute("DELETE FROM audit_log WHERE seq = ?1", [seq]).map_err(|e| e.to_string())?;
        {
            let mut insert = tx
                .prepare_cached(&format!("INSERT INTO audit_log ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)"))
                .map_err(|e| e.to_string())?;
            insert_row(&mut insert, &checkpoint).map_err(|e| e.to_string())?;
        }
        tx.commit().map_err(|e| e.to_string())?;
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
