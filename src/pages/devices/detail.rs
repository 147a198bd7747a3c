//! One device (on the kit's detail page, tabs in the URL): every fact of `show_node`, kept live
//! while the tab is visible; edit (`update_node`: description, tags, log settings, NPU/GPU,
//! event validity; the reference has no rename), start/stop, delete; the certificate's
//! re-issue; activation with a running-service order and its records; firmware upgrades with
//! live progress and history; its alarms and its app instances.

use hilens_model::alarms::DeviceAlarmQuery;
use hilens_model::common::PageQuery;
use hilens_model::deployments::PodListQuery;
use hilens_model::firmware::{UPGRADE_FAILED, UPGRADE_SUCCEEDED, UPGRADING};
use hilens_model::nodes::{Node, UpdateNodeReqDetail, UpdateNodeRequest, NPU_TYPES};
use hilens_model::rules;
use hilens_model::tags::Tag;
use hilens_model::OperationId as Op;
use leptos::prelude::*;
use leptos_router::components::A;
use stylers_macro::style;

use super::actions::{self as device, ActivateForm, UpgradeForm};
use super::certificate::CertificatePackage;
use super::view::{active_badge, state_badge, tag_chips};
use super::log_settings::{LogFields, LogSettings};
use crate::api::{self, ApiError};
use crate::components::actions::{run_action, run_undoable, BulkNotice, BulkRun};
use crate::state::toasts::ToastAction;
use crate::components::names::{Kind, Named};
use super::impact::DeviceImpact;
use crate::components::confirm::{ConfirmDialog, Progress};
use crate::components::detail::{DetailPage, Tab};
use crate::components::error_notice::ErrorNotice;
use crate::components::facts::{chips, number, text, Facts};
use crate::components::field::{FieldState, TextField};
use crate::components::form::{land_on_field, tag_rows, CheckField, KeyValueRows, Row, SelectField};
use crate::components::list_kit::Skeleton;
use crate::components::resource_tags::ResourceTags;
use crate::components::live::use_poll;
use crate::i18n::{tr, T};
use crate::pages::devices::texts::D;
use crate::state::use_app;
use crate::components::allowed::ActionButton;

/// How often the device is read again while its page is visible.
const LIVE_EVERY: std::time::Duration = std::time::Duration::from_secs(3);

