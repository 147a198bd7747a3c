//! The activation SQL: the project's running-service orders (seeded on first use, as the cloud
//! account would already hold some), which orders each device is bound to, and the history.

use hilens_model::activation::{
    ActivationRecord, ActivationRecordList, PlatformOrder, PlatformOrderList, PlatformOrderQuery, ACTIVATED,
    DEFAULT_LIMIT, INACTIVE,
};
use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::clock;

pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS platform_orders (
    project_id   TEXT NOT NULL,
    id           TEXT NOT NULL,
    device_type  TEXT NOT NULL,
    type         TEXT NOT NULL,
    amount       INTEGER NOT NULL,
    used_amount  INTEGER NOT NULL DEFAULT 0,
    cbc_order_id TEXT NOT NULL,
    status       INTEGER NOT NULL DEFAULT 0,
    updated_ms   INTEGER NOT NULL,
    PRIMARY KEY (project_id, id)
);
-- Which orders a device is activated with; none means INACTIVE.
CREATE TABLE IF NOT EXISTS node_activations (
    project_id TEXT NOT NULL,
    node_id    TEXT NOT NULL,
    order_id   TEXT NOT NULL,
    PRIMARY KEY (project_id, node_id, order_id)
);
CREATE TABLE IF NOT EXISTS activation_records (
    project_id    TEXT NOT NULL,
    node_id       TEXT NOT NULL,
    active_status TEXT NOT NULL,
    at_ms         INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS activation_records_by_node ON activation_records (project_id, node_id, at_ms);
";

/// (device type, type, amount) of the orders a project starts with.
const SEED: &[(&str, &str, i64)] = &[
    ("lite_device", "running_service", 10),
    ("small_device", "running_service", 20),
    ("large_device_cpu", "running_service", 5),
    ("large_device_gpu_npu", "running_service", 5),
    ("small_device", "development_service", 3),
];

/// Gives a project its starting orders the first time it asks for them.
pub fn seed_project(conn: &Connection, project: &str) -> rusqlite::Result<()> {
    let any: bool =
        conn.query_row("SELECT EXISTS (SELECT 1 FROM platform_orders WHERE project_id = ?1)", [project], |r| r.get(0))?;
    if any {
        return Ok(());
    }
    let now = clock::now_ms();
    for (i, (device_type, kind, amount)) in SEED.iter().enumerate() {
        conn.execute(
            "INSERT INTO platform_orders (project_id, id, device_type, type, amount, cbc_order_id, updated_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                project,
                crate::ids::random_hex(16),
                device_type,
                kind,
                amount,
                format!("CS{}{:04}", &crate::ids::random_hex(6), i),
                now
            ],
        )?;
    }
    Ok(())
}

pub fn list_orders(conn: &Connection, project: &str, q: &PlatformOrderQuery) -> rusqlite::Result<PlatformOrderList> {
    seed_project(conn, project)?;
    let mut filter = String::from("WHERE project_id = ?1");
    let mut args = vec![Value::Text(project.into())];
    for (column, value) in [("id", &q.id), ("device_type", &q.device_type), ("type", &q.order_type)] {
        if let Some(v) = value {
            args.push(Value::Text(v.clone()));
            filter.push_str(&format!(" AND {column} = ?{}", args.len()));
        }
    }
    let select = "SELECT amount, used_amount, cbc_order_id, device_type, id, updated_ms, status FROM platform_orders";
    let paging = (q.limit.unwrap_or(DEFAULT_LIMIT), q.offset.unwrap_or(0));
    let (total, data) = crate::sql::page(conn, select, "platform_orders", &filter, "rowid", args, paging, |r| {
        Ok(PlatformOrder {
            amount: r.get(0)?,
            used_amount: r.get(1)?,
            cbc_order_id: r.get(2)?,
            device_type: r.get(3)?,
            id: r.get(4)?,
            order_update_time: clock::market_time(r.get::<_, i64>(5)? / 1000),
            status: r.get(6)?,
        })
    })?;
    Ok(PlatformOrderList { total, data })
}

