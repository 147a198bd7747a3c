//! The deployments' and pods' SQL. States are derived when read, as for devices: a deployment
//! is CREATING until the connect delay has passed since it was (re)started, then RUNNING, or
//! HIBERNATED while paused; a pod runs when its deployment runs, its device is RUNNING and it
//! is not paused itself.

use hilens_model::deployments::{
    Deployment, DeploymentListQuery, DeploymentTemplate, NodeResult, Pod, PodListQuery, DEFAULT_LIMIT,
    PODS_DEFAULT_LIMIT, STATE_CREATING, STATE_PAUSED, STATE_RUNNING,
};
use hilens_model::tags::Tag;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row, Transaction};

use crate::clock;
use crate::sql::json;

pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS deployments (
    project_id   TEXT NOT NULL,
    id           TEXT NOT NULL,
    name         TEXT NOT NULL,
    description  TEXT,
    source       TEXT NOT NULL,
    provider     TEXT NOT NULL,
    cluster_id   TEXT,
    tags         TEXT NOT NULL,  -- JSON array of {key, value}
    template     TEXT NOT NULL,  -- the DeploymentTemplate, as JSON
    version      INTEGER NOT NULL DEFAULT 1,  -- bumped by every template change
    paused       INTEGER NOT NULL DEFAULT 0,
    started_ms   INTEGER NOT NULL,
    created_ms   INTEGER NOT NULL,
    updated_ms   INTEGER NOT NULL,
    PRIMARY KEY (project_id, id),
    UNIQUE (project_id, name)
);
CREATE TABLE IF NOT EXISTS pods (
    project_id    TEXT NOT NULL,
    id            TEXT NOT NULL,
    deployment_id TEXT NOT NULL,
    node_id       TEXT NOT NULL,
    paused        INTEGER NOT NULL DEFAULT 0,
    created_ms    INTEGER NOT NULL,
    updated_ms    INTEGER NOT NULL,
    PRIMARY KEY (project_id, id),
    UNIQUE (project_id, deployment_id, node_id)
);
CREATE INDEX IF NOT EXISTS pods_by_node ON pods (project_id, node_id);
-- Skill-market units a deployment holds (source hlm), given back when it is deleted.
CREATE TABLE IF NOT EXISTS deployment_orders (
    project_id    TEXT NOT NULL,
    deployment_id TEXT NOT NULL,
    order_id      TEXT NOT NULL,
    units         INTEGER NOT NULL,
    PRIMARY KEY (project_id, deployment_id, order_id)
);
";

/// A deployment row before its pods are read.
pub struct DeploymentRow {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub source: String,
    pub cluster_id: Option<String>,
    pub tags: Vec<Tag>,
    pub template: DeploymentTemplate,
    pub version: i64,
    pub paused: bool,
    pub started_ms: i64,
    pub created_ms: i64,
    pub updated_ms: i64,
}

const SELECT: &str = "SELECT id, name, description, source, cluster_id, tags, template, version, paused, started_ms,
    created_ms, updated_ms FROM deployments";

fn row0(r: &Row) -> rusqlite::Result<DeploymentRow> {
    Ok(DeploymentRow {
        id: r.get(0)?,
        name: r.get(1)?,
        description: r.get(2)?,
        source: r.get(3)?,
        cluster_id: r.get(4)?,
        tags: serde_json::from_str(&r.get::<_, String>(5)?).unwrap_or_default(),
        template: serde_json::from_str(&r.get::<_, String>(6)?).unwrap_or_default(),
        version: r.get(7)?,
        paused: r.get(8)?,
        started_ms: r.get(9)?,
        created_ms: r.get(10)?,
        updated_ms: r.get(11)?,
    })
}

/// What the emulator needs to know to state a pod.
pub struct PodRow {
    pub id: String,
    pub deployment_id: String,
    pub node_id: String,
    pub paused: bool,
    pub created_ms: i64,
    pub updated_ms: i64,
    /// None when the device is gone; otherwise whether it is RUNNING.
    pub node_running: Option<bool>,
}

/// Pods with their devices (a device's state decides its pods').
const POD_FROM: &str = "pods p LEFT JOIN nodes n ON n.project_id = p.project_id AND n.id = p.node_id";

fn pod_select() -> String {
    format!(
        "SELECT p.id, p.deployment_id, p.node_id, p.paused, p.created_ms, p.updated_ms,
         CASE WHEN n.id IS NULL THEN NULL WHEN n.stopped = 0 AND n.created_ms <= ?1 THEN 1 ELSE 0 END FROM {POD_FROM}"
    )
}

