//! The skill orders' SQL. An order belongs to one project and one skill; its skill's fields
//! are read from the market when the order is shown.

use hilens_model::orders::{CreateOrderRequest, OrderListQuery, SkillOrderInfo, SkillOrderList};
use hilens_model::skills::SkillInfo;
use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension, Row};
use sha2::{Digest, Sha256};

use crate::clock;

/// Charge models that free orders exist for: free forever, 30-day and 365-day trials.
pub const FREE_CHARGE_MODELS: &[i64] = &[0, 2, 3];
const DAY_MS: i64 = 86_400_000;

pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS orders (
    order_id        TEXT PRIMARY KEY,
    project_id      TEXT NOT NULL,
    skill_id        TEXT NOT NULL REFERENCES skills (skill_id),
    amount          INTEGER NOT NULL,
    used_amount     INTEGER NOT NULL DEFAULT 0,
    commission_flag INTEGER NOT NULL,
    status          INTEGER NOT NULL DEFAULT 0,
    is_default      INTEGER NOT NULL DEFAULT 0,
    created_ms      INTEGER NOT NULL,
    updated_ms      INTEGER NOT NULL,
    expire_ms       INTEGER
);
CREATE INDEX IF NOT EXISTS orders_by_project ON orders (project_id, created_ms DESC);
";

pub fn skill_charge_model(conn: &Connection, skill_id: &str) -> rusqlite::Result<Option<i64>> {
    conn.query_row("SELECT charge_model FROM skills WHERE skill_id = ?1", params![skill_id], |r| r.get(0)).optional()
}

pub fn insert(
    conn: &mut Connection,
    project: &str,
    order_id: &str,
    req: &CreateOrderRequest,
    charge_model: i64,
) -> rusqlite::Result<()> {
    let now = clock::now_ms();
    let expire = match charge_model {
        2 => Some(now + 30 * DAY_MS),
        3 => Some(now + 365 * DAY_MS),
        _ => None,
    };
    conn.execute(
        "INSERT INTO orders (order_id, project_id, skill_id, amount, commission_flag, created_ms, updated_ms, expire_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7)",
        params![order_id, project, req.skill_id, req.amount, req.commission_flag, now, expire],
    )?;
    Ok(())
}

const SELECT: &str =
    "SELECT o.order_id, o.skill_id, o.amount, o.used_amount, o.commission_flag, o.status, o.is_default,
    o.updated_ms, o.expire_ms, s.info, s.versions FROM orders o JOIN skills s ON s.skill_id = o.skill_id";

/// A developer's id as the market shows it: a stable hex digest of the name.
fn developer_id(name: &str) -> String {
    hilens_model::signing::hex(&Sha256::digest(name.as_bytes())[..16])
}

fn order(row: &Row) -> rusqlite::Result<SkillOrderInfo> {
    let skill: SkillInfo = serde_json::from_str(&row.get::<_, String>(9)?).unwrap_or_default();
    let versions: Vec<String> = serde_json::from_str(&row.get::<_, String>(10)?).unwrap_or_default();
    Ok(SkillOrderInfo {
        order_id: row.get(0)?,
        skill_id: row.get(1)?,
        amount: Some(row.get(2)?),
        used_amount: Some(row.get(3)?),
        commission_flag: Some(row.get(4)?),
        status: Some(row.get(5)?),
        is_default: Some(row.get::<_, i64>(6)? != 0),
        update_time: Some(row.get(7)?),
        expire_time: row.get(8)?,
        expiration_stop_flag: Some(i64::from(skill.charge_model == Some(0))),
        skill_name: Some(skill.name),
        charge_model: skill.charge_model,
        measure_type: skill.measure_type,
        measure_unit: skill.measure_unit,
        channel_limit: skill.channel_limit,
        resource_step_size: skill.resource_step_size,
        developer_id: skill.developer.as_deref().map(developer_id),
        format: skill.format,
        skill_chip: skill.chip,
        skill_type: skill.skill_type,
        skill_platform: skill.platform,
        versions,
        ..SkillOrderInfo::default()
    })
}

pub fn list(conn: &Connection, project: &str, q: &OrderListQuery) -> rusqlite::Result<SkillOrderList> {
    let mut filter = String::from("WHERE o.project_id = ?");
    let mut args = vec![Value::Text(project.to_string())];
    if let Some(name) = &q.skill_name {
        filter.push_str(" AND s.name LIKE ? ESCAPE '\\'");
        args.push(Value::Text(crate::sql::contains_pattern(name)));
    }
    if let Some(form) = &q.skill_form {
        filter.push_str(" AND s.skill_form = ?");
        args.push(Value::Text(form.clone()));
    }
    let from = "orders o JOIN skills s ON s.skill_id = o.skill_id";
    let paging = (q.limit.unwrap_or(hilens_model::skills::DEFAULT_LIMIT), q.offset.unwrap_or(0));
    let (total, data) =
        crate::sql::page(conn, SELECT, from, &filter, "o.created_ms DESC, o.rowid DESC", args, paging, order)?;
    Ok(SkillOrderList { total, data })
}

pub fn get(conn: &Connection, project: &str, order_id: &str) -> rusqlite::Result<Option<SkillOrderInfo>> {
    conn.query_row(&format!("{SELECT} WHERE o.project_id = ?1 AND o.order_id = ?2"), params![project, order_id], order)
        .optional()
}

/// Makes `order_id` its skill's default order in the project; false when there is no such order.
pub fn set_default(conn: &mut Connection, project: &str, order_id: &str) -> rusqlite::Result<bool> {
    let tx = conn.transaction()?;
    let skill: Option<String> = tx
        .query_row(
            "SELECT skill_id FROM orders WHERE project_id = ?1 AND order_id = ?2",
            params![project, order_id],
            |r| r.get(0),
        )
        .optional()?;
    let Some(skill) = skill else { return Ok(false) };
    let now = clock::now_ms();
    tx.execute(
        "UPDATE orders SET is_default = (order_id = ?3), updated_ms = ?4 WHERE project_id = ?1 AND skill_id = ?2",
        params![project, skill, order_id, now],
    )?;
    tx.commit()?;
    Ok(true)
}
