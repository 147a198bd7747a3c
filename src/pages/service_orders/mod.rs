//! Running-service orders (`list_platform_manager`): what each order allows and how much of it
//! is used, as a bar, and the devices activated with it. Its page is a wasm part of its own.

mod list;
pub mod texts;

use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Route};
use leptos_router::path;

use crate::components::part::{Domain, PartPage};
use texts::P;

pub const DOMAIN: Domain = Domain { label: P::NavServiceOrders, href: "/service-orders", key: "r", part: &PART };

crate::domain_part!(service_orders, page);

fn page(_: &'static str) -> AnyView {
    view! { <list::ServiceOrderListPage/> }.into_any()
}

#[component(transparent)]
pub fn DomainRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/service-orders") view=Outlet>
            <Route path=path!("") view=|| view! { <PartPage part=&PART page="list"/> }/>
        </ParentRoute>
    }
    .into_inner()
}
