//! One job: its facts, the status counters and the state on each instance, its streams as
//! sent; edit and delete.

use hilens_model::OperationId as Op;
use leptos::prelude::*;

use super::list::counters;
use super::texts;
use crate::api;
use crate::components::actions::run_action;
use crate::components::allowed::{ActionButton, ActionLink};
use crate::components::confirm::ConfirmDialog;
use crate::components::detail::{DetailPage, Tab};
use crate::components::facts::{text, Facts};
use crate::components::frame::error_notice::ErrorNotice;
use crate::components::list::list_kit::Skeleton;
use crate::components::live::use_poll;
use crate::components::names::{Kind, Named};
use crate::i18n::{common, tr};
use crate::router::A;

/// One end of a stream: its type in words, then its data's settings a line each ("rtsp:
/// rtsp://10.0.0.9/1"; a nested value as JSON).
fn end(kind: &str, data: &serde_json::Value) -> AnyView {
    let lines: Vec<String> = match data.as_object() {
        Some(map) => map
            .iter()
            .map(|(k, v)| match v.as_str() {
                Some(s) => format!("{k}: {s}"),
                None => format!("{k}: {v}"),
            })
            .collect(),
        None if data.is_null() => Vec::new(),
        None => vec![data.to_string()],
    };
    view! {
        <div>
            <strong title=kind.to_string()>{crate::i18n::worded(texts::type_name(kind), kind)}</strong>
            {lines.into_iter().map(|l| view! { <div class="muted">{l}</div> }).collect_view()}
        </div>
    }
    .into_any()
}

/// The schedule in the user's time zone: when it starts, and its daily windows.
fn schedule(info: Option<hilens_model::tasks::StartTimeInfo>) -> AnyView {
    let Some(info) = info else { return text(None) };
    let windows: Vec<String> = info.day_time_frame.iter().map(|f| format!("{}–{}", f.start, f.stop)).collect();
    view! {
        <span data-testid="job-schedule">
            {tr(texts::Starts)} " " {crate::components::format::when(Some(&info.start_time))}
            {(!windows.is_empty())
                .then(|| {
                    view! {
                        " · "
                        {tr(texts::Daily)}
                        " "
                        {windows.join(", ")}
                    }
                })}
        </span>
    }
    .into_any()
}

#[component]
pub fn JobDetailPage(deployment_id: String, task_id: String) -> impl IntoView {
    let ids = StoredValue::new((deployment_id, task_id));
    let task = LocalResource::new(move || {
        let (d, t) = ids.get_value();
        async move { api::tasks::show_task(&d, &t).await }
    });
    use_poll(std::time::Duration::from_secs(5), move || task.refetch());
    let title = Signal::derive(move || task.get().and_then(Result::ok).map(|t| t.name).unwrap_or_default());
    let pending = RwSignal::new(false);
    let deleting = RwSignal::new(false);
    let remove = Callback::new(move |_| {
        let navigate = crate::router::use_navigate();
        let (d, t) = ids.get_value();
        let back = format!("/jobs?deployment_id={d}");
        run_action(pending, texts::Deleted, async move { api::tasks::delete_task(&d, &t).await }, move |r| {
            if r.is_ok() {
                navigate(&back, Default::default());
            }
        });
    });
    let actions = move || {
        let (d, t) = ids.get_value();
        view! {
            <div class="row">
                <ActionLink needs=Op::UpdateTask href=format!("/jobs/{d}/{t}/edit") class="button" testid="job-edit">
                    {tr(texts::Edit)}
                </ActionLink>
                <ActionButton
                    needs=Op::DeleteTask
                    class="danger"
                    testid="job-delete"
                    on_click=Callback::new(move |_| deleting.set(true))
                >
                    {tr(texts::Delete)}
                </ActionButton>
                <ConfirmDialog open=deleting name=title title=texts::Delete on_confirm=remove />
            </div>
        }
    };
    let body = move || match task.get() {
        None => view! { <Skeleton /> }.into_any(),
        Some(Err(e)) => view! { <ErrorNotice error=e on_retry=move |_| task.refetch() /> }.into_any(),
        Some(Ok(t)) => {
            let deployment = ids.get_value().0;
            let href = crate::paths::to(&format!("/deployments/{deployment}"));
            let rows = vec![
                (texts::Name, text(Some(t.name.clone()))),
                (texts::Description, text(t.description.clone())),
                (
                    texts::Deployment,
                    view! { <Named kind=Kind::Deployment id=deployment.clone() href=href testid="job-deployment"/> }
                        .into_any(),
                ),
                (texts::ScheduleShown, schedule(t.start_time_info.clone())),
                (texts::Created, crate::components::format::when(Some(&t.timestamp))),
                (texts::Pods, view! { <span data-testid="job-counters">{counters(&t)}</span> }.into_any()),
            ];
            let streams = t.streams.clone();
            view! {
                <section class="card detail-card" data-testid="job-facts">
                    <Facts rows=rows />
                </section>
                <section class="card detail-card" aria-labelledby="job-status-title">
                    <h2 id="job-status-title">{tr(texts::Status)}</h2>
                    <table class="data" data-testid="job-status">
                        <thead>
                            <tr>
                                <th scope="col">{tr(texts::Pod)}</th>
                                <th scope="col">{tr(texts::State)}</th>
                                <th scope="col">{tr(texts::Cause)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {t
                                .task_status
                                .into_iter()
                                .map(|s| {
                                    let pod = if s.pod_id.is_empty() {
                                        s.pod_name.into_any()
                                    } else {
                                        let href = crate::paths::to(&format!("/instances/{deployment}/{}", s.pod_id));
                                        // The instance's own page, where the API names it.
                                        view! { <A href=href>{s.pod_name}</A> }
                                            .into_any()
                                    };
                                    view! {
                                        <tr>
                                            <td>{pod}</td>
                                            <td>{crate::pages::instances::status_badge(&s.task_status)}</td>
                                            <td>{s.cause.unwrap_or_else(|| "-".into())}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </section>
                <section class="card detail-card" aria-labelledby="job-streams-title">
                    <h2 id="job-streams-title">{tr(texts::Streams)}</h2>
                    <table class="data" data-testid="job-streams">
                        <thead>
                            <tr>
                                <th scope="col">{tr(texts::Stream)}</th>
                                <th scope="col">{tr(texts::Input)}</th>
                                <th scope="col">{tr(texts::Outputs)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {streams
                                .into_iter()
                                .enumerate()
                                .map(|(i, s)| {
                                    view! {
                                        <tr data-testid="job-stream">
                                            <td>{i + 1}</td>
                                            <td>{end(&s.input.input_type, &s.input.data)}</td>
                                            <td>
                                                {s.outputs.iter().map(|o| end(&o.output_type, &o.data)).collect_view()}
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </section>
            }
            .into_any()
        }
    };
    let tabs = vec![Tab::new("overview", common::Overview, body)];
    view! { <DetailPage back="/jobs" back_label=common::NavJobs title=title actions=actions tabs=tabs /> }
}
