//! Column sorting for lists whose API sorts (`sort=created_at:desc`, as config maps, secrets
//! and deployments take it): a header button that cycles ascending → descending → unsorted and
//! says its state to assistive technology (`aria-sort` on the header cell).

use leptos::prelude::*;

use crate::i18n::{tr, Txt};

/// The sort a list asks for: the model's one `Sort` (a column, the API's field name, and
/// whether it is descending).
pub use hilens_model::query::Sort;

/// What a click on `field`'s header makes of the current sort.
pub fn next(current: &Option<Sort>, field: &str) -> Option<Sort> {
    match current {
        Some(s) if s.field == field && !s.descending => Some(Sort { field: field.into(), descending: true }),
        Some(s) if s.field == field => None,
        _ => Some(Sort { field: field.into(), descending: false }),
    }
}

/// A sortable column header (`<th>`); `on_sort` gets the new sort.
#[component]
pub fn SortHeader(
    label: Txt,
    /// The API's name of the column.
    field: &'static str,
    #[prop(into)] current: Signal<Option<Sort>>,
    #[prop(into)] on_sort: Callback<Option<Sort>>,
) -> impl IntoView {
    let state = move || match current.get() {
        Some(s) if s.field == field => Some(s.descending),
        _ => None,
    };
    view! {
        <th
            scope="col"
            aria-sort=move || match state() {
                Some(false) => "ascending",
                Some(true) => "descending",
                None => "none",
            }
        >
            <button
                type="button"
                class="sort"
                data-testid=format!("sort-{field}")
                on:click=move |_| on_sort.run(next(&current.get_untracked(), field))
            >
                {tr(label)}
                <span aria-hidden="true">
                    {move || match state() {
                        Some(false) => " ▲",
                        Some(true) => " ▼",
                        None => "",
                    }}
                </span>
            </button>
        </th>
    }
}
