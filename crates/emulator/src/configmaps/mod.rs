//! Config maps (reference 5.4): key/value configs in a workspace, unique by name there.

mod store;

use hilens_model::common::IdOnly;
use hilens_model::configmaps::{ConfigMapBody, ConfigMapDeleted, ConfigMapListQuery};
use hilens_model::query::Params;

use crate::op::{ok, parse_body, Ctx, Failure, Reply};
use crate::workspaces;

/// This domain's tables: config maps.
pub const TABLES: crate::db::Tables = crate::db::Tables { name: "config maps", schema: store::SCHEMA, seed: None };

fn not_found(id: &str) -> Failure {
    Failure::not_found(format!("config_map_id {id}"))
}

fn duplicate(name: &str) -> Failure {
    Failure::conflict(format!("configmap.name {name} already exists in the workspace"))
}

/// `GET /v3/{project_id}/ai-mgr/configmaps`.
pub fn list(ctx: &Ctx) -> Reply {
    let query = ConfigMapListQuery::from_pairs(ctx.query)?;
    let mut conn = ctx.app.db.conn();
    let workspace = workspaces::resolve(&mut conn, ctx.project(), query.workspace_id.as_deref())?;
    ok(&store::list(&conn, ctx.project(), &workspace, &query)?)
}

/// `POST /v3/{project_id}/ai-mgr/configmaps`.
pub fn create(ctx: &Ctx) -> Reply {
    let body: ConfigMapBody = parse_body(ctx.body)?;
    body.validate()?;
    let provider = ctx.provider()?;
    let mut conn = ctx.app.db.conn();
    let workspace = workspaces::resolve(&mut conn, ctx.project(), body.workspace_id.as_deref())?;
    let id = crate::ids::random_hex(16);
    match store::insert(&conn, ctx.project(), &workspace, &id, &provider, &body.configmap)? {
        Some(saved) => ok(&ConfigMapBody { configmap: saved, workspace_id: Some(workspace) }),
        None => Err(duplicate(&body.configmap.name)),
    }
}

/// `GET /v3/{project_id}/ai-mgr/configmaps/{config_map_id}`.
pub fn show(ctx: &Ctx) -> Reply {
    let id = ctx.param("config_map_id");
    match store::get(&ctx.app.db.conn(), ctx.project(), id)? {
        Some(m) => {
            let workspace = m.workspace_id.clone();
            ok(&ConfigMapBody { configmap: m, workspace_id: workspace })
        }
        None => Err(not_found(id)),
    }
}

/// `PUT /v3/{project_id}/ai-mgr/configmaps/{config_map_id}`: replaces name, configs, tags,
/// description and type; the id and the workspace stay.
pub fn update(ctx: &Ctx) -> Reply {
    let id = ctx.param("config_map_id");
    let body: ConfigMapBody = parse_body(ctx.body)?;
    body.validate()?;
    let conn = ctx.app.db.conn();
    match store::update(&conn, ctx.project(), id, &body.configmap)? {
        store::Updated::Yes(saved) => {
            let workspace = saved.workspace_id.clone();
            ok(&ConfigMapBody { configmap: saved, workspace_id: workspace })
        }
        store::Updated::NotFound => Err(not_found(id)),
        store::Updated::Duplicate => Err(duplicate(&body.configmap.name)),
    }
}

/// `DELETE /v3/{project_id}/ai-mgr/configmaps/{config_map_id}`.
pub fn delete(ctx: &Ctx) -> Reply {
    let id = ctx.param("config_map_id");
    if store::delete(&ctx.app.db.conn(), ctx.project(), id)? {
        ok(&ConfigMapDeleted { configmap: IdOnly { id: id.to_string() } })
    } else {
        Err(not_found(id))
    }
}
