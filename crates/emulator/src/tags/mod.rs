//! Tags on resources (reference 5.7): add, remove and read the tags of a device, config map or
//! secret, list every tag of a resource type, and tag many resources at once. Each resource
//! keeps its tags in its own table; this domain edits them there.

mod store;

use hilens_model::rules;
use hilens_model::tags::{merge, validate_tags, MultiResourcesMultiTags, TagList, TagRequestDetail, RESOURCE_TYPES};

use crate::op::{ok, parse_body, Ctx, Failure, Reply};

fn resource_type<'a>(ctx: &'a Ctx) -> Result<&'a str, Failure> {
    Ok(rules::one_of("resource_type", ctx.param("resource_type"), RESOURCE_TYPES)?)
}

fn not_found(kind: &str, id: &str) -> Failure {
    Failure::not_found(format!("{kind} {id}"))
}

/// `GET /v3/{project_id}/tag-mgr/{resource_type}/tags`: every tag of that type's resources.
pub fn list(ctx: &Ctx) -> Reply {
    let kind = resource_type(ctx)?;
    ok(&store::list(&ctx.app.db.conn(), ctx.project(), kind)?)
}

/// `GET /v3/{project_id}/{resource_type}/{resource_id}/tags`.
pub fn show(ctx: &Ctx) -> Reply {
    let (kind, id) = (resource_type(ctx)?, ctx.param("resource_id"));
    match store::get(&ctx.app.db.conn(), ctx.project(), kind, id)? {
        Some(tags) => ok(&TagList { count: tags.len() as u64, tags }),
        None => Err(not_found(kind, id)),
    }
}

/// `POST /v3/{project_id}/{resource_type}/{resource_id}/tags`: adds tags (a key already there
/// takes the new value); at most 20 in all.
pub fn create(ctx: &Ctx) -> Reply {
    let (kind, id) = (resource_type(ctx)?, ctx.param("resource_id"));
    let body: TagRequestDetail = parse_body(ctx.body)?;
    validate_tags("tags", &body.tags)?;
    let mut conn = ctx.app.db.conn();
    let Some(current) = store::get(&conn, ctx.project(), kind, id)? else { return Err(not_found(kind, id)) };
    let merged = merge(&current, &body.tags);
    validate_tags("tags", &merged)?;
    store::set(&mut conn, ctx.project(), kind, id, &merged)?;
    ok(&serde_json::json!({}))
}

/// `DELETE /v3/{project_id}/{resource_type}/{resource_id}/tags/{key}`.
pub fn delete(ctx: &Ctx) -> Reply {
    let (kind, id, key) = (resource_type(ctx)?, ctx.param("resource_id"), ctx.param("key"));
    let mut conn = ctx.app.db.conn();
    let Some(current) = store::get(&conn, ctx.project(), kind, id)? else { return Err(not_found(kind, id)) };
    if !current.iter().any(|t| t.key == key) {
        return Err(not_found("key", key));
    }
    let kept: Vec<_> = current.into_iter().filter(|t| t.key != key).collect();
    store::set(&mut conn, ctx.project(), kind, id, &kept)?;
    ok(&serde_json::json!({}))
}

/// `POST /v3/{project_id}/tag-mgr/node-tags`: the same tags on many resources, all or none.
pub fn batch_create(ctx: &Ctx) -> Reply {
    let body: MultiResourcesMultiTags = parse_body(ctx.body)?;
    body.validate()?;
    let mut conn = ctx.app.db.conn();
    let mut updates = Vec::new();
    for (i, r) in body.resources.iter().enumerate() {
        let Some(current) = store::get(&conn, ctx.project(), &r.resource_type, &r.resource_id)? else {
            return Err(not_found(&format!("resources[{i}].resource_id"), &r.resource_id));
        };
        let merged = merge(&current, &body.tags);
        validate_tags(&format!("resources[{i}].tags"), &merged)?;
        updates.push((r.resource_type.as_str(), r.resource_id.as_str(), merged));
    }
    store::set_many(&mut conn, ctx.project(), &updates)?;
    ok(&serde_json::json!({}))
}
