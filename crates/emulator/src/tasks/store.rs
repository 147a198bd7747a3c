//! The jobs' SQL. A job's request is kept as sent; how it fares on each pod is derived from
//! the pods when read.

use hilens_model::tasks::TaskRequest;
use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension};

use crate::clock;
use crate::sql::json;

pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS tasks (
    project_id    TEXT NOT NULL,
    deployment_id TEXT NOT NULL,
    task_id       TEXT NOT NULL,
    name          TEXT NOT NULL,
    request       TEXT NOT NULL,  -- the TaskRequest, as JSON
    created_ms    INTEGER NOT NULL,
    updated_ms    INTEGER NOT NULL,
    PRIMARY KEY (project_id, task_id),
    UNIQUE (project_id, deployment_id, name)
);
";

pub struct TaskRow {
    pub task_id: String,
    pub request: TaskRequest,
    pub created_ms: i64,
}

/// Inserts or replaces a job; false when another job of the deployment has its name.
pub fn put(
    conn: &Connection,
    project: &str,
    deployment: &str,
    task_id: &str,
    r: &TaskRequest,
) -> rusqlite::Result<bool> {
    let now = clock::now_ms();
    let result = conn.execute(
        "INSERT INTO tasks (project_id, deployment_id, task_id, name, request, created_ms, updated_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
         ON CONFLICT (project_id, task_id) DO UPDATE SET name = excluded.name, request = excluded.request,
            updated_ms = excluded.updated_ms",
        params![project, deployment, task_id, r.name, json(r), now],
    );
    match result {
        Ok(_) => Ok(true),
        Err(e) if crate::sql::is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e),
    }
}

fn row(r: &rusqlite::Row) -> rusqlite::Result<TaskRow> {
    Ok(TaskRow {
        task_id: r.get(0)?,
        request: serde_json::from_str(&r.get::<_, String>(1)?).unwrap_or_default(),
        created_ms: r.get(2)?,
    })
}

pub fn get(conn: &Connection, project: &str, deployment: &str, task_id: &str) -> rusqlite::Result<Option<TaskRow>> {
    conn.query_row(
        "SELECT task_id, request, created_ms FROM tasks WHERE project_id = ?1 AND deployment_id = ?2 AND task_id = ?3",
        params![project, deployment, task_id],
        row,
    )
    .optional()
}

pub fn list(
    conn: &Connection,
    project: &str,
    deployment: &str,
    offset: u32,
    limit: u32,
) -> rusqlite::Result<(u64, Vec<TaskRow>)> {
    crate::sql::page(
        conn,
        "SELECT task_id, request, created_ms FROM tasks",
        "tasks",
        "WHERE project_id = ?1 AND deployment_id = ?2",
        "created_ms DESC, rowid DESC",
        vec![Value::Text(project.into()), Value::Text(deployment.into())],
        (limit, offset),
        row,
    )
}

pub fn delete(conn: &Connection, project: &str, deployment: &str, task_id: &str) -> rusqlite::Result<bool> {
    Ok(conn.execute(
        "DELETE FROM tasks WHERE project_id = ?1 AND deployment_id = ?2 AND task_id = ?3",
        params![project, deployment, task_id],
    )? == 1)
}
