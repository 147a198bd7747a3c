//! Workspaces, named as in the official SDK.

use hilens_model::workspaces::WorkspaceList;

use super::{get_json, operation_path, ApiError};

/// `list_work_spaces`: the project's workspaces (the top bar's switcher).
pub async fn list_work_spaces(project_id: &str) -> Result<WorkspaceList, ApiError> {
    get_json(&operation_path("list_work_spaces", &[("project_id", project_id)], "limit=100")).await
}
