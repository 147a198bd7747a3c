//! The firmware catalogue (`list_firmwares`): per hardware model, filtered by architecture and
//! OS, paged, in the URL; "upgrade devices to this" picks running devices of the firmware's
//! architecture and upgrades them. Its page is a wasm part of its own.

mod list;
pub mod texts;

use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Route};
use leptos_router::path;

use crate::components::part::{Domain, PartPage};
use crate::i18n::T;

pub const DOMAIN: Domain = Domain { label: T::NavFirmware, href: "/firmware", key: "f", part: &PART };

crate::domain_part!(firmware, page);

fn page(_: &'static str) -> AnyView {
    view! { <list::FirmwareListPage/> }.into_any()
}

#[component(transparent)]
pub fn DomainRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/firmware") view=Outlet>
            <Route path=path!("") view=|| view! { <PartPage part=&PART page="list"/> }/>
        </ParentRoute>
    }
    .into_inner()
}
