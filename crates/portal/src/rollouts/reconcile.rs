//! The driver's decisions, as one pure function: from a roll-out as kept and the instances
//! actually observed (each device on the old deployment, on the new one, on neither), the next
//! step: what to record (device steps, wave progress, the timeline) and the one HiLens call to
//! make. It never assumes a call it decided earlier was made: a crash between recording and
//! calling leaves a step the next observation shows undone, and it is decided again (deleting
//! an instance that is gone already, or adding a device that is there, changes nothing); the
//! new deployment is found by its name before it is made ([`Observed::new`]).
//!
//! A change moves each wave's devices from the old deployment to the new one: their old
//! instances are deleted first (a device never runs both) and seen gone, then the devices join
//! the new deployment (made with the first wave's), and the wave waits until they run or fail
//! (or its timeout passes), keeps the gate, soaks, and the next starts. After the last wave the
//! empty old deployment is deleted. Adding devices adds each wave's devices to the deployment.
//! A rollback does the moves backwards, wave by wave from the last one touched, and deletes the
//! new deployment once it is empty.

use std::collections::BTreeMap;

use hilens_model::rollouts::{
    gate_trips, DeviceStep, Direction, Rollout, RolloutState, TimelineEvent, WaveState, KIND_CHANGE,
};
use hilens_model::time::{iso8601_ms, parse_iso8601_ms};

use super::store::{DriverState, Stored};

/// An instance as observed: its pod, status (`Running`, `Pending`, `Failed`, ...), why, and its
/// first app's version.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Instance {
    pub pod_id: String,
    pub status: String,
    pub reason: Option<String>,
    pub version: Option<String>,
}

/// Instances by device.
pub type Instances = BTreeMap<String, Instance>;

/// What the driver saw just now.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Observed {
    /// Milliseconds since the epoch.
    pub now: i64,
    /// The roll-out's deployment (the old one of a change); `None`: it does not exist.
    pub old: Option<Instances>,
    /// A change's new deployment, found by id or, before its id is known, by its name.
    pub new: Option<(String, Instances)>,
}

/// The one HiLens call to make next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Nothing to do until something changes (an instance starts, a soak ends).
    Wait,
    /// `delete_pod` of each `(device, pod)`.
    DeletePods {
        deployment: String,
        pods: Vec<(String, String)>,
    },
    /// `create_deployment` of the new deployment on these devices (unless one of its name
    /// exists: then `add_deployment_nodes` to it).
    Create {
        node_ids: Vec<String>,
    },
    /// `add_deployment_nodes`.
    AddNodes {
        deployment: String,
        node_ids: Vec<String>,
    },
    /// `update_deployment_using_patch` moving every app to `version`.
    Patch {
        deployment: String,
        version: String,
    },
    DeleteDeployment {
        deployment: String,
    },
}

/// The next step: the roll-out and the driver's state to record (with `events`), and the call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub rollout: Rollout,
    pub driver: DriverState,
    pub events: Vec<TimelineEvent>,
    pub action: Action,
}

impl Decision {
    /// Whether anything is to be recorded.
    pub fn changes(&self, before: &Stored) -> bool {
        !self.events.is_empty() || self.rollout != before.rollout || self.driver != before.driver
    }
}

/// Decides the next step of `stored` given what was `seen`.
pub fn reconcile(stored: &Stored, seen: &Observed) -> Decision {
    let mut c = Ctx { r: stored.rollout.clone(), drv: stored.driver.clone(), events: Vec::new(), now: seen.now };
    let action = match c.r.state {
        Some(RolloutState::Running) => c.forward(seen),
        Some(RolloutState::RollingBack) => c.back(seen),
        _ => Action::Wait,
    };
    c.count();
    Decision { rollout: c.r, driver: c.drv, events: c.events, action }
}

/// Pauses `rollout` with `reason` (a tripped gate, drift, revoked authority, expiring
/// credentials): what the driver records for reasons of its own.
pub fn pause(rollout: &mut Rollout, reason: &str, now: i64) -> TimelineEvent {
    rollout.state = Some(RolloutState::Paused);
    rollout.reason = Some(reason.to_string());
    rollout.updated_at = iso8601_ms(now);
    TimelineEvent {
        ts: iso8601_ms(now),
        event: "paused".into(),
        detail: reason.to_string(),
        ..TimelineEvent::default()
    }
}

