//! Jobs of a deployment: one function per catalogue operation, named as in the official SDK.
//! Each is typed by the model: its query, its body and its answer.

use hilens_model::OperationId as Op;
use hilens_model::*;

use super::{ApiError, Call};

/// `create_task`: 创建作业 (POST /v3/{project_id}/ai-mgr/deployments/{deployment_id}/tasks).
pub async fn create_task(deployment_id: &str, body: &tasks::TaskRequest) -> Result<tasks::TaskId, ApiError> {
    Call::new(Op::CreateTask).param("deployment_id", deployment_id).body(body).send().await
}

/// `delete_task`: 删除作业 (DELETE /v3/{project_id}/ai-mgr/deployments/{deployment_id}/tasks/{task_id}).
pub async fn delete_task(deployment_id: &str, task_id: &str) -> Result<tasks::TaskId, ApiError> {
    Call::new(Op::DeleteTask).param("deployment_id", deployment_id).param("task_id", task_id).send().await
}

/// `list_tasks`: 查询作业列表 (GET /v3/{project_id}/ai-mgr/deployments/{deployment_id}/tasks).
pub async fn list_tasks(deployment_id: &str, query: &common::PageQuery) -> Result<tasks::TaskList, ApiError> {
    Call::new(Op::ListTasks).param("deployment_id", deployment_id).query(query).send().await
}

/// `show_task`: 查询作业详情 (GET /v3/{project_id}/ai-mgr/deployments/{deployment_id}/tasks/{task_id}).
pub async fn show_task(deployment_id: &str, task_id: &str) -> Result<tasks::TaskInfo, ApiError> {
    Call::new(Op::ShowTask).param("deployment_id", deployment_id).param("task_id", task_id).send().await
}

/// `update_task`: 编辑作业 (POST /v3/{project_id}/ai-mgr/deployments/{deployment_id}/task/{task_id}).
pub async fn update_task(
    deployment_id: &str,
    task_id: &str,
    body: &tasks::TaskRequest,
) -> Result<tasks::TaskId, ApiError> {
    Call::new(Op::UpdateTask).param("deployment_id", deployment_id).param("task_id", task_id).body(body).send().await
}
