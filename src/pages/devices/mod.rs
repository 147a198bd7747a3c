//! Devices: the fleet list (filters, live state, bulk actions, CSV export), the registration
//! wizard that hands over the certificate package, and a page per device (facts and edit,
//! certificate re-issue, activation, firmware upgrades, alarms, instances). Its pages are a
//! wasm part of their own.

mod actions;
mod certificate;
mod detail;
mod list;
pub mod texts;
mod view;
mod wizard;

use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Route};
use leptos_router::hooks::use_params_map;
use leptos_router::path;

use crate::components::part::{Domain, PartPage};
use crate::i18n::T;

pub use actions::{ActivateForm, UpgradeForm};
pub use list::{node_query, DeviceFilters};

pub const DOMAIN: Domain = Domain { label: T::NavDevices, href: "/devices", key: "d", part: &PART };

crate::domain_part!(devices, page);

/// The part's pages by name.
fn page(name: &'static str) -> AnyView {
    match name {
        "new" => view! { <wizard::RegisterDevicePage/> }.into_any(),
        "detail" => {
            let params = use_params_map();
            (move || view! { <detail::DeviceDetailPage node_id=params.get().get("id").unwrap_or_default()/> }).into_any()
        }
        _ => view! { <list::DeviceListPage/> }.into_any(),
    }
}

#[component(transparent)]
pub fn DomainRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/devices") view=Outlet>
            <Route path=path!("") view=|| view! { <PartPage part=&PART page="list"/> }/>
            <Route path=path!("new") view=|| view! { <PartPage part=&PART page="new"/> }/>
            <Route path=path!(":id") view=|| view! { <PartPage part=&PART page="detail"/> }/>
        </ParentRoute>
    }
    .into_inner()
}
