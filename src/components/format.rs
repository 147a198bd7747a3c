//! How values are written on every page: dates and the like.

/// Milliseconds since the epoch as `YYYY-MM-DD` (UTC).
pub fn date(ms: i64) -> String {
    let iso = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64)).to_iso_string();
    iso.as_string().unwrap_or_default().chars().take(10).collect()
}
