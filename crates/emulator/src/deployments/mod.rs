//! App deployments and their pods (reference 5.3, and `start_and_stop_deployment`, which only
//! the SDK lists). A deployment targets devices by id, by tags (the first `node_num` devices
//! carrying all of them) or by cluster (the emulator has no clusters: 404), and runs one pod
//! per device. Market deployments (`source` hlm) take one unit per device from a skill order,
//! given back when the deployment is deleted.

mod store;

pub(crate) use store::{get, pod_name, pod_status, pods_of, DeploymentRow, Life};

use std::collections::HashMap;

use hilens_model::deployments::{
    AddNodesRequest, AppDef, CreateDeploymentRequest, DeploymentId, DeploymentList, DeploymentListQuery,
    DeploymentTemplate, PatchDeploymentRequest, PodId, PodList, PodListQuery, UpdateDeploymentRequest, ACTIONS,
};
use hilens_model::query::Params;
use hilens_model::rules;
use rusqlite::Transaction;

use crate::op::{ok, parse_body, Ctx, Failure, Reply};

/// This domain's tables: deployments and their pods.
pub const TABLES: crate::db::Tables = crate::db::Tables { name: "deployments", schema: store::SCHEMA, seed: None };

fn not_found(what: &str, id: &str) -> Failure {
    Failure::not_found(format!("{what} {id}"))
}

fn conflict(detail: String) -> Failure {
    Failure::conflict(detail)
}

/// The deployment of the path, or 404.
fn existing(conn: &rusqlite::Connection, ctx: &Ctx) -> Result<store::DeploymentRow, Failure> {
    let id = ctx.param("deployment_id");
    store::get(conn, ctx.project(), id)?.ok_or_else(|| not_found("deployment_id", id))
}

/// The devices a request names, by id or by tags; 404 when an id is unknown or no device
/// carries the tags.
fn target_nodes(
    tx: &Transaction,
    project: &str,
    ids: &Option<Vec<String>>,
    tags: &Option<Vec<hilens_model::tags::Tag>>,
    node_num: i64,
) -> Result<Vec<String>, Failure> {
    if let Some(ids) = ids {
        return store::existing_nodes(tx, project, ids)?.map_err(|id| not_found("node_ids: no device", &id));
    }
    let tags = tags.as_deref().unwrap_or_default();
    let nodes = store::nodes_with_tags(tx, project, tags, node_num)?;
    if nodes.is_empty() {
        let shown: Vec<String> = tags.iter().map(|t| format!("{}={}", t.key, t.value)).collect();
        return Err(not_found("node_tags: no device carries", &shown.join(",")));
    }
    Ok(nodes)
}

/// For a market deployment, takes `units` from each app's skill order.
fn hold_for_apps(
    tx: &Transaction,
    project: &str,
    deployment: &str,
    apps: &[AppDef],
    units: i64,
) -> Result<(), Failure> {
    for (i, app) in apps.iter().enumerate() {
        match store::pick_order(tx, project, app.app_order_id.as_deref(), &app.name, units)? {
            Ok(order) => store::hold_units(tx, project, deployment, &order, units)?,
            Err(why) => return Err(conflict(format!("deployment.template.apps[{i}].app_order_id: {why}"))),
        }
    }
    Ok(())
}

