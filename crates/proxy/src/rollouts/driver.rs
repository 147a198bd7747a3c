//! The driver: one thread per proxy, of which one at a time (the lease's holder, across
//! replicas) moves roll-outs. Each step observes the instances (`show_deployment`,
//! `show_deployment_pods` of the old and the new deployment, the new one found by its name
//! until its id is known), decides (`hilens_portal::rollouts::reconcile`), records the decision
//! in the store while the lease is still its own (its generation checked in the same
//! transaction), and only then makes the one HiLens call decided, recorded in the audit log as
//! `rollout <id> for <user>`. A crash anywhere leaves a decision the next observation shows
//! undone or done; it is decided again from what runs where.
//!
//! Before each step it checks whose authority the roll-out acts with: in the service modes the
//! creator must still have `deployments:rollout` (the calls are signed with the service key); in
//! `iam` mode their sealed token must have more than an hour left. Otherwise it pauses, saying
//! why.

use std::collections::BTreeMap;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use hilens_model::deployments::{Patch, PatchDeploymentRequest, Pod};
use hilens_model::portal::{kind, AuditRecord};
use hilens_model::rollouts::{Rollout, RolloutState, TimelineEvent};
use hilens_model::{Lang, Operation, OperationId, Permission};
use hilens_portal::rollouts::reconcile::{self, Action, Instance, Instances, Observed};
use hilens_portal::rollouts::{Fence, SaveError, Stored};

use super::hilens::{Creds, Failure, HiLens, Sent};
use crate::{Access, Proxy};

/// Steps one roll-out may take in a row before the others get theirs.
const STEPS: usize = 50;
/// How often a moving roll-out is looked at while nothing happens (instances starting, soaks).
const BUSY_TICK: Duration = Duration::from_millis(250);
/// How often the store is asked for work when nothing moves.
const IDLE_TICK: Duration = Duration::from_secs(1);
/// An IAM token with less than this left pauses the roll-out ("credentials expire soon").
const TOKEN_MARGIN_MS: i64 = 3_600_000;

/// Wakes the local driver at once (a roll-out was made, resumed or rolled back here).
#[derive(Default)]
pub struct Wake {
    pending: Mutex<bool>,
    cond: Condvar,
}

impl Wake {
    pub fn now(&self) {
        *self.pending.lock().unwrap_or_else(|p| p.into_inner()) = true;
        self.cond.notify_all();
    }

    fn wait(&self, at_most: Duration) {
        let guard = self.pending.lock().unwrap_or_else(|p| p.into_inner());
        let (mut guard, _) =
            self.cond.wait_timeout_while(guard, at_most, |pending| !*pending).unwrap_or_else(|p| p.into_inner());
        *guard = false;
    }
}

/// Starts the driver's thread (when the proxy keeps roll-outs).
pub fn start(proxy: Arc<Proxy>) {
    if proxy.config.rollouts.is_none() {
        return;
    }
    let mut id = [0u8; 6];
    let _ = getrandom::fill(&mut id);
    // Host, process and a random part: which process drives is plain from the lease's row.
    let random: String = id.iter().map(|b| format!("{b:02x}")).collect();
    let holder = format!("{}/{}/{random}", hostname(), std::process::id());
    let spawned = std::thread::Builder::new().name("hilens-rollouts".into()).spawn(move || {
        let rt = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
            Ok(rt) => rt,
            Err(e) => {
                tracing::error!(target: "hilens_proxy::rollouts", "the roll-out driver cannot start: {e}");
                return;
            }
        };
        let mut driver = Driver { proxy, holder, rt, fence: None, renewed: Instant::now() };
        driver.run();
    });
    if let Err(e) = spawned {
        tracing::error!(target: "hilens_proxy::rollouts", "the roll-out driver cannot start: {e}");
    }
}

fn hostname() -> String {
    std::fs::read_to_string("/etc/hostname")
        .map(|h| h.trim().to_string())
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "proxy".into())
}

struct Driver {
    proxy: Arc<Proxy>,
    /// This driver's name in the lease.
    holder: String,
    rt: tokio::runtime::Runtime,
    fence: Option<Fence>,
    renewed: Instant,
}

/// Why a step stopped.
enum Stop {
    /// Nothing more to do now.
    Idle,
    /// The lease is someone else's: act no more.
    LeaseLost,
}

impl Driver {
    fn config(&self) -> &super::RolloutsConfig {
        self.proxy.config.rollouts.as_ref().expect("started only with roll-outs")
    }

