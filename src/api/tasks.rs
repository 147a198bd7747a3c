//! Jobs of a deployment: one function per catalogue operation, named as in the official SDK.
//! Generated once from shared/sdk/operations.tsv; `tests/components.rs` checks every operation has one.

#![allow(dead_code)] // the domain pages that use them come one by one

use hilens_model::*;

use super::{call, ApiError};

/// `create_task`: 创建作业 (POST /v3/{project_id}/ai-mgr/deployments/{deployment_id}/tasks).
pub async fn create_task(
    project_id: &str,
    deployment_id: &str,
    body: &tasks::TaskRequest,
) -> Result<tasks::TaskId, ApiError> {
    call("create_task", &[("project_id", project_id), ("deployment_id", deployment_id)], &[], Some(body), &[]).await
}

/// `delete_task`: 删除作业 (DELETE /v3/{project_id}/ai-mgr/deployments/{deployment_id}/tasks/{task_id}).
pub async fn delete_task(project_id: &str, deployment_id: &str, task_id: &str) -> Result<tasks::TaskId, ApiError> {
    call(
        "delete_task",
        &[("project_id", project_id), ("deployment_id", deployment_id), ("task_id", task_id)],
        &[],
        None::<&()>,
        &[],
    )
    .await
}

/// `list_tasks`: 查询作业列表 (GET /v3/{project_id}/ai-mgr/deployments/{deployment_id}/tasks).
pub async fn list_tasks(
    project_id: &str,
    deployment_id: &str,
    query: &[(&str, String)],
) -> Result<tasks::TaskList, ApiError> {
    call("list_tasks", &[("project_id", project_id), ("deployment_id", deployment_id)], query, None::<&()>, &[]).await
}

/// `show_task`: 查询作业详情 (GET /v3/{project_id}/ai-mgr/deployments/{deployment_id}/tasks/{task_id}).
pub async fn show_task(project_id: &str, deployment_id: &str, task_id: &str) -> Result<tasks::TaskInfo, ApiError> {
    call(
        "show_task",
        &[("project_id", project_id), ("deployment_id", deployment_id), ("task_id", task_id)],
        &[],
        None::<&()>,
        &[],
    )
    .await
}

/// `update_task`: 编辑作业 (POST /v3/{project_id}/ai-mgr/deployments/{deployment_id}/task/{task_id}).
pub async fn update_task(
    project_id: &str,
    deployment_id: &str,
    task_id: &str,
    body: &tasks::TaskRequest,
) -> Result<tasks::TaskId, ApiError> {
    call(
        "update_task",
        &[("project_id", project_id), ("deployment_id", deployment_id), ("task_id", task_id)],
        &[],
        Some(body),
        &[],
    )
    .await
}
