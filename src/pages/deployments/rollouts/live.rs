//! One roll-out, live while the tab is visible and the roll-out can still change: its state and
//! why, what it changes, the waves as steps with each device by name (its step and its
//! instance's state), the timeline, and the actions its state allows. Those that move devices
//! (resume, promote, rollback) or leave them for good (abort) ask first.

use hilens_model::deployments::validate_version;
use hilens_model::rollouts::*;
use hilens_model::Permission;
use leptos::prelude::*;
use stylers_macro::style_sheet;

use super::texts::{self, action_text};
use super::{state_badge, step_badge, wave_badge, what_text};
use crate::api;
use crate::components::actions::run_action;
use crate::components::allowed::ActionButton;
use crate::components::confirm::{unique_id, ConfirmDialog, Modal};
use crate::components::facts::{text, Facts};
use crate::components::form::field::{FieldState, TextField};
use crate::components::format::when;
use crate::components::frame::error_notice::ErrorNotice;
use crate::components::list::list_kit::Skeleton;
use crate::components::live::use_poll;
use crate::i18n::{common, tr, Txt};
use crate::pages::deployments::texts as deployment_texts;
use crate::pages::instances::{reason_text, status_badge};
use crate::router::A;
use crate::state::use_app;

/// How often a roll-out that can still change is read again while the page is visible.
const LIVE_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

#[component]
pub fn RolloutPage(deployment_id: String, rollout_id: String) -> impl IntoView {
    let app = use_app();
    let (did, rid) = (StoredValue::new(deployment_id), StoredValue::new(rollout_id));
    let rollout = LocalResource::new(move || {
        let id = rid.get_value();
        async move { api::rollouts::show(&id).await }
    });
    // What is drawn changes only when the roll-out does (most reads find it as it was).
    let current = Memo::new(move |_| rollout.get());
    let loaded = move || current.get().and_then(Result::ok);
    let mode = Memo::new(move |_| loaded().and_then(|r| r.state.map(|s| (s, r.direction))));
    // An ended roll-out no longer changes: no more reads.
    use_poll(LIVE_EVERY, move || {
        let ended = rollout.get_untracked().and_then(Result::ok).and_then(|r| r.state).is_some_and(|s| !s.is_active());
        if !ended {
            rollout.refetch();
        }
    });
    let pending = RwSignal::new(false);
    let act = move |action: RolloutAction, body: Option<ResumeRequest>| {
        let (_, _, _, done) = action_text(action);
        run_action(
            pending,
            done,
            async move { api::rollouts::act(&rid.get_value(), action, body.as_ref()).await },
            move |_| rollout.refetch(),
        );
    };
    let (resume_open, promote_open, abort_open, rollback_open) =
        (RwSignal::new(false), RwSignal::new(false), RwSignal::new(false), RwSignal::new(false));
    let ask = move |action: RolloutAction| match action {
        RolloutAction::Pause => act(action, None),
        RolloutAction::Resume => resume_open.set(true),
        RolloutAction::Promote => promote_open.set(true),
        RolloutAction::Abort => abort_open.set(true),
        RolloutAction::Rollback => rollback_open.set(true),
    };
    // Back to the deployment (the new one once a change has succeeded: the old one is gone).
    let back = move || match loaded() {
        Some(r) if r.state == Some(RolloutState::Succeeded) && r.new_deployment_id.is_some() => {
            (r.new_deployment_id.unwrap_or_default(), r.new_deployment_name.unwrap_or_default())
        }
        Some(r) => (did.get_value(), r.deployment_name),
        None => (did.get_value(), app.t(common::NavDeployments).to_string()),
    };
    let title = move || {
        let heading = app.t(texts::Title);
        match loaded() {
            Some(r) => match &r.new_deployment_name {
                Some(new) => format!("{heading}: {} → {new}", r.deployment_name),
                None => format!("{heading}: {} ({})", r.deployment_name, app.t(texts::AddingDevices)),
            },
            None => heading.to_string(),
        }
    };
    let actions = move || {
        mode.get().map(|(state, direction)| {
            RolloutAction::ALL
                .into_iter()
                .filter(|a| state.allows(direction, *a).is_ok())
                .map(|a| {
                    let (label, ..) = action_text(a);
                    let class = if matches!(a, RolloutAction::Abort | RolloutAction::Rollback) { "danger" } else { "" };
                    view! {
                        <ActionButton
                            needs=Permission::DeploymentsRollout
                            class=class
                            testid=testid(a)
                            disabled=pending
                            on_click=Callback::new(move |_| ask(a))
                        >
                            {tr(label)}
                        </ActionButton>
                    }
                })
                .collect_view()
        })
    };
    let moved = Signal::derive(move || {
        loaded()
            .map(|r| r.waves.iter().flat_map(|w| &w.devices).filter(|d| d.step != DeviceStep::Waiting).count())
            .unwrap_or(0)
    });
    let confirm = |open: RwSignal<bool>, action: RolloutAction| {
        let (_, title, impact, _) = action_text(action);
        view! {
            <ConfirmDialog
                open=open
                name=String::new()
                title=title
                on_confirm=Callback::new(move |_| act(action, None))
                impact=move || {
                    view! {
                        <p>{tr(impact)}</p>
                        {(action == RolloutAction::Rollback)
                            .then(|| {
                                view! {
                                    <p data-testid="rollback-count">
                                        {move || format!("{}: {}", app.t(texts::Devices), moved.get())}
                                    </p>
                                }
                            })}
                    }
                }
            />
        }
    };
    const _: &str = include_str!("rollout_page.css");
    let class = style_sheet!("src/pages/deployments/rollouts/rollout_page.css");
    let body = move || match current.get() {
        None => view! { <Skeleton /> }.into_any(),
        Some(Err(e)) => view! { <ErrorNotice error=e on_retry=move |_| rollout.refetch() /> }.into_any(),
        Some(Ok(r)) => details(r),
    };
    view! { class=class,
        <p class="rollout-back">
            <A href=move || crate::paths::to(
                &format!("/deployments/{}?tab=rollouts", back().0),
            )>{move || format!("← {}", back().1)}</A>
        </p>
        <div class="rollout-heading">
            <h1>{title}</h1>
            <div class="row">{actions}</div>
        </div>
        {body}
        <ResumeDialog
            open=resume_open
            on_resume=Callback::new(move |body| act(RolloutAction::Resume, Some(body)))
            forward=Signal::derive(move || {
                loaded().is_some_and(|r| r.direction == Direction::Forward && r.kind == KIND_CHANGE)
            })
        />
        {confirm(promote_open, RolloutAction::Promote)}
        {confirm(abort_open, RolloutAction::Abort)}
        {confirm(rollback_open, RolloutAction::Rollback)}
    }
}

