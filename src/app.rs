//! The app: shared state, the first look at `/config.json` and the session, and the routes.

use hilens_model::console::ConsoleConfig;
use leptos::prelude::*;

use crate::api;
use crate::pages::AppRoutes;
use crate::state::AppState;

#[component]
pub fn App() -> impl IntoView {
    let app = AppState::new();
    provide_context(app);
    api::set_language(app.lang.get_untracked());
    // The theme follows the choice, and the OS while the choice is "system".
    Effect::new(move |_| crate::state::theme::apply(app.theme.get()));
    crate::state::theme::watch_os(move || crate::state::theme::apply(app.theme.get_untracked()));
    Effect::new(move |_| {
        let lang = app.lang.get();
        api::set_language(lang);
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", lang.tag());
        }
    });
    leptos::task::spawn_local(async move {
        let config = api::auth::config().await.unwrap_or_else(|_| ConsoleConfig::default());
        api::set_proxy_base(&config.proxy_base);
        app.config.set(Some(config));
        if let Ok(info) = api::auth::session().await {
            app.set_session(Some(info));
        }
        app.session_known.set(true);
    });

    view! { <AppRoutes /> }
}
