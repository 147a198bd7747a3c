//! The instances list: `show_deployment_pods` with every filter (deployment, device, cluster,
//! provider, and the top bar's workspace), paged in the URL, live while visible; row and bulk
//! pause / resume and delete.

use hilens_model::deployments::{Pod, PodListQuery};
use hilens_model::nodes::PROVIDERS;
use hilens_model::query::{OneOf, Text};
use hilens_model::rules;
use hilens_model::OperationId as Op;
use leptos::prelude::*;
use leptos_router::components::A;

use super::texts::I;
use super::{delete, pod_key, status_badge, switch};
use crate::api::{self, ApiError};
use crate::components::actions::{run_action, run_bulk, BulkNotice, BulkRun};
use crate::components::confirm::ConfirmDialog;
use crate::components::field::{FieldState, TextField};
use crate::components::filters::{select_filter, FilterForm};
use crate::components::list_page::{BulkAction, Column, ListCtx, ListPage, ListSpec, Rows};
use crate::components::url_state::ListState;
use crate::i18n::{tr, T};
use crate::state::use_app;
use crate::components::allowed::ActionButton;

crate::url_state! {
    /// The instances list's filters as the URL holds them.
    pub struct PodFilters {
        "deployment_id" => deployment_id: String = Text(|f, v| rules::length(f, v, 1, 64)),
        "node_id" => node_id: String = Text(|f, v| rules::length(f, v, 1, 64)),
        "cluster_id" => cluster_id: String = Text(|f, v| rules::length(f, v, 1, 64)),
        "provider" => provider: String = OneOf(PROVIDERS),
    }
}

fn fetch(view: ListState<PodFilters>) -> impl std::future::Future<Output = Result<Rows<Pod>, ApiError>> {
    // Read here, not in the future, so a workspace switch fetches again.
    let workspace = use_app().workspace.get();
    async move {
        let f = &view.filters;
        let text = |s: &String| (!s.is_empty()).then(|| s.clone());
        let query = PodListQuery {
            deployment_id: text(&f.deployment_id),
            node_id: text(&f.node_id),
            cluster_id: text(&f.cluster_id),
            provider: text(&f.provider),
            workspace_id: Some(workspace),
            offset: Some(view.offset()),
            limit: Some(view.size),
        };
        let list = api::deployments::show_deployment_pods(&query).await?;
        Ok(Rows { rows: list.pods, total: list.count })
    }
}

/// Pause or resume, and delete (asking first), for one instance.
#[component]
pub fn PodActions(pod: Pod, #[prop(into)] refetch: Callback<()>) -> impl IntoView {
    let pending = RwSignal::new(false);
    let deleting = RwSignal::new(false);
    let key = StoredValue::new(pod_key(&pod));
    let paused = pod.status == "Succeeded";
    let (action, label, done) = if paused { ("resume", I::Resume, I::Resumed) } else { ("pause", I::Pause, I::Paused) };
    let name = pod.name.clone();
    let app = use_app();
    view! {
        <div class="row tight">
            <ActionButton needs=Op::StartAndStopDeploymentPod testid="pod-switch" aria_label=Signal::derive(move || format!("{} {}", app.t(label), name))
                disabled=pending
                on_click=Callback::new(move |_| run_action(pending, done, switch(key.get_value(), action), move |_| refetch.run(())))>
                {tr(label)}
            </ActionButton>
            <ActionButton needs=Op::DeletePod class="danger" testid="pod-delete" on_click=Callback::new(move |_| deleting.set(true))>{tr(I::Delete)}</ActionButton>
            <ConfirmDialog open=deleting name=pod.name.clone() title=I::Delete
                on_confirm=move |_| run_action(pending, I::Deleted, delete(key.get_value()), move |_| refetch.run(()))/>
        </div>
    }
}

