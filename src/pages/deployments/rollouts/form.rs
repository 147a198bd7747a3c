//! "Roll out a new version": a new version for every app and/or envs, or devices to add; the
//! waves as cumulative targets, the soak, the health gate and what a tripped gate does. Every
//! field runs the model's rule as the user types; once the form holds a plan, the proxy's dry
//! run previews each wave's devices by name (and says up front what it would refuse, naming the
//! field by its label). Starting it opens the live page.

use hilens_model::deployments::{validate_env_name, validate_version, Env, MAX_NODES};
use hilens_model::error::FieldError;
use hilens_model::rollouts::*;
use hilens_model::rules;
use hilens_model::tags::Tag;
use hilens_model::Permission;
use leptos::prelude::*;
use stylers_macro::style_sheet;

use super::texts;
use super::{rollout_href, what_text};
use crate::api::{self, ApiError};
use crate::components::actions::run_action;
use crate::components::allowed::ActionButton;
use crate::components::facts::chips;
use crate::components::form::field::{labelled, FieldState, TextField};
use crate::components::form::form::{tag_rows, CheckField, KeyValueRows, RadioPair, RowsState, SelectField};
use crate::components::form::pickers::PickMany;
use crate::i18n::tr;
use crate::pages::deployments::labels;
use crate::pages::deployments::texts as deployment_texts;
use crate::state::use_app;

/// How long the form waits after the last keystroke before asking for the preview.
const PREVIEW_AFTER: std::time::Duration = std::time::Duration::from_millis(400);

/// The dry run's answer, as the preview shows it.
#[derive(Clone, PartialEq)]
enum Preview {
    /// The form does not hold a plan yet.
    Empty,
    Planning,
    Ready(Box<Rollout>),
    /// What the proxy refuses, in words naming the field by its label.
    Refused(String),
}

fn seconds_rule(field: &str, v: &str, min: i64) -> Result<(), FieldError> {
    rules::int_in_range(field, v, min, MAX_SECONDS).map(|_| ())
}

/// A number the field's rule has accepted (0 otherwise: the rule says why).
fn int(state: &FieldState) -> i64 {
    state.value.get().trim().parse().unwrap_or(0)
}

