//! App deployments (reference 5.3): what runs on which devices. `create_deployment`,
//! `show_deployments`, `show_deployment`, `update_deployment` (PUT, a full replacement of the
//! template), `update_deployment_using_patch` (PATCH: env changes and a skill version),
//! `delete_deployment`, `add_deployment_nodes`, `start_and_stop_deployment`, and the pods
//! (one per target device): `show_deployment_pods`, `delete_pod`, `start_and_stop_deployment_pod`.
//!
//! Every field rule of the template lives in `rules.rs`, each failure naming its path from the body's
//! root (`deployment.template.apps[0].envs[2].name`), so the console's editor and the emulator
//! say the same thing.

use serde::{Deserialize, Serialize};

use crate::lenient;
use crate::tags::Tag;

mod query;
mod rules;
#[cfg(test)]
mod tests;

pub use query::{DeploymentListQuery, PodListQuery};
pub use rules::*;

pub const DEFAULT_LIMIT: u32 = 10;
pub const PODS_DEFAULT_LIMIT: u32 = 100;
/// `source`: the HiLens market, AI Gallery, user-defined, or a skill project.
pub const SOURCES: &[&str] = &["hlm", "aig", "userdefined", "skill"];
pub const RESTART_POLICIES: &[&str] = &["Always", "OnFailure", "Never"];
pub const OPERATORS: &[&str] = &["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"];
pub const VOLUME_TYPES: &[&str] = &["configMap", "secret", "emptyDir", "hostPath"];
pub const EMPTY_DIR_MEDIA: &[&str] = &["disk", "memory"];
pub const NPU_TYPES: &[&str] = &["D310", "D910"];
pub const SCHEMES: &[&str] = &["HTTP", "HTTPS"];
/// `action` of `start_and_stop_deployment` and `start_and_stop_deployment_pod`.
pub const ACTIONS: &[&str] = &["pause", "resume"];
/// The only `field_path` an env may reference.
pub const FIELD_PATH_HOST_IP: &str = "status.hostIP";
/// Characters that `args`, `command` and descriptions may not contain.
const COMMAND_FORBIDDEN: &str = "^#~$%&*<>()'\"[]{}";
const PROBE_COMMAND_FORBIDDEN: &str = "^#~$%&*<>(){}";
/// At most this many devices per deployment call (the batch limit of device registration).
pub const MAX_NODES: usize = 100_000;

/// `deployment_state`s the emulator uses (the reference lists more).
pub const STATE_CREATING: &str = "CREATING";
pub const STATE_RUNNING: &str = "RUNNING";
pub const STATE_PAUSED: &str = "HIBERNATED";
pub const STATE_FAILED: &str = "FAILED";
/// A pod's status when it has failed.
pub const POD_FAILED: &str = "Failed";

/// How a deployment is doing, as every page shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Health {
    Paused,
    Creating,
    /// Running, with fewer instances ready than wanted.
    Degraded {
        ready: i64,
        desired: i64,
    },
    Running,
    Failed,
    /// A state this project does not know (shown as the API says it).
    Other,
}

/// The healths a console address can filter by (`/deployments?health=degraded`), in the order
/// an overview shows them.
pub const HEALTH_KEYS: &[&str] = &["running", "degraded", "paused", "failed", "creating"];

impl Health {
    /// Its name in [`HEALTH_KEYS`] (`other` for a state this project does not know).
    pub fn key(self) -> &'static str {
        match self {
            Health::Running => "running",
            Health::Degraded { .. } => "degraded",
            Health::Paused => "paused",
            Health::Failed => "failed",
            Health::Creating => "creating",
            Health::Other => "other",
        }
    }
}

/// A deployment's health from its state, its ready and wanted instances and, where a page has
/// read them, its instances' statuses. The first rule that holds decides: HIBERNATED is
/// Paused; CREATING is Creating; RUNNING with fewer ready than wanted is Degraded; RUNNING is
/// Running; FAILED, or every instance Failed, is Failed.
pub fn health(state: &str, ready: i64, desired: i64, pods: Option<&[&str]>) -> Health {
    let all_failed = pods.is_some_and(|p| !p.is_empty() && p.iter().all(|s| *s == POD_FAILED));
    match state {
        STATE_PAUSED => Health::Paused,
        STATE_CREATING => Health::Creating,
        STATE_RUNNING if ready < desired => Health::Degraded { ready, desired },
        STATE_RUNNING => Health::Running,
        _ if state == STATE_FAILED || all_failed => Health::Failed,
        _ => Health::Other,
    }
}

// ---------------------------------------------------------------------------------------------
// The template.

/// One rule of node or pod affinity.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MatchExpression {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    pub values: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PodAffinity {
    pub node_affinity: Vec<MatchExpression>,
    pub pod_affinity: Vec<MatchExpression>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PodConfig {
    #[serde(deserialize_with = "lenient::bool")]
    pub host_network: bool,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient::opt_bool")]
    pub host_pid: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient::opt_bool")]
    pub migration: Option<bool>,
    pub restart_policy: String,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient::opt_int")]
    pub toleration_seconds: Option<i64>,
}

