//! Secrets (reference 5.6): key/value secrets in a workspace, unique by name there.

mod store;

use hilens_model::common::IdOnly;
use hilens_model::configmaps::PROVIDERS;
use hilens_model::query::Params;
use hilens_model::secrets::{SecretBody, SecretDeleted, SecretListQuery, SecretSaved, SecretShown};

use crate::op::{ok, parse_body, Ctx, Failure, Reply};
use crate::workspaces;

/// This domain's tables: secrets.
pub const TABLES: crate::db::Tables = crate::db::Tables { name: "secrets", schema: store::SCHEMA, seed: None };

fn not_found(id: &str) -> Failure {
    Failure::not_found(format!("secret_id {id}"))
}

fn duplicate(name: &str) -> Failure {
    Failure::conflict(format!("secret.name {name} already exists in the workspace"))
}

/// `GET /v3/{project_id}/ai-mgr/secrets`.
pub fn list(ctx: &Ctx) -> Reply {
    let query = SecretListQuery::from_pairs(ctx.query)?;
    let mut conn = ctx.app.db.conn();
    let workspace = workspaces::resolve(&mut conn, ctx.project(), query.workspace_id.as_deref())?;
    ok(&store::list(&conn, ctx.project(), &workspace, &query)?)
}

/// `POST /v3/{project_id}/ai-mgr/secrets`.
pub fn create(ctx: &Ctx) -> Reply {
    let body: SecretBody = parse_body(ctx.body)?;
    body.validate()?;
    let provider = match ctx.query.iter().find(|(k, v)| k == "provider" && !v.is_empty()) {
        Some((_, v)) => hilens_model::rules::one_of("provider", v, PROVIDERS)?.to_string(),
        None => "hilens".to_string(),
    };
    let mut conn = ctx.app.db.conn();
    let workspace = workspaces::resolve(&mut conn, ctx.project(), body.workspace_id.as_deref())?;
    let id = crate::ids::random_hex(16);
    match store::insert(&conn, ctx.project(), &workspace, &id, &provider, &body.secret)? {
        Some(secret) => ok(&SecretSaved { workspace_id: workspace, secret: without_workspace(secret) }),
        None => Err(duplicate(&body.secret.name)),
    }
}

/// Create and update answer without `workspace_id` inside the secret (it is beside it).
fn without_workspace(mut s: hilens_model::secrets::SecretDetail) -> hilens_model::secrets::SecretDetail {
    s.workspace_id = None;
    s
}

/// `GET /v3/{project_id}/ai-mgr/secrets/{secret_id}`.
pub fn show(ctx: &Ctx) -> Reply {
    let id = ctx.param("secret_id");
    match store::get(&ctx.app.db.conn(), ctx.project(), id)? {
        Some(secret) => ok(&SecretShown { secret }),
        None => Err(not_found(id)),
    }
}

/// `PUT /v3/{project_id}/ai-mgr/secrets/{secret_id}`: replaces name, description, entries and
/// tags; the id and the workspace stay.
pub fn update(ctx: &Ctx) -> Reply {
    let id = ctx.param("secret_id");
    let body: SecretBody = parse_body(ctx.body)?;
    body.validate()?;
    match store::update(&ctx.app.db.conn(), ctx.project(), id, &body.secret)? {
        store::Updated::Yes(secret) => {
            let workspace = secret.workspace_id.clone().unwrap_or_default();
            ok(&SecretSaved { workspace_id: workspace, secret: without_workspace(secret) })
        }
        store::Updated::NotFound => Err(not_found(id)),
        store::Updated::Duplicate => Err(duplicate(&body.secret.name)),
    }
}

/// `DELETE /v3/{project_id}/ai-mgr/secrets/{secret_id}`.
pub fn delete(ctx: &Ctx) -> Reply {
    let id = ctx.param("secret_id");
    if store::delete(&ctx.app.db.conn(), ctx.project(), id)? {
        ok(&SecretDeleted { secret: IdOnly { id: id.to_string() } })
    } else {
        Err(not_found(id))
    }
}
