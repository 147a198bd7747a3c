//! Light and dark: the OS's choice unless the user picks one (remembered). The effective theme
//! is written to `<html data-theme>`, which style/main.css reads.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

pub const THEME_KEY: &str = "hilens.theme";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemePref {
    System,
    Light,
    Dark,
}

impl ThemePref {
    pub const ALL: &'static [ThemePref] = &[ThemePref::System, ThemePref::Light, ThemePref::Dark];

    pub fn tag(self) -> &'static str {
        match self {
            ThemePref::System => "system",
            ThemePref::Light => "light",
            ThemePref::Dark => "dark",
        }
    }

    pub fn from_tag(tag: &str) -> ThemePref {
        ThemePref::ALL.iter().copied().find(|p| p.tag() == tag).unwrap_or(ThemePref::System)
    }
}

fn dark_query() -> Option<web_sys::MediaQueryList> {
    web_sys::window()?.match_media("(prefers-color-scheme: dark)").ok()?
}

/// "light" or "dark" for a preference, asking the OS for `System`.
pub fn effective(pref: ThemePref) -> &'static str {
    match pref {
        ThemePref::Light => "light",
        ThemePref::Dark => "dark",
        ThemePref::System => {
            if dark_query().is_some_and(|q| q.matches()) {
                "dark"
            } else {
                "light"
            }
        }
    }
}

pub fn apply(pref: ThemePref) {
    if let Some(html) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = html.set_attribute("data-theme", effective(pref));
    }
}

/// Calls `on_change` whenever the OS switches between light and dark (for the console's life).
pub fn watch_os(on_change: impl Fn() + 'static) {
    if let Some(query) = dark_query() {
        let callback = Closure::<dyn Fn()>::new(on_change);
        let _ = query.add_event_listener_with_callback("change", callback.as_ref().unchecked_ref());
        callback.forget();
    }
}
