//! Skill orders: the project's orders, filtered by skill name and form and paged (all in the
//! URL), and one order's detail; an order can be made its skill's default from either. Its
//! pages are a wasm part of their own.

mod actions;
mod detail;
mod list;
pub mod texts;

use leptos::prelude::*;

use crate::components::frame::part::{Domain, NavGroup, Page, PageParams, PageRoute};

pub use detail::OrderDetailPage;
pub use list::OrderListPage;

pub const DOMAIN: Domain =
    Domain { group: NavGroup::Market, label: texts::NavOrders, href: "/orders", key: "o", part: &PART, pages: PAGES };

const PAGES: &[PageRoute] = &[
    PageRoute { path: "", part: &PART, page: Page::List },
    PageRoute { path: ":id", part: &PART, page: Page::Detail },
];

crate::domain_part!(orders, page);

/// The part's pages.
fn page(page: Page, params: &PageParams) -> AnyView {
    match page {
        Page::Detail => view! { <OrderDetailPage order_id=params.id.clone() /> }.into_any(),
        _ => view! { <OrderListPage /> }.into_any(),
    }
}
