//! Config maps and secrets are, in storage, the same thing: a named set of key/value entries
//! with tags, in a workspace, unique by name there. This is their one store; each domain has
//! its own table (`configmaps`, `secrets`) and turns its API type to and from [`EntrySet`].

use hilens_model::query::Sort;
use hilens_model::tags::Tag;
use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension, Row, ToSql};

use crate::clock;
use crate::sql::{self, is_unique_violation};

/// One domain's table. The column names are those the tables were created with, so that
/// existing databases keep working.
pub struct Table {
    pub name: &'static str,
    /// The column of the entries (JSON array of `{key, value}`).
    pub entries: &'static str,
    /// Whether the table has a `type` column (config maps do).
    pub typed: bool,
}

/// What is stored of a set; `entries` and `tags` are JSON.
pub struct EntrySet {
    pub name: String,
    pub description: Option<String>,
    pub kind: Option<String>,
    pub entries: String,
    pub tags: String,
}

/// A stored set, as read back.
pub struct Stored {
    pub id: String,
    pub project_id: String,
    pub workspace_id: String,
    pub set: EntrySet,
    pub created_at: String,
    pub updated_at: String,
}

/// The list filters both domains have, and the page.
pub struct Filter<'a> {
    pub name: Option<&'a str>,
    pub provider: Option<&'a str>,
    pub tags: &'a [Tag],
    pub sort: &'a Option<Sort>,
    pub limit: u32,
    pub offset: u32,
}

impl<'a> Filter<'a> {
    /// From a list query's fields (both domains' queries have the same ones).
    pub fn of(
        name: &'a Option<String>,
        provider: &'a Option<String>,
        tags: &'a [Tag],
        sort: &'a Option<Sort>,
        (limit, offset): (Option<u32>, Option<u32>),
        default_limit: u32,
    ) -> Filter<'a> {
        Filter {
            name: name.as_deref(),
            provider: provider.as_deref(),
            tags,
            sort,
            limit: limit.unwrap_or(default_limit),
            offset: offset.unwrap_or(0),
        }
    }
}

/// What an update did: the set as saved, no such set, or its new name is taken.
pub enum Updated<T> {
    Yes(T),
    NotFound,
    Duplicate,
}

impl<T> Updated<T> {
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Updated<U> {
        match self {
            Updated::Yes(t) => Updated::Yes(f(t)),
            Updated::NotFound => Updated::NotFound,
            Updated::Duplicate => Updated::Duplicate,
        }
    }
}

impl Table {
    fn select(&self) -> String {
        let kind = if self.typed { "type" } else { "NULL" };
        format!(
            "SELECT id, project_id, workspace_id, name, description, {kind}, {}, tags, created_ms, updated_ms FROM {}",
            self.entries, self.name
        )
    }

    fn read(row: &Row) -> rusqlite::Result<Stored> {
        Ok(Stored {
            id: row.get(0)?,
            project_id: row.get(1)?,
            workspace_id: row.get(2)?,
            set: EntrySet {
                name: row.get(3)?,
                description: row.get(4)?,
                kind: row.get(5)?,
                entries: row.get(6)?,
                tags: row.get(7)?,
            },
            created_at: clock::iso8601(row.get::<_, i64>(8)? / 1000),
            updated_at: clock::iso8601(row.get::<_, i64>(9)? / 1000),
        })
    }

    /// Stores a new set; `None` when the name is taken in the workspace.
    pub fn insert(
        &self,
        conn: &Connection,
        project: &str,
        workspace: &str,
        id: &str,
        provider: &str,
        set: &EntrySet,
    ) -> rusqlite::Result<Option<Stored>> {
        let (table, entries) = (self.name, self.entries);
        let (kind_column, kind_value) = if self.typed { (", type", ", ?10") } else { ("", "") };
        let sql = format!(
            "INSERT INTO {table} (project_id, id, workspace_id, name, description, provider, {entries}, tags, created_ms, updated_ms{kind_column})
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9{kind_value})"
        );
        let now = clock::now_ms();
        let values = self.with_kind(
            params![project, id, workspace, set.name, set.description, provider, set.entries, set.tags, now],
            set,
        );
        match conn.execute(&sql, values.as_slice()) {
            Ok(_) => self.get(conn, project, id),
            Err(e) if is_unique_violation(&e) => Ok(None),
            Err(e) => Err(e),
        }
    }

    pub fn get(&self, conn: &Connection, project: &str, id: &str) -> rusqlite::Result<Option<Stored>> {
        let sql = format!("{} WHERE project_id = ?1 AND id = ?2", self.select());
        conn.query_row(&sql, params![project, id], Self::read).optional()
    }

    /// One page of a workspace's sets, and how many match in all.
    pub fn list(
        &self,
        conn: &Connection,
        project: &str,
        workspace: &str,
        f: &Filter<'_>,
    ) -> rusqlite::Result<(u64, Vec<Stored>)> {
        let mut filter = String::from("WHERE project_id = ? AND workspace_id = ?");
        let mut args = vec![Value::Text(project.into()), Value::Text(workspace.into())];
        if let Some(name) = f.name {
            filter.push_str(" AND name LIKE ? ESCAPE '\\'");
            args.push(Value::Text(sql::contains_pattern(name)));
        }
        if let Some(p) = f.provider {
            filter.push_str(" AND provider = ?");
            args.push(Value::Text(p.into()));
        }
        filter.push_str(&sql::any_tag(self.name, f.tags, &mut args));
        let order = format!("{}, rowid DESC", sql::order_by(f.sort));
        sql::page(conn, &self.select(), self.name, &filter, &order, args, (f.limit, f.offset), Self::read)
    }

    /// Replaces a set's name, description, type, entries and tags.
    pub fn update(
        &self,
        conn: &Connection,
        project: &str,
        id: &str,
        set: &EntrySet,
    ) -> rusqlite::Result<Updated<Stored>> {
        let (table, entries) = (self.name, self.entries);
        let kind = if self.typed { ", type = ?8" } else { "" };
        let sql = format!(
            "UPDATE {table} SET name = ?3, description = ?4, {entries} = ?5, tags = ?6, updated_ms = ?7{kind}
             WHERE project_id = ?1 AND id = ?2"
        );
        let now = clock::now_ms();
        let values = self.with_kind(params![project, id, set.name, set.description, set.entries, set.tags, now], set);
        match conn.execute(&sql, values.as_slice()) {
            Ok(0) => Ok(Updated::NotFound),
            Ok(_) => Ok(self.get(conn, project, id)?.map_or(Updated::NotFound, Updated::Yes)),
            Err(e) if is_unique_violation(&e) => Ok(Updated::Duplicate),
            Err(e) => Err(e),
        }
    }

    /// A statement's values, with the set's type last where the table has one (`?N` above).
    fn with_kind<'a>(&self, values: &[&'a dyn ToSql], set: &'a EntrySet) -> Vec<&'a dyn ToSql> {
        let mut values = values.to_vec();
        if self.typed {
            values.push(&set.kind);
        }
        values
    }

    pub fn delete(&self, conn: &Connection, project: &str, id: &str) -> rusqlite::Result<bool> {
        let sql = format!("DELETE FROM {} WHERE project_id = ?1 AND id = ?2", self.name);
        Ok(conn.execute(&sql, params![project, id])? == 1)
    }
}
