//! Creating and editing a job (`create_task`, `update_task`): the deployment, name,
//! description, streams (each an input and one or more outputs, their data as JSON objects) and
//! an optional daily schedule. The model's `TaskRequest::validate` runs as the user types
//! (after the first blur) and on submit, with the deployment's channel limit; its message
//! stands beside the field it names.

use hilens_model::common::ProviderQuery;
use hilens_model::error::FieldError;
use hilens_model::rules::Hint;
use hilens_model::tasks::*;
use hilens_model::OperationId as Op;
use leptos::prelude::*;
use stylers_macro::style_sheet;

use super::deployment_choices;
use super::texts;
use crate::api;
use crate::components::actions::run_action;
use crate::components::allowed::ActionButton;
use crate::components::form::field::{described_by, field_hint, FieldMessage};
use crate::i18n::{common, tr, Txt};
use crate::router::{use_navigate, use_query_map, A};
use crate::state::use_app;

/// One stream as typed: the data of input and outputs are JSON text until sent.
#[derive(Clone, Debug, Default, PartialEq)]
struct StreamDraft {
    input_type: String,
    input_data: String,
    outputs: Vec<(String, String)>,
}

fn new_stream() -> StreamDraft {
    StreamDraft { input_type: INPUT_TYPES[0].into(), input_data: "{}".into(), outputs: vec![new_output()] }
}

fn new_output() -> (String, String) {
    (OUTPUT_TYPES[0].into(), "{}".into())
}

#[derive(Clone, Debug, Default, PartialEq)]
struct JobDraft {
    name: String,
    description: String,
    streams: Vec<StreamDraft>,
    start_time: String,
    frame_start: String,
    frame_stop: String,
}

impl JobDraft {
    fn from_task(t: &TaskInfo) -> JobDraft {
        // Laid out on lines, as it is edited.
        let json = |v: &serde_json::Value| serde_json::to_string_pretty(v).unwrap_or_default();
        let schedule = t.start_time_info.clone().unwrap_or_default();
        let frame = schedule.day_time_frame.first().cloned().unwrap_or_default();
        JobDraft {
            name: t.name.clone(),
            description: t.description.clone().unwrap_or_default(),
            streams: t
                .streams
                .iter()
                .map(|s| StreamDraft {
                    input_type: s.input.input_type.clone(),
                    input_data: json(&s.input.data),
                    outputs: s.outputs.iter().map(|o| (o.output_type.clone(), json(&o.data))).collect(),
                })
                .collect(),
            // Shown in the user's zone, as they type it.
            start_time: crate::components::format::local_input(&schedule.start_time).unwrap_or(schedule.start_time),
            frame_start: frame.start,
            frame_stop: frame.stop,
        }
    }

    /// The request, or the first rule it breaks (a JSON text that is not an object included).
    fn request(&self, channel_limit: Option<i64>) -> Result<TaskRequest, FieldError> {
        // The fields above the streams speak first, as the form reads.
        validate_task_name("name", self.name.trim())?;
        if !self.description.is_empty() {
            hilens_model::rules::description("description", &self.description)?;
        }
        let object = |path: String, text: &str| parse_object(&path, text);
        let mut streams = Vec::new();
        for (i, s) in self.streams.iter().enumerate() {
            let at = format!("data.streams[{i}]");
            let mut outputs = Vec::new();
            for (j, (kind, data)) in s.outputs.iter().enumerate() {
                outputs.push(TaskOutputs {
                    output_type: kind.clone(),
                    data: object(format!("{at}.outputs[{j}].data"), data)?,
                });
            }
            streams.push(TaskStream {
                common: None,
                input: TaskInput {
                    input_type: s.input_type.clone(),
                    data: object(format!("{at}.input.data"), &s.input_data)?,
                },
                outputs,
            });
        }
        // Typed in the user's zone; sent with its offset, in the form the API writes times.
        let start_time = match self.start_time.trim() {
            "" => String::new(),
            typed => {
                crate::components::format::local_to_api(validate_local_start("data.start_time_info.start_time", typed)?)
            }
        };
        let scheduled = !(self.start_time.is_empty() && self.frame_start.is_empty() && self.frame_stop.is_empty());
        let framed = !(self.frame_start.is_empty() && self.frame_stop.is_empty());
        let req = TaskRequest {
            name: self.name.trim().to_string(),
            description: Some(self.description.clone()).filter(|d| !d.is_empty()),
            data: TaskData {
                streams,
                start_time_info: scheduled.then(|| StartTimeInfo {
                    start_time,
                    day_time_frame: if framed {
                        vec![TimeFrame { start: self.frame_start.clone(), stop: self.frame_stop.clone() }]
                    } else {
                        Vec::new()
                    },
                    ..Default::default()
                }),
                ..Default::default()
            },
            ..Default::default()
        };
        req.validate(channel_limit)?;
        Ok(req)
    }
}

