//! The HiLens calls roll-outs make (planning reads with the caller's credentials; the driver's
//! moves with the roll-out's authority): the catalogue's operations, sent to the upstream with
//! an IAM token or signed with the service key, read into the model's types.

use axum::body::Bytes;
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use hilens_model::deployments::{Deployment, DeploymentList, Pod, PodList};
use hilens_model::error::ApiError;
use hilens_model::nodes::{Node, NodeList};
use hilens_model::orders::{SkillOrderInfo, SkillOrderList};
use hilens_model::tasks::TaskList;
use hilens_model::workspaces::WorkspaceList;
use hilens_model::{Operation, OperationId};
use serde::de::DeserializeOwned;

use crate::upstream::{Outgoing, Service};
use crate::Proxy;

const USER_AGENT: &str = concat!("hilens-proxy/", env!("CARGO_PKG_VERSION"), " rollouts");
const X_AUTH_TOKEN: HeaderName = HeaderName::from_static("x-auth-token");
/// The largest page the lists take.
const PAGE: u32 = 100;

/// Whose credentials a call carries.
#[derive(Clone)]
pub enum Creds {
    /// The service's AK/SK (service modes).
    Service,
    /// An IAM user's token (`iam` mode).
    Token(HeaderValue),
}

/// Why a call did not give what was asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// HiLens answered with an error.
    Refused { status: u16, code: String, message: String },
    /// No answer, or one that does not read (a timeout, a dead upstream, a gateway).
    Unreachable(String),
}

impl Failure {
    /// A refusal that asking again will not change (a rule, a missing resource, a conflict, a
    /// permission); throttling and the upstream's own failures may pass.
    pub fn is_final(&self) -> bool {
        matches!(self, Failure::Refused { status, .. } if matches!(*status, 400 | 403 | 404 | 405 | 409 | 413))
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            Failure::Refused { status, .. } => Some(*status),
            Failure::Unreachable(_) => None,
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Refused { status, code, message } => write!(f, "HiLens answered {status} {code}: {message}"),
            Failure::Unreachable(why) => write!(f, "HiLens did not answer: {why}"),
        }
    }
}

/// One caller's (or one roll-out's) view of HiLens.
pub struct HiLens<'a> {
    pub proxy: &'a Proxy,
    pub creds: Creds,
    pub project: String,
    /// The `X-Language` of HiLens' messages.
    pub lang: hilens_model::Lang,
}

/// A call's operation, path parameters, query and body, as the audit log records it.
pub struct Sent<'a> {
    pub op: OperationId,
    pub params: &'a [(&'a str, &'a str)],
    pub query: &'a [(&'a str, String)],
    pub body: Option<Vec<u8>>,
}

