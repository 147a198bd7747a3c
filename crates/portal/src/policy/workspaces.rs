//! Workspace-limited callers (a user or a binding with `workspaces = [...]`): what each
//! operation may touch, decided before anything is forwarded.
//!
//! - A list with a `workspace_id` parameter shows one of theirs: their first when the query
//!   names none, 403 for another's. The query is forwarded as checked (rebuilt), so a second
//!   `workspace_id`, an encoded key or a key in other case cannot slip past.
//! - A device, config map or secret in another workspace is 403 (not 404; an unknown id is
//!   403 too, so ids cannot be probed); creating one must name one of theirs (no workspace or
//!   another: 403, never defaulted). The proxy looks each resource up (a [`Lookup`]).
//! - Domains without a workspace (deployments, instances, jobs, alarms, orders, firmware,
//!   the basic-console device list) are read-only for them, except deployments whose
//!   `node_ids` (at most 100) all lie in their workspaces; `node_tags` targets are 403.
//! - The workspaces list shows only theirs.
//!
//! Bodies that are checked are forwarded as checked (serialised again from what was read), so
//! a duplicated key cannot mean one thing here and another upstream.

use std::future::Future;

use hilens_model::{OperationId, OperationMatch};
use serde_json::Value;

use super::Denied;
use crate::identity::Grant;

/// The most resources one checked call may name (the API's own limit on `node_ids` and on
/// batch tag resources).
pub const MAX_NAMED: usize = 100;

/// What carries a workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Node,
    ConfigMap,
    Secret,
}

/// The proxy's way to learn where a resource lies (a read upstream with the caller's
/// credentials). `Ok(None)`: there is no such resource.
pub trait Lookup {
    fn workspace_of(&self, kind: Kind, id: &str) -> impl Future<Output = Result<Option<String>, LookupFailed>>;
    fn deployment_nodes(&self, id: &str) -> impl Future<Output = Result<Option<Vec<String>>, LookupFailed>>;
}

/// A lookup that got no clear answer (the upstream failed): the call is not forwarded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LookupFailed;

/// Why a limited caller's call does not go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    Denied(Denied),
    /// The request cannot be checked as sent (a body that is not JSON, a query that does not
    /// decode, too many resources): 400 naming it.
    Invalid(String),
    Lookup(LookupFailed),
}

/// What to forward instead of what was sent, once the call may go.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Scoped {
    /// The query as checked.
    pub query: Option<String>,
    /// The body as checked.
    pub body: Option<Vec<u8>>,
    /// Keep only the caller's workspaces in the answer (`list_work_spaces`).
    pub only_their_workspaces: bool,
}

fn deny(why: String) -> Refused {
    Refused::Denied(Denied::Workspace(why))
}

impl From<LookupFailed> for Refused {
    fn from(e: LookupFailed) -> Refused {
        Refused::Lookup(e)
    }
}