fn pod_row(r: &Row) -> rusqlite::Result<PodRow> {
    Ok(PodRow {
        id: r.get(0)?,
        deployment_id: r.get(1)?,
        node_id: r.get(2)?,
        paused: r.get(3)?,
        created_ms: r.get(4)?,
        updated_ms: r.get(5)?,
        node_running: r.get::<_, Option<bool>>(6)?,
    })
}

/// The deployment's state at `now`.
pub fn state(d: &DeploymentRow, now: i64, delay_ms: i64) -> &'static str {
    if d.paused {
        STATE_PAUSED
    } else if now < d.started_ms.saturating_add(delay_ms) {
        STATE_CREATING
    } else {
        STATE_RUNNING
    }
}

/// What decides how a deployment's pods fare: how long one takes to start (the connect delay),
/// and which app versions never start (`--fail-versions`, a test aid).
#[derive(Debug, Clone, Copy)]
pub struct Life<'a> {
    pub delay_ms: i64,
    pub fail_versions: &'a [String],
}

/// The first app version of `d` listed in `--fail-versions`.
fn failing_version<'a>(d: &'a DeploymentRow, fail_versions: &[String]) -> Option<&'a str> {
    d.template.apps.iter().filter_map(|a| a.version.as_deref()).find(|v| fail_versions.iter().any(|f| f == v))
}

/// A pod's status at `now` and the reason when it is not running. A pod starts once the
/// connect delay has passed since it was added or its deployment (re)started, whichever is
/// later; one whose app version is listed in `--fail-versions` then fails.
pub fn pod_status(p: &PodRow, d: &DeploymentRow, now: i64, life: Life) -> (&'static str, Option<String>) {
    let started = now >= d.started_ms.max(p.created_ms).saturating_add(life.delay_ms);
    match p.node_running {
        None => ("Unknown", Some("the device was deleted".into())),
        _ if p.paused || d.paused => ("Succeeded", Some("paused".into())),
        Some(false) => ("Pending", Some("the device is not RUNNING".into())),
        Some(true) if !started => ("Pending", Some("creating".into())),
        Some(true) => match failing_version(d, life.fail_versions) {
            Some(v) => {
                ("Failed", Some(format!("app version {v} is listed in the emulator's --fail-versions (a test aid)")))
            }
            None => ("Running", None),
        },
    }
}

pub fn pods_of(conn: &Connection, project: &str, deployment: &str, delay_ms: i64) -> rusqlite::Result<Vec<PodRow>> {
    let sql =
        format!("{} WHERE p.project_id = ?2 AND p.deployment_id = ?3 ORDER BY p.created_ms, p.rowid", pod_select());
    conn.prepare(&sql)?.query_map(params![clock::now_ms() - delay_ms, project, deployment], pod_row)?.collect()
}

/// The deployment as the API shows it; `with_result` adds a result per device (the cloud
/// does so for fewer than 20 devices).
pub fn render(
    conn: &Connection,
    project: &str,
    d: DeploymentRow,
    life: Life,
    with_result: bool,
) -> rusqlite::Result<Deployment> {
    let pods = pods_of(conn, project, &d.id, life.delay_ms)?;
    let now = clock::now_ms();
    let state = state(&d, now, life.delay_ms);
    let ready = pods.iter().filter(|p| pod_status(p, &d, now, life).0 == "Running").count() as i64;
    let node_ids: Vec<String> = pods.iter().map(|p| p.node_id.clone()).collect();
    let result = if with_result && node_ids.len() < 20 {
        node_ids.iter().map(|n| NodeResult { node_id: n.clone(), ..Default::default() }).collect()
    } else {
        Vec::new()
    };
    Ok(Deployment {
        id: d.id,
        name: d.name,
        description: d.description,
        source: d.source,
        state: state.into(),
        reason: (state == STATE_PAUSED).then(|| "paused".into()),
        replicas: pods.len() as i64,
        ready_replicas: ready,
        node_num: pods.len() as i64,
        node_ids,
        cluster_id: d.cluster_id,
        api_version: Some(format!("v{}", d.version)),
        project_id: project.into(),
        created_at: clock::market_time(d.created_ms / 1000),
        updated_at: clock::market_time(d.updated_ms / 1000),
        template: d.template,
        result,
        tags: d.tags,
    })
}

