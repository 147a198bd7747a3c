//! Staged roll-outs (the team portal's `/portal/rollouts`, not HiLens'): a new version (or new
//! envs) of a deployment, or more devices for it, brought to its devices wave by wave, with a
//! health gate after each wave and a pause or an automatic rollback when it trips.
//!
//! HiLens applies a deployment's template to all its devices at once, so a change goes through
//! a second deployment (a deterministic new name, [`new_deployment_name`]) that grows wave by
//! wave while the old one shrinks; adding devices grows the deployment itself. The proxy's
//! driver does the moves; this module is what both sides agree on: the request and its rules
//! ([`RolloutRequest::validate`], [`resolve_waves`]), the roll-out as the API shows it, its
//! states and which action each allows ([`RolloutState::allows`]).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::deployments::Env;
use crate::error::FieldError;
use crate::lenient;
use crate::query::{self, OneOf, Text};
use crate::rules;
use crate::tags::Tag;

mod plan;
#[cfg(test)]
mod tests;

pub use plan::*;

/// `max_failures` when the request gives none: the first failed instance trips the gate.
pub const DEFAULT_MAX_FAILURES: i64 = 1;
/// `wave_timeout_seconds` when the request gives none.
pub const DEFAULT_WAVE_TIMEOUT_SECONDS: i64 = 300;
/// The most waves a plan may have.
pub const MAX_WAVES: usize = 20;
/// The longest soak and wave timeout: a day.
pub const MAX_SECONDS: i64 = 86_400;
/// `on_failure`'s values: stop and wait for a person (the default), or go back by itself.
pub const ON_FAILURE: &[&str] = &["pause", "rollback"];
/// `kind`: a new version and/or envs through a second deployment, or more devices for the
/// deployment itself.
pub const KIND_CHANGE: &str = "change";
pub const KIND_ADD_DEVICES: &str = "add_devices";
/// The most roll-outs one page of `GET /portal/rollouts` holds.
pub const MAX_ROLLOUT_PAGE: u32 = 100;
pub const DEFAULT_ROLLOUT_PAGE: u32 = 20;

// ---------------------------------------------------------------------------------------------
// The request.

/// A wave's cumulative target: how many devices have been reached once it is done, as a count
/// (`5`) or a share of the roll-out's devices rounded up (`"10%"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WaveTarget {
    Count(i64),
    Percent(i64),
    /// Neither a whole number nor `"<n>%"`: kept as sent, so the rule can name it.
    Invalid(String),
}

impl Serialize for WaveTarget {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            WaveTarget::Count(n) => s.serialize_i64(*n),
            WaveTarget::Percent(p) => s.serialize_str(&format!("{p}%")),
            WaveTarget::Invalid(text) => s.serialize_str(text),
        }
    }
}

impl<'de> Deserialize<'de> for WaveTarget {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<WaveTarget, D::Error> {
        Ok(match serde_json::Value::deserialize(d)? {
            serde_json::Value::Number(n) => match n.as_i64() {
                Some(i) => WaveTarget::Count(i),
                None => WaveTarget::Invalid(n.to_string()),
            },
            serde_json::Value::String(s) => WaveTarget::parse(&s),
            other => WaveTarget::Invalid(other.to_string()),
        })
    }
}

impl WaveTarget {
    /// `"10%"`, `"5"` or anything else (kept as [`WaveTarget::Invalid`]).
    pub fn parse(text: &str) -> WaveTarget {
        let t = text.trim();
        let digits = |s: &str| !s.is_empty() && s.len() <= 9 && s.bytes().all(|b| b.is_ascii_digit());
        match t.strip_suffix('%') {
            Some(p) if digits(p.trim()) => WaveTarget::Percent(p.trim().parse().unwrap_or(0)),
            None if digits(t) => WaveTarget::Count(t.parse().unwrap_or(0)),
            _ => WaveTarget::Invalid(text.to_string()),
        }
    }
}

/// `POST /portal/rollouts`: a deployment and either a change (`version` for every app and/or
/// `envs`, as `update_deployment_using_patch`'s `patch.envs`) or devices to add
/// (`add_node_ids` or `add_node_tags`); the waves as cumulative targets; the gate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RolloutRequest {
    #[serde(default)]
    pub deployment_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub envs: Option<Vec<Env>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub add_node_ids: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub add_node_tags: Option<Vec<Tag>>,
    #[serde(default)]
    pub waves: Vec<WaveTarget>,
    #[serde(default, deserialize_with = "lenient::int")]
    pub soak_seconds: i64,
    #[serde(default = "default_max_failures", deserialize_with = "lenient::int")]
    pub max_failures: i64,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::opt_int")]
    pub max_failure_percent: Option<i64>,
    #[serde(default = "default_wave_timeout", deserialize_with = "lenient::int")]
    pub wave_timeout_seconds: i64,
    #[serde(default = "default_on_failure")]
    pub on_failure: String,
}