#[component]
pub fn InstanceListPage() -> impl IntoView {
    let ctx = ListCtx::<PodFilters>::new();
    let filters = Memo::new(move |_| ctx.state.get().filters);
    let deployment = FieldState::new(|v| rules::length("deployment_id", v, 1, 64), true);
    let node = FieldState::new(|v| rules::length("node_id", v, 1, 64), true);
    let cluster = FieldState::new(|v| rules::length("cluster_id", v, 1, 64), true);
    Effect::new(move |_| {
        let f = filters.get();
        deployment.value.set(f.deployment_id);
        node.value.set(f.node_id);
        cluster.value.set(f.cluster_id);
    });
    let search = move |_| {
        if deployment.check() && node.check() && cluster.check() {
            ctx.set(|f| {
                f.deployment_id = deployment.value.get_untracked().trim().to_string();
                f.node_id = node.value.get_untracked().trim().to_string();
                f.cluster_id = cluster.value.get_untracked().trim().to_string();
            });
        }
    };
    let run = RwSignal::new(None::<BulkRun>);
    let refetch = ctx.refetch;
    let switch_all = move |action: &'static str, label| {
        Callback::new(move |keys: Vec<String>| run_bulk(run, label, keys, move |k| switch(k, action), move || refetch.run(())))
    };
    let chosen = RwSignal::new(Vec::<String>::new());
    let confirm_open = RwSignal::new(false);
    let bulk = vec![
        BulkAction { label: I::Pause, testid: "bulk-pause", needs: Op::StartAndStopDeploymentPod.permission(), run: switch_all("pause", I::Pause) },
        BulkAction { label: I::Resume, testid: "bulk-resume", needs: Op::StartAndStopDeploymentPod.permission(), run: switch_all("resume", I::Resume) },
        BulkAction {
            label: I::Delete,
            testid: "bulk-delete",
            needs: Op::DeletePod.permission(),
            run: Callback::new(move |keys: Vec<String>| {
                chosen.set(keys);
                confirm_open.set(true);
            }),
        },
    ];
    let delete_chosen = Callback::new(move |_| run_bulk(run, I::Delete, chosen.get_untracked(), delete, move || refetch.run(())));
    let columns = vec![
        Column::new(I::Name, |p: &Pod| view! { <span data-testid="pod-name">{p.name.clone()}</span> }.into_any()),
        Column::new(I::Status, |p: &Pod| status_badge(&p.status)),
        Column::new(I::Device, |p: &Pod| {
            let (href, id) = (crate::paths::to(&format!("/devices/{}", p.node_id)), p.node_id.clone());
            view! { <A href=href attr:data-testid="pod-device">{id}</A> }.into_any()
        }),
        Column::new(I::Deployment, |p: &Pod| {
            let (href, id) = (crate::paths::to(&format!("/deployments/{}", p.deployment_id)), p.deployment_id.clone());
            view! { <A href=href attr:data-testid="pod-deployment">{id}</A> }.into_any()
        }),
        Column::new(I::Reason, |p: &Pod| p.reason.clone().unwrap_or_else(|| "-".into()).into_any()),
        Column::new(I::HostIp, |p: &Pod| p.host_ip.clone().unwrap_or_else(|| "-".into()).into_any()),
        Column::new(I::Created, |p: &Pod| p.created_at.clone().into_any()),
        Column::new(I::Actions, move |p: &Pod| view! { <PodActions pod=p.clone() refetch=refetch/> }.into_any()),
    ];
    let spec = ListSpec {
        title: T::NavInstances,
        empty: I::None,
        testid: "pod",
        columns,
        fetch,
        key: pod_key,
        bulk,
        cards: None,
        live: Some(std::time::Duration::from_secs(5)),
        choose_columns: Some("hilens.instances.hidden-columns"),
    };
    let filter_bar = move || view! {
        <FilterForm testid="pod-filters" buttons="pod" on_search=search on_reset=move |_| ctx.go.run(Default::default())>
            <TextField state=deployment label=I::DeploymentId testid="pod-filter-deployment" kind="search" search_box=true/>
            <TextField state=node label=I::DeviceId testid="pod-filter-node"/>
            <TextField state=cluster label=I::ClusterId testid="pod-filter-cluster"/>
            {select_filter(I::Provider, "pod-filter-provider", PROVIDERS.iter().map(|v| (v.to_string(), None)).collect(), Signal::derive(move || filters.get().provider), Callback::new(move |v| ctx.set(|f| f.provider = v)))}
        </FilterForm>
        <BulkNotice run=run/>
        <ConfirmDialog open=confirm_open name=Signal::derive(move || chosen.with(Vec::len).to_string()) title=I::Delete on_confirm=delete_chosen/>
    };
    view! { <ListPage ctx=ctx spec=spec filters=filter_bar/> }
}
