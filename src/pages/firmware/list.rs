//! The firmware list: a hardware model (the API requires one), architecture and OS filters,
//! paging, all in the URL; each firmware can be rolled out to the running devices it fits.

use hilens_model::firmware::{Firmware, FirmwareListQuery, DEVICE_TYPES};
use hilens_model::nodes::{Node, NodeListQuery};
use hilens_model::query::{OneOf, Text};
use hilens_model::rules;
use hilens_model::OperationId as Op;
use leptos::prelude::*;
use stylers_macro::style_sheet;

use super::texts;
use crate::api::{self, ApiError};
use crate::components::actions::{BulkNotice, BulkRun};
use crate::components::allowed::ActionButton;
use crate::components::form::field::TextField;
use crate::components::list::filters::{select_filter, FilterForm};
use crate::components::list::list_page::{Column, ListCtx, ListPage, ListSpec, Rows};
use crate::components::list::text_filter::use_text_filter;
use crate::components::list::url_state::ListState;
use crate::i18n::{common, tr};
use crate::state::use_app;

crate::url_state! {
    /// The firmware list's filters as the URL holds them.
    pub struct FirmwareFilters {
        "device_type" => device_type: String = OneOf(DEVICE_TYPES),
        "arch" => arch: String = Text(|f, v| rules::length(f, v, 1, 64)),
        "os_name" => os_name: String = Text(|f, v| rules::length(f, v, 1, 64)),
    }
}

/// The model shown when the URL names none.
const DEFAULT_TYPE: &str = "HiLens Kit";

fn device_type(f: &FirmwareFilters) -> String {
    if f.device_type.is_empty() {
        DEFAULT_TYPE.to_string()
    } else {
        f.device_type.clone()
    }
}

async fn fetch(view: ListState<FirmwareFilters>) -> Result<Rows<Firmware>, ApiError> {
    let text = |s: &String| (!s.is_empty()).then(|| s.clone());
    let query = FirmwareListQuery {
        device_type: device_type(&view.filters),
        arch: text(&view.filters.arch),
        os_name: text(&view.filters.os_name),
        os_version: None,
        offset: Some(view.offset()),
        limit: Some(view.size),
    };
    let list = api::firmware::list_firmwares(&query).await?;
    Ok(Rows { rows: list.firmwares, total: list.count })
}

#[component]
pub fn FirmwareListPage() -> impl IntoView {
    let ctx = ListCtx::<FirmwareFilters>::new();
    let filters = Memo::new(move |_| ctx.state.get().filters);
    let arch = use_text_filter(ctx, "arch", |f| &mut f.arch);
    let os_name = use_text_filter(ctx, "os_name", |f| &mut f.os_name);
    let rollout = RwSignal::new(None::<Firmware>);
    let run = RwSignal::new(None::<BulkRun>);
    let columns = vec![
        Column::new(texts::Name, |f: &Firmware| f.name.clone().into_any()),
        Column::new(texts::Version, |f: &Firmware| {
            view! { <span data-testid="firmware-version">{f.version.clone()}</span> }.into_any()
        }),
        Column::new(texts::Kind, |f: &Firmware| {
            let kind = f.firmware_type.clone().unwrap_or_default();
            crate::i18n::worded(texts::kind_text(&kind), &kind).into_any()
        }),
        Column::new(texts::Arch, |f: &Firmware| f.arch.clone().unwrap_or_default().into_any()),
        Column::new(texts::OsName, |f: &Firmware| f.os_name.clone().unwrap_or_default().into_any()),
        Column::new(texts::Size, |f: &Firmware| {
            f.size.map(|s| format!("{:.1}", s as f64 / 1_048_576.0)).unwrap_or_default().into_any()
        })
        .numeric(),
        Column::new(texts::Created, |f: &Firmware| crate::components::format::when_ms(f.create_time)),
        Column::new(texts::UpgradeDevices, move |f: &Firmware| {
            let firmware = f.clone();
            view! { <ActionButton needs=Op::UpdateNodeFirmware testid="rollout" on_click=Callback::new(move |_| rollout.set(Some(firmware.clone())))>{tr(texts::UpgradeDevices)}</ActionButton> }.into_any()
        }),
    ];
    let spec = ListSpec::new(common::NavFirmware, texts::NoFirmware, "firmware", fetch, |f: &Firmware| f.id.clone())
        .columns(columns);
    let types = || DEVICE_TYPES.iter().map(|t| (t.to_string(), None)).collect::<Vec<_>>();
    view! {
        <ListPage
            ctx=ctx
            spec=spec
            filters=move || {
                view! {
                    <FilterForm
                        testid="firmware-filters"
                        buttons="firmware"
                        on_search=move |_| ctx.search(&[arch, os_name])
                        on_reset=move |_| ctx.reset()
                    >
                        {select_filter(
                            texts::DeviceType,
                            "firmware-filter-type",
                            types(),
                            Signal::derive(move || filters.get().device_type),
                            Callback::new(move |v| ctx.set(|f| f.device_type = v)),
                        )}
                        <TextField state=arch.state label=texts::Arch testid="firmware-filter-arch" />
                        <TextField state=os_name.state label=texts::OsName testid="firmware-filter-os" />
                    </FilterForm>
                }
            }
            bulk_panel=move || {
                view! {
                    // The upgrade's form opens beside the rows it was chosen from, not in the filters.
                    {move || rollout.get().map(|f| view! { <Rollout firmware=f rollout=rollout run=run /> })}
                    <BulkNotice run=run />
                }
            }
        />
    }
}

