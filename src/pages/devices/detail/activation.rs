//! The device page's activation tab: activate or deactivate, and the activation records.

use hilens_model::common::PageQuery;
use hilens_model::nodes::Node;
use hilens_model::OperationId as Op;
use leptos::prelude::*;

use super::card;
use crate::api::{self, ApiError};
use crate::components::actions::{run_action, BulkNotice, BulkRun};
use crate::components::allowed::ActionButton;
use crate::components::facts::chips;
use crate::components::frame::error_notice::ErrorNotice;
use crate::i18n::tr;
use crate::pages::devices::actions::ActivateForm;
use crate::pages::devices::texts;
use crate::pages::devices::view::active_badge;

/// Activation: activate with a running-service order, or deactivate.
pub(super) fn activation(n: Node, refetch: Callback<()>) -> AnyView {
    let run = RwSignal::new(None::<BulkRun>);
    let pending = RwSignal::new(false);
    let active = n.active_status.as_deref() == Some(hilens_model::activation::ACTIVATED);
    let id = n.id.clone();
    let body = if active {
        view! {
            <p>{tr(texts::ActivatedWith)} ": " {chips(n.active_content.clone())}</p>
            <ActionButton
                needs=Op::FreezeNode
                testid="deactivate"
                disabled=pending
                on_click=Callback::new(move |_| {
                    let id = id.clone();
                    run_action(
                        pending,
                        texts::Deactivated,
                        async move { api::activation::freeze_node(&id).await },
                        move |_| refetch.run(()),
                    );
                })
            >
                {tr(texts::Deactivate)}
            </ActionButton>
        }
        .into_any()
    } else {
        view! {
            <ActivateForm ids=vec![id] run=run done=refetch />
            <BulkNotice run=run />
        }
        .into_any()
    };
    card(
        "device-activation",
        view! {
            <h2>{tr(texts::TabActivation)}</h2>
            {body}
        }
        .into_any(),
    )
}

/// The device's activation records, read again when its activation changes.
#[component]
pub(super) fn ActivationRecords(node: LocalResource<Result<Node, ApiError>>) -> impl IntoView {
    let status = Memo::new(move |_| node.get().and_then(Result::ok).map(|n| (n.id, n.active_status)));
    let records = LocalResource::new(move || {
        let id = status.get().map(|(id, _)| id).unwrap_or_default();
        async move {
            api::activation::show_node_activation_records(&id, &PageQuery { limit: Some(100), offset: None }).await
        }
    });
    card(
        "activation-records",
        view! {
            <h2>{tr(texts::Records)}</h2>
            {move || {
                records
                    .get()
                    .map(|r| match r {
                        Err(e) => view! { <ErrorNotice error=e on_retry=move |_| records.refetch() /> }.into_any(),
                        Ok(list) if list.records.is_empty() => {
                            view! { <p class="muted">{tr(texts::NoRecords)}</p> }.into_any()
                        }
                        Ok(list) => {
                            view! {
                                <table class="data">
                                    <thead>
                                        <tr>
                                            <th scope="col">{tr(texts::ActiveStatus)}</th>
                                            <th scope="col">{tr(texts::Updated)}</th>
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
