//! Access: who the signed-in user is, how they signed in, their role, workspaces and
//! permissions, and their API tokens (made with the token shown once, revoked); admins also see
//! and revoke everyone's tokens. Its page is a wasm part of its own.

mod page;
pub mod texts;

use leptos::prelude::*;

use crate::components::frame::part::{Domain, NavGroup, Page, PageParams, PageRoute};

pub const DOMAIN: Domain = Domain {
    group: NavGroup::Team,
    label: texts::NavAccess,
    href: "/access",
    key: "m",
    part: &PART,
    pages: &[PageRoute { path: "", part: &PART, page: Page::List }],
};

crate::domain_part!(access, render);

fn render(_: Page, _: &PageParams) -> AnyView {
    view! { <page::AccessPage /> }.into_any()
}
