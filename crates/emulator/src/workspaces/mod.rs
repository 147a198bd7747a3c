//! Workspaces (reference 5.8): every project has its `default` workspace from the start;
//! names are unique within a project; only the description can change; the default workspace
//! and workspaces that still hold resources cannot be deleted.

mod store;

use hilens_model::query::Params;
use hilens_model::workspaces::{
    CreateWorkspaceRequest, UpdateWorkspaceRequest, WorkspaceId, WorkspaceListQuery, DEFAULT_WORKSPACE_ID,
};

use crate::op::Caller;
use crate::op::{ok, parse_body, Ctx, Failure, Reply};

/// This domain's tables: workspaces.
pub const TABLES: crate::db::Tables = crate::db::Tables { name: "workspaces", schema: store::SCHEMA, seed: None };

/// The workspace a request names, or the project's default; 404 when it does not exist.
pub fn resolve(conn: &mut rusqlite::Connection, project: &str, requested: Option<&str>) -> Result<String, Failure> {
    store::ensure_default(conn, project)?;
    let id = requested.unwrap_or(DEFAULT_WORKSPACE_ID);
    match store::get(conn, project, id)? {
        Some(_) => Ok(id.to_string()),
        None => Err(not_found(id)),
    }
}

fn not_found(id: &str) -> Failure {
    Failure::not_found(format!("workspace_id {id}"))
}

/// Who is creating: the caller's user, or the key's for signed requests.
fn owner(ctx: &Ctx) -> (String, String) {
    match &ctx.caller {
        Some(Caller { user, .. }) => (user.clone(), format!("user-{user}")),
        None => (String::new(), String::new()),
    }
}

/// `GET /v3/{project_id}/ai-mgr/workspaces`.
pub fn list(ctx: &Ctx) -> Reply {
    let query = WorkspaceListQuery::from_pairs(ctx.query)?;
    let mut conn = ctx.app.db.conn();
    store::ensure_default(&mut conn, ctx.project())?;
    ok(&store::list(&conn, ctx.project(), &query)?)
}

/// `POST /v3/{project_id}/ai-mgr/workspaces`.
pub fn create(ctx: &Ctx) -> Reply {
    let req: CreateWorkspaceRequest = parse_body(ctx.body)?;
    req.validate()?;
    let mut conn = ctx.app.db.conn();
    store::ensure_default(&mut conn, ctx.project())?;
    let id = crate::ids::random_hex(16);
    let (owner, user_id) = owner(ctx);
    if !store::insert(&mut conn, ctx.project(), &id, &req, &owner, &user_id)? {
        return Err(Failure::conflict(format!("name {} already exists", req.name)));
    }
    ok(&WorkspaceId { workspace_id: id })
}

/// `GET /v3/{project_id}/ai-mgr/workspaces/{workspace_id}`.
pub fn show(ctx: &Ctx) -> Reply {
    let id = ctx.param("workspace_id");
    let mut conn = ctx.app.db.conn();
    store::ensure_default(&mut conn, ctx.project())?;
    store::get(&conn, ctx.project(), id)?.map_or_else(|| Err(not_found(id)), |w| ok(&w))
}

/// `PUT /v3/{project_id}/ai-mgr/workspaces/{workspace_id}`: the description only.
pub fn update(ctx: &Ctx) -> Reply {
    let id = ctx.param("workspace_id");
    let req: UpdateWorkspaceRequest = parse_body(ctx.body)?;
    req.validate()?;
    let mut conn = ctx.app.db.conn();
    store::ensure_default(&mut conn, ctx.project())?;
    if store::update_description(&conn, ctx.project(), id, &req.description)? {
        ok(&WorkspaceId { workspace_id: id.to_string() })
    } else {
        Err(not_found(id))
    }
}

/// `DELETE /v3/{project_id}/ai-mgr/workspaces/{workspace_id}`.
pub fn delete(ctx: &Ctx) -> Reply {
    let id = ctx.param("workspace_id");
    if id == DEFAULT_WORKSPACE_ID {
        return Err(Failure::conflict("the default workspace cannot be deleted"));
    }
    let mut conn = ctx.app.db.conn();
    match store::delete(&mut conn, ctx.project(), id)? {
        store::Deleted::Yes => ok(&WorkspaceId { workspace_id: id.to_string() }),
        store::Deleted::NotFound => Err(not_found(id)),
        store::Deleted::InUse(n) => Err(Failure::conflict(format!("the workspace still holds {n} resource(s)"))),
    }
}
