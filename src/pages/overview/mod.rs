//! The overview, the landing page after sign-in: the fleet and its deployments at a glance.
//! Every card is one call (made together, each shown as soon as it answers, read again while the
//! tab is visible) and every number a link to the list it counts. Counts come from the list
//! calls' `count`, so 100000 devices are never paged through. Its page is a wasm part of its own.

mod cards;
pub mod texts;

use leptos::prelude::*;
use leptos_router::components::Route;
use leptos_router::path;

use crate::components::part::{Domain, PartPage};
use crate::i18n::T;

pub const DOMAIN: Domain = Domain { label: T::Overview, href: "/", key: "h", part: &PART };

crate::domain_part!(overview, page);

fn page(_: &'static str) -> AnyView {
    view! { <cards::OverviewPage/> }.into_any()
}

#[component(transparent)]
pub fn DomainRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! { <Route path=path!("") view=|| view! { <PartPage part=&PART page="overview"/> }/> }.into_inner()
}
