//! The frame around every signed-in page: top bar (product, workspace, project, language,
//! theme, sign-out), the side navigation listing every domain, the toasts and the keyboard
//! shortcuts. On phones and tablets the navigation and the top bar's tools fold into a "Menu"
//! button (the breakpoint is in style/main.css). Signed-out visitors are sent to sign-in, with
//! the page they wanted kept for afterwards.

use hilens_model::query::encode_component;
use hilens_model::Lang;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api;
use crate::components::frame::icons::Icon;
use crate::components::frame::part::Domain;
use crate::components::frame::shortcuts::Shortcuts;
use crate::components::frame::toasts::Toasts;
use crate::i18n::{common, tr};
use crate::router::{use_location, use_navigate, NavigateOptions, A};
use crate::state::theme::ThemePref;
use crate::state::{use_app, DEFAULT_WORKSPACE};
use hilens_model::workspaces::WorkspaceListQuery;

/// `/login?redirect=<here>`, `here` being a console path (without the prefix); the router adds
/// the prefix.
pub fn login_url(here: &str) -> String {
    format!("/login?redirect={}", encode_component(here))
}

#[component]
pub fn Shell(
    /// The console's domains, in the navigation's order: `pages::DOMAINS`, handed in by
    /// `pages::AppRoutes` so the kit imports no page.
    domains: &'static [&'static Domain],
    /// The page the address names (`pages::DomainPage`).
    children: ChildrenFn,
) -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let location = use_location();
    let pathname = location.pathname;
    Effect::new(move |_| {
        if app.session_known.get() && app.session.get().is_none() {
            let search = location.search.get_untracked();
            let path = crate::paths::within(&location.pathname.get_untracked());
            let here = if search.is_empty() { path } else { format!("{path}?{search}") };
            navigate(&login_url(&here), NavigateOptions { replace: true, ..Default::default() });
        }
    });

    // Phones and tablets: the side navigation and the top bar's tools fold into a menu
    // (style/main.css shows them only while it is open); any navigation closes it.
    let menu_open = RwSignal::new(false);
    Effect::new(move |_| {
        pathname.track();
        menu_open.set(false);
    });
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && menu_open.get_untracked() {
            menu_open.set(false);
        }
    };
    // The window's title names the page's domain, so the browser's tabs and history tell
    // pages apart ("Devices · Huawei HiLens Console").
    Effect::new(move |_| {
        let path = crate::paths::within(&pathname.get());
        let first = path.trim_start_matches('/').split('/').next().unwrap_or_default().to_string();
        let product = app.t(common::Product);
        let title = match domains.iter().find(|d| d.href.trim_start_matches('/') == first) {
            Some(domain) => format!("{} · {product}", app.t(domain.label)),
            None => product.to_string(),
        };
        document().set_title(&title);
    });
    // Keyboard users skip the top bar and the navigation (Tab from the page's start).
    let skip = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if let Some(main) = document().get_element_by_id("main") {
            let _ = main.unchecked_into::<web_sys::HtmlElement>().focus();
        }
    };
    view! {
        <div class="shell" class:menu-open=move || menu_open.get() on:keydown=on_keydown>
            <a class="skip-link" href="#main" on:click=skip>
                {tr(common::SkipToContent)}
            </a>
            <TopBar menu_open />
            <div class="frame">
                <SideNav domains />
                <main class="content" id="main" tabindex="-1">
                    <Show
                        when=move || app.session.with(Option::is_some)
                        fallback=move || view! { <p class="waiting muted">{tr(common::Loading)}</p> }
                    >
                        {children()}
                    </Show>
                </main>
            </div>
            <Toasts />
            <Shortcuts domains />
        </div>
    }
}

