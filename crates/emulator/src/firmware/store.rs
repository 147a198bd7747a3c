//! The firmware catalogue's SQL and seed: for each device type and architecture a line of
//! versions, full and incremental, so upgrades have somewhere to go.

use hilens_model::firmware::{
    Firmware, FirmwareList, FirmwareListQuery, DEFAULT_LIMIT, DEVICE_TYPES, UPGRADE_FAILED, UPGRADE_SUCCEEDED,
    UPGRADING,
};
use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension};

pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS firmwares (
    id          TEXT PRIMARY KEY,
    device_type TEXT NOT NULL,
    arch        TEXT NOT NULL,
    os_name     TEXT NOT NULL,
    os_version  TEXT NOT NULL,
    version     TEXT NOT NULL,
    info        TEXT NOT NULL  -- the Firmware, as JSON
);
CREATE INDEX IF NOT EXISTS firmwares_by_type ON firmwares (device_type, arch);
";

/// (device type, series, arch, OS version).
const LINES: &[(&str, &str, &str, &str)] = &[
    (DEVICE_TYPES[0], "Atlas", "aarch64", "#1 SMP Mon Mar 16 00:02:15 UTC 2020"),
    (DEVICE_TYPES[1], "Atlas", "aarch64", "#1 SMP Tue Jun 8 10:12:40 UTC 2021"),
    (DEVICE_TYPES[2], "HiLens", "aarch64", "#1 SMP Fri Nov 5 08:30:00 UTC 2021"),
    (DEVICE_TYPES[3], "Generic", "x86_64", "#1 SMP Wed Jan 12 14:00:00 UTC 2022"),
];
const VERSIONS: &[&str] = &["1.0.0", "1.1.0", "1.2.3", "2.0.0"];
/// 2021-07-26, the reference's example date, in milliseconds.
const FIRST_RELEASE_MS: i64 = 1_627_302_463_397;

pub fn seed_if_empty(conn: &Connection) -> rusqlite::Result<()> {
    let count: i64 = conn.query_row("SELECT COUNT(*) FROM firmwares", [], |r| r.get(0))?;
    if count > 0 {
        return Ok(());
    }
    let tx = conn.unchecked_transaction()?;
    for (l, (device_type, series, arch, os_version)) in LINES.iter().enumerate() {
        for (v, version) in VERSIONS.iter().enumerate() {
            let released = FIRST_RELEASE_MS + ((l * VERSIONS.len() + v) as i64) * 45 * 86_400_000;
            let id =
                format!("{:08x}{:024x}", 0x0f1a_0000u32 + (l as u32) * 16 + v as u32, (l * 7919 + v * 104_729) as u128);
            let f = Firmware {
                id: id.clone(),
                name: "HiLens_Device_Agent".into(),
                description: Some(format!("{device_type} device agent {version}")),
                version: version.to_string(),
                version_type: Some(if v == VERSIONS.len() - 1 { "release" } else { "stable" }.into()),
                expire_time: None,
                firmware_whitelist: None,
                firmware_type: Some(if v % 2 == 0 { "full" } else { "incremental" }.into()),
                series: Some(series.to_string()),
                device_type: device_type.to_string(),
                arch: Some(arch.to_string()),
                os_name: Some("Linux".into()),
                os_type: Some("Linux".into()),
                os_version: Some(os_version.to_string()),
                size: Some(40_000_000 + (l as i64) * 3_100_000 + (v as i64) * 1_250_000),
                create_time: Some(released),
                update_time: Some(released),
            };
            tx.execute(
                "INSERT INTO firmwares (id, device_type, arch, os_name, os_version, version, info) VALUES (?1, ?2, ?3, 'Linux', ?4, ?5, ?6)",
                params![id, device_type, arch, os_version, version, serde_json::to_string(&f).unwrap_or_default()],
            )?;
        }
    }
    tx.commit()
}