#[component]
pub fn RolloutForm(deployment_id: String) -> impl IntoView {
    let app = use_app();
    let id = StoredValue::new(deployment_id);
    let adding = RwSignal::new(false);
    let version = FieldState::new(|v| validate_version("version", v), true);
    let envs = RowsState::new(|k| validate_env_name("name", k), |v| rules::length("value", v, 0, 20_480), 100);
    let by_tags = RwSignal::new(false);
    let chosen = RwSignal::new(Vec::<String>::new());
    let tags = tag_rows();
    let waves = FieldState::new(|v| validate_waves_text("waves", v), false).with_hint(waves_hint);
    waves.value.set("1, 50%, 100%".into());
    let soak = FieldState::new(|v| seconds_rule("soak_seconds", v, 0), false).with_hint(|| seconds_hint(0));
    soak.value.set("60".into());
    let max_failures =
        FieldState::new(|v| rules::int_in_range("max_failures", v, 1, MAX_NODES as i64).map(|_| ()), false);
    max_failures.value.set(DEFAULT_MAX_FAILURES.to_string());
    let max_percent = FieldState::new(|v| rules::int_in_range("max_failure_percent", v, 1, 100).map(|_| ()), true);
    let timeout = FieldState::new(|v| seconds_rule("wave_timeout_seconds", v, 1), false).with_hint(|| seconds_hint(1));
    timeout.value.set(DEFAULT_WAVE_TIMEOUT_SECONDS.to_string());
    let on_failure = FieldState::new(|v| rules::one_of("on_failure", v, ON_FAILURE).map(|_| ()), false);
    on_failure.value.set(ON_FAILURE[0].into());
    // The fields the rules and the dry run's errors name, by the request's paths.
    let settings = [
        ("waves", waves),
        ("soak_seconds", soak),
        ("max_failures", max_failures),
        ("max_failure_percent", max_percent),
        ("wave_timeout_seconds", timeout),
        ("on_failure", on_failure),
    ];
    let fields = [settings[0], settings[1], settings[2], settings[3], settings[4], settings[5], ("version", version)];

    // The request the form holds now (reactive).
    let build = move || {
        let mut r = RolloutRequest {
            deployment_id: id.get_value(),
            waves: parse_waves(&waves.value.get()),
            soak_seconds: int(&soak),
            max_failures: int(&max_failures),
            max_failure_percent: Some(int(&max_percent)).filter(|_| !max_percent.value.get().trim().is_empty()),
            wave_timeout_seconds: int(&timeout),
            on_failure: on_failure.value.get(),
            ..RolloutRequest::default()
        };
        if adding.get() {
            if by_tags.get() {
                r.add_node_tags =
                    Some(tags.rows.get().into_iter().map(|t| Tag { key: t.key, value: t.value }).collect());
            } else {
                r.add_node_ids = Some(chosen.get());
            }
        } else {
            r.version = Some(version.value.get().trim().to_string()).filter(|v| !v.is_empty());
            let rows = envs.rows.get();
            r.envs = (!rows.is_empty()).then(|| {
                rows.into_iter().map(|e| Env { name: e.key, value: Some(e.value), ..Default::default() }).collect()
            });
        }
        r
    };
    let rows_ok = move || {
        let clean = |s: RowsState| s.errors().iter().all(|e| e.key.is_none() && e.value.is_none());
        match (adding.get(), by_tags.get()) {
            (false, _) => clean(envs),
            (true, true) => clean(tags),
            (true, false) => true,
        }
    };
    // What the form lacks before it is a plan, said by the field's label.
    let missing = move |r: &RolloutRequest| -> Option<String> {
        let lang = app.lang.get();
        let (label, rule) = match r.kind() {
            KIND_CHANGE if r.version.is_none() && r.envs.is_none() => (texts::NewVersion, texts::RuleChange),
            KIND_ADD_DEVICES if r.add_node_ids.as_ref().is_some_and(Vec::is_empty) => {
                (texts::AddDevices, texts::RuleChooseAdd)
            }
            _ => return None,
        };
        Some(labelled(label.text(lang), rule.text(lang), lang))
    };
    let plan = Memo::new(move |_| {
        let fields_ok = settings.iter().all(|(_, f)| f.error().is_none())
            && (adding.get() || version.error().is_none())
            && rows_ok();
        let r = build();
        (fields_ok && missing(&r).is_none() && r.validate().is_ok()).then_some(r)
    });

    // The preview follows the plan, PREVIEW_AFTER after it last changed; a late answer to an
    // older plan is dropped.
    let preview = RwSignal::new(Preview::Empty);
    let asked = StoredValue::new(0u32);
    let refused = move |e: &ApiError| -> String {
        let lang = app.lang.get_untracked();
        if let Some(rule) = e.field_path().and(FieldError::from_api_message(e.message())) {
            if let Some((_, field)) = fields.iter().find(|(path, _)| *path == rule.field) {
                field.server_error.set(Some(rule.en.clone()));
            } else if let Some(n) =
                rule.field.strip_prefix("waves[").and_then(|i| i.trim_end_matches(']').parse::<usize>().ok())
            {
                waves.server_error.set(Some(format!(
                    "{} {}: {}",
                    texts::Wave.text(lang).to_lowercase(),
                    n + 1,
                    rule.en
                )));
            }
        }
        labels::plain_api(e, lang)
    };
    Effect::new(move |_| {
        let wanted = plan.get();
        asked.update_value(|n| *n += 1);
        let mine = asked.get_value();
        let Some(req) = wanted else {
            preview.set(Preview::Empty);
            return;
        };
        preview.set(Preview::Planning);
        set_timeout(
            move || {
                if asked.try_get_value() != Some(mine) {
                    return;
                }
                for (_, f) in fields {
                    f.server_error.set(None);
                }
                leptos::task::spawn_local(async move {
                    let answer = api::rollouts::plan(&req).await;
                    if asked.try_get_value() != Some(mine) {
                        return;
                    }
                    let _ = preview.try_set(match answer {
                        Ok(r) => Preview::Ready(Box::new(r)),
                        Err(e) => Preview::Refused(refused(&e)),
                    });
                });
            },
            PREVIEW_AFTER,
        );
    });

    let pending = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let navigate = crate::router::use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut checked: Vec<bool> = settings.iter().map(|(_, f)| f.check()).collect();
        if !adding.get_untracked() {
            checked.push(version.check());
        }
        let rows_checked = match (adding.get_untracked(), by_tags.get_untracked()) {
            (false, _) => envs.check(),
            (true, true) => tags.check(),
            (true, false) => true,
        };
        if checked.contains(&false) || !rows_checked {
            return;
        }
        let req = untrack(build);
        let lang = app.lang.get_untracked();
        if let Some(m) = untrack(|| missing(&req)) {
            problem.set(Some(m));
            return;
        }
        if let Err(e) = req.validate() {
            problem.set(Some(labels::plain(&e, lang)));
            return;
        }
        problem.set(None);
        let navigate = navigate.clone();
        run_action(pending, texts::Started, async move { api::rollouts::create(&req).await }, move |r| match r {
            Ok(made) => navigate(&crate::paths::to(&rollout_href(&id.get_value(), &made.id)), Default::default()),
            Err(e) => problem.set(Some(refused(&e))),
        });
    };

    const _: &str = include_str!("rollout_form.css");
    let class = style_sheet!("src/pages/deployments/rollouts/rollout_form.css");
    let change_fields = move || {
        if !adding.get() {
            view! {
                <TextField state=version label=texts::NewVersion testid="rollout-version" />
                <KeyValueRows
                    state=envs
                    legend=texts::Envs
                    key_label=deployment_texts::EnvName
                    value_label=deployment_texts::EnvValue
                    testid="rollout-env"
                />
            }
            .into_any()
        } else if by_tags.get() {
            view! {
                <KeyValueRows
                    state=tags
                    legend=deployment_texts::NodeTags
                    key_label=deployment_texts::TagKey
                    value_label=deployment_texts::TagValue
                    testid="rollout-add-tags"
                />
            }
            .into_any()
        } else {
            let toggle = Callback::new(move |(device, on): (String, bool)| {
                chosen.update(|c| {
                    c.retain(|d| *d != device);
                    if on {
                        c.push(device);
                    }
                })
            });
            view! {
                <PickMany
                    state_label=crate::pages::devices::texts::state_label
                    chosen=chosen
                    on_toggle=toggle
                    label=deployment_texts::SearchDevices
                    chosen_label=texts::AddDevices
                    testid="rollout-add-pick"
                />
            }
            .into_any()
        }
    };
    let preview_view = move || match preview.get() {
        Preview::Empty => view! { <p class="muted">{tr(texts::PreviewEmpty)}</p> }.into_any(),
        Preview::Planning => view! {
            <p class="muted" data-testid="rollout-planning">
                {tr(texts::Planning)}
            </p>
        }
        .into_any(),
        Preview::Refused(why) => view! {
            <p class="danger-text" role="alert" data-testid="rollout-preview-error">
                {why}
            </p>
        }
        .into_any(),
        Preview::Ready(r) => {
            let count = r.device_count;
            let summary = move || format!("{count} {}", app.t(texts::DevicesInAll));
            view! { class=class,
                <p data-testid="rollout-preview-summary">{what_text(&r)} " · " {summary}</p>
                <ol>
                    {r
                        .waves
                        .into_iter()
                        .map(|w| {
                            let (index, target, size) = (w.index, w.target, w.devices.len());
                            let names: Vec<String> = w.devices.into_iter().map(|d| d.name).collect();
                            view! { class=class,
                                <li data-testid="preview-wave">
                                    <strong>{move || format!("{} {index}", app.t(texts::Wave))}</strong>
                                    {format!(" · +{size} ({target} / {count}): ")}
                                    {chips(names)}
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
            }
            .into_any()
        }
    };
    view! { class=class,
        <form
            class="card detail-card stack rollout-form"
            novalidate
            on:submit=submit
            data-testid="deployment-rollout-form"
            aria-labelledby="rollout-form-title"
        >
            <h2 id="rollout-form-title">{tr(texts::RollOut)}</h2>
            <p class="muted">{tr(texts::RollOutHint)}</p>
            <RadioPair
                value=adding
                label=texts::What
                name="rollout-kind"
                off=("rollout-kind-change", texts::KindChange)
                on=("rollout-kind-add", texts::KindAdd)
            >
                <Show when=move || adding.get()>
                    <CheckField value=by_tags label=deployment_texts::ByTags testid="rollout-add-by-tags" />
                </Show>
            </RadioPair>
            {change_fields}
            <fieldset>
                <legend class="muted">{tr(texts::Pacing)}</legend>
                <TextField state=waves label=texts::Waves testid="rollout-waves" />
                <TextField state=soak label=texts::Soak testid="rollout-soak" kind="number" />
            </fieldset>
            <fieldset>
                <legend class="muted">{tr(texts::Gate)}</legend>
                <TextField state=max_failures label=texts::MaxFailures testid="rollout-max-failures" kind="number" />
                <TextField
                    state=max_percent
                    label=texts::MaxFailurePercent
                    testid="rollout-max-percent"
                    kind="number"
                />
                <TextField state=timeout label=texts::WaveTimeout testid="rollout-timeout" kind="number" />
                <SelectField
                    state=on_failure
                    label=texts::OnFailure
                    testid="rollout-on-failure"
                    options=vec![
                        (ON_FAILURE[0].into(), Some(texts::OnFailurePause)),
                        (ON_FAILURE[1].into(), Some(texts::OnFailureRollback)),
                    ]
                />
            </fieldset>
            <section
                class="rollout-preview"
                aria-labelledby="rollout-preview-title"
                aria-live="polite"
                data-testid="rollout-preview"
            >
                <h3 id="rollout-preview-title">{tr(texts::Preview)}</h3>
                {preview_view}
            </section>
            {move || {
                problem
                    .get()
                    .map(|p| {
                        view! {
                            <p class="danger-text" role="alert" data-testid="rollout-problem">
                                {p}
                            </p>
                        }
                    })
            }}
            <div>
                <ActionButton
                    needs=Permission::DeploymentsRollout
                    submit=true
                    class="primary"
                    testid="rollout-start"
                    disabled=pending
                >
                    {tr(texts::Start)}
                </ActionButton>
            </div>
        </form>
    }
}
