//! Staged roll-outs of a deployment (the team portal's `/portal/rollouts`, driven by the proxy):
//! the form with its dry-run preview and the deployment's roll-outs (tabs of the deployment
//! page) and the live page of one roll-out, all in a part of their own (`deployments_rollout`,
//! loaded when a tab or the live page is first opened); and the "rolling out" badge of the list
//! and the deployment page, which reads only a roll-out's ids so that their parts stay small.

pub mod form;
pub mod live;
pub mod texts;

use std::collections::HashMap;

use hilens_model::rollouts::{DeviceStep, Rollout, RolloutHolder, RolloutQuery, RolloutState, WaveState, STATE_ACTIVE};
use leptos::prelude::*;

use crate::api;
use crate::components::badge::{badge, Tone};
use crate::components::frame::error_notice::ErrorNotice;
use crate::components::frame::part::{Page, PageParams};
use crate::components::list::list_kit::Skeleton;
use crate::components::live::use_poll;
use crate::i18n::tr;
use crate::router::A;
use texts::{state_text, step_text, wave_text};

pub mod part {
    crate::domain_part!(deployments_rollout, super::render);
}

/// The part's pages: the form (`New`) and the deployment's roll-outs (`List`), both for the
/// deployment `id`, and the live page of roll-out `rollout` (`Rollout`).
fn render(page: Page, params: &PageParams) -> AnyView {
    let id = params.id.clone();
    match page {
        Page::New => view! { <form::RolloutForm deployment_id=id /> }.into_any(),
        Page::List => view! { <DeploymentRollouts deployment_id=id /> }.into_any(),
        _ => view! { <live::RolloutPage deployment_id=id rollout_id=params.rollout.clone() /> }.into_any(),
    }
}

/// Where a roll-out's live page is.
pub fn rollout_href(deployment_id: &str, rollout_id: &str) -> String {
    format!("/deployments/{deployment_id}/rollouts/{rollout_id}")
}

/// A roll-out's state, with what it means as its tooltip.
pub fn state_badge(state: Option<RolloutState>) -> AnyView {
    let Some(s) = state else { return "-".into_any() };
    let tone = match s {
        RolloutState::Running | RolloutState::RollingBack => Tone::Warn,
        RolloutState::Succeeded => Tone::Ok,
        RolloutState::Failed | RolloutState::Aborted => Tone::Danger,
        RolloutState::Paused | RolloutState::RolledBack => Tone::Neutral,
    };
    let (label, hint) = state_text(s);
    badge(tone, Some(label), s.name(), Some(hint), "rollout-state")
}

pub fn wave_badge(state: WaveState) -> AnyView {
    let tone = match state {
        WaveState::Done => Tone::Ok,
        WaveState::Failed => Tone::Danger,
        WaveState::InProgress | WaveState::Soaking | WaveState::RollingBack => Tone::Warn,
        WaveState::Pending | WaveState::RolledBack => Tone::Neutral,
    };
    badge(tone, Some(wave_text(state)), "", None, "wave-state")
}

pub fn step_badge(step: DeviceStep) -> AnyView {
    let tone = match step {
        DeviceStep::Done => Tone::Ok,
        DeviceStep::Failed => Tone::Danger,
        DeviceStep::Leaving | DeviceStep::Joining | DeviceStep::Returning => Tone::Warn,
        DeviceStep::Waiting | DeviceStep::Returned => Tone::Neutral,
    };
    badge(tone, Some(step_text(step)), "", None, "device-step")
}

/// The "rolling out" badge, linking to the roll-out that holds the deployment.
pub fn rolling_out_badge(deployment_id: &str, rollout_id: &str) -> AnyView {
    let href = crate::paths::to(&rollout_href(deployment_id, rollout_id));
    let app = crate::state::use_app();
    view! {
        <A
            href=href
            attr:class="badge badge-warn"
            attr:data-testid="rolling-out"
            attr:title=move || app.t(texts::HintRollingOut)
        >
            {tr(texts::RollingOut)}
        </A>
    }
    .into_any()
}

/// The roll-outs holding deployments now (running, paused or rolling back), by deployment:
/// both the deployment rolled out and a change's new one map to the roll-out. Read again with
/// `refetch`; a proxy without roll-outs (or a failed read) holds none.
#[derive(Clone, Copy)]
pub struct Active {
    resource: LocalResource<HashMap<String, String>>,
    /// Changes only when a roll-out starts or ends (not with every read).
    held: Memo<HashMap<String, String>>,
}