    fn run(&mut self) {
        loop {
            let busy = self.tick();
            self.proxy.rollout_wake.wait(if busy { BUSY_TICK } else { IDLE_TICK });
        }
    }

    /// Takes or renews the lease.
    fn lease(&mut self) -> bool {
        let config = self.config();
        match config.store.lease(&self.holder, config.lease) {
            Ok(Some(lease)) => {
                self.renewed = Instant::now();
                let took_over = lease.took_over_from.clone();
                let fresh = self.fence.as_ref() != Some(&lease.fence);
                self.fence = Some(lease.fence);
                if fresh {
                    tracing::info!(target: "hilens_proxy::rollouts", holder = %self.holder, "this replica drives roll-outs");
                    if let Some(from) = took_over {
                        self.note_takeover(&from);
                    }
                }
                true
            }
            Ok(None) => {
                self.fence = None;
                false
            }
            Err(e) => {
                tracing::warn!(target: "hilens_proxy::rollouts", "the roll-out lease cannot be read: {e}");
                false
            }
        }
    }

    /// One round: every moving roll-out steps as far as it can. Whether any is moving.
    fn tick(&mut self) -> bool {
        if !self.lease() {
            return false;
        }
        let moving = match self.config().store.moving() {
            Ok(ids) => ids,
            Err(e) => {
                tracing::warn!(target: "hilens_proxy::rollouts", "roll-outs cannot be read: {e}");
                return false;
            }
        };
        for id in &moving {
            if let Stop::LeaseLost = self.drive(id) {
                self.fence = None;
                return false;
            }
        }
        !moving.is_empty()
    }

    /// A driver that has just taken the lease says so on every moving roll-out.
    fn note_takeover(&mut self, from: &str) {
        let Ok(ids) = self.config().store.moving() else { return };
        let detail = format!("{} drives it now (the lease of {from} ran out)", self.holder);
        for id in ids {
            let event = TimelineEvent { event: "driver".into(), detail: detail.clone(), ..TimelineEvent::default() };
            let _ = self.record(&id, |_, _| Some(vec![event.clone()]));
        }
    }

    /// Re-reads `id`, lets `change` edit it (and say what to add to the timeline), and saves it
    /// under the lease; retried when the row changed meanwhile.
    fn record(
        &mut self,
        id: &str,
        mut change: impl FnMut(&mut Stored, i64) -> Option<Vec<TimelineEvent>>,
    ) -> Result<(), Stop> {
        for _ in 0..5 {
            let store = self.config().store.clone();
            let Ok(Some(mut stored)) = store.get(id) else { return Err(Stop::Idle) };
            let Some(events) = change(&mut stored, now_ms()) else { return Ok(()) };
            let Some(fence) = self.fence.clone() else { return Err(Stop::LeaseLost) };
            match store.save(&stored, &events, Some(&fence)) {
                Ok(_) => return Ok(()),
                Err(SaveError::Stale) => continue,
                Err(SaveError::LeaseLost) => return Err(Stop::LeaseLost),
                Err(e) => {
                    tracing::warn!(target: "hilens_proxy::rollouts", rollout = id, "not recorded: {e}");
                    return Err(Stop::Idle);
                }
            }
        }
        Err(Stop::Idle)
    }

    /// Steps roll-out `id` until it has nothing to do now.
    fn drive(&mut self, id: &str) -> Stop {
        for _ in 0..STEPS {
            if self.renewed.elapsed() > self.config().lease / 3 && !self.lease() {
                return Stop::LeaseLost;
            }
            match self.step(id) {
                Ok(true) => continue,
                Ok(false) => return Stop::Idle,
                Err(stop) => return stop,
            }
        }
        Stop::Idle
    }

