//! How values are written on every page. Times have one style everywhere: in the console's
//! language and the user's time zone, relative when recent ("5 minutes ago"), the full date and
//! time with its zone on hover. The API writes times in several forms (the model reads them all).

use hilens_model::Lang;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::state::use_app;

/// Recent enough to say how long ago: a day, in milliseconds.
const RECENT_MS: f64 = 24.0 * 3600.0 * 1000.0;

/// Milliseconds since the epoch as `YYYY-MM-DD` (UTC).
pub fn date(ms: i64) -> String {
    let iso = js_sys::Date::new(&JsValue::from_f64(ms as f64)).to_iso_string();
    iso.as_string().unwrap_or_default().chars().take(10).collect()
}

/// A time as the API writes it (ISO 8601, the market's form, or milliseconds), in milliseconds.
pub fn ms_of(value: &str) -> Option<f64> {
    if let Some(secs) = hilens_model::time::parse_api_time(value) {
        return Some(secs as f64 * 1000.0);
    }
    value.trim().parse::<i64>().ok().filter(|ms| *ms > 0).map(|ms| ms as f64)
}

fn options(pairs: &[(&str, &str)]) -> js_sys::Object {
    let o = js_sys::Object::new();
    for (k, v) in pairs {
        let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    o
}

/// The date and time to the minute, in `lang`'s style and the user's time zone.
pub fn short(ms: f64, lang: Lang) -> String {
    let o = options(&[
        ("year", "numeric"),
        ("month", "short"),
        ("day", "numeric"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
    ]);
    js_sys::Date::new(&JsValue::from_f64(ms)).to_locale_string(lang.tag(), &o).into()
}

/// The full date and time with seconds and the time zone (a tooltip).
pub fn absolute(ms: f64, lang: Lang) -> String {
    let o = options(&[
        ("year", "numeric"),
        ("month", "long"),
        ("day", "numeric"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
        ("second", "2-digit"),
        ("timeZoneName", "short"),
    ]);
    js_sys::Date::new(&JsValue::from_f64(ms)).to_locale_string(lang.tag(), &o).into()
}

/// "5 minutes ago" (or "in 5 minutes") for a time within a day of `now`.
pub fn relative(ms: f64, now: f64, lang: Lang) -> Option<String> {
    let delta = ms - now;
    if delta.abs() >= RECENT_MS {
        return None;
    }
    let secs = delta / 1000.0;
    let (value, unit) = if secs.abs() < 60.0 {
        (secs.round(), "second")
    } else if secs.abs() < 3600.0 {
        ((secs / 60.0).round(), "minute")
    } else {
        ((secs / 3600.0).round(), "hour")
    };
    let locales = js_sys::Array::of1(&JsValue::from_str(lang.tag()));
    let format = js_sys::Intl::RelativeTimeFormat::new(&locales, &options(&[("numeric", "auto")]));
    Some(format.format(value, unit).into())
}

/// A time as shown: relative when recent, else [`short`].
pub fn shown(ms: f64, lang: Lang) -> String {
    relative(ms, js_sys::Date::now(), lang).unwrap_or_else(|| short(ms, lang))
}

/// A time the API wrote (any of its forms), in the console's one style: a `<time>` whose text
/// is relative when recent, and whose tooltip is the full date and time with the zone. Text
/// that is no time is shown as it is ("-" for none).
pub fn when(value: Option<&str>) -> AnyView {
    let value = value.unwrap_or_default().trim().to_string();
    let Some(ms) = ms_of(&value) else {
        return (if value.is_empty() { "-".to_string() } else { value }).into_any();
    };
    let app = use_app();
    let iso: String = js_sys::Date::new(&JsValue::from_f64(ms)).to_iso_string().into();
    view! {
        <time datetime=iso title=move || absolute(ms, app.lang.get()) data-testid="when">
            {move || shown(ms, app.lang.get())}
        </time>
    }
    .into_any()
}

/// [`when`] of milliseconds since the epoch.
pub fn when_ms(ms: Option<i64>) -> AnyView {
    when(ms.map(|ms| ms.to_string()).as_deref())
}

/// The user's offset from UTC now, in minutes east (`UTC+01:00` is 60).
pub fn zone_offset_minutes() -> i64 {
    -(js_sys::Date::new_0().get_timezone_offset() as i64)
}

/// The user's zone as `UTC+01:00`.
pub fn zone_label() -> String {
    let off = zone_offset_minutes();
    let sign = if off < 0 { '-' } else { '+' };
    format!("UTC{sign}{:02}:{:02}", off.abs() / 60, off.abs() % 60)
}

/// A time the API wrote, as the user types it in their zone: `YYYY-MM-DD HH:MM`.
pub fn local_input(value: &str) -> Option<String> {
    let d = js_sys::Date::new(&JsValue::from_f64(ms_of(value)?));
    Some(format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    ))
}

/// A date and time typed in the user's zone (as the model read it: seconds as if UTC) in the
/// form the API takes, with the zone's offset at that date (`2026-12-06 09:00:00 GMT+01:00`).
pub fn local_to_api(local_secs: i64) -> String {
    let (y, mo, d, h, mi, s) = hilens_model::time::civil(local_secs);
    let date = js_sys::Date::new_with_year_month_day_hr_min_sec(
        y as u32,
        mo as i32 - 1,
        d as i32,
        h as i32,
        mi as i32,
        s as i32,
    );
    let utc_secs = (date.get_time() / 1000.0).round() as i64;
    hilens_model::time::market_time_at(utc_secs, -(date.get_timezone_offset() as i64))
}
