//! The overview, the landing page after sign-in: "is my fleet OK, and what now?". Devices by
//! connection and activation, deployments by health, alarms by level, upgrades with their
//! progress, orders running out; every number a link to the list it counts, and an empty fleet
//! led to its first device. Every card is one read (made together, each shown as soon as it
//! answers, read again while the tab is visible). Its page is a wasm part of its own.

mod cards;
mod counts;
pub mod texts;

use leptos::prelude::*;

use crate::components::frame::part::{Domain, NavGroup, Page, PageParams, PageRoute};
use crate::i18n::common;

pub const DOMAIN: Domain = Domain {
    group: NavGroup::Home,
    label: common::Overview,
    href: "/",
    key: "h",
    part: &PART,
    pages: &[PageRoute { path: "", part: &PART, page: Page::List }],
};

crate::domain_part!(overview, page);

fn page(_: Page, _: &PageParams) -> AnyView {
    view! { <cards::OverviewPage /> }.into_any()
}
