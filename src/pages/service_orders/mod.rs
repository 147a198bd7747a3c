//! Running-service orders (`list_platform_manager`): what each order allows and how much of it
//! is used, as a bar, and the devices activated with it. Its page is a wasm part of its own.

mod list;
pub mod texts;

use leptos::prelude::*;

use crate::components::frame::part::{Domain, NavGroup, Page, PageParams, PageRoute};

pub const DOMAIN: Domain = Domain {
    group: NavGroup::Fleet,
    label: texts::NavServiceOrders,
    href: "/service-orders",
    key: "r",
    part: &PART,
    pages: &[PageRoute { path: "", part: &PART, page: Page::List }],
};

crate::domain_part!(service_orders, page);

fn page(_: Page, _: &PageParams) -> AnyView {
    view! { <list::ServiceOrderListPage /> }.into_any()
}
