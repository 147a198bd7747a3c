//! The deployments list: every filter and sort of `show_deployments` (name, device, cluster,
//! provider), paged, in the URL; state live while the tab is visible; pause / resume and
//! delete on one row or on the selected rows.

use hilens_model::deployments::{Deployment, DeploymentListQuery, ACTIONS, STATE_PAUSED};
use hilens_model::nodes::PROVIDERS;
use hilens_model::query::{OneOf, Text};
use hilens_model::rules;
use hilens_model::OperationId as Op;
use leptos::prelude::*;
use leptos_router::components::A;

use super::texts::P;
use super::view::{source_label, state_badge, targets, versions};
use crate::api::{self, ApiError};
use crate::components::actions::{run_action, run_bulk, BulkNotice, BulkRun};
use crate::components::confirm::ConfirmDialog;
use crate::components::field::{FieldState, TextField};
use crate::components::filters::{select_filter, FilterForm};
use crate::components::list_page::{BulkAction, Column, ListCtx, ListPage, ListSpec, Rows};
use crate::components::url_state::ListState;
use crate::i18n::{tr, T};
use crate::state::use_app;
use crate::components::allowed::{ActionButton, ActionLink};

crate::url_state! {
    /// The deployments list's filters as the URL holds them.
    pub struct DeploymentFilters {
        "name" => name: String = Text(|f, v| rules::length(f, v, 1, 32)),
        "node_id" => node_id: String = Text(|f, v| rules::length(f, v, 1, 64)),
        "cluster_id" => cluster_id: String = Text(|f, v| rules::length(f, v, 1, 64)),
        "provider" => provider: String = OneOf(PROVIDERS),
    }
}

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
    let list = api::deployments::show_deployments(&query).await?;
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

/// Pause or resume, and delete (the name typed to confirm), on one row.
#[component]
fn RowActions(deployment: Deployment, refetch: Callback<()>) -> impl IntoView {
    let app = use_app();
    let pending = RwSignal::new(false);
    let deleting = RwSignal::new(false);
    let id = StoredValue::new(deployment.id.clone());
    let paused = deployment.state == STATE_PAUSED;
    let (action, label, done) = if paused { ("resume", P::Resume, P::Resumed) } else { ("pause", P::Pause, P::Paused) };
    let (name, name2) = (deployment.name.clone(), deployment.name.clone());
    view! {
        <div class="row tight">
            <ActionButton needs=Op::StartAndStopDeployment testid="deployment-row-switch" aria_label=Signal::derive(move || format!("{} {name}", app.t(label)))
                disabled=pending
                on_click=Callback::new(move |_| run_action(pending, done, switch(id.get_value(), action), move |_| refetch.run(())))>
                {tr(label)}
            </ActionButton>
            <ActionButton needs=Op::DeleteDeployment class="danger" testid="deployment-row-delete" aria_label=Signal::derive(move || format!("{} {name2}", app.t(P::DeleteDeployment)))
                on_click=Callback::new(move |_| deleting.set(true))>{tr(T::Delete)}</ActionButton>
            <ConfirmDialog open=deleting name=deployment.name.clone() title=P::DeleteDeployment
                on_confirm=move |_| run_action(pending, P::Deleted, delete(id.get_value()), move |_| refetch.run(()))/>
        </div>
    }
}

