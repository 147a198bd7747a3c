//! A coloured state badge: the state's name, and what it means (and what to do) as its tooltip
//! and, for screen readers, as text.

use leptos::prelude::*;

use crate::i18n::Txt;
use crate::state::use_app;

/// How a state reads at a glance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Ok,
    Warn,
    Danger,
    Neutral,
}

impl Tone {
    pub fn class(self) -> &'static str {
        match self {
            Tone::Ok => "badge badge-ok",
            Tone::Warn => "badge badge-warn",
            Tone::Danger => "badge badge-danger",
            Tone::Neutral => "badge",
        }
    }
}

/// `label` in its tone; `hint` (if any) as the tooltip and as hidden text after the label. A
/// value without a text of its own is shown as it is.
pub fn badge(tone: Tone, label: Option<Txt>, raw: &str, hint: Option<Txt>, testid: &'static str) -> AnyView {
    let app = use_app();
    let raw = raw.to_string();
    let shown = move || label.map(|l| app.t(l).to_string()).unwrap_or_else(|| raw.clone());
    view! {
        <span class=tone.class() data-testid=testid title=move || hint.map(|h| app.t(h))>
            {shown}
            {hint.map(|h| view! { <span class="visually-hidden">{move || format!(": {}", app.t(h))}</span> })}
        </span>
    }
    .into_any()
}
