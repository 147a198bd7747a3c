//! App deployments: the list (filters, sort, live state, pause / resume and delete), the
//! editor that checks every field rule as the user types (create and full update, a JSON tab,
//! a diff before an edit is applied, drafts kept in the browser), and a page per deployment
//! (facts and roll-out, the env / version change, adding devices, its instances and jobs, its
//! staged roll-outs and the form that starts one), and the live page of a staged roll-out.
//! Five wasm parts: the list, the editor and its form sections, the deployment page, and the
//! roll-outs (the live page, and the form and list the deployment page shows in its tabs).

pub mod config;
mod detail;
pub mod editor;
mod impact;
pub mod labels;
mod list;
pub mod rollouts;
pub mod texts;
mod view;

use leptos::prelude::*;

use crate::components::frame::part::{Domain, NavGroup, Page, PageParams, PageRoute};
use crate::i18n::common;

pub const DOMAIN: Domain = Domain {
    group: NavGroup::Apps,
    label: common::NavDeployments,
    href: "/deployments",
    key: "p",
    part: &PART,
    pages: PAGES,
};

const PAGES: &[PageRoute] = &[
    PageRoute { path: "", part: &PART, page: Page::List },
    PageRoute { path: "new", part: &editor_part::PART, page: Page::New },
    PageRoute { path: ":id/edit", part: &editor_part::PART, page: Page::Edit },
    PageRoute { path: ":id/rollouts/:rollout", part: &rollouts::part::PART, page: Page::Rollout },
    PageRoute { path: ":id", part: &detail_part::PART, page: Page::Detail },
];

crate::domain_part!(deployments, list_page);

mod editor_part {
    crate::domain_part!(deployments_new, super::editor_page);
}

mod detail_part {
    crate::domain_part!(deployments_page, super::detail_page);
}

fn list_page(_: Page, _: &PageParams) -> AnyView {
    view! { <list::DeploymentListPage /> }.into_any()
}

fn editor_page(page: Page, params: &PageParams) -> AnyView {
    let id = (page == Page::Edit).then(|| params.id.clone());
    view! { <editor::DeploymentEditorPage deployment_id=id /> }.into_any()
}

fn detail_page(_: Page, params: &PageParams) -> AnyView {
    view! { <detail::DeploymentDetailPage deployment_id=params.id.clone() /> }.into_any()
}
