//! The deployment editor, one for create (`create_deployment`) and for the full update (PUT
//! `update_deployment`). The form edits one draft request; every rule of the model runs on it
//! as the user types (a field speaks after its first blur) and on submit, when all violations
//! show at once, beside their fields and in a summary that takes the user to each. The JSON
//! tab edits the same draft as the exact request body. An edit is reviewed as a field-by-field
//! diff before it is applied. An unfinished create is kept in this browser's storage, so a
//! reload does not lose it. The JSON behind those (storage, the JSON tab, the review, the
//! requests sent) is a part fetched when first needed (`codec`).

mod app;
mod codec;

mod form_part {
    crate::domain_part!(deployments_new_form, super::sections::form_sections);
}
/// The market skill picker, fetched when the app source is a market skill (not the default).
mod skill_picker_part {
    crate::domain_part!(deployments_skill_picker, super::sections::skill_picker);
}
pub mod draft;
pub mod fields;
pub mod places;
mod sections;

use hilens_model::common::ProviderQuery;
use hilens_model::deployments::*;
use hilens_model::error::FieldError;
use hilens_model::OperationId as Op;
use leptos::prelude::*;

use self::app::Sources;
use self::codec::Codec;
use self::draft::*;
pub use self::sections::WantedSkill;
use super::texts;
use crate::api::{self, ApiError};
use crate::components::actions::run_action;
use crate::components::allowed::ActionButton;
use crate::components::frame::error_notice::ErrorNotice;
use crate::components::frame::part::{Page, PartError, PartFailed, PartPage};
use crate::components::list::list_kit::Skeleton;
use crate::i18n::{common, tr};
use crate::router::{use_navigate, use_query_map, A};
use crate::state::{forget, store, stored, use_app, AppState};

/// Where an unfinished create is kept.
const DRAFT_KEY: &str = "hilens.deployment-draft";

/// A new deployment's starting point: a custom image on chosen devices, one app.
fn blank() -> Req {
    Req {
        source: "userdefined".into(),
        node_ids: Some(Vec::new()),
        deployment: DeploymentRequest {
            replicas: 1,
            template: PodRequest {
                apps: vec![AppDef::default()],
                configs: PodConfig { restart_policy: "Always".into(), ..Default::default() },
                ..Default::default()
            },
        },
        ..Default::default()
    }
}

/// `/deployments/new` (`?skill=` starts from a market skill) and `/deployments/:id/edit`.
#[component]
pub fn DeploymentEditorPage(deployment_id: Option<String>) -> impl IntoView {
    match deployment_id {
        None => {
            let skill = use_query_map().with_untracked(|q| q.get("skill")).filter(|s| !s.is_empty());
            // A skill to deploy starts afresh; otherwise an unfinished draft comes back.
            match stored(DRAFT_KEY).filter(|_| skill.is_none()) {
                Some(kept) => view! { <KeptDraft kept=kept /> }.into_any(),
                None => {
                    let mut initial = blank();
                    if skill.is_some() {
                        initial.source = "hlm".into();
                    }
                    view! { <Editor initial=initial current=None skill=skill restored=false /> }.into_any()
                }
            }
        }
        Some(id) => {
            let id = StoredValue::new(id);
            let current = LocalResource::new(move || {
                let id = id.get_value();
                async move { api::deployments::show_deployment(&id, &ProviderQuery::default()).await }
            });
            (move || match current.get() {
                None => view! { <Skeleton /> }.into_any(),
                Some(Err(e)) => view! { <ErrorNotice error=e on_retry=move |_| current.refetch() /> }.into_any(),
                Some(Ok(d)) => {
                    view! { <Editor initial=d.to_draft() current=Some(d) skill=None restored=false /> }.into_any()
                }
            })
            .into_any()
        }
    }
}

/// The workspace's config maps and secrets with their keys, for the env and volume pickers.
fn workspace_sources() -> Sources {
    Sources { configmaps: keys_in_workspace(configmap_keys), secrets: keys_in_workspace(secret_keys) }
}

/// Names and their keys: a config map's or a secret's.
type Keys = Vec<(String, Vec<String>)>;
type LoadingKeys = std::pin::Pin<Box<dyn std::future::Future<Output = Keys>>>;

/// What `load` finds in the current workspace (read again when it changes). One function for
/// both lists, so the part holds one resource type for them.
fn keys_in_workspace(load: fn(String) -> LoadingKeys) -> Signal<Keys> {
    let app = use_app();
    let keys = LocalResource::new(move || load(app.workspace.get()));
    Signal::derive(move || keys.get().unwrap_or_default())
}