/// An order's device type and what is left of it.
pub fn order(tx: &Transaction, project: &str, id: &str) -> rusqlite::Result<Option<(String, i64)>> {
    tx.query_row(
        "SELECT device_type, amount - used_amount FROM platform_orders WHERE project_id = ?1 AND id = ?2",
        params![project, id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}

/// The orders a device is activated with (empty: not activated).
pub fn bound_orders(conn: &Connection, project: &str, node: &str) -> rusqlite::Result<Vec<String>> {
    conn.prepare("SELECT order_id FROM node_activations WHERE project_id = ?1 AND node_id = ?2 ORDER BY order_id")?
        .query_map(params![project, node], |r| r.get(0))?
        .collect()
}

/// Binds `orders` to the device, one unit of each used, and records the activation.
pub fn activate(tx: &Transaction, project: &str, node: &str, orders: &[&str]) -> rusqlite::Result<()> {
    let now = clock::now_ms();
    for id in orders {
        tx.execute(
            "UPDATE platform_orders SET used_amount = used_amount + 1, updated_ms = ?3 WHERE project_id = ?1 AND id = ?2",
            params![project, id, now],
        )?;
        tx.execute(
            "INSERT INTO node_activations (project_id, node_id, order_id) VALUES (?1, ?2, ?3)",
            params![project, node, id],
        )?;
    }
    tx.execute(
        "UPDATE nodes SET active = 1, updated_ms = ?3 WHERE project_id = ?1 AND id = ?2",
        params![project, node, now],
    )?;
    record(tx, project, node, ACTIVATED, now)
}

/// Unbinds the device's orders (their units come back) and records it; with `record_it` false
/// (the device is being deleted) no history line is written.
pub fn deactivate(tx: &Transaction, project: &str, node: &str, record_it: bool) -> rusqlite::Result<()> {
    let now = clock::now_ms();
    tx.execute(
        "UPDATE platform_orders SET used_amount = MAX(used_amount - 1, 0), updated_ms = ?3
         WHERE project_id = ?1 AND id IN (SELECT order_id FROM node_activations WHERE project_id = ?1 AND node_id = ?2)",
        params![project, node, now],
    )?;
    tx.execute("DELETE FROM node_activations WHERE project_id = ?1 AND node_id = ?2", params![project, node])?;
    if record_it {
        tx.execute(
            "UPDATE nodes SET active = 0, updated_ms = ?3 WHERE project_id = ?1 AND id = ?2",
            params![project, node, now],
        )?;
        record(tx, project, node, INACTIVE, now)?;
    } else {
        tx.execute("DELETE FROM activation_records WHERE project_id = ?1 AND node_id = ?2", params![project, node])?;
    }
    Ok(())
}

fn record(tx: &Transaction, project: &str, node: &str, status: &str, at_ms: i64) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO activation_records (project_id, node_id, active_status, at_ms) VALUES (?1, ?2, ?3, ?4)",
        params![project, node, status, at_ms],
    )?;
    Ok(())
}

pub fn records(
    conn: &Connection,
    project: &str,
    node: &str,
    offset: Option<u32>,
    limit: Option<u32>,
) -> rusqlite::Result<ActivationRecordList> {
    let (count, records) = crate::sql::page(
        conn,
        "SELECT active_status, at_ms FROM activation_records",
        "activation_records",
        "WHERE project_id = ?1 AND node_id = ?2",
        "at_ms, rowid",
        vec![Value::Text(project.into()), Value::Text(node.into())],
        (limit.unwrap_or(DEFAULT_LIMIT), offset.unwrap_or(0)),
        |r| {
            Ok(ActivationRecord {
                update_time: clock::market_time(r.get::<_, i64>(1)? / 1000),
                active_status: r.get(0)?,
                project_id: project.to_string(),
                node_id: node.to_string(),
            })
        },
    )?;
    Ok(ActivationRecordList { count, records })
}
