//! The workspaces list, paged in the URL, and the form that creates one.

use hilens_model::workspaces::{validate_workspace_name, CreateWorkspaceRequest, Workspace, WorkspaceListQuery};
use hilens_model::OperationId as Op;
use leptos::prelude::*;
use stylers_macro::style_sheet;

use super::texts;
use crate::api::{self, ApiError};
use crate::components::actions::run_action;
use crate::components::allowed::ActionButton;
use crate::components::facts::text;
use crate::components::form::field::{FieldState, TextField};
use crate::components::form::form::land_on_field;
use crate::components::list::list_page::{Column, ListCtx, ListPage, ListSpec, Rows};
use crate::components::list::url_state::ListState;
use crate::i18n::{common, tr};
use crate::router::{use_navigate, A};
use crate::state::use_app;

crate::url_state! {
    /// The workspaces list has no filters of its own (paging only).
    pub struct WorkspaceFilters {}
}

async fn fetch(view: ListState<WorkspaceFilters>) -> Result<Rows<Workspace>, ApiError> {
    let query = WorkspaceListQuery { offset: Some(view.offset()), limit: Some(view.size), ..Default::default() };
    let list = api::workspaces::list_work_spaces(&query).await?;
    Ok(Rows { rows: list.workspaces, total: list.count })
}

/// A time in milliseconds as `YYYY-MM-DD`.
pub fn day(ms: Option<i64>) -> AnyView {
    crate::components::format::when_ms(ms)
}

#[component]
pub fn WorkspaceListPage() -> impl IntoView {
    let app = use_app();
    let ctx = ListCtx::<WorkspaceFilters>::new();
    let columns = vec![
        Column::new(texts::Name, |w: &Workspace| {
            let (to, name) = (crate::paths::to(&format!("/workspaces/{}", w.workspace_id)), w.name.clone());
            view! { <A href=to attr:data-testid="workspace-link">{name}</A> }.into_any()
        }),
        Column::new(texts::Description, |w: &Workspace| text(w.description.clone())),
        Column::new(texts::Current, move |w: &Workspace| {
            let id = w.workspace_id.clone();
            (move || {
                (app.workspace.get() == id)
                    .then(|| view! { <span class="badge badge-ok">{tr(texts::CurrentBadge)}</span> })
            })
            .into_any()
        }),
        Column::new(texts::Owner, |w: &Workspace| text(w.owner.clone())),
        Column::new(texts::Created, |w: &Workspace| day(w.create_time)),
    ];
    let spec =
        ListSpec::new(common::NavWorkspaces, texts::None, "workspace", fetch, |w: &Workspace| w.workspace_id.clone())
            .columns(columns);
    view! { <ListPage ctx=ctx spec=spec filters=move || view! { <NewWorkspace /> } /> }
}

/// Creating a workspace: name and description with their rules; then its page.
#[component]
fn NewWorkspace() -> impl IntoView {
    let app = use_app();
    let name = FieldState::new(validate_workspace_name, false).with_hint(hilens_model::workspaces::name_hint);
    let description = FieldState::new(|v| hilens_model::rules::description("description", v), true);
    let pending = RwSignal::new(false);
    let navigate = use_navigate();
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !(name.check() && description.check()) {
            return;
        }
        let body = CreateWorkspaceRequest {
            name: name.value.get_untracked().trim().to_string(),
            enterprise_project_id: "0".into(),
            enterprise_project_name: "default".into(),
            description: Some(description.value.get_untracked()).filter(|d| !d.is_empty()),
        };
        let navigate = navigate.clone();
        run_action(
            pending,
            texts::Created2,
            async move { api::workspaces::create_work_space(&body).await },
            move |r| match r {
                Ok(created) => {
                    app.workspaces_changed();
                    navigate(&format!("/workspaces/{}", created.workspace_id), Default::default());
                }
                Err(e) => {
                    land_on_field(&e, &[("name", name), ("description", description)]);
                }
            },
        );
    };
    const _: &str = include_str!("new_workspace.css");
    let class = style_sheet!("src/pages/workspaces/new_workspace.css");
    view! { class=class,
        <form
            class="new-workspace"
            on:submit=create
            data-testid="new-workspace"
            novalidate
            aria-labelledby="new-workspace-title"
        >
            <h2 id="new-workspace-title">{tr(texts::New)}</h2>
            <TextField state=name label=texts::Name testid="workspace-name" />
            <TextField state=description label=texts::Description testid="workspace-description" />
            <div class="create">
                <ActionButton
                    needs=Op::CreateWorkSpace
                    submit=true
                    class="primary"
                    testid="workspace-create"
                    disabled=pending
                >
                    {tr(texts::Create)}
                </ActionButton>
            </div>
        </form>
    }
}
