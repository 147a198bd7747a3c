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

// Three parts, so none is over the part budget: the list (also the navigation's preload), the
// wizard, and the device page.
crate::domain_part!(devices, list_page);

mod wizard_part {
    crate::domain_part!(devices_new, super::wizard_page);
}

mod detail_part {
    crate::domain_part!(devices_page, super::detail_page);
}

fn list_page(_: &'static str) -> AnyView {
    view! { <list::DeviceListPage/> }.into_any()
}

fn wizard_page(_: &'static str) -> AnyView {
    view! { <wizard::RegisterDevicePage/> }.into_any()
}

fn detail_page(_: &'static str) -> AnyView {
    let params = use_params_map();
    (move || view! { <detail::DeviceDetailPage node_id=params.get().get("id").unwrap_or_default()/> }).into_any()
}

#[component(transparent)]
pub fn DomainRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/devices") view=Outlet>
            <Route path=path!("") view=|| view! { <PartPage part=&PART page="list"/> }/>
            <Route path=path!("new") view=|| view! { <PartPage part=&wizard_part::PART page="new"/> }/>
            <Route path=path!(":id") view=|| view! { <PartPage part=&detail_part::PART page="detail"/> }/>
        </ParentRoute>
    }
    .into_inner()
}
