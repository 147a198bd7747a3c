//! Jobs of a deployment (`list_tasks`, `create_task`, `show_task`, `update_task`,
//! `delete_task`): the list per deployment, a form with every rule of the model's `tasks.rs`
//! (streams limited by the deployment's smallest channel limit), and a page per job with its
//! status counters. Its pages are a wasm part of their own.

mod detail;
mod form;
mod list;
pub mod texts;

use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Route};
use leptos_router::hooks::use_params_map;
use leptos_router::path;

use crate::components::part::{Domain, PartPage};
use crate::i18n::T;

pub const DOMAIN: Domain = Domain { label: T::NavJobs, href: "/jobs", key: "j", part: &PART };

crate::domain_part!(jobs, page);

fn page(name: &'static str) -> AnyView {
    let params = use_params_map();
    let param = move |key: &str| params.with(|p| p.get(key)).unwrap_or_default();
    match name {
        "new" => view! { <form::JobFormPage deployment_id=None task_id=None/> }.into_any(),
        "edit" => (move || view! { <form::JobFormPage deployment_id=Some(param("deployment")) task_id=Some(param("task"))/> }).into_any(),
        "detail" => (move || view! { <detail::JobDetailPage deployment_id=param("deployment") task_id=param("task")/> }).into_any(),
        _ => view! { <list::JobListPage/> }.into_any(),
    }
}

#[component(transparent)]
pub fn DomainRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/jobs") view=Outlet>
            <Route path=path!("") view=|| view! { <PartPage part=&PART page="list"/> }/>
            <Route path=path!("new") view=|| view! { <PartPage part=&PART page="new"/> }/>
            <Route path=path!(":deployment/:task") view=|| view! { <PartPage part=&PART page="detail"/> }/>
            <Route path=path!(":deployment/:task/edit") view=|| view! { <PartPage part=&PART page="edit"/> }/>
        </ParentRoute>
    }
    .into_inner()
}

/// The deployments to choose from (`show_deployments`, the first 100), as (id, name).
pub async fn deployment_choices() -> Vec<(String, String)> {
    let q = hilens_model::deployments::DeploymentListQuery { limit: Some(100), ..Default::default() };
    crate::api::deployments::show_deployments(&q)
        .await
        .map(|l| l.deployments.into_iter().map(|d| (d.id, d.name)).collect())
        .unwrap_or_default()
}
