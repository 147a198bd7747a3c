//! The skill market's SQL. Filters become WHERE clauses with bound parameters only.

use hilens_model::rules::split_list;
use hilens_model::skills::{SkillDetail, SkillDetailQuery, SkillInfo, SkillList, SkillListQuery};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};

/// `LIKE` pattern for a fuzzy match on `text`, with `%`, `_` and `\` taken literally.
pub fn contains_pattern(text: &str) -> String {
    let escaped: String =
        text.chars().flat_map(|c| if matches!(c, '%' | '_' | '\\') { vec!['\\', c] } else { vec![c] }).collect();
    format!("%{escaped}%")
}

/// `?, ?, ?` for `n` parameters.
fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}

pub fn list(conn: &Connection, q: &SkillListQuery) -> rusqlite::Result<SkillList> {
    let mut clauses: Vec<String> = Vec::new();
    let mut args: Vec<Value> = Vec::new();
    if let Some(name) = &q.skill_name {
        clauses.push("name LIKE ? ESCAPE '\\'".into());
        args.push(Value::Text(contains_pattern(name)));
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

    let total: u64 =
        conn.query_row(&format!("SELECT COUNT(*) FROM skills {filter}"), params_from_iter(args.iter()), |r| r.get(0))?;
    args.push(Value::Integer(q.effective_limit().into()));
    args.push(Value::Integer(q.effective_offset().into()));
    let mut stmt = conn
        .prepare(&format!("SELECT info FROM skills {filter} ORDER BY publish_time DESC, skill_id LIMIT ? OFFSET ?"))?;
    let data = stmt
        .query_map(params_from_iter(args.iter()), |r| r.get::<_, String>(0))?
        .map(|row| row.map(|json| serde_json::from_str::<SkillInfo>(&json).unwrap_or_default()))
        .collect::<rusqlite::Result<Vec<_>>>()?;
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

#[cfg(test)]
mod tests {
    use super::contains_pattern;

    #[test]
    fn like_wildcards_in_a_name_are_literal() {
        assert_eq!(contains_pattern("a_b%c\\"), "%a\\_b\\%c\\\\%");
    }
}