/// Ends `rollout` as failed: a step HiLens refused for good; devices stay where they are.
pub fn fail(rollout: &mut Rollout, reason: &str, now: i64) -> TimelineEvent {
    rollout.state = Some(RolloutState::Failed);
    rollout.reason = Some(reason.to_string());
    rollout.updated_at = iso8601_ms(now);
    TimelineEvent {
        ts: iso8601_ms(now),
        event: "failed".into(),
        detail: reason.to_string(),
        ..TimelineEvent::default()
    }
}

struct Ctx {
    r: Rollout,
    drv: DriverState,
    events: Vec<TimelineEvent>,
    now: i64,
}

/// Device names for the timeline: the first five, and how many more.
fn names(devices: &[(String, String)]) -> String {
    const SHOWN: usize = 5;
    let shown: Vec<&str> = devices.iter().take(SHOWN).map(|(_, name)| name.as_str()).collect();
    match devices.len().saturating_sub(SHOWN) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}

impl Ctx {
    fn event(&mut self, event: &str, wave: Option<usize>, detail: String) {
        self.events.push(TimelineEvent { ts: iso8601_ms(self.now), event: event.into(), wave, detail, by: None });
    }

    /// An event told once in the roll-out's life, however often its step is decided again.
    fn once(&mut self, key: &str, event: &str, detail: String) {
        if self.drv.said.insert(key.to_string()) {
            self.event(event, None, detail);
        }
    }

    fn ts(&self) -> String {
        iso8601_ms(self.now)
    }

    fn is_change(&self) -> bool {
        self.r.kind == KIND_CHANGE
    }

    fn pause(&mut self, reason: String) -> Action {
        let e = pause(&mut self.r, &reason, self.now);
        self.events.push(e);
        Action::Wait
    }

    fn fail(&mut self, reason: String) -> Action {
        let e = fail(&mut self.r, &reason, self.now);
        self.events.push(e);
        self.r.ended_at = Some(self.ts());
        Action::Wait
    }

    fn count(&mut self) {
        let devices = || self.r.waves.iter().flat_map(|w| &w.devices);
        self.r.done_count = devices().filter(|d| d.step == DeviceStep::Done).count();
        self.r.failed_count = devices().filter(|d| d.step == DeviceStep::Failed).count();
        self.r.updated_at = self.ts();
    }

    /// `(id, name)` of the devices of wave `w` (1-based) whose step is one of `steps`.
    fn in_wave(&self, w: usize, steps: &[DeviceStep]) -> Vec<(String, String)> {
        self.r.waves[w - 1]
            .devices
            .iter()
            .filter(|d| steps.contains(&d.step))
            .map(|d| (d.id.clone(), d.name.clone()))
            .collect()
    }

    fn set_step(&mut self, w: usize, id: &str, step: DeviceStep) {
        if let Some(d) = self.r.waves[w - 1].devices.iter_mut().find(|d| d.id == id) {
            d.step = step;
        }
    }

    fn deadline(&self, w: usize) -> i64 {
        self.r.waves[w - 1].deadline_at.as_deref().and_then(parse_iso8601_ms).unwrap_or(i64::MAX)
    }

    // -----------------------------------------------------------------------------------------
    // Forward.