pub fn get(conn: &Connection, project: &str, id: &str) -> rusqlite::Result<Option<DeploymentRow>> {
    conn.query_row(&format!("{SELECT} WHERE project_id = ?1 AND id = ?2"), params![project, id], row0).optional()
}

pub struct NewDeployment<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub description: Option<&'a str>,
    pub source: &'a str,
    pub provider: &'a str,
    pub cluster_id: Option<&'a str>,
    pub tags: &'a [Tag],
    pub template: &'a DeploymentTemplate,
}

/// Inserts the deployment; false when the name is taken.
pub fn insert(tx: &Transaction, project: &str, d: &NewDeployment) -> rusqlite::Result<bool> {
    let now = clock::now_ms();
    let result = tx.execute(
        "INSERT INTO deployments (project_id, id, name, description, source, provider, cluster_id, tags, template,
            started_ms, created_ms, updated_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?10)",
        params![
            project,
            d.id,
            d.name,
            d.description,
            d.source,
            d.provider,
            d.cluster_id,
            json(&d.tags),
            json(d.template),
            now
        ],
    );
    match result {
        Ok(_) => Ok(true),
        Err(e) if crate::sql::is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Adds a pod per device not yet in the deployment; returns how many were added.
pub fn add_pods(tx: &Transaction, project: &str, deployment: &str, nodes: &[String]) -> rusqlite::Result<usize> {
    let now = clock::now_ms();
    let mut stmt = tx.prepare(
        "INSERT OR IGNORE INTO pods (project_id, id, deployment_id, node_id, created_ms, updated_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
    )?;
    let mut added = 0;
    for node in nodes {
        added += stmt.execute(params![project, crate::ids::random_hex(16), deployment, node, now])?;
    }
    Ok(added)
}

/// Which of `ids` are devices of the project (in the given order, without repeats); the first
/// unknown one is returned as the error.
pub fn existing_nodes(
    conn: &Connection,
    project: &str,
    ids: &[String],
) -> rusqlite::Result<Result<Vec<String>, String>> {
    let mut stmt = conn.prepare("SELECT EXISTS (SELECT 1 FROM nodes WHERE project_id = ?1 AND id = ?2)")?;
    let mut out: Vec<String> = Vec::new();
    for id in ids {
        if !stmt.query_row(params![project, id], |r| r.get::<_, bool>(0))? {
            return Ok(Err(id.clone()));
        }
        if !out.contains(id) {
            out.push(id.clone());
        }
    }
    Ok(Ok(out))
}

/// Up to `limit` devices (oldest first) that carry every one of `tags`.
pub fn nodes_with_tags(conn: &Connection, project: &str, tags: &[Tag], limit: i64) -> rusqlite::Result<Vec<String>> {
    let mut args = vec![Value::Text(project.into())];
    let mut clauses = Vec::new();
    for tag in tags {
        args.push(Value::Text(tag.key.clone()));
        args.push(Value::Text(tag.value.clone()));
        clauses.push(format!(
            "id IN (SELECT node_id FROM node_tags WHERE project_id = ?1 AND key = ?{} AND value = ?{})",
            args.len() - 1,
            args.len()
        ));
    }
    args.push(Value::Integer(limit));
    let sql = format!(
        "SELECT id FROM nodes WHERE project_id = ?1 AND {} ORDER BY created_ms, rowid LIMIT ?{}",
        clauses.join(" AND "),
        args.len()
    );
    conn.prepare(&sql)?.query_map(params_from_iter(args.iter()), |r| r.get(0))?.collect()
}

pub fn list(conn: &Connection, project: &str, q: &DeploymentListQuery) -> rusqlite::Result<(u64, Vec<DeploymentRow>)> {
    let mut filter = String::from("WHERE project_id = ?1");
    let mut args = vec![Value::Text(project.into())];
    if let Some(name) = &q.name {
        args.push(Value::Text(crate::sql::contains_pattern(name)));
        filter.push_str(&format!(" AND name LIKE ?{} ESCAPE '\\'", args.len()));
    }
    if let Some(p) = &q.provider {
        args.push(Value::Text(p.clone()));
        filter.push_str(&format!(" AND provider = ?{}", args.len()));
    }
    if let Some(c) = &q.cluster_id {
        args.push(Value::Text(c.clone()));
        filter.push_str(&format!(" AND cluster_id = ?{}", args.len()));
    }
    if let Some(n) = &q.node_id {
        args.push(Value::Text(n.clone()));
        filter.push_str(&format!(
            " AND id IN (SELECT deployment_id FROM pods WHERE project_id = ?1 AND node_id = ?{})",
            args.len()
        ));
    }
    let order = format!("{}, rowid", crate::sql::order_by(&q.sort));
    let paging = (q.limit.unwrap_or(DEFAULT_LIMIT), q.offset.unwrap_or(0));
    crate::sql::page(conn, SELECT, "deployments", &filter, &order, args, paging, row0)
}

/// Replaces the template (and restarts the rollout), the description, the tags; what is `None`
/// stays.
pub fn update(
    tx: &Transaction,
    project: &str,
    id: &str,
    template: Option<&DeploymentTemplate>,
    description: Option<&str>,
    tags: Option<&[Tag]>,
) -> rusqlite::Result<()> {
    let now = clock::now_ms();
    tx.execute(
        "UPDATE deployments SET
            template = COALESCE(?3, template),
            version = version + (?3 IS NOT NULL),
            started_ms = CASE WHEN ?3 IS NULL THEN started_ms ELSE ?6 END,
            description = COALESCE(?4, description),
            tags = COALESCE(?5, tags),
            updated_ms = ?6
         WHERE project_id = ?1 AND id = ?2",
        params![project, id, template.map(json), description, tags.map(|t| json(&t)), now],
    )?;
    Ok(())
}

/// Pauses or resumes the whole deployment; resuming restarts the rollout.
pub fn set_paused(conn: &Connection, project: &str, id: &str, paused: bool) -> rusqlite::Result<()> {
    let now = clock::now_ms();
    conn.execute(
        "UPDATE deployments SET paused = ?3, updated_ms = ?4,
            started_ms = CASE WHEN ?3 = 0 AND paused = 1 THEN ?4 ELSE started_ms END
         WHERE project_id = ?1 AND id = ?2",
        params![project, id, paused, now],
    )?;
    Ok(())
}

/// Deletes the deployment, its pods, jobs and order holdings (the units go back).
pub fn delete(tx: &Transaction, project: &str, id: &str) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE orders SET used_amount = MAX(used_amount - (SELECT units FROM deployment_orders d
            WHERE d.project_id = ?1 AND d.deployment_id = ?2 AND d.order_id = orders.order_id), 0)
         WHERE order_id IN (SELECT order_id FROM deployment_orders WHERE project_id = ?1 AND deployment_id = ?2)",
        params![project, id],
    )?;
    for table in ["deployment_orders", "pods", "tasks"] {
        tx.execute(&format!("DELETE FROM {table} WHERE project_id = ?1 AND deployment_id = ?2"), params![project, id])?;
    }
    tx.execute("DELETE FROM deployments WHERE project_id = ?1 AND id = ?2", params![project, id])?;
    Ok(())
}

