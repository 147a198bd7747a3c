use leptos::prelude::*;

use crate::i18n::{common, tr};
use crate::router::A;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <div class="not-found">
            <h1>{tr(common::NotFound)}</h1>
            <A href=crate::paths::to("/")>{tr(common::BackToOverview)}</A>
        </div>
    }
}
