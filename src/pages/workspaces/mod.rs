//! Workspaces: the project's workspaces (every workspace-scoped list and form follows the one
//! chosen in the top bar), created, described and deleted here; a workspace that still holds
//! resources is not deleted, and its page says what it holds, with links. Its pages are a wasm
//! part of their own.

mod detail;
mod list;
pub mod texts;

use leptos::prelude::*;

use crate::components::frame::part::{Domain, NavGroup, Page, PageParams, PageRoute};
use crate::i18n::common;

pub const DOMAIN: Domain = Domain {
    group: NavGroup::Config,
    label: common::NavWorkspaces,
    href: "/workspaces",
    key: "w",
    part: &PART,
    pages: PAGES,
};

const PAGES: &[PageRoute] = &[
    PageRoute { path: "", part: &PART, page: Page::List },
    PageRoute { path: ":id", part: &PART, page: Page::Detail },
];

crate::domain_part!(workspaces, page);

fn page(page: Page, params: &PageParams) -> AnyView {
    match page {
        Page::Detail => view! { <detail::WorkspaceDetailPage workspace_id=params.id.clone() /> }.into_any(),
        _ => view! { <list::WorkspaceListPage /> }.into_any(),
    }
}
