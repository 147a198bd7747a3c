//! Registering a device (`create_node`) in three steps: the device (or a batch of them), with
//! every rule of the reference shown beside its field as the user types; a review of what will
//! be created, as facts and as the exact request; and the certificate package, which is given
//! only this once. A failed submit keeps every field and puts a rule error beside its field.

mod form;

use hilens_model::common::ProviderQuery;
use hilens_model::nodes::{CreateNodeRequest, CreateNodeResponse, MAX_BATCH, NPU_TYPES, PROVIDERS};
use hilens_model::workspaces::WorkspaceListQuery;
use hilens_model::OperationId as Op;
use leptos::prelude::*;
use stylers_macro::style_sheet;

use super::certificate::CertificatePackage;
use super::log_settings::LogSettings;
use crate::api::{self, ApiError};
use crate::components::allowed::ActionButton;
use crate::components::facts::{text, Facts};
use crate::components::form::field::{FieldState, TextField};
use crate::components::form::form::{land_on_field, CheckField, KeyValueRows, SelectField};
use crate::components::names::{Kind, Named};
use crate::i18n::{common, tr, Txt};
use crate::pages::devices::texts;
use crate::router::A;
use crate::state::use_app;
use form::Form;

/// The names a batch will get.
fn batch_names(name: &str, count: i64) -> String {
    match count {
        n if n <= 3 => (1..=n).map(|i| format!("{name}-{i}")).collect::<Vec<_>>().join(", "),
        n => format!("{name}-1, {name}-2, … {name}-{n}"),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Device,
    Review,
    Certificate,
}

#[component]
pub fn RegisterDevicePage() -> impl IntoView {
    let app = use_app();
    let form = Form::new(app.workspace.get_untracked());
    let step = RwSignal::new(Step::Device);
    let created = RwSignal::new(None::<CreateNodeResponse>);
    let pending = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);
    let next = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if form.check() {
            step.set(Step::Review);
        }
    };
    let submit = move |_| {
        let request = form.request();
        let provider = form.provider.value.get_untracked();
        pending.set(true);
        failure.set(None);
        leptos::task::spawn_local(async move {
            let query = ProviderQuery { provider: Some(provider) };
            match api::nodes::create_node(&query, &request).await {
                Ok(answer) => {
                    app.toast_ok(
                        app.t_untracked(if request.node.batch.is_some() {
                            texts::BatchRegistered
                        } else {
                            texts::Registered
                        })
                        .to_string(),
                    );
                    created.set(Some(answer));
                    step.set(Step::Certificate);
                }
                Err(e) => {
                    // Every field is kept; a rule error goes beside its field, on the first step.
                    let fields = form.by_path();
                    let named: Vec<(&str, FieldState)> = fields.iter().map(|(p, f)| (p.as_str(), *f)).collect();
                    if land_on_field(&e, &named) {
                        step.set(Step::Device);
                    } else {
                        failure.set(Some(e.clone()));
                    }
                    app.toast_error(&e);
                }
            }
            pending.set(false);
        });
    };
    let steps: [(Step, Txt); 3] = [
        (Step::Device, texts::StepDevice),
        (Step::Review, texts::StepReview),
        (Step::Certificate, texts::StepCertificate),
    ];
    const _: &str = include_str!("register_device_page.css");
    let class = style_sheet!("src/pages/devices/wizard/register_device_page.css");
    view! { class=class,
        <p class="detail-back">
            <A href=crate::paths::to("/devices")>{move || format!("← {}", app.t(common::NavDevices))}</A>
        </p>
        <h1>{tr(texts::RegisterTitle)}</h1>
        <ol class="wizard-steps" aria-label=tr(texts::RegisterTitle)>
            {steps
                .into_iter()
                .enumerate()
                .map(|(i, (s, label))| {
                    view! { class=class,
                        <li aria-current=move || {
                            (step.get() == s).then_some("step")
                        }>{format!("{}. ", i + 1)}{tr(label)}</li>
                    }
                })
                .collect_view()}
        </ol>
        <section class="wizard-body card">
            {move || match step.get() {
                Step::Device => {
                    view! { class=class,
                        <form on:submit=next data-testid="device-form" novalidate>
                            <DeviceFields form=form />
                            <div class="wizard-buttons">
                                <button type="submit" class="primary" data-testid="wizard-next">
                                    {tr(texts::Next)}
                                </button>
                            </div>
                        </form>
                    }
                        .into_any()
                }
                Step::Review => {
                    let request = form.request();
                    let json = serde_json::to_string_pretty(&request).unwrap_or_default();
                    crate::components::confirm::focus_soon("wizard-step");
                    // The focus follows the step (it would fall back to the page's body).
                    view! { class=class,
                        <h2 id="wizard-step" tabindex="-1">
                            {tr(texts::StepReview)}
                        </h2>
                        <Review request=request provider=form.provider.value.get_untracked() />
                        <h3>{tr(texts::RequestJson)}</h3>
                        <pre class="wizard-json" data-testid="request-json">
                            {json}
                        </pre>
                        {move || {
                            failure
                                .get()
                                .map(|e| {
                                    view! {
                                        <p class="danger-text" role="alert">
                                            {e.plain()}
                                        </p>
                                    }
                                })
                        }}
                        <div class="wizard-buttons">
                            <button type="button" data-testid="wizard-back" on:click=move |_| step.set(Step::Device)>
                                {tr(texts::Back)}
                            </button>
                            <ActionButton
                                needs=Op::CreateNode
                                class="primary"
                                testid="wizard-create"
                                disabled=pending
                                on_click=Callback::new(submit)
                            >
                                {move || if pending.get() { tr(texts::Creating)() } else { tr(texts::Create)() }}
                            </ActionButton>
                        </div>
                    }
                        .into_any()
                }
                Step::Certificate => {
                    created
                        .get()
                        .map(|c| {
                            view! {
                                {crate::components::confirm::focus_soon("wizard-step")}
                                <h2 id="wizard-step" tabindex="-1">
                                    {tr(texts::StepCertificate)}
                                </h2>
                                <CertificatePackage
                                    node_id=c.id.clone()
                                    name=c.name.clone()
                                    package=c.package.clone()
                                />
                            }
                        })
                        .into_any()
                }
            }}
        </section>
    }
}