/// Decides a workspace-limited caller's call of `op` (a grant without limits needs nothing:
/// `Ok(Scoped::default())`).
pub async fn scope(
    grant: &Grant,
    op: &OperationMatch,
    query: Option<&str>,
    body: &[u8],
    lookup: &impl Lookup,
) -> Result<Scoped, Refused> {
    let Some(theirs) = grant.workspaces.as_deref() else { return Ok(Scoped::default()) };
    let check = Check { grant, theirs, lookup };
    let param = |name: &str| op.param(name).unwrap_or_default();
    use OperationId as O;
    match op.operation.id {
        // Lists in a workspace.
        O::ShowNodes | O::ListConfigMaps | O::ListSecrets | O::ShowDeploymentPods => {
            Ok(Scoped { query: Some(check.list_query(query)?), ..Scoped::default() })
        }
        O::ListWorkSpaces => Ok(Scoped { only_their_workspaces: true, ..Scoped::default() }),
        O::ShowWorkSpace | O::UpdateWorkSpace | O::DeleteWorkSpace => {
            check.workspace(param("workspace_id"))?;
            Ok(Scoped::default())
        }
        O::CreateWorkSpace => Err(deny("a new workspace would not be one of yours".into())),

        // One device, config map or secret.
        O::ShowNode
        | O::UpdateNode
        | O::DeleteNode
        | O::SwitchNodeConnection
        | O::UpdateNodeCert
        | O::ShowNodeActivationRecords
        | O::UnfreezeNode
        | O::FreezeNode
        | O::ShowUpgradeProgress
        | O::UpdateNodeFirmware => {
            check.resource(Kind::Node, param("node_id")).await?;
            Ok(Scoped::default())
        }
        O::ShowConfigMap | O::DeleteConfigMap => {
            check.resource(Kind::ConfigMap, param("config_map_id")).await?;
            Ok(Scoped::default())
        }
        O::ShowSecret | O::DeleteSecret => {
            check.resource(Kind::Secret, param("secret_id")).await?;
            Ok(Scoped::default())
        }
        O::UpdateConfigMap | O::UpdateSecret => {
            let (kind, id) = match op.operation.id {
                O::UpdateConfigMap => (Kind::ConfigMap, param("config_map_id")),
                _ => (Kind::Secret, param("secret_id")),
            };
            check.resource(kind, id).await?;
            let body = json_body(body)?;
            // A workspace in the body must be theirs too (the API keeps the old one, but a
            // body naming another is not what they may ask for).
            if let Some(w) = body.get("workspace_id").filter(|w| !w.is_null()) {
                check.workspace(w.as_str().unwrap_or_default())?;
            }
            Ok(Scoped { body: Some(canonical(&body)), ..Scoped::default() })
        }

        // Creations name one of theirs.
        O::CreateNode => {
            let body = json_body(body)?;
            check.named_workspace(body.pointer("/node/workspace_id"), "node.workspace_id")?;
            Ok(Scoped { body: Some(canonical(&body)), ..Scoped::default() })
        }
        O::CreateConfigMap | O::CreateSecret => {
            let body = json_body(body)?;
            check.named_workspace(body.get("workspace_id"), "workspace_id")?;
            Ok(Scoped { body: Some(canonical(&body)), ..Scoped::default() })
        }

        // Tags of one resource, and of many devices.
        O::ShowResourceTags | O::CreateResourceTags | O::DeleteResourceTag => {
            let read = op.operation.id == O::ShowResourceTags;
            check.tagged(param("resource_type"), param("resource_id"), read).await?;
            Ok(Scoped::default())
        }
        O::BatchCreateNodeTags => {
            let body = json_body(body)?;
            let resources = body.get("resources").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
            if resources.len() > MAX_NAMED {
                return Err(Refused::Invalid(format!("resources: at most {MAX_NAMED}")));
            }
            for (i, r) in resources.iter().enumerate() {
                let field = |f: &str| r.get(f).and_then(Value::as_str).unwrap_or_default();
                if field("resource_type") != "node" {
                    return Err(deny(format!(
                        "resources[{i}]: only devices of your workspaces can be tagged together"
                    )));
                }
                check.resource(Kind::Node, field("resource_id")).await?;
            }
            Ok(Scoped { body: Some(canonical(&body)), ..Scoped::default() })
        }

        // Deployments: theirs when every device they target is.
        O::CreateDeployment => {
            let body = json_body(body)?;
            check.target_nodes(&body).await?;
            Ok(Scoped { body: Some(canonical(&body)), ..Scoped::default() })
        }
        O::AddDeploymentNodes => {
            check.deployment(param("deployment_id")).await?;
            let body = json_body(body)?;
            check.target_nodes(&body).await?;
            Ok(Scoped { body: Some(canonical(&body)), ..Scoped::default() })
        }
        O::UpdateDeployment | O::UpdateDeploymentUsingPatch | O::StartAndStopDeployment | O::DeleteDeployment => {
            check.deployment(param("deployment_id")).await?;
            Ok(Scoped::default())
        }

        // Reads of domains without a workspace.
        O::ShowDeployments
        | O::ShowDeployment
        | O::ListTasks
        | O::ShowTask
        | O::ListDeviceAlarms
        | O::ListDevices
        | O::ListFirmwares
        | O::ListPlatformManager
        | O::ShowSkillList
        | O::ShowSkillInfo
        | O::ShowSkillOrderList
        | O::ShowSkillOrderInfo
        | O::ListResourceTags => Ok(Scoped::default()),
        // ... and their changes.
        O::StartAndStopDeploymentPod
        | O::DeletePod
        | O::CreateTask
        | O::UpdateTask
        | O::DeleteTask
        | O::CreateOrderForm
        | O::SetDefaultOrderForm => {
            Err(deny(format!("{} is in no workspace: read-only for users limited to workspaces", op.operation.name)))
        }
    }
}