#[component]
pub fn DeploymentListPage() -> impl IntoView {
    let ctx = ListCtx::<DeploymentFilters>::new();
    let filters = Memo::new(move |_| ctx.state.get().filters);
    // The text filters are drafts until searched; they follow the URL (back/forward, reset).
    let name = FieldState::new(|v| rules::length("name", v, 1, 32), true);
    let node = FieldState::new(|v| rules::length("node_id", v, 1, 64), true);
    let cluster = FieldState::new(|v| rules::length("cluster_id", v, 1, 64), true);
    Effect::new(move |_| {
        let f = filters.get();
        name.value.set(f.name);
        node.value.set(f.node_id);
        cluster.value.set(f.cluster_id);
    });
    let search = move |_| {
        if name.check() && node.check() && cluster.check() {
            ctx.set(|f| {
                f.name = name.value.get_untracked().trim().to_string();
                f.node_id = node.value.get_untracked().trim().to_string();
                f.cluster_id = cluster.value.get_untracked().trim().to_string();
            });
        }
    };
    let run = RwSignal::new(None::<BulkRun>);
    let refetch = ctx.refetch;
    let switch_all = move |action: &'static str, label| {
        Callback::new(move |ids: Vec<String>| run_bulk(run, label, ids, move |id| switch(id, action), move || refetch.run(())))
    };
    // Deleting many asks first: the count typed to confirm.
    let deleting = RwSignal::new(Vec::<String>::new());
    let confirm_open = RwSignal::new(false);
    let bulk = vec![
        BulkAction { label: P::Pause, testid: "bulk-pause", needs: Op::StartAndStopDeployment.permission(), run: switch_all("pause", P::Pause) },
        BulkAction { label: P::Resume, testid: "bulk-resume", needs: Op::StartAndStopDeployment.permission(), run: switch_all("resume", P::Resume) },
        BulkAction {
            label: P::DeleteDeployment,
            testid: "bulk-delete",
            needs: Op::DeleteDeployment.permission(),
            run: Callback::new(move |ids: Vec<String>| {
                deleting.set(ids);
                confirm_open.set(true);
            }),
        },
    ];
    let delete_chosen = Callback::new(move |_| {
        let ids = deleting.get_untracked();
        run_bulk(run, P::DeleteDeployment, ids, delete, move || refetch.run(()));
    });
    let columns = vec![
        Column::new(P::Name, |d: &Deployment| {
            let (href, name) = (crate::paths::to(&format!("/deployments/{}", d.id)), d.name.clone());
            view! { <A href=href attr:data-testid="deployment-link">{name}</A> }.into_any()
        })
        .sortable("name"),
        Column::new(P::State, |d: &Deployment| state_badge(&d.state)),
        Column::new(P::Instances, |d: &Deployment| {
            view! { <span data-testid="deployment-ready">{format!("{} / {}", d.ready_replicas, d.replicas)}</span> }.into_any()
        })
        .numeric(),
        Column::new(P::Source, |d: &Deployment| source_label(&d.source)),
        Column::new(P::Version, |d: &Deployment| versions(d).into_any()),
        Column::new(P::Targets, targets),
        Column::new(P::Created, |d: &Deployment| d.created_at.clone().into_any()).sortable("created_at"),
        Column::new(P::Actions, move |d: &Deployment| view! { <RowActions deployment=d.clone() refetch=refetch/> }.into_any()),
    ];
    let spec = ListSpec {
        title: T::NavDeployments,
        empty: P::NoDeployments,
        testid: "deployment",
        columns,
        fetch,
        key: |d: &Deployment| d.id.clone(),
        bulk,
        cards: None,
        live: Some(LIVE_EVERY),
        choose_columns: Some("hilens.deployments.hidden-columns"),
    };
    let filter_bar = move || view! {
        <FilterForm testid="deployment-filters" buttons="deployment" on_search=search on_reset=move |_| ctx.go.run(Default::default())>
            <TextField state=name label=P::NameFilter testid="deployment-filter-name" kind="search" search_box=true/>
            <TextField state=node label=P::NodeId testid="deployment-filter-node"/>
            <TextField state=cluster label=P::ClusterId testid="deployment-filter-cluster"/>
            {select_filter(P::Provider, "deployment-filter-provider", PROVIDERS.iter().map(|v| (v.to_string(), None)).collect(), Signal::derive(move || filters.get().provider), Callback::new(move |v| ctx.set(|f| f.provider = v)))}
        </FilterForm>
        <BulkNotice run=run/>
        <ConfirmDialog open=confirm_open name=Signal::derive(move || deleting.with(Vec::len).to_string()) title=P::DeleteDeployment on_confirm=delete_chosen/>
    };
    let actions = move || view! {
        <ActionLink needs=Op::CreateDeployment href="/deployments/new" class="button primary" testid="deployment-new">{tr(P::New)}</ActionLink>
    };
    view! { <ListPage ctx=ctx spec=spec filters=filter_bar actions=actions/> }
}
