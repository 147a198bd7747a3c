//! The jobs of one deployment (chosen in the filter bar, kept in the URL), paged.

use hilens_model::common::PageQuery;
use hilens_model::query::Text;
use hilens_model::rules;
use hilens_model::tasks::TaskInfo;
use hilens_model::OperationId as Op;
use leptos::prelude::*;

use super::texts;
use crate::api::{self, ApiError};
use crate::components::allowed::ActionLink;
use crate::components::form::pickers::PickOne;
use crate::components::list::list_page::{Column, ListCtx, ListPage, ListSpec, Rows};
use crate::components::list::url_state::ListState;
use crate::components::names::Kind;
use crate::i18n::common;
use crate::router::A;
use crate::state::use_app;

crate::url_state! {
    /// The deployment whose jobs are listed.
    pub struct JobFilters {
        "deployment_id" => deployment_id: String = Text(|f, v| rules::length(f, v, 1, 64)),
    }
}

async fn fetch(view: ListState<JobFilters>) -> Result<Rows<(String, TaskInfo)>, ApiError> {
    let id = view.filters.deployment_id.clone();
    if id.is_empty() {
        return Ok(Rows { rows: Vec::new(), total: 0 });
    }
    let list = api::tasks::list_tasks(&id, &PageQuery { offset: Some(view.offset()), limit: Some(view.size) }).await?;
    Ok(Rows { rows: list.tasks.into_iter().map(|t| (id.clone(), t)).collect(), total: list.count })
}

/// A job's instances by state in words, those with none left out: "Running 2 · All 2".
pub fn counters(t: &TaskInfo) -> AnyView {
    let app = use_app();
    let by_state = [
        (texts::Running, t.cur_pod_number),
        (texts::Ok, t.ok_pod_number),
        (texts::Failed, t.fail_pod_number),
        (texts::Pending, t.pending_pod_number),
    ];
    let all = t.sum_pod_number;
    (move || {
        let shown = by_state.iter().filter(|(_, n)| *n > 0).map(|(state, n)| format!("{} {n}", app.t(*state)));
        shown.chain([format!("{} {all}", app.t(texts::All))]).collect::<Vec<_>>().join(" · ")
    })
    .into_any()
}

#[component]
fn JobList() -> impl IntoView {
    let app = use_app();
    let ctx = ListCtx::<JobFilters>::new();
    let chosen = Memo::new(move |_| ctx.state.get().filters.deployment_id);
    let columns = vec![
        Column::new(texts::Name, |(d, t): &(String, TaskInfo)| {
            let (href, name) = (crate::paths::to(&format!("/jobs/{d}/{}", t.task_id)), t.name.clone());
            view! { <A href=href attr:data-testid="job-link">{name}</A> }.into_any()
        }),
        Column::new(texts::Description, |(_, t): &(String, TaskInfo)| {
            t.description.clone().unwrap_or_else(|| "-".into()).into_any()
        }),
        Column::new(texts::Pods, |(_, t): &(String, TaskInfo)| {
            view! { <span data-testid="job-counters">{counters(t)}</span> }.into_any()
        }),
        Column::new(texts::Created, |(_, t): &(String, TaskInfo)| crate::components::format::when(Some(&t.timestamp))),
    ];
    let spec = ListSpec::new(
        common::NavJobs,
        if chosen.get_untracked().is_empty() { texts::PickFirst } else { texts::None },
        "job",
        fetch,
        |(_, t): &(String, TaskInfo)| t.task_id.clone(),
    )
    .columns(columns)
    .live(std::time::Duration::from_secs(10));
    // The deployment is picked by name from all of them (not only the newest); until one is,
    // the list says that one is needed (one message, not also "no jobs").
    let filter_bar = move || {
        view! {
            <PickOne
                kind=Kind::Deployment
                label=texts::Deployment
                testid="job-deployment"
                current=chosen
                on_pick=move |id| ctx.set(|f| f.deployment_id = id)
            />
        }
    };
    let actions = move || {
        let href = format!("/jobs/new?deployment_id={}", chosen.get());
        view! {
            <ActionLink needs=Op::CreateTask href=href class="button primary" testid="job-new">
                {move || app.t(texts::New)}
            </ActionLink>
        }
    };
    view! { <ListPage ctx=ctx spec=spec filters=filter_bar actions=actions /> }
}

/// The list, drawn again when the deployment changes (its empty message depends on it).
#[component]
pub fn JobListPage() -> impl IntoView {
    let query = crate::router::use_query_map();
    let chosen = Memo::new(move |_| query.with(|q| q.get("deployment_id").is_some_and(|d| !d.is_empty())));
    move || {
        chosen.track();
        view! { <JobList /> }
    }
}
