//! How a deployment reads at a glance: its state badge, its source, its targets.

use hilens_model::deployments::{Deployment, Health};
use leptos::prelude::*;

use super::texts;
use crate::components::badge::{badge, Tone};
use crate::state::use_app;

/// The health's badge (the model's [`Health`]), with what it means as its tooltip (and hidden
/// text); Degraded says how many instances are ready of how many.
pub fn health_badge(d: &Deployment, pods: Option<&[&str]>) -> AnyView {
    let health = d.health(pods);
    let (tone, label, hint) = match health {
        Health::Paused => (Tone::Neutral, texts::StatePaused, texts::HintPaused),
        Health::Creating => (Tone::Warn, texts::StateCreating, texts::HintCreating),
        Health::Degraded { .. } => (Tone::Warn, texts::StateDegraded, texts::HintDegraded),
        Health::Running => (Tone::Ok, texts::StateRunning, texts::HintRunning),
        Health::Failed => (Tone::Danger, texts::StateFailed, texts::HintFailed),
        Health::Other => return badge(Tone::Neutral, None, &d.state, None, "deployment-state"),
    };
    match health {
        Health::Degraded { ready, desired } => {
            let app = use_app();
            view! {
                <span class="badge badge-warn" data-testid="deployment-state" title=move || app.t(hint)>
                    {move || format!("{} ({ready}/{desired})", app.t(label))}
                    <span class="visually-hidden">{move || format!(": {}", app.t(hint))}</span>
                </span>
            }
            .into_any()
        }
        _ => badge(tone, Some(label), &d.state, Some(hint), "deployment-state"),
    }
}

/// The source in words.
pub fn source_label(source: &str) -> AnyView {
    crate::i18n::worded(texts::source(source), source).into_any()
}

/// Where it runs: "3 devices" or the cluster.
pub fn targets(d: &Deployment) -> AnyView {
    let app = use_app();
    let (cluster, n) = (d.cluster_id.clone().filter(|c| !c.is_empty()), d.node_num);
    (move || match &cluster {
        Some(c) => format!("{} {c}", app.t(texts::ByCluster)),
        None => format!("{n} {}", app.t(if n == 1 { texts::DeviceCount } else { texts::DevicesCount })),
    })
    .into_any()
}

/// The apps' versions, as one text.
pub fn versions(d: &Deployment) -> String {
    let mut v: Vec<String> = d.template.apps.iter().filter_map(|a| a.version.clone()).collect();
    v.dedup();
    if v.is_empty() {
        "-".into()
    } else {
        v.join(", ")
    }
}
