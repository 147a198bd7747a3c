//! One workspace: its facts, its description (editable), switching to it, and deleting it; a
//! workspace that still holds devices, config maps or secrets is refused by the API, and the page
//! says how many of each it holds, each a link to that list in this workspace.

use hilens_model::configmaps::ConfigMapListQuery;
use hilens_model::nodes::NodeListQuery;
use hilens_model::secrets::SecretListQuery;
use hilens_model::workspaces::{UpdateWorkspaceRequest, Workspace, DEFAULT_WORKSPACE_ID};
use hilens_model::OperationId as Op;
use leptos::prelude::*;

use super::list::day;
use super::texts;
use crate::api::{self, ApiError};
use crate::components::actions::run_action;
use crate::components::allowed::ActionButton;
use crate::components::confirm::ConfirmDialog;
use crate::components::detail::{DetailPage, Tab};
use crate::components::facts::{text, Facts};
use crate::components::form::field::{FieldState, TextField};
use crate::components::form::form::land_on_field;
use crate::components::frame::error_notice::ErrorNotice;
use crate::components::list::list_kit::Skeleton;
use crate::i18n::{common, tr};
use crate::router::{use_navigate, A};
use crate::state::use_app;

/// How many devices, config maps and secrets the workspace holds (one counting call each).
async fn holdings(id: String) -> Result<(u64, u64, u64), ApiError> {
    let ws = Some(id);
    let devices = NodeListQuery { workspace_id: ws.clone(), limit: Some(1), ..Default::default() };
    let maps = ConfigMapListQuery { workspace_id: ws.clone(), limit: Some(1), ..Default::default() };
    let secrets = SecretListQuery { workspace_id: ws, limit: Some(1), ..Default::default() };
    let (d, m, s) = futures::join!(
        api::nodes::show_nodes(&devices),
        api::configmaps::list_config_maps(&maps),
        api::secrets::list_secrets(&secrets)
    );
    Ok((d?.count, m?.count, s?.count))
}

#[component]
pub fn WorkspaceDetailPage(workspace_id: String) -> impl IntoView {
    let app = use_app();
    let id = StoredValue::new(workspace_id);
    let workspace = LocalResource::new(move || {
        let id = id.get_value();
        async move { api::workspaces::show_work_space(&id).await }
    });
    let held = LocalResource::new(move || holdings(id.get_value()));
    let loaded = move || workspace.get().and_then(Result::ok);
    let title = Signal::derive(move || loaded().map(|w| w.name).unwrap_or_default());
    let deleting = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let navigate = use_navigate();
    let delete = Callback::new(move |_| {
        let navigate = navigate.clone();
        run_action(
            pending,
            texts::Deleted,
            async move { api::workspaces::delete_work_space(&id.get_value()).await },
            move |r| {
                match r {
                    Ok(_) => {
                        app.workspaces_changed();
                        navigate("/workspaces", Default::default());
                    }
                    // Refused: what it holds is read again and shown.
                    Err(_) => held.refetch(),
                }
            },
        );
    });
    let is_default = move || id.with_value(|i| i == DEFAULT_WORKSPACE_ID);
    let actions = move || {
        view! {
            <div class="row">
                <button
                    type="button"
                    data-testid="workspace-switch"
                    disabled=move || app.workspace.get() == id.get_value()
                    on:click=move |_| app.set_workspace(&id.get_value())
                >
                    {tr(texts::SwitchTo)}
                </button>
                <ActionButton
                    needs=Op::DeleteWorkSpace
                    class="danger"
                    testid="workspace-delete"
                    disabled=Signal::derive(is_default)
                    on_click=Callback::new(move |_| deleting.set(true))
                >
                    {tr(texts::Delete)}
                </ActionButton>
            </div>
        }
    };
    // The confirmation says what the workspace holds (the API refuses while it holds anything).
    let busy = Signal::derive(move || held.get().is_none());
    let dialog = view! {
        <ConfirmDialog
            open=deleting
            name=title
            title=texts::Delete
            on_confirm=delete
            busy=busy
            impact=move || {
                view! {
                    {move || {
                        (app.workspace.get() == id.get_value())
                            .then(|| view! { <p class="danger-text">{tr(texts::YouAreIn)}</p> })
                    }}
                    {move || {
                        held.get()
                            .and_then(Result::ok)
                            .filter(|(d, m, s)| d + m + s == 0)
                            .map(|_| view! { <p data-testid="holds-nothing">{tr(texts::HoldsNothing)}</p> })
                    }}
                    <Holdings workspace_id=id.get_value() held=held />
                }
            }
        />
    };
    let overview = move || {
        view! {
            {move || is_default().then(|| view! { <p class="muted">{tr(texts::DefaultCannot)}</p> })}
            <Holdings workspace_id=id.get_value() held=held />
            {move || match workspace.get() {
                None => view! { <Skeleton /> }.into_any(),
                Some(Err(e)) => view! { <ErrorNotice error=e on_retry=move |_| workspace.refetch() /> }.into_any(),
                Some(Ok(w)) => {
                    view! {
                        <WorkspaceFacts workspace=w />
                        <EditDescription workspace=workspace />
                    }
                        .into_any()
                }
            }}
        }
        .into_any()
    };
    view! {
        <DetailPage
            back="/workspaces"
            back_label=common::NavWorkspaces
            title=title
            actions=actions
            tabs=vec![Tab::new("overview", common::Overview, overview)]
        />
        {dialog}
    }
}

