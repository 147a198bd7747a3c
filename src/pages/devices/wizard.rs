//! Registering a device (`create_node`) in three steps: the device (or a batch of them), with
//! every rule of the reference shown beside its field as the user types; a review of what will
//! be created, as facts and as the exact request; and the certificate package, which is given
//! only this once. A failed submit keeps every field and puts a rule error beside its field.

use hilens_model::common::ProviderQuery;
use hilens_model::error::FieldError;
use hilens_model::nodes::{
    validate_device_name, CreateNodeRequest, CreateNodeResponse, NodeReqDetail, MAX_BATCH, NPU_TYPES, PROVIDERS,
};
use hilens_model::rules;
use hilens_model::tags::Tag;
use hilens_model::workspaces::WorkspaceListQuery;
use hilens_model::OperationId as Op;
use leptos::prelude::*;
use leptos_router::components::A;
use stylers_macro::style;

use super::certificate::CertificatePackage;
use super::log_settings::{LogFields, LogSettings};
use crate::api::{self, ApiError};
use crate::components::facts::{text, Facts};
use crate::components::field::{FieldState, TextField};
use crate::components::form::{land_on_field, tag_rows, CheckField, KeyValueRows, RowsState, SelectField};
use crate::components::names::{Kind, Named};
use crate::i18n::{tr, Txt, T};
use crate::pages::devices::texts::D;
use crate::state::use_app;
use crate::components::allowed::ActionButton;

/// Every field of the form.
#[derive(Clone, Copy)]
struct Form {
    provider: FieldState,
    name: FieldState,
    description: FieldState,
    workspace: FieldState,
    tags: RowsState,
    npu: RwSignal<bool>,
    npu_type: FieldState,
    gpu: RwSignal<bool>,
    logs: [LogFields; 2],
    event_validity: FieldState,
    batch: RwSignal<bool>,
    batch_count: FieldState,
}

impl Form {
    fn new(workspace: String) -> Form {
        let f = Form {
            provider: FieldState::new(|v| rules::one_of("provider", v, PROVIDERS).map(|_| ()), false),
            name: FieldState::new(|v| validate_device_name("name", v), false).with_hint(hilens_model::nodes::device_name_hint),
            description: FieldState::new(|v| rules::description("description", v), true).with_hint(rules::description_hint),
            workspace: FieldState::new(|v| rules::length("workspace_id", v, 1, 64), false),
            tags: tag_rows(),
            npu: RwSignal::new(false),
            npu_type: FieldState::new(|v| rules::one_of("npu_type", v, NPU_TYPES).map(|_| ()), false),
            gpu: RwSignal::new(false),
            logs: [LogFields::new("app"), LogFields::new("system")],
            event_validity: FieldState::new(|v| hilens_model::nodes::validate_event_validity("event_validity_period", v).map(|_| ()), true),
            batch: RwSignal::new(false),
            batch_count: FieldState::new(|v| rules::int_in_range("batch", v, 2, MAX_BATCH).map(|_| ()), false),
        };
        f.provider.value.set(PROVIDERS[0].into());
        f.workspace.value.set(workspace);
        f.npu_type.value.set(NPU_TYPES[0].into());
        f.batch_count.value.set("2".into());
        f
    }

    /// The request as the form stands (reactive).
    fn request(&self) -> CreateNodeRequest {
        let text = |f: FieldState| Some(f.value.get()).filter(|v| !v.is_empty());
        CreateNodeRequest {
            node: NodeReqDetail {
                name: self.name.value.get().trim().to_string(),
                description: text(self.description),
                batch: self.batch.get().then(|| self.batch_count.value.get().parse().ok()).flatten(),
                enable_gpu: Some(self.gpu.get()),
                enable_npu: Some(self.npu.get()),
                iam_user_id: None,
                log_configs: self.logs.iter().filter_map(LogFields::config).collect(),
                npu_type: self.npu.get().then(|| self.npu_type.value.get()),
                tags: self.tags.rows.get().into_iter().map(|r| Tag { key: r.key, value: r.value }).collect(),
                workspace_id: text(self.workspace),
                event_validity_period: text(self.event_validity).and_then(|v| v.parse().ok()),
            },
        }
    }