fn testid(a: RolloutAction) -> &'static str {
    match a {
        RolloutAction::Pause => "rollout-pause",
        RolloutAction::Resume => "rollout-resume",
        RolloutAction::Promote => "rollout-promote",
        RolloutAction::Abort => "rollout-abort",
        RolloutAction::Rollback => "rollout-rollback",
    }
}

/// Resume asks first: it moves devices again; going forward with a change, it may fix the
/// version (every app of the new deployment moves to it before anything else).
#[component]
fn ResumeDialog(
    open: RwSignal<bool>,
    on_resume: Callback<ResumeRequest>,
    #[prop(into)] forward: Signal<bool>,
) -> impl IntoView {
    let version = FieldState::new(|v| validate_version("version", v), true);
    let heading = unique_id("resume-title");
    Effect::new(move |_| {
        if open.get() {
            version.value.set(String::new());
            version.touched.set(false);
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !version.check() {
            return;
        }
        let v = version.value.get_untracked().trim().to_string();
        open.set(false);
        on_resume.run(ResumeRequest { version: (!v.is_empty() && forward.get_untracked()).then_some(v) });
    };
    view! {
        <Modal open=open labelled_by=heading.clone() alert=true testid="resume-dialog" class="dialog-panel">
            <form on:submit=submit novalidate data-testid="resume-form">
                <h2 id=heading.clone()>{tr(texts::ResumeTitle)}</h2>
                <p>{tr(texts::ImpactResume)}</p>
                <Show when=move || forward.get()>
                    <TextField state=version label=texts::FixedVersion testid="resume-version" />
                    <p class="muted">{tr(texts::FixedVersionHint)}</p>
                </Show>
                <div class="dialog-actions">
                    <button type="button" data-testid="resume-cancel" autofocus on:click=move |_| open.set(false)>
                        {tr(common::Cancel)}
                    </button>
                    <button type="submit" class="primary" data-testid="resume-ok">
                        {tr(texts::Resume)}
                    </button>
                </div>
            </form>
        </Modal>
    }
}

/// The gate and pacing as asked, in one line.
fn gate_text(s: &RolloutSettings) -> impl Fn() -> String + Send + Sync + 'static {
    let app = use_app();
    let s = s.clone();
    move || {
        let mut parts = vec![format!(
            "{} {}",
            crate::components::form::field::short_label(app.t(texts::MaxFailures)),
            s.max_failures
        )];
        if let Some(p) = s.max_failure_percent {
            parts
                .push(format!("{} {p}%", crate::components::form::field::short_label(app.t(texts::MaxFailurePercent))));
        }
        parts.push(format!(
            "{} {} s",
            crate::components::form::field::short_label(app.t(texts::WaveTimeout)),
            s.wave_timeout_seconds
        ));
        parts.push(format!("{} {} s", crate::components::form::field::short_label(app.t(texts::Soak)), s.soak_seconds));
        let on_failure = if s.on_failure == "rollback" { texts::OnFailureRollback } else { texts::OnFailurePause };
        parts.push(format!("{}: {}", app.t(texts::OnFailure), app.t(on_failure)));
        parts.join(" · ")
    }
}

/// A deployment by name, linked while it exists (`gone`: deleted by the roll-out).
fn deployment_link(id: Option<String>, name: Option<String>, gone: bool) -> AnyView {
    let app = use_app();
    match (id, name) {
        (Some(id), name) if !gone => {
            let href = crate::paths::to(&format!("/deployments/{id}"));
            view! { <A href=href>{name.unwrap_or(id)}</A> }.into_any()
        }
        (id, name) => {
            let shown = name.or(id).unwrap_or_else(|| "-".into());
            (move || if gone { format!("{shown} ({})", app.t(texts::Gone)) } else { shown.clone() }).into_any()
        }
    }
}

fn details(r: Rollout) -> AnyView {
    let app = use_app();
    let active = r.state.is_some_and(RolloutState::is_active);
    let change = r.kind == KIND_CHANGE;
    const _: &str = include_str!("rollout_details.css");
    let class = style_sheet!("src/pages/deployments/rollouts/rollout_details.css");
    let (done, failed, total) = (r.done_count, r.failed_count, r.device_count);
    let progress = move || format!("{done} / {total} {} · {failed} {}", app.t(texts::Done), app.t(texts::FailedCount));
    let waves_total = r.waves.len();
    let current = r.current_wave;
    let rows = vec![
        (texts::State, view! { <span data-testid="rollout-state-fact">{state_badge(r.state)}</span> }.into_any()),
        (texts::Reason, view! { <span data-testid="rollout-reason">{text(r.reason.clone())}</span> }.into_any()),
        (texts::Change, what_text(&r)),
        // A change that succeeded deleted the old deployment; one rolled back, the new one.
        (
            texts::OldDeployment,
            deployment_link(
                Some(r.deployment_id.clone()),
                Some(r.deployment_name.clone()),
                change && r.state == Some(RolloutState::Succeeded),
            ),
        ),
        (
            texts::NewDeployment,
            if change {
                deployment_link(
                    r.new_deployment_id.clone(),
                    r.new_deployment_name.clone(),
                    r.state == Some(RolloutState::RolledBack),
                )
            } else {
                text(None)
            },
        ),
        (texts::Progress, view! { <span data-testid="rollout-progress">{progress}</span> }.into_any()),
        (texts::CurrentWave, format!("{} / {waves_total}", current.min(waves_total)).into_any()),
        (texts::Gate, gate_text(&r.settings).into_any()),
        (texts::CreatedBy, text(Some(r.created_by.clone()))),
        (texts::Created, when(Some(&r.created_at))),
        (texts::Updated, when(Some(&r.updated_at))),
        (texts::Ended, when(r.ended_at.as_deref())),
    ];
    let waves = r
        .waves
        .into_iter()
        .map(|w| {
            let is_current = active && w.index == current;
            wave_step(w, is_current, total, class)
        })
        .collect_view();
    let timeline = r
        .timeline
        .into_iter()
        .map(|e| {
            view! {
                <tr data-testid="timeline-row">
                    <td>{when(Some(&e.ts))}</td>
                    <td>
                        <code>{e.event}</code>
                    </td>
                    <td>{e.wave.map(|w| w.to_string()).unwrap_or_else(|| "-".into())}</td>
                    <td>{e.by.unwrap_or_else(|| "-".into())}</td>
                    <td>{e.detail}</td>
                </tr>
            }
        })
        .collect_view();
    view! { class=class,
        <section class="card detail-card" data-testid="rollout-facts">
            <Facts rows=rows />
        </section>
        <section class="card detail-card" aria-labelledby="rollout-waves-title">
            <h2 id="rollout-waves-title">{tr(texts::Steps)}</h2>
            <ol class="rollout-steps" data-testid="rollout-waves">
                {waves}
            </ol>
        </section>
        <section class="card detail-card" aria-labelledby="rollout-timeline-title">
            <h2 id="rollout-timeline-title">{tr(texts::Timeline)}</h2>
            <table class="data" data-testid="rollout-timeline">
                <thead>
                    <tr>
                        <th scope="col">{tr(texts::When)}</th>
                        <th scope="col">{tr(texts::Event)}</th>
                        <th scope="col">{tr(texts::Wave)}</th>
                        <th scope="col">{tr(texts::By)}</th>
                        <th scope="col">{tr(texts::Detail)}</th>
                    </tr>
                </thead>
                <tbody>{timeline}</tbody>
            </table>
        </section>
    }
    .into_any()
}

/// One wave as a step: its state, its times, and its devices (of `count` in the roll-out).
fn wave_step(w: Wave, is_current: bool, count: usize, class: &'static str) -> impl IntoView {
    let app = use_app();
    let (index, target, size) = (w.index, w.target, w.devices.len());
    let unit = if size == 1 { deployment_texts::DeviceCount } else { deployment_texts::DevicesCount };
    // The times that still say something: a deadline while it moves, a soak while it soaks.
    let times: Vec<(Txt, String)> = [
        (texts::Created, w.started_at),
        (texts::Soaking, w.soak_until.filter(|_| w.state == WaveState::Soaking)),
        (texts::Deadline, w.deadline_at.filter(|_| w.state == WaveState::InProgress)),
        (texts::Ended, w.ended_at),
    ]
    .into_iter()
    .filter_map(|(label, at)| at.map(|at| (label, at)))
    .collect();
    let devices = w
        .devices
        .into_iter()
        .map(|d| {
            let href = crate::paths::to(&format!("/devices/{}", d.id));
            let accepted = d.accepted.then(|| {
                view! {
                    " "
                    {tr(texts::Accepted)}
                }
            });
            view! {
                <tr data-testid="rollout-device-row">
                    <td>
                        <A href=href attr:data-testid="rollout-device">
                            {d.name}
                        </A>
                    </td>
                    <td>{step_badge(d.step)}{accepted}</td>
                    <td>{d.instance_state.as_deref().map(status_badge).unwrap_or_else(|| "-".into_any())}</td>
                    <td>{reason_text(d.instance_reason.as_deref())}</td>
                </tr>
            }
        })
        .collect_view();
    view! { class=class,
        <li data-testid="rollout-wave" aria-current=is_current.then_some("step")>
            <h3>
                <span>{move || format!("{} {index}", app.t(texts::Wave))}</span>
                {wave_badge(w.state)}
                <span class="muted">{move || format!("{size} {} · {target} / {count}", app.t(unit))}</span>
            </h3>
            <p class="muted">
                {times
                    .into_iter()
                    .enumerate()
                    .map(|(i, (label, at))| {
                        view! {
                            {(i > 0).then_some(" · ")}
                            {tr(label)}
                            " "
                            {when(Some(&at))}
                        }
                    })
                    .collect_view()}
            </p>
            <table class="data">
                <thead>
                    <tr>
                        <th scope="col">{tr(texts::Devices)}</th>
                        <th scope="col">{tr(texts::Step)}</th>
                        <th scope="col">{tr(texts::InstanceState)}</th>
                        <th scope="col">{tr(texts::Reason)}</th>
                    </tr>
                </thead>
                <tbody>{devices}</tbody>
            </table>
        </li>
    }
}
