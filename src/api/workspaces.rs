//! Workspaces: one function per catalogue operation, named as in the official SDK.

use hilens_model::workspaces::{self, WorkspaceList};

use super::{call, ApiError};

/// `list_work_spaces`: the project's workspaces (the top bar's switcher).
pub async fn list_work_spaces(project_id: &str) -> Result<WorkspaceList, ApiError> {
    call("list_work_spaces", &[("project_id", project_id)], &[("limit", "100".into())], None::<&()>, &[]).await
}

/// `create_work_space`: 创建工作空间 (POST /v3/{project_id}/ai-mgr/workspaces).
pub async fn create_work_space(
    project_id: &str,
    body: &workspaces::CreateWorkspaceRequest,
) -> Result<workspaces::WorkspaceId, ApiError> {
    call("create_work_space", &[("project_id", project_id)], &[], Some(body), &[]).await
}

/// `delete_work_space`: 删除工作空间 (DELETE /v3/{project_id}/ai-mgr/workspaces/{workspace_id}).
pub async fn delete_work_space(project_id: &str, workspace_id: &str) -> Result<workspaces::WorkspaceId, ApiError> {
    call("delete_work_space", &[("project_id", project_id), ("workspace_id", workspace_id)], &[], None::<&()>, &[])
        .await
}

/// `show_work_space`: 获取工作空间详情 (GET /v3/{project_id}/ai-mgr/workspaces/{workspace_id}).
pub async fn show_work_space(project_id: &str, workspace_id: &str) -> Result<workspaces::Workspace, ApiError> {
    call("show_work_space", &[("project_id", project_id), ("workspace_id", workspace_id)], &[], None::<&()>, &[]).await
}

/// `update_work_space`: 修改工作空间 (PUT /v3/{project_id}/ai-mgr/workspaces/{workspace_id}).
pub async fn update_work_space(
    project_id: &str,
    workspace_id: &str,
    body: &workspaces::UpdateWorkspaceRequest,
) -> Result<workspaces::WorkspaceId, ApiError> {
    call("update_work_space", &[("project_id", project_id), ("workspace_id", workspace_id)], &[], Some(body), &[]).await
}