    /// One step; whether another may follow at once.
    fn step(&mut self, id: &str) -> Result<bool, Stop> {
        let store = self.config().store.clone();
        let stored = match store.get(id) {
            Ok(Some(s)) if s.rollout.state.is_some_and(RolloutState::is_moving) => s,
            Ok(_) => return Ok(false),
            Err(e) => {
                tracing::warn!(target: "hilens_proxy::rollouts", rollout = id, "cannot be read: {e}");
                return Ok(false);
            }
        };
        if let Some(why) = self.authority_problem(&stored) {
            self.record(id, |s, now| {
                s.rollout
                    .state
                    .is_some_and(RolloutState::is_moving)
                    .then(|| vec![reconcile::pause(&mut s.rollout, &why, now)])
            })?;
            return Ok(false);
        }
        let Some(creds) = self.creds(&stored) else {
            let why = "the roll-out's credentials cannot be read (was the seal key changed?)".to_string();
            self.record(id, |s, now| Some(vec![reconcile::pause(&mut s.rollout, &why, now)]))?;
            return Ok(false);
        };
        let proxy = self.proxy.clone();
        let h = HiLens { proxy: &proxy, creds, project: stored.driver.project_id.clone(), lang: Lang::En };
        let seen = match self.rt.block_on(observe(&h, &stored.rollout)) {
            Ok(seen) => seen,
            Err(f) => {
                self.waiting(id, &f);
                return Ok(false);
            }
        };
        let decision = reconcile::reconcile(&stored, &seen);
        let acting = decision.action != Action::Wait;
        let changed = decision.changes(&stored);
        if !changed && !acting {
            return Ok(false);
        }
        // Recorded (under the lease) before the call is made.
        let after =
            Stored { rollout: decision.rollout.clone(), driver: decision.driver.clone(), version: stored.version };
        let Some(fence) = self.fence.clone() else { return Err(Stop::LeaseLost) };
        match store.save(&after, &decision.events, Some(&fence)) {
            Ok(_) => {}
            Err(SaveError::Stale) => return Ok(true),
            Err(SaveError::LeaseLost) => return Err(Stop::LeaseLost),
            Err(SaveError::Held(other)) => {
                let why = format!("another roll-out ({other}) holds one of its deployments");
                self.record(id, |s, now| Some(vec![reconcile::fail(&mut s.rollout, &why, now)]))?;
                return Ok(false);
            }
            Err(e) => {
                tracing::warn!(target: "hilens_proxy::rollouts", rollout = id, "not recorded: {e}");
                return Ok(false);
            }
        }
        if !acting {
            return Ok(true);
        }
        match self.rt.block_on(act(&h, &after, &decision.action)) {
            Ok(()) => Ok(true),
            Err(f) if f.status() == Some(401) => {
                let why = format!("HiLens does not accept the roll-out's credentials ({f})");
                self.record(id, |s, now| Some(vec![reconcile::pause(&mut s.rollout, &why, now)]))?;
                Ok(false)
            }
            Err(f) if f.is_final() => {
                let why = format!("HiLens refused a step for good: {f}");
                self.record(id, |s, now| {
                    let e = reconcile::fail(&mut s.rollout, &why, now);
                    s.rollout.ended_at = Some(e.ts.clone());
                    Some(vec![e])
                })?;
                Ok(false)
            }
            Err(f) => {
                self.waiting(id, &f);
                Ok(false)
            }
        }
    }

    /// HiLens did not answer (or was busy): tried again at the next round, told once.
    fn waiting(&mut self, id: &str, f: &Failure) {
        let said = f.to_string();
        let _ = self.record(id, |s, _| {
            if s.driver.last_error.as_deref() == Some(said.as_str()) {
                return None;
            }
            s.driver.last_error = Some(said.clone());
            Some(vec![TimelineEvent {
                event: "retrying".into(),
                detail: format!("{said}; trying again"),
                ..TimelineEvent::default()
            }])
        });
    }

    /// Why the roll-out may not act now, if so.
    fn authority_problem(&self, stored: &Stored) -> Option<String> {
        let a = &stored.driver.authority;
        let lost = || Some(format!("authority: {} may no longer roll out (deployments:rollout)", a.user));
        match &self.proxy.config.access {
            Access::Open => None,
            Access::Iam => a.token_expires_ms.and_then(|exp| expiring(&a.user, exp, now_ms())),
            Access::Users(dir) | Access::Header(dir) | Access::Oidc(dir, _) => {
                let snapshot = dir.snapshot();
                let grant = match &a.token_id {
                    Some(token_id) => {
                        let token = self.proxy.config.tokens.as_ref().and_then(|t| t.by_id(token_id));
                        token.and_then(|t| snapshot.grant_of_token(&t))
                    }
                    None => match &self.proxy.config.access {
                        Access::Users(_) => snapshot.user(&a.user).map(|u| u.grant.clone()),
                        _ => snapshot.grant_of_groups(&a.groups),
                    },
                };
                if grant.is_some_and(|g| g.permissions.contains(Permission::DeploymentsRollout)) {
                    None
                } else {
                    lost()
                }
            }
        }
    }