#[component]
pub fn DeviceDetailPage(node_id: String) -> impl IntoView {
    let id = StoredValue::new(node_id);
    let node = LocalResource::new(move || {
        let id = id.get_value();
        async move { api::nodes::show_node(&id).await }
    });
    use_poll(LIVE_EVERY, move || node.refetch());
    let refetch = Callback::new(move |_| node.refetch());
    let loaded = move || node.get().and_then(Result::ok);
    let title = Signal::derive(move || loaded().map(|n| n.name).unwrap_or_default());
    let pending = RwSignal::new(false);
    let deleting = RwSignal::new(false);
    let stopping = RwSignal::new(false);
    let (busy_stop, busy_delete) = (RwSignal::new(false), RwSignal::new(false));
    let force = RwSignal::new(false);
    let delete = Callback::new(move |_| {
        let navigate = leptos_router::hooks::use_navigate();
        run_action(pending, D::Deleted, device::delete(id.get_value(), force.get_untracked()), move |r| {
            if r.is_ok() {
                navigate(&crate::components::list_page::list_url("/devices"), Default::default());
            }
        });
    });
    let start = Callback::new(move |_| {
        run_action(pending, D::Started, device::switch(id.get_value(), "start"), move |_| refetch.run(()))
    });
    // A stop asks first (it names what runs on the device); its toast offers to start it again.
    let stop = Callback::new(move |_| {
        let undo = ToastAction { label: T::Undo, run: start };
        run_undoable(pending, D::Stopped, Some(undo), device::switch(id.get_value(), "stop"), move |_| refetch.run(()))
    });
    let this = Signal::derive(move || vec![id.get_value()]);
    let actions = move || {
        loaded().map(|n| {
            let stopped = n.state == "STOPPED";
            let can_switch = n.state == "RUNNING" || stopped;
            let label = if stopped { D::Start } else { D::Stop };
            view! {
                <div class="row">
                    <ActionButton
                        needs=Op::SwitchNodeConnection
                        testid="device-switch"
                        disabled=Signal::derive(move || pending.get() || !can_switch)
                        on_click=Callback::new(move |_| if stopped { start.run(()) } else { stopping.set(true) })
                    >
                        {tr(label)}
                    </ActionButton>
                    <ActionButton
                        needs=Op::DeleteNode
                        class="danger"
                        testid="device-delete"
                        on_click=Callback::new(move |_| deleting.set(true))
                    >
                        {tr(D::DeleteDevice)}
                    </ActionButton>
                </div>
            }
        })
    };
    // The dialogs stand outside the actions, which are drawn again with every refresh.
    let dialogs = view! {
        <ConfirmDialog
            open=stopping
            name=String::new()
            title=D::StopDevice
            on_confirm=stop
            busy=busy_stop
            impact=move || view! { <DeviceImpact ids=this open=stopping consequence=D::ImpactStop busy=busy_stop /> }
        />
        <ConfirmDialog
            open=deleting
            name=title
            title=D::DeleteDevice
            on_confirm=delete
            busy=busy_delete
            impact=move || {
                view! {
                    <DeviceImpact ids=this open=deleting consequence=D::ImpactDelete busy=busy_delete />
                    <label>
                        <input
                            type="checkbox"
                            data-testid="device-delete-force"
                            prop:checked=move || force.get()
                            on:change=move |ev| force.set(event_target_checked(&ev))
                        />
                        " "
                        {tr(D::Force)}
                    </label>
                }
            }
        />
    };
    let with_node = move |render: fn(Node, Callback<()>) -> AnyView| {
        move || match node.get() {
            None => view! { <Skeleton /> }.into_any(),
            Some(Err(e)) => view! { <ErrorNotice error=e on_retry=move |_| node.refetch() /> }.into_any(),
            Some(Ok(n)) => render(n, refetch),
        }
    };
    let tabs = vec![
        Tab::new("overview", T::Overview, move || view! { {with_node(overview)} <EditDevice node=node refetch=refetch/> }.into_any()),
        Tab::new("tags", D::Tags, move || view! { <ResourceTags kind="node" id=id.get_value()/> }.into_any()),
        Tab::new("certificate", D::TabCertificate, move || view! { <Reissue node_id=id.get_value() name=title/> }.into_any()),
        Tab::new("activation", D::TabActivation, move || view! { {with_node(activation)} <ActivationRecords node=node/> }.into_any()),
        Tab::new("firmware", D::TabFirmware, move || with_node(firmware).into_any()),
        Tab::new("alarms", D::TabAlarms, move || view! { <DeviceAlarms node_id=id.get_value()/> }.into_any()),
        Tab::new("instances", D::TabInstances, move || view! { <DeviceInstances node_id=id.get_value()/> }.into_any()),
    ];
    view! {
        <DetailPage back="/devices" back_label=T::NavDevices title=title actions=actions tabs=tabs />
        {dialogs}
    }
}

fn card(testid: &'static str, body: AnyView) -> AnyView {
    let class = style! {
        .device-card {
            padding: 16px 20px;
            margin-bottom: 12px;
        }
    };
    view! { class=class,
        <section class="device-card card" data-testid=testid>
            {body}
        </section>
    }.into_any()
}

/// Every fact of the device.
fn overview(n: Node, _: Callback<()>) -> AnyView {
    let logs = n
        .log_configs
        .iter()
        .map(|l| format!("{}: {}{}", l.component, l.log_type, l.size.map(|s| format!(", {s} MB")).unwrap_or_default()))
        .collect::<Vec<_>>();
    let npu = match (n.enable_npu, &n.npu_type) {
        (Some(true), Some(t)) => format!("{t} × {}", n.npu_num.unwrap_or_default()),
        _ => "-".into(),
    };
    let rows = vec![
        (D::Id, view! { <code data-testid="device-id">{n.id.clone()}</code> }.into_any()),
        (D::State, state_badge(&n.state)),
        (D::ActiveStatus, active_badge(n.active_status.as_deref().unwrap_or_default())),
        (D::Provider, text(n.node_type.clone())),
        (D::Description, text(n.description.clone())),
        (D::Workspace, n.workspace_id.clone().filter(|w| !w.is_empty()).map_or_else(|| text(None), |w| view! { <Named kind=Kind::Workspace id=w/> }.into_any())),
        (D::Cpu, number(n.cpu)),
        (D::Memory, number(n.memory)),
        (D::Arch, text(n.arch.clone())),
        (D::Os, text(n.os_name.as_ref().map(|o| format!("{o} {}", n.os_version.clone().unwrap_or_default())))),
        (D::NpuType, text(Some(npu))),
        (D::Gpu, number(n.gpu_num)),
        (D::HostIps, chips(n.host_ips.clone())),
        (D::Firmware, view! { <span data-testid="device-firmware-version">{format!("{} {}", n.firmware_name.clone().unwrap_or_default(), n.firmware_version.clone().unwrap_or_default())}</span> }.into_any()),
        (D::ActivatedWith, chips(n.active_content.clone())),
        (D::Tags, view! { <span data-testid="device-tags">{tag_chips(&n.tags)}</span> }.into_any()),
        (D::Logs, chips(logs)),
        (D::EventValidity, number(n.event_validity_period)),
        (D::Owner, text(n.user_name.clone())),
        (D::Created, crate::components::format::when(n.created_at.as_deref())),
        (D::Updated, crate::components::format::when(n.updated_at.as_deref())),
    ];
    card("device-facts", view! { <Facts rows=rows /> }.into_any())
}

