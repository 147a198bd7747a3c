//! Activation (reference 5.1.7, 5.1.8, 5.1.11, 5.1.12): binding running-service orders to a
//! device uses one unit of each (`used_amount`), unbinding gives it back; every change is an
//! activation record. A device already activated must be deactivated first (409), an order
//! with nothing left is a conflict too, and each body field takes only its kind of order.

mod store;

pub use store::deactivate;

use hilens_model::activation::{accepted_device_types, ActivateNodeRequest, NodeId, PlatformOrderQuery};
use hilens_model::common::PageQuery;
use hilens_model::error::FieldError;
use hilens_model::query::Params;

use crate::op::{ok, parse_body, Ctx, Failure, Reply};

/// This domain's tables: activation records.
pub const TABLES: crate::db::Tables =
    crate::db::Tables { name: "activation records", schema: store::SCHEMA, seed: None };

fn node_exists(conn: &rusqlite::Connection, project: &str, id: &str) -> Result<(), Failure> {
    let found: bool =
        conn.query_row("SELECT EXISTS (SELECT 1 FROM nodes WHERE project_id = ?1 AND id = ?2)", [project, id], |r| {
            r.get(0)
        })?;
    if found {
        Ok(())
    } else {
        Err(Failure::not_found(format!("node_id {id}")))
    }
}

/// `POST /v3/{project_id}/ai-mgr/nodes/{node_id}/activate`.
pub fn activate(ctx: &Ctx) -> Reply {
    let node = ctx.param("node_id");
    let req: ActivateNodeRequest = parse_body(ctx.body)?;
    req.validate()?;
    let mut conn = ctx.app.db.conn();
    node_exists(&conn, ctx.project(), node)?;
    store::seed_project(&conn, ctx.project())?;
    let tx = conn.transaction()?;
    if !store::bound_orders(&tx, ctx.project(), node)?.is_empty() {
        return Err(Failure::conflict(format!("node {node} is already activated")));
    }
    let mut ids = Vec::new();
    for (field, id) in req.orders() {
        let Some((device_type, left)) = store::order(&tx, ctx.project(), id)? else {
            return Err(Failure::not_found(format!("{field} {id}")));
        };
        let accepted = accepted_device_types(field);
        if !accepted.contains(&device_type.as_str()) {
            let list = accepted.join(", ");
            return Err(FieldError::new(
                field,
                "order_type",
                format!("该订单的设备类别为 {device_type}，此处只接受 {list}"),
                format!("is an order for {device_type}; this field takes {list}"),
            )
            .into());
        }
        if left < 1 {
            return Err(Failure::conflict(format!("{field} {id} has no amount left")));
        }
        ids.push(id);
    }
    store::activate(&tx, ctx.project(), node, &ids)?;
    tx.commit()?;
    ok(&NodeId { node_id: node.to_string() })
}

/// `POST /v3/{project_id}/ai-mgr/nodes/{node_id}/deactivate`.
pub fn deactivate_node(ctx: &Ctx) -> Reply {
    let node = ctx.param("node_id");
    let mut conn = ctx.app.db.conn();
    node_exists(&conn, ctx.project(), node)?;
    let tx = conn.transaction()?;
    if store::bound_orders(&tx, ctx.project(), node)?.is_empty() {
        return Err(Failure::conflict(format!("node {node} is not activated")));
    }
    store::deactivate(&tx, ctx.project(), node, true)?;
    tx.commit()?;
    ok(&NodeId { node_id: node.to_string() })
}

/// `GET /v3/{project_id}/ai-mgr/nodes/{node_id}/activation/records`, oldest first.
pub fn records(ctx: &Ctx) -> Reply {
    let node = ctx.param("node_id");
    let PageQuery { offset, limit } = PageQuery::from_pairs(ctx.query)?;
    let conn = ctx.app.db.conn();
    node_exists(&conn, ctx.project(), node)?;
    ok(&store::records(&conn, ctx.project(), node, offset, limit)?)
}

/// `GET /v1/{project_id}/platform-manager/orders`.
pub fn list_orders(ctx: &Ctx) -> Reply {
    let query = PlatformOrderQuery::from_pairs(ctx.query)?;
    ok(&store::list_orders(&ctx.app.db.conn(), ctx.project(), &query)?)
}
