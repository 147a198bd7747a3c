//! App deployments and their pods: one function per catalogue operation, named as in the official SDK.
//! Generated once from shared/sdk/operations.tsv; `tests/components.rs` checks every operation has one.

#![allow(dead_code)] // the domain pages that use them come one by one

use hilens_model::*;

use super::{call, ApiError};

/// `add_deployment_nodes`: 批量部署 (PUT /v3/{project_id}/ai-mgr/deployments/{deployment_id}/nodes).
pub async fn add_deployment_nodes(
    project_id: &str,
    deployment_id: &str,
    query: &[(&str, String)],
    body: &deployments::AddNodesRequest,
) -> Result<deployments::Deployment, ApiError> {
    call(
        "add_deployment_nodes",
        &[("project_id", project_id), ("deployment_id", deployment_id)],
        query,
        Some(body),
        &[],
    )
    .await
}

/// `create_deployment`: 创建应用部署 (POST /v3/{project_id}/ai-mgr/deployments).
pub async fn create_deployment(
    project_id: &str,
    query: &[(&str, String)],
    expired_minutes: Option<i64>,
    body: &deployments::CreateDeploymentRequest,
) -> Result<deployments::Deployment, ApiError> {
    call(
        "create_deployment",
        &[("project_id", project_id)],
        query,
        Some(body),
        &expired_minutes.map(|m| ("X-Expired-Time", m.to_string())).into_iter().collect::<Vec<_>>(),
    )
    .await
}

/// `delete_deployment`: 删除应用部署 (DELETE /v3/{project_id}/ai-mgr/deployments/{deployment_id}).
pub async fn delete_deployment(
    project_id: &str,
    deployment_id: &str,
    query: &[(&str, String)],
    expired_minutes: Option<i64>,
) -> Result<deployments::DeploymentId, ApiError> {
    call(
        "delete_deployment",
        &[("project_id", project_id), ("deployment_id", deployment_id)],
        query,
        None::<&()>,
        &expired_minutes.map(|m| ("X-Expired-Time", m.to_string())).into_iter().collect::<Vec<_>>(),
    )
    .await
}

/// `delete_pod`: 删除应用实例 (DELETE /v3/{project_id}/ai-mgr/deployments/{deployment_id}/{pod_id}).
pub async fn delete_pod(
    project_id: &str,
    deployment_id: &str,
    pod_id: &str,
    query: &[(&str, String)],
) -> Result<deployments::PodId, ApiError> {
    call(
        "delete_pod",
        &[("project_id", project_id), ("deployment_id", deployment_id), ("pod_id", pod_id)],
        query,
        None::<&()>,
        &[],
    )
    .await
}

/// `show_deployment`: 查询应用部署详情 (GET /v3/{project_id}/ai-mgr/deployments/{deployment_id}).
pub async fn show_deployment(
    project_id: &str,
    deployment_id: &str,
    query: &[(&str, String)],
) -> Result<deployments::Deployment, ApiError> {
    call("show_deployment", &[("project_id", project_id), ("deployment_id", deployment_id)], query, None::<&()>, &[])
        .await
}

/// `show_deployment_pods`: 查询应用实例列表 (GET /v3/{project_id}/ai-mgr/pods).
pub async fn show_deployment_pods(
    project_id: &str,
    query: &[(&str, String)],
) -> Result<deployments::PodList, ApiError> {
    call("show_deployment_pods", &[("project_id", project_id)], query, None::<&()>, &[]).await
}

/// `show_deployments`: 查询应用部署列表 (GET /v3/{project_id}/ai-mgr/deployments).
pub async fn show_deployments(
    project_id: &str,
    query: &[(&str, String)],
) -> Result<deployments::DeploymentList, ApiError> {
    call("show_deployments", &[("project_id", project_id)], query, None::<&()>, &[]).await
}

/// `start_and_stop_deployment`: 暂停、继续部署负载 (POST /v3/{project_id}/ai-mgr/deployments/{deployment_id}/action/{action}).
pub async fn start_and_stop_deployment(
    project_id: &str,
    deployment_id: &str,
    action: &str,
) -> Result<deployments::DeploymentId, ApiError> {
    call(
        "start_and_stop_deployment",
        &[("project_id", project_id), ("deployment_id", deployment_id), ("action", action)],
        &[],
        None::<&()>,
        &[],
    )
    .await
}

/// `start_and_stop_deployment_pod`: 启动/停止部署下的指定实例 (POST /v3/{project_id}/ai-mgr/deployments/{deployment_id}/{pod_id}/action/{action}).
pub async fn start_and_stop_deployment_pod(
    project_id: &str,
    deployment_id: &str,
    pod_id: &str,
    action: &str,
) -> Result<deployments::PodId, ApiError> {
    call(
        "start_and_stop_deployment_pod",
        &[("project_id", project_id), ("deployment_id", deployment_id), ("pod_id", pod_id), ("action", action)],
        &[],
        None::<&()>,
        &[],
    )
    .await
}

/// `update_deployment`: 更新应用部署 (PUT /v3/{project_id}/ai-mgr/deployments/{deployment_id}).
pub async fn update_deployment(
    project_id: &str,
    deployment_id: &str,
    query: &[(&str, String)],
    expired_minutes: Option<i64>,
    body: &deployments::UpdateDeploymentRequest,
) -> Result<deployments::Deployment, ApiError> {
    call(
        "update_deployment",
        &[("project_id", project_id), ("deployment_id", deployment_id)],
        query,
        Some(body),
        &expired_minutes.map(|m| ("X-Expired-Time", m.to_string())).into_iter().collect::<Vec<_>>(),
    )
    .await
}

/// `update_deployment_using_patch`: 部分更新应用部署 (PATCH /v3/{project_id}/ai-mgr/deployments/{deployment_id}).
pub async fn update_deployment_using_patch(
    project_id: &str,
    deployment_id: &str,
    body: &deployments::PatchDeploymentRequest,
) -> Result<deployments::Deployment, ApiError> {
    call(
        "update_deployment_using_patch",
        &[("project_id", project_id), ("deployment_id", deployment_id)],
        &[],
        Some(body),
        &[],
    )
    .await
}
