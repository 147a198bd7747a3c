//! Workspaces: the project's workspaces (every workspace-scoped list and form follows the one
//! chosen in the top bar), created, described and deleted here; a workspace that still holds
//! resources is not deleted, and its page says what it holds, with links. Its pages are a wasm
//! part of their own.

mod detail;
mod list;
pub mod texts;

use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Route};
use leptos_router::hooks::use_params_map;
use leptos_router::path;

use crate::components::part::{Domain, PartPage};
use crate::i18n::T;

pub const DOMAIN: Domain = Domain { label: T::NavWorkspaces, href: "/workspaces", key: "w", part: &PART };

crate::domain_part!(workspaces, page);

fn page(name: &'static str) -> AnyView {
    match name {
        "detail" => {
            let params = use_params_map();
            (move || view! { <detail::WorkspaceDetailPage workspace_id=params.get().get("id").unwrap_or_default()/> }).into_any()
        }
        _ => view! { <list::WorkspaceListPage/> }.into_any(),
    }
}

#[component(transparent)]
pub fn DomainRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/workspaces") view=Outlet>
            <Route path=path!("") view=|| view! { <PartPage part=&PART page="list"/> }/>
            <Route path=path!(":id") view=|| view! { <PartPage part=&PART page="detail"/> }/>
        </ParentRoute>
    }
    .into_inner()
}
