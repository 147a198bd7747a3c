//! The audit log in PostgreSQL (`--state-store`), shared by replicas: one chain, its end kept
//! in the one row of `audit_head`, which every append and retention locks (`FOR UPDATE`) for
//! its transaction, so replicas append one after another and each new record links to the
//! last one, whoever wrote it.

use hilens_model::portal::{kind, AuditPage, AuditQuery, AuditRecord};
use postgres::types::ToSql;
use postgres::{Client, NoTls, Row, Transaction};

use super::chain::{AuditKey, GENESIS};
use super::store::Head;

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS audit_log (
    seq BIGINT PRIMARY KEY,
    kind TEXT NOT NULL,
    intent BIGINT,
    ts TEXT NOT NULL,
    "user" TEXT NOT NULL,
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
CREATE INDEX IF NOT EXISTS audit_log_user ON audit_log ("user", seq);
CREATE TABLE IF NOT EXISTS audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL,
    count BIGINT NOT NULL
);
"#;

const COLUMNS: &str = r#"seq, kind, intent, ts, "user", auth_method, role, operation, method, path, params, resource_id, resource_name, workspace_id, status, upstream_error_code, request_id, client_address, user_agent, prev_hash, hash"#;

const INSERT: &str = r#"INSERT INTO audit_log (seq, kind, intent, ts, "user", auth_method, role, operation, method, path, params, resource_id, resource_name, workspace_id, status, upstream_error_code, request_id, client_address, user_agent, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)"#;

/// The same advisory lock number for every replica: the schema is made by one at a time.
const SCHEMA_LOCK: i64 = 0x4849_4c45_4e53_4155;

/// Connects and makes the tables (once, whichever replica comes first).
pub fn connect(url: &str) -> Result<Client, String> {
    let mut client = Client::connect(url, NoTls).map_err(|e| format!("state store: {e}"))?;
    let mut tx = client.transaction().map_err(|e| e.to_string())?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK]).map_err(|e| e.to_string())?;
    tx.batch_execute(SCHEMA).map_err(|e| format!("state store: {e}"))?;
    tx.execute(
        "INSERT INTO audit_head (id, seq, hash, count) VALUES (1, 0, $1, 0) ON CONFLICT (id) DO NOTHING",
        &[&GENESIS],
    )
    .map_err(|e| e.to_string())?;
    tx.commit().map_err(|e| e.to_string())?;
    Ok(client)
}

fn locked_head(tx: &mut Transaction<'_>) -> Result<Head, String> {
    let row = tx
        .query_one("SELECT seq, hash, count FROM audit_head WHERE id = 1 FOR UPDATE", &[])
        .map_err(|e| e.to_string())?;
    Ok(Head { seq: row.get(0), hash: row.get(1), count: row.get::<_, i64>(2) as u64 })
}

fn set_head(tx: &mut Transaction<'_>, head: &Head) -> Result<(), String> {
    tx.execute(
        "UPDATE audit_head SET seq = $1, hash = $2, count = $3 WHERE id = 1",
        &[&head.seq, &head.hash, &(head.count as i64)],
    )
    .map_err(|e| e.to_string())?;
    Ok(())
}

pub fn head(client: &mut Client) -> Result<Head, String> {
    let row =
        client.query_one("SELECT seq, hash, count FROM audit_head WHERE id = 1", &[]).map_err(|e| e.to_string())?;
    Ok(Head { seq: row.get(0), hash: row.get(1), count: row.get::<_, i64>(2) as u64 })
}

fn insert(tx: &mut Transaction<'_>, r: &AuditRecord) -> Result<(), String> {
    let params_json = serde_json::to_string(&r.params).unwrap_or_else(|_| "{}".into());
    let status = r.status.map(i32::from);
    let values: [&(dyn ToSql + Sync); 21] = [
        &r.seq,
        &r.kind,
        &r.intent,
        &r.ts,
        &r.user,
        &r.auth_method,
        &r.role,
        &r.operation,
        &r.method,
        &r.path,
        &params_json,
        &r.resource_id,
        &r.resource_name,
        &r.workspace_id,
        &status,
        &r.upstream_error_code,
        &r.request_id,
        &r.client_address,
        &r.user_agent,
        &r.prev_hash,
        &r.hash,
    ];
    tx.execute(INSERT, &values).map_err(|e| e.to_string())?;
    Ok(())
}

/// Appends `records` after the chain's current end (whichever replica wrote it), in one
/// transaction holding the head row; `head` becomes the new end.
pub fn append(
    client: &mut Client,
    head: &mut Head,
    key: &AuditKey,
    records: Vec<AuditRecord>,
) -> Result<Vec<i64>, String> {
    let mut tx = client.transaction().map_err(|e| e.to_string())?;
    let mut next = locked_head(&mut tx)?;
    let mut numbers = Vec::with_capacity(records.len());
    for mut record in records {
        record.seq = next.seq + 1;
        record.prev_hash = next.hash.clone();
        record.hash = key.record_hash(&record);
        insert(&mut tx, &record)?;
        next = Head { seq: record.seq, hash: record.hash, count: next.count + 1 };
        numbers.push(next.seq);
    }
    set_head(&mut tx, &next)?;
    tx.commit().map_err(|e| e.to_string())?;
    *head = next;
    Ok(numbers)
}