    /// The roll-out's credentials: the service key, or the creator's unsealed IAM token.
    fn creds(&self, stored: &Stored) -> Option<Creds> {
        match &stored.driver.authority.sealed_token {
            None => self.proxy.config.service_key.as_ref().map(|_| Creds::Service),
            Some(sealed) => {
                let token = super::seal::open(&self.config().seal_key, &stored.rollout.id, sealed)?;
                let mut value = axum::http::HeaderValue::from_bytes(&token).ok()?;
                value.set_sensitive(true);
                Some(Creds::Token(value))
            }
        }
    }
}

/// "credentials expire soon": an IAM token with less than an hour left (the proxy's own
/// sessions end an hour before the token, so a person signed in now has a fresher one).
fn expiring(user: &str, expires_ms: i64, now: i64) -> Option<String> {
    (expires_ms - now < TOKEN_MARGIN_MS).then(|| {
        format!(
            "credentials expire soon: {user}'s IAM token ends at {}; resume it to go on with yours",
            hilens_model::time::iso8601_ms(expires_ms)
        )
    })
}

fn now_ms() -> i64 {
    hilens_emulator::clock::now_ms()
}

fn instances(pods: Vec<Pod>) -> Instances {
    let mut by_device = BTreeMap::new();
    for p in pods {
        by_device.entry(p.node_id.clone()).or_insert(Instance {
            pod_id: p.id,
            status: p.status,
            reason: p.reason,
            version: p.apps.first().and_then(|a| a.version.clone()),
        });
    }
    by_device
}

/// What runs where now.
async fn observe(h: &HiLens<'_>, r: &Rollout) -> Result<Observed, Failure> {
    let old = match h.deployment(&r.deployment_id).await? {
        Some(_) => Some(instances(h.pods(&r.deployment_id).await?)),
        None => None,
    };
    let mut new = None;
    if let Some(name) = r.new_deployment_name.as_deref().filter(|_| r.kind == hilens_model::rollouts::KIND_CHANGE) {
        let id = match &r.new_deployment_id {
            Some(id) => Some(id.clone()),
            None => find_named(h, name).await?,
        };
        if let Some(id) = id {
            if h.deployment(&id).await?.is_some() {
                new = Some((id.clone(), instances(h.pods(&id).await?)));
            }
        }
    }
    Ok(Observed { now: now_ms(), old, new })
}

/// The deployment named exactly `name`, if there is one.
async fn find_named(h: &HiLens<'_>, name: &str) -> Result<Option<String>, Failure> {
    Ok(h.deployments_named(name).await?.into_iter().find(|(_, n)| n == name).map(|(id, _)| id))
}

/// Makes the one call decided, each HiLens operation recorded in the audit log.
async fn act(h: &HiLens<'_>, stored: &Stored, action: &Action) -> Result<(), Failure> {
    let r = &stored.rollout;
    match action {
        Action::Wait => Ok(()),
        Action::DeletePods { deployment, pods } => {
            for (_, pod) in pods {
                let params = [("deployment_id", deployment.as_str()), ("pod_id", pod.as_str())];
                match send(h, stored, Sent { op: OperationId::DeletePod, params: &params, query: &[], body: None })
                    .await
                {
                    Err(Failure::Refused { status: 404, .. }) | Ok(_) => {}
                    Err(e) => return Err(e),
                }
            }
            Ok(())
        }
        Action::AddNodes { deployment, node_ids } => add_nodes(h, stored, deployment, node_ids).await,
        Action::Create { node_ids } => {
            let name = r.new_deployment_name.clone().unwrap_or_default();
            // Made already (a step recorded, then the process stopped)? Then it grows.
            if let Some(id) = find_named(h, &name).await? {
                return add_nodes(h, stored, &id, node_ids).await;
            }
            let Some(old) = h.deployment(&r.deployment_id).await? else {
                return Err(Failure::Refused {
                    status: 404,
                    code: "HIL.0404".into(),
                    message: format!("the deployment {} no longer exists", r.deployment_name),
                });
            };
            let mut create = old.to_draft();
            create.name = name.clone();
            create.node_ids = Some(node_ids.clone());
            create.cluster_id = None;
            let patch =
                PatchDeploymentRequest { version: r.version.clone(), patch: r.envs.clone().map(|envs| Patch { envs }) };
            patch.apply(&mut create.deployment.template.apps);
            let body = serde_json::to_vec(&create).ok();
            match send(h, stored, Sent { op: OperationId::CreateDeployment, params: &[], query: &[], body }).await {
                Ok(_) => Ok(()),
                // Someone made it between the look and the call: it grows instead.
                Err(Failure::Refused { status: 409, .. }) => match find_named(h, &name).await? {
                    Some(id) => add_nodes(h, stored, &id, node_ids).await,
                    None => Err(Failure::Unreachable("the new deployment's name is taken, but not found".into())),
                },
                Err(e) => Err(e),
            }
        }
        Action::Patch { deployment, version } => {
            let body = serde_json::to_vec(&PatchDeploymentRequest { version: Some(version.clone()), patch: None }).ok();
            let params = [("deployment_id", deployment.as_str())];
            send(h, stored, Sent { op: OperationId::UpdateDeploymentUsingPatch, params: &params, query: &[], body })
                .await
                .map(|_| ())
        }
        Action::DeleteDeployment { deployment } => {
            let params = [("deployment_id", deployment.as_str())];
            match send(h, stored, Sent { op: OperationId::DeleteDeployment, params: &params, query: &[], body: None })
                .await
            {
                Err(Failure::Refused { status: 404, .. }) | Ok(_) => Ok(()),
                Err(e) => Err(e),
            }
        }
    }
}

