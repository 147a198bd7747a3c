//! The audit log: who did what, newest first, filtered by user, operation, status and time
//! (all in the URL), read again while the tab is visible, as CSV, each record linking to the
//! resource it touched. Reading it needs `audit:read` (admins). Its page is a wasm part of its
//! own.

mod list;
pub mod operations;
pub mod texts;

use leptos::prelude::*;

use crate::components::frame::part::{Domain, NavGroup, Page, PageParams, PageRoute};

pub use list::resource_link;

pub const DOMAIN: Domain = Domain {
    group: NavGroup::Team,
    label: texts::NavAudit,
    href: "/audit",
    key: "u",
    part: &PART,
    pages: &[PageRoute { path: "", part: &PART, page: Page::List }],
};

crate::domain_part!(audit, render);

fn render(_: Page, _: &PageParams) -> AnyView {
    view! { <list::AuditPage /> }.into_any()
}
