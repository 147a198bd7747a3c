//! Workspaces: one function per catalogue operation, named as in the official SDK.
//! Each is typed by the model: its query, its body and its answer.

use hilens_model::OperationId as Op;
use hilens_model::*;

use super::{ApiError, Call};

/// `create_work_space`: 创建工作空间 (POST /v3/{project_id}/ai-mgr/workspaces).
pub async fn create_work_space(body: &workspaces::CreateWorkspaceRequest) -> Result<workspaces::WorkspaceId, ApiError> {
    Call::new(Op::CreateWorkSpace).body(body).send().await
}

/// `delete_work_space`: 删除工作空间 (DELETE /v3/{project_id}/ai-mgr/workspaces/{workspace_id}).
pub async fn delete_work_space(workspace_id: &str) -> Result<workspaces::WorkspaceId, ApiError> {
    Call::new(Op::DeleteWorkSpace).param("workspace_id", workspace_id).send().await
}

/// `list_work_spaces` read for each workspace's id and name (the top bar's switcher, in the
/// main part: whole workspaces would cost it their decoding code).
pub async fn list_work_space_summaries(
    query: &workspaces::WorkspaceListQuery,
) -> Result<workspaces::WorkspaceList<workspaces::WorkspaceSummary>, ApiError> {
    Call::new(Op::ListWorkSpaces).query(query).send().await
}

/// `list_work_spaces`: 获取工作空间列表 (GET /v3/{project_id}/ai-mgr/workspaces).
pub async fn list_work_spaces(query: &workspaces::WorkspaceListQuery) -> Result<workspaces::WorkspaceList, ApiError> {
    Call::new(Op::ListWorkSpaces).query(query).send().await
}

/// `show_work_space`: 获取工作空间详情 (GET /v3/{project_id}/ai-mgr/workspaces/{workspace_id}).
pub async fn show_work_space(workspace_id: &str) -> Result<workspaces::Workspace, ApiError> {
    Call::new(Op::ShowWorkSpace).param("workspace_id", workspace_id).send().await
}

/// `update_work_space`: 修改工作空间 (PUT /v3/{project_id}/ai-mgr/workspaces/{workspace_id}).
pub async fn update_work_space(
    workspace_id: &str,
    body: &workspaces::UpdateWorkspaceRequest,
) -> Result<workspaces::WorkspaceId, ApiError> {
    Call::new(Op::UpdateWorkSpace).param("workspace_id", workspace_id).body(body).send().await
}