pub fn list(conn: &Connection, q: &FirmwareListQuery) -> rusqlite::Result<FirmwareList> {
    let mut filter = String::from("WHERE device_type = ?");
    let mut args = vec![Value::Text(q.device_type.clone())];
    for (column, value) in [("arch", &q.arch), ("os_name", &q.os_name), ("os_version", &q.os_version)] {
        if let Some(v) = value {
            filter.push_str(&format!(" AND {column} = ?"));
            args.push(Value::Text(v.clone()));
        }
    }
    let paging = (q.limit.unwrap_or(DEFAULT_LIMIT), q.offset.unwrap_or(0));
    let (count, infos) =
        crate::sql::page(conn, "SELECT info FROM firmwares", "firmwares", &filter, "rowid DESC", args, paging, |r| {
            r.get::<_, String>(0)
        })?;
    let firmwares = infos.iter().map(|json| serde_json::from_str::<Firmware>(json).unwrap_or_default()).collect();
    Ok(FirmwareList { count, firmwares })
}

/// Upgrades started on devices. Progress is derived from the start time when read, so an
/// upgrade needs no timer and survives a restart.
pub const UPGRADES_SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS firmware_upgrades (
    project_id  TEXT NOT NULL,
    node_id     TEXT NOT NULL,
    firmware_id TEXT NOT NULL,
    name        TEXT NOT NULL,
    version     TEXT NOT NULL,
    size        INTEGER,
    started_ms  INTEGER NOT NULL,
    cause       TEXT  -- set when the upgrade will fail
);
CREATE INDEX IF NOT EXISTS firmware_upgrades_by_node ON firmware_upgrades (project_id, node_id, started_ms);
";

/// The percentage at which a firmware that does not fit the device fails.
pub const FAILS_AT_PERCENT: i64 = 40;

/// One upgrade as stored.
pub struct Upgrade {
    pub name: String,
    pub version: String,
    pub size: Option<i64>,
    pub started_ms: i64,
    pub cause: Option<String>,
}

impl Upgrade {
    /// (status, percent) at `now_ms` for an upgrade that takes `duration_ms`.
    pub fn state_at(&self, now_ms: i64, duration_ms: i64) -> (i64, i64) {
        let percent = (now_ms.saturating_sub(self.started_ms).saturating_mul(100) / duration_ms).clamp(0, 100);
        match &self.cause {
            Some(_) if percent >= FAILS_AT_PERCENT => (UPGRADE_FAILED, FAILS_AT_PERCENT),
            None if percent >= 100 => (UPGRADE_SUCCEEDED, 100),
            _ => (UPGRADING, percent),
        }
    }
}

pub fn get(conn: &Connection, id: &str) -> rusqlite::Result<Option<Firmware>> {
    conn.query_row("SELECT info FROM firmwares WHERE id = ?1", [id], |r| r.get::<_, String>(0))
        .optional()
        .map(|json| json.map(|j| serde_json::from_str(&j).unwrap_or_default()))
}

/// A device's upgrades, oldest first.
pub fn upgrades(conn: &Connection, project: &str, node: &str) -> rusqlite::Result<Vec<Upgrade>> {
    conn.prepare(
        "SELECT name, version, size, started_ms, cause FROM firmware_upgrades
         WHERE project_id = ?1 AND node_id = ?2 ORDER BY started_ms, rowid",
    )?
    .query_map(params![project, node], |r| {
        Ok(Upgrade { name: r.get(0)?, version: r.get(1)?, size: r.get(2)?, started_ms: r.get(3)?, cause: r.get(4)? })
    })?
    .collect()
}

pub fn start(conn: &Connection, project: &str, node: &str, f: &Firmware, u: &Upgrade) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO firmware_upgrades (project_id, node_id, firmware_id, name, version, size, started_ms, cause)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![project, node, f.id, u.name, u.version, u.size, u.started_ms, u.cause],
    )?;
    Ok(())
}
