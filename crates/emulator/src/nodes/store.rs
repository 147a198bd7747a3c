//! The devices' SQL. A device's state is derived when read: STOPPED when stopped, RUNNING once
//! the connect delay has passed since registration, UNCONNECTED before; so nothing needs a
//! timer, and a restart keeps every device's life cycle.

use hilens_model::activation::{ACTIVATED, INACTIVE};
use hilens_model::nodes::{
    LogConfig, Node, NodeList, NodeListQuery, NodeReqDetail, UpdateNodeReqDetail, DEFAULT_LIMIT,
};
use hilens_model::tags::Tag;
use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::clock;
use crate::sql::json;

pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS nodes (
    project_id   TEXT NOT NULL,
    id           TEXT NOT NULL,
    workspace_id TEXT NOT NULL,
    name         TEXT NOT NULL,
    description  TEXT,
    provider     TEXT NOT NULL,
    user_name    TEXT NOT NULL,
    enable_gpu   INTEGER NOT NULL,
    enable_npu   INTEGER NOT NULL,
    npu_type     TEXT,
    log_configs  TEXT NOT NULL,  -- JSON
    tags         TEXT NOT NULL,  -- JSON array of {key, value}
    event_validity_period INTEGER,
    stopped      INTEGER NOT NULL DEFAULT 0,
    active       INTEGER NOT NULL DEFAULT 0,
    created_ms   INTEGER NOT NULL,
    updated_ms   INTEGER NOT NULL,
    PRIMARY KEY (project_id, id)
);
CREATE INDEX IF NOT EXISTS nodes_by_workspace ON nodes (project_id, workspace_id, created_ms DESC);
CREATE INDEX IF NOT EXISTS nodes_by_name ON nodes (project_id, workspace_id, name);
-- The tags again, one row each, so a tag filter is an index lookup rather than a scan.
CREATE TABLE IF NOT EXISTS node_tags (
    project_id TEXT NOT NULL,
    node_id    TEXT NOT NULL,
    key        TEXT NOT NULL,
    value      TEXT NOT NULL,
    PRIMARY KEY (project_id, node_id, key)
);
CREATE INDEX IF NOT EXISTS node_tags_by_tag ON node_tags (project_id, key, value);
-- Names again, in a trigram index (rowid = the node's rowid), so the fuzzy name filter is an
-- index lookup rather than a scan.
CREATE VIRTUAL TABLE IF NOT EXISTS node_names USING fts5(name, tokenize = 'trigram');
";

/// The state as SQL, for filtering; `?1` is now minus the connect delay, in milliseconds.
const STATE: &str = "CASE WHEN stopped = 1 THEN 'STOPPED' WHEN created_ms <= ?1 THEN 'RUNNING' ELSE 'UNCONNECTED' END";

/// Registers `batch` devices (`name`, or `name-1` … `name-N`); returns the first id, or `None`
/// when a device of that name exists in the workspace.
pub fn insert(
    conn: &mut Connection,
    project: &str,
    workspace: &str,
    provider: &str,
    user: &str,
    n: &NodeReqDetail,
    batch: i64,
) -> rusqlite::Result<Option<String>> {
    let tx = conn.transaction()?;
    let taken: bool = tx
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM nodes WHERE project_id = ?1 AND workspace_id = ?2 AND (name = ?3 OR name LIKE ?4 ESCAPE '\\'))",
            params![project, workspace, n.name, format!("{}-%", crate::sql::contains_pattern(&n.name).trim_matches('%'))],
            |r| r.get(0),
        )
        .unwrap_or(false);
    if taken {
        return Ok(None);
    }
    let now = clock::now_ms();
    let (logs, tags) = (json(&n.log_configs), json(&n.tags));
    let mut first = None;
    {
        let mut stmt = tx.prepare(
            "INSERT INTO nodes (project_id, id, workspace_id, name, description, provider, user_name, enable_gpu, enable_npu,
                npu_type, log_configs, tags, event_validity_period, created_ms, updated_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14)",
        )?;
        let mut tag_stmt =
            tx.prepare("INSERT INTO node_tags (project_id, node_id, key, value) VALUES (?1, ?2, ?3, ?4)")?;
        let mut name_stmt = tx.prepare("INSERT INTO node_names (rowid, name) VALUES (?1, ?2)")?;
        let base = u64::from_str_radix(&crate::ids::random_hex(8), 16).unwrap_or_default();
        for i in 1..=batch {
            // Batch ids are distinct without a random call per device (100000 in one call).
            let id = format!("hilens-{:016x}{:016x}", base, (base ^ 0x9e37_79b9_7f4a_7c15).wrapping_add(i as u64));
            let name = if batch == 1 { n.name.clone() } else { format!("{}-{i}", n.name) };
            stmt.execute(params![
                project,
                id,
                workspace,
                name,
                n.description,
                provider,
                user,
                n.enable_gpu.unwrap_or(false),
                n.enable_npu.unwrap_or(false),
                n.npu_type,
                logs,
                tags,
                n.event_validity_period,
                now
            ])?;
            let node_rowid = tx.last_insert_rowid();
            for tag in &n.tags {
                tag_stmt.execute(params![project, id, tag.key, tag.value])?;
            }
            name_stmt.execute(params![node_rowid, name])?;
            first.get_or_insert(id);
        }
    }
    tx.commit()?;
    if batch >= 1000 {
        // Fresh statistics let SQLite see that a tag lookup is far narrower than a workspace.
        conn.execute_batch("ANALYZE nodes; ANALYZE node_tags;")?;
    }
    Ok(first)
}

