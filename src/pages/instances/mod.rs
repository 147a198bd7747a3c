//! App instances (pods): one per device of a deployment, filtered by deployment, device,
//! cluster, provider and workspace, live while visible; pause / resume
//! (`start_and_stop_deployment_pod`) and delete (`delete_pod`, in a row's menu), one or many;
//! and a page per instance (what the API gives of one pod). Its pages are a wasm part of their
//! own; the deployment page shows its instances with [`PodActions`] too.

mod detail;
mod list;
pub use list::{instance_path, PodActions, PodAsks, PodConfirm};
pub mod texts;

use hilens_model::deployments::Pod;
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::badge::{badge, Tone};
use crate::components::frame::part::{Domain, NavGroup, Page, PageParams, PageRoute};
use crate::i18n::common;

pub const DOMAIN: Domain = Domain {
    group: NavGroup::Apps,
    label: common::NavInstances,
    href: "/instances",
    key: "i",
    part: &PART,
    pages: PAGES,
};

const PAGES: &[PageRoute] = &[
    PageRoute { path: "", part: &PART, page: Page::List },
    PageRoute { path: ":deployment/:pod", part: &PART, page: Page::Detail },
];

crate::domain_part!(instances, page);

fn page(page: Page, params: &PageParams) -> AnyView {
    match page {
        Page::Detail => {
            view! { <detail::InstanceDetailPage deployment_id=params.deployment.clone() pod_id=params.pod.clone() /> }
                .into_any()
        }
        _ => view! { <list::InstanceListPage /> }.into_any(),
    }
}

/// A pod's status as a badge with its meaning.
pub fn status_badge(status: &str) -> AnyView {
    let tone = match status {
        "Running" => Tone::Ok,
        "Pending" => Tone::Warn,
        "Failed" => Tone::Danger,
        _ => Tone::Neutral,
    };
    let (label, hint) = texts::status(status).unzip();
    badge(tone, label, status, hint, "pod-status")
}

/// Why an instance is as it is: a known reason in the user's language, another verbatim, "-"
/// for none.
pub fn reason_text(reason: Option<&str>) -> AnyView {
    crate::i18n::worded(reason.and_then(texts::reason), reason.unwrap_or("-")).into_any()
}

/// A pod's key for bulk actions: its deployment and its own id.
pub fn pod_key(p: &Pod) -> String {
    format!("{}/{}", p.deployment_id, p.id)
}

fn split_key(key: &str) -> (String, String) {
    let (d, p) = key.split_once('/').unwrap_or((key, ""));
    (d.to_string(), p.to_string())
}

/// Pauses or resumes the pod of `key` (`action` is `pause` or `resume`).
pub async fn switch(key: String, action: &'static str) -> Result<(), ApiError> {
    let (d, p) = split_key(&key);
    api::deployments::start_and_stop_deployment_pod(&d, &p, action).await.map(|_| ())
}

pub async fn delete(key: String) -> Result<(), ApiError> {
    let (d, p) = split_key(&key);
    api::deployments::delete_pod(&d, &p, &Default::default()).await.map(|_| ())
}
