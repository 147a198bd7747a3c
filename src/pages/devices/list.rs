//! The devices list: every filter of `show_nodes` (name, state, activation, tags, provider),
//! scoped to the top bar's workspace, paged, all in the URL; state kept live while the tab is
//! visible; columns the user can choose; bulk start/stop, tags, firmware, activation and delete;
//! CSV export of the page or of every page. `?view=basic` shows the basic console's list
//! (`list_devices`) instead.

use std::future::Future;
use std::time::Duration;

use hilens_model::nodes::{
    validate_device_name, BasicDevice, BasicDeviceQuery, Node, NodeListQuery, ACTIVE_STATUSES, PROVIDERS, STATES,
};
use hilens_model::query::{Codec, EqualsTags, OneOf, Text};
use hilens_model::OperationId as Op;
use leptos::prelude::*;
use stylers_macro::style_sheet;

use super::actions::{switch, BulkForm, BulkFormPanel};
use super::impact::DeviceImpact;
use super::view::{active_badge, firmware_cell, state_badge, tag_chips};
use crate::api::{self, ApiError};
use crate::components::actions::{Bulk, BulkNotice};
use crate::components::allowed::ActionLink;
use crate::components::confirm::ConfirmDialog;
use crate::components::form::field::TextField;
use crate::components::list::export::{export_all, save_csv, to_csv, CsvColumn};
use crate::components::list::filters::{options, select_filter, tag_filter_rule, FilterForm};
use crate::components::list::list_page::{BulkAction, Column, ListCtx, ListPage, ListSpec, Rows};
use crate::components::list::text_filter::use_text_filter;
use crate::components::list::url_state::ListState;
use crate::components::names::{self, Kind};
use crate::i18n::{common, tr};
use crate::pages::devices::texts;
use crate::router::A;
use crate::state::use_app;

crate::url_state! {
    /// The devices list's filters as the URL holds them.
    pub struct DeviceFilters {
        "name" => name: String = Text(validate_device_name),
        "status" => status: String = OneOf(STATES),
        "active_status" => active_status: String = OneOf(ACTIVE_STATUSES),
        "tags" => tags: String = Text(|_, v| tag_filter_rule(v)),
        "provider" => provider: String = OneOf(PROVIDERS),
        "view" => view: String = OneOf(&["basic"]),
    }
}

/// How often the rows' state is read again while the tab is visible (one call each time).
pub const LIVE_EVERY: Duration = Duration::from_secs(5);

/// The API's query for the filters, a page and the workspace.
pub fn node_query(f: &DeviceFilters, workspace: &str, offset: u32, limit: u32) -> NodeListQuery {
    let text = |s: &String| (!s.is_empty()).then(|| s.clone());
    NodeListQuery {
        offset: Some(offset),
        limit: Some(limit),
        name: text(&f.name),
        workspace_id: Some(workspace.to_string()),
        tags: EqualsTags.read("tags", &f.tags).unwrap_or_default(),
        provider: text(&f.provider),
        status: text(&f.status),
        active_status: text(&f.active_status),
    }
}

fn fetch(view: ListState<DeviceFilters>) -> impl Future<Output = Result<Rows<Node>, ApiError>> {
    // Read here, not in the future, so a workspace switch fetches again.
    let workspace = use_app().workspace.get();
    async move {
        let list = api::nodes::show_nodes(&node_query(&view.filters, &workspace, view.offset(), view.size)).await?;
        names::learn(Kind::Device, list.nodes.iter().map(|n| (n.id.as_str(), n.name.as_str())));
        Ok(Rows { rows: list.nodes, total: list.count })
    }
}

async fn fetch_basic(view: ListState<DeviceFilters>) -> Result<Rows<BasicDevice>, ApiError> {
    let name = (!view.filters.name.is_empty()).then(|| view.filters.name.clone());
    let query = BasicDeviceQuery { offset: Some(view.offset()), limit: Some(view.size), name };
    let list = api::nodes::list_devices(&query).await?;
    Ok(Rows { rows: list.data, total: list.total })
}