/// The columns [`node`] reads: the derived state and the activation orders last.
fn select() -> String {
    format!(
        "SELECT id, name, description, provider, user_name, enable_gpu, enable_npu, npu_type, log_configs, tags,
            event_validity_period, active, created_ms, updated_ms, workspace_id, {STATE},
            (SELECT json_group_array(order_id) FROM node_activations a
             WHERE a.project_id = nodes.project_id AND a.node_id = nodes.id) FROM nodes"
    )
}

fn node(row: &Row) -> rusqlite::Result<Node> {
    let state: String = row.get(15)?;
    let running = state == "RUNNING";
    let enable_gpu: bool = row.get(5)?;
    let enable_npu: bool = row.get(6)?;
    let id: String = row.get(0)?;
    // Hardware facts a device reports once connected, stable per device.
    let h = id.bytes().fold(0u32, |a, b| a.wrapping_mul(31).wrapping_add(u32::from(b)));
    Ok(Node {
        name: row.get(1)?,
        description: row.get(2)?,
        node_type: Some(row.get::<_, String>(3)?),
        user_name: Some(row.get(4)?),
        enable_gpu: Some(enable_gpu),
        enable_npu: Some(enable_npu),
        npu_type: row.get::<_, Option<String>>(7)?.or_else(|| enable_npu.then(|| "D310".to_string())),
        log_configs: serde_json::from_str::<Vec<LogConfig>>(&row.get::<_, String>(8)?).unwrap_or_default(),
        tags: serde_json::from_str::<Vec<Tag>>(&row.get::<_, String>(9)?).unwrap_or_default(),
        event_validity_period: row.get(10)?,
        active_status: Some(if row.get::<_, bool>(11)? { ACTIVATED } else { INACTIVE }.into()),
        created_at: Some(clock::iso8601(row.get::<_, i64>(12)? / 1000)),
        updated_at: Some(clock::iso8601(row.get::<_, i64>(13)? / 1000)),
        workspace_id: Some(row.get(14)?),
        active_content: serde_json::from_str(&row.get::<_, String>(16)?).unwrap_or_default(),
        state,
        cluster_id: None,
        arch: running.then(|| "aarch64".into()),
        cpu: running.then_some(if h % 2 == 0 { 4 } else { 8 }),
        memory: running.then_some(if h % 2 == 0 { 8192 } else { 16384 }),
        gpu_num: Some(i64::from(running && enable_gpu)),
        npu_num: Some(i64::from(running && enable_npu)),
        os_name: running.then(|| "EulerOS".into()),
        os_type: running.then(|| "Linux".into()),
        os_version: running.then(|| "2.0 (SP8)".into()),
        host_ips: if running { vec![host_ip(&id)] } else { vec![] },
        id,
        // Firmware fields come from the firmware domain (`firmware::describe`) in the detail.
        ..Node::default()
    })
}

/// The address a connected device reports, stable per device.
pub fn host_ip(id: &str) -> String {
    let h = id.bytes().fold(0u32, |a, b| a.wrapping_mul(31).wrapping_add(u32::from(b)));
    format!("192.168.{}.{}", h % 250, 1 + h % 250)
}

fn connected_before(delay_ms: i64) -> i64 {
    clock::now_ms().saturating_sub(delay_ms)
}

