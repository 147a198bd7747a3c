//! The secrets' storage: the shared entry-set store (`entry_sets`) over the `secrets` table;
//! entries and tags as JSON, tags matched with json_each.

use hilens_model::secrets::{SecretDetail, SecretInput, SecretList, SecretListQuery, DEFAULT_LIMIT};
use rusqlite::Connection;

use crate::entry_sets::{self, EntrySet, Filter, Stored, Table};
use crate::sql::json;

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

const TABLE: Table = Table { name: "secrets", entries: "entries", typed: false };

fn stored(s: &SecretInput) -> EntrySet {
    EntrySet {
        name: s.name.clone(),
        description: s.description.clone(),
        kind: None,
        entries: json(&s.secrets),
        tags: json(&s.tags),
    }
}

fn secret(s: Stored) -> SecretDetail {
    SecretDetail {
        id: s.id,
        project_id: s.project_id,
        workspace_id: Some(s.workspace_id),
        name: s.set.name,
        description: s.set.description,
        secrets: serde_json::from_str(&s.set.entries).unwrap_or_default(),
        tags: serde_json::from_str(&s.set.tags).unwrap_or_default(),
        created_at: Some(s.created_at),
        updated_at: Some(s.updated_at),
    }
}

/// Stores a new secret; `None` when the name is taken in the workspace.
pub fn insert(
    conn: &Connection,
    project: &str,
    workspace: &str,
    id: &str,
    provider: &str,
    s: &SecretInput,
) -> rusqlite::Result<Option<SecretDetail>> {
    Ok(TABLE.insert(conn, project, workspace, id, provider, &stored(s))?.map(secret))
}

pub fn get(conn: &Connection, project: &str, id: &str) -> rusqlite::Result<Option<SecretDetail>> {
    Ok(TABLE.get(conn, project, id)?.map(secret))
}

pub fn list(conn: &Connection, project: &str, workspace: &str, q: &SecretListQuery) -> rusqlite::Result<SecretList> {
    let (count, rows) = TABLE.list(
        conn,
        project,
        workspace,
        &Filter::of(&q.name, &q.provider, &q.tags, &q.sort, (q.limit, q.offset), DEFAULT_LIMIT),
    )?;
    Ok(SecretList { count, secrets: rows.into_iter().map(secret).collect() })
}

pub type Updated = entry_sets::Updated<SecretDetail>;

pub fn update(conn: &Connection, project: &str, id: &str, s: &SecretInput) -> rusqlite::Result<Updated> {
    Ok(TABLE.update(conn, project, id, &stored(s))?.map(secret))
}

pub fn delete(conn: &Connection, project: &str, id: &str) -> rusqlite::Result<bool> {
    TABLE.delete(conn, project, id)
}
