//! Jobs of a deployment (`list_tasks`, `create_task`, `show_task`, `update_task`,
//! `delete_task`): the list per deployment, a form with every rule of the model's `tasks.rs`
//! (streams limited by the deployment's smallest channel limit), and a page per job with its
//! status counters. Its pages are a wasm part of their own.

mod detail;
mod form;
mod list;
pub mod texts;

use leptos::prelude::*;

use crate::components::frame::part::{Domain, NavGroup, Page, PageParams, PageRoute};
use crate::i18n::common;

pub const DOMAIN: Domain =
    Domain { group: NavGroup::Apps, label: common::NavJobs, href: "/jobs", key: "j", part: &PART, pages: PAGES };

const PAGES: &[PageRoute] = &[
    PageRoute { path: "", part: &PART, page: Page::List },
    PageRoute { path: "new", part: &PART, page: Page::New },
    PageRoute { path: ":deployment/:task", part: &PART, page: Page::Detail },
    PageRoute { path: ":deployment/:task/edit", part: &PART, page: Page::Edit },
];

crate::domain_part!(jobs, page);

fn page(page: Page, params: &PageParams) -> AnyView {
    match page {
        Page::New => view! { <form::JobFormPage deployment_id=None task_id=None /> }.into_any(),
        Page::Edit => view! { <form::JobFormPage deployment_id=Some(params.deployment.clone()) task_id=Some(params.task.clone()) /> }.into_any(),
        Page::Detail => view! { <detail::JobDetailPage deployment_id=params.deployment.clone() task_id=params.task.clone() /> }.into_any(),
        _ => view! { <list::JobListPage /> }.into_any(),
    }
}

/// The deployments to choose from (`show_deployments`, the first 100), as (id, name).
pub async fn deployment_choices() -> Vec<(String, String)> {
    let q = hilens_model::deployments::DeploymentListQuery { limit: Some(100), ..Default::default() };
    crate::api::deployments::show_deployments(&q)
        .await
        .map(|l| l.deployments.into_iter().map(|d| (d.id, d.name)).collect())
        .unwrap_or_default()
}
