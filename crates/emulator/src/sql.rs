//! SQL helpers every domain's store uses: JSON columns, constraint errors, the list sort and
//! the "any of these tags" filter.

use hilens_model::tags::Tag;
use rusqlite::types::Value;
use rusqlite::ErrorCode;

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