async fn add_nodes(h: &HiLens<'_>, stored: &Stored, deployment: &str, node_ids: &[String]) -> Result<(), Failure> {
    let body = hilens_model::deployments::AddNodesRequest {
        deployment_id: deployment.to_string(),
        node_ids: Some(node_ids.to_vec()),
        node_tags: None,
        node_num: node_ids.len() as i64,
    };
    let params = [("deployment_id", deployment)];
    let sent =
        Sent { op: OperationId::AddDeploymentNodes, params: &params, query: &[], body: serde_json::to_vec(&body).ok() };
    send(h, stored, sent).await.map(|_| ())
}

/// One state-changing call: its intent on disk first, then the call, then its result; the actor
/// is `rollout <id> for <user>`.
async fn send(h: &HiLens<'_>, stored: &Stored, sent: Sent<'_>) -> Result<(), Failure> {
    let log = h.proxy.config.audit.clone();
    let mut intent = None;
    if let Some(log) = &log {
        let record = record_of(stored, &sent, &h.project);
        match log.write(record.clone()).await {
            Ok(seq) => intent = Some((seq, record)),
            Err(_) => {
                return Err(Failure::Unreachable("the audit log cannot be written; the call was not made".into()))
            }
        }
    }
    let outcome = h.send(&sent).await;
    if let (Some(log), Some((seq, record))) = (&log, intent) {
        let (status, body) = match &outcome {
            Ok((status, body)) => (*status, body.to_vec()),
            Err(_) => (StatusCode::BAD_GATEWAY, Vec::new()),
        };
        let result =
            AuditRecord { kind: kind::RESULT.into(), intent: Some(seq), ts: hilens_portal::audit::now(), ..record };
        if log.write(crate::audit::ended(result, status, &body)).await.is_err() {
            tracing::error!(target: "hilens_portal::audit", intent = seq, "the result of a roll-out's call could not be recorded");
        }
    }
    let (status, body) = outcome?;
    super::hilens::read::<serde_json::Value>(status, &body).map(|_| ())
}

fn record_of(stored: &Stored, sent: &Sent<'_>, project: &str) -> AuditRecord {
    let op = Operation::get(sent.op);
    let mut all = vec![("project_id", project)];
    all.extend_from_slice(sent.params);
    let path = op.build_path(&all).replacen(&format!("/{project}/"), "/{project_id}/", 1);
    let a = &stored.driver.authority;
    AuditRecord {
        kind: kind::INTENT.into(),
        ts: hilens_portal::audit::now(),
        user: format!("rollout {} for {}", stored.rollout.id, a.user),
        auth_method: "rollout".into(),
        role: a.role.clone(),
        operation: op.name.into(),
        method: op.method.as_str().into(),
        path,
        params: sent.params.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        resource_id: sent.params.iter().find(|(k, _)| k.ends_with("_id")).map(|(_, v)| v.to_string()),
        resource_name: Some(stored.rollout.deployment_name.clone()),
        client_address: "hilens-proxy".into(),
        ..AuditRecord::default()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_iam_token_with_less_than_an_hour_left_pauses_the_rollout() {
        let now = 1_800_000_000_000;
        assert_eq!(super::expiring("ada", now + 2 * 3_600_000, now), None);
        let why = super::expiring("ada", now + 3_599_000, now).unwrap();
        assert!(why.starts_with("credentials expire soon: ada's IAM token ends at 2027-01-15T08:59:59.000Z"), "{why}");
        assert!(super::expiring("ada", now - 1, now).is_some(), "expired already");
    }
}