/// The edit form, filled from the device when opened (later refreshes do not touch it).
#[component]
fn EditDevice(node: LocalResource<Result<Node, ApiError>>, refetch: Callback<()>) -> impl IntoView {
    let app = use_app();
    let open = RwSignal::new(false);
    let description = FieldState::new(|v| rules::description("description", v), true).with_hint(rules::description_hint);
    let event_validity = FieldState::new(|v| hilens_model::nodes::validate_event_validity("event_validity_period", v).map(|_| ()), true);
    let tags = tag_rows();
    let npu = RwSignal::new(false);
    let npu_type = FieldState::new(|v| rules::one_of("npu_type", v, NPU_TYPES).map(|_| ()), false);
    let gpu = RwSignal::new(false);
    let logs = [LogFields::new("app"), LogFields::new("system")];
    let provider = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let start = move |_| {
        let Some(Ok(n)) = node.get_untracked() else { return };
        description.value.set(n.description.clone().unwrap_or_default());
        event_validity.value.set(n.event_validity_period.map(|e| e.to_string()).unwrap_or_default());
        tags.rows.set(n.tags.iter().map(|t| Row { key: t.key.clone(), value: t.value.clone() }).collect());
        npu.set(n.enable_npu.unwrap_or(false));
        npu_type.value.set(n.npu_type.clone().unwrap_or_else(|| NPU_TYPES[0].to_string()));
        gpu.set(n.enable_gpu.unwrap_or(false));
        provider.set(n.node_type.clone().unwrap_or_default());
        for log in &logs {
            log.fill(n.log_configs.iter().find(|l| l.component == log.component));
        }
        open.set(true);
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut ok = description.check() && event_validity.check() && tags.check();
        for log in logs.iter().filter(|l| l.enabled.get_untracked()) {
            for f in log.fields() {
                ok &= f.check();
            }
        }
        if !ok {
            return;
        }
        let text = |f: FieldState| Some(f.value.get_untracked()).filter(|v| !v.is_empty());
        let body = UpdateNodeRequest {
            node: UpdateNodeReqDetail {
                description: Some(description.value.get_untracked()),
                log_configs: Some(untrack(|| logs.iter().filter_map(LogFields::config).collect())),
                tags: Some(tags.rows.get_untracked().into_iter().map(|r| Tag { key: r.key, value: r.value }).collect()),
                event_validity_period: text(event_validity).and_then(|v| v.parse().ok()),
                enable_gpu: Some(gpu.get_untracked()),
                enable_npu: Some(npu.get_untracked()),
                npu_type: npu.get_untracked().then(|| npu_type.value.get_untracked()),
            },
        };
        // The whole request's rules (the provider's ranges) before anything is sent.
        if let Err(e) = body.validate(&provider.get_untracked()) {
            description.server_error.set(Some(e.rule_text(app.lang.get_untracked()).to_string()));
            return;
        }
        let Some(Ok(n)) = node.get_untracked() else { return };
        run_action(pending, D::Saved, async move { api::nodes::update_node(&n.id, &body).await }, move |r| match r {
            Ok(()) => {
                open.set(false);
                refetch.run(());
            }
            Err(e) => {
                land_on_field(&e, &[("node.description", description), ("node.event_validity_period", event_validity)]);
            }
        });
    };
    let ief = Signal::derive(move || provider.get() == "ief");
    view! {
        {move || {
            (!open.get())
                .then(|| {
                    view! {
                        <ActionButton needs=Op::UpdateNode testid="device-edit" on_click=Callback::new(start)>
                            {tr(D::Edit)}
                        </ActionButton>
                    }
                })
        }}
        <Show when=move || {
            open.get()
        }>
            {card(
                "device-edit-form",
                view! {
                    <form on:submit=save data-testid="edit-form" novalidate class="stack">
                        <h2>{tr(D::Edit)}</h2>
                        <div class="wrap">
                            <TextField
                                state=description
                                label=D::Description
                                testid="edit-description"
                                kind="textarea"
                            />
                            <TextField
                                state=event_validity
                                label=D::EventValidity
                                testid="edit-event-validity"
                                kind="number"
                            />
                            <CheckField value=npu label=D::Npu testid="edit-npu" />
                            <Show when=move || npu.get()>
                                <SelectField
                                    state=npu_type
                                    label=D::NpuType
                                    testid="edit-npu-type"
                                    options=NPU_TYPES.iter().map(|t| (t.to_string(), None)).collect()
                                />
                            </Show>
                            <CheckField value=gpu label=D::Gpu testid="edit-gpu" />
                        </div>
                        <KeyValueRows
                            state=tags
                            legend=D::Tags
                            key_label=D::TagKey
                            value_label=D::TagValue
                            testid="edit-tags"
                        />
                        <LogSettings logs=logs ief=ief />
                        <div class="row">
                            <ActionButton
                                needs=Op::UpdateNode
                                submit=true
                                class="primary"
                                testid="edit-save"
                                disabled=pending
                            >
                                {tr(D::Save)}
                            </ActionButton>
                            <button type="button" on:click=move |_| open.set(false)>
                                {tr(T::Cancel)}
                            </button>
                        </div>
                    </form>
                }
                    .into_any(),
            )}
        </Show>
    }
}