    /// The fields by the path the API's rules name them with.
    fn by_path(&self) -> Vec<(String, FieldState)> {
        let mut out = vec![
            ("node.name".to_string(), self.name),
            ("node.description".into(), self.description),
            ("node.workspace_id".into(), self.workspace),
            ("node.npu_type".into(), self.npu_type),
            ("node.event_validity_period".into(), self.event_validity),
            ("node.batch".into(), self.batch_count),
        ];
        let mut i = 0;
        for log in self.logs.iter().filter(|l| l.enabled.get_untracked()) {
            for (name, f) in ["type", "level", "size", "rotate_num", "rotate_period"].iter().zip(log.fields()) {
                out.push((format!("node.log_configs[{i}].{name}"), f));
            }
            i += 1;
        }
        out
    }

    /// Every rule, on Next: each field's own, then the whole request's (the provider's ranges,
    /// the longest batch name); the first broken one is marked on its field.
    fn check(&self) -> bool {
        let mut ok = [self.provider, self.name, self.description, self.workspace, self.event_validity]
            .iter()
            .map(|f| f.check())
            .fold(true, |a, b| a && b);
        ok &= self.tags.check();
        if self.npu.get_untracked() {
            ok &= self.npu_type.check();
        }
        if self.batch.get_untracked() {
            ok &= self.batch_count.check();
        }
        for log in self.logs.iter().filter(|l| l.enabled.get_untracked()) {
            for f in log.fields() {
                ok &= f.check();
            }
        }
        if !ok {
            return false;
        }
        let request = untrack(|| self.request());
        match request.validate(&self.provider.value.get_untracked()) {
            Ok(()) => true,
            Err(e) => {
                self.mark(&e);
                false
            }
        }
    }