/// The first step's fields.
#[component]
fn DeviceFields(form: Form) -> impl IntoView {
    let workspaces = LocalResource::new(|| async {
        api::workspaces::list_work_spaces(&WorkspaceListQuery { limit: Some(100), ..Default::default() })
            .await
            .map(|l| l.workspaces)
            .unwrap_or_default()
    });
    let workspace_options = move || {
        workspaces
            .get()
            .unwrap_or_default()
            .into_iter()
            .map(|w| (w.workspace_id.clone(), w.name.clone()))
            .collect::<Vec<_>>()
    };
    let ief = move || form.provider.value.get() == "ief";
    const _: &str = include_str!("device_fields.css");
    let class = style_sheet!("src/pages/devices/wizard/device_fields.css");
    view! { class=class,
        <div class="fields">
            <TextField state=form.name label=texts::DeviceName testid="device-name" />
            <TextField state=form.description label=texts::Description testid="device-description" kind="textarea" />
            <SelectField
                state=form.provider
                label=texts::Provider
                testid="device-provider"
                options=PROVIDERS.iter().map(|p| (p.to_string(), None)).collect()
            />
            <label class="ws">
                <span class="muted">{tr(texts::Workspace)}</span>
                <select
                    data-testid="device-workspace"
                    prop:value=move || form.workspace.value.get()
                    on:change=move |ev| form.workspace.value.set(event_target_value(&ev))
                >
                    {move || {
                        workspace_options()
                            .into_iter()
                            .map(|(id, name)| {
                                let selected = form.workspace.value.get_untracked() == id;
                                view! {
                                    <option value=id selected=selected>
                                        {name}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </label>
            <TextField
                state=form.event_validity
                label=texts::EventValidity
                testid="device-event-validity"
                kind="number"
            />
        </div>
        <div class="group">
            <KeyValueRows
                state=form.tags
                legend=texts::Tags
                key_label=texts::TagKey
                value_label=texts::TagValue
                testid="device-tags"
            />
        </div>
        <fieldset class="group">
            <legend>"NPU / GPU"</legend>
            <div class="fields">
                <CheckField value=form.npu label=texts::Npu testid="device-npu" />
                <Show when=move || form.npu.get()>
                    <SelectField
                        state=form.npu_type
                        label=texts::NpuType
                        testid="device-npu-type"
                        options=NPU_TYPES.iter().map(|t| (t.to_string(), None)).collect()
                    />
                </Show>
                <CheckField value=form.gpu label=texts::Gpu testid="device-gpu" />
            </div>
        </fieldset>
        <LogSettings logs=form.logs ief=Signal::derive(ief) />
        <fieldset class="group">
            <legend>{tr(texts::BatchLegend)}</legend>
            <CheckField value=form.batch label=texts::Batch testid="device-batch" />
            <Show when=move || form.batch.get()>
                <TextField state=form.batch_count label=texts::BatchCount testid="device-batch-count" kind="number" />
                // Only once there is a name to number.
                <Show when=move || !form.name.value.with(|n| n.trim().is_empty())>
                    <p class="preview muted" data-testid="batch-preview">
                        {tr(texts::BatchNames)}
                        ": "
                        {move || {
                            let n = form.batch_count.value.get().parse::<i64>().unwrap_or(0).clamp(0, MAX_BATCH);
                            batch_names(form.name.value.get().trim(), n)
                        }}
                    </p>
                </Show>
            </Show>
        </fieldset>
    }
}
fn yes_no(on: bool) -> AnyView {
    tr(if on { texts::Yes } else { texts::No }).into_any()
}

/// What will be created, as facts.
#[component]
fn Review(request: CreateNodeRequest, provider: String) -> impl IntoView {
    let n = request.node;
    let names = match n.batch {
        Some(b) => batch_names(&n.name, b),
        None => n.name.clone(),
    };
    let logs = n
        .log_configs
        .iter()
        .map(|l| format!("{} → {}{}", l.component, l.log_type, l.size.map(|s| format!(", {s} MB")).unwrap_or_default()))
        .collect::<Vec<_>>()
        .join("; ");
    let tags = n.tags.iter().map(|t| format!("{}={}", t.key, t.value)).collect::<Vec<_>>().join(", ");
    let rows = vec![
        (texts::DeviceName, view! { <span data-testid="review-names">{names}</span> }.into_any()),
        (texts::Provider, text(Some(provider))),
        (texts::Description, text(n.description.clone())),
        // What was chosen, in words: the workspace by name, NPU only when asked for, yes or no.
        (
            texts::Workspace,
            n.workspace_id
                .clone()
                .filter(|w| !w.is_empty())
                .map_or_else(|| text(None), |w| view! { <Named kind=Kind::Workspace id=w/> }.into_any()),
        ),
        (texts::Tags, text(Some(tags))),
        (texts::NpuType, if n.enable_npu == Some(true) { text(n.npu_type.clone()) } else { yes_no(false) }),
        (texts::Gpu, yes_no(n.enable_gpu.unwrap_or(false))),
        (texts::Logs, text(Some(logs))),
        (
            texts::EventValidityShown,
            match n.event_validity_period {
                Some(e) => text(Some(e.to_string())),
                None => tr(texts::DefaultValue).into_any(),
            },
        ),
    ];
    view! { <Facts rows=rows /> }
}