/// Retention, as `store::Store::prune` does it, under the head row's lock.
pub fn prune(client: &mut Client, head: &mut Head, key: &AuditKey, before: &str, now: &str) -> Result<u64, String> {
    let mut tx = client.transaction().map_err(|e| e.to_string())?;
    let mut current = locked_head(&mut tx)?;
    let last_old = tx
        .query_opt(
            "SELECT seq, hash, kind FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log WHERE ts < $1)",
            &[&before],
        )
        .map_err(|e| e.to_string())?;
    let Some(row) = last_old else { return Ok(0) };
    let (seq, hash, old_kind): (i64, String, String) = (row.get(0), row.get(1), row.get(2));
    let removed = tx.execute("DELETE FROM audit_log WHERE seq < $1", &[&seq]).map_err(|e| e.to_string())?;
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
    tx.execute("DELETE FROM audit_log WHERE seq = $1", &[&seq]).map_err(|e| e.to_string())?;
    insert(&mut tx, &checkpoint)?;
    current.count = current.count.saturating_sub(removed);
    set_head(&mut tx, &current)?;
    tx.commit().map_err(|e| e.to_string())?;
    *head = current;
    Ok(removed + 1)
}

fn read_row(row: &Row) -> AuditRecord {
    let params: String = row.get(10);
    let status: Option<i32> = row.get(14);
    AuditRecord {
        seq: row.get(0),
        kind: row.get(1),
        intent: row.get(2),
        ts: row.get(3),
        user: row.get(4),
        auth_method: row.get(5),
        role: row.get(6),
        operation: row.get(7),
        method: row.get(8),
        path: row.get(9),
        params: serde_json::from_str(&params).unwrap_or_default(),
        resource_id: row.get(11),
        resource_name: row.get(12),
        workspace_id: row.get(13),
        status: status.and_then(|s| u16::try_from(s).ok()),
        upstream_error_code: row.get(15),
        request_id: row.get(16),
        client_address: row.get(17),
        user_agent: row.get(18),
        prev_hash: row.get(19),
        hash: row.get(20),
    }
}

/// Every record in `seq` order, streamed (for `verify`).
pub fn each_record(
    client: &mut Client,
    mut visit: impl FnMut(AuditRecord) -> Result<(), String>,
) -> Result<(), String> {
    use postgres::fallible_iterator::FallibleIterator;
    let none: [&(dyn ToSql + Sync); 0] = [];
    let mut rows =
        client.query_raw(&format!("SELECT {COLUMNS} FROM audit_log ORDER BY seq"), none).map_err(|e| e.to_string())?;
    while let Some(row) = rows.next().map_err(|e| e.to_string())? {
        visit(read_row(&row))?;
    }
    Ok(())
}

/// The records matching `q`, newest first, and how many match.
pub fn query(client: &mut Client, q: &AuditQuery) -> Result<AuditPage, String> {
    let mut clauses: Vec<String> = Vec::new();
    let mut texts: Vec<String> = Vec::new();
    let mut status: Option<i32> = None;
    let mut add_text = |clause: &str, value: String, clauses: &mut Vec<String>| {
        texts.push(value);
        clauses.push(clause.replace('?', &format!("${}", texts.len())));
    };
    if let Some(user) = &q.user {
        add_text("\"user\" = ?", user.clone(), &mut clauses);
    }
    if let Some(op) = &q.operation {
        add_text("operation = ?", op.clone(), &mut clauses);
    }
    if let Some(secs) = q.from.as_deref().and_then(hilens_model::time::parse_iso8601) {
        add_text("ts >= ?", super::timestamp(secs * 1000), &mut clauses);
    }
    if let Some(secs) = q.to.as_deref().and_then(hilens_model::time::parse_iso8601) {
        add_text("ts < ?", super::timestamp((secs + 1) * 1000), &mut clauses);
    }
    let mut values: Vec<&(dyn ToSql + Sync)> = texts.iter().map(|t| t as &(dyn ToSql + Sync)).collect();
    if let Some(s) = q.status {
        status = i32::try_from(s).ok();
    }
    if let Some(s) = &status {
        values.push(s);
        clauses.push(format!("status = ${}", values.len()));
    }
    let filter = if clauses.is_empty() { String::new() } else { format!(" WHERE {}", clauses.join(" AND ")) };
    let total: i64 = client
        .query_one(&format!("SELECT count(*) FROM audit_log{filter}"), &values)
        .map_err(|e| e.to_string())?
        .get(0);
    let (limit, offset) = (i64::from(q.limit.unwrap_or(100)), i64::from(q.offset.unwrap_or(0)));
    values.push(&limit);
    let limit_at = values.len();
    values.push(&offset);
    let rows = client
        .query(
            &format!(
                "SELECT {COLUMNS} FROM audit_log{filter} ORDER BY seq DESC LIMIT ${limit_at} OFFSET ${}",
                limit_at + 1
            ),
            &values,
        )
        .map_err(|e| e.to_string())?;
    Ok(AuditPage { total: total as u64, records: rows.iter().map(read_row).collect() })
}
