//! The console's pages: sign-in, and inside the shell one folder per domain. Each domain's
//! `mod.rs` exports the same two things: `DOMAIN` (its side-navigation entry and its pages, each
//! rendered by a wasm part of the domain's) and `PART` (that part, declared with
//! `domain_part!`). Adding a domain is its folder and its name in the `domains!` line below.

pub mod login;
pub mod not_found;

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::hooks::use_params_map;
use leptos_router::path;

use crate::components::frame::part::{Domain, PageParams, PageRoute, PartPage};
use crate::components::frame::shell::Shell;

/// Declares the domains: their modules, and the side navigation's entries in this order.
macro_rules! domains {
    ($($domain:ident),* $(,)?) => {
        $(pub mod $domain;)*

        /// The built domains, in the side navigation's order.
        pub const DOMAINS: &[&Domain] = &[$(&$domain::DOMAIN),*];
    };
}

domains!(
    overview,
    devices,
    firmware,
    service_orders,
    alarms,
    deployments,
    instances,
    jobs,
    configmaps,
    secrets,
    tags,
    workspaces,
    skills,
    orders,
    access,
    audit,
);

/// The router: sign-in on its own, every other page inside the shell (which sends visitors who
/// are not signed in to sign-in), found among the domains' pages by [`DomainPage`]. `base` is
/// the path prefix the console is served under.
#[component]
pub fn AppRoutes() -> impl IntoView {
    view! {
        <Router base=crate::paths::base()>
            <Routes fallback=not_found::NotFound>
                <Route path=path!("/login") view=login::LoginPage />
                <ParentRoute path=path!("") view=|| view! { <Shell domains=DOMAINS /> }>
                    <Route path=path!("/*path") view=DomainPage />
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// The page at `path` (the console's own address, without its prefix): the domain's page and
/// its parameters, or none.
pub fn page_at(path: &str) -> Option<(&'static PageRoute, PageParams)> {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    DOMAINS.iter().find_map(|domain| domain.page_at(&segments))
}

/// The page the address names, rendered by its part; "page not found" when no domain has it.
/// Rendered again when the path changes (not when only the query does: lists keep their state
/// there).
#[component]
fn DomainPage() -> impl IntoView {
    let params = use_params_map();
    let path = Memo::new(move |_| params.with(|p| p.get("path").unwrap_or_default()));
    move || match page_at(&path.get()) {
        Some((route, params)) => view! { <PartPage part=route.part page=route.page params=params /> }.into_any(),
        None => view! { <not_found::NotFound /> }.into_any(),
    }
}
