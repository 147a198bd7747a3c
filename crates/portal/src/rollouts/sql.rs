//! The little the roll-out store needs of SQL, written once for SQLite and PostgreSQL: a
//! transaction that runs statements with `$1`-style parameters (turned into SQLite's `?1`) on
//! text and integer values.

/// A parameter or a column's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Val {
    Text(String),
    Int(i64),
    NullText,
    NullInt,
}

impl Val {
    pub fn text(&self) -> Option<&str> {
        match self {
            Val::Text(s) => Some(s),
            _ => None,
        }
    }

    pub fn int(&self) -> Option<i64> {
        match self {
            Val::Int(i) => Some(*i),
            _ => None,
        }
    }

    pub fn opt_text(v: Option<&str>) -> Val {
        v.map_or(Val::NullText, |s| Val::Text(s.to_string()))
    }
}

impl From<&str> for Val {
    fn from(s: &str) -> Val {
        Val::Text(s.to_string())
    }
}

impl From<String> for Val {
    fn from(s: String) -> Val {
        Val::Text(s)
    }
}

impl From<i64> for Val {
    fn from(i: i64) -> Val {
        Val::Int(i)
    }
}

/// One transaction of either store.
pub trait Tx {
    fn exec(&mut self, sql: &str, params: &[Val]) -> Result<u64, DbError>;
    fn query(&mut self, sql: &str, params: &[Val]) -> Result<Vec<Vec<Val>>, DbError>;
}

/// A database error, and whether it broke a unique constraint (someone else got there first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbError {
    pub message: String,
    pub unique_violation: bool,
}

impl DbError {
    pub fn other(message: impl Into<String>) -> DbError {
        DbError { message: message.into(), unique_violation: false }
    }
}

impl std::fmt::Display for DbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// `$1` → `?1`: the statements are written in PostgreSQL's style.
fn sqlite_sql(sql: &str) -> String {
    sql.replace('$', "?")
}

impl From<rusqlite::Error> for DbError {
    fn from(e: rusqlite::Error) -> DbError {
        let unique_violation = matches!(
            &e,
            rusqlite::Error::SqliteFailure(f, _) if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                || f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
        );
        DbError { message: e.to_string(), unique_violation }
    }
}

impl From<postgres::Error> for DbError {
    fn from(e: postgres::Error) -> DbError {
        let unique_violation = e.code() == Some(&postgres::error::SqlState::UNIQUE_VIOLATION);
        DbError { message: e.to_string(), unique_violation }
    }
}

impl Tx for rusqlite::Transaction<'_> {
    fn exec(&mut self, sql: &str, params: &[Val]) -> Result<u64, DbError> {
        let n = self.execute(&sqlite_sql(sql), rusqlite::params_from_iter(params.iter().map(sqlite_value)))?;
        Ok(n as u64)
    }

    fn query(&mut self, sql: &str, params: &[Val]) -> Result<Vec<Vec<Val>>, DbError> {
        let mut stmt = self.prepare(&sqlite_sql(sql))?;
        let columns = stmt.column_count();
        let rows = stmt.query_map(rusqlite::params_from_iter(params.iter().map(sqlite_value)), |r| {
            (0..columns)
                .map(|i| {
                    Ok(match r.get_ref(i)? {
                        rusqlite::types::ValueRef::Integer(n) => Val::Int(n),
                        rusqlite::types::ValueRef::Text(t) => Val::Text(String::from_utf8_lossy(t).into_owned()),
                        _ => Val::NullText,
                    })
                })
                .collect::<rusqlite::Result<Vec<Val>>>()
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

fn sqlite_value(v: &Val) -> rusqlite::types::Value {
    match v {
        Val::Text(s) => rusqlite::types::Value::Text(s.clone()),
        Val::Int(i) => rusqlite::types::Value::Integer(*i),
        Val::NullText | Val::NullInt => rusqlite::types::Value::Null,
    }
}

impl Tx for postgres::Transaction<'_> {
    fn exec(&mut self, sql: &str, params: &[Val]) -> Result<u64, DbError> {
        let boxed = pg_params(params);
        let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = boxed.iter().map(|b| b.as_ref()).collect();
        Ok(self.execute(sql, &refs)?)
    }

    fn query(&mut self, sql: &str, params: &[Val]) -> Result<Vec<Vec<Val>>, DbError> {
        let boxed = pg_params(params);
        let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = boxed.iter().map(|b| b.as_ref()).collect();
        let rows = postgres::GenericClient::query(self, sql, &refs)?;
        rows.iter()
            .map(|row| {
                (0..row.len())
                    .map(|i| {
                        let ty = row.columns()[i].type_().clone();
                        Ok(if ty == postgres::types::Type::INT8 {
                            row.try_get::<_, Option<i64>>(i)?.map_or(Val::NullInt, Val::Int)
                        } else if ty == postgres::types::Type::INT4 {
                            row.try_get::<_, Option<i32>>(i)?.map_or(Val::NullInt, |n| Val::Int(n.into()))
                        } else {
                            row.try_get::<_, Option<String>>(i)?.map_or(Val::NullText, Val::Text)
                        })
                    })
                    .collect::<Result<Vec<Val>, DbError>>()
            })
            .collect()
    }
}

fn pg_params(params: &[Val]) -> Vec<Box<dyn postgres::types::ToSql + Sync>> {
    params
        .iter()
        .map(|v| -> Box<dyn postgres::types::ToSql + Sync> {
            match v {
                Val::Text(s) => Box::new(s.clone()),
                Val::Int(i) => Box::new(*i),
                Val::NullText => Box::new(None::<String>),
                Val::NullInt => Box::new(None::<i64>),
            }
        })
        .collect()
}