/// The skill order an app draws from: the one named, or the default (then any) order with
/// enough left for the skill of the app's name. `Err` says why none fits.
pub fn pick_order(
    tx: &Transaction,
    project: &str,
    named: Option<&str>,
    skill_name: &str,
    units: i64,
) -> rusqlite::Result<Result<String, String>> {
    let now = clock::now_ms();
    match named {
        Some(id) => {
            let left: Option<i64> = tx
                .query_row(
                    "SELECT amount - used_amount FROM orders WHERE project_id = ?1 AND order_id = ?2
                     AND (expire_ms IS NULL OR expire_ms > ?3)",
                    params![project, id, now],
                    |r| r.get(0),
                )
                .optional()?;
            Ok(match left {
                None => Err(format!("no valid skill order {id}")),
                Some(left) if left < units => Err(format!("skill order {id} has {left} units left, {units} needed")),
                Some(_) => Ok(id.to_string()),
            })
        }
        None => {
            let found: Option<String> = tx
                .query_row(
                    "SELECT o.order_id FROM orders o JOIN skills s ON s.skill_id = o.skill_id
                     WHERE o.project_id = ?1 AND s.name = ?2 AND o.amount - o.used_amount >= ?3
                       AND (o.expire_ms IS NULL OR o.expire_ms > ?4)
                     ORDER BY o.is_default DESC, o.created_ms LIMIT 1",
                    params![project, skill_name, units, now],
                    |r| r.get(0),
                )
                .optional()?;
            Ok(found.ok_or_else(|| format!("no skill order of {skill_name} with {units} units left")))
        }
    }
}

