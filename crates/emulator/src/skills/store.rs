//! The skill market's SQL. Filters become WHERE clauses with bound parameters only.

use hilens_model::rules::split_list;
use hilens_model::skills::{SkillDetail, SkillDetailQuery, SkillInfo, SkillList, SkillListQuery};
use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension};

pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS skills (
    skill_id        TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    skill_form      TEXT NOT NULL,
    permission      TEXT NOT NULL,
    template_source TEXT NOT NULL,
    status          INTEGER NOT NULL,
    charge_model    INTEGER NOT NULL,
    platform        TEXT NOT NULL,
    chip            TEXT NOT NULL,
    type            TEXT NOT NULL,
    device_types    TEXT NOT NULL,  -- JSON array
    scenes          TEXT NOT NULL,  -- JSON array
    publish_time    INTEGER NOT NULL,
    versions        TEXT NOT NULL,  -- JSON array, oldest first
    info            TEXT NOT NULL   -- the SkillInfo of the newest version, as JSON
);
CREATE INDEX IF NOT EXISTS skills_by_publish_time ON skills (publish_time DESC, skill_id);
";

/// `?, ?, ?` for `n` parameters.
fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}

pub fn list(conn: &Connection, q: &SkillListQuery) -> rusqlite::Result<SkillList> {
    let mut clauses: Vec<String> = Vec::new();
    let mut args: Vec<Value> = Vec::new();
    if let Some(name) = &q.skill_name {
        clauses.push("name LIKE ? ESCAPE '\\'".into());
        args.push(Value::Text(crate::sql::contains_pattern(name)));
    }
    let equal_text = [
        ("skill_form", &q.skill_form),
        ("permission", &q.permission),
        ("template_source", &q.template_source),
        ("platform", &q.platform),
        ("chip", &q.chip),
        ("type", &q.skill_type),
    ];
    for (column, value) in equal_text {
        if let Some(v) = value {
            clauses.push(format!("{column} = ?"));
            args.push(Value::Text(v.clone()));
        }
    }
    for (column, value) in [("status", q.status), ("charge_model", q.charge_model)] {
        if let Some(v) = value {
            clauses.push(format!("{column} = ?"));
            args.push(Value::Integer(v.into()));
        }
    }
    if let Some(models) = &q.charge_models {
        let items = split_list(models);
        clauses.push(format!("charge_model IN ({})", placeholders(items.len())));
        args.extend(items.iter().map(|m| Value::Integer(m.parse().unwrap_or(-1))));
    }
    // A skill matches a multi-valued filter when it has any of the values asked for.
    for (column, value) in [("device_types", &q.device_types), ("scenes", &q.scenes)] {
        if let Some(v) = value {
            let items = split_list(v);
            clauses.push(format!(
                "EXISTS (SELECT 1 FROM json_each(skills.{column}) WHERE value IN ({}))",
                placeholders(items.len())
            ));
            args.extend(items.iter().map(|s| Value::Text(s.to_string())));
        }
    }
    let filter = if clauses.is_empty() { String::new() } else { format!("WHERE {}", clauses.join(" AND ")) };

    let paging = (q.effective_limit(), q.effective_offset());
    let order = "publish_time DESC, skill_id";
    let (total, infos) =
        crate::sql::page(conn, "SELECT info FROM skills", "skills", &filter, order, args, paging, |r| {
            r.get::<_, String>(0)
        })?;
    let data = infos.iter().map(|json| serde_json::from_str::<SkillInfo>(json).unwrap_or_default()).collect();
    Ok(SkillList { data, total })
}

pub fn get(conn: &Connection, skill_id: &str, q: &SkillDetailQuery) -> rusqlite::Result<Option<SkillDetail>> {
    let row: Option<(String, String)> = conn
        .query_row("SELECT info, versions FROM skills WHERE skill_id = ?1", params![skill_id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    let Some((info, versions)) = row else { return Ok(None) };
    let mut info: SkillInfo = serde_json::from_str(&info).unwrap_or_default();
    let versions: Vec<String> = serde_json::from_str(&versions).unwrap_or_default();
    if let Some(version) = &q.version {
        if !versions.contains(version) {
            return Ok(None);
        }
        info.version = Some(version.clone());
    }
    if q.status.is_some_and(|s| Some(i64::from(s)) != info.status) {
        return Ok(None);
    }
    Ok(Some(SkillDetail { info, versions }))
}
