//! The secrets' SQL; entries and tags as JSON, tags matched with json_each.

use hilens_model::secrets::{SecretDetail, SecretInput, SecretList, SecretListQuery, DEFAULT_LIMIT};
use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::clock;
use crate::sql::{self, is_unique_violation, json};

pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS secrets (
    project_id   TEXT NOT NULL,
    id           TEXT NOT NULL,
    workspace_id TEXT NOT NULL,
    name         TEXT NOT NULL,
    description  TEXT,
    provider     TEXT NOT NULL,
    entries      TEXT NOT NULL,  -- JSON array of {key, value}
    tags         TEXT NOT NULL,  -- JSON array of {key, value}
    created_ms   INTEGER NOT NULL,
    updated_ms   INTEGER NOT NULL,
    PRIMARY KEY (project_id, id),
    UNIQUE (project_id, workspace_id, name)
);
";

/// Stores a new secret; `None` when the name is taken in the workspace.
pub fn insert(
    conn: &Connection,
    project: &str,
    workspace: &str,
    id: &str,
    provider: &str,
    s: &SecretInput,
) -> rusqlite::Result<Option<SecretDetail>> {
    let now = clock::now_ms();
    let result = conn.execute(
        "INSERT INTO secrets (project_id, id, workspace_id, name, description, provider, entries, tags, created_ms, updated_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
        params![project, id, workspace, s.name, s.description, provider, json(&s.secrets), json(&s.tags), now],
    );
    match result {
        Ok(_) => get(conn, project, id),
        Err(e) if is_unique_violation(&e) => Ok(None),
        Err(e) => Err(e),
    }
}

const SELECT: &str =
    "SELECT id, project_id, workspace_id, name, description, entries, tags, created_ms, updated_ms FROM secrets";

fn secret(row: &Row) -> rusqlite::Result<SecretDetail> {
    Ok(SecretDetail {
        id: row.get(0)?,
        project_id: row.get(1)?,
        workspace_id: Some(row.get(2)?),
        name: row.get(3)?,
        description: row.get(4)?,
        secrets: serde_json::from_str(&row.get::<_, String>(5)?).unwrap_or_default(),
        tags: serde_json::from_str(&row.get::<_, String>(6)?).unwrap_or_default(),
        created_at: Some(clock::iso8601(row.get::<_, i64>(7)? / 1000)),
        updated_at: Some(clock::iso8601(row.get::<_, i64>(8)? / 1000)),
    })
}

pub fn get(conn: &Connection, project: &str, id: &str) -> rusqlite::Result<Option<SecretDetail>> {
    conn.query_row(&format!("{SELECT} WHERE project_id = ?1 AND id = ?2"), params![project, id], secret).optional()
}

pub fn list(conn: &Connection, project: &str, workspace: &str, q: &SecretListQuery) -> rusqlite::Result<SecretList> {
    let mut filter = String::from("WHERE project_id = ? AND workspace_id = ?");
    let mut args = vec![Value::Text(project.into()), Value::Text(workspace.into())];
    if let Some(name) = &q.name {
        filter.push_str(" AND name LIKE ? ESCAPE '\\'");
        args.push(Value::Text(crate::sql::contains_pattern(name)));
    }
    if let Some(p) = &q.provider {
        filter.push_str(" AND provider = ?");
        args.push(Value::Text(p.clone()));
    }
    filter.push_str(&sql::any_tag("secrets", &q.tags, &mut args));
    let order = format!("{}, rowid DESC", sql::order_by(&q.sort));
    let paging = (q.limit.unwrap_or(DEFAULT_LIMIT), q.offset.unwrap_or(0));
    let (count, secrets) = sql::page(conn, SELECT, "secrets", &filter, &order, args, paging, secret)?;
    Ok(SecretList { count, secrets })
}

pub enum Updated {
    Yes(SecretDetail),
    NotFound,
    Duplicate,
}

pub fn update(conn: &Connection, project: &str, id: &str, s: &SecretInput) -> rusqlite::Result<Updated> {
    let result = conn.execute(
        "UPDATE secrets SET name = ?3, description = ?4, entries = ?5, tags = ?6, updated_ms = ?7 WHERE project_id = ?1 AND id = ?2",
        params![project, id, s.name, s.description, json(&s.secrets), json(&s.tags), clock::now_ms()],
    );
    match result {
        Ok(0) => Ok(Updated::NotFound),
        Ok(_) => Ok(get(conn, project, id)?.map_or(Updated::NotFound, Updated::Yes)),
        Err(e) if is_unique_violation(&e) => Ok(Updated::Duplicate),
        Err(e) => Err(e),
    }
}

pub fn delete(conn: &Connection, project: &str, id: &str) -> rusqlite::Result<bool> {
    Ok(conn.execute("DELETE FROM secrets WHERE project_id = ?1 AND id = ?2", params![project, id])? == 1)
}
