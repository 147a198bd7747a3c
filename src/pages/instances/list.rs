//! The instances list: `show_deployment_pods` with every filter (deployment, device, cluster,
//! provider, and the top bar's workspace), paged in the URL, live while visible; row and bulk
//! pause / resume and delete.

use hilens_model::deployments::{Pod, PodListQuery};
use hilens_model::nodes::PROVIDERS;
use hilens_model::query::{OneOf, Text};
use hilens_model::rules;
use hilens_model::OperationId as Op;
use leptos::prelude::*;
use stylers_macro::style_sheet;

use super::texts;
use super::{delete, pod_key, reason_text, status_badge, switch};
use crate::api::{self, ApiError};
use crate::components::actions::{run_action, run_bulk, Bulk, BulkNotice, BulkRun};
use crate::components::allowed::ActionButton;
use crate::components::confirm::ConfirmDialog;
use crate::components::form::field::TextField;
use crate::components::form::pickers::PickOne;
use crate::components::list::filters::{select_filter, FilterForm};
use crate::components::list::list_page::{BulkAction, Column, ListCtx, ListPage, ListSpec, Rows};
use crate::components::list::text_filter::use_text_filter;
use crate::components::list::url_state::ListState;
use crate::components::names::{Kind, Named};
use crate::i18n::{common, tr};
use crate::router::A;
use crate::state::use_app;

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

/// A delete of instances waiting for its confirmation: their keys and what to type (the
/// instance's name, or how many).
/// It also holds which row's menu of further actions is open: rows are drawn again with every
/// refresh, the open menu stays.
#[derive(Clone, Copy)]
pub struct PodAsks {
    keys: RwSignal<Vec<String>>,
    name: RwSignal<String>,
    /// The device of a single instance asked about (none for many).
    device: RwSignal<Option<String>>,
    open: RwSignal<bool>,
    menu: RwSignal<Option<String>>,
}

impl PodAsks {
    pub fn new() -> PodAsks {
        PodAsks {
            keys: RwSignal::new(Vec::new()),
            name: RwSignal::new(String::new()),
            device: RwSignal::new(None),
            open: RwSignal::new(false),
            menu: RwSignal::new(None),
        }
    }

    pub(crate) fn ask(&self, keys: Vec<String>, name: String, device: Option<String>) {
        self.menu.set(None);
        self.keys.set(keys);
        self.name.set(name);
        self.device.set(device);
        self.open.set(true);
    }
}

impl Default for PodAsks {
    fn default() -> Self {
        Self::new()
    }
}

/// The page's one confirmation of an instance delete (rows are drawn again with every refresh;
/// a dialog in a row would go with them).
/// The dialog says what goes: the instances' deployments (and device, for one), which stay.
/// A click outside an open row menu closes it.
#[component]
pub fn PodConfirm(asks: PodAsks, run: RwSignal<Option<BulkRun>>, #[prop(into)] refetch: Callback<()>) -> impl IntoView {
    let go = Callback::new(move |_| {
        run_bulk(run, texts::Delete, asks.keys.get_untracked(), delete, move || refetch.run(()))
    });
    let outside = window_event_listener(leptos::ev::click, move |ev| {
        use wasm_bindgen::JsCast;
        let inside = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest(".pod-menu").ok().flatten())
            .is_some();
        if !inside && asks.menu.get_untracked().is_some() {
            asks.menu.set(None);
        }
    });
    // Escape closes it and gives the focus back to its button (found by id: the row may have
    // been drawn again since it opened).
    let escape = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() != "Escape" {
            return;
        }
        let Some(open) = asks.menu.get_untracked() else { return };
        asks.menu.set(None);
        let button = document().get_element_by_id(&menu_button_id(&super::split_key(&open).1));
        if let Some(b) = button.and_then(|b| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(b).ok()) {
            let _ = b.focus();
        }
    });
    on_cleanup(move || {
        outside.remove();
        escape.remove();
    });
    let impact = move || {
        let mut deployments: Vec<String> = asks.keys.get().iter().map(|k| super::split_key(k).0).collect();
        deployments.sort();
        deployments.dedup();
        view! {
            <div data-testid="pod-impact">
                <p>{tr(texts::ImpactDelete)}</p>
                <ul>
                    {asks
                        .device
                        .get()
                        .map(|d| view! { <li>{tr(texts::Device)} ": " <Named kind=Kind::Device id=d /></li> })}
                    {deployments
                        .into_iter()
                        .map(|d| view! { <li>{tr(texts::Deployment)} ": " <Named kind=Kind::Deployment id=d /></li> })
                        .collect_view()}
                </ul>
            </div>
        }
    };
    view! { <ConfirmDialog open=asks.open name=asks.name title=texts::Delete on_confirm=go impact=impact /> }
}