    fn forward(&mut self, seen: &Observed) -> Action {
        if self.r.waves.is_empty() {
            return self.fail("the roll-out has no waves".into());
        }
        let all_done = self.r.waves.iter().all(|w| w.state == WaveState::Done);
        let Some(old) = &seen.old else {
            if all_done && self.is_change() {
                return self.succeed();
            }
            return self.pause(format!("drift: the deployment {} no longer exists", self.r.deployment_name));
        };
        let empty = Instances::new();
        let target: &Instances = if self.is_change() {
            match (&self.r.new_deployment_id, &seen.new) {
                (None, Some((id, _))) => {
                    self.r.new_deployment_id = Some(id.clone());
                    let name = self.r.new_deployment_name.clone().unwrap_or_default();
                    self.event("new_deployment", None, format!("made {name} ({id})"));
                }
                (Some(_), None) => {
                    let name = self.r.new_deployment_name.clone().unwrap_or_default();
                    return self.pause(format!("drift: the new deployment {name} no longer exists"));
                }
                _ => {}
            }
            seen.new.as_ref().map_or(&empty, |(_, i)| i)
        } else {
            old
        };
        // A version set at a resume: every new instance moves to it.
        if let (true, Some(v), Some((id, instances))) = (self.is_change(), self.r.version.clone(), &seen.new) {
            if instances.values().any(|i| i.version.as_deref() != Some(v.as_str())) {
                self.event("version", None, format!("moving {} to version {v}", self.new_name()));
                return Action::Patch { deployment: id.clone(), version: v };
            }
        }
        if self.r.current_wave == 0 {
            self.r.current_wave = 1;
        }
        let k = self.r.current_wave.min(self.r.waves.len());
        if let Some(a) = self.observe_forward(k, old, target) {
            return a;
        }
        if let Some(reason) = self.gate(k) {
            self.r.waves[k - 1].state = WaveState::Failed;
            self.event("gate_tripped", Some(k), reason.clone());
            if self.r.settings.on_failure == "rollback" {
                self.r.state = Some(RolloutState::RollingBack);
                self.r.direction = Direction::Back;
                self.r.reason = Some(format!("gate: {reason}"));
                self.event("rollback_started", Some(k), format!("gate: {reason}"));
                return Action::Wait;
            }
            return self.pause(format!("gate: {reason}"));
        }
        if all_done {
            return self.finish(old);
        }
        self.advance(k, old, target)
    }

    fn new_name(&self) -> String {
        self.r.new_deployment_name.clone().unwrap_or_default()
    }

    /// Updates the steps of every reached device from what runs where; a call when one is due
    /// again (an old instance still there after its deletion was decided); a pause on drift.
    fn observe_forward(&mut self, k: usize, old: &Instances, target: &Instances) -> Option<Action> {
        let change = self.is_change();
        let mut redelete: Vec<(String, String)> = Vec::new();
        for w in 1..=k {
            let deadline = self.deadline(w);
            let timeout = self.r.settings.wave_timeout_seconds;
            for i in 0..self.r.waves[w - 1].devices.len() {
                let d = self.r.waves[w - 1].devices[i].clone();
                if matches!(d.step, DeviceStep::Waiting | DeviceStep::Leaving) {
                    // Its old instance's deletion is looked after by `advance`.
                    if let (true, Some(inst)) = (change, old.get(&d.id)) {
                        self.set_instance(w, i, Some(inst));
                    }
                    continue;
                }
                if change {
                    if let Some(inst) = old.get(&d.id) {
                        match self.drv.deleted.get(&d.id) {
                            Some(pod) if *pod == inst.pod_id => redelete.push((d.id.clone(), inst.pod_id.clone())),
                            _ => {
                                return Some(self.pause(format!(
                                    "drift: an instance of the old deployment came back on {}",
                                    d.name
                                )))
                            }
                        }
                    }
                }
                let inst = target.get(&d.id);
                self.set_instance(w, i, inst);
                let step = match inst {
                    None if d.step == DeviceStep::Joining => DeviceStep::Joining,
                    None => {
                        let on = if change { self.new_name() } else { self.r.deployment_name.clone() };
                        return Some(self.pause(format!("drift: {} has no instance of {on} any more", d.name)));
                    }
                    Some(i) if i.status == "Running" => DeviceStep::Done,
                    Some(i) if i.status == "Failed" => DeviceStep::Failed,
                    Some(_) if self.now > deadline => DeviceStep::Failed,
                    Some(_) => DeviceStep::Joining,
                };
                if step != d.step {
                    self.set_step(w, &d.id, step);
                    match step {
                        DeviceStep::Failed => {
                            let why = match inst {
                                Some(i) if i.status == "Failed" => {
                                    i.reason.clone().unwrap_or_else(|| "the instance failed".into())
                                }
                                Some(i) => format!("not Running within {timeout} s ({})", i.status),
                                None => String::new(),
                            };
                            self.event("device_failed", Some(w), format!("{}: {why}", d.name));
                        }
                        DeviceStep::Done if d.step == DeviceStep::Failed => {
                            self.event("device_running", Some(w), format!("{} runs again", d.name));
                        }
                        _ => {}
                    }
                }
            }
        }
        (!redelete.is_empty()).then(|| Action::DeletePods { deployment: self.r.deployment_id.clone(), pods: redelete })
    }