/// The devices of `workspace`, or of every workspace of the project when it is `None`.
pub fn list(
    conn: &Connection,
    project: &str,
    workspace: Option<&str>,
    q: &NodeListQuery,
    delay_ms: i64,
) -> rusqlite::Result<NodeList> {
    // Two spellings, so the planner can use the workspace index when there is a workspace.
    let mut filter = String::from(if workspace.is_some() {
        "WHERE project_id = ?2 AND workspace_id = ?3"
    } else {
        "WHERE project_id = ?2 AND ?3 IS NULL"
    });
    let workspace = workspace.map_or(Value::Null, |w| Value::Text(w.into()));
    let mut args = vec![Value::Integer(connected_before(delay_ms)), Value::Text(project.into()), workspace];
    let mut next = 4;
    let mut bind = |filter: &mut String, clause: &str, v: Value, args: &mut Vec<Value>| {
        filter.push_str(&clause.replace('#', &format!("?{next}")));
        args.push(v);
        next += 1;
    };
    if let Some(name) = &q.name {
        // The trigram index narrows (it reads `_` as a wildcard); the exact LIKE then decides.
        bind(
            &mut filter,
            " AND rowid IN (SELECT rowid FROM node_names WHERE name LIKE #)",
            Value::Text(format!("%{name}%")),
            &mut args,
        );
        bind(&mut filter, " AND name LIKE # ESCAPE '\\'", Value::Text(crate::sql::contains_pattern(name)), &mut args);
    }
    if let Some(p) = &q.provider {
        bind(&mut filter, " AND provider = #", Value::Text(p.clone()), &mut args);
    }
    if let Some(s) = &q.status {
        bind(&mut filter, &format!(" AND {STATE} = #"), Value::Text(s.clone()), &mut args);
    }
    if let Some(a) = &q.active_status {
        // Running-service orders here do not expire, so no device is EXPIRED.
        let active = match a.as_str() {
            ACTIVATED => 1,
            INACTIVE => 0,
            _ => -1,
        };
        bind(&mut filter, " AND active = #", Value::Integer(active), &mut args);
    }
    // Any of the tags matches (through the node_tags index).
    if !q.tags.is_empty() {
        let mut any = Vec::new();
        for tag in &q.tags {
            any.push(format!("(key = ?{} AND value = ?{})", next, next + 1));
            next += 2;
            args.push(Value::Text(tag.key.clone()));
            args.push(Value::Text(tag.value.clone()));
        }
        filter.push_str(&format!(
            " AND id IN (SELECT node_id FROM node_tags WHERE project_id = ?2 AND ({}))",
            any.join(" OR ")
        ));
    }
    let paging = (q.limit.unwrap_or(DEFAULT_LIMIT), q.offset.unwrap_or(0));
    let (count, nodes) =
        crate::sql::page(conn, &select(), "nodes", &filter, "created_ms DESC, rowid", args, paging, node)?;
    Ok(NodeList { count, nodes })
}

pub fn get(conn: &Connection, project: &str, id: &str, delay_ms: i64) -> rusqlite::Result<Option<Node>> {
    conn.query_row(
        &format!("{} WHERE project_id = ?2 AND id = ?3", select()),
        params![connected_before(delay_ms), project, id],
        node,
    )
    .optional()
}

pub fn delete(conn: &mut Connection, project: &str, id: &str) -> rusqlite::Result<bool> {
    let tx = conn.transaction()?;
    tx.execute("DELETE FROM node_tags WHERE project_id = ?1 AND node_id = ?2", params![project, id])?;
    // A deleted device gives its running-service orders back, and its pods go with it.
    crate::activation::deactivate(&tx, project, id, false)?;
    tx.execute("DELETE FROM pods WHERE project_id = ?1 AND node_id = ?2", params![project, id])?;
    tx.execute(
        "DELETE FROM node_names WHERE rowid = (SELECT rowid FROM nodes WHERE project_id = ?1 AND id = ?2)",
        params![project, id],
    )?;
    let deleted = tx.execute("DELETE FROM nodes WHERE project_id = ?1 AND id = ?2", params![project, id])? == 1;
    tx.commit()?;
    Ok(deleted)
}

/// Applies what `u` sets; false when there is no such device.
pub fn update(conn: &mut Connection, project: &str, id: &str, u: &UpdateNodeReqDetail) -> rusqlite::Result<bool> {
    let tx = conn.transaction()?;
    let changed = tx.execute(
        "UPDATE nodes SET
            description = COALESCE(?3, description),
            log_configs = COALESCE(?4, log_configs),
            tags = COALESCE(?5, tags),
            event_validity_period = COALESCE(?6, event_validity_period),
            enable_gpu = COALESCE(?7, enable_gpu),
            enable_npu = COALESCE(?8, enable_npu),
            npu_type = COALESCE(?9, npu_type),
            updated_ms = ?10
         WHERE project_id = ?1 AND id = ?2",
        params![
            project,
            id,
            u.description,
            u.log_configs.as_ref().map(json),
            u.tags.as_ref().map(json),
            u.event_validity_period,
            u.enable_gpu,
            u.enable_npu,
            u.npu_type,
            clock::now_ms()
        ],
    )?;
    if changed == 0 {
        return Ok(false);
    }
    if let Some(tags) = &u.tags {
        index_tags(&tx, project, id, tags)?;
    }
    tx.commit()?;
    Ok(true)
}

/// Replaces a device's rows in the tag index with `tags` (its JSON column is the caller's).
pub fn index_tags(tx: &rusqlite::Transaction, project: &str, id: &str, tags: &[Tag]) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM node_tags WHERE project_id = ?1 AND node_id = ?2", params![project, id])?;
    for tag in tags {
        tx.execute(
            "INSERT INTO node_tags (project_id, node_id, key, value) VALUES (?1, ?2, ?3, ?4)",
            params![project, id, tag.key, tag.value],
        )?;
    }
    Ok(())
}

pub fn set_stopped(conn: &Connection, project: &str, id: &str, stopped: bool) -> rusqlite::Result<bool> {
    let changed = conn.execute(
        "UPDATE nodes SET stopped = ?3, updated_ms = ?4 WHERE project_id = ?1 AND id = ?2",
        params![project, id, stopped, clock::now_ms()],
    )?;
    Ok(changed == 1)
}