fn configmap_keys(workspace: String) -> LoadingKeys {
    Box::pin(async move {
        let q = hilens_model::configmaps::ConfigMapListQuery {
            workspace_id: Some(workspace),
            limit: Some(100),
            ..Default::default()
        };
        let list = api::configmaps::list_config_maps(&q).await.map(|l| l.configmaps).unwrap_or_default();
        list.into_iter().map(|m| (m.name, m.configs.into_iter().map(|c| c.key).collect())).collect()
    })
}

fn secret_keys(workspace: String) -> LoadingKeys {
    Box::pin(async move {
        let q = hilens_model::secrets::SecretListQuery {
            workspace_id: Some(workspace),
            limit: Some(100),
            ..Default::default()
        };
        let list = api::secrets::list_secrets(&q).await.map(|l| l.secrets).unwrap_or_default();
        list.into_iter().map(|s| (s.name, s.secrets.into_iter().map(|e| e.key).collect())).collect()
    })
}

/// Puts a server's rule error on the field it names (by its labels, as every message), and
/// takes the user there.
fn land(ed: Ed, e: &ApiError) {
    let Some(field) = e.field_path().and(FieldError::from_api_message(e.message())) else { return };
    let path = field.field.clone();
    ed.server.set(Some(field));
    go_to(&path);
}

/// Moves the focus to the element with `id` once the view has drawn it.
fn focus_soon(id: &'static str) {
    set_timeout(
        move || {
            use wasm_bindgen::JsCast;
            if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id)) {
                let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
            }
        },
        std::time::Duration::ZERO,
    );
}

/// The editor with the draft kept in this browser's storage, read back once the codec part is
/// here (a draft that no longer reads as a request is dropped: the editor starts afresh).
#[component]
fn KeptDraft(kept: String) -> impl IntoView {
    let editor = move |codec: &'static Codec| {
        let restored = (codec.read_draft)(&kept).ok();
        let was_restored = restored.is_some();
        let initial = restored.unwrap_or_else(blank);
        view! { <Editor initial=initial current=None skill=None restored=was_restored /> }.into_any()
    };
    if let Some(codec) = codec::PART.get() {
        return editor(codec);
    }
    // (A signal and a task rather than a resource: one resource type less in the part.)
    let codec = RwSignal::new(None::<Result<&'static Codec, PartError>>);
    let load = move || {
        codec.set(None);
        leptos::task::spawn_local(async move {
            let loaded = codec::PART.load().await;
            let _ = codec.try_set(Some(loaded));
        });
    };
    load();
    (move || match codec.get() {
        None => view! { <Skeleton /> }.into_any(),
        Some(Err(_)) => view! { <PartFailed on_retry=Callback::new(move |()| load()) /> }.into_any(),
        Some(Ok(c)) => editor(c),
    })
    .into_any()
}

