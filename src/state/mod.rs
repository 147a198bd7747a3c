//! What the whole console shares: the configuration it was served with, the signed-in session,
//! and the UI language (remembered in localStorage, sent to the API as `X-Language`).

use hilens_model::console::{ConsoleConfig, SessionInfo};
use hilens_model::Lang;
use leptos::prelude::*;

use crate::i18n::{LANGUAGES, T};

const LANG_KEY: &str = "hilens.lang";

#[derive(Clone, Copy)]
pub struct AppState {
    pub lang: RwSignal<Lang>,
    /// `None` until `/config.json` has been read.
    pub config: RwSignal<Option<ConsoleConfig>>,
    /// The signed-in session; `None` when signed out (or not yet known, see `session_known`).
    pub session: RwSignal<Option<SessionInfo>>,
    pub session_known: RwSignal<bool>,
}

impl AppState {
    pub fn new() -> AppState {
        AppState {
            lang: RwSignal::new(initial_lang()),
            config: RwSignal::new(None),
            session: RwSignal::new(None),
            session_known: RwSignal::new(false),
        }
    }

    /// The text for `key` in the current language (reactive: read it inside a closure).
    pub fn t(&self, key: T) -> &'static str {
        key.text(self.lang.get())
    }

    pub fn set_lang(&self, lang: Lang) {
        self.lang.set(lang);
        if let Some(storage) = local_storage() {
            let tag = LANGUAGES.iter().find(|(l, _, _)| *l == lang).map(|(_, tag, _)| *tag).unwrap_or("zh-CN");
            let _ = storage.set_item(LANG_KEY, tag);
        }
    }
}

impl Default for AppState {
    fn default() -> Self {
        Self::new()
    }
}

pub fn use_app() -> AppState {
    expect_context::<AppState>()
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The remembered choice, else the browser's language, else Chinese (the API's default).
fn initial_lang() -> Lang {
    let stored = local_storage().and_then(|s| s.get_item(LANG_KEY).ok().flatten());
    let browser = web_sys::window().and_then(|w| w.navigator().language());
    Lang::from_header(stored.or(browser).as_deref())
}
