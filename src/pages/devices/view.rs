//! How a device's values are shown on the list and its page: state and activation badges with
//! what they mean, the firmware with a running upgrade's progress, tags as chips.

use hilens_model::common::PageQuery;
use hilens_model::firmware::UPGRADING;
use hilens_model::nodes::Node;
use hilens_model::tags::Tag;
use leptos::prelude::*;

use crate::api;
use crate::components::badge::{badge, Tone};
use crate::components::facts::chips;
use crate::i18n::tr;
use crate::pages::devices::texts;

/// The device's state, coloured, with what it means and what to do as its tooltip.
pub fn state_badge(state: &str) -> AnyView {
    let tone = match state {
        "RUNNING" => Tone::Ok,
        "UNCONNECTED" => Tone::Warn,
        "STOPPED" => Tone::Neutral,
        _ => Tone::Danger,
    };
    let (label, hint) = texts::state(state).map_or((None, None), |(l, h)| (Some(l), Some(h)));
    badge(tone, label, state, hint, "device-state")
}

pub fn active_badge(status: &str) -> AnyView {
    let tone = match status {
        "ACTIVATED" => Tone::Ok,
        "EXPIRED" => Tone::Danger,
        _ => Tone::Neutral,
    };
    badge(tone, texts::active_status(status), status, None, "device-active")
}

pub fn tag_chips(tags: &[Tag]) -> AnyView {
    chips(tags.iter().map(|t| format!("{}={}", t.key, t.value)).collect())
}

/// The firmware version, and while an upgrade runs, where it goes and how far it is.
pub fn firmware_cell(n: &Node) -> AnyView {
    let version = n.firmware_version.clone().unwrap_or_else(|| "-".into());
    let upgrading = n.firmware_status.as_deref().and_then(|s| s.parse::<i64>().ok()) == Some(UPGRADING);
    let target = n.upgrade_firmware_version.clone();
    let id = n.id.clone();
    view! {
        <span data-testid="device-firmware">{version}</span>
        {(upgrading && target.is_some())
            .then(|| {
                view! {
                    " "
                    <UpgradingNote node_id=id target=target.unwrap_or_default() />
                }
            })}
    }
    .into_any()
}

/// "→ 1.2.3 upgrading 40 %": the progress is read once per render (the list's live refresh
/// renders the row again).
#[component]
fn UpgradingNote(node_id: String, target: String) -> impl IntoView {
    let progress = LocalResource::new(move || {
        let id = node_id.clone();
        async move { api::firmware::show_upgrade_progress(&id, &PageQuery::default()).await.ok() }
    });
    view! {
        <span class="muted" data-testid="device-upgrading">
            {format!("→ {target} ")}
            {tr(texts::Upgrading)}
            {move || progress.get().flatten().map(|p| format!(" {} %", p.progress))}
        </span>
    }
}
