//! The deployments list: every filter and sort of `show_deployments` (name, device, cluster,
//! provider) and health (picked out of the newest 100 here), paged, in the URL; state live while
//! the tab is visible (with a badge on those a staged roll-out holds); pause / resume and delete
//! on one row or on the selected rows.

use hilens_model::deployments::{Deployment, DeploymentListQuery, ACTIONS, HEALTH_KEYS, STATE_PAUSED};
use hilens_model::nodes::PROVIDERS;
use hilens_model::query::{OneOf, Text};
use hilens_model::rules;
use hilens_model::OperationId as Op;
use leptos::prelude::*;

use super::impact::DeploymentImpact;
use super::rollouts::{rolling_out_badge, Active};
use super::texts;
use super::view::{health_badge, source_label, targets, versions};
use crate::api::{self, ApiError};
use crate::components::actions::{run_action, Bulk, BulkNotice};
use crate::components::allowed::{ActionButton, ActionLink};
use crate::components::confirm::ConfirmDialog;
use crate::components::form::field::TextField;
use crate::components::form::pickers::PickOne;
use crate::components::list::filters::{options, select_filter, FilterForm};
use crate::components::list::list_page::{BulkAction, Column, ListCtx, ListPage, ListSpec, Rows};
use crate::components::list::text_filter::use_text_filter;
use crate::components::list::url_state::ListState;
use crate::components::names::{self, Kind};
use crate::i18n::{common, tr};
use crate::router::A;
use crate::state::use_app;

crate::url_state! {
    /// The deployments list's filters as the URL holds them.
    pub struct DeploymentFilters {
        "name" => name: String = Text(|f, v| rules::length(f, v, 1, 32)),
        "node_id" => node_id: String = Text(|f, v| rules::length(f, v, 1, 64)),
        "cluster_id" => cluster_id: String = Text(|f, v| rules::length(f, v, 1, 64)),
        "provider" => provider: String = OneOf(PROVIDERS),
        "health" => health: String = OneOf(HEALTH_KEYS),
    }
}

/// Deployments a health is picked out of (the API cannot filter by state): the newest 100, as
/// the overview counts them.
const HEALTH_SAMPLE: u32 = 100;

/// How often the states are read again while the tab is visible.
const LIVE_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

async fn fetch(view: ListState<DeploymentFilters>) -> Result<Rows<Deployment>, ApiError> {
    let f = &view.filters;
    let text = |s: &String| (!s.is_empty()).then(|| s.clone());
    let query = DeploymentListQuery {
        name: text(&f.name),
        node_id: text(&f.node_id),
        cluster_id: text(&f.cluster_id),
        provider: text(&f.provider),
        sort: view.sort.clone(),
        offset: Some(view.offset()),
        limit: Some(view.size),
    };
    if !f.health.is_empty() {
        let sample = DeploymentListQuery { sort: None, offset: Some(0), limit: Some(HEALTH_SAMPLE), ..query };
        let list = api::deployments::show_deployments(&sample).await?;
        let rows: Vec<Deployment> = list.deployments.into_iter().filter(|d| d.health(None).key() == f.health).collect();
        names::learn(Kind::Deployment, rows.iter().map(|d| (d.id.as_str(), d.name.as_str())));
        let total = rows.len() as u64;
        let rows = rows.into_iter().skip(view.offset() as usize).take(view.size as usize).collect();
        return Ok(Rows { rows, total });
    }
    let list = api::deployments::show_deployments(&query).await?;
    names::learn(Kind::Deployment, list.deployments.iter().map(|d| (d.id.as_str(), d.name.as_str())));
    Ok(Rows { rows: list.deployments, total: list.count })
}

/// Pauses or resumes one deployment (`action` is `pause` or `resume`).
pub async fn switch(id: String, action: &'static str) -> Result<(), ApiError> {
    debug_assert!(ACTIONS.contains(&action));
    api::deployments::start_and_stop_deployment(&id, action).await.map(|_| ())
}

pub async fn delete(id: String) -> Result<(), ApiError> {
    api::deployments::delete_deployment(&id, &Default::default(), None).await.map(|_| ())
}

/// What a row or the bulk bar asks the page to confirm.
#[derive(Clone, Copy)]
struct Asks {
    pausing: RwSignal<Vec<String>>,
    pause_open: RwSignal<bool>,
    deleting: RwSignal<Vec<String>>,
    delete_open: RwSignal<bool>,
    /// The name to type for a single delete (the count for many).
    delete_name: RwSignal<String>,
}