#[component]
fn TopBar(menu_open: RwSignal<bool>) -> impl IntoView {
    let app = use_app();
    let sign_out = move |_| {
        leptos::task::spawn_local(async move {
            let _ = api::auth::logout().await;
            app.set_session(None);
        });
    };
    let on_lang = move |ev: leptos::ev::Event| {
        let tag = event_target_value(&ev);
        let lang = Lang::from_header(Some(&tag));
        app.set_lang(lang);
    };
    let lang_tag = move || app.lang.get().tag();
    // The project by its name; its id (what support asks for) in the tooltip.
    let project = move || {
        app.session
            .get()
            .map(|s| if s.project_name.is_empty() { s.project_id } else { s.project_name })
            .unwrap_or_default()
    };
    let project_id =
        move || app.session.get().map(|s| format!("{} {}", app.t(common::Project), s.project_id)).unwrap_or_default();
    let user = move || app.session.get().map(|s| format!("{} / {}", s.domain, s.user)).unwrap_or_default();
    let on_theme = move |ev: leptos::ev::Event| app.set_theme(ThemePref::from_tag(&event_target_value(&ev)));
    let theme_label = |p: ThemePref| match p {
        ThemePref::System => common::ThemeSystem,
        ThemePref::Light => common::ThemeLight,
        ThemePref::Dark => common::ThemeDark,
    };
    // The project's workspaces, for the switcher; a remembered one that is gone (or not among
    // a workspace-limited user's) falls back to the default, else to the first listed.
    let query = crate::router::use_query_map();
    // `?ws=` may name a workspace made since the list was read: it is read again then.
    let linked_workspace = Memo::new(move |_| query.with(|q| q.get("ws")));
    let workspaces = LocalResource::new(move || {
        app.workspaces_version.track();
        linked_workspace.track();
        let project = app.session.get().map(|s| s.project_id);
        async move {
            match project {
                Some(_) => api::workspaces::list_work_space_summaries(&WorkspaceListQuery {
                    limit: Some(100),
                    ..Default::default()
                })
                .await
                .map(|l| l.workspaces)
                .unwrap_or_default(),
                None => Vec::new(),
            }
        }
    });
    Effect::new(move |_| {
        if let Some(list) = workspaces.get() {
            let current = app.workspace.get_untracked();
            if !list.iter().any(|w| w.workspace_id == current) {
                let fallback = list.iter().find(|w| w.workspace_id == DEFAULT_WORKSPACE).or(list.first());
                if let Some(w) = fallback {
                    app.set_workspace(&w.workspace_id);
                }
            }
        }
    });
    // A link with `?ws=` opens that workspace (and it is remembered); switching writes the new
    // one into the address, so the page's link opens the same workspace.
    Effect::new(move |_| {
        if let Some(ws) = linked_workspace.get().filter(|ws| !ws.is_empty()) {
            app.set_workspace(&ws);
        }
    });
    let navigate = crate::router::use_navigate();
    let location = crate::router::use_location();
    let on_workspace = move |ev: leptos::ev::Event| {
        let ws = event_target_value(&ev);
        app.set_workspace(&ws);
        let path = crate::paths::within(&location.pathname.get_untracked());
        let mut pairs: Vec<(String, String)> = query.with_untracked(|q| {
            q.clone().into_iter().filter(|(k, _)| k != "ws" && k != "page").map(|(k, v)| (k.to_string(), v)).collect()
        });
        pairs.push(("ws".into(), ws));
        navigate(&format!("{path}?{}", hilens_model::query::build_query(&pairs)), Default::default());
    };

    view! {
        <header class="topbar">
            <span class="brand">{tr(common::Product)}</span>
            <button
                type="button"
                class="menu-button"
                data-testid="menu"
                aria-controls="shell-tools shell-nav"
                aria-expanded=move || menu_open.get().to_string()
                on:click=move |_| menu_open.update(|o| *o = !*o)
            >
                {Icon::MENU.view()}
                <span>{tr(common::Menu)}</span>
            </button>
            <div class="bar-tools" id="shell-tools">
                <label class="bar-field">
                    <span>{tr(common::Workspace)}</span>
                    <select data-testid="workspace" prop:value=move || app.workspace.get() on:change=on_workspace>
                        {move || {
                            let list = workspaces.get().unwrap_or_default();
                            if list.is_empty() {
                                view! { <option value=DEFAULT_WORKSPACE>"default"</option> }.into_any()
                            } else {
                                list.into_iter()
                                    .map(|w| {
                                        let id = w.workspace_id.clone();
                                        // Selected by the option itself too: options that arrive after
                                        // the value was set would otherwise leave the choice blank.
                                        view! {
                                            <option
                                                value=w.workspace_id.clone()
                                                selected=move || app.workspace.get() == id
                                            >
                                                {w.name}
                                            </option>
                                        }
                                    })
                                    .collect_view()
                                    .into_any()
                            }
                        }}
                    </select>
                </label>
                <span class="meta" title=project_id data-testid="project">
                    {project}
                </span>
                <span class="meta" data-testid="user">
                    {user}
                </span>
                <select aria-label=tr(common::Language) data-testid="language" prop:value=lang_tag on:change=on_lang>
                    {Lang::ALL.iter().map(|l| view! { <option value=l.tag()>{l.label()}</option> }).collect_view()}
                </select>
                <label class="bar-field">
                    <span>{tr(common::Theme)}</span>
                    <select data-testid="theme" prop:value=move || app.theme.get().tag() on:change=on_theme>
                        {ThemePref::ALL
                            .iter()
                            .map(|p| view! { <option value=p.tag()>{move || app.t(theme_label(*p))}</option> })
                            .collect_view()}
                    </select>
                </label>
                <button type="button" class="sign-out" on:click=sign_out data-testid="sign-out">
                    {Icon::SIGN_OUT.view()}
                    <span>{tr(common::SignOut)}</span>
                </button>
            </div>
        </header>
    }
}

#[component]
fn SideNav(domains: &'static [&'static Domain]) -> impl IntoView {
    let app = use_app();
    // Links are rendered by the router's <A> (a component), so the navigation's looks live in
    // style/main.css under `.sidenav`, with the breakpoints that fold it into the menu. The
    // domains stand in groups (Fleet, Applications, …), each a list named by its heading.
    let link = move |domain: &'static Domain| {
        let part = domain.part;
        let label = domain.label;
        let icon = Icon::for_domain(domain.href);
        view! {
            <li>
                // The overview at `/` is current only there, not under every path.
                <A
                    href=crate::paths::to(domain.href)
                    exact=domain.href == "/"
                    on:mouseenter=move |_| part.preload_soon()
                    on:focus=move |_| part.preload_soon()
                >
                    {icon.view()}
                    <span>{move || app.t(label)}</span>
                </A>
            </li>
        }
    };
    // The domains under their groups' headings (a group's domains stand together in `domains`).
    let groups: Vec<&[&'static Domain]> = domains.chunk_by(|a, b| a.group == b.group).collect();
    view! {
        <nav class="sidenav" id="shell-nav" aria-label="HiLens">
            <ul>
                {groups
                    .into_iter()
                    .map(|members| {
                        let heading = members[0].group.label();
                        let id = members[0].group.id();
                        // Not `format!("{:?}").to_lowercase()`: Unicode's case tables would cost every first
                        // load 9 KB gzip.
                        view! {
                            <li>
                                {heading
                                    .map(|h| {
                                        view! {
                                            <span class="nav-group" id=id>
                                                {move || app.t(h)}
                                            </span>
                                        }
                                    })}
                                <ul aria-labelledby=heading
                                    .map(|_| id)>{members.iter().map(|d| link(d)).collect_view()}</ul>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}
