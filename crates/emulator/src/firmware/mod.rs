//! Firmware (reference 5.1.9, 5.1.10, 5.2.1): the device agent's versions per device type,
//! seeded and the same for every project, and upgrades of a device to one of them. An upgrade
//! runs from 0 to 100 % over the emulator's upgrade duration and then succeeds; a firmware built
//! for another architecture than the device's fails at 40 % with a cause and raises an alarm.

mod store;

use axum::http::HeaderValue;
use hilens_model::common::PageQuery;
use hilens_model::firmware::{FirmwareListQuery, UpgradeProgress, UPGRADE_FAILED, UPGRADING};
use hilens_model::nodes::{FirmwareUpdateRecord, Node};
use hilens_model::query::Params;
use hilens_model::rules;
use rusqlite::Connection;

use crate::alarms::{self, NewAlarm};
use crate::clock;
use crate::nodes;
use crate::op::{ok, Ctx, Failure, Reply};

/// This domain's tables: the firmware catalogue, seeded with its versions.
pub const TABLES: crate::db::Tables =
    crate::db::Tables { name: "firmware", schema: store::SCHEMA, seed: Some(store::seed_if_empty) };

/// Firmware upgrades in progress (after the devices they upgrade).
pub const UPGRADE_TABLES: crate::db::Tables =
    crate::db::Tables { name: "firmware upgrades", schema: store::UPGRADES_SCHEMA, seed: None };

/// What a device runs before its first upgrade.
pub const FACTORY_FIRMWARE: (&str, &str) = ("HiLens_Device_Agent", "1.0.0");

/// `GET /v3/ai-mgr/firmwares?device_type=...`.
pub fn list(ctx: &Ctx) -> Reply {
    let query = FirmwareListQuery::from_pairs(ctx.query)?;
    ok(&store::list(&ctx.app.db.conn(), &query)?)
}

fn node_not_found(id: &str) -> Failure {
    Failure::not_found(format!("node_id {id}"))
}

/// `PUT /v3/{project_id}/node-manager/node/{node_id}/firmware/{firmware_id}`: only a connected
/// device with no upgrade running can start one.
pub fn upgrade(ctx: &Ctx) -> Reply {
    rules::expired_time(ctx.header("x-expired-time"))?;
    let (project, node_id, firmware_id) = (ctx.param("project_id"), ctx.param("node_id"), ctx.param("firmware_id"));
    let conn = ctx.app.db.conn();
    let node = nodes::get(&conn, project, node_id, ctx.app.connect_delay_ms)?.ok_or_else(|| node_not_found(node_id))?;
    let firmware =
        store::get(&conn, firmware_id)?.ok_or_else(|| Failure::not_found(format!("firmware_id {firmware_id}")))?;
    if node.state != "RUNNING" {
        return Err(Failure::conflict(format!("node {node_id} is {}, not RUNNING", node.state)));
    }
    let now = clock::now_ms();
    let running = store::upgrades(&conn, project, node_id)?
        .last()
        .is_some_and(|u| u.state_at(now, ctx.app.upgrade_ms).0 == UPGRADING);
    if running {
        return Err(Failure::conflict(format!("node {node_id} is already upgrading")));
    }
    let (fw_arch, node_arch) = (firmware.arch.clone().unwrap_or_default(), node.arch.clone().unwrap_or_default());
    let cause = (fw_arch != node_arch)
        .then(|| format!("firmware {} is built for {fw_arch}, the device is {node_arch}", firmware.version));
    let up = store::Upgrade {
        name: firmware.name.clone(),
        version: firmware.version.clone(),
        size: firmware.size,
        started_ms: now,
        cause: cause.clone(),
    };
    let tx = conn.unchecked_transaction()?;
    store::start(&tx, project, node_id, &firmware, &up)?;
    if let Some(cause) = cause {
        let alarm = NewAlarm {
            node_id,
            alarm_id: 7,
            name: format!("设备 {} 固件升级失败 / firmware upgrade of {} failed", node.name, node.name),
            level: "major",
            impact: "设备固件未更新 / the device keeps its previous firmware",
            detail: format!("{} {} → {}", firmware.name, up.version, cause),
            reason: cause,
            suggestion: "选择与设备架构相同的固件重新升级 / upgrade with a firmware for the device's architecture",
            at_ms: now + ctx.app.upgrade_ms * store::FAILS_AT_PERCENT / 100,
        };
        alarms::raise(&tx, project, &alarm)?;
    }
    tx.commit()?;
    let mut resp = ok(&serde_json::json!({"firmware_id": firmware.id, "firmware_name": firmware.name}))?;
    for (name, value) in [("firmware_id", &firmware.id), ("firmware_name", &firmware.name)] {
        if let Ok(v) = HeaderValue::from_str(value) {
            resp.headers_mut().insert(name, v);
        }
    }
    Ok(resp)
}

/// `GET /v3/{project_id}/node-manager/node/{node_id}/firmware/upgrade-progress`: the latest
/// upgrade (404 when the device was never upgraded).
pub fn progress(ctx: &Ctx) -> Reply {
    PageQuery::from_pairs(ctx.query)?;
    let (project, node_id) = (ctx.param("project_id"), ctx.param("node_id"));
    let conn = ctx.app.db.conn();
    nodes::get(&conn, project, node_id, ctx.app.connect_delay_ms)?.ok_or_else(|| node_not_found(node_id))?;
    let upgrades = store::upgrades(&conn, project, node_id)?;
    let Some(last) = upgrades.last() else {
        return Err(Failure::not_found(format!("no firmware upgrade of node {node_id}")));
    };
    let (status, percent) = last.state_at(clock::now_ms(), ctx.app.upgrade_ms);
    ok(&UpgradeProgress {
        version: last.version.clone(),
        status,
        progress: percent.to_string(),
        cause: if status == UPGRADE_FAILED { last.cause.clone() } else { None },
    })
}

/// Fills a device's firmware fields from its upgrades: the version of the last successful one
/// (or the factory firmware), the one running, and the history.
pub fn describe(conn: &Connection, project: &str, node: &mut Node, upgrade_ms: i64) -> rusqlite::Result<()> {
    let now = clock::now_ms();
    let (mut name, mut version) = (FACTORY_FIRMWARE.0.to_string(), FACTORY_FIRMWARE.1.to_string());
    let mut records = Vec::new();
    let mut last_status = None;
    for u in store::upgrades(conn, project, &node.id)? {
        let (status, _) = u.state_at(now, upgrade_ms);
        if status == hilens_model::firmware::UPGRADE_SUCCEEDED {
            (name, version) = (u.name.clone(), u.version.clone());
        }
        node.upgrade_firmware_version = (status == UPGRADING).then(|| u.version.clone());
        last_status = Some(status);
        records.push(FirmwareUpdateRecord {
            firmware_name: u.name,
            firmware_version: u.version,
            firmware_size: u.size,
            firmware_upgrade_time: clock::market_time(u.started_ms / 1000),
            status,
        });
    }
    node.firmware_name = Some(name);
    node.firmware_version = Some(version);
    node.firmware_status = last_status.map(|s| s.to_string());
    node.firmware_upgrade_record = records;
    Ok(())
}