/// `POST /v3/{project_id}/ai-mgr/deployments`.
pub fn create(ctx: &Ctx) -> Reply {
    rules::expired_time(ctx.header("x-expired-time"))?;
    let provider = ctx.provider()?;
    let req: CreateDeploymentRequest = parse_body(ctx.body)?;
    req.validate()?;
    let mut conn = ctx.app.db.conn();
    let tx = conn.transaction()?;
    if let Some(cluster) = &req.cluster_id {
        return Err(not_found("cluster_id (the emulator has no clusters)", cluster));
    }
    let nodes = target_nodes(&tx, ctx.project(), &req.node_ids, &req.node_tags, req.node_num.unwrap_or(0))?;
    let id = format!("hilens-{}", crate::ids::random_hex(16));
    let t = &req.deployment.template;
    let template = DeploymentTemplate::of_request(t);
    let new = store::NewDeployment {
        id: &id,
        name: &req.name,
        description: req.description.as_deref(),
        source: &req.source,
        provider: &provider,
        cluster_id: None,
        tags: &req.tags,
        template: &template,
    };
    if !store::insert(&tx, ctx.project(), &new)? {
        return Err(conflict(format!("name {} already exists", req.name)));
    }
    store::add_pods(&tx, ctx.project(), &id, &nodes)?;
    if req.source == "hlm" {
        hold_for_apps(&tx, ctx.project(), &id, &template.apps, nodes.len() as i64)?;
    }
    tx.commit()?;
    let row = store::get(&conn, ctx.project(), &id)?.ok_or_else(|| not_found("deployment_id", &id))?;
    ok(&store::render(&conn, ctx.project(), row, ctx.app.life(), true)?)
}

/// `GET /v3/{project_id}/ai-mgr/deployments`.
pub fn list(ctx: &Ctx) -> Reply {
    let query = DeploymentListQuery::from_pairs(ctx.query)?;
    let conn = ctx.app.db.conn();
    let (count, rows) = store::list(&conn, ctx.project(), &query)?;
    let deployments = rows
        .into_iter()
        .map(|row| store::render(&conn, ctx.project(), row, ctx.app.life(), false))
        .collect::<rusqlite::Result<Vec<_>>>()?;
    ok(&DeploymentList { count, deployments })
}

/// `GET /v3/{project_id}/ai-mgr/deployments/{deployment_id}`.
pub fn show(ctx: &Ctx) -> Reply {
    ctx.provider()?;
    let conn = ctx.app.db.conn();
    let row = existing(&conn, ctx)?;
    ok(&store::render(&conn, ctx.project(), row, ctx.app.life(), false)?)
}

/// `PUT /v3/{project_id}/ai-mgr/deployments/{deployment_id}`: a new template rolls out again.
pub fn update(ctx: &Ctx) -> Reply {
    rules::expired_time(ctx.header("x-expired-time"))?;
    ctx.provider()?;
    let req: UpdateDeploymentRequest = parse_body(ctx.body)?;
    req.validate()?;
    let mut conn = ctx.app.db.conn();
    let row = existing(&conn, ctx)?;
    let template = req.deployment.as_ref().map(|d| DeploymentTemplate::of_request(&d.template));
    let tx = conn.transaction()?;
    store::update(&tx, ctx.project(), &row.id, template.as_ref(), req.description.as_deref(), req.tags.as_deref())?;
    tx.commit()?;
    let row = existing(&conn, ctx)?;
    ok(&store::render(&conn, ctx.project(), row, ctx.app.life(), false)?)
}

/// `PATCH /v3/{project_id}/ai-mgr/deployments/{deployment_id}`: envs and a version, applied to
/// every app.
pub fn patch(ctx: &Ctx) -> Reply {
    let req: PatchDeploymentRequest = parse_body(ctx.body)?;
    req.validate()?;
    let mut conn = ctx.app.db.conn();
    let mut row = existing(&conn, ctx)?;
    req.apply(&mut row.template.apps);
    let tx = conn.transaction()?;
    store::update(&tx, ctx.project(), &row.id, Some(&row.template), None, None)?;
    tx.commit()?;
    let row = existing(&conn, ctx)?;
    ok(&store::render(&conn, ctx.project(), row, ctx.app.life(), false)?)
}

/// `DELETE /v3/{project_id}/ai-mgr/deployments/{deployment_id}`.
pub fn delete(ctx: &Ctx) -> Reply {
    rules::expired_time(ctx.header("x-expired-time"))?;
    ctx.check_force_delete()?;
    ctx.provider()?;
    let mut conn = ctx.app.db.conn();
    let row = existing(&conn, ctx)?;
    let tx = conn.transaction()?;
    store::delete(&tx, ctx.project(), &row.id)?;
    tx.commit()?;
    ok(&DeploymentId { deployment_id: row.id })
}