/// Pause or resume, and a menu of further actions (its page, and delete: asking first, through
/// the page's [`PodConfirm`]) for one instance. Delete stays out of the row itself, so that a
/// table of rows does not show a red button on each.
#[component]
pub fn PodActions(pod: Pod, #[prop(into)] refetch: Callback<()>, asks: PodAsks) -> impl IntoView {
    let pending = RwSignal::new(false);
    let key = StoredValue::new(pod_key(&pod));
    let paused = pod.status == "Succeeded";
    let (action, label, done) =
        if paused { ("resume", texts::Resume, texts::Resumed) } else { ("pause", texts::Pause, texts::Paused) };
    let (name, name2, name3) = (pod.name.clone(), StoredValue::new(pod.name.clone()), pod.name.clone());
    let device = StoredValue::new(pod.node_id.clone());
    let app = use_app();
    let menu_id = format!("pod-menu-{}", pod.id);
    let trigger_id = menu_button_id(&pod.id);
    let open = Memo::new(move |_| asks.menu.with(|m| m.as_deref() == Some(key.get_value().as_str())));
    let page = crate::paths::to(&instance_path(&pod));
    const _: &str = include_str!("pod_actions.css");
    let menu_class = style_sheet!("src/pages/instances/pod_actions.css");
    view! { class=menu_class,
        <div class="row tight">
            <ActionButton
                needs=Op::StartAndStopDeploymentPod
                testid="pod-switch"
                aria_label=Signal::derive(move || format!("{} {}", app.t(label), name))
                disabled=pending
                on_click=Callback::new(move |_| run_action(
                    pending,
                    done,
                    switch(key.get_value(), action),
                    move |_| refetch.run(()),
                ))
            >
                {tr(label)}
            </ActionButton>
            <div class="pod-menu">
                <button
                    type="button"
                    id=trigger_id
                    data-testid="pod-more"
                    aria-expanded=move || open.get().to_string()
                    aria-controls=menu_id.clone()
                    aria-label=move || format!("{} {}", app.t(texts::MoreActions), name3)
                    on:click=move |_| asks.menu.set(if open.get_untracked() { None } else { Some(key.get_value()) })
                >
                    "⋯"
                </button>
                <Show when=move || open.get()>
                    <div
                        class="pod-menu-list"
                        id=menu_id.clone()
                        role="group"
                        aria-label=move || format!("{} {}", app.t(texts::MoreActions), name2.get_value())
                    >
                        <a href=page.clone() data-testid="pod-open">
                            {tr(texts::Open)}
                        </a>
                        <ActionButton
                            needs=Op::DeletePod
                            class="danger"
                            testid="pod-delete"
                            on_click=Callback::new(move |_| {
                                asks.ask(vec![key.get_value()], name2.get_value(), Some(device.get_value()))
                            })
                        >
                            {tr(texts::DeleteAsk)}
                        </ActionButton>
                    </div>
                </Show>
            </div>
        </div>
    }
}

fn menu_button_id(pod_id: &str) -> String {
    format!("pod-menu-{pod_id}-button")
}

/// The path of an instance's own page.
pub fn instance_path(pod: &Pod) -> String {
    format!("/instances/{}/{}", pod.deployment_id, pod.id)
}