/// Re-issuing the certificate: a new package, with the same guard as the registration's.
#[component]
fn Reissue(node_id: String, name: Signal<String>) -> impl IntoView {
    let pending = RwSignal::new(false);
    let answer = RwSignal::new(None::<hilens_model::nodes::CreateNodeResponse>);
    let confirm = RwSignal::new(false);
    let id = StoredValue::new(node_id);
    let reissue = Callback::new(move |_| {
        run_action(pending, D::Reissued, async move { api::nodes::update_node_cert(&id.get_value()).await }, move |r| {
            if let Ok(a) = r {
                answer.set(Some(a));
            }
        });
    });
    card(
        "device-certificate",
        view! {
            <h2>{tr(D::Reissue)}</h2>
            <p>{tr(D::ReissueWarn)}</p>
            {move || match answer.get() {
                None => {
                    view! {
                        <ActionButton
                            needs=Op::UpdateNodeCert
                            class="primary"
                            testid="reissue"
                            disabled=pending
                            on_click=Callback::new(move |_| confirm.set(true))
                        >
                            {tr(D::Reissue)}
                        </ActionButton>
                        <ConfirmDialog open=confirm name=name title=D::Reissue on_confirm=reissue />
                    }
                        .into_any()
                }
                Some(a) => {
                    let shown = if a.name.is_empty() { name.get_untracked() } else { a.name.clone() };
                    view! { <CertificatePackage node_id=a.id.clone() name=shown package=a.package.clone() /> }
                        .into_any()
                }
            }}
        }
        .into_any(),
    )
}

/// Activation: activate with a running-service order, or deactivate.
fn activation(n: Node, refetch: Callback<()>) -> AnyView {
    let run = RwSignal::new(None::<BulkRun>);
    let pending = RwSignal::new(false);
    let active = n.active_status.as_deref() == Some(hilens_model::activation::ACTIVATED);
    let id = n.id.clone();
    let body = if active {
        view! {
            <p>{tr(D::ActivatedWith)} ": " {chips(n.active_content.clone())}</p>
            <ActionButton
                needs=Op::FreezeNode
                testid="deactivate"
                disabled=pending
                on_click=Callback::new(move |_| {
                    let id = id.clone();
                    run_action(
                        pending,
                        D::Deactivated,
                        async move { api::activation::freeze_node(&id).await },
                        move |_| refetch.run(()),
                    );
                })
            >
                {tr(D::Deactivate)}
            </ActionButton>
        }
        .into_any()
    } else {
        let close = Callback::new(|_| {});
        view! {
            <ActivateForm ids=vec![id] run=run close=close done=refetch />
            <BulkNotice run=run />
        }
        .into_any()
    };
    card("device-activation", view! {
        <h2>{tr(D::TabActivation)}</h2>
        {body}
    }.into_any())
}

