//! How a deployment reads at a glance: its state badge, its source, its targets.

use hilens_model::deployments::Deployment;
use leptos::prelude::*;

use super::texts::P;
use crate::components::badge::{badge, Tone};
use crate::state::use_app;

/// The state's badge, with what it means as its tooltip (and hidden text).
pub fn state_badge(state: &str) -> AnyView {
    let tone = match state {
        "RUNNING" => Tone::Ok,
        "CREATING" => Tone::Warn,
        "FAILED" => Tone::Danger,
        _ => Tone::Neutral,
    };
    let (label, hint) = P::state(state).unzip();
    badge(tone, label, state, hint, "deployment-state")
}

/// The source in words.
pub fn source_label(source: &str) -> AnyView {
    let app = use_app();
    let (label, raw) = (P::source(source), source.to_string());
    (move || label.map(|l| app.t(l).to_string()).unwrap_or_else(|| raw.clone())).into_any()
}

/// Where it runs: "3 devices" or the cluster.
pub fn targets(d: &Deployment) -> AnyView {
    let app = use_app();
    let (cluster, n) = (d.cluster_id.clone().filter(|c| !c.is_empty()), d.node_num);
    (move || match &cluster {
        Some(c) => format!("{} {c}", app.t(P::ByCluster)),
        None => format!("{n} {}", app.t(P::DevicesCount)),
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
