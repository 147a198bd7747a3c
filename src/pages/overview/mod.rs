//! The overview, the landing page after sign-in: the fleet and its deployments at a glance.
//! Every card is one call (made together, each shown as soon as it answers, read again while the
//! tab is visible) and every number a link to the list it counts. Counts come from the list
//! calls' `count`, so 100000 devices are never paged through. Its page is a wasm part of its own.

mod cards;
pub mod texts;

use leptos::prelude::*;

use crate::components::part::{Domain, Page, PageParams, PageRoute};
use crate::i18n::T;

pub const DOMAIN: Domain = Domain { label: T::Overview, href: "/", key: "h", part: &PART, pages: &[PageRoute { path: "", part: &PART, page: Page::List }] };

crate::domain_part!(overview, page);

fn page(_: Page, _: &PageParams) -> AnyView {
    view! { <cards::OverviewPage/> }.into_any()
}