impl HiLens<'_> {
    /// Sends one operation; the status and body of HiLens' answer.
    pub async fn send(&self, sent: &Sent<'_>) -> Result<(StatusCode, Bytes), Failure> {
        let op = Operation::get(sent.op);
        let mut params = vec![("project_id", self.project.as_str())];
        params.extend_from_slice(sent.params);
        let mut path = op.build_path(&params);
        if !sent.query.is_empty() {
            let pairs: Vec<(String, String)> = sent.query.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
            path.push('?');
            path.push_str(&hilens_model::query::build_query(&pairs));
        }
        let method = Method::from_bytes(op.method.as_str().as_bytes()).unwrap_or(Method::GET);
        let mut out = Outgoing {
            service: Service::HiLens,
            method,
            path_and_query: path,
            headers: vec![
                (header::CONTENT_TYPE, HeaderValue::from_static("application/json")),
                (header::USER_AGENT, HeaderValue::from_static(USER_AGENT)),
                (crate::reply::X_LANGUAGE, HeaderValue::from_static(self.lang.header_value())),
            ],
            body: sent.body.clone().map(Bytes::from).unwrap_or_default(),
        };
        match &self.creds {
            Creds::Token(token) => out.headers.push((X_AUTH_TOKEN, token.clone())),
            Creds::Service => {
                let Some(key) = &self.proxy.config.service_key else {
                    return Err(Failure::Unreachable("no service credentials".into()));
                };
                let host = self.proxy.config.upstream.host(Service::HiLens).unwrap_or_default();
                key.sign(&mut out, &host, hilens_emulator::clock::now_secs());
            }
        }
        let answer = self.proxy.config.upstream.send(out).await.map_err(|e| Failure::Unreachable(format!("{e:?}")))?;
        Ok((answer.status, answer.body))
    }

    /// [`send`](Self::send), a success read as `T`, an error as [`Failure::Refused`].
    pub async fn call<T: DeserializeOwned>(&self, sent: &Sent<'_>) -> Result<T, Failure> {
        let (status, body) = self.send(sent).await?;
        read(status, &body)
    }

    fn get<'a>(&self, op: OperationId, params: &'a [(&'a str, &'a str)], query: &'a [(&'a str, String)]) -> Sent<'a> {
        Sent { op, params, query, body: None }
    }

    /// The deployment, or `None` when there is none.
    pub async fn deployment(&self, id: &str) -> Result<Option<Deployment>, Failure> {
        absent_is_none(self.call(&self.get(OperationId::ShowDeployment, &[("deployment_id", id)], &[])).await)
    }

    /// Every instance of the deployment.
    pub async fn pods(&self, deployment: &str) -> Result<Vec<Pod>, Failure> {
        let mut pods = Vec::new();
        loop {
            let query = [
                ("deployment_id", deployment.to_string()),
                ("limit", PAGE.to_string()),
                ("offset", pods.len().to_string()),
            ];
            let page: PodList = self.call(&self.get(OperationId::ShowDeploymentPods, &[], &query)).await?;
            let done = page.pods.len() < PAGE as usize || pods.len() + page.pods.len() >= page.count as usize;
            pods.extend(page.pods);
            if done {
                return Ok(pods);
            }
        }
    }

    /// Deployments whose name contains `fragment`: `(id, name)`.
    pub async fn deployments_named(&self, fragment: &str) -> Result<Vec<(String, String)>, Failure> {
        let mut found = Vec::new();
        let mut offset = 0;
        loop {
            let query = [("name", fragment.to_string()), ("limit", PAGE.to_string()), ("offset", offset.to_string())];
            let page: DeploymentList = self.call(&self.get(OperationId::ShowDeployments, &[], &query)).await?;
            let n = page.deployments.len();
            found.extend(page.deployments.into_iter().map(|d| (d.id, d.name)));
            offset += n;
            if n < PAGE as usize || offset >= page.count as usize {
                return Ok(found);
            }
        }
    }

    /// How many jobs the deployment has.
    pub async fn job_count(&self, deployment: &str) -> Result<u64, Failure> {
        let list: TaskList =
            self.call(&self.get(OperationId::ListTasks, &[("deployment_id", deployment)], &[])).await?;
        Ok(list.count.max(list.tasks.len() as u64))
    }

    /// The project's workspace ids.
    pub async fn workspaces(&self) -> Result<Vec<String>, Failure> {
        let mut ids = Vec::new();
        loop {
            let query = [("limit", PAGE.to_string()), ("offset", ids.len().to_string())];
            let page: WorkspaceList = self.call(&self.get(OperationId::ListWorkSpaces, &[], &query)).await?;
            let n = page.workspaces.len();
            ids.extend(page.workspaces.into_iter().map(|w| w.workspace_id));
            if n < PAGE as usize || ids.len() >= page.count as usize {
                return Ok(ids);
            }
        }
    }

    /// One page of a workspace's devices (those carrying any of `tags`, when given).
    pub async fn nodes_page(
        &self,
        workspace: &str,
        tags: Option<&str>,
        offset: usize,
    ) -> Result<NodeList<Node>, Failure> {
        let mut query =
            vec![("workspace_id", workspace.to_string()), ("limit", PAGE.to_string()), ("offset", offset.to_string())];
        if let Some(t) = tags {
            query.push(("tags", t.to_string()));
        }
        self.call(&self.get(OperationId::ShowNodes, &[], &query)).await
    }

    /// One device, or `None` when there is none.
    pub async fn node(&self, id: &str) -> Result<Option<Node>, Failure> {
        absent_is_none(self.call(&self.get(OperationId::ShowNode, &[("node_id", id)], &[])).await)
    }

    /// One skill order, or `None` when there is none.
    pub async fn order(&self, id: &str) -> Result<Option<SkillOrderInfo>, Failure> {
        absent_is_none(self.call(&self.get(OperationId::ShowSkillOrderInfo, &[("order_id", id)], &[])).await)
    }

    /// The orders of the skill named `skill`.
    pub async fn orders_of(&self, skill: &str) -> Result<Vec<SkillOrderInfo>, Failure> {
        let query = [("skill_name", skill.to_string()), ("limit", "100".to_string())];
        let list: SkillOrderList = self.call(&self.get(OperationId::ShowSkillOrderList, &[], &query)).await?;
        Ok(list.data)
    }
}

/// A success read as `T`; an error as [`Failure::Refused`] with HiLens' code and message.
pub fn read<T: DeserializeOwned>(status: StatusCode, body: &[u8]) -> Result<T, Failure> {
    if status.is_success() {
        return serde_json::from_slice(body)
            .map_err(|e| Failure::Unreachable(format!("an answer that does not read: {e}")));
    }
    let err: Option<ApiError> = serde_json::from_slice(body).ok();
    Err(Failure::Refused {
        status: status.as_u16(),
        code: err.as_ref().map(|e| e.error_code.clone()).unwrap_or_default(),
        message: err.map(|e| e.error_msg).unwrap_or_else(|| String::from_utf8_lossy(body).chars().take(200).collect()),
    })
}

fn absent_is_none<T>(result: Result<T, Failure>) -> Result<Option<T>, Failure> {
    match result {
        Ok(v) => Ok(Some(v)),
        Err(Failure::Refused { status: 404, .. }) => Ok(None),
        Err(e) => Err(e),
    }
}