fn default_max_failures() -> i64 {
    DEFAULT_MAX_FAILURES
}

fn default_wave_timeout() -> i64 {
    DEFAULT_WAVE_TIMEOUT_SECONDS
}

fn default_on_failure() -> String {
    ON_FAILURE[0].to_string()
}

impl Default for RolloutRequest {
    fn default() -> RolloutRequest {
        RolloutRequest {
            deployment_id: String::new(),
            version: None,
            envs: None,
            add_node_ids: None,
            add_node_tags: None,
            waves: Vec::new(),
            soak_seconds: 0,
            max_failures: DEFAULT_MAX_FAILURES,
            max_failure_percent: None,
            wave_timeout_seconds: DEFAULT_WAVE_TIMEOUT_SECONDS,
            on_failure: default_on_failure(),
        }
    }
}

impl RolloutRequest {
    /// What kind of roll-out this is ([`KIND_CHANGE`] or [`KIND_ADD_DEVICES`]).
    pub fn kind(&self) -> &'static str {
        if self.add_node_ids.is_some() || self.add_node_tags.is_some() {
            KIND_ADD_DEVICES
        } else {
            KIND_CHANGE
        }
    }

    /// Whether a failed gate rolls back by itself (else it pauses).
    pub fn rolls_back(&self) -> bool {
        self.on_failure == "rollback"
    }
}

/// `POST /portal/rollouts/{id}/resume`'s optional body: go on with a fixed version (every app
/// of the new deployment moves to it, and the current wave starts its clock again).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResumeRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

impl ResumeRequest {
    pub fn validate(&self) -> Result<(), FieldError> {
        match &self.version {
            Some(v) => crate::deployments::validate_version("version", v),
            None => Ok(()),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The roll-out as the API shows it.

/// Where a roll-out stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RolloutState {
    /// The driver is moving devices forward.
    Running,
    /// Nothing moves until someone resumes, promotes, aborts or rolls back (a tripped gate,
    /// drift, revoked authority, expiring credentials, or a person).
    Paused,
    /// Every device is on the new version (or in the deployment); the old deployment is gone.
    Succeeded,
    /// The driver is moving devices back.
    RollingBack,
    /// Every touched device is back where it was; the new deployment is gone.
    RolledBack,
    /// Stopped by a person: devices stay where they are; only `rollback` is left.
    Aborted,
    /// A step HiLens refused for good; devices stay where they are; only `rollback` is left.
    Failed,
}

/// What a person can ask of a roll-out (`POST /portal/rollouts/{id}/{action}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RolloutAction {
    Pause,
    Resume,
    /// Accept the current wave as it is (its failures, its soak) and go on to the next.
    Promote,
    Abort,
    Rollback,
}

impl RolloutAction {
    pub const ALL: [RolloutAction; 5] = [
        RolloutAction::Pause,
        RolloutAction::Resume,
        RolloutAction::Promote,
        RolloutAction::Abort,
        RolloutAction::Rollback,
    ];

    pub fn name(self) -> &'static str {
        match self {
            RolloutAction::Pause => "pause",
            RolloutAction::Resume => "resume",
            RolloutAction::Promote => "promote",
            RolloutAction::Abort => "abort",
            RolloutAction::Rollback => "rollback",
        }
    }

    /// The audit log's name for it (`pause_rollout`, ...).
    pub fn operation(self) -> &'static str {
        use crate::portal::operation::*;
        match self {
            RolloutAction::Pause => PAUSE_ROLLOUT,
            RolloutAction::Resume => RESUME_ROLLOUT,
            RolloutAction::Promote => PROMOTE_ROLLOUT,
            RolloutAction::Abort => ABORT_ROLLOUT,
            RolloutAction::Rollback => ROLLBACK_ROLLOUT,
        }
    }

    pub fn parse(name: &str) -> Option<RolloutAction> {
        RolloutAction::ALL.into_iter().find(|a| a.name() == name)
    }
}

/// Which way a roll-out moves devices (a paused one remembers it for `resume`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    #[default]
    Forward,
    Back,
}

impl RolloutState {
    pub const ALL: [RolloutState; 7] = [
        RolloutState::Running,
        RolloutState::Paused,
        RolloutState::Succeeded,
        RolloutState::RollingBack,
        RolloutState::RolledBack,
        RolloutState::Aborted,
        RolloutState::Failed,
    ];

