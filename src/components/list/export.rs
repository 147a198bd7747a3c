//! Exporting a list as CSV: the page on screen, or every page of the filtered list, read 100
//! rows a call, paced like bulk actions ([`BULK_PACE`]) so a long export stays well inside the
//! proxy's per-session rate limit, with the bulk notice's progress bar and Cancel.

use std::future::Future;

use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::actions::{sleep, BulkRun, BULK_PACE};
use crate::components::download::save_bytes;
use crate::components::list::list_page::Rows;
use crate::i18n::Txt;

/// A CSV column: its header and how a row's value is written.
pub type CsvColumn<R> = (Txt, fn(&R) -> String);

/// One CSV field: quoted when it holds a comma, a quote or a line break; a leading `=`, `+`,
/// `-` or `@` (other than in a number) is prefixed with `'` so a spreadsheet does not run it as
/// a formula.
pub fn csv_field(value: &str) -> String {
    let formula = value.starts_with(['=', '+', '-', '@']) && value.parse::<f64>().is_err();
    let value = if formula { format!("'{value}") } else { value.to_string() };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// The rows as CSV text (header line first, CRLF line ends as RFC 4180 says).
pub fn to_csv<R>(columns: &[CsvColumn<R>], rows: &[R], lang: hilens_model::Lang) -> String {
    let line = |fields: Vec<String>| fields.join(",") + "\r\n";
    let mut out = line(columns.iter().map(|(h, _)| csv_field(h.text(lang))).collect());
    for row in rows {
        out.push_str(&line(columns.iter().map(|(_, value)| csv_field(&value(row))).collect()));
    }
    out
}

/// Saves CSV text as `file_name` (with a byte-order mark, so spreadsheets read it as UTF-8).
pub fn save_csv(file_name: &str, text: &str) {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(text.as_bytes());
    let _ = save_bytes(file_name, &bytes, "text/csv;charset=utf-8");
}

/// Rows per call of an export (the list APIs' largest page).
pub const EXPORT_PAGE: u32 = 100;

/// Reads every page (`fetch(offset, limit)`) into one CSV file (headers in `lang`), showing
/// progress in `run`; Cancel stops it and saves nothing. A failed page stops the export with its
/// error listed.
pub fn export_all<R, Fut>(
    lang: hilens_model::Lang,
    run: RwSignal<Option<BulkRun>>,
    label: Txt,
    total: u64,
    columns: Vec<CsvColumn<R>>,
    file_name: String,
    fetch: impl Fn(u32, u32) -> Fut + 'static,
) where
    R: 'static,
    Fut: Future<Output = Result<Rows<R>, ApiError>> + 'static,
{
    let pages = total.div_ceil(u64::from(EXPORT_PAGE)).max(1) as usize;
    run.set(Some(BulkRun { label: Some(label), total: pages, ..Default::default() }));
    leptos::task::spawn_local(async move {
        let mut rows = Vec::new();
        let mut complete = true;
        for page in 0..pages {
            if run.with_untracked(|r| r.as_ref().is_none_or(|r| r.cancelled)) {
                complete = false;
                break;
            }
            if page > 0 {
                sleep(BULK_PACE).await;
            }
            let offset = page as u32 * EXPORT_PAGE;
            match fetch(offset, EXPORT_PAGE).await {
                Ok(got) => {
                    let short = got.rows.len() < EXPORT_PAGE as usize;
                    rows.extend(got.rows);
                    run.update(|r| {
                        if let Some(r) = r {
                            r.done += 1
                        }
                    });
                    if short {
                        break;
                    }
                }
                Err(e) => {
                    run.update(|r| {
                        if let Some(r) = r {
                            r.failures.push((format!("offset {offset}"), e.message().to_string()))
                        }
                    });
                    complete = false;
                    break;
                }
            }
        }
        run.update(|r| {
            if let Some(r) = r {
                r.finished = true;
                r.done = if complete { r.total } else { r.done };
            }
        });
        if complete {
            save_csv(&file_name, &to_csv(&columns, &rows, lang));
        }
    });
}
