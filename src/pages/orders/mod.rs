//! Skill orders: the project's orders, filtered by skill name and form and paged (all in the
//! URL), and one order's detail; an order can be made its skill's default from either. Its
//! pages are a wasm part of their own.

mod actions;
mod detail;
pub mod texts;
mod list;

use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Route};
use leptos_router::hooks::use_params_map;
use leptos_router::path;

use crate::components::part::{Domain, PartPage};
use crate::pages::orders::texts::O;

pub use detail::OrderDetailPage;
pub use list::OrderListPage;

pub const DOMAIN: Domain = Domain { label: O::NavOrders, href: "/orders", key: "o", part: &PART };

crate::domain_part!(orders, page);

/// The part's pages by name.
fn page(name: &'static str) -> AnyView {
    match name {
        "detail" => {
            let params = use_params_map();
            (move || view! { <OrderDetailPage order_id=params.get().get("id").unwrap_or_default()/> }).into_any()
        }
        _ => view! { <OrderListPage/> }.into_any(),
    }
}

#[component(transparent)]
pub fn DomainRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/orders") view=Outlet>
            <Route path=path!("") view=|| view! { <PartPage part=&PART page="list"/> }/>
            <Route path=path!(":id") view=|| view! { <PartPage part=&PART page="detail"/> }/>
        </ParentRoute>
    }
    .into_inner()
}
