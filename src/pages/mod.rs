//! The console's pages: sign-in, and inside the shell one folder per domain. Each domain's
//! `mod.rs` exports the same three things: `DOMAIN` (its side-navigation entry), `DomainRoutes`
//! (its routes, whose pages come from its own wasm part) and `PART` (that part, declared with
//! `domain_part!`). Adding a domain is its folder and its name in the `domains!` line below.

pub mod login;
pub mod not_found;

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

use crate::components::part::Domain;
use crate::components::shell::Shell;

/// Declares the domains: their modules, the side navigation's entries in this order, and
/// their routes inside the shell.
macro_rules! domains {
    ($($domain:ident),* $(,)?) => {
        $(pub mod $domain;)*

        /// The built domains, in the side navigation's order.
        pub const DOMAINS: &[&Domain] = &[$(&$domain::DOMAIN),*];

        /// Every domain's routes, inside the shell.
        #[component(transparent)]
        fn DomainRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
            view! {
                <ParentRoute path=path!("") view=Shell>
                    $(<$domain::DomainRoutes/>)*
                    <Route path=path!("/*any") view=not_found::NotFound/>
                </ParentRoute>
            }
            .into_inner()
        }
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
);

/// The router: sign-in on its own, every other page inside the shell (which sends visitors who
/// are not signed in to sign-in). `base` is the path prefix the console is served under.
#[component]
pub fn AppRoutes() -> impl IntoView {
    view! {
        <Router base=crate::paths::base()>
            <Routes fallback=not_found::NotFound>
                <Route path=path!("/login") view=login::LoginPage/>
                <DomainRoutes/>
            </Routes>
        </Router>
    }
}