/// A config map or secret entry an env takes its value from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct KeyRef {
    pub name: String,
    pub key: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ValueFrom {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub configmap: Option<KeyRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<KeyRef>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Env {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_from: Option<ValueFrom>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field_path: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct HostPortRange {
    #[serde(deserialize_with = "lenient::int")]
    pub max_port: i64,
    #[serde(deserialize_with = "lenient::int")]
    pub min_port: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PortMapping {
    #[serde(deserialize_with = "lenient::int")]
    pub container_port: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host_ip: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient::opt_int")]
    pub host_port: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host_port_range: Option<HostPortRange>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Exec {
    pub command: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct HttpGet {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    pub path: String,
    #[serde(deserialize_with = "lenient::int")]
    pub port: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Probe {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exec: Option<Exec>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_get: Option<HttpGet>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient::opt_int")]
    pub initial_delay_seconds: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient::opt_int")]
    pub timeout_seconds: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Volume {
    pub name: String,
    #[serde(rename = "type")]
    pub volume_type: String,
    pub source: String,
    pub destination: String,
    #[serde(deserialize_with = "lenient::bool")]
    pub read_only: bool,
    /// The reference describes `key` as the volume type again; kept as given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

/// Quantities as text, as on the wire (`"cpu": "0.25"`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Res {
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient::opt_text")]
    pub cpu: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient::opt_text")]
    pub gpu: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient::opt_text")]
    pub memory: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient::opt_text")]
    pub npu: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limits: Option<Res>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requests: Option<Res>,
}

/// One app (container or package) of a deployment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AppDef {
    pub name: String,
    pub app_url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_order_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient::opt_int")]
    pub channel_limit: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient::opt_int")]
    pub channel_upper_limit: Option<i64>,
    pub args: Vec<String>,
    pub command: Vec<String>,
    pub envs: Vec<Env>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient::opt_bool")]
    pub is_modelbox: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub liveness_probe: Option<Probe>,
    pub msgs: Vec<Env>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub npu_type: Option<String>,
    pub ports: Vec<PortMapping>,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient::opt_bool")]
    pub privileged: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub readiness_probe: Option<Probe>,
    pub resources: ResRequest,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    pub volumes: Vec<Volume>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_resources: Option<ResRequest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel_resources: Option<ResRequest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skill_project_id: Option<String>,
}

/// The template of a request (`PodRequest`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PodRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub affinity: Option<PodAffinity>,
    pub apps: Vec<AppDef>,
    pub configs: PodConfig,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub init_containers: Option<Vec<AppDef>>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeploymentRequest {
    #[serde(deserialize_with = "lenient::int")]
    pub replicas: i64,
    pub template: PodRequest,
}

// ---------------------------------------------------------------------------------------------
// Requests.

/// `create_deployment`'s body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateDeploymentRequest {
    pub name: String,
    pub source: String,
    pub deployment: DeploymentRequest,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_ids: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::opt_int")]
    pub license_quota: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub svc_order_id: Option<String>,
    #[serde(default)]
    pub tags: Vec<Tag>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_tags: Option<Vec<Tag>>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::opt_int")]
    pub node_num: Option<i64>,
}

/// `update_deployment`'s body: a new template, a new description, new tags; any of them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UpdateDeploymentRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deployment: Option<DeploymentRequest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Patch {
    pub envs: Vec<Env>,
}

/// `update_deployment_using_patch`'s body: envs to set on every app (by name), and a skill
/// version to move every app to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PatchDeploymentRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub patch: Option<Patch>,
}

/// `add_deployment_nodes`' body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddNodesRequest {
    pub deployment_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_ids: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_tags: Option<Vec<Tag>>,
    #[serde(deserialize_with = "lenient::int")]
    pub node_num: i64,
}

// ---------------------------------------------------------------------------------------------
// Answers.

/// What a deployment's `template` shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeploymentTemplate {
    pub configs: PodConfig,
    pub apps: Vec<AppDef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub affinity: Option<PodAffinity>,
    /// The request's init containers, kept and shown as they were sent (the reference's answer
    /// tables omit them; it marks them "reserved, not supported yet"), so an edit or a
    /// roll-out that starts from the answer carries them over.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub init_containers: Option<Vec<AppDef>>,
}

/// What a deployment can take values or files from: a config map or a secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    ConfigMap,
    Secret,
}

impl DeploymentTemplate {
    /// The template a create or update request gives.
    pub fn of_request(t: &PodRequest) -> DeploymentTemplate {
        DeploymentTemplate {
            configs: t.configs.clone(),
            apps: t.apps.clone(),
            affinity: t.affinity.clone(),
            init_containers: t.init_containers.clone(),
        }
    }

    /// The most streams a job of this deployment may have: its apps' smallest channel limit,
    /// when one sets it.
    pub fn channel_limit(&self) -> Option<i64> {
        self.apps.iter().filter_map(|a| a.channel_limit).min()
    }

