//! Devices (reference 5.1): registration (one, or a batch of up to 100000) with a certificate
//! package, the list with its filters, the detail, and deletion. A registered device is
//! UNCONNECTED until it reports in (after the emulator's connect delay), then RUNNING with its
//! hardware facts.

mod package;
mod store;

pub use store::{get, host_ip, index_tags};

use hilens_model::error::ErrorCode;
use hilens_model::nodes::{
    BasicDevice, BasicDeviceList, CreateNodeRequest, CreateNodeResponse, NodeListQuery, UpdateNodeRequest, NODE_ACTIONS,
};
use hilens_model::query::Params;

use crate::op::{ok, parse_body, Ctx, Failure, Reply};
use crate::workspaces;

/// This domain's tables: devices.
pub const TABLES: crate::db::Tables = crate::db::Tables { name: "devices", schema: store::SCHEMA, seed: None };

fn not_found(id: &str) -> Failure {
    Failure::not_found(format!("node_id {id}"))
}

/// `POST /v3/{project_id}/ai-mgr/nodes`.
pub fn create(ctx: &Ctx) -> Reply {
    let provider = ctx.provider()?;
    let req: CreateNodeRequest = parse_body(ctx.body)?;
    req.validate(&provider)?;
    let mut conn = ctx.app.db.conn();
    let workspace = workspaces::resolve(&mut conn, ctx.project(), req.node.workspace_id.as_deref())?;
    let user = ctx.caller.as_ref().map(|c| c.user.clone()).unwrap_or_default();
    let batch = req.node.batch.unwrap_or(1);
    let first = match store::insert(&mut conn, ctx.project(), &workspace, &provider, &user, &req.node, batch)? {
        Some(id) => id,
        None => return Err(Failure::conflict(format!("node.name {} already exists", req.node.name))),
    };
    drop(conn);
    let conf = package::NodeConf { node_id: &first, name: &req.node.name, project_id: ctx.project(), batch };
    let package = package::build(&conf).map_err(|e| Failure::Api(ErrorCode::Internal, Some(e)))?;
    ok(&CreateNodeResponse { id: first, name: req.node.name, package })
}

/// `GET /v3/{project_id}/ai-mgr/nodes`.
pub fn list(ctx: &Ctx) -> Reply {
    let query = NodeListQuery::from_pairs(ctx.query)?;
    let mut conn = ctx.app.db.conn();
    let workspace = workspaces::resolve(&mut conn, ctx.project(), query.workspace_id.as_deref())?;
    let mut list = store::list(&conn, ctx.project(), Some(&workspace), &query, ctx.app.connect_delay_ms)?;
    // The list shows each device's firmware and a running upgrade, as the detail does.
    for node in &mut list.nodes {
        crate::firmware::describe(&conn, ctx.project(), node, ctx.app.upgrade_ms)?;
    }
    ok(&list)
}

/// `GET /v3/{project_id}/ai-mgr/nodes/{node_id}`.
pub fn show(ctx: &Ctx) -> Reply {
    let id = ctx.param("node_id");
    let conn = ctx.app.db.conn();
    match store::get(&conn, ctx.project(), id, ctx.app.connect_delay_ms)? {
        Some(mut node) => {
            crate::firmware::describe(&conn, ctx.project(), &mut node, ctx.app.upgrade_ms)?;
            ok(&node)
        }
        None => Err(not_found(id)),
    }
}

/// `DELETE /v3/{project_id}/ai-mgr/nodes/{node_id}`.
pub fn delete(ctx: &Ctx) -> Reply {
    let id = ctx.param("node_id");
    ctx.check_force_delete()?;
    if store::delete(&mut ctx.app.db.conn(), ctx.project(), id)? {
        ok(&serde_json::json!({}))
    } else {
        Err(not_found(id))
    }
}

/// `PUT /v3/{project_id}/ai-mgr/nodes/{node_id}`: description, log settings, tags, NPU/GPU,
/// event validity; what the body leaves out stays.
pub fn update(ctx: &Ctx) -> Reply {
    let id = ctx.param("node_id");
    let provider = ctx.provider()?;
    let req: UpdateNodeRequest = parse_body(ctx.body)?;
    req.validate(&provider)?;
    if store::update(&mut ctx.app.db.conn(), ctx.project(), id, &req.node)? {
        ok(&serde_json::json!({}))
    } else {
        Err(not_found(id))
    }
}

/// `POST /v3/{project_id}/ai-mgr/nodes/{node_id}/action/{start|stop}`: a stopped device cannot
/// reach the cloud until it is started again.
pub fn switch_connection(ctx: &Ctx) -> Reply {
    let id = ctx.param("node_id");
    ctx.provider()?;
    let action = hilens_model::rules::one_of("action", ctx.param("action"), NODE_ACTIONS)?;
    if store::set_stopped(&ctx.app.db.conn(), ctx.project(), id, action == "stop")? {
        ok(&serde_json::json!({}))
    } else {
        Err(not_found(id))
    }
}

/// `GET /v2/{project_id}/device-manager/devices`: the basic console's list of every device of
/// the project.
pub fn list_basic(ctx: &Ctx) -> Reply {
    let query = hilens_model::nodes::basic_device_query(ctx.query)?;
    let conn = ctx.app.db.conn();
    let mut list = store::list(&conn, ctx.project(), None, &query, ctx.app.connect_delay_ms)?;
    for node in &mut list.nodes {
        crate::firmware::describe(&conn, ctx.project(), node, ctx.app.upgrade_ms)?;
    }
    let data = list
        .nodes
        .iter()
        .map(|n| {
            let ms =
                |t: &Option<String>| t.as_deref().and_then(hilens_model::time::parse_iso8601).map_or(0, |s| s * 1000);
            BasicDevice::from_node(n, ms(&n.created_at), ms(&n.updated_at))
        })
        .collect();
    ok(&BasicDeviceList { total: list.count, data })
}

/// `PUT /v3/{project_id}/ai-mgr/nodes/{node_id}/cert`: a new certificate package for a device
/// whose package was lost; the old key is worthless from now on.
pub fn update_cert(ctx: &Ctx) -> Reply {
    let id = ctx.param("node_id");
    let Some(node) = store::get(&ctx.app.db.conn(), ctx.project(), id, ctx.app.connect_delay_ms)? else {
        return Err(not_found(id));
    };
    let conf = package::NodeConf { node_id: &node.id, name: &node.name, project_id: ctx.project(), batch: 1 };
    let package = package::build(&conf).map_err(|e| Failure::Api(ErrorCode::Internal, Some(e)))?;
    ok(&CreateNodeResponse { id: node.id, name: node.name, package })
}
