//! The config maps' storage: the shared entry-set store (`entry_sets`) over the `configmaps`
//! table; configs and tags are stored as JSON, tags matched with json_each.

use hilens_model::configmaps::{ConfigMap, ConfigMapList, ConfigMapListQuery, DEFAULT_LIMIT};
use rusqlite::Connection;

use crate::entry_sets::{self, EntrySet, Filter, Stored, Table};
use crate::sql::json;

pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS configmaps (
    project_id   TEXT NOT NULL,
    id           TEXT NOT NULL,
    workspace_id TEXT NOT NULL,
    name         TEXT NOT NULL,
    description  TEXT,
    type         TEXT,
    provider     TEXT NOT NULL,
    configs      TEXT NOT NULL,  -- JSON array of {key, value}
    tags         TEXT NOT NULL,  -- JSON array of {key, value}
    created_ms   INTEGER NOT NULL,
    updated_ms   INTEGER NOT NULL,
    PRIMARY KEY (project_id, id),
    UNIQUE (project_id, workspace_id, name)
);
";

const TABLE: Table = Table { name: "configmaps", entries: "configs", typed: true };

fn stored(m: &ConfigMap) -> EntrySet {
    EntrySet {
        name: m.name.clone(),
        description: m.description.clone(),
        kind: m.map_type.clone(),
        entries: json(&m.configs),
        tags: json(&m.tags),
    }
}

fn config_map(s: Stored) -> ConfigMap {
    ConfigMap {
        id: Some(s.id),
        project_id: Some(s.project_id),
        workspace_id: Some(s.workspace_id),
        name: s.set.name,
        description: s.set.description,
        map_type: s.set.kind,
        configs: serde_json::from_str(&s.set.entries).unwrap_or_default(),
        tags: serde_json::from_str(&s.set.tags).unwrap_or_default(),
        created_at: Some(s.created_at),
        updated_at: Some(s.updated_at),
    }
}

/// Stores a new config map; `None` when the name is taken in the workspace.
pub fn insert(
    conn: &Connection,
    project: &str,
    workspace: &str,
    id: &str,
    provider: &str,
    m: &ConfigMap,
) -> rusqlite::Result<Option<ConfigMap>> {
    Ok(TABLE.insert(conn, project, workspace, id, provider, &stored(m))?.map(config_map))
}

pub fn get(conn: &Connection, project: &str, id: &str) -> rusqlite::Result<Option<ConfigMap>> {
    Ok(TABLE.get(conn, project, id)?.map(config_map))
}

pub fn list(
    conn: &Connection,
    project: &str,
    workspace: &str,
    q: &ConfigMapListQuery,
) -> rusqlite::Result<ConfigMapList> {
    let (count, rows) = TABLE.list(
        conn,
        project,
        workspace,
        &Filter::of(&q.name, &q.provider, &q.tags, &q.sort, (q.limit, q.offset), DEFAULT_LIMIT),
    )?;
    Ok(ConfigMapList { count, configmaps: rows.into_iter().map(config_map).collect() })
}

pub type Updated = entry_sets::Updated<ConfigMap>;

pub fn update(conn: &Connection, project: &str, id: &str, m: &ConfigMap) -> rusqlite::Result<Updated> {
    Ok(TABLE.update(conn, project, id, &stored(m))?.map(config_map))
}

pub fn delete(conn: &Connection, project: &str, id: &str) -> rusqlite::Result<bool> {
    TABLE.delete(conn, project, id)
}
