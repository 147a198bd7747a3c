//! Server-side paging: total, page size choice, previous/next. Pages are 1-based in the UI;
//! the API takes `offset` and `limit` (at most 100).

use leptos::prelude::*;
use stylers_macro::style_sheet;

use crate::i18n::{common, tr};
use crate::state::use_app;

pub const PAGE_SIZES: &[u32] = &[10, 20, 50, 100];

/// How many pages `total` rows make at `size` per page (at least 1, so "page 1 of 1" when empty).
pub fn page_count(total: u64, size: u32) -> u32 {
    let size = u64::from(size.max(1));
    u32::try_from(total.div_ceil(size)).unwrap_or(u32::MAX).max(1)
}

/// The API's `offset` for 1-based `page`.
pub fn offset(page: u32, size: u32) -> u32 {
    page.saturating_sub(1).saturating_mul(size)
}

#[component]
pub fn Pager(
    #[prop(into)] total: Signal<u64>,
    #[prop(into)] page: Signal<u32>,
    #[prop(into)] size: Signal<u32>,
    #[prop(into)] on_page: Callback<u32>,
    #[prop(into)] on_size: Callback<u32>,
) -> impl IntoView {
    let app = use_app();
    let pages = move || page_count(total.get(), size.get());
    const _: &str = include_str!("pager.css");
    let class = style_sheet!("src/components/list/pager.css");
    view! { class=class,
        <div class="pager" role="navigation" aria-label=tr(common::Page)>
            <span class="count muted" data-testid="total">
                {move || {
                    let n = total.get();
                    format!("{} {n} {}", app.t(common::Total), app.t(if n == 1 { common::Item } else { common::Items }))
                }}
            </span>
            <label>
                {tr(common::PageSize)} " "
                <select
                    data-testid="page-size"
                    prop:value=move || size.get().to_string()
                    on:change=move |ev| on_size.run(event_target_value(&ev).parse().unwrap_or(PAGE_SIZES[0]))
                >
                    {PAGE_SIZES
                        .iter()
                        .map(|s| view! { <option value=s.to_string()>{s.to_string()}</option> })
                        .collect_view()}
                </select>
            </label>
            <button
                type="button"
                data-testid="prev-page"
                disabled=move || { page.get() <= 1 }
                on:click=move |_| on_page.run(page.get().saturating_sub(1).max(1))
            >
                {tr(common::Previous)}
            </button>
            <span data-testid="page-indicator">{move || format!("{} / {}", page.get(), pages())}</span>
            <button
                type="button"
                data-testid="next-page"
                disabled=move || { page.get() >= pages() }
                on:click=move |_| on_page.run(page.get() + 1)
            >
                {tr(common::Next)}
            </button>
        </div>
    }
}
