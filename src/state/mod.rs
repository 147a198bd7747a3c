//! What the whole console shares: the configuration it was served with, the signed-in session,
//! the UI language (remembered in localStorage, sent to the API as `X-Language`), the theme,
//! the workspace every workspace-scoped list follows (remembered), and the toasts on screen.

pub mod theme;
pub mod toasts;

use hilens_model::console::{ConsoleConfig, SessionInfo};
use hilens_model::{Lang, Permission};
use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::Txt;
use theme::ThemePref;
use toasts::{Toast, ToastKind};

const LANG_KEY: &str = "hilens.lang";
const WORKSPACE_KEY: &str = "hilens.workspace";
/// The workspace every project has (`0`, as the reference says for a main account).
pub const DEFAULT_WORKSPACE: &str = "0";

#[derive(Clone, Copy)]
pub struct AppState {
    pub lang: RwSignal<Lang>,
    /// `None` until `/config.json` has been read.
    pub config: RwSignal<Option<ConsoleConfig>>,
    /// The signed-in session; `None` when signed out (or not yet known, see `session_known`).
    pub session: RwSignal<Option<SessionInfo>>,
    pub session_known: RwSignal<bool>,
    pub theme: RwSignal<ThemePref>,
    /// The workspace id lists are scoped to.
    pub workspace: RwSignal<String>,
    /// Bumped when a workspace is created or deleted, so the top bar's switcher reads them again.
    pub workspaces_version: RwSignal<u32>,
    pub toasts: RwSignal<Vec<Toast>>,
    next_toast: StoredValue<u32>,
}

impl AppState {
    pub fn new() -> AppState {
        AppState {
            lang: RwSignal::new(initial_lang()),
            config: RwSignal::new(None),
            session: RwSignal::new(None),
            session_known: RwSignal::new(false),
            theme: RwSignal::new(ThemePref::from_tag(&stored(theme::THEME_KEY).unwrap_or_default())),
            workspace: RwSignal::new(stored(WORKSPACE_KEY).unwrap_or_else(|| DEFAULT_WORKSPACE.into())),
            workspaces_version: RwSignal::new(0),
            toasts: RwSignal::new(Vec::new()),
            next_toast: StoredValue::new(1),
        }
    }

    /// The text for `key` in the current language, outside a reactive context.
    pub fn t_untracked(&self, key: Txt) -> &'static str {
        key.text(self.lang.get_untracked())
    }

    /// Signed in (`Some`) or out (`None`); the API client follows the session's project.
    pub fn set_session(&self, session: Option<SessionInfo>) {
        crate::api::set_project(session.as_ref().map(|s| s.project_id.as_str()));
        self.session.set(session);
    }

    pub fn set_theme(&self, pref: ThemePref) {
        self.theme.set(pref);
        store(theme::THEME_KEY, pref.tag());
    }

    pub fn set_workspace(&self, id: &str) {
        if self.workspace.get_untracked() != id {
            self.workspace.set(id.to_string());
        }
        store(WORKSPACE_KEY, id);
    }

    /// A workspace was created or deleted.
    pub fn workspaces_changed(&self) {
        self.workspaces_version.update(|v| *v += 1);
    }

    fn push_toast(&self, make: impl FnOnce(u32) -> Toast) -> u32 {
        let id = self.next_toast.get_value();
        self.next_toast.set_value(id.wrapping_add(1));
        self.toasts.update(|list| list.push(make(id)));
        id
    }

    /// A success notice, gone after [`toasts::SUCCESS_MS`].
    pub fn toast_ok(&self, text: String) {
        self.toast_ok_with(text, None);
    }

    /// A success notice that offers `action` (an undo); it stays twice as long.
    pub fn toast_ok_with(&self, text: String, action: Option<toasts::ToastAction>) {
        let stays = if action.is_some() { 2 * toasts::SUCCESS_MS } else { toasts::SUCCESS_MS };
        let id =
            self.push_toast(|id| Toast { id, kind: ToastKind::Success, text, code: None, request_id: None, action });
        let app = *self;
        set_timeout(move || app.dismiss_toast(id), std::time::Duration::from_millis(stays));
    }

    /// An error notice with its code and request id; it stays until closed.
    pub fn toast_error(&self, error: &ApiError) {
        self.push_toast(|id| Toast::from_error(id, error));
    }

    pub fn dismiss_toast(&self, id: u32) {
        self.toasts.update(|list| list.retain(|t| t.id != id));
    }

    /// Whether the signed-in user may do what `p` allows, as `/auth/session` says (reactive).
    /// The proxy decides every call anyway; this only tells the console what to disable.
    pub fn can(&self, p: Permission) -> bool {
        self.session.with(|s| s.as_ref().is_some_and(|s| s.permissions.iter().any(|n| n == p.name())))
    }

    /// The text for `key` in the current language (reactive: read it inside a closure).
    pub fn t(&self, key: Txt) -> &'static str {
        key.text(self.lang.get())
    }

    pub fn set_lang(&self, lang: Lang) {
        self.lang.set(lang);
        store(LANG_KEY, lang.tag());
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

/// A remembered value of this browser's (localStorage).
pub fn stored(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok()?
}

/// Forgets a remembered value.
pub fn forget(key: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(key);
    }
}

/// Remembers a value in this browser (localStorage).
pub fn store(key: &str, value: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(key, value);
    }
}

/// The remembered choice, else the browser's language, else Chinese (the API's default).
fn initial_lang() -> Lang {
    let browser = web_sys::window().and_then(|w| w.navigator().language());
    Lang::from_header(stored(LANG_KEY).or(browser).as_deref())
}
