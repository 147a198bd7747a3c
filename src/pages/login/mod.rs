//! Sign-in. The password goes to the proxy, which signs in to IAM and keeps the token; the
//! browser gets only a session cookie. In local mode the demo account is filled in.

use hilens_model::console::LoginRequest;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use stylers_macro::style_sheet;
use wasm_bindgen::JsCast;

use crate::api;
use crate::i18n::{common, tr, Txt};
use crate::router::{use_navigate, use_query_map};
use crate::state::use_app;

/// The sign-in page's path (the shell sends visitors who are not signed in here).
pub const PATH: &str = "/login";

/// Where to go after signing in: the `redirect` parameter if it is a path of this console
/// (a console path, without the prefix, which the router adds; never another site, never
/// sign-in again), else the landing page.
pub fn redirect_target(redirect: Option<&str>) -> String {
    let inside = |r: &str| r.starts_with('/') && !r.starts_with("//") && !r.starts_with("/\\") && !r.starts_with(PATH);
    match redirect {
        Some(r) if inside(r) => r.to_string(),
        _ => "/".to_string(),
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let app = use_app();
    let query = use_query_map();
    let navigate = use_navigate();
    let domain = RwSignal::new(String::new());
    let user = RwSignal::new(String::new());
    let password_text = RwSignal::new(String::new());
    let project = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let is_demo = Memo::new(move |_| app.config.with(|c| c.as_ref().is_some_and(|c| c.demo.is_some())));
    // How people sign in here (`/config.json`): a password (IAM's, or a local account's, which
    // has neither account nor project), and/or the organisation's OpenID provider.
    let offers =
        move |method: &str| app.config.with(|c| c.as_ref().is_some_and(|c| c.sign_in.iter().any(|m| m == method)));
    let oidc = Memo::new(move |_| offers("oidc"));
    let local = Memo::new(move |_| offers("password"));
    let password = Memo::new(move |_| !oidc.get() || offers("password") || offers("iam"));
    let never = Signal::from(false);
    // The proxy's route, not a console page: the router must let the browser follow it.
    let oidc_href = move || {
        let target = redirect_target(query.get().get("redirect").as_deref());
        let next = hilens_model::query::encode_component(&crate::paths::to(&target));
        api::url(&format!("{}?next={next}", hilens_model::console::OIDC_LOGIN_PATH))
    };

    // Fill in the demo account once the configuration has arrived (local mode only), in each
    // field the visitor has not typed into yet (typing may start before it arrives).
    Effect::new(move |_| {
        if let Some(demo) = app.config.get().and_then(|c| c.demo) {
            for (field, value) in [(domain, demo.domain), (user, demo.user), (password_text, demo.password)] {
                if field.get_untracked().is_empty() {
                    field.set(value);
                }
            }
        }
    });

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let project = project.get_untracked();
        let req = LoginRequest {
            domain: domain.get_untracked(),
            user: user.get_untracked(),
            password: password_text.get_untracked(),
            project: (!project.trim().is_empty()).then_some(project),
        };
        let target = redirect_target(query.get_untracked().get("redirect").as_deref());
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match api::auth::login(&req).await {
                Ok(info) => {
                    app.set_session(Some(info));
                    app.session_known.set(true);
                    navigate(&target, Default::default());
                }
                Err(e) => {
                    error.set(Some(e.message().to_string()));
                    // Back to the password, marked invalid, so that it can be typed again at once.
                    if let Some(input) = document().query_selector("input[name=password]").ok().flatten() {
                        let _ = input.unchecked_into::<web_sys::HtmlElement>().focus();
                    }
                }
            }
            busy.set(false);
        });
    };

    const _: &str = include_str!("login_page.css");
    let class = style_sheet!("src/pages/login/login_page.css");
    // Hidden rather than left out (one shape of view: the first load stays small). The fields
    // carry the page's scoped class, so their own rules (label above input) apply.
    let field = move |label: Txt,
                      value: RwSignal<String>,
                      kind: &'static str,
                      name: &'static str,
                      autocomplete: &'static str,
                      hide: Signal<bool>| {
        view! { class=class,
            <label class="field" hidden=move || hide.get()>
                <span>{move || app.t(label)}</span>
                <input
                    type=kind
                    name=name
                    autocomplete=autocomplete
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                    // A refused sign-in marks the password (the likelier mistake) and points at why.
                    aria-invalid=move || (name == "password" && error.with(Option::is_some)).then_some("true")
                    aria-describedby=move || {
                        (name == "password" && error.with(Option::is_some)).then_some("login-error")
                    }
                />
            </label>
        }
    };

    view! { class=class,
        <main class="page">
            <form class="card raised" on:submit=submit data-testid="login-form">
                <div class="lang">
                    <select
                        aria-label=tr(common::Language)
                        data-testid="language"
                        prop:value=move || app.lang.get().tag()
                        on:change=move |ev| {
                            app.set_lang(hilens_model::Lang::from_header(Some(&event_target_value(&ev))))
                        }
                    >
                        {hilens_model::Lang::ALL
                            .iter()
                            .map(|l| view! { <option value=l.tag()>{l.label()}</option> })
                            .collect_view()}
                    </select>
                </div>
                <h1>{tr(common::SignInTitle)}</h1>
                <p class="hint muted">
                    {move || if is_demo.get() { app.t(common::DemoHint) } else { app.t(common::Product) }}
                </p>
                <a
                    class="submit oidc button primary"
                    hidden=move || !oidc.get()
                    href=oidc_href
                    rel="external"
                    data-testid="sign-in-oidc"
                >
                    {tr(common::SignInOidc)}
                </a>
                <div hidden=move || {
                    !password.get()
                }>
                    {field(common::Domain, domain, "text", "domain", "organization", local.into())}
                    {field(common::User, user, "text", "user", "username", never)}
                    {field(common::Password, password_text, "password", "password", "current-password", never)}
                    {field(common::ProjectOptional, project, "text", "project", "off", local.into())}
                    <Show when=move || error.get().is_some()>
                        <div class="error danger-box" role="alert" id="login-error" data-testid="login-error">
                            {move || format!("{}: {}", app.t(common::SignInFailed), error.get().unwrap_or_default())}
                        </div>
                    </Show>
                    <button class="submit primary" type="submit" disabled=move || busy.get() data-testid="sign-in">
                        {move || if busy.get() { app.t(common::SigningIn) } else { app.t(common::SignIn) }}
                    </button>
                </div>
            </form>
        </main>
    }
}
