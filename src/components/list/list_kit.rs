//! What every list shows around its rows: a loading skeleton the first time, and once loaded
//! the time of the last answer with a refresh button (old rows stay while new ones load).

use leptos::prelude::*;
use stylers_macro::style_sheet;

use crate::i18n::{common, tr};

/// Now, as `HH:MM:SS` (24-hour) in the browser's time zone.
pub fn clock_now() -> String {
    js_sys::Date::new_0().to_locale_time_string("en-GB").into()
}

/// "Updated 12:03:45" and a refresh button; `updated` is set by the list when rows arrive.
#[component]
pub fn Freshness(updated: RwSignal<Option<String>>, #[prop(into)] on_refresh: Callback<()>) -> impl IntoView {
    const _: &str = include_str!("freshness.css");
    let class = style_sheet!("src/components/list/freshness.css");
    view! { class=class,
        <div class="freshness">
            <Show when=move || updated.with(Option::is_some)>
                <span class="muted" role="status" data-testid="updated">
                    {tr(common::LastUpdated)}
                    " "
                    {move || updated.get()}
                </span>
            </Show>
            <button type="button" data-testid="refresh" on:click=move |_| on_refresh.run(())>
                {tr(common::Refresh)}
            </button>
        </div>
    }
}

/// Grey bars where rows will be, while the first page loads.
#[component]
pub fn Skeleton() -> impl IntoView {
    const _: &str = include_str!("skeleton.css");
    let class = style_sheet!("src/components/list/skeleton.css");
    view! { class=class,
        <div class="skeleton" aria-busy="true" data-testid="skeleton">
            <span class="visually-hidden">{tr(common::Loading)}</span>
            <div class="skeleton-row skeleton-bar"></div>
            <div class="skeleton-row skeleton-bar"></div>
            <div class="skeleton-row skeleton-bar"></div>
            <div class="skeleton-row skeleton-bar"></div>
            <div class="skeleton-row skeleton-bar"></div>
        </div>
    }
}
