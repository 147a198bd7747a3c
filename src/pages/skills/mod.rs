//! The skill market: a filtered, paged list whose whole state lives in the URL, and a detail
//! page per skill. Its pages are a wasm part of their own.

mod detail;
mod list;
pub mod texts;
pub mod view_state;

use leptos::prelude::*;

use crate::components::frame::part::{Domain, NavGroup, Page, PageParams, PageRoute};

pub use detail::SkillDetailPage;
pub use list::SkillListPage;

pub const DOMAIN: Domain =
    Domain { group: NavGroup::Market, label: texts::NavSkills, href: "/skills", key: "s", part: &PART, pages: PAGES };

const PAGES: &[PageRoute] = &[
    PageRoute { path: "", part: &PART, page: Page::List },
    PageRoute { path: ":id", part: &PART, page: Page::Detail },
];

crate::domain_part!(skills, page);

/// The part's pages.
fn page(page: Page, params: &PageParams) -> AnyView {
    match page {
        Page::Detail => view! { <SkillDetailPage skill_id=params.id.clone() /> }.into_any(),
        _ => view! { <SkillListPage /> }.into_any(),
    }
}
