//! The workspaces' SQL.

use hilens_model::workspaces::{
    CreateWorkspaceRequest, Workspace, WorkspaceList, WorkspaceListQuery, DEFAULT_LIMIT, DEFAULT_WORKSPACE_ID,
};
use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::clock;

pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS workspaces (
    project_id              TEXT NOT NULL,
    workspace_id            TEXT NOT NULL,
    name                    TEXT NOT NULL,
    description             TEXT,
    enterprise_project_id   TEXT NOT NULL,
    enterprise_project_name TEXT NOT NULL,
    owner                   TEXT NOT NULL,
    user_id                 TEXT NOT NULL,
    create_ms               INTEGER NOT NULL,
    update_ms               INTEGER NOT NULL,
    PRIMARY KEY (project_id, workspace_id),
    UNIQUE (project_id, name)
);
";

/// Tables whose rows live in a workspace; a workspace with rows in any of them is in use.
/// Each domain that scopes its resources by workspace adds its table here.
const RESOURCE_TABLES: &[&str] = &["configmaps", "secrets", "nodes"];

/// Creates the project's default workspace the first time the project is seen.
pub fn ensure_default(conn: &mut Connection, project: &str) -> rusqlite::Result<()> {
    let now = clock::now_ms();
    conn.execute(
        "INSERT OR IGNORE INTO workspaces (project_id, workspace_id, name, enterprise_project_id, enterprise_project_name,
            owner, user_id, create_ms, update_ms) VALUES (?1, ?2, 'default', '0', 'default', '', '', ?3, ?3)",
        params![project, DEFAULT_WORKSPACE_ID, now],
    )?;
    Ok(())
}

/// Inserts a workspace; false when the name is taken in the project.
pub fn insert(
    conn: &mut Connection,
    project: &str,
    id: &str,
    req: &CreateWorkspaceRequest,
    owner: &str,
    user_id: &str,
) -> rusqlite::Result<bool> {
    let now = clock::now_ms();
    let changed = conn.execute(
        "INSERT OR IGNORE INTO workspaces (project_id, workspace_id, name, description, enterprise_project_id,
            enterprise_project_name, owner, user_id, create_ms, update_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
        params![project, id, req.name, req.description, req.enterprise_project_id, req.enterprise_project_name, owner, user_id, now],
    )?;
    Ok(changed == 1)
}

const SELECT: &str =
    "SELECT workspace_id, project_id, name, description, enterprise_project_id, enterprise_project_name,
    create_ms, update_ms, owner, user_id FROM workspaces";

fn workspace(row: &Row) -> rusqlite::Result<Workspace> {
    let text = |i: usize| -> rusqlite::Result<Option<String>> {
        Ok(row.get::<_, Option<String>>(i)?.filter(|s| !s.is_empty()))
    };
    Ok(Workspace {
        workspace_id: row.get(0)?,
        project_id: row.get(1)?,
        name: row.get(2)?,
        description: row.get(3)?,
        enterprise_project_id: row.get(4)?,
        enterprise_project_name: row.get(5)?,
        create_time: Some(row.get(6)?),
        update_time: Some(row.get(7)?),
        owner: text(8)?,
        user_id: text(9)?,
        ma_workspace_id: None,
        used_flag: None,
    })
}

pub fn list(conn: &Connection, project: &str, q: &WorkspaceListQuery) -> rusqlite::Result<WorkspaceList> {
    let mut filter = String::from("WHERE project_id = ?");
    let mut args = vec![Value::Text(project.into())];
    if let Some(user) = &q.iam_user_id {
        filter.push_str(" AND user_id = ?");
        args.push(Value::Text(user.clone()));
    }
    let paging = (q.limit.unwrap_or(DEFAULT_LIMIT), q.offset.unwrap_or(0));
    let (count, workspaces) =
        crate::sql::page(conn, SELECT, "workspaces", &filter, "create_ms, rowid", args, paging, workspace)?;
    Ok(WorkspaceList { count, workspaces })
}

pub fn get(conn: &Connection, project: &str, id: &str) -> rusqlite::Result<Option<Workspace>> {
    conn.query_row(&format!("{SELECT} WHERE project_id = ?1 AND workspace_id = ?2"), params![project, id], workspace)
        .optional()
}

pub fn update_description(conn: &Connection, project: &str, id: &str, description: &str) -> rusqlite::Result<bool> {
    let changed = conn.execute(
        "UPDATE workspaces SET description = ?3, update_ms = ?4 WHERE project_id = ?1 AND workspace_id = ?2",
        params![project, id, description, clock::now_ms()],
    )?;
    Ok(changed == 1)
}

pub enum Deleted {
    Yes,
    NotFound,
    /// How many resources still live in it.
    InUse(i64),
}

pub fn delete(conn: &mut Connection, project: &str, id: &str) -> rusqlite::Result<Deleted> {
    let tx = conn.transaction()?;
    let mut in_use = 0;
    for table in RESOURCE_TABLES {
        let sql = format!("SELECT COUNT(*) FROM {table} WHERE project_id = ?1 AND workspace_id = ?2");
        in_use += tx.query_row(&sql, params![project, id], |r| r.get::<_, i64>(0))?;
    }
    if in_use > 0 {
        return Ok(Deleted::InUse(in_use));
    }
    let changed =
        tx.execute("DELETE FROM workspaces WHERE project_id = ?1 AND workspace_id = ?2", params![project, id])?;
    tx.commit()?;
    Ok(if changed == 1 { Deleted::Yes } else { Deleted::NotFound })
}
