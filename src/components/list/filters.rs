//! The filter bar's pieces: the search form (a card with Search and Reset), and a drop-down
//! filter. Text filters are rule-checked fields (`field::TextField`) that are drafts until
//! searched.

use leptos::prelude::*;
use stylers_macro::style_sheet;

use crate::components::form::field::option_views;
use crate::i18n::{common, tr, Txt};
use crate::state::use_app;

/// The filter form: its fields, then Search (submits) and Reset. `testid` names the form,
/// `buttons` prefixes its buttons' (`<buttons>-search`, or `search` without a prefix).
#[component]
pub fn FilterForm(
    testid: &'static str,
    #[prop(optional)] buttons: &'static str,
    #[prop(into)] on_search: Callback<()>,
    #[prop(into)] on_reset: Callback<()>,
    children: Children,
) -> impl IntoView {
    const _: &str = include_str!("filter_form.css");
    let class = style_sheet!("src/components/list/filter_form.css");
    // On a phone the filters fold under "Filters", so the list shows on the first screen; they
    // are open when the page was opened with a filter in its address. The fold follows the
    // window's width (a turned phone), not its height (the keyboard); turned wide, the filters
    // show whatever the fold was.
    let narrow = RwSignal::new(narrow_window());
    let resized = window_event_listener(leptos::ev::resize, move |_| {
        let now = narrow_window();
        if narrow.get_untracked() != now {
            narrow.set(now);
        }
    });
    on_cleanup(move || resized.remove());
    let open = RwSignal::new(filtered_address());
    view! { class=class,
        <details
            class="filter-fold card"
            class:folded=move || narrow.get()
            prop:open=move || !narrow.get() || open.get()
            on:toggle=move |ev| open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())
        >
            <summary class="fold-toggle">{tr(common::Filters)}</summary>
            <form
                class="filter-form"
                role="search"
                data-testid=testid
                on:submit=move |ev| {
                    ev.prevent_default();
                    on_search.run(());
                }
            >
                {children()}
                <div class="filter-buttons">
                    <button type="submit" class="primary" data-testid=button_testid(buttons, "search")>
                        {tr(common::Search)}
                    </button>
                    <button
                        type="button"
                        data-testid=button_testid(buttons, "reset")
                        on:click=move |_| on_reset.run(())
                    >
                        {tr(common::Reset)}
                    </button>
                </div>
            </form>
        </details>
    }
}

/// Whether the address holds a filter (a query key besides the page, its size, the sort and
/// the view).
fn filtered_address() -> bool {
    let query = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    query
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split('=').next())
        .any(|key| !key.is_empty() && !["page", "size", "sort", "view"].contains(&key))
}

/// Whether the window is as narrow as a phone's (the width at which the layout folds).
fn narrow_window() -> bool {
    web_sys::window().and_then(|w| w.match_media("(max-width: 820px)").ok().flatten()).is_some_and(|m| m.matches())
}

fn button_testid(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}-{name}")
    }
}

/// A drop-down filter: "any" plus `options` (value, translated label or the value itself). Not
/// generic (a `Callback`, an `AnyView`), so all its uses share one copy in the bundle.
pub fn select_filter(
    label: Txt,
    testid: &'static str,
    options: Vec<(String, Option<Txt>)>,
    current: Signal<String>,
    on_change: Callback<String>,
) -> AnyView {
    let app = use_app();
    const _: &str = include_str!("select_filter.css");
    let class = style_sheet!("src/components/list/select_filter.css");
    view! { class=class,
        <label class="select-filter">
            <span class="muted">{move || app.t(label)}</span>
            <select
                data-testid=testid
                prop:value=move || current.get()
                on:change=move |ev| on_change.run(event_target_value(&ev))
            >
                <option value="">{tr(common::Any)}</option>
                {option_views(options)}
            </select>
        </label>
    }
    .into_any()
}

/// Options from a list of values, labelled by `label` where it has a text for the value.
pub fn options(values: &[&'static str], label: fn(&str) -> Option<Txt>) -> Vec<(String, Option<Txt>)> {
    values.iter().map(|v| (v.to_string(), label(v))).collect()
}

/// A multi-select filter: a group of checkboxes whose chosen values the view keeps (one URL
/// parameter); `on_toggle` gets the value ticked or unticked.
pub fn checks_filter(
    label: Txt,
    testid: &'static str,
    options: Vec<(String, Option<Txt>)>,
    is_chosen: Callback<String, bool>,
    on_toggle: Callback<String>,
) -> AnyView {
    let app = use_app();
    const _: &str = include_str!("checks_filter.css");
    let class = style_sheet!("src/components/list/checks_filter.css");
    view! { class=class,
        <fieldset class="checks-filter" data-testid=testid>
            <legend class="muted">{tr(label)}</legend>
            {options
                .into_iter()
                .map(|(value, text)| {
                    let (checked, toggled, shown) = (value.clone(), value.clone(), value.clone());
                    view! { class=class,
                        <label class="check">
                            <input
                                type="checkbox"
                                value=value
                                prop:checked=move || is_chosen.run(checked.clone())
                                on:change=move |_| on_toggle.run(toggled.clone())
                            />
                            {move || text.map(|t| app.t(t).to_string()).unwrap_or_else(|| shown.clone())}
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
    }
    .into_any()
}

/// The rule of a tag filter as typed: `key=value` pairs separated by commas, each with the tag
/// rules (use with a `TextField`; the list's codec reads the same text).
pub fn tag_filter_rule(text: &str) -> Result<(), hilens_model::error::FieldError> {
    use hilens_model::query::{Codec, EqualsTags};
    EqualsTags.read("tags", text).map(|_| ())
}