impl Asks {
    fn pause(&self, ids: Vec<String>) {
        self.pausing.set(ids);
        self.pause_open.set(true);
    }

    fn delete(&self, ids: Vec<String>, name: String) {
        self.deleting.set(ids);
        self.delete_name.set(name);
        self.delete_open.set(true);
    }
}

/// Pause (asking first) or resume, and delete (asking first), on one row.
#[component]
fn RowActions(deployment: Deployment, refetch: Callback<()>, asks: Asks) -> impl IntoView {
    let app = use_app();
    let pending = RwSignal::new(false);
    let id = StoredValue::new(deployment.id.clone());
    let paused = deployment.state == STATE_PAUSED;
    let label = if paused { texts::Resume } else { texts::Pause };
    let (name, name2) = (deployment.name.clone(), deployment.name.clone());
    let name3 = StoredValue::new(deployment.name.clone());
    view! {
        <div class="row tight">
            <ActionButton
                needs=Op::StartAndStopDeployment
                testid="deployment-row-switch"
                aria_label=Signal::derive(move || format!("{} {name}", app.t(label)))
                disabled=pending
                on_click=Callback::new(move |_| {
                    if paused {
                        run_action(pending, texts::Resumed, switch(id.get_value(), "resume"), move |_| refetch.run(()))
                    } else {
                        asks.pause(vec![id.get_value()])
                    }
                })
            >
                {tr(label)}
            </ActionButton>
            <ActionButton
                needs=Op::DeleteDeployment
                class="danger"
                testid="deployment-row-delete"
                aria_label=Signal::derive(move || format!("{} {name2}", app.t(texts::DeleteDeployment)))
                on_click=Callback::new(move |_| asks.delete(vec![id.get_value()], name3.get_value()))
            >
                {tr(common::Delete)}
            </ActionButton>
        </div>
    }
}

/// The confirmations of pause and delete, one of each for the page (rows are drawn again with
/// every refresh; a dialog in a row would go with it). Pausing offers to resume in its toast.
fn confirmations(asks: Asks, bulk: Bulk) -> impl IntoView {
    let (pause_busy, delete_busy) = (RwSignal::new(false), RwSignal::new(false));
    let resume_all = Callback::new(move |ids| bulk.start(texts::Resume, ids, |id| switch(id, "resume")));
    let pause = Callback::new(move |_| {
        bulk.start_undoable(
            texts::Pause,
            asks.pausing.get_untracked(),
            |id| switch(id, "pause"),
            texts::Paused,
            resume_all,
        )
    });
    let delete_chosen =
        Callback::new(move |_| bulk.start(texts::DeleteDeployment, asks.deleting.get_untracked(), delete));
    view! {
        <ConfirmDialog
            open=asks.pause_open
            name=String::new()
            title=texts::PauseDeployments
            on_confirm=pause
            busy=pause_busy
            impact=move || {
                view! {
                    <DeploymentImpact
                        ids=asks.pausing
                        open=asks.pause_open
                        consequence=texts::ImpactPause
                        busy=pause_busy
                    />
                }
            }
        />
        <ConfirmDialog
            open=asks.delete_open
            name=asks.delete_name
            title=texts::DeleteDeployment
            on_confirm=delete_chosen
            busy=delete_busy
            impact=move || {
                view! {
                    <DeploymentImpact
                        ids=asks.deleting
                        open=asks.delete_open
                        consequence=texts::ImpactDelete
                        busy=delete_busy
                    />
                }
            }
        />
    }
}