/// What a CSV export writes of each device.
fn csv_columns() -> Vec<CsvColumn<Node>> {
    vec![
        (texts::Id, |n: &Node| n.id.clone()),
        (texts::DeviceName, |n: &Node| n.name.clone()),
        (texts::State, |n: &Node| n.state.clone()),
        (texts::ActiveStatus, |n: &Node| n.active_status.clone().unwrap_or_default()),
        (texts::Provider, |n: &Node| n.node_type.clone().unwrap_or_default()),
        (texts::Arch, |n: &Node| n.arch.clone().unwrap_or_default()),
        (texts::Firmware, |n: &Node| n.firmware_version.clone().unwrap_or_default()),
        (texts::Tags, |n: &Node| n.tags.iter().map(|t| format!("{}={}", t.key, t.value)).collect::<Vec<_>>().join(";")),
        (texts::Created, |n: &Node| n.created_at.clone().unwrap_or_default()),
    ]
}

#[component]
pub fn DeviceListPage() -> impl IntoView {
    let query = crate::router::use_query_map();
    let basic = Memo::new(move |_| query.with(|q| q.get("view").as_deref() == Some("basic")));
    // Each view has its own list state (and resource), made when it is shown.
    move || {
        if basic.get() {
            view! { <BasicDeviceList ctx=ListCtx::new() /> }.into_any()
        } else {
            view! { <FullDeviceList ctx=ListCtx::new() /> }.into_any()
        }
    }
}

/// The two views' switch, beside the heading.
fn view_switch(ctx: ListCtx<DeviceFilters>) -> AnyView {
    let basic = move || ctx.state.get().filters.view == "basic";
    let set = move |v: &'static str| move |_| ctx.set(|f| f.view = v.to_string());
    view! {
        <div role="group" aria-label=tr(texts::ViewChoice) class="row tight">
            <button type="button" data-testid="view-full" aria-pressed=move || (!basic()).to_string() on:click=set("")>
                {tr(texts::FullView)}
            </button>
            <button
                type="button"
                data-testid="view-basic"
                aria-pressed=move || basic().to_string()
                on:click=set("basic")
            >
                {tr(texts::BasicView)}
            </button>
        </div>
    }
    .into_any()
}

