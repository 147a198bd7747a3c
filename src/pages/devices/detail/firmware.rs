//! The device page's firmware tab: the upgrade form, a running upgrade's live progress, and
//! the upgrade history.

use hilens_model::common::PageQuery;
use hilens_model::firmware::{UPGRADE_FAILED, UPGRADE_SUCCEEDED, UPGRADING};
use hilens_model::nodes::Node;
use leptos::prelude::*;

use super::card;
use crate::api;
use crate::components::actions::{BulkNotice, BulkRun};
use crate::components::confirm::Progress;
use crate::components::live::use_poll;
use crate::i18n::tr;
use crate::pages::devices::actions::UpgradeForm;
use crate::pages::devices::texts;

/// Firmware: the upgrade form while nothing runs, the live progress of a running one (and
/// the cause of a failed one), and the history.
pub(super) fn firmware(n: Node, refetch: Callback<()>) -> AnyView {
    let status = n.firmware_status.as_deref().and_then(|s| s.parse::<i64>().ok());
    let run = RwSignal::new(None::<BulkRun>);
    let form = if n.state != "RUNNING" {
        view! { <p class="muted">{tr(texts::MustBeRunning)}</p> }.into_any()
    } else if status == Some(UPGRADING) {
        ().into_any()
    } else {
        view! {
            <UpgradeForm ids=vec![n.id.clone()] run=run done=refetch arch=n.arch.clone() />
            <BulkNotice run=run />
        }
        .into_any()
    };
    let history = n.firmware_upgrade_record.clone();
    view! {
        {card(
            "device-firmware",
            view! {
                <h2>
                    {tr(texts::TabFirmware)} ": "
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
                <h2>{tr(texts::History)}</h2>
                {if history.is_empty() {
                    view! { <p class="muted">{tr(texts::NoHistory)}</p> }.into_any()
                } else {
                    view! {
                        <table class="data">
                            <thead>
                                <tr>
                                    <th scope="col">{tr(texts::ChooseFirmware)}</th>
                                    <th scope="col">{tr(texts::State)}</th>
                                    <th scope="col">{tr(texts::Updated)}</th>
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
        UPGRADING => badge(Tone::Warn, Some(texts::UpgradeRunning), "", None, "upgrade-status"),
        UPGRADE_FAILED => badge(Tone::Danger, Some(texts::UpgradeFailed), "", None, "upgrade-status"),
        UPGRADE_SUCCEEDED => badge(Tone::Ok, Some(texts::UpgradeDone), "", None, "upgrade-status"),
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
                        <span>{tr(texts::Progress)} " " {p.version.clone()}</span>
                        {upgrade_status(p.status)}
                        <Progress percent=percent label=texts::Progress />
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