    /// Puts a rule error beside the field its path names (the name when none matches).
    fn mark(&self, e: &FieldError) {
        let lang = use_app().lang.get_untracked();
        let field = self.by_path().into_iter().find(|(p, _)| *p == e.field).map_or(self.name, |(_, f)| f);
        field.server_error.set(Some(e.rule_text(lang).to_string()));
    }
}

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
                    app.toast_ok(app.t_untracked(if request.node.batch.is_some() { D::BatchRegistered } else { D::Registered }).to_string());
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
    let steps: [(Step, Txt); 3] = [(Step::Device, D::StepDevice), (Step::Review, D::StepReview), (Step::Certificate, D::StepCertificate)];
    let class = style! {
        .wizard-steps {
            display: flex;
            gap: 8px;
            list-style: none;
            padding: 0;
            margin: 0 0 12px;
            font-size: 13px;
        }
        .wizard-steps li {
            padding: 4px 10px;
            border-radius: 12px;
            border: 1px solid var(--border);
        }
        .wizard-steps li[aria-current] {
            border-color: var(--accent);
            color: var(--accent);
            font-weight: 600;
        }
        .wizard-body {
            padding: 16px 20px;
        }
        .wizard-buttons {
            display: flex;
            gap: 8px;
            margin-top: 16px;
        }
        .wizard-json {
            max-height: 320px;
            overflow: auto;
            background: var(--hover);
            padding: 8px 12px;
            border-radius: 4px;
            font-size: 12px;
        }
    };
    view! { class=class,
        <p class="detail-back">
            <A href=crate::paths::to("/devices")>{move || format!("← {}", app.t(T::NavDevices))}</A>
        </p>
        <h1>{tr(D::RegisterTitle)}</h1>
        <ol class="wizard-steps" aria-label=tr(D::RegisterTitle)>
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
                                    {tr(D::Next)}
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
                            {tr(D::StepReview)}
                        </h2>
                        <Review request=request provider=form.provider.value.get_untracked() />
                        <h3>{tr(D::RequestJson)}</h3>
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
                                {tr(D::Back)}
                            </button>
                            <ActionButton
                                needs=Op::CreateNode
                                class="primary"
                                testid="wizard-create"
                                disabled=pending
                                on_click=Callback::new(submit)
                            >
                                {move || if pending.get() { tr(D::Creating)() } else { tr(D::Create)() }}
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
                                    {tr(D::StepCertificate)}
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
    let class = style! {
        .fields {
            display: flex;
            flex-wrap: wrap;
            gap: 14px 20px;
            margin-bottom: 14px;
        }
        .group {
            border: 1px solid var(--border);
            border-radius: 6px;
            padding: 8px 12px;
            margin: 0 0 14px;
        }
        .group legend {
            font-size: 13px;
            padding: 0 4px;
        }
        .preview {
            font-size: 12px;
            margin: 4px 0 0;
        }
        .ws {
            display: flex;
            flex-direction: column;
            gap: 4px;
            font-size: 12px;
        }
    };
    view! { class=class,
        <div class="fields">
            <TextField state=form.name label=D::DeviceName testid="device-name" />
            <TextField state=form.description label=D::Description testid="device-description" kind="textarea" />
            <SelectField
                state=form.provider
                label=D::Provider
                testid="device-provider"
                options=PROVIDERS.iter().map(|p| (p.to_string(), None)).collect()
            />
            <label class="ws">
                <span class="muted">{tr(D::Workspace)}</span>
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
            <TextField state=form.event_validity label=D::EventValidity testid="device-event-validity" kind="number" />
        </div>
        <div class="group">
            <KeyValueRows
                state=form.tags
                legend=D::Tags
                key_label=D::TagKey
                value_label=D::TagValue
                testid="device-tags"
            />
        </div>
        <fieldset class="group">
            <legend>"NPU / GPU"</legend>
            <div class="fields">
                <CheckField value=form.npu label=D::Npu testid="device-npu" />
                <Show when=move || form.npu.get()>
                    <SelectField
                        state=form.npu_type
                        label=D::NpuType
                        testid="device-npu-type"
                        options=NPU_TYPES.iter().map(|t| (t.to_string(), None)).collect()
                    />
                </Show>
                <CheckField value=form.gpu label=D::Gpu testid="device-gpu" />
            </div>
        </fieldset>
        <LogSettings logs=form.logs ief=Signal::derive(ief) />
        <fieldset class="group">
            <legend>{tr(D::Batch)}</legend>
            <CheckField value=form.batch label=D::Batch testid="device-batch" />
            <Show when=move || form.batch.get()>
                <TextField state=form.batch_count label=D::BatchCount testid="device-batch-count" kind="number" />
                // Only once there is a name to number.
                <Show when=move || !form.name.value.with(|n| n.trim().is_empty())>
                    <p class="preview muted" data-testid="batch-preview">
                        {tr(D::BatchNames)}
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
    tr(if on { D::Yes } else { D::No }).into_any()
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
        (D::DeviceName, view! { <span data-testid="review-names">{names}</span> }.into_any()),
        (D::Provider, text(Some(provider))),
        (D::Description, text(n.description.clone())),
        // What was chosen, in words: the workspace by name, NPU only when asked for, yes or no.
        (D::Workspace, n.workspace_id.clone().filter(|w| !w.is_empty()).map_or_else(|| text(None), |w| view! { <Named kind=Kind::Workspace id=w/> }.into_any())),
        (D::Tags, text(Some(tags))),
        (D::NpuType, if n.enable_npu == Some(true) { text(n.npu_type.clone()) } else { yes_no(false) }),
        (D::Gpu, yes_no(n.enable_gpu.unwrap_or(false))),
        (D::Logs, text(Some(logs))),
        (D::EventValidity, match n.event_validity_period {
            Some(e) => text(Some(e.to_string())),
            None => tr(D::DefaultValue).into_any(),
        }),
    ];
    view! { <Facts rows=rows /> }
}