/// `POST /v3/{project_id}/ai-mgr/deployments/{deployment_id}/action/{pause|resume}`.
pub fn start_and_stop(ctx: &Ctx) -> Reply {
    let action = rules::one_of("action", ctx.param("action"), ACTIONS)?;
    let conn = ctx.app.db.conn();
    let row = existing(&conn, ctx)?;
    store::set_paused(&conn, ctx.project(), &row.id, action == "pause")?;
    ok(&DeploymentId { deployment_id: row.id })
}

/// `PUT /v3/{project_id}/ai-mgr/deployments/{deployment_id}/nodes`: more devices, by id or tag;
/// devices already in the deployment are skipped.
pub fn add_nodes(ctx: &Ctx) -> Reply {
    ctx.provider()?;
    let req: AddNodesRequest = parse_body(ctx.body)?;
    req.validate(ctx.param("deployment_id"))?;
    let mut conn = ctx.app.db.conn();
    let row = existing(&conn, ctx)?;
    let tx = conn.transaction()?;
    let nodes = target_nodes(&tx, ctx.project(), &req.node_ids, &req.node_tags, req.node_num)?;
    let added = store::add_pods(&tx, ctx.project(), &row.id, &nodes)?;
    if row.source == "hlm" && added > 0 {
        hold_for_apps(&tx, ctx.project(), &row.id, &row.template.apps, added as i64)?;
    }
    tx.commit()?;
    let row = existing(&conn, ctx)?;
    ok(&store::render(&conn, ctx.project(), row, ctx.app.life(), true)?)
}

/// `GET /v3/{project_id}/ai-mgr/pods`: every deployment's pods, or some by deployment, device,
/// cluster, provider or the devices' workspace.
pub fn list_pods(ctx: &Ctx) -> Reply {
    let query = PodListQuery::from_pairs(ctx.query)?;
    let mut conn = ctx.app.db.conn();
    let workspace = match &query.workspace_id {
        Some(w) => Some(crate::workspaces::resolve(&mut conn, ctx.project(), Some(w))?),
        None => None,
    };
    let delay = ctx.app.connect_delay_ms;
    let (count, rows) = store::list_pods(&conn, ctx.project(), &query, workspace.as_deref(), delay)?;
    let mut deployments: HashMap<String, store::DeploymentRow> = HashMap::new();
    let mut pods = Vec::new();
    for p in rows {
        if !deployments.contains_key(&p.deployment_id) {
            match store::get(&conn, ctx.project(), &p.deployment_id)? {
                Some(d) => deployments.insert(p.deployment_id.clone(), d),
                None => continue,
            };
        }
        if let Some(d) = deployments.get(&p.deployment_id) {
            pods.push(store::render_pod(ctx.project(), p, d, ctx.app.life()));
        }
    }
    ok(&PodList { count, pods })
}

fn existing_pod(conn: &rusqlite::Connection, ctx: &Ctx) -> Result<store::PodRow, Failure> {
    let row = existing(conn, ctx)?;
    let id = ctx.param("pod_id");
    store::pod(conn, ctx.project(), &row.id, id, ctx.app.connect_delay_ms)?.ok_or_else(|| not_found("pod_id", id))
}

/// `DELETE /v3/{project_id}/ai-mgr/deployments/{deployment_id}/{pod_id}`.
pub fn delete_pod(ctx: &Ctx) -> Reply {
    ctx.check_force_delete()?;
    let conn = ctx.app.db.conn();
    let pod = existing_pod(&conn, ctx)?;
    store::delete_pod(&conn, ctx.project(), &pod.id)?;
    ok(&PodId { pod_id: pod.id })
}

/// `POST /v3/{project_id}/ai-mgr/deployments/{deployment_id}/{pod_id}/action/{pause|resume}`.
pub fn start_and_stop_pod(ctx: &Ctx) -> Reply {
    let action = rules::one_of("action", ctx.param("action"), ACTIONS)?;
    let conn = ctx.app.db.conn();
    let pod = existing_pod(&conn, ctx)?;
    store::set_pod_paused(&conn, ctx.project(), &pod.id, action == "pause")?;
    ok(&PodId { pod_id: pod.id })
}
