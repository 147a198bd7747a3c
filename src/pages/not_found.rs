use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::T;
use crate::state::use_app;

#[component]
pub fn NotFound() -> impl IntoView {
    let app = use_app();
    view! {
        <main class="not-found">
            <h1>{move || app.t(T::NotFound)}</h1>
            <A href="/skills">{move || app.t(T::BackToMarket)}</A>
        </main>
    }
}