/// The running devices of the firmware's architecture, to choose from, and the upgrade.
#[component]
fn Rollout(firmware: Firmware, rollout: RwSignal<Option<Firmware>>, run: RwSignal<Option<BulkRun>>) -> impl IntoView {
    let app = use_app();
    let arch = firmware.arch.clone();
    let devices = LocalResource::new(move || {
        let workspace = app.workspace.get();
        let arch = arch.clone();
        async move {
            let query = NodeListQuery {
                status: Some("RUNNING".into()),
                workspace_id: Some(workspace),
                limit: Some(100),
                ..Default::default()
            };
            api::nodes::show_nodes(&query)
                .await
                .map(|l| l.nodes.into_iter().filter(|n: &Node| n.arch == arch).collect::<Vec<_>>())
        }
    });
    let chosen = RwSignal::new(Vec::<String>::new());
    crate::components::confirm::focus_soon("rollout-title");
    let id = firmware.id.clone();
    let upgrade = move |_| {
        let id = id.clone();
        rollout.set(None);
        // Followed to the end: the notice finishes when every device has.
        crate::pages::devices::run_upgrades(run, chosen.get_untracked(), id, None, || {});
    };
    const _: &str = include_str!("rollout.css");
    let class = style_sheet!("src/pages/firmware/rollout.css");
    view! { class=class,
        <section class="rollout card" aria-labelledby="rollout-title" data-testid="rollout-form">
            <h2 id="rollout-title" tabindex="-1">
                {format!("{} {} {}", firmware.name, firmware.version, app.t_untracked(texts::UpgradeDevices))}
            </h2>
            <p class="muted">{tr(texts::FittingDevices)}</p>
            {move || {
                devices
                    .get()
                    .map(|r| match r {
                        Err(e) => {
                            view! {
                                <p class="danger-text" role="alert">
                                    {e.plain()}
                                </p>
                            }
                                .into_any()
                        }
                        Ok(list) if list.is_empty() => view! { <p class="muted">{tr(texts::NoFitting)}</p> }.into_any(),
                        Ok(list) => {
                            view! { class=class,
                                <ul>
                                    {list
                                        .into_iter()
                                        .map(|n| {
                                            let (a, b) = (n.id.clone(), n.id.clone());
                                            view! {
                                                <li>
                                                    <label>
                                                        <input
                                                            type="checkbox"
                                                            prop:checked=move || chosen.with(|c| c.contains(&a))
                                                            on:change=move |ev| {
                                                                let on = event_target_checked(&ev);
                                                                chosen
                                                                    .update(|c| {
                                                                        c.retain(|x| *x != b);
                                                                        if on {
                                                                            c.push(b.clone());
                                                                        }
                                                                    });
                                                            }
                                                        />
                                                        " "
                                                        {n.name.clone()}
                                                        " · "
                                                        {n.firmware_version.clone().unwrap_or_default()}
                                                    </label>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                    })
            }}
            <div class="row">
                <ActionButton
                    needs=Op::UpdateNodeFirmware
                    class="primary"
                    testid="rollout-apply"
                    disabled=Signal::derive(move || chosen.with(Vec::is_empty))
                    on_click=Callback::new(upgrade)
                >
                    {tr(texts::Upgrade)}
                </ActionButton>
                <button type="button" on:click=move |_| rollout.set(None)>
                    {tr(common::Cancel)}
                </button>
            </div>
        </section>
    }
}
