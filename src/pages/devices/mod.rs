//! Devices: the fleet list (filters, live state, bulk actions, CSV export), the registration
//! wizard that hands over the certificate package, and a page per device (facts and edit,
//! certificate re-issue, activation, firmware upgrades, alarms, instances). Its pages are a
//! wasm part of their own.

mod actions;
mod certificate;
mod detail;
mod impact;
mod list;
mod log_settings;
pub mod texts;
mod view;
mod wizard;

use leptos::prelude::*;

use crate::components::frame::part::{Domain, NavGroup, Page, PageParams, PageRoute};
use crate::i18n::common;

pub use actions::{run_upgrades, ActivateForm, UpgradeForm};
pub use list::{node_query, DeviceFilters};

pub const DOMAIN: Domain =
    Domain { group: NavGroup::Fleet, label: common::NavDevices, href: "/devices", key: "d", part: &PART, pages: PAGES };

const PAGES: &[PageRoute] = &[
    PageRoute { path: "", part: &PART, page: Page::List },
    PageRoute { path: "new", part: &wizard_part::PART, page: Page::New },
    PageRoute { path: ":id", part: &detail_part::PART, page: Page::Detail },
];

// Three parts, so none is over the part budget: the list (also the navigation's preload), the
// wizard, and the device page.
crate::domain_part!(devices, list_page);

mod wizard_part {
    crate::domain_part!(devices_new, super::wizard_page);
}

mod detail_part {
    crate::domain_part!(devices_page, super::detail_page);
}

fn list_page(_: Page, _: &PageParams) -> AnyView {
    view! { <list::DeviceListPage /> }.into_any()
}

fn wizard_page(_: Page, _: &PageParams) -> AnyView {
    view! { <wizard::RegisterDevicePage /> }.into_any()
}

fn detail_page(_: Page, params: &PageParams) -> AnyView {
    view! { <detail::DeviceDetailPage node_id=params.id.clone() /> }.into_any()
}
