//! App deployments and their pods: one function per catalogue operation, named as in the official SDK.
//! Each is typed by the model: its query, its body and its answer.

use hilens_model::OperationId as Op;
use hilens_model::*;

use super::{ApiError, Call};

/// `add_deployment_nodes`: 批量部署 (PUT /v3/{project_id}/ai-mgr/deployments/{deployment_id}/nodes).
pub async fn add_deployment_nodes(
    deployment_id: &str,
    query: &common::ProviderQuery,
    body: &deployments::AddNodesRequest,
) -> Result<deployments::Deployment, ApiError> {
    Call::new(Op::AddDeploymentNodes).param("deployment_id", deployment_id).query(query).body(body).send().await
}

/// `create_deployment`: 创建应用部署 (POST /v3/{project_id}/ai-mgr/deployments).
pub async fn create_deployment(
    query: &common::ProviderQuery,
    body: &deployments::CreateDeploymentRequest,
    expired_minutes: Option<i64>,
) -> Result<deployments::Deployment, ApiError> {
    Call::new(Op::CreateDeployment).query(query).body(body).expired_minutes(expired_minutes).send().await
}

/// `delete_deployment`: 删除应用部署 (DELETE /v3/{project_id}/ai-mgr/deployments/{deployment_id}).
pub async fn delete_deployment(
    deployment_id: &str,
    query: &common::DeleteQuery,
    expired_minutes: Option<i64>,
) -> Result<deployments::DeploymentId, ApiError> {
    Call::new(Op::DeleteDeployment)
        .param("deployment_id", deployment_id)
        .query(query)
        .expired_minutes(expired_minutes)
        .send()
        .await
}

/// `delete_pod`: 删除应用实例 (DELETE /v3/{project_id}/ai-mgr/deployments/{deployment_id}/{pod_id}).
pub async fn delete_pod(
    deployment_id: &str,
    pod_id: &str,
    query: &common::ForceDeleteQuery,
) -> Result<deployments::PodId, ApiError> {
    Call::new(Op::DeletePod).param("deployment_id", deployment_id).param("pod_id", pod_id).query(query).send().await
}

/// `show_deployment`: 查询应用部署详情 (GET /v3/{project_id}/ai-mgr/deployments/{deployment_id}).
pub async fn show_deployment(
    deployment_id: &str,
    query: &common::ProviderQuery,
) -> Result<deployments::Deployment, ApiError> {
    Call::new(Op::ShowDeployment).param("deployment_id", deployment_id).query(query).send().await
}

/// `show_deployment_pods`: 查询应用实例列表 (GET /v3/{project_id}/ai-mgr/pods).
pub async fn show_deployment_pods(query: &deployments::PodListQuery) -> Result<deployments::PodList, ApiError> {
    Call::new(Op::ShowDeploymentPods).query(query).send().await
}

/// `show_deployment_pods` read for a fleet summary: each instance's [`deployments::PodSummary`].
pub async fn show_pod_summaries(
    query: &deployments::PodListQuery,
) -> Result<deployments::PodList<deployments::PodSummary>, ApiError> {
    Call::new(Op::ShowDeploymentPods).query(query).send().await
}

/// `show_deployments`: 查询应用部署列表 (GET /v3/{project_id}/ai-mgr/deployments).
pub async fn show_deployments(
    query: &deployments::DeploymentListQuery,
) -> Result<deployments::DeploymentList, ApiError> {
    Call::new(Op::ShowDeployments).query(query).send().await
}

/// `show_deployments` read for a fleet summary: each deployment's
/// [`deployments::DeploymentSummary`], the templates skipped.
pub async fn show_deployment_summaries(
    query: &deployments::DeploymentListQuery,
) -> Result<deployments::DeploymentList<deployments::DeploymentSummary>, ApiError> {
    Call::new(Op::ShowDeployments).query(query).send().await
}

/// `start_and_stop_deployment`: 暂停、继续部署负载 (POST /v3/{project_id}/ai-mgr/deployments/{deployment_id}/action/{action}).
pub async fn start_and_stop_deployment(
    deployment_id: &str,
    action: &str,
) -> Result<deployments::DeploymentId, ApiError> {
    Call::new(Op::StartAndStopDeployment).param("deployment_id", deployment_id).param("action", action).send().await
}

/// `start_and_stop_deployment_pod`: 启动/停止部署下的指定实例 (POST /v3/{project_id}/ai-mgr/deployments/{deployment_id}/{pod_id}/action/{action}).
pub async fn start_and_stop_deployment_pod(
    deployment_id: &str,
    pod_id: &str,
    action: &str,
) -> Result<deployments::PodId, ApiError> {
    Call::new(Op::StartAndStopDeploymentPod)
        .param("deployment_id", deployment_id)
        .param("pod_id", pod_id)
        .param("action", action)
        .send()
        .await
}

/// `update_deployment`: 更新应用部署 (PUT /v3/{project_id}/ai-mgr/deployments/{deployment_id}).
pub async fn update_deployment(
    deployment_id: &str,
    query: &common::ProviderQuery,
    body: &deployments::UpdateDeploymentRequest,
    expired_minutes: Option<i64>,
) -> Result<deployments::Deployment, ApiError> {
    Call::new(Op::UpdateDeployment)
        .param("deployment_id", deployment_id)
        .query(query)
        .body(body)
        .expired_minutes(expired_minutes)
        .send()
        .await
}

/// `update_deployment_using_patch`: 部分更新应用部署 (PATCH /v3/{project_id}/ai-mgr/deployments/{deployment_id}).
pub async fn update_deployment_using_patch(
    deployment_id: &str,
    body: &deployments::PatchDeploymentRequest,
) -> Result<deployments::Deployment, ApiError> {
    Call::new(Op::UpdateDeploymentUsingPatch).param("deployment_id", deployment_id).body(body).send().await
}
