//! The console's pages: sign-in, and inside the shell one folder per domain. Each domain's
//! `mod.rs` exports the same two things: `DOMAIN` (its side-navigation entry and its pages, each
//! rendered by a wasm part of the domain's) and `PART` (that part, declared with
//! `domain_part!`). Adding a domain is its folder and its name in the `domains!` line below.

pub mod login;
pub mod not_found;

use leptos::prelude::*;

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

/// The console's pages: sign-in on its own, every other page inside the shell (which sends
/// visitors who are not signed in to sign-in), found among the domains' pages by
/// [`DomainPage`]. The shell stays while the address moves from page to page.
#[component]
pub fn AppRoutes() -> impl IntoView {
    crate::router::provide_router();
    let location = crate::router::use_location();
    let signing_in = Memo::new(move |_| crate::paths::within(&location.pathname.get()) == login::PATH);
    move || {
        if signing_in.get() {
            view! { <login::LoginPage /> }.into_any()
        } else {
            view! {
                <Shell domains=DOMAINS>
                    <DomainPage />
                </Shell>
            }
            .into_any()
        }
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
    let location = crate::router::use_location();
    let path = Memo::new(move |_| crate::paths::within(&location.pathname.get()));
    move || match page_at(&path.get()) {
        Some((route, params)) => view! { <PartPage part=route.part page=route.page params=params /> }.into_any(),
        None => view! { <not_found::NotFound /> }.into_any(),
    }
}
