//! The alarms' SQL.

use hilens_model::alarms::{DeviceAlarm, DeviceAlarmList, DeviceAlarmQuery, DEFAULT_LIMIT};
use rusqlite::types::Value;
use rusqlite::{params, Connection};

use crate::clock;

pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS alarms (
    project_id TEXT NOT NULL,
    id         TEXT NOT NULL,
    node_id    TEXT NOT NULL,
    alarm_id   INTEGER NOT NULL,
    name       TEXT NOT NULL,
    level      TEXT NOT NULL,
    platform   TEXT NOT NULL,
    impact     TEXT NOT NULL,
    detail     TEXT NOT NULL,
    reason     TEXT NOT NULL,
    suggestion TEXT NOT NULL,
    at_ms      INTEGER NOT NULL,
    PRIMARY KEY (project_id, id)
);
CREATE INDEX IF NOT EXISTS alarms_by_time ON alarms (project_id, at_ms DESC);
";

/// What a domain says when it raises an alarm.
pub struct NewAlarm<'a> {
    pub node_id: &'a str,
    /// The alarm's kind (the reference's example uses 5 for a skill that keeps failing).
    pub alarm_id: i64,
    pub name: String,
    pub level: &'static str,
    pub impact: &'a str,
    pub detail: String,
    pub reason: String,
    pub suggestion: &'a str,
    pub at_ms: i64,
}

pub fn raise(conn: &Connection, project: &str, a: &NewAlarm) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO alarms (project_id, id, node_id, alarm_id, name, level, platform, impact, detail, reason, suggestion, at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'hilens', ?7, ?8, ?9, ?10, ?11)",
        params![
            project,
            crate::ids::random_hex(16),
            a.node_id,
            a.alarm_id,
            a.name,
            a.level,
            a.impact,
            a.detail,
            a.reason,
            a.suggestion,
            a.at_ms
        ],
    )?;
    Ok(())
}

pub fn list(conn: &Connection, project: &str, q: &DeviceAlarmQuery) -> rusqlite::Result<DeviceAlarmList> {
    let mut filter = String::from("WHERE project_id = ?1 AND at_ms <= ?2");
    let mut args = vec![Value::Text(project.into()), Value::Integer(clock::now_ms())];
    if let Some(device) = &q.device_id {
        args.push(Value::Text(device.clone()));
        filter.push_str(" AND node_id = ?3");
    }
    const SELECT: &str =
        "SELECT id, name, alarm_id, level, platform, impact, detail, reason, suggestion, at_ms FROM alarms";
    let paging = (q.limit.unwrap_or(DEFAULT_LIMIT), q.offset.unwrap_or(0));
    let (total, data) =
        crate::sql::page(conn, SELECT, "alarms", &filter, "at_ms DESC, rowid DESC", args, paging, |r| {
            Ok(DeviceAlarm {
                id: r.get(0)?,
                name: r.get(1)?,
                alarm_id: r.get(2)?,
                level: r.get(3)?,
                platform: r.get(4)?,
                impact: r.get(5)?,
                detail: r.get(6)?,
                reason: r.get(7)?,
                deal_suggestion: r.get(8)?,
                create_time: r.get(9)?,
            })
        })?;
    Ok(DeviceAlarmList { total, data })
}
