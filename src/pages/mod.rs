//! One folder per domain; each has a `mod.rs` exporting its pages. Which page a path shows is
//! decided here, in one `match`: the router renders this one component for every path inside
//! the shell, which keeps its generated code (one copy per route) small as domains are added.

pub mod login;
pub mod not_found;
pub mod orders;
pub mod skills;

use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

/// A page of the console, from its path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page {
    Home,
    Skills,
    Skill(String),
    Orders,
    NotFound,
}

/// The page a path (without its query) shows.
pub fn page_of(path: &str) -> Page {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    match segments.as_slice() {
        [] => Page::Home,
        ["skills"] => Page::Skills,
        ["skills", id] => Page::Skill(id.to_string()),
        ["orders"] => Page::Orders,
        _ => Page::NotFound,
    }
}

/// The current page; it is rebuilt when the path changes, not when only the query does.
#[component]
pub fn Pages() -> impl IntoView {
    let location = use_location();
    let page = Memo::new(move |_| page_of(&location.pathname.get()));
    move || match page.get() {
        Page::Home => view! { <Redirect path="/skills"/> }.into_any(),
        Page::Skills => view! { <skills::SkillListPage/> }.into_any(),
        Page::Skill(id) => view! { <skills::SkillDetailPage skill_id=id/> }.into_any(),
        Page::Orders => view! { <orders::OrderListPage/> }.into_any(),
        Page::NotFound => view! { <not_found::NotFound/> }.into_any(),
    }
}
