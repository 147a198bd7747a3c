//! App deployments: the list (filters, sort, live state, pause / resume and delete), the
//! editor that checks every field rule as the user types (create and full update, a JSON tab,
//! a diff before an edit is applied, drafts kept in the browser), and a page per deployment
//! (facts and roll-out, the env / version change, adding devices, its instances and jobs).
//! Three wasm parts: the list, the editor, and the deployment page.

mod detail;
pub mod editor;
mod list;
pub mod texts;
mod view;

use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Route};
use leptos_router::hooks::use_params_map;
use leptos_router::path;

use crate::components::part::{Domain, PartPage};
use crate::i18n::T;

pub const DOMAIN: Domain = Domain { label: T::NavDeployments, href: "/deployments", key: "p", part: &PART };

crate::domain_part!(deployments, list_page);

mod editor_part {
    crate::domain_part!(deployments_new, super::editor_page);
}

mod detail_part {
    crate::domain_part!(deployments_page, super::detail_page);
}

fn list_page(_: &'static str) -> AnyView {
    view! { <list::DeploymentListPage/> }.into_any()
}

fn editor_page(name: &'static str) -> AnyView {
    let params = use_params_map();
    (move || {
        let id = (name == "edit").then(|| params.get().get("id").unwrap_or_default());
        view! { <editor::DeploymentEditorPage deployment_id=id/> }
    })
    .into_any()
}

fn detail_page(_: &'static str) -> AnyView {
    let params = use_params_map();
    (move || view! { <detail::DeploymentDetailPage deployment_id=params.get().get("id").unwrap_or_default()/> }).into_any()
}

#[component(transparent)]
pub fn DomainRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/deployments") view=Outlet>
            <Route path=path!("") view=|| view! { <PartPage part=&PART page="list"/> }/>
            <Route path=path!("new") view=|| view! { <PartPage part=&editor_part::PART page="new"/> }/>
            <Route path=path!(":id/edit") view=|| view! { <PartPage part=&editor_part::PART page="edit"/> }/>
            <Route path=path!(":id") view=|| view! { <PartPage part=&detail_part::PART page="detail"/> }/>
        </ParentRoute>
    }
    .into_inner()
}