    fn set_instance(&mut self, w: usize, i: usize, inst: Option<&Instance>) {
        let d = &mut self.r.waves[w - 1].devices[i];
        d.instance_state = inst.map(|i| i.status.clone());
        d.instance_reason = inst.and_then(|i| i.reason.clone());
    }

    /// Why the gate trips now, if it does: failed instances in the reached waves (not accepted
    /// by a promote), and the share of the current wave's.
    fn gate(&self, k: usize) -> Option<String> {
        let failed = |d: &&hilens_model::rollouts::WaveDevice| d.step == DeviceStep::Failed && !d.accepted;
        let total = self.r.waves[..k].iter().flat_map(|w| &w.devices).filter(failed).count();
        let wave = &self.r.waves[k - 1];
        let in_wave = wave.devices.iter().filter(failed).count();
        gate_trips(&self.r.settings, total, in_wave, wave.devices.len())
    }

    /// The current wave's next move.
    fn advance(&mut self, k: usize, old: &Instances, target: &Instances) -> Action {
        let change = self.is_change();
        let started_now = self.r.waves[k - 1].state == WaveState::Pending;
        if started_now {
            let timeout = self.r.settings.wave_timeout_seconds;
            let wave = &mut self.r.waves[k - 1];
            wave.state = WaveState::InProgress;
            wave.started_at = Some(iso8601_ms(self.now));
            wave.deadline_at = Some(iso8601_ms(self.now + timeout * 1000));
            let first = if change { DeviceStep::Leaving } else { DeviceStep::Joining };
            for d in &mut wave.devices {
                if d.step == DeviceStep::Waiting {
                    d.step = first;
                }
            }
            let devices = self.in_wave(k, &[first]);
            self.event("wave_started", Some(k), format!("wave {k}: {} device(s): {}", devices.len(), names(&devices)));
        }
        let deployment = if change { self.r.new_deployment_id.clone() } else { Some(self.r.deployment_id.clone()) };
        if change {
            let leaving = self.in_wave(k, &[DeviceStep::Leaving]);
            if !leaving.is_empty() {
                let still: Vec<(String, String)> =
                    leaving.iter().filter(|(id, _)| old.contains_key(id)).cloned().collect();
                if !still.is_empty() {
                    let mut pods = Vec::new();
                    let mut first_time = Vec::new();
                    for (id, name) in &still {
                        let pod = old[id].pod_id.clone();
                        match self.drv.deleted.get(id) {
                            Some(p) if *p != pod => {
                                return self
                                    .pause(format!("drift: an instance of the old deployment came back on {name}"))
                            }
                            Some(_) => {}
                            None => first_time.push((id.clone(), name.clone())),
                        }
                        self.drv.deleted.insert(id.clone(), pod.clone());
                        pods.push((id.clone(), pod));
                    }
                    if !first_time.is_empty() {
                        let detail = format!("deleting the old instances of {}", names(&first_time));
                        self.event("devices_leaving", Some(k), detail);
                    }
                    return Action::DeletePods { deployment: self.r.deployment_id.clone(), pods };
                }
                // Gone from the old deployment: they join the new one.
                for (id, _) in &leaving {
                    self.set_step(k, id, DeviceStep::Joining);
                }
                let detail = format!("{} join {}", names(&leaving), self.new_name());
                self.event("devices_joining", Some(k), detail);
                let node_ids: Vec<String> = leaving.into_iter().map(|(id, _)| id).collect();
                return match deployment {
                    Some(d) => Action::AddNodes { deployment: d, node_ids },
                    None => Action::Create { node_ids },
                };
            }
        }
        // Devices recorded as joining that are not there yet (the call was not made, or not
        // seen yet): ask again.
        let missing: Vec<String> = self
            .in_wave(k, &[DeviceStep::Joining])
            .into_iter()
            .map(|(id, _)| id)
            .filter(|id| !target.contains_key(id))
            .collect();
        if !missing.is_empty() {
            if started_now && !change {
                let joining = self.in_wave(k, &[DeviceStep::Joining]);
                self.event("devices_joining", Some(k), format!("{} join {}", names(&joining), self.r.deployment_name));
            }
            return match deployment {
                Some(d) => Action::AddNodes { deployment: d, node_ids: missing },
                None => Action::Create { node_ids: missing },
            };
        }
        let settled =
            self.r.waves[k - 1].devices.iter().all(|d| matches!(d.step, DeviceStep::Done | DeviceStep::Failed));
        if !settled {
            return Action::Wait;
        }
        let soak = self.r.settings.soak_seconds;
        let wave = &mut self.r.waves[k - 1];
        let soak_until = match wave.soak_until.as_deref().and_then(parse_iso8601_ms) {
            Some(t) => t,
            None => {
                let until = self.now + soak * 1000;
                wave.soak_until = Some(iso8601_ms(until));
                wave.state = WaveState::Soaking;
                let running = wave.devices.iter().filter(|d| d.step == DeviceStep::Done).count();
                let n = wave.devices.len();
                if soak > 0 {
                    self.event(
                        "soak_started",
                        Some(k),
                        format!("wave {k}: {running} of {n} running; soaking {soak} s"),
                    );
                }
                until
            }
        };
        if self.now < soak_until {
            return Action::Wait;
        }
        self.complete_wave(k);
        Action::Wait
    }