#[component]
pub fn DeploymentListPage() -> impl IntoView {
    let ctx = ListCtx::<DeploymentFilters>::new();
    let filters = Memo::new(move |_| ctx.state.get().filters);
    // The device is picked by name and applies at once.
    let name = use_text_filter(ctx, "name", |f| &mut f.name);
    let cluster = use_text_filter(ctx, "cluster_id", |f| &mut f.cluster_id);
    let refetch = ctx.refetch;
    let bulk = Bulk::new(Some(Kind::Deployment), refetch);
    // The roll-outs holding deployments, read as often as the rows.
    let held = Active::new(None);
    crate::components::live::use_poll(LIVE_EVERY, move || held.refetch());
    let asks = Asks {
        pausing: RwSignal::new(Vec::new()),
        pause_open: RwSignal::new(false),
        deleting: RwSignal::new(Vec::new()),
        delete_open: RwSignal::new(false),
        delete_name: RwSignal::new(String::new()),
    };
    // Pausing and deleting ask first (deleting many: the count typed to confirm).
    let bulk_actions = vec![
        BulkAction::new(texts::Pause, "bulk-pause", Op::StartAndStopDeployment, move |ids| asks.pause(ids)),
        bulk.each(texts::Resume, "bulk-resume", Op::StartAndStopDeployment, |id| switch(id, "resume")),
        BulkAction::new(texts::DeleteDeployment, "bulk-delete", Op::DeleteDeployment, move |ids: Vec<String>| {
            let count = ids.len().to_string();
            asks.delete(ids, count)
        }),
    ];
    let columns = vec![
        Column::new(texts::Name, |d: &Deployment| {
            let (href, name) = (crate::paths::to(&format!("/deployments/{}", d.id)), d.name.clone());
            view! { <A href=href attr:data-testid="deployment-link">{name}</A> }.into_any()
        })
        .sortable("name"),
        Column::new(texts::State, move |d: &Deployment| {
            let id = d.id.clone();
            view! { {health_badge(d, None)} " " {move || held.of(&id).map(|r| rolling_out_badge(&id, &r))} }.into_any()
        }),
        Column::new(texts::Instances, |d: &Deployment| {
            view! { <span data-testid="deployment-ready">{format!("{} / {}", d.ready_replicas, d.replicas)}</span> }
                .into_any()
        })
        .numeric(),
        Column::new(texts::Source, |d: &Deployment| source_label(&d.source)),
        Column::new(texts::Version, |d: &Deployment| versions(d).into_any()),
        Column::new(texts::Targets, targets),
        Column::new(texts::Created, |d: &Deployment| crate::components::format::when(Some(&d.created_at)))
            .sortable("created_at"),
        Column::new(texts::Actions, move |d: &Deployment| {
            view! { <RowActions deployment=d.clone() refetch=refetch asks=asks/> }.into_any()
        }),
    ];
    let spec =
        ListSpec::new(common::NavDeployments, texts::NoDeployments, "deployment", fetch, |d: &Deployment| d.id.clone())
            .columns(columns)
            .bulk(bulk_actions)
            .live(LIVE_EVERY)
            .choose_columns("hilens.deployments.hidden-columns");
    let filter_bar = move || {
        view! {
            <FilterForm
                testid="deployment-filters"
                buttons="deployment"
                on_search=move |_| ctx.search(&[name, cluster])
                on_reset=move |_| ctx.reset()
            >
                <TextField
                    state=name.state
                    label=texts::NameFilter
                    testid="deployment-filter-name"
                    kind="search"
                    search_box=true
                />
                <PickOne
                    kind=Kind::Device
                    label=texts::DeviceFilter
                    testid="deployment-filter-node"
                    current=Signal::derive(move || filters.get().node_id)
                    on_pick=move |id| ctx.set(|f| f.node_id = id)
                />
                <TextField state=cluster.state label=texts::ClusterId testid="deployment-filter-cluster" />
                {select_filter(
                    texts::State,
                    "deployment-filter-health",
                    options(HEALTH_KEYS, texts::health_named),
                    Signal::derive(move || filters.get().health),
                    Callback::new(move |v| ctx.set(|f| f.health = v)),
                )}
                {select_filter(
                    texts::Provider,
                    "deployment-filter-provider",
                    PROVIDERS.iter().map(|v| (v.to_string(), None)).collect(),
                    Signal::derive(move || filters.get().provider),
                    Callback::new(move |v| ctx.set(|f| f.provider = v)),
                )}
            </FilterForm>
        }
    };
    let bulk_panel = move || {
        view! {
            <BulkNotice run=bulk.run />
            {confirmations(asks, bulk)}
        }
    };
    let actions = move || {
        view! {
            <ActionLink
                needs=Op::CreateDeployment
                href="/deployments/new"
                class="button primary"
                testid="deployment-new"
            >
                {tr(texts::New)}
            </ActionLink>
        }
    };
    view! { <ListPage ctx=ctx spec=spec filters=filter_bar actions=actions bulk_panel=bulk_panel /> }
}
