//! One folder per domain; each has a `mod.rs` exporting its pages. Which page a path shows is
//! decided here, in one `match` over the path within the console's prefix (`paths`): the
//! router has one catch-all route, so adding a domain adds a line here.

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
    Login,
    Home,
    Skills,
    Skill(String),
    Orders,
    Order(String),
    NotFound,
}

/// The page a path (without its query) shows.
pub fn page_of(path: &str) -> Page {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    match segments.as_slice() {
        [] => Page::Home,
        ["login"] => Page::Login,
        ["skills"] => Page::Skills,
        ["skills", id] => Page::Skill(id.to_string()),
        ["orders"] => Page::Orders,
        ["orders", id] => Page::Order(id.to_string()),
        _ => Page::NotFound,
    }
}

/// Sign-in, or the shell around every other page: the one view the router renders.
#[component]
pub fn Root() -> impl IntoView {
    let location = use_location();
    let signing_in = Memo::new(move |_| page_of(&crate::paths::within(&location.pathname.get())) == Page::Login);
    move || {
        if signing_in.get() {
            view! { <login::LoginPage/> }.into_any()
        } else {
            view! { <crate::components::shell::Shell/> }.into_any()
        }
    }
}

/// The current page inside the shell; it is rebuilt when the path changes, not when only the
/// query does.
#[component]
pub fn Pages() -> impl IntoView {
    let location = use_location();
    let page = Memo::new(move |_| page_of(&crate::paths::within(&location.pathname.get())));
    move || match page.get() {
        // The root view shows sign-in itself; the shell never holds it.
        Page::Login => ().into_any(),
        Page::Home => view! { <Redirect path=crate::paths::to("/skills")/> }.into_any(),
        Page::Skills => view! { <skills::SkillListPage/> }.into_any(),
        Page::Skill(id) => view! { <skills::SkillDetailPage skill_id=id/> }.into_any(),
        Page::Orders => view! { <orders::OrderListPage/> }.into_any(),
        Page::Order(id) => view! { <orders::OrderDetailPage order_id=id/> }.into_any(),
        Page::NotFound => view! { <not_found::NotFound/> }.into_any(),
    }
}