impl Active {
    /// Every active roll-out, or those of one deployment.
    pub fn new(deployment_id: Option<String>) -> Active {
        let resource = LocalResource::new(move || {
            let query = RolloutQuery {
                deployment_id: deployment_id.clone(),
                state: Some(STATE_ACTIVE.into()),
                limit: Some(hilens_model::rollouts::MAX_ROLLOUT_PAGE),
                ..Default::default()
            };
            async move {
                let mut by_deployment = HashMap::new();
                let held = api::rollouts::list::<RolloutHolder>(&query).await.map(|l| l.rollouts);
                for r in held.unwrap_or_default() {
                    if let Some(new) = &r.new_deployment_id {
                        by_deployment.insert(new.clone(), r.id.clone());
                    }
                    by_deployment.insert(r.deployment_id, r.id);
                }
                by_deployment
            }
        });
        let held = Memo::new(move |_| resource.get().unwrap_or_default());
        Active { resource, held }
    }

    pub fn refetch(&self) {
        self.resource.refetch();
    }

    /// The roll-out holding `deployment_id`, if one does (reactive).
    pub fn of(&self, deployment_id: &str) -> Option<String> {
        self.held.with(|m| m.get(deployment_id).cloned())
    }
}

/// How often the deployment's roll-outs are read again while the tab is visible.
const LIST_EVERY: std::time::Duration = std::time::Duration::from_secs(3);

/// The deployment's roll-outs, newest first, each linking to its live page; live while visible.
#[component]
pub fn DeploymentRollouts(deployment_id: String) -> impl IntoView {
    let id = StoredValue::new(deployment_id);
    let list = LocalResource::new(move || {
        let query = RolloutQuery { deployment_id: Some(id.get_value()), limit: Some(50), ..Default::default() };
        async move { api::rollouts::list::<Rollout>(&query).await }
    });
    use_poll(LIST_EVERY, move || list.refetch());
    let app = crate::state::use_app();
    let row = move |r: Rollout| {
        let href = crate::paths::to(&rollout_href(&id.get_value(), &r.id));
        let what = what_text(&r);
        let waves = format!("{} / {}", r.current_wave.min(r.waves.len()), r.waves.len());
        let progress = format!("{} / {}", r.done_count, r.device_count);
        view! {
            <tr data-testid="rollout-list-row">
                <td>
                    <A href=href attr:data-testid="rollout-link">
                        {crate::components::format::when(Some(&r.created_at))}
                    </A>
                </td>
                <td>{state_badge(r.state)}</td>
                <td>{what}</td>
                <td>{waves}</td>
                <td>{progress}</td>
                <td>{r.failed_count}</td>
                <td>{r.created_by}</td>
            </tr>
        }
    };
    view! {
        <section class="card detail-card" aria-labelledby="rollouts-title" data-testid="deployment-rollouts">
            <h2 id="rollouts-title">{tr(texts::Rollouts)}</h2>
            {move || match list.get() {
                None => view! { <Skeleton /> }.into_any(),
                Some(Err(e)) => view! { <ErrorNotice error=e on_retry=move |_| list.refetch() /> }.into_any(),
                Some(Ok(l)) if l.rollouts.is_empty() => {
                    view! { <p class="muted">{tr(texts::NoRollouts)}</p> }.into_any()
                }
                Some(Ok(l)) => {
                    view! {
                        <table class="data" data-testid="rollout-list">
                            <thead>
                                <tr>
                                    <th scope="col">{tr(texts::Created)}</th>
                                    <th scope="col">{tr(texts::State)}</th>
                                    <th scope="col">{tr(texts::Change)}</th>
                                    <th scope="col">{tr(texts::Steps)}</th>
                                    <th scope="col">
                                        {move || format!("{} ({})", app.t(texts::Progress), app.t(texts::Done))}
                                    </th>
                                    <th scope="col">{move || app.t(texts::FailedCount).to_string()}</th>
                                    <th scope="col">{tr(texts::CreatedBy)}</th>
                                </tr>
                            </thead>
                            <tbody>{l.rollouts.into_iter().map(row).collect_view()}</tbody>
                        </table>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

/// What a roll-out changes, in one line: `1.0.0 → 2.0.0 (gate-r2)`, the envs it sets, or how
/// many devices it adds.
pub fn what_text(r: &Rollout) -> AnyView {
    let app = crate::state::use_app();
    let r = r.clone();
    (move || {
        if r.kind == hilens_model::rollouts::KIND_ADD_DEVICES {
            return format!("{}: {}", app.t(texts::AddingDevices), r.device_count);
        }
        let mut parts = Vec::new();
        if let Some(v) = &r.version {
            parts.push(format!("{} → {v}", r.from_version.clone().unwrap_or_else(|| "-".into())));
        }
        if let Some(envs) = &r.envs {
            let names: Vec<&str> = envs.iter().map(|e| e.name.as_str()).collect();
            parts.push(format!("{} {}", app.t(super::texts::Env), names.join(", ")));
        }
        if let Some(n) = &r.new_deployment_name {
            parts.push(format!("({n})"));
        }
        parts.join(" ")
    })
    .into_any()
}