/// What a field of the form is: one line of text, JSON over several lines, or one of the
/// model's values.
#[derive(Clone, Copy)]
enum Kind {
    Text,
    Json,
    Choice(&'static [&'static str]),
}

fn dom_id(path: &str) -> String {
    format!("job-{}", path.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect::<String>())
}

#[component]
pub fn JobFormPage(deployment_id: Option<String>, task_id: Option<String>) -> impl IntoView {
    let editing = task_id.is_some();
    let wanted =
        deployment_id.or_else(|| use_query_map().with_untracked(|q| q.get("deployment_id"))).unwrap_or_default();
    let deployment = RwSignal::new(wanted);
    let task = StoredValue::new(task_id);
    let draft = RwSignal::new(JobDraft { streams: vec![new_stream()], ..Default::default() });
    // An edit starts from the job as it is.
    if let Some(id) = task.get_value() {
        let dep = deployment.get_untracked();
        leptos::task::spawn_local(async move {
            if let Ok(t) = api::tasks::show_task(&dep, &id).await {
                draft.set(JobDraft::from_task(&t));
            }
        });
    }
    let choices = LocalResource::new(deployment_choices);
    let limit = LocalResource::new(move || {
        let id = deployment.get();
        async move {
            if id.is_empty() {
                return None;
            }
            api::deployments::show_deployment(&id, &ProviderQuery::default())
                .await
                .ok()
                .and_then(|d| d.template.channel_limit())
        }
    });
    let error = Memo::new(move |_| {
        let channel = limit.get().flatten();
        draft.with(|d| d.request(channel).err())
    });
    let touched = RwSignal::new(std::collections::BTreeSet::<String>::new());
    let submitted = RwSignal::new(false);
    let server = RwSignal::new(None::<String>);
    let app = use_app();
    let message = move |path: String| {
        Signal::derive(move || {
            if !(submitted.get() || touched.with(|t| t.contains(&path))) {
                return None;
            }
            error.with(|e| e.as_ref().filter(|e| e.field == path).map(|e| e.rule_text(app.lang.get()).to_string()))
        })
    };
    // A labelled input bound to one text of the draft (`read` and `write` reach it).
    type Read = std::sync::Arc<dyn Fn(&JobDraft) -> String + Send + Sync>;
    type Write = std::sync::Arc<dyn Fn(&mut JobDraft, String) + Send + Sync>;
    const _: &str = include_str!("job_form_page.css");
    let json_class = style_sheet!("src/pages/jobs/job_form_page.css");
    // `hint`: the rule said under the field before it is broken (a name's), read out with it.
    let field = move |label: Txt, path: String, read: Read, write: Write, kind: Kind, hint: Option<Hint>| {
        let id = dom_id(&path);
        let rule = message(path.clone());
        // The message names its field by the label beside it.
        let msg = Signal::derive(move || {
            let lang = app.lang.get();
            rule.get().map(|r| crate::components::form::field::labelled(label.text(lang), &r, lang))
        });
        let err = format!("{id}-error");
        let hint_id = format!("{id}-hint");
        let (has_hint, at) = (hint.is_some(), id.clone());
        let invalid = move || msg.with(Option::is_some).to_string();
        let describedby = move || described_by(&at, msg.with(Option::is_some), has_hint);
        let labelledby = format!("{id}-label");
        let value = {
            let read = read.clone();
            move || draft.with(|d| read(d))
        };
        let put = move |v: String| draft.update(|d| write(d, v));
        let blur = move |_| {
            touched.update(|t| {
                t.insert(path.clone());
            })
        };
        let control = match kind {
            Kind::Text => view! {
                <input
                    type="text"
                    id=id.clone()
                    data-testid=id.clone()
                    aria-labelledby=labelledby
                    aria-invalid=invalid
                    aria-describedby=describedby
                    prop:value=value
                    on:input=move |ev| put(event_target_value(&ev))
                    on:blur=blur
                />
            }
            .into_any(),
            // JSON on lines of its own, in a fixed-width face; its errors name line and column.
            Kind::Json => view! {
                <textarea
                    id=id.clone()
                    data-testid=id.clone()
                    aria-labelledby=labelledby
                    aria-invalid=invalid
                    aria-describedby=describedby
                    class=format!("{json_class} job-json")
                    rows="5"
                    spellcheck="false"
                    prop:value=value
                    on:input=move |ev| put(event_target_value(&ev))
                    on:blur=blur
                ></textarea>
            }
            .into_any(),
            // The model's documented values; a value of the cloud's outside them is shown as it
            // is (and its rule says so).
            Kind::Choice(values) => {
                let current = value.clone();
                view! {
                    <select
                        id=id.clone()
                        data-testid=id.clone()
                        aria-labelledby=labelledby
                        aria-invalid=invalid
                        aria-describedby=describedby
                        on:change=move |ev| put(event_target_value(&ev))
                        on:blur=blur
                    >
                        {move || {
                            let now = current();
                            let mut all: Vec<String> = values.iter().map(|v| v.to_string()).collect();
                            if !all.contains(&now) {
                                all.push(now.clone());
                            }
                            all.into_iter()
                                .map(|v| {
                                    let selected = v == now;
                                    let text = texts::type_name(&v)
                                        .map(|t| format!("{} ({v})", app.t(t)))
                                        .unwrap_or_else(|| v.clone());
                                    view! {
                                        <option value=v selected=selected>
                                            {text}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                }
                .into_any()
            }
        };
        view! {
            <label class="ed-field">
                <span class="muted" id=format!("{id}-label")>
                    {tr(label)}
                </span>
                {control}
                <FieldMessage id=err message=msg />
                {hint.map(|h| field_hint(hint_id, h))}
            </label>
        }
    };
    let input = move |label: Txt, path: String, get: fn(&JobDraft) -> String, set: fn(&mut JobDraft, String)| {
        field(label, path, std::sync::Arc::new(get), std::sync::Arc::new(set), Kind::Text, None)
    };
    // The same for a text inside stream `i` (output `j` where it applies).
    let stream_input = move |label: Txt,
                             path: String,
                             i: usize,
                             j: usize,
                             get: fn(&StreamDraft, usize) -> String,
                             set: fn(&mut StreamDraft, usize, String),
                             kind: Kind| {
        let read: Read =
            std::sync::Arc::new(move |d: &JobDraft| d.streams.get(i).map(|s| get(s, j)).unwrap_or_default());
        let write: Write = std::sync::Arc::new(move |d: &mut JobDraft, v| {
            if let Some(s) = d.streams.get_mut(i) {
                set(s, j, v)
            }
        });
        field(label, path, read, write, kind, None)
    };
    let count = Memo::new(move |_| draft.with(|d| d.streams.iter().map(|s| s.outputs.len()).collect::<Vec<_>>()));
    let streams = move || {
        count
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, outputs)| {
                let at = format!("data.streams[{i}]");
                view! {
                    <fieldset class="ed-group" data-testid=format!("job-stream-{i}")>
                        <legend>{move || format!("{} {}", app.t(texts::Stream), i + 1)}</legend>
                        <div class="wrap">
                            {stream_input(
                                texts::InputType,
                                format!("{at}.input.type"),
                                i,
                                0,
                                |s, _| s.input_type.clone(),
                                |s, _, v| s.input_type = v,
                                Kind::Choice(INPUT_TYPES),
                            )}
                            {stream_input(
                                texts::InputData,
                                format!("{at}.input.data"),
                                i,
                                0,
                                |s, _| s.input_data.clone(),
                                |s, _, v| s.input_data = v,
                                Kind::Json,
                            )}
                        </div>
                        {(0..outputs)
                            .map(|j| {
                                view! {
                                    <div class="wrap">
                                        {stream_input(
                                            texts::OutputType,
                                            format!("{at}.outputs[{j}].type"),
                                            i,
                                            j,
                                            |s, j| s.outputs.get(j).map(|o| o.0.clone()).unwrap_or_default(),
                                            |s, j, v| {
                                                if let Some(o) = s.outputs.get_mut(j) {
                                                    o.0 = v;
                                                }
                                            },
                                            Kind::Choice(OUTPUT_TYPES),
                                        )}
                                        {stream_input(
                                            texts::OutputData,
                                            format!("{at}.outputs[{j}].data"),
                                            i,
                                            j,
                                            |s, j| s.outputs.get(j).map(|o| o.1.clone()).unwrap_or_default(),
                                            |s, j, v| {
                                                if let Some(o) = s.outputs.get_mut(j) {
                                                    o.1 = v;
                                                }
                                            },
                                            Kind::Json,
                                        )}
                                    </div>
                                }
                            })
                            .collect_view()}
                        <div class="row">
                            <button
                                type="button"
                                on:click=move |_| {
                                    draft
                                        .update(|d| {
                                            if let Some(s) = d.streams.get_mut(i) {
                                                s.outputs.push(new_output())
                                            }
                                        })
                                }
                            >
                                {move || format!("{} {}", app.t(common::Add), app.t(texts::OutputType))}
                            </button>
                            <button
                                type="button"
                                aria-label=move || {
                                    format!("{} {} {}", app.t(common::Remove), app.t(texts::Stream), i + 1)
                                }
                                on:click=move |_| {
                                    draft
                                        .update(|d| {
                                            if i < d.streams.len() {
                                                d.streams.remove(i);
                                            }
                                        })
                                }
                            >
                                {tr(common::Remove)}
                            </button>
                        </div>
                    </fieldset>
                }
            })
            .collect_view()
    };
    let pending = RwSignal::new(false);
    let navigate = use_navigate();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submitted.set(true);
        server.set(None);
        let dep = deployment.get_untracked();
        if dep.is_empty() {
            return;
        }
        let Ok(body) = draft.with_untracked(|d| d.request(limit.get_untracked().flatten())) else { return };
        let navigate = navigate.clone();
        let task_id = task.get_value();
        let dep2 = dep.clone();
        run_action(
            pending,
            texts::Saved,
            async move {
                match task_id {
                    Some(t) => api::tasks::update_task(&dep2, &t, &body).await,
                    None => api::tasks::create_task(&dep2, &body).await,
                }
            },
            move |r| match r {
                Ok(saved) => navigate(&format!("/jobs/{dep}/{}", saved.task_id), Default::default()),
                Err(e) => server.set(Some(e.plain())),
            },
        );
    };
    let schedule = move || {
        view! {
            <fieldset class="ed-group">
                <legend>{tr(texts::Schedule)}</legend>
                <p class="muted" data-testid="job-zone">
                    {tr(texts::YourZone)}
                    " "
                    {crate::components::format::zone_label()}
                </p>
                <div class="wrap">
                    {input(
                        texts::StartTime,
                        "data.start_time_info.start_time".into(),
                        |d| d.start_time.clone(),
                        |d, v| d.start_time = v,
                    )}
                    {input(
                        texts::FrameStart,
                        "data.start_time_info.day_time_frame[0].start".into(),
                        |d| d.frame_start.clone(),
                        |d, v| d.frame_start = v,
                    )}
                    {input(
                        texts::FrameStop,
                        "data.start_time_info.day_time_frame[0].stop".into(),
                        |d| d.frame_stop.clone(),
                        |d, v| d.frame_stop = v,
                    )}
                </div>
            </fieldset>
        }
    };
    let streams_rule = message("data.streams".into());
    let streams_message = Signal::derive(move || {
        let lang = app.lang.get();
        streams_rule.get().map(|r| crate::components::form::field::labelled(texts::Streams.text(lang), &r, lang))
    });
    view! {
        <p class="detail-back">
            <A href=crate::paths::to("/jobs")>{move || format!("← {}", app.t(common::NavJobs))}</A>
        </p>
        <h1 class="page-title" id="job-form-title">
            {tr(if editing { texts::EditTitle } else { texts::NewTitle })}
        </h1>
        <form
            class="card detail-card stack"
            novalidate
            on:submit=save
            aria-labelledby="job-form-title"
            data-testid="job-form"
        >
            <label class="ed-field">
                <span class="muted" id="job-form-deployment-label">
                    {tr(texts::Deployment)}
                </span>
                <select
                    aria-labelledby="job-form-deployment-label"
                    data-testid="job-form-deployment"
                    disabled=editing
                    aria-invalid=move || (submitted.get() && deployment.with(String::is_empty)).to_string()
                    on:change=move |ev| deployment.set(event_target_value(&ev))
                >
                    <option value="">{tr(texts::ChooseDeployment)}</option>
                    {move || {
                        choices
                            .get()
                            .unwrap_or_default()
                            .into_iter()
                            .map(|(id, name)| {
                                let selected = deployment.get() == id;
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
            <div class="wrap">
                {field(
                    texts::Name,
                    "name".into(),
                    std::sync::Arc::new(|d: &JobDraft| d.name.clone()),
                    std::sync::Arc::new(|d: &mut JobDraft, v| d.name = v),
                    Kind::Text,
                    Some(hilens_model::tasks::name_hint()),
                )}
                {input(texts::Description, "description".into(), |d| d.description.clone(), |d, v| d.description = v)}
            </div>
            <h2 class="ed-section-title">{tr(texts::Streams)}</h2>
            <p class="muted" id="streams-hint">
                {tr(texts::StreamsHint)}
                ": "
                {move || limit.get().flatten().map(|n| n.to_string()).unwrap_or_else(|| "1000".into())}
            </p>
            {streams}
            <div id=dom_id("data.streams") tabindex="-1">
                <button
                    type="button"
                    data-testid="job-stream-add"
                    on:click=move |_| draft.update(|d| d.streams.push(new_stream()))
                >
                    {move || format!("{} {}", app.t(common::Add), app.t(texts::Stream))}
                </button>
                <FieldMessage id="job-streams-error".to_string() message=streams_message />
            </div>
            {schedule}
            {move || {
                server
                    .get()
                    .map(|m| {
                        view! {
                            <p class="danger-text" role="alert" data-testid="job-server-error">
                                {m}
                            </p>
                        }
                    })
            }}
            <div>
                <ActionButton
                    needs=if editing { Op::UpdateTask } else { Op::CreateTask }
                    submit=true
                    class="primary"
                    testid="job-save"
                    disabled=pending
                >
                    {tr(texts::Save)}
                </ActionButton>
            </div>
        </form>
    }
}