    pub fn name(self) -> &'static str {
        match self {
            RolloutState::Running => "running",
            RolloutState::Paused => "paused",
            RolloutState::Succeeded => "succeeded",
            RolloutState::RollingBack => "rolling_back",
            RolloutState::RolledBack => "rolled_back",
            RolloutState::Aborted => "aborted",
            RolloutState::Failed => "failed",
        }
    }

    pub fn parse(name: &str) -> Option<RolloutState> {
        RolloutState::ALL.into_iter().find(|s| s.name() == name)
    }

    /// Whether it holds its deployments: other state-changing calls on them get 409, and no
    /// other roll-out may start on them.
    pub fn is_active(self) -> bool {
        matches!(self, RolloutState::Running | RolloutState::Paused | RolloutState::RollingBack)
    }

    /// Whether the driver moves devices in this state.
    pub fn is_moving(self) -> bool {
        matches!(self, RolloutState::Running | RolloutState::RollingBack)
    }

    /// Whether `action` may be asked in this state (for a paused roll-out, `direction` says
    /// which way it was going); `Err` says why not, in both languages.
    pub fn allows(self, direction: Direction, action: RolloutAction) -> Result<(), (String, String)> {
        use RolloutAction as A;
        use RolloutState as S;
        let ok = match action {
            A::Pause => matches!(self, S::Running | S::RollingBack),
            A::Resume => self == S::Paused,
            A::Promote => matches!(self, S::Running | S::Paused) && direction == Direction::Forward,
            A::Abort => self.is_active(),
            A::Rollback => matches!(self, S::Running | S::Paused | S::Aborted | S::Failed),
        };
        if ok {
            return Ok(());
        }
        let back = matches!(self, S::RollingBack) || (self == S::Paused && direction == Direction::Back);
        let (zh, en) = match (self, action) {
            (S::Aborted | S::Failed, _) => ("只能回滚", "only rollback is left"),
            (S::Succeeded | S::RolledBack, _) => ("已结束", "it has ended"),
            (_, A::Promote) if back => ("正在回滚，不能推进", "it is rolling back"),
            (_, A::Rollback) if back => ("已在回滚", "it is already rolling back"),
            (S::Paused, A::Pause) => ("已暂停", "it is already paused"),
            (_, A::Resume) => ("未暂停", "it is not paused"),
            _ => ("当前状态不允许", "its state does not allow it"),
        };
        Err((
            format!("{} {}：{zh}", action.name(), self.name()),
            format!("{} while {}: {en}", action.name(), self.name()),
        ))
    }
}

/// Where one device stands in the roll-out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceStep {
    /// Not reached yet: still on the old deployment (or not yet added).
    #[default]
    Waiting,
    /// Its instance of the old deployment is being removed.
    Leaving,
    /// Added to the new deployment (or to the deployment, when adding devices); not Running yet.
    Joining,
    /// Running on the new version (or in the deployment).
    Done,
    /// Its new instance failed, or was not Running within the wave's timeout.
    Failed,
    /// Rolling back: leaving the new deployment for the old one (or leaving the deployment).
    Returning,
    /// Back on the old deployment (or removed again, when adding devices).
    Returned,
}

/// A wave's progress.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WaveState {
    #[default]
    Pending,
    /// Its devices are moving (or waiting to be Running).
    InProgress,
    /// Every device is Running (or failed within the gate); waiting `soak_seconds`.
    Soaking,
    Done,
    /// The gate tripped in this wave.
    Failed,
    /// Its devices are being moved back.
    RollingBack,
    /// Its devices were moved back.
    RolledBack,
}

/// A device of a wave: id and name, its step and the state of its instance where it is now.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WaveDevice {
    pub id: String,
    pub name: String,
    pub step: DeviceStep,
    /// Its instance's status as last observed (`Running`, `Pending`, `Failed`, ...), on the
    /// deployment it is on; none when it has no instance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_reason: Option<String>,
    /// A failure a `promote` accepted: it no longer counts against the gate.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub accepted: bool,
}

/// One wave: the devices it adds, its cumulative target and its progress. Times are ISO 8601
/// (UTC, milliseconds).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Wave {
    /// 1, 2, ...
    pub index: usize,
    /// How many of the roll-out's devices have been reached once this wave is done.
    pub target: usize,
    pub state: WaveState,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started_at: Option<String>,
    /// When an instance not Running yet counts as failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub soak_until: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ended_at: Option<String>,
    /// Left out of lists (`GET /portal/rollouts`); the detail has them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub devices: Vec<WaveDevice>,
}