    /// The wave is done; the next one is current.
    fn complete_wave(&mut self, k: usize) {
        let wave = &mut self.r.waves[k - 1];
        wave.state = WaveState::Done;
        wave.ended_at = Some(iso8601_ms(self.now));
        let running = wave.devices.iter().filter(|d| d.step == DeviceStep::Done).count();
        let failed = wave.devices.len() - running;
        self.event("wave_done", Some(k), format!("wave {k} done: {running} running, {failed} failed"));
        if k < self.r.waves.len() {
            self.r.current_wave = k + 1;
        }
    }

    /// Every wave is done: a change deletes the old deployment (empty by now), then succeeds.
    fn finish(&mut self, old: &Instances) -> Action {
        if !self.is_change() {
            return self.succeed();
        }
        if let Some((device, _)) = old.iter().next() {
            return self.pause(format!("drift: the old deployment still has an instance on device {device}"));
        }
        let name = self.r.deployment_name.clone();
        self.once("deleting_old", "deleting_old", format!("every device has left {name}: deleting it"));
        Action::DeleteDeployment { deployment: self.r.deployment_id.clone() }
    }

    fn succeed(&mut self) -> Action {
        self.r.state = Some(RolloutState::Succeeded);
        self.r.reason = None;
        self.r.ended_at = Some(self.ts());
        let n = self.r.device_count;
        let detail = if self.is_change() {
            let version = self.r.version.clone().map(|v| format!(" at version {v}")).unwrap_or_default();
            format!("{n} device(s) run {}{version}; {} is deleted", self.new_name(), self.r.deployment_name)
        } else {
            format!("{n} device(s) added to {}", self.r.deployment_name)
        };
        self.event("succeeded", None, detail);
        Action::Wait
    }

    // -----------------------------------------------------------------------------------------
    // Back.