#[component]
fn FullDeviceList(ctx: ListCtx<DeviceFilters>) -> impl IntoView {
    let app = use_app();
    let filters = Memo::new(move |_| ctx.state.get().filters);
    let name = use_text_filter(ctx, "name", |f| &mut f.name);
    let tags = use_text_filter(ctx, "tags", |f| &mut f.tags);
    let select = move |label, testid, opts, get: fn(&DeviceFilters) -> String, put: fn(&mut DeviceFilters, String)| {
        select_filter(
            label,
            testid,
            opts,
            Signal::derive(move || get(&filters.get())),
            Callback::new(move |v| ctx.set(|f| put(f, v))),
        )
    };
    let plain = |values: &[&'static str]| values.iter().map(|v| (v.to_string(), None)).collect::<Vec<_>>();

    let bulk = Bulk::new(Some(Kind::Device), ctx.refetch);
    let run = bulk.run;
    let form = RwSignal::new(None::<BulkForm>);
    let done = ctx.refetch;
    let start_all = Callback::new(move |ids| bulk.start(texts::Start, ids, |id| switch(id, "start")));
    // Stopping asks first, naming what runs on the devices; its toast offers to start them again.
    let (stopping, stop_open, stop_busy) =
        (RwSignal::new(Vec::<String>::new()), RwSignal::new(false), RwSignal::new(false));
    let stop_chosen = Callback::new(move |_| {
        bulk.start_undoable(
            texts::Stop,
            stopping.get_untracked(),
            |id| switch(id, "stop"),
            texts::DevicesStopped,
            start_all,
        )
    });
    let ask = |make: fn(Vec<String>) -> BulkForm| move |ids: Vec<String>| form.set(Some(make(ids)));
    let bulk_actions = vec![
        BulkAction::new(texts::Start, "bulk-start", Op::SwitchNodeConnection, move |ids| start_all.run(ids)),
        BulkAction::new(texts::Stop, "bulk-stop", Op::SwitchNodeConnection, move |ids| {
            stopping.set(ids);
            stop_open.set(true);
        }),
        BulkAction::new(texts::AddTags, "bulk-tags", Op::BatchCreateNodeTags, ask(BulkForm::Tags)),
        BulkAction::new(texts::UpgradeFirmware, "bulk-upgrade", Op::UpdateNodeFirmware, ask(BulkForm::Upgrade)),
        BulkAction::new(texts::Activate, "bulk-activate", Op::UnfreezeNode, ask(BulkForm::Activate)),
        BulkAction::new(texts::DeleteDevices, "bulk-delete", Op::DeleteNode, ask(BulkForm::Delete)),
    ];

    let export_page = move |_| {
        let view = ctx.state.get_untracked();
        let workspace = app.workspace.get_untracked();
        leptos::task::spawn_local(async move {
            match api::nodes::show_nodes(&node_query(&view.filters, &workspace, view.offset(), view.size)).await {
                Ok(list) => {
                    save_csv("devices-page.csv", &to_csv(&csv_columns(), &list.nodes, app.lang.get_untracked()))
                }
                Err(e) => app.toast_error(&e),
            }
        });
    };
    let export_everything = move |_| {
        let filters = ctx.state.get_untracked().filters;
        let workspace = app.workspace.get_untracked();
        leptos::task::spawn_local(async move {
            // How many there are, then every page of them.
            let total = match api::nodes::show_nodes(&node_query(&filters, &workspace, 0, 1)).await {
                Ok(list) => list.count,
                Err(e) => return app.toast_error(&e),
            };
            export_all(
                app.lang.get_untracked(),
                run,
                texts::Exporting,
                total,
                csv_columns(),
                "devices.csv".into(),
                move |offset, limit| {
                    let query = node_query(&filters, &workspace, offset, limit);
                    async move { api::nodes::show_nodes(&query).await.map(|l| Rows { rows: l.nodes, total: l.count }) }
                },
            );
        });
    };
    const _: &str = include_str!("full_device_list.css");
    let class = style_sheet!("src/pages/devices/full_device_list.css");
    let spec = ListSpec::new(common::NavDevices, texts::NoDevices, "device", fetch, |n: &Node| n.id.clone())
        .columns(columns())
        .bulk(bulk_actions)
        .live(LIVE_EVERY)
        .choose_columns("hilens.devices.hidden-columns");
    let actions = move || {
        view! { class=class,
            <div class="device-actions">
                {view_switch(ctx)} <button type="button" data-testid="export-page" on:click=export_page>
                    {tr(texts::ExportPage)}
                </button> <button type="button" data-testid="export-all" on:click=export_everything>
                    {tr(texts::ExportAll)}
                </button> <ActionLink needs=Op::CreateNode href="/devices/new" class="button primary" testid="register">
                    {tr(texts::Register)}
                </ActionLink>
            </div>
        }
    };
    let filter_bar = move || {
        view! {
            <FilterForm
                testid="device-filters"
                buttons="device"
                on_search=move |_| ctx.search(&[name, tags])
                on_reset=move |_| ctx.reset()
            >
                <TextField
                    state=name.state
                    label=texts::DeviceName
                    testid="device-filter-name"
                    placeholder=texts::DeviceNamePlaceholder
                    kind="search"
                    search_box=true
                />
                {select(
                    texts::State,
                    "device-filter-state",
                    options(STATES, texts::state_label),
                    |f| f.status.clone(),
                    |f, v| f.status = v,
                )}
                {select(
                    texts::ActiveStatus,
                    "device-filter-active",
                    options(ACTIVE_STATUSES, texts::active_status),
                    |f| f.active_status.clone(),
                    |f, v| f.active_status = v,
                )}
                <TextField
                    state=tags.state
                    label=texts::TagsFilter
                    testid="device-filter-tags"
                    placeholder=texts::TagsExample
                />
                {select(
                    texts::Provider,
                    "device-filter-provider",
                    plain(PROVIDERS),
                    |f| f.provider.clone(),
                    |f, v| f.provider = v,
                )}
            </FilterForm>
        }
    };
    let bulk_panel = move || {
        view! {
            <BulkFormPanel form=form run=run done=done />
            <BulkNotice run=run />
            <ConfirmDialog
                open=stop_open
                name=String::new()
                title=texts::StopDevices
                on_confirm=stop_chosen
                busy=stop_busy
                impact=move || {
                    view! { <DeviceImpact ids=stopping open=stop_open consequence=texts::ImpactStop busy=stop_busy /> }
                }
            />
        }
    };
    view! { <ListPage ctx=ctx spec=spec filters=filter_bar actions=actions bulk_panel=bulk_panel /> }
}

fn columns() -> Vec<Column<Node>> {
    vec![
        Column::new(texts::DeviceName, |n: &Node| {
            let (href, name) = (crate::paths::to(&format!("/devices/{}", n.id)), n.name.clone());
            view! { <A href=href attr:data-testid="device-link">{name}</A> }.into_any()
        }),
        Column::new(texts::State, |n: &Node| state_badge(&n.state)),
        Column::new(texts::ActiveStatus, |n: &Node| active_badge(n.active_status.as_deref().unwrap_or_default())),
        Column::new(texts::Provider, |n: &Node| n.node_type.clone().unwrap_or_default().into_any()),
        Column::new(texts::Arch, |n: &Node| n.arch.clone().unwrap_or_else(|| "-".into()).into_any()),
        Column::new(texts::Firmware, firmware_cell),
        Column::new(texts::Tags, |n: &Node| tag_chips(&n.tags)),
        Column::new(texts::Created, |n: &Node| crate::components::format::when(n.created_at.as_deref())),
    ]
}

#[component]
fn BasicDeviceList(ctx: ListCtx<DeviceFilters>) -> impl IntoView {
    let name = use_text_filter(ctx, "name", |f| &mut f.name);
    let spec = ListSpec::new(common::NavDevices, texts::NoDevices, "basic-device", fetch_basic, |d: &BasicDevice| d.id.clone())
        .columns(vec![
            Column::new(texts::DeviceName, |d: &BasicDevice| {
                let (href, name) = (crate::paths::to(&format!("/devices/{}", d.id)), d.name.clone());
                view! { <A href=href>{name}</A> }.into_any()
            }),
            Column::new(texts::State, |d: &BasicDevice| {
                let online = d.status == 1;
                let app = use_app();
                view! { <span class=if online { "badge badge-ok" } else { "badge" }>{move || app.t(if online { texts::Online } else { texts::Offline })}</span> }.into_any()
            }),
            Column::new(texts::Firmware, |d: &BasicDevice| d.firmware_version.clone().unwrap_or_default().into_any()),
            Column::new(texts::Os, |d: &BasicDevice| d.os.clone().unwrap_or_default().into_any()),
            Column::new(texts::Cpu, |d: &BasicDevice| d.cpu.map(|c| c.to_string()).unwrap_or_default().into_any()).numeric(),
            Column::new(texts::Memory, |d: &BasicDevice| d.memory.map(|c| c.to_string()).unwrap_or_default().into_any()).numeric(),
            Column::new(texts::ActiveStatus, |d: &BasicDevice| {
                let app = use_app();
                let active = d.active_flag == Some(1);
                (move || app.t(if active { texts::Activated } else { texts::Inactive })).into_any()
            }),
        ]);
    view! {
        <ListPage
            ctx=ctx
            spec=spec
            actions=move || view_switch(ctx)
            filters=move || {
                view! {
                    <FilterForm
                        testid="basic-device-filters"
                        buttons="basic-device"
                        on_search=move |_| ctx.search(&[name])
                        on_reset=move |_| ctx.reset()
                    >
                        <TextField
                            state=name.state
                            label=texts::DeviceName
                            testid="basic-device-filter-name"
                            placeholder=texts::DeviceNamePlaceholder
                            kind="search"
                            search_box=true
                        />
                    </FilterForm>
                }
            }
        />
    }
}
