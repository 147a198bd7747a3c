//! One device (on the kit's detail page, tabs in the URL): every fact of `show_node`, kept live
//! while the tab is visible; edit (`update_node`: description, tags, log settings, NPU/GPU,
//! event validity; the reference has no rename), start/stop, delete; the certificate's
//! re-issue; activation with a running-service order and its records; firmware upgrades with
//! live progress and history; its alarms and its app instances.

mod activation;
mod edit;
mod firmware;

use hilens_model::alarms::DeviceAlarmQuery;
use hilens_model::deployments::PodListQuery;
use hilens_model::nodes::Node;
use hilens_model::OperationId as Op;
use leptos::prelude::*;
use stylers_macro::style_sheet;

use super::actions as device;
use super::certificate::CertificatePackage;
use super::impact::DeviceImpact;
use super::view::{active_badge, state_badge, tag_chips};
use crate::api;
use crate::components::actions::{run_action, run_undoable};
use crate::components::allowed::ActionButton;
use crate::components::confirm::ConfirmDialog;
use crate::components::detail::{DetailPage, Tab};
use crate::components::facts::{chips, number, text, Facts};
use crate::components::frame::error_notice::ErrorNotice;
use crate::components::list::list_kit::Skeleton;
use crate::components::live::use_poll;
use crate::components::names::{Kind, Named};
use crate::components::resource_tags::ResourceTags;
use crate::i18n::{common, tr};
use crate::pages::devices::texts;
use crate::router::A;
use crate::state::toasts::ToastAction;
use activation::{activation, ActivationRecords};
use edit::EditDevice;
use firmware::firmware;

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
        let navigate = crate::router::use_navigate();
        run_action(pending, texts::Deleted, device::delete(id.get_value(), force.get_untracked()), move |r| {
            if r.is_ok() {
                navigate(&crate::components::list::list_page::list_url("/devices"), Default::default());
            }
        });
    });
    let start = Callback::new(move |_| {
        run_action(pending, texts::Started, device::switch(id.get_value(), "start"), move |_| refetch.run(()))
    });
    // A stop asks first (it names what runs on the device); its toast offers to start it again.
    let stop = Callback::new(move |_| {
        let undo = ToastAction { label: common::Undo, run: start };
        run_undoable(pending, texts::Stopped, Some(undo), device::switch(id.get_value(), "stop"), move |_| {
            refetch.run(())
        })
    });
    let this = Signal::derive(move || vec![id.get_value()]);
    let actions = move || {
        loaded().map(|n| {
            let stopped = n.state == "STOPPED";
            let can_switch = n.state == "RUNNING" || stopped;
            let label = if stopped { texts::Start } else { texts::Stop };
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
                        {tr(texts::DeleteDevice)}
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
            title=texts::StopDevice
            on_confirm=stop
            busy=busy_stop
            impact=move || {
                view! { <DeviceImpact ids=this open=stopping consequence=texts::ImpactStop busy=busy_stop /> }
            }
        />
        <ConfirmDialog
            open=deleting
            name=title
            title=texts::DeleteDevice
            on_confirm=delete
            busy=busy_delete
            impact=move || {
                view! {
                    <DeviceImpact ids=this open=deleting consequence=texts::ImpactDelete busy=busy_delete />
                    <label>
                        <input
                            type="checkbox"
                            data-testid="device-delete-force"
                            prop:checked=move || force.get()
                            on:change=move |ev| force.set(event_target_checked(&ev))
                        />
                        " "
                        {tr(texts::Force)}
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
        Tab::new("overview", common::Overview, move || {
            // Edit stands above the facts it changes, at their right (it stood alone below them).
            view! { <EditDevice node=node refetch=refetch/> {with_node(overview)} }.into_any()
        }),
        Tab::new("tags", texts::Tags, move || view! { <ResourceTags kind="node" id=id.get_value()/> }.into_any()),
        Tab::new("certificate", texts::TabCertificate, move || {
            view! { <Reissue node_id=id.get_value() name=title/> }.into_any()
        }),
        Tab::new("activation", texts::TabActivation, move || {
            view! { {with_node(activation)} <ActivationRecords node=node/> }.into_any()
        }),
        Tab::new("firmware", texts::TabFirmware, move || with_node(firmware).into_any()),
        Tab::new("alarms", texts::TabAlarms, move || view! { <DeviceAlarms node_id=id.get_value()/> }.into_any()),
        Tab::new("instances", texts::TabInstances, move || {
            view! { <DeviceInstances node_id=id.get_value()/> }.into_any()
        }),
    ];
    view! {
        <DetailPage back="/devices" back_label=common::NavDevices title=title actions=actions tabs=tabs />
        {dialogs}
    }
}

fn card(testid: &'static str, body: AnyView) -> AnyView {
    const _: &str = include_str!("device_card.css");
    let class = style_sheet!("src/pages/devices/detail/device_card.css");
    view! { class=class,
        <section class="device-card card" data-testid=testid>
            {body}
        </section>
    }
    .into_any()
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
        (texts::Id, view! { <code data-testid="device-id">{n.id.clone()}</code> }.into_any()),
        (texts::State, state_badge(&n.state)),
        (texts::ActiveStatus, active_badge(n.active_status.as_deref().unwrap_or_default())),
        (texts::Provider, text(n.node_type.clone())),
        (texts::Description, text(n.description.clone())),
        (texts::Workspace, n.workspace_id.clone().filter(|w| !w.is_empty()).map_or_else(|| text(None), |w| view! { <Named kind=Kind::Workspace id=w/> }.into_any())),
        (texts::Cpu, number(n.cpu)),
        (texts::Memory, number(n.memory)),
        (texts::Arch, text(n.arch.clone())),
        (texts::Os, text(n.os_name.as_ref().map(|o| format!("{o} {}", n.os_version.clone().unwrap_or_default())))),
        (texts::NpuType, text(Some(npu))),
        (texts::Gpu, number(n.gpu_num)),
        (texts::HostIps, chips(n.host_ips.clone())),
        (texts::Firmware, view! { <span data-testid="device-firmware-version">{format!("{} {}", n.firmware_name.clone().unwrap_or_default(), n.firmware_version.clone().unwrap_or_default())}</span> }.into_any()),
        (texts::ActivatedWith, chips(n.active_content.clone())),
        (texts::Tags, view! { <span data-testid="device-tags">{tag_chips(&n.tags)}</span> }.into_any()),
        (texts::Logs, chips(logs)),
        (texts::EventValidityShown, number(n.event_validity_period)),
        (texts::Owner, text(n.user_name.clone())),
        (texts::Created, crate::components::format::when(n.created_at.as_deref())),
        (texts::Updated, crate::components::format::when(n.updated_at.as_deref())),
    ];
    card("device-facts", view! { <Facts rows=rows /> }.into_any())
}
/// Re-issuing the certificate: a new package, with the same guard as the registration's.
#[component]
fn Reissue(node_id: String, name: Signal<String>) -> impl IntoView {
    let pending = RwSignal::new(false);
    let answer = RwSignal::new(None::<hilens_model::nodes::CreateNodeResponse>);
    let confirm = RwSignal::new(false);
    let id = StoredValue::new(node_id);
    let reissue = Callback::new(move |_| {
        run_action(
            pending,
            texts::Reissued,
            async move { api::nodes::update_node_cert(&id.get_value()).await },
            move |r| {
                if let Ok(a) = r {
                    answer.set(Some(a));
                }
            },
        );
    });
    card(
        "device-certificate",
        view! {
            <h2>{tr(texts::Reissue)}</h2>
            <p>{tr(texts::ReissueWarn)}</p>
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
                            {tr(texts::Reissue)}
                        </ActionButton>
                        <ConfirmDialog open=confirm name=name title=texts::Reissue on_confirm=reissue />
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
                        Ok(list) if list.data.is_empty() => {
                            view! { <p class="muted">{tr(texts::NoAlarms)}</p> }.into_any()
                        }
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
                            view! { <p class="muted">{tr(texts::NoInstances)}</p> }.into_any()
                        }
                        Ok(list) => {
                            view! {
                                <table class="data">
                                    <thead>
                                        <tr>
                                            <th scope="col">{tr(texts::InstanceName)}</th>
                                            <th scope="col">{tr(texts::State)}</th>
                                            <th scope="col">{tr(texts::Created)}</th>
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
