//! The skill market: a filtered, paged list whose whole state lives in the URL, and a detail
//! page per skill. Its pages are a wasm part of their own.

mod detail;
pub mod texts;
mod list;
pub mod view_state;

use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Route};
use leptos_router::hooks::use_params_map;
use leptos_router::path;

use crate::components::part::{Domain, PartPage};
use crate::pages::skills::texts::S;

pub use detail::SkillDetailPage;
pub use list::SkillListPage;

pub const DOMAIN: Domain = Domain { label: S::NavSkills, href: "/skills", key: "s", part: &PART };

crate::domain_part!(skills, page);

/// The part's pages by name.
fn page(name: &'static str) -> AnyView {
    match name {
        "detail" => {
            let params = use_params_map();
            (move || view! { <SkillDetailPage skill_id=params.get().get("id").unwrap_or_default()/> }).into_any()
        }
        _ => view! { <SkillListPage/> }.into_any(),
    }
}

#[component(transparent)]
pub fn DomainRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/skills") view=Outlet>
            <Route path=path!("") view=|| view! { <PartPage part=&PART page="list"/> }/>
            <Route path=path!(":id") view=|| view! { <PartPage part=&PART page="detail"/> }/>
        </ParentRoute>
    }
    .into_inner()
}
