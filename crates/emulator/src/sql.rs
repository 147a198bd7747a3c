//! SQL helpers every domain's store uses: JSON columns, constraint errors, the list sort, the
//! name filter's `LIKE` pattern and the "any of these tags" filter.

use hilens_model::tags::Tag;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, ErrorCode, Row};

/// A value as a JSON column; the domains' values are plain data and always encode.
pub fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "[]".into())
}

/// Whether an insert or update broke a UNIQUE constraint (a duplicate name).
pub fn is_unique_violation(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.code == ErrorCode::ConstraintViolation)
}

/// `ORDER BY` for the API's `sort` (`name`, `created_at`, `updated_at`, optionally descending),
/// newest first by default. Columns come from this fixed list, never from the request's text.
pub fn order_by(sort: &Option<hilens_model::query::Sort>) -> String {
    match sort {
        Some(hilens_model::query::Sort { field, descending }) => {
            let column = match field.as_str() {
                "name" => "name",
                "updated_at" => "updated_ms",
                _ => "created_ms",
            };
            format!("{column} {}", if *descending { "DESC" } else { "ASC" })
        }
        None => "created_ms DESC".into(),
    }
}

/// ` AND EXISTS (...)` matching rows of `table` whose JSON `tags` column has any of `tags`,
/// with its parameters appended to `args`.
pub fn any_tag(table: &str, tags: &[Tag], args: &mut Vec<Value>) -> String {
    if tags.is_empty() {
        return String::new();
    }
    let one = "(json_extract(t.value, '$.key') = ? AND json_extract(t.value, '$.value') = ?)";
    for tag in tags {
        args.push(Value::Text(tag.key.clone()));
        args.push(Value::Text(tag.value.clone()));
    }
    format!(" AND EXISTS (SELECT 1 FROM json_each({table}.tags) t WHERE {})", vec![one; tags.len()].join(" OR "))
}

/// One page of a list: how many rows of `from` match `filter` in all, and the rows of the page
/// (`select` with `filter`, in `order`, `limit` of them from `offset`), each read by `read`.
/// `args` are `filter`'s parameters.
#[allow(clippy::too_many_arguments)]
pub fn page<T>(
    conn: &Connection,
    select: &str,
    from: &str,
    filter: &str,
    order: &str,
    mut args: Vec<Value>,
    (limit, offset): (u32, u32),
    read: impl FnMut(&Row) -> rusqlite::Result<T>,
) -> rusqlite::Result<(u64, Vec<T>)> {
    let count: u64 =
        conn.query_row(&format!("SELECT COUNT(*) FROM {from} {filter}"), params_from_iter(args.iter()), |r| r.get(0))?;
    // Numbered, so that a filter with numbered parameters of its own works too.
    let n = args.len();
    args.push(Value::Integer(limit.into()));
    args.push(Value::Integer(offset.into()));
    let sql = format!("{select} {filter} ORDER BY {order} LIMIT ?{} OFFSET ?{}", n + 1, n + 2);
    let rows =
        conn.prepare(&sql)?.query_map(params_from_iter(args.iter()), read)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((count, rows))
}

/// `LIKE` pattern for a fuzzy match on `text`, with `%`, `_` and `\` taken literally.
pub fn contains_pattern(text: &str) -> String {
    let escaped: String =
        text.chars().flat_map(|c| if matches!(c, '%' | '_' | '\\') { vec!['\\', c] } else { vec![c] }).collect();
    format!("%{escaped}%")
}

#[cfg(test)]
mod tests {
    use super::contains_pattern;

    #[test]
    fn like_wildcards_in_a_name_are_literal() {
        assert_eq!(contains_pattern("a_b%c\\"), "%a\\_b\\%c\\\\%");
    }
}