/// One line of a roll-out's timeline.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TimelineEvent {
    pub ts: String,
    /// `created`, `wave_started`, `devices_left`, `devices_joined`, `device_running`,
    /// `device_failed`, `gate_tripped`, `soak_started`, `wave_done`, `paused`, `resumed`,
    /// `promoted`, `aborted`, `rollback_started`, `devices_returned`, `succeeded`, `rolled_back`,
    /// `failed`, `drift`, `driver`, ...
    pub event: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wave: Option<usize>,
    /// Who asked, for a person's action.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    pub detail: String,
}

/// The gate and pacing of a roll-out, as asked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RolloutSettings {
    pub waves: Vec<WaveTarget>,
    pub soak_seconds: i64,
    pub max_failures: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_failure_percent: Option<i64>,
    pub wave_timeout_seconds: i64,
    pub on_failure: String,
}

impl RolloutRequest {
    pub fn settings(&self) -> RolloutSettings {
        RolloutSettings {
            waves: self.waves.clone(),
            soak_seconds: self.soak_seconds,
            max_failures: self.max_failures,
            max_failure_percent: self.max_failure_percent,
            wave_timeout_seconds: self.wave_timeout_seconds,
            on_failure: self.on_failure.clone(),
        }
    }
}

/// A roll-out: `GET /portal/rollouts/{id}` (and each item of the list, without its waves'
/// devices and its timeline), and the answer of a creation. A dry run answers one with an empty
/// `id`, every wave pending: the plan as it would start.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Rollout {
    pub id: String,
    /// [`KIND_CHANGE`] or [`KIND_ADD_DEVICES`].
    pub kind: String,
    /// The deployment rolled out (the old one of a change).
    pub deployment_id: String,
    pub deployment_name: String,
    /// A change's new deployment: its name is fixed at creation, its id known once made.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_deployment_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_deployment_name: Option<String>,
    /// The version every app moves to (a change), and the old one (its first app's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub envs: Option<Vec<Env>>,
    pub settings: RolloutSettings,
    pub state: Option<RolloutState>,
    pub direction: Direction,
    /// Why it is paused, failed, rolled back or aborted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Who made it (the audit log's records of its calls say `rollout <id> for <user>`).
    pub created_by: String,
    pub created_at: String,
    pub updated_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ended_at: Option<String>,
    /// The wave being worked on (1-based; 0 before the first starts).
    pub current_wave: usize,
    pub device_count: usize,
    /// Devices Running on the new version (or in the deployment) now.
    pub done_count: usize,
    pub failed_count: usize,
    pub waves: Vec<Wave>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub timeline: Vec<TimelineEvent>,
}

/// `GET /portal/rollouts`' answer, newest first. A client that needs less of each roll-out
/// reads it as `RolloutList<RolloutHolder>` (each type read costs the console's wasm its own
/// decoding code).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RolloutList<R = Rollout> {
    pub total: u64,
    pub rollouts: Vec<R>,
}

/// Which deployments a roll-out holds (the console's "rolling out" badges): its fields as in
/// [`Rollout`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RolloutHolder {
    pub id: String,
    pub deployment_id: String,
    pub new_deployment_id: Option<String>,
}

/// `POST /portal/rollouts/{id}/{action}`'s answer and a creation's: the roll-out now.
pub type RolloutAnswer = Rollout;

/// `state=active` in `GET /portal/rollouts`: every roll-out that holds its deployments
/// (running, paused or rolling back; [`RolloutState::is_active`]), the console's "rolling out"
/// badges in one call.
pub const STATE_ACTIVE: &str = "active";

fn state_name(field: &'static str, value: &str) -> Result<(), FieldError> {
    let mut names: Vec<&str> = RolloutState::ALL.iter().map(|s| s.name()).collect();
    names.push(STATE_ACTIVE);
    rules::one_of(field, value, &names).map(|_| ())
}

crate::query_type! {
    /// The query of `GET /portal/rollouts`: roll-outs of a deployment (as the old or the new
    /// one), in a state (or [`STATE_ACTIVE`]); the page.
    pub struct RolloutQuery {
        "deployment_id" => deployment_id: Option<String> = Text(|f, v| rules::length(f, v, 1, 64)),
        "state" => state: Option<String> = Text(state_name),
        "limit" => limit: Option<u32> = query::limit(MAX_ROLLOUT_PAGE),
        "offset" => offset: Option<u32> = query::OFFSET,
        "dry_run" => dry_run: Option<String> = OneOf(&["0", "1", "true", "false"]),
    }
}

impl RolloutQuery {
    /// `?dry_run=1` (or `true`) on a creation: the plan, nothing made.
    pub fn is_dry_run(&self) -> bool {
        matches!(self.dry_run.as_deref(), Some("1" | "true"))
    }
}