    fn back(&mut self, seen: &Observed) -> Action {
        let Some(old) = &seen.old else {
            return self
                .fail(format!("the deployment {} no longer exists: nothing to go back to", self.r.deployment_name));
        };
        let change = self.is_change();
        let empty = Instances::new();
        if change && self.r.new_deployment_id.is_none() {
            if let Some((id, _)) = &seen.new {
                self.r.new_deployment_id = Some(id.clone());
            }
        }
        let leaving_from: &Instances = if change { seen.new.as_ref().map_or(&empty, |(_, i)| i) } else { old };
        let touched = |w: &hilens_model::rollouts::Wave| w.devices.iter().any(|d| d.step != DeviceStep::Waiting);
        let next = (1..=self.r.waves.len())
            .rev()
            .find(|&w| touched(&self.r.waves[w - 1]) && self.r.waves[w - 1].state != WaveState::RolledBack);
        let Some(j) = next else {
            return self.finish_back(seen);
        };
        self.r.current_wave = j;
        if self.r.waves[j - 1].state != WaveState::RollingBack {
            let timeout = self.r.settings.wave_timeout_seconds;
            let wave = &mut self.r.waves[j - 1];
            wave.state = WaveState::RollingBack;
            wave.deadline_at = Some(iso8601_ms(self.now + timeout * 1000));
            wave.soak_until = None;
            self.event("wave_rolling_back", Some(j), format!("wave {j} goes back"));
        }
        let deadline = self.deadline(j);
        let mut delete = Vec::new();
        let mut first_time = Vec::new();
        let mut add = Vec::new();
        let mut waiting = false;
        for i in 0..self.r.waves[j - 1].devices.len() {
            let d = self.r.waves[j - 1].devices[i].clone();
            if matches!(d.step, DeviceStep::Waiting | DeviceStep::Returned) {
                continue;
            }
            if let Some(inst) = leaving_from.get(&d.id) {
                self.set_instance(j, i, Some(inst));
                if self.drv.returned.insert(d.id.clone(), inst.pod_id.clone()).as_deref() != Some(inst.pod_id.as_str())
                {
                    first_time.push((d.id.clone(), d.name.clone()));
                }
                self.set_step(j, &d.id, DeviceStep::Returning);
                delete.push((d.id.clone(), inst.pod_id.clone()));
                continue;
            }
            if !change {
                self.set_instance(j, i, None);
                self.set_step(j, &d.id, DeviceStep::Returned);
                continue;
            }
            match old.get(&d.id) {
                None => {
                    self.set_step(j, &d.id, DeviceStep::Returning);
                    add.push((d.id.clone(), d.name.clone()));
                }
                Some(inst) => {
                    self.set_instance(j, i, Some(inst));
                    if inst.status == "Running" {
                        self.set_step(j, &d.id, DeviceStep::Returned);
                    } else if self.now > deadline {
                        self.set_step(j, &d.id, DeviceStep::Returned);
                        let detail = format!("{} is back on {} but {}", d.name, self.r.deployment_name, inst.status);
                        self.event("device_failed", Some(j), detail);
                    } else {
                        waiting = true;
                    }
                }
            }
        }
        if !delete.is_empty() {
            if !first_time.is_empty() {
                let from = if change { self.new_name() } else { self.r.deployment_name.clone() };
                self.event(
                    "devices_returning",
                    Some(j),
                    format!("deleting the instances of {} on {from}", names(&first_time)),
                );
            }
            let deployment = if change {
                self.r.new_deployment_id.clone().unwrap_or_default()
            } else {
                self.r.deployment_id.clone()
            };
            return Action::DeletePods { deployment, pods: delete };
        }
        if !add.is_empty() {
            let detail = format!("{} rejoin {}", names(&add), self.r.deployment_name);
            self.event("devices_rejoining", Some(j), detail);
            return Action::AddNodes {
                deployment: self.r.deployment_id.clone(),
                node_ids: add.into_iter().map(|(id, _)| id).collect(),
            };
        }
        if waiting {
            return Action::Wait;
        }
        let wave = &mut self.r.waves[j - 1];
        wave.state = WaveState::RolledBack;
        wave.ended_at = Some(iso8601_ms(self.now));
        self.event("wave_rolled_back", Some(j), format!("wave {j} is back"));
        Action::Wait
    }

    fn finish_back(&mut self, seen: &Observed) -> Action {
        if self.is_change() {
            if let Some((id, instances)) = &seen.new {
                if let Some((device, inst)) = instances.iter().next() {
                    let pods = vec![(device.clone(), inst.pod_id.clone())];
                    return Action::DeletePods { deployment: id.clone(), pods };
                }
                let name = self.new_name();
                self.once("deleting_new", "deleting_new", format!("{name} is empty: deleting it"));
                return Action::DeleteDeployment { deployment: id.clone() };
            }
        }
        self.r.state = Some(RolloutState::RolledBack);
        self.r.ended_at = Some(self.ts());
        let n = self.r.waves.iter().flat_map(|w| &w.devices).filter(|d| d.step == DeviceStep::Returned).count();
        self.event("rolled_back", None, format!("{n} device(s) are back on {}", self.r.deployment_name));
        Action::Wait
    }
}

#[cfg(test)]
mod tests;
