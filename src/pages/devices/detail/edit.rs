//! The device page's edit form (`update_node`): description, tags, log settings, NPU/GPU and
//! event validity.

use hilens_model::nodes::{Node, UpdateNodeReqDetail, UpdateNodeRequest, NPU_TYPES};
use hilens_model::rules;
use hilens_model::tags::Tag;
use hilens_model::OperationId as Op;
use leptos::prelude::*;

use super::card;
use crate::api::{self, ApiError};
use crate::components::actions::run_action;
use crate::components::allowed::ActionButton;
use crate::components::form::field::{FieldState, TextField};
use crate::components::form::form::{land_on_field, tag_rows, CheckField, KeyValueRows, Row, SelectField};
use crate::i18n::{common, tr};
use crate::pages::devices::log_settings::{LogFields, LogSettings};
use crate::pages::devices::texts;
use crate::state::use_app;

/// The edit form, filled from the device when opened (later refreshes do not touch it).
#[component]
pub(super) fn EditDevice(node: LocalResource<Result<Node, ApiError>>, refetch: Callback<()>) -> impl IntoView {
    let app = use_app();
    let open = RwSignal::new(false);
    let description =
        FieldState::new(|v| rules::description("description", v), true).with_hint(rules::description_hint);
    let event_validity =
        FieldState::new(|v| hilens_model::nodes::validate_event_validity("event_validity_period", v).map(|_| ()), true);
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
        run_action(
            pending,
            texts::Saved,
            async move { api::nodes::update_node(&n.id, &body).await },
            move |r| match r {
                Ok(()) => {
                    open.set(false);
                    refetch.run(());
                }
                Err(e) => {
                    land_on_field(
                        &e,
                        &[("node.description", description), ("node.event_validity_period", event_validity)],
                    );
                }
            },
        );
    };
    let ief = Signal::derive(move || provider.get() == "ief");
    view! {
        {move || {
            (!open.get())
                .then(|| {
                    view! {
                        <div class="actions-end">
                            <ActionButton needs=Op::UpdateNode testid="device-edit" on_click=Callback::new(start)>
                                {tr(texts::Edit)}
                            </ActionButton>
                        </div>
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
                        <h2>{tr(texts::Edit)}</h2>
                        <div class="wrap">
                            <TextField
                                state=description
                                label=texts::Description
                                testid="edit-description"
                                kind="textarea"
                            />
                            <TextField
                                state=event_validity
                                label=texts::EventValidity
                                testid="edit-event-validity"
                                kind="number"
                            />
                            <CheckField value=npu label=texts::Npu testid="edit-npu" />
                            <Show when=move || npu.get()>
                                <SelectField
                                    state=npu_type
                                    label=texts::NpuType
                                    testid="edit-npu-type"
                                    options=NPU_TYPES.iter().map(|t| (t.to_string(), None)).collect()
                                />
                            </Show>
                            <CheckField value=gpu label=texts::Gpu testid="edit-gpu" />
                        </div>
                        <KeyValueRows
                            state=tags
                            legend=texts::Tags
                            key_label=texts::TagKey
                            value_label=texts::TagValue
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
                                {tr(texts::Save)}
                            </ActionButton>
                            <button type="button" on:click=move |_| open.set(false)>
                                {tr(common::Cancel)}
                            </button>
                        </div>
                    </form>
                }
                    .into_any(),
            )}
        </Show>
    }
}