/// Takes `units` from the order for the deployment.
pub fn hold_units(tx: &Transaction, project: &str, deployment: &str, order: &str, units: i64) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE orders SET used_amount = used_amount + ?3, updated_ms = ?4 WHERE project_id = ?1 AND order_id = ?2",
        params![project, order, units, clock::now_ms()],
    )?;
    tx.execute(
        "INSERT INTO deployment_orders (project_id, deployment_id, order_id, units) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (project_id, deployment_id, order_id) DO UPDATE SET units = units + excluded.units",
        params![project, deployment, order, units],
    )?;
    Ok(())
}

pub fn pod(
    conn: &Connection,
    project: &str,
    deployment: &str,
    pod: &str,
    delay_ms: i64,
) -> rusqlite::Result<Option<PodRow>> {
    let sql = format!("{} WHERE p.project_id = ?2 AND p.deployment_id = ?3 AND p.id = ?4", pod_select());
    conn.query_row(&sql, params![clock::now_ms() - delay_ms, project, deployment, pod], pod_row).optional()
}

pub fn delete_pod(conn: &Connection, project: &str, pod: &str) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM pods WHERE project_id = ?1 AND id = ?2", params![project, pod])?;
    Ok(())
}

pub fn set_pod_paused(conn: &Connection, project: &str, pod: &str, paused: bool) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE pods SET paused = ?3, updated_ms = ?4 WHERE project_id = ?1 AND id = ?2",
        params![project, pod, paused, clock::now_ms()],
    )?;
    Ok(())
}

/// Pods across deployments, with their deployment rows for the template and state.
pub fn list_pods(
    conn: &Connection,
    project: &str,
    q: &PodListQuery,
    workspace: Option<&str>,
    delay_ms: i64,
) -> rusqlite::Result<(u64, Vec<PodRow>)> {
    let mut filter = String::from("WHERE p.project_id = ?2");
    let mut args = vec![Value::Integer(clock::now_ms() - delay_ms), Value::Text(project.into())];
    let mut add = |clause: &str, v: &str, args: &mut Vec<Value>| {
        args.push(Value::Text(v.into()));
        filter.push_str(&clause.replace('#', &format!("?{}", args.len())));
    };
    if let Some(d) = &q.deployment_id {
        add(" AND p.deployment_id = #", d, &mut args);
    }
    if let Some(n) = &q.node_id {
        add(" AND p.node_id = #", n, &mut args);
    }
    if let Some(c) = &q.cluster_id {
        add(
            " AND p.deployment_id IN (SELECT id FROM deployments WHERE project_id = ?2 AND cluster_id = #)",
            c,
            &mut args,
        );
    }
    if let Some(p) = &q.provider {
        add(
            " AND p.deployment_id IN (SELECT id FROM deployments WHERE project_id = ?2 AND provider = #)",
            p,
            &mut args,
        );
    }
    if let Some(w) = workspace {
        add(" AND n.workspace_id = #", w, &mut args);
    }
    let paging = (q.limit.unwrap_or(PODS_DEFAULT_LIMIT), q.offset.unwrap_or(0));
    crate::sql::page(conn, &pod_select(), POD_FROM, &filter, "p.created_ms DESC, p.rowid", args, paging, pod_row)
}

/// A pod's name: its deployment's and the start of its id.
pub fn pod_name(deployment: &str, pod_id: &str) -> String {
    format!("{deployment}-{}", &pod_id[..8.min(pod_id.len())])
}

/// The pod as the API shows it.
pub fn render_pod(project: &str, p: PodRow, d: &DeploymentRow, life: Life) -> Pod {
    let (status, reason) = pod_status(&p, d, clock::now_ms(), life);
    Pod {
        name: pod_name(&d.name, &p.id),
        deployment_id: p.deployment_id,
        project_id: project.into(),
        cluster_id: d.cluster_id.clone(),
        status: status.into(),
        reason,
        host_ip: (status == "Running").then(|| crate::nodes::host_ip(&p.node_id)),
        created_at: clock::market_time(p.created_ms / 1000),
        updated_at: clock::market_time(p.updated_ms / 1000),
        configs: d.template.configs.clone(),
        apps: d.template.apps.clone(),
        affinity: d.template.affinity.clone(),
        node_id: p.node_id,
        id: p.id,
    }
}
