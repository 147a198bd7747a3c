//! Reading and writing a resource's tags in its own table (and, for devices, the tag index).

use hilens_model::tags::{ResourceTag, ResourceTagList, Tag};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::clock;
use crate::sql::json;

/// The table of a resource type; `None` for types the emulator keeps no resources of yet.
fn table(kind: &str) -> Option<&'static str> {
    match kind {
        "node" => Some("nodes"),
        "deployment" => Some("deployments"),
        "configmap" => Some("configmaps"),
        "secret" => Some("secrets"),
        _ => None,
    }
}

/// A resource's tags; `None` when there is no such resource.
pub fn get(conn: &Connection, project: &str, kind: &str, id: &str) -> rusqlite::Result<Option<Vec<Tag>>> {
    let Some(table) = table(kind) else { return Ok(None) };
    let tags: Option<String> = conn
        .query_row(&format!("SELECT tags FROM {table} WHERE project_id = ?1 AND id = ?2"), params![project, id], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(tags.map(|t| serde_json::from_str(&t).unwrap_or_default()))
}

fn write(tx: &Transaction, project: &str, kind: &str, id: &str, tags: &[Tag]) -> rusqlite::Result<()> {
    let Some(table) = table(kind) else { return Ok(()) };
    tx.execute(
        &format!("UPDATE {table} SET tags = ?3, updated_ms = ?4 WHERE project_id = ?1 AND id = ?2"),
        params![project, id, json(&tags), clock::now_ms()],
    )?;
    if kind == "node" {
        crate::nodes::index_tags(tx, project, id, tags)?;
    }
    Ok(())
}

pub fn set(conn: &mut Connection, project: &str, kind: &str, id: &str, tags: &[Tag]) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    write(&tx, project, kind, id, tags)?;
    tx.commit()
}

/// Writes several resources' tags in one transaction.
pub fn set_many(conn: &mut Connection, project: &str, updates: &[(&str, &str, Vec<Tag>)]) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    for (kind, id, tags) in updates {
        write(&tx, project, kind, id, tags)?;
    }
    tx.commit()
}

/// Every tag of every resource of `kind` in the project.
pub fn list(conn: &Connection, project: &str, kind: &str) -> rusqlite::Result<ResourceTagList> {
    let Some(table) = table(kind) else { return Ok(ResourceTagList::default()) };
    let mut stmt =
        conn.prepare(&format!("SELECT id, tags FROM {table} WHERE project_id = ?1 AND tags != '[]' ORDER BY rowid"))?;
    let rows = stmt.query_map(params![project], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut tags = Vec::new();
    for row in rows {
        let (id, json) = row?;
        for t in serde_json::from_str::<Vec<Tag>>(&json).unwrap_or_default() {
            tags.push(ResourceTag { resource_id: id.clone(), key: t.key, value: t.value });
        }
    }
    Ok(ResourceTagList { tags })
}