struct Check<'a, L> {
    grant: &'a Grant,
    theirs: &'a [String],
    lookup: &'a L,
}

impl<L: Lookup> Check<'_, L> {
    fn workspace(&self, id: &str) -> Result<(), Refused> {
        if self.grant.in_workspace(id) {
            Ok(())
        } else {
            Err(deny(format!("workspace {id:?} is not one of yours ({})", self.theirs.join(", "))))
        }
    }

    /// A creation's workspace: named, and theirs.
    fn named_workspace(&self, value: Option<&Value>, field: &str) -> Result<(), Refused> {
        match value.and_then(Value::as_str) {
            Some(id) => self.workspace(id),
            None => Err(deny(format!("{field} must name one of your workspaces ({})", self.theirs.join(", ")))),
        }
    }

    async fn resource(&self, kind: Kind, id: &str) -> Result<(), Refused> {
        let what = match kind {
            Kind::Node => "device",
            Kind::ConfigMap => "config map",
            Kind::Secret => "secret",
        };
        match self.lookup.workspace_of(kind, id).await? {
            Some(w) if self.grant.in_workspace(&w) => Ok(()),
            _ => Err(deny(format!("{what} {id:?} is not in one of your workspaces"))),
        }
    }

    /// A deployment is theirs when it targets at most [`MAX_NAMED`] devices, all theirs.
    async fn deployment(&self, id: &str) -> Result<(), Refused> {
        let nodes = self.lookup.deployment_nodes(id).await?.unwrap_or_default();
        if nodes.is_empty() || nodes.len() > MAX_NAMED {
            return Err(deny(format!("deployment {id:?} does not target devices of your workspaces only")));
        }
        for node in &nodes {
            if !matches!(self.lookup.workspace_of(Kind::Node, node).await?, Some(w) if self.grant.in_workspace(&w)) {
                return Err(deny(format!("deployment {id:?} targets devices outside your workspaces")));
            }
        }
        Ok(())
    }

    /// A deployment body's targets: `node_ids` only (no tags, no cluster), each theirs.
    async fn target_nodes(&self, body: &Value) -> Result<(), Refused> {
        let present = |f: &str| body.get(f).is_some_and(|v| !v.is_null());
        if present("node_tags") || present("cluster_id") {
            return Err(deny("node_tags and cluster_id target devices of any workspace: name node_ids".into()));
        }
        let ids = match body.get("node_ids") {
            Some(Value::Array(ids)) => ids,
            _ => return Err(deny("node_ids must name devices of your workspaces".into())),
        };
        if ids.is_empty() || ids.len() > MAX_NAMED {
            return Err(Refused::Invalid(format!("node_ids: 1 to {MAX_NAMED} devices")));
        }
        for id in ids {
            self.resource(Kind::Node, id.as_str().unwrap_or_default()).await?;
        }
        Ok(())
    }

    async fn tagged(&self, resource_type: &str, id: &str, read: bool) -> Result<(), Refused> {
        match resource_type {
            "node" => self.resource(Kind::Node, id).await,
            "configmap" => self.resource(Kind::ConfigMap, id).await,
            "secret" => self.resource(Kind::Secret, id).await,
            // Deployments are readable by all; their tags change with the deployment.
            "deployment" if read => Ok(()),
            "deployment" => self.deployment(id).await,
            other => Err(deny(format!("resource type {other:?} is not in a workspace of yours"))),
        }
    }

    /// The list's query with exactly one `workspace_id`, one of theirs (their first when none
    /// was named), rebuilt from the decoded pairs.
    fn list_query(&self, query: Option<&str>) -> Result<String, Refused> {
        let pairs = hilens_model::query::parse_query(query.unwrap_or_default())
            .map_err(|p| Refused::Invalid(format!("query: {p} does not decode")))?;
        let mut named: Option<String> = None;
        let mut kept = Vec::with_capacity(pairs.len() + 1);
        for (key, value) in pairs {
            if key == "workspace_id" {
                self.workspace(&value)?;
                if named.as_ref().is_some_and(|n| *n != value) {
                    return Err(deny("workspace_id is named twice".into()));
                }
                named = Some(value);
            } else if key.eq_ignore_ascii_case("workspace_id") {
                return Err(deny(format!("{key} is not workspace_id")));
            } else {
                kept.push((key, value));
            }
        }
        let workspace = named.unwrap_or_else(|| self.theirs[0].clone());
        kept.push(("workspace_id".into(), workspace));
        Ok(hilens_model::query::build_query(&kept))
    }
}

