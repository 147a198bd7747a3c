use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{tr, T};

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <div class="not-found">
            <h1>{tr(T::NotFound)}</h1>
            <A href=crate::paths::to("/")>{tr(T::BackToOverview)}</A>
        </div>
    }
}