/// The device's activation records, read again when its activation changes.
#[component]
fn ActivationRecords(node: LocalResource<Result<Node, ApiError>>) -> impl IntoView {
    let status = Memo::new(move |_| node.get().and_then(Result::ok).map(|n| (n.id, n.active_status)));
    let records = LocalResource::new(move || {
        let id = status.get().map(|(id, _)| id).unwrap_or_default();
        async move { api::activation::show_node_activation_records(&id, &PageQuery { limit: Some(100), offset: None }).await }
    });
    card(
        "activation-records",
        view! {
            <h2>{tr(D::Records)}</h2>
            {move || {
                records
                    .get()
                    .map(|r| match r {
                        Err(e) => view! { <ErrorNotice error=e on_retry=move |_| records.refetch() /> }.into_any(),
                        Ok(list) if list.records.is_empty() => {
                            view! { <p class="muted">{tr(D::NoRecords)}</p> }.into_any()
                        }
                        Ok(list) => {
                            view! {
                                <table class="data">
                                    <thead>
                                        <tr>
                                            <th scope="col">{tr(D::ActiveStatus)}</th>
                                            <th scope="col">{tr(D::Updated)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {list
                                            .records
                                            .into_iter()
                                            .map(|r| {
                                                view! {
                                                    <tr data-testid="activation-record">
                                                        <td>{active_badge(&r.active_status)}</td>
                                                        <td>{crate::components::format::when(Some(&r.update_time))}</td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            }
                                .into_any()
                        }
                    })
            }}
        }
        .into_any(),
    )
}

/// Firmware: the upgrade form while nothing runs, the live progress of a running one (and
/// the cause of a failed one), and the history.
fn firmware(n: Node, refetch: Callback<()>) -> AnyView {
    let status = n.firmware_status.as_deref().and_then(|s| s.parse::<i64>().ok());
    let run = RwSignal::new(None::<BulkRun>);
    let form = if n.state != "RUNNING" {
        view! { <p class="muted">{tr(D::MustBeRunning)}</p> }.into_any()
    } else if status == Some(UPGRADING) {
        ().into_any()
    } else {
        let close = Callback::new(|_| {});
        view! {
            <UpgradeForm ids=vec![n.id.clone()] run=run close=close done=refetch arch=n.arch.clone() />
            <BulkNotice run=run />
        }.into_any()
    };
    let history = n.firmware_upgrade_record.clone();
    view! {
        {card(
            "device-firmware",
            view! {
                <h2>
                    {tr(D::TabFirmware)} ": "
                    <span data-testid="firmware-now">{n.firmware_version.clone().unwrap_or_default()}</span>
                </h2>
                {status.map(|_| view! { <UpgradeProgressLine node_id=n.id.clone() /> })}
                {form}
            }
                .into_any(),
        )}
        {card(
            "firmware-history",
            view! {
                <h2>{tr(D::History)}</h2>
                {if history.is_empty() {
                    view! { <p class="muted">{tr(D::NoHistory)}</p> }.into_any()
                } else {
                    view! {
                        <table class="data">
                            <thead>
                                <tr>
                                    <th scope="col">{tr(D::ChooseFirmware)}</th>
                                    <th scope="col">{tr(D::State)}</th>
                                    <th scope="col">{tr(D::Updated)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {history
                                    .into_iter()
                                    .rev()
                                    .map(|r| {
                                        view! {
                                            <tr data-testid="upgrade-record">
                                                <td>{format!("{} {}", r.firmware_name, r.firmware_version)}</td>
                                                <td>{upgrade_status(r.status)}</td>
                                                <td>
                                                    {crate::components::format::when(Some(&r.firmware_upgrade_time))}
                                                </td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    }
                        .into_any()
                }}
            }
                .into_any(),
        )}
    }
    .into_any()
}

fn upgrade_status(status: i64) -> AnyView {
    use crate::components::badge::{badge, Tone};
    match status {
        UPGRADING => badge(Tone::Warn, Some(D::UpgradeRunning), "", None, "upgrade-status"),
        UPGRADE_FAILED => badge(Tone::Danger, Some(D::UpgradeFailed), "", None, "upgrade-status"),
        UPGRADE_SUCCEEDED => badge(Tone::Ok, Some(D::UpgradeDone), "", None, "upgrade-status"),
        other => other.to_string().into_any(),
    }
}

/// The last upgrade's progress, read again while it runs and the tab is visible.
#[component]
fn UpgradeProgressLine(node_id: String) -> impl IntoView {
    let id = StoredValue::new(node_id);
    let progress = LocalResource::new(move || {
        let id = id.get_value();
        async move { api::firmware::show_upgrade_progress(&id, &PageQuery::default()).await }
    });
    use_poll(std::time::Duration::from_secs(1), move || {
        if progress.get_untracked().and_then(Result::ok).is_none_or(|p| p.status == UPGRADING) {
            progress.refetch();
        }
    });
    move || {
        progress.get().and_then(Result::ok).map(|p| {
            let percent = p.progress.trim_end_matches('%').trim().parse::<u8>().unwrap_or(0);
            view! {
                <div data-testid="upgrade-progress" class="stack tight spaced">
                    <div class="row">
                        <span>{tr(D::Progress)} " " {p.version.clone()}</span>
                        {upgrade_status(p.status)}
                        <Progress percent=percent label=D::Progress />
                        <span data-testid="upgrade-percent">{format!("{percent} %")}</span>
                    </div>
                    {p
                        .cause
                        .clone()
                        .filter(|_| p.status == UPGRADE_FAILED)
                        .map(|c| {
                            view! {
                                <p class="danger-text" role="alert" data-testid="upgrade-cause">
                                    {c}
                                </p>
                            }
                        })}
                </div>
            }
        })
    }
}

#[component]
fn DeviceAlarms(node_id: String) -> impl IntoView {
    let alarms = LocalResource::new(move || {
        let query = DeviceAlarmQuery { device_id: Some(node_id.clone()), limit: Some(100), offset: None };
        async move { api::alarms::list_device_alarms(&query).await }
    });
    card(
        "device-alarms",
        view! {
            {move || {
                alarms
                    .get()
                    .map(|r| match r {
                        Err(e) => view! { <ErrorNotice error=e on_retry=move |_| alarms.refetch() /> }.into_any(),
                        Ok(list) if list.data.is_empty() => view! { <p class="muted">{tr(D::NoAlarms)}</p> }.into_any(),
                        Ok(list) => crate::pages::alarms::alarm_table(list.data),
                    })
            }}
        }
        .into_any(),
    )
}

#[component]
fn DeviceInstances(node_id: String) -> impl IntoView {
    let pods = LocalResource::new(move || {
        let query = PodListQuery { node_id: Some(node_id.clone()), limit: Some(100), ..Default::default() };
        async move { api::deployments::show_deployment_pods(&query).await }
    });
    card(
        "device-instances",
        view! {
            {move || {
                pods.get()
                    .map(|r| match r {
                        Err(e) => view! { <ErrorNotice error=e on_retry=move |_| pods.refetch() /> }.into_any(),
                        Ok(list) if list.pods.is_empty() => {
                            view! { <p class="muted">{tr(D::NoInstances)}</p> }.into_any()
                        }
                        Ok(list) => {
                            view! {
                                <table class="data">
                                    <thead>
                                        <tr>
                                            <th scope="col">{tr(D::InstanceName)}</th>
                                            <th scope="col">{tr(D::State)}</th>
                                            <th scope="col">{tr(D::Created)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {list
                                            .pods
                                            .into_iter()
                                            .map(|p| {
                                                let href = crate::paths::to(
                                                    &crate::pages::instances::instance_path(&p),
                                                );
                                                let status = crate::pages::instances::status_badge(&p.status);
                                                view! {
                                                    <tr data-testid="device-instance">
                                                        <td>
                                                            <A href=href>{p.name}</A>
                                                        </td>
                                                        <td>{status}</td>
                                                        <td>{crate::components::format::when(Some(&p.created_at))}</td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            }
                                .into_any()
                        }
                    })
            }}
        }
        .into_any(),
    )
}