/// Runs `then` with the codec part, fetched first when it is not here; when it cannot be fetched,
/// a toast says so (the user tries again with the same action).
fn with_codec(app: AppState, then: impl FnOnce(&'static Codec) + 'static) {
    codec::PART.with(then, move || app.toast_error(&codec_failed(app)));
}

/// The error of a codec part that could not be fetched.
fn codec_failed(app: AppState) -> ApiError {
    ApiError::Network(app.t_untracked(common::PartFailed).to_string())
}

#[component]
fn Editor(initial: Req, current: Option<Deployment>, skill: Option<String>, restored: bool) -> impl IntoView {
    let app = use_app();
    let editing = current.is_some();
    let ed = Ed::new(initial, editing);
    let sources = workspace_sources();
    let tab = RwSignal::new("form");
    let json_text = RwSignal::new(String::new());
    let json_problem = RwSignal::new(None::<String>);
    let reviewing = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let current = StoredValue::new(current);
    let navigate = use_navigate();

    // An unfinished create is kept on every change (not the first draw: opening stores nothing).
    // The first change fetches the codec part; a fetch that fails keeps nothing, and the next
    // change tries again. What is kept is the draft as it is when the part is here.
    if !editing {
        Effect::new(move |first: Option<()>| {
            ed.draft.track();
            if first.is_none() {
                return;
            }
            let keep = move |codec: &'static Codec| {
                if let Some(text) = ed.draft.try_with_untracked(|d| (codec.draft_text)(d)) {
                    store(DRAFT_KEY, &text);
                }
            };
            codec::PART.with(keep, || {});
        });
    }
    let discard = move |_| {
        forget(DRAFT_KEY);
        ed.restructure(|d| *d = blank());
        ed.submitted.set(false);
    };

    // The tab opens at once; its text (and editing it) waits for the codec part, the first time.
    let json_ready = RwSignal::new(false);
    let show_json = move |_| {
        json_problem.set(None);
        json_ready.set(codec::PART.get().is_some());
        tab.set("json");
        with_codec(app, move |codec| {
            json_text.set(ed.draft.with_untracked(|d| (codec.body_text)(d, editing)));
            json_ready.set(true);
        })
    };
    let json_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        json_text.set(text.clone());
        // The JSON tab opens once the codec part is here.
        let Some(codec) = codec::PART.get() else { return };
        match ed.draft.with_untracked(|d| (codec.read_body)(&text, d, editing)) {
            Ok(next) => {
                json_problem.set(None);
                ed.restructure(|d| *d = next);
                ed.submitted.set(true);
            }
            Err(why) => json_problem.set(Some(why)),
        }
    };

    let create = {
        let navigate = navigate.clone();
        move || {
            let body = ed.draft.get_untracked();
            let navigate = navigate.clone();
            run_action(
                pending,
                texts::Created2,
                async move {
                    let codec = codec::PART.load().await.map_err(|_| codec_failed(app))?;
                    (codec.create)(body).await
                },
                move |r| match r {
                    Ok(d) => {
                        forget(DRAFT_KEY);
                        navigate(&format!("/deployments/{}", d.id), Default::default());
                    }
                    Err(e) => land(ed, &e),
                },
            );
        }
    };
    let apply = {
        let navigate = navigate.clone();
        move |_| {
            let Some(id) = current.with_value(|c| c.as_ref().map(|d| d.id.clone())) else { return };
            let body = ed.draft.with_untracked(|d| d.to_update());
            let navigate = navigate.clone();
            run_action(
                pending,
                texts::Updated2,
                async move {
                    let codec = codec::PART.load().await.map_err(|_| codec_failed(app))?;
                    (codec.update)(id, body).await
                },
                move |r| match r {
                    Ok(d) => navigate(&format!("/deployments/{}", d.id), Default::default()),
                    // The draft stays as it was, back in the form, with the error on its field.
                    Err(e) => {
                        reviewing.set(false);
                        land(ed, &e);
                    }
                },
            );
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        ed.submitted.set(true);
        if !ed.errors.get_untracked().is_empty() {
            tab.set("form");
            focus_soon("ed-summary");
            return;
        }
        if editing {
            // The review compares through the codec part.
            with_codec(app, move |_| {
                reviewing.set(true);
                focus_soon("ed-review");
            });
        } else {
            create();
        }
    };

    let summary = move || {
        let errors = ed.errors.get();
        (ed.submitted.get() && !errors.is_empty()).then(|| {
            let lang = app.lang.get();
            view! {
                <div class="ed-summary" role="alert" id="ed-summary" tabindex="-1" data-testid="ed-summary">
                    <h2>{tr(texts::Problems)} " (" {errors.len()} ")"</h2>
                    <ul>
                        {errors
                            .into_iter()
                            .map(|e| {
                                let path = e.field.clone();
                                let text = super::labels::plain(&e, lang);
                                view! {
                                    <li>
                                        <a
                                            href=format!("#{}", dom_id(&path))
                                            on:click=move |ev| {
                                                ev.prevent_default();
                                                tab.set("form");
                                                go_to(&path);
                                            }
                                        >
                                            {text}
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </div>
            }
        })
    };

    provide_context(ed);
    provide_context(sources);
    provide_context(WantedSkill(skill));
    let title = if editing { texts::EditTitle } else { texts::NewTitle };
    let back = current
        .with_value(|c| c.as_ref().map(|d| format!("/deployments/{}", d.id)))
        .unwrap_or_else(|| "/deployments".into());
    let form = view! {
        <form
            novalidate
            on:submit=submit
            // The user is about to change something: the codec part that keeps the draft comes now.
            on:focusin=move |_| codec::PART.with(|_| {}, || {})
            data-testid="deployment-editor"
            aria-labelledby="editor-title"
            hidden=move || tab.get() != "form" || reviewing.get()
        >
            {summary}
            // The form's sections are a part of their own (the editor's state, checks, JSON tab
            // and review are this one), fetched with it: a deep link preloads every
            // `deployments_*` part. Each part then stays inside the size budget.
            <PartPage part=&form_part::PART page=Page::Form />
            <div class="ed-bar">
                <A href=crate::paths::to(&back) attr:class="button">
                    {tr(common::Cancel)}
                </A>
                <ActionButton
                    needs=if editing { Op::UpdateDeployment } else { Op::CreateDeployment }
                    submit=true
                    class="primary"
                    testid="editor-submit"
                    disabled=pending
                >
                    {tr(if editing { texts::Review } else { texts::Create })}
                </ActionButton>
            </div>
        </form>
    };
    let json_tab = view! {
        <div hidden=move || tab.get() != "json" || reviewing.get() data-testid="json-tab">
            <p class="muted" id="json-hint">
                {tr(texts::JsonHint)}
            </p>
            <label class="field-col">
                <span class="muted">{tr(texts::RequestBody)}</span>
                <textarea
                    class="ed-json"
                    data-testid="json-body"
                    aria-describedby="json-hint json-problems"
                    spellcheck="false"
                    aria-invalid=move || {
                        (json_problem.with(Option::is_some) || !ed.errors.with(Vec::is_empty)).to_string()
                    }
                    prop:value=move || json_text.get()
                    disabled=move || !json_ready.get()
                    aria-busy=move || (!json_ready.get()).to_string()
                    on:input=json_input
                ></textarea>
            </label>
            <div id="json-problems" role="alert" data-testid="json-problems">
                {move || {
                    json_problem.get().map(|p| view! { <p class="danger-text">{tr(texts::JsonBroken)} ": " {p}</p> })
                }}
                {move || {
                    let lang = app.lang.get();
                    (json_problem.with(Option::is_none))
                        .then(|| {
                            view! {
                                <ul>
                                    {ed
                                        .errors
                                        .get()
                                        .into_iter()
                                        .map(|e| {
                                            view! { <li class="danger-text">{super::labels::plain(&e, lang)}</li> }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                        })
                }}
            </div>
        </div>
    };
    let review = move || {
        // Reviewing starts once the codec part is here.
        reviewing.get().then(|| codec::PART.get()).flatten().map(|codec| {
            let before = current.with_value(|c| c.as_ref().map(Deployment::to_draft)).unwrap_or_else(blank);
            let changes = ed.draft.with_untracked(|after| (codec.changes)(&before, after));
            view! {
                <section
                    class="card detail-card"
                    id="ed-review"
                    tabindex="-1"
                    aria-labelledby="review-title"
                    data-testid="ed-review"
                >
                    <h2 id="review-title">{tr(texts::ReviewTitle)}</h2>
                    {changes.is_empty().then(|| view! { <p>{tr(texts::NoChanges)}</p> })}
                    <table class="data ed-diff" data-testid="diff">
                        <thead>
                            <tr>
                                <th scope="col">{tr(texts::Field)}</th>
                                <th scope="col">{tr(texts::Before)}</th>
                                <th scope="col">{tr(texts::After)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {changes
                                .into_iter()
                                .map(|(path, before, after)| {
                                    view! {
                                        <tr data-testid="diff-row">
                                            <td>
                                                <code>{path}</code>
                                            </td>
                                            <td>
                                                <code>{before}</code>
                                            </td>
                                            <td>
                                                <code>{after}</code>
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                    <div class="ed-bar">
                        <button type="button" data-testid="review-back" on:click=move |_| reviewing.set(false)>
                            {tr(texts::BackToEdit)}
                        </button>
                        <ActionButton
                            needs=Op::UpdateDeployment
                            class="primary"
                            testid="review-apply"
                            disabled=pending
                            on_click=Callback::new(apply.clone())
                        >
                            {tr(texts::Apply)}
                        </ActionButton>
                    </div>
                </section>
            }
        })
    };
    view! {
        <p class="detail-back">
            <A href=crate::paths::to(&back)>{move || format!("← {}", app.t(common::NavDeployments))}</A>
        </p>
        <h1 class="page-title" id="editor-title">
            {tr(title)}
        </h1>
        {restored
            .then(|| {
                view! {
                    <p class="row" role="status" data-testid="draft-restored">
                        {tr(texts::DraftRestored)}
                        <button type="button" data-testid="discard-draft" on:click=discard>
                            {tr(texts::DiscardDraft)}
                        </button>
                    </p>
                }
            })}
        <div class="tabs row tight" role="tablist" hidden=move || reviewing.get()>
            <button
                type="button"
                role="tab"
                id="tab-form"
                aria-selected=move || (tab.get() == "form").to_string()
                on:click=move |_| tab.set("form")
            >
                {tr(texts::TabForm)}
            </button>
            <button
                type="button"
                role="tab"
                id="tab-json"
                aria-selected=move || (tab.get() == "json").to_string()
                on:click=show_json
            >
                {tr(texts::TabJson)}
            </button>
        </div>
        {form}
        {json_tab}
        {review}
    }
}
