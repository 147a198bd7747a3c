//! The config maps' SQL. Configs and tags are stored as JSON; tags are matched with json_each.

use hilens_model::configmaps::{ConfigMap, ConfigMapList, ConfigMapListQuery, DEFAULT_LIMIT};
use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::clock;
use crate::sql::{self, is_unique_violation, json};

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

/// Stores a new config map; `None` when the name is taken in the workspace.
pub fn insert(
    conn: &Connection,
    project: &str,
    workspace: &str,
    id: &str,
    provider: &str,
    m: &ConfigMap,
) -> rusqlite::Result<Option<ConfigMap>> {
    let now = clock::now_ms();
    let result = conn.execute(
        "INSERT INTO configmaps (project_id, id, workspace_id, name, description, type, provider, configs, tags, created_ms, updated_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
        params![project, id, workspace, m.name, m.description, m.map_type, provider, json(&m.configs), json(&m.tags), now],
    );
    match result {
        Ok(_) => get(conn, project, id),
        Err(e) if is_unique_violation(&e) => Ok(None),
        Err(e) => Err(e),
    }
}

const SELECT: &str =
    "SELECT id, project_id, workspace_id, name, description, type, configs, tags, created_ms, updated_ms FROM configmaps";

fn config_map(row: &Row) -> rusqlite::Result<ConfigMap> {
    Ok(ConfigMap {
        id: Some(row.get(0)?),
        project_id: Some(row.get(1)?),
        workspace_id: Some(row.get(2)?),
        name: row.get(3)?,
        description: row.get(4)?,
        map_type: row.get(5)?,
        configs: serde_json::from_str(&row.get::<_, String>(6)?).unwrap_or_default(),
        tags: serde_json::from_str(&row.get::<_, String>(7)?).unwrap_or_default(),
        created_at: Some(clock::iso8601(row.get::<_, i64>(8)? / 1000)),
        updated_at: Some(clock::iso8601(row.get::<_, i64>(9)? / 1000)),
    })
}

pub fn get(conn: &Connection, project: &str, id: &str) -> rusqlite::Result<Option<ConfigMap>> {
    conn.query_row(&format!("{SELECT} WHERE project_id = ?1 AND id = ?2"), params![project, id], config_map).optional()
}

pub fn list(
    conn: &Connection,
    project: &str,
    workspace: &str,
    q: &ConfigMapListQuery,
) -> rusqlite::Result<ConfigMapList> {
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
    filter.push_str(&sql::any_tag("configmaps", &q.tags, &mut args));
    let order = format!("{}, rowid DESC", sql::order_by(&q.sort));
    let paging = (q.limit.unwrap_or(DEFAULT_LIMIT), q.offset.unwrap_or(0));
    let (count, configmaps) = sql::page(conn, SELECT, "configmaps", &filter, &order, args, paging, config_map)?;
    Ok(ConfigMapList { count, configmaps })
}

pub enum Updated {
    Yes(ConfigMap),
    NotFound,
    Duplicate,
}

pub fn update(conn: &Connection, project: &str, id: &str, m: &ConfigMap) -> rusqlite::Result<Updated> {
    let result = conn.execute(
        "UPDATE configmaps SET name = ?3, description = ?4, type = ?5, configs = ?6, tags = ?7, updated_ms = ?8
         WHERE project_id = ?1 AND id = ?2",
        params![project, id, m.name, m.description, m.map_type, json(&m.configs), json(&m.tags), clock::now_ms()],
    );
    match result {
        Ok(0) => Ok(Updated::NotFound),
        Ok(_) => Ok(get(conn, project, id)?.map_or(Updated::NotFound, Updated::Yes)),
        Err(e) if is_unique_violation(&e) => Ok(Updated::Duplicate),
        Err(e) => Err(e),
    }
}

pub fn delete(conn: &Connection, project: &str, id: &str) -> rusqlite::Result<bool> {
    Ok(conn.execute("DELETE FROM configmaps WHERE project_id = ?1 AND id = ?2", params![project, id])? == 1)
}