#[component]
pub fn InstanceListPage() -> impl IntoView {
    let ctx = ListCtx::<PodFilters>::new();
    let filters = Memo::new(move |_| ctx.state.get().filters);
    // The device and deployment are picked by name and apply at once.
    let cluster = use_text_filter(ctx, "cluster_id", |f| &mut f.cluster_id);
    let refetch = ctx.refetch;
    let bulk = Bulk::new(None, refetch);
    let run = bulk.run;
    let asks = PodAsks::new();
    let bulk_actions = vec![
        bulk.each(texts::Pause, "bulk-pause", Op::StartAndStopDeploymentPod, |k| switch(k, "pause")),
        bulk.each(texts::Resume, "bulk-resume", Op::StartAndStopDeploymentPod, |k| switch(k, "resume")),
        BulkAction::new(texts::Delete, "bulk-delete", Op::DeletePod, move |keys: Vec<String>| {
            let count = keys.len().to_string();
            asks.ask(keys, count, None)
        }),
    ];
    let columns = vec![
        Column::new(texts::Name, |p: &Pod| {
            let href = crate::paths::to(&instance_path(p));
            let name = p.name.clone();
            view! { <A href=href attr:data-testid="pod-name">{name}</A> }.into_any()
        }),
        Column::new(texts::Status, |p: &Pod| status_badge(&p.status)),
        Column::new(texts::Device, |p: &Pod| {
            let href = crate::paths::to(&format!("/devices/{}", p.node_id));
            view! { <Named kind=Kind::Device id=p.node_id.clone() href=href testid="pod-device"/> }.into_any()
        }),
        Column::new(texts::Deployment, |p: &Pod| {
            let href = crate::paths::to(&format!("/deployments/{}", p.deployment_id));
            view! { <Named kind=Kind::Deployment id=p.deployment_id.clone() href=href testid="pod-deployment"/> }
                .into_any()
        }),
        Column::new(texts::Reason, |p: &Pod| reason_text(p.reason.as_deref())),
        Column::new(texts::HostIp, |p: &Pod| p.host_ip.clone().unwrap_or_else(|| "-".into()).into_any()),
        Column::new(texts::Created, |p: &Pod| crate::components::format::when(Some(&p.created_at))),
        Column::new(texts::Actions, move |p: &Pod| {
            view! { <PodActions pod=p.clone() refetch=refetch asks=asks/> }.into_any()
        }),
    ];
    let spec = ListSpec::new(common::NavInstances, texts::None, "pod", fetch, pod_key)
        .columns(columns)
        .bulk(bulk_actions)
        .live(std::time::Duration::from_secs(5))
        .choose_columns("hilens.instances.hidden-columns");
    let filter_bar = move || {
        view! {
            <FilterForm
                testid="pod-filters"
                buttons="pod"
                on_search=move |_| ctx.search(&[cluster])
                on_reset=move |_| ctx.reset()
            >
                <PickOne
                    kind=Kind::Deployment
                    label=texts::DeploymentFilter
                    testid="pod-filter-deployment"
                    current=Signal::derive(move || filters.get().deployment_id)
                    on_pick=move |id| ctx.set(|f| f.deployment_id = id)
                />
                <PickOne
                    kind=Kind::Device
                    label=texts::DeviceFilter
                    testid="pod-filter-node"
                    current=Signal::derive(move || filters.get().node_id)
                    on_pick=move |id| ctx.set(|f| f.node_id = id)
                />
                <TextField state=cluster.state label=texts::ClusterId testid="pod-filter-cluster" />
                {select_filter(
                    texts::Provider,
                    "pod-filter-provider",
                    PROVIDERS.iter().map(|v| (v.to_string(), None)).collect(),
                    Signal::derive(move || filters.get().provider),
                    Callback::new(move |v| ctx.set(|f| f.provider = v)),
                )}
            </FilterForm>
        }
    };
    let bulk_panel = move || {
        view! {
            <BulkNotice run=run />
            <PodConfirm asks=asks run=run refetch=refetch />
        }
    };
    view! { <ListPage ctx=ctx spec=spec filters=filter_bar bulk_panel=bulk_panel /> }
}