fn json_body(body: &[u8]) -> Result<Value, Refused> {
    match serde_json::from_slice::<Value>(body) {
        Ok(v @ Value::Object(_)) => Ok(v),
        _ => Err(Refused::Invalid("body: a JSON object is needed to check its workspaces".into())),
    }
}

fn canonical(body: &Value) -> Vec<u8> {
    serde_json::to_vec(body).unwrap_or_default()
}

/// A `list_work_spaces` answer with only `grant`'s workspaces (and their count); `None` when
/// it is not JSON.
pub fn only_their_workspaces(grant: &Grant, answer: &[u8]) -> Option<Vec<u8>> {
    let mut list: Value = serde_json::from_slice(answer).ok()?;
    let workspaces = list.get_mut("workspaces")?.as_array_mut()?;
    workspaces.retain(|w| w.get("workspace_id").and_then(Value::as_str).is_some_and(|id| grant.in_workspace(id)));
    let count = workspaces.len();
    if let Some(c) = list.get_mut("count") {
        *c = Value::from(count);
    }
    serde_json::to_vec(&list).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use hilens_model::{match_operation, BuiltinRole, Method};
    use std::collections::HashMap;
    use std::sync::Arc;

    /// Where resources lie, as the upstream would say.
    struct Fleet {
        nodes: HashMap<&'static str, &'static str>,
        deployments: HashMap<&'static str, Vec<String>>,
    }

    impl Lookup for Fleet {
        async fn workspace_of(&self, kind: Kind, id: &str) -> Result<Option<String>, LookupFailed> {
            match kind {
                Kind::Node => Ok(self.nodes.get(id).map(|w| w.to_string())),
                _ if id == "broken" => Err(LookupFailed),
                _ => Ok(id.strip_prefix("in-").map(str::to_string)),
            }
        }
        async fn deployment_nodes(&self, id: &str) -> Result<Option<Vec<String>>, LookupFailed> {
            Ok(self.deployments.get(id).cloned())
        }
    }

    fn fleet() -> Fleet {
        Fleet {
            nodes: HashMap::from([("n1", "ws1"), ("n2", "ws1"), ("n3", "ws2")]),
            deployments: HashMap::from([
                ("mine", vec!["n1".to_string(), "n2".to_string()]),
                ("mixed", vec!["n1".to_string(), "n3".to_string()]),
                ("empty", vec![]),
            ]),
        }
    }

    fn limited() -> Grant {
        Grant {
            workspaces: Some(Arc::from(vec!["ws1".to_string(), "ws4".to_string()])),
            ..Grant::builtin(BuiltinRole::Admin)
        }
    }

    async fn decide(method: Method, path: &str, query: Option<&str>, body: &str) -> Result<Scoped, Refused> {
        let op = match_operation(method, &path.replace("{p}", "p0")).unwrap();
        scope(&limited(), &op, query, body.as_bytes(), &fleet()).await
    }

    fn denied(r: Result<Scoped, Refused>) -> String {
        match r {
            Err(Refused::Denied(d)) => d.detail(),
            other => panic!("not denied: {other:?}"),
        }
    }

    fn block_on<F: Future>(f: F) -> F::Output {
        // The lookups here never wait, so one poll finishes them.
        let waker = std::task::Waker::noop();
        let mut cx = std::task::Context::from_waker(waker);
        let mut f = std::pin::pin!(f);
        match f.as_mut().poll(&mut cx) {
            std::task::Poll::Ready(v) => v,
            std::task::Poll::Pending => panic!("a lookup waited"),
        }
    }

    #[test]
    fn lists_show_one_of_theirs_their_first_by_default() {
        let q = |query| block_on(decide(Method::Get, "/v3/{p}/ai-mgr/nodes", query, ""));
        assert_eq!(q(None).unwrap().query.as_deref(), Some("workspace_id=ws1"));
        assert_eq!(q(Some("limit=5&workspace_id=ws4")).unwrap().query.as_deref(), Some("limit=5&workspace_id=ws4"));
        assert_eq!(q(Some("workspace%5Fid=ws4")).unwrap().query.as_deref(), Some("workspace_id=ws4"), "decoded");
        assert!(denied(q(Some("workspace_id=ws2"))).contains("\"ws2\" is not one of yours"));
        assert!(denied(q(Some("workspace_id=ws1&workspace_id=ws2"))).contains("ws2"));
        assert!(denied(q(Some("workspace_id=ws1&workspace_id=ws4"))).contains("twice"));
        assert!(denied(q(Some("Workspace_ID=ws2"))).contains("Workspace_ID"));
        assert!(matches!(q(Some("a=%zz")), Err(Refused::Invalid(_))));
    }

    #[test]
    fn single_resources_elsewhere_or_unknown_are_refused() {
        let d = |m, path: &str| block_on(decide(m, path, None, "{}"));
        assert!(d(Method::Get, "/v3/{p}/ai-mgr/nodes/n1").is_ok());
        assert!(denied(d(Method::Post, "/v3/{p}/ai-mgr/nodes/n3/action/stop")).contains("device \"n3\""));
        assert!(denied(d(Method::Delete, "/v3/{p}/ai-mgr/nodes/nope")).contains("device \"nope\""));
        assert!(d(Method::Get, "/v3/{p}/ai-mgr/configmaps/in-ws4").is_ok());
        assert!(denied(d(Method::Get, "/v3/{p}/ai-mgr/secrets/in-ws2")).contains("secret"));
        assert_eq!(d(Method::Get, "/v3/{p}/ai-mgr/secrets/broken"), Err(Refused::Lookup(LookupFailed)));
        assert!(d(Method::Get, "/v3/{p}/ai-mgr/workspaces/ws4").is_ok());
        assert!(denied(d(Method::Delete, "/v3/{p}/ai-mgr/workspaces/ws2")).contains("ws2"));
        assert!(denied(d(Method::Post, "/v3/{p}/ai-mgr/workspaces")).contains("new workspace"));
        let update =
            block_on(decide(Method::Put, "/v3/{p}/ai-mgr/configmaps/in-ws1", None, r#"{"workspace_id":"ws2"}"#));
        assert!(denied(update).contains("ws2"));
    }

    #[test]
    fn creations_must_name_one_of_theirs() {
        let create = |path: &str, body: &str| block_on(decide(Method::Post, path, None, body));
        let ok = create("/v3/{p}/ai-mgr/nodes", r#"{"node":{"name":"a","workspace_id":"ws4"}}"#).unwrap();
        assert_eq!(ok.body.as_deref(), Some(&br#"{"node":{"name":"a","workspace_id":"ws4"}}"#[..]));
        assert!(
            denied(create("/v3/{p}/ai-mgr/nodes", r#"{"node":{"name":"a"}}"#)).contains("node.workspace_id must name")
        );
        assert!(denied(create("/v3/{p}/ai-mgr/secrets", r#"{"workspace_id":"ws2","secret":{}}"#)).contains("ws2"));
        // A duplicated key is read as the last, and forwarded as read.
        let dup = create("/v3/{p}/ai-mgr/configmaps", r#"{"workspace_id":"ws2","workspace_id":"ws1"}"#).unwrap();
        assert_eq!(dup.body.as_deref(), Some(&br#"{"workspace_id":"ws1"}"#[..]));
        assert!(matches!(create("/v3/{p}/ai-mgr/configmaps", "[1]"), Err(Refused::Invalid(_))));
    }

    #[test]
    fn deployments_are_theirs_when_every_device_is_and_the_rest_is_read_only() {
        let d = |m, path: &str, body: &str| block_on(decide(m, path, None, body));
        assert!(d(Method::Post, "/v3/{p}/ai-mgr/deployments", r#"{"node_ids":["n1","n2"]}"#).is_ok());
        assert!(denied(d(Method::Post, "/v3/{p}/ai-mgr/deployments", r#"{"node_ids":["n1","n3"]}"#)).contains("n3"));
        assert!(denied(d(Method::Post, "/v3/{p}/ai-mgr/deployments", r#"{"node_tags":[{"key":"a"}]}"#))
            .contains("node_tags"));
        let many: Vec<String> = (0..101).map(|_| "n1".to_string()).collect();
        let body = serde_json::json!({ "node_ids": many }).to_string();
        assert!(matches!(d(Method::Post, "/v3/{p}/ai-mgr/deployments", &body), Err(Refused::Invalid(_))));
        assert!(d(Method::Delete, "/v3/{p}/ai-mgr/deployments/mine", "").is_ok());
        assert!(denied(d(Method::Put, "/v3/{p}/ai-mgr/deployments/mixed", "{}")).contains("outside"));
        assert!(denied(d(Method::Post, "/v3/{p}/ai-mgr/deployments/empty/action/stop", "")).contains("empty"));
        assert!(
            denied(d(Method::Put, "/v3/{p}/ai-mgr/deployments/mine/nodes", r#"{"node_ids":["n3"]}"#)).contains("n3")
        );
        assert!(d(Method::Get, "/v3/{p}/ai-mgr/deployments/mixed", "").is_ok(), "reads of deployments are open");
        assert!(denied(d(Method::Delete, "/v3/{p}/ai-mgr/deployments/mine/pod-1", "")).contains("read-only"));
        assert!(denied(d(Method::Post, "/v1/{p}/skill-market/skill-order", "{}")).contains("read-only"));
        let tags = r#"{"resources":[{"resource_type":"node","resource_id":"n1"},{"resource_type":"node","resource_id":"n3"}],"tags":[]}"#;
        assert!(denied(d(Method::Post, "/v3/{p}/tag-mgr/node-tags", tags)).contains("n3"));
        assert!(denied(d(Method::Post, "/v3/{p}/deployment/mixed/tags", "{}")).contains("outside"));
        assert!(d(Method::Get, "/v3/{p}/deployment/mixed/tags", "").is_ok());
    }

    #[test]
    fn the_workspaces_list_shows_only_theirs() {
        let answer =
            br#"{"count":3,"workspaces":[{"workspace_id":"ws1"},{"workspace_id":"ws2"},{"workspace_id":"ws4"}]}"#;
        let out: Value = serde_json::from_slice(&only_their_workspaces(&limited(), answer).unwrap()).unwrap();
        assert_eq!(
            out,
            serde_json::json!({"count": 2, "workspaces": [{"workspace_id": "ws1"}, {"workspace_id": "ws4"}]})
        );
        let everyone = Grant::builtin(BuiltinRole::Viewer);
        let op = match_operation(Method::Get, "/v3/p0/ai-mgr/nodes").unwrap();
        assert_eq!(block_on(scope(&everyone, &op, None, b"", &fleet())), Ok(Scoped::default()));
    }
}
