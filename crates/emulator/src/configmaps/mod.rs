//! Config maps (reference 5.4): key/value configs in a workspace, unique by name there.

mod store;

pub use store::SCHEMA;

use hilens_model::common::IdOnly;
use hilens_model::configmaps::{ConfigMapBody, ConfigMapDeleted, ConfigMapListQuery};
use hilens_model::error::ErrorCode;
use hilens_model::query::Params;

use crate::http::{ok, parse_body, Ctx, Failure, Reply};
use crate::workspaces;

fn project<'a>(ctx: &'a Ctx) -> &'a str {
    ctx.param("project_id")
}

fn not_found(id: &str) -> Failure {
    Failure::Api(ErrorCode::NotFound, Some(format!("config_map_id {id}")))
}

fn duplicate(name: &str) -> Failure {
    Failure::Api(ErrorCode::Conflict, Some(format!("configmap.name {name} already exists in the workspace")))
}

/// `GET /v3/{project_id}/ai-mgr/configmaps`.
pub fn list(ctx: &Ctx) -> Reply {
    let query = ConfigMapListQuery::from_pairs(ctx.query)?;
    let mut conn = ctx.app.db.conn();
    let workspace = workspaces::resolve(&mut conn, project(ctx), query.workspace_id.as_deref())?;
    ok(&store::list(&conn, project(ctx), &workspace, &query)?)
}

/// `POST /v3/{project_id}/ai-mgr/configmaps`.
pub fn create(ctx: &Ctx) -> Reply {
    let body: ConfigMapBody = parse_body(ctx.body)?;
    body.validate()?;
    let provider = provider(ctx)?;
    let mut conn = ctx.app.db.conn();
    let workspace = workspaces::resolve(&mut conn, project(ctx), body.workspace_id.as_deref())?;
    let id = crate::iam::random_hex(16);
    match store::insert(&conn, project(ctx), &workspace, &id, &provider, &body.configmap)? {
        Some(saved) => ok(&ConfigMapBody { configmap: saved, workspace_id: Some(workspace) }),
        None => Err(duplicate(&body.configmap.name)),
    }
}

fn provider(ctx: &Ctx) -> Result<String, Failure> {
    match ctx.query.iter().find(|(k, v)| k == "provider" && !v.is_empty()) {
        Some((_, v)) => {
            Ok(hilens_model::rules::one_of("provider", v, hilens_model::configmaps::PROVIDERS)?.to_string())
        }
        None => Ok("hilens".into()),
    }
}

/// `GET /v3/{project_id}/ai-mgr/configmaps/{config_map_id}`.
pub fn show(ctx: &Ctx) -> Reply {
    let id = ctx.param("config_map_id");
    match store::get(&ctx.app.db.conn(), project(ctx), id)? {
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
    match store::update(&conn, project(ctx), id, &body.configmap)? {
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
    if store::delete(&ctx.app.db.conn(), project(ctx), id)? {
        ok(&ConfigMapDeleted { configmap: IdOnly { id: id.to_string() } })
    } else {
        Err(not_found(id))
    }
}
