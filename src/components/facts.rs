//! A detail page's facts: labelled values in a two-pair-per-line grid, and the small views
//! values are made of (text or "-", numbers, chips). Every detail page uses it, so they look
//! and read the same.

use leptos::prelude::*;
use stylers_macro::style_sheet;

use crate::i18n::{tr, Txt};

/// A text, or "-" when there is none.
pub fn text(v: Option<String>) -> AnyView {
    v.filter(|s| !s.is_empty()).unwrap_or_else(|| "-".into()).into_any()
}

/// An API value in words where the console knows it (`words`), else as it is; "-" when there
/// is none.
pub fn text_in_words(v: Option<String>, words: fn(&str) -> Option<Txt>) -> AnyView {
    match v.filter(|s| !s.is_empty()) {
        Some(v) => crate::i18n::worded(words(&v), &v).into_any(),
        None => "-".into_any(),
    }
}

/// A number, or "-".
pub fn number(v: Option<i64>) -> AnyView {
    v.map(|n| n.to_string()).unwrap_or_else(|| "-".into()).into_any()
}

/// Items as chips: a long one is cut with an ellipsis on one line, whole in its tooltip; "-"
/// for none, as an empty text.
pub fn chips(items: Vec<String>) -> AnyView {
    if items.is_empty() {
        return "-".into_any();
    }
    const _: &str = include_str!("chips.css");
    let class = style_sheet!("src/components/chips.css");
    view! { class=class,
        <span class="chips">
            {items
                .into_iter()
                .map(|i| {
                    let whole = i.clone();
                    view! { class=class,
                        <span class="chip" title=whole>
                            {i}
                        </span>
                    }
                })
                .collect_view()}
        </span>
    }
    .into_any()
}

/// The facts, in order.
#[component]
pub fn Facts(rows: Vec<(Txt, AnyView)>) -> impl IntoView {
    const _: &str = include_str!("facts.css");
    let class = style_sheet!("src/components/facts.css");
    view! { class=class,
        <dl class="facts">
            {rows
                .into_iter()
                .map(|(key, value)| {
                    view! { class=class,
                        <dt class="muted">{tr(key)}</dt>
                        <dd>{value}</dd>
                    }
                })
                .collect_view()}
        </dl>
    }
}