    /// Whether an app's env or volume names the config map or secret `name`.
    pub fn uses(&self, source: Source, name: &str) -> bool {
        let volume_type = match source {
            Source::ConfigMap => "configMap",
            Source::Secret => "secret",
        };
        self.apps.iter().any(|app| {
            let env = app.envs.iter().filter_map(|e| e.value_from.as_ref()).any(|from| {
                let key = match source {
                    Source::ConfigMap => &from.configmap,
                    Source::Secret => &from.secret,
                };
                key.as_ref().is_some_and(|k| k.name == name)
            });
            env || app.volumes.iter().any(|v| v.volume_type == volume_type && v.source == name)
        })
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NodeResult {
    pub node_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
}

/// A deployment as every deployment operation answers it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Deployment {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub source: String,
    pub state: String,
    pub reason: Option<String>,
    #[serde(deserialize_with = "lenient::int")]
    pub replicas: i64,
    #[serde(deserialize_with = "lenient::int")]
    pub ready_replicas: i64,
    #[serde(deserialize_with = "lenient::int")]
    pub node_num: i64,
    pub node_ids: Vec<String>,
    pub cluster_id: Option<String>,
    pub api_version: Option<String>,
    pub project_id: String,
    pub created_at: String,
    pub updated_at: String,
    pub template: DeploymentTemplate,
    pub result: Vec<NodeResult>,
    /// The deployment's tags (not in the reference's answer tables; as requests send them).
    pub tags: Vec<Tag>,
}

impl Deployment {
    /// Its [`health`] (`pods`: its instances' statuses, when read).
    pub fn health(&self, pods: Option<&[&str]>) -> Health {
        health(&self.state, self.ready_replicas, self.replicas, pods)
    }
}

/// `show_deployments`' answer; `DeploymentList<DeploymentSummary>` reads less (see
/// [`crate::nodes::NodeList`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeploymentList<D = Deployment> {
    #[serde(default)]
    pub count: u64,
    #[serde(default = "Vec::new")]
    pub deployments: Vec<D>,
}

/// What a fleet summary reads of a deployment (the console's overview): its fields as in
/// [`Deployment`], the template left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeploymentSummary {
    pub id: String,
    pub name: String,
    pub state: String,
    #[serde(deserialize_with = "lenient::int")]
    pub replicas: i64,
    #[serde(deserialize_with = "lenient::int")]
    pub ready_replicas: i64,
}

impl DeploymentSummary {
    /// Its [`health`] from its state and instance counts.
    pub fn health(&self) -> Health {
        health(&self.state, self.ready_replicas, self.replicas, None)
    }
}

/// `delete_deployment`'s and `start_and_stop_deployment`'s answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeploymentId {
    pub deployment_id: String,
}

/// `delete_pod`'s and `start_and_stop_deployment_pod`'s answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PodId {
    pub pod_id: String,
}

/// A pod: the deployment's template running on one device.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Pod {
    pub id: String,
    pub name: String,
    pub deployment_id: String,
    pub node_id: String,
    pub project_id: String,
    pub cluster_id: Option<String>,
    /// Pending, Running, Succeeded (paused), Failed, Unknown.
    pub status: String,
    pub reason: Option<String>,
    pub host_ip: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub configs: PodConfig,
    pub apps: Vec<AppDef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub affinity: Option<PodAffinity>,
}

/// `show_deployment_pods`' answer; `PodList<PodSummary>` reads less (see [`crate::nodes::NodeList`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PodList<P = Pod> {
    #[serde(default)]
    pub count: u64,
    #[serde(default = "Vec::new")]
    pub pods: Vec<P>,
}

/// What a fleet summary reads of an instance (the console's overview): its fields as in [`Pod`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PodSummary {
    pub id: String,
    pub deployment_id: String,
    pub node_id: String,
    pub status: String,
}

// ---------------------------------------------------------------------------------------------
// From an answer back to requests (the console's editor edits a deployment as a request).

impl Deployment {
    /// The deployment as the create request that would make it again: what the editor and a
    /// roll-out start from. The answer's `replicas` counts the pods of every device, not the
    /// request's per-device number, so the request's is 1.
    pub fn to_draft(&self) -> CreateDeploymentRequest {
        CreateDeploymentRequest {
            name: self.name.clone(),
            source: self.source.clone(),
            description: self.description.clone().filter(|d| !d.is_empty()),
            cluster_id: self.cluster_id.clone().filter(|c| !c.is_empty()),
            node_ids: (!self.node_ids.is_empty()).then(|| self.node_ids.clone()),
            tags: self.tags.clone(),
            deployment: DeploymentRequest {
                replicas: 1,
                template: PodRequest {
                    affinity: self.template.affinity.clone(),
                    apps: self.template.apps.clone(),
                    configs: self.template.configs.clone(),
                    init_containers: self.template.init_containers.clone(),
                },
            },
            ..Default::default()
        }
    }
}

impl CreateDeploymentRequest {
    /// The full update (`update_deployment`) that gives a deployment this request's template,
    /// description and tags; name, source and targets do not change on an update.
    pub fn to_update(&self) -> UpdateDeploymentRequest {
        UpdateDeploymentRequest {
            deployment: Some(self.deployment.clone()),
            description: Some(self.description.clone().unwrap_or_default()),
            tags: Some(self.tags.clone()),
        }
    }
}