/// What the workspace holds, each count a link to the list in this workspace.
#[component]
fn Holdings(workspace_id: String, held: LocalResource<Result<(u64, u64, u64), ApiError>>) -> impl IntoView {
    let ws = StoredValue::new(workspace_id);
    move || {
        held.get().and_then(Result::ok).filter(|(d, m, s)| d + m + s > 0).map(|(d, m, s)| {
            let link = move |path: &str, n: u64, what| {
                (n > 0).then(|| {
                    let to = crate::paths::to(&format!("{path}?ws={}", ws.get_value()));
                    view! {
                        <li>
                            <A href=to attr:data-testid="holding">
                                {format!("{n} ")}
                                {tr(what)}
                            </A>
                        </li>
                    }
                })
            };
            view! {
                <div class="danger-box card" role="note" data-testid="workspace-holdings">
                    <p>{tr(texts::Holds)}</p>
                    <ul>
                        {link("/devices", d, texts::Devices)} {link("/configmaps", m, texts::ConfigMaps)}
                        {link("/secrets", s, texts::Secrets)}
                    </ul>
                </div>
            }
        })
    }
}

#[component]
fn WorkspaceFacts(workspace: Workspace) -> impl IntoView {
    let w = workspace;
    let rows = vec![
        (texts::Id, view! { <code data-testid="workspace-id">{w.workspace_id.clone()}</code> }.into_any()),
        (
            texts::Description,
            view! { <span data-testid="workspace-description-now">{w.description.clone().unwrap_or_default()}</span> }
                .into_any(),
        ),
        (texts::EnterpriseProject, text(w.enterprise_project_name.clone())),
        (texts::Owner, text(w.owner.clone())),
        (texts::Created, day(w.create_time)),
        (texts::Updated, day(w.update_time)),
    ];
    view! {
        <section class="card detail-card" data-testid="workspace-facts">
            <Facts rows=rows />
        </section>
    }
}

#[component]
fn EditDescription(workspace: LocalResource<Result<Workspace, ApiError>>) -> impl IntoView {
    let description = FieldState::new(|v| hilens_model::rules::description("description", v), true)
        .with_hint(hilens_model::rules::description_hint);
    let pending = RwSignal::new(false);
    if let Some(Ok(w)) = workspace.get_untracked() {
        description.value.set(w.description.unwrap_or_default());
    }
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(Ok(w)) = workspace.get_untracked() else { return };
        if !description.check() {
            return;
        }
        let body = UpdateWorkspaceRequest { description: description.value.get_untracked() };
        run_action(
            pending,
            texts::Saved,
            async move { api::workspaces::update_work_space(&w.workspace_id, &body).await },
            move |r| match r {
                Ok(_) => workspace.refetch(),
                Err(e) => {
                    land_on_field(&e, &[("description", description)]);
                }
            },
        );
    };
    view! {
        // Save under the field (beside it, it stood off the input's line by the label's and the
        // hint's heights).
        <form class="stack card detail-card" on:submit=save data-testid="workspace-edit" novalidate>
            <TextField state=description label=texts::Edit testid="workspace-edit-description" />
            <div class="row">
                <ActionButton needs=Op::UpdateWorkSpace submit=true testid="workspace-save" disabled=pending>
                    {tr(texts::Save)}
                </ActionButton>
            </div>
        </form>
    }
}
