//! The firmware catalogue (`list_firmwares`): per hardware model, filtered by architecture and
//! OS, paged, in the URL; "upgrade devices to this" picks running devices of the firmware's
//! architecture and upgrades them. Its page is a wasm part of its own.

mod list;
pub mod texts;

use leptos::prelude::*;

use crate::components::frame::part::{Domain, NavGroup, Page, PageParams, PageRoute};
use crate::i18n::common;

pub const DOMAIN: Domain = Domain {
    group: NavGroup::Fleet,
    label: common::NavFirmware,
    href: "/firmware",
    key: "f",
    part: &PART,
    pages: &[PageRoute { path: "", part: &PART, page: Page::List }],
};

crate::domain_part!(firmware, page);

fn page(_: Page, _: &PageParams) -> AnyView {
    view! { <list::FirmwareListPage /> }.into_any()
}
