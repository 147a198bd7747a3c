//! The decisions against a small simulation of HiLens (instances start 200 ms after they are
//! made, and fail when their version is `bad`); the proxy's tests run them against the emulator.

use super::*;
use hilens_model::rollouts::{plan_waves, PlannedDevice, RolloutSettings, WaveTarget};

const START_MS: i64 = 200;

struct World {
    now: i64,
    old: Option<Instances>,
    new: Option<(String, Instances)>,
    born: BTreeMap<(bool, String), i64>,
    next_pod: u32,
    calls: Vec<String>,
}

impl World {
    fn new(devices: usize) -> World {
        let mut w = World {
            now: 1_000_000,
            old: Some(Instances::new()),
            new: None,
            born: BTreeMap::new(),
            next_pod: 0,
            calls: vec![],
        };
        let ids: Vec<String> = (1..=devices).map(|i| format!("n{i}")).collect();
        for id in &ids {
            let inst = w.instance("1.0.0", "Running");
            w.old.as_mut().unwrap().insert(id.clone(), inst);
        }
        w
    }

    fn instance(&mut self, version: &str, status: &str) -> Instance {
        self.next_pod += 1;
        Instance {
            pod_id: format!("pod-{}", self.next_pod),
            status: status.into(),
            reason: None,
            version: Some(version.into()),
        }
    }

    fn seen(&mut self) -> Observed {
        self.now += 100;
        for (is_new, map) in [(false, self.old.as_mut()), (true, self.new.as_mut().map(|(_, m)| m))] {
            let Some(map) = map else { continue };
            for (device, inst) in map.iter_mut() {
                let born = self.born.get(&(is_new, device.clone())).copied().unwrap_or(0);
                if inst.status == "Pending" && self.now >= born + START_MS {
                    let bad = inst.version.as_deref() == Some("bad");
                    inst.status = if bad { "Failed" } else { "Running" }.into();
                    inst.reason = bad.then(|| "bad version".into());
                }
            }
        }
        Observed { now: self.now, old: self.old.clone(), new: self.new.clone() }
    }

    fn apply(&mut self, action: &Action, version: &str) {
        match action {
            Action::Wait => {}
            Action::DeletePods { deployment, pods } => {
                self.calls.push(format!("delete_pod {deployment} {}", pods.len()));
                let map = if deployment == "old" { self.old.as_mut() } else { self.new.as_mut().map(|(_, m)| m) };
                if let Some(map) = map {
                    for (device, _) in pods {
                        map.remove(device);
                    }
                }
            }
            Action::Create { node_ids } => {
                self.calls.push(format!("create {}", node_ids.len()));
                self.new = Some(("new".into(), Instances::new()));
                self.add(true, node_ids, version);
            }
            Action::AddNodes { deployment, node_ids } => {
                self.calls.push(format!("add {deployment} {}", node_ids.len()));
                let v = if deployment == "old" { "1.0.0" } else { version };
                self.add(deployment != "old", node_ids, v);
            }
            Action::Patch { version, .. } => {
                self.calls.push(format!("patch {version}"));
                let now = self.now;
                let devices: Vec<String> = self.new.as_ref().unwrap().1.keys().cloned().collect();
                for d in devices {
                    self.born.insert((true, d.clone()), now);
                    let inst = self.new.as_mut().unwrap().1.get_mut(&d).unwrap();
                    inst.version = Some(version.clone());
                    inst.status = "Pending".into();
                }
            }
            Action::DeleteDeployment { deployment } => {
                self.calls.push(format!("delete {deployment}"));
                if deployment == "old" {
                    self.old = None;
                } else {
                    self.new = None;
                }
            }
        }
    }

    fn add(&mut self, to_new: bool, ids: &[String], version: &str) {
        for id in ids {
            let inst = self.instance(version, "Pending");
            self.born.insert((to_new, id.clone()), self.now);
            let map = if to_new { &mut self.new.as_mut().unwrap().1 } else { self.old.as_mut().unwrap() };
            map.entry(id.clone()).or_insert(inst);
        }
    }
}

fn rollout(devices: usize, waves: &[WaveTarget], settings: RolloutSettings, version: &str) -> Stored {
    let planned: Vec<PlannedDevice> =
        (1..=devices).map(|i| PlannedDevice { id: format!("n{i}"), name: format!("cam-{i}") }).collect();
    let rollout = Rollout {
        id: "ro-1".into(),
        kind: KIND_CHANGE.into(),
        deployment_id: "old".into(),
        deployment_name: "gate".into(),
        new_deployment_name: Some("gate-r2".into()),
        version: Some(version.into()),
        settings: RolloutSettings { waves: waves.to_vec(), ..settings },
        state: Some(RolloutState::Running),
        device_count: devices,
        waves: plan_waves(waves, &planned).unwrap(),
        ..Rollout::default()
    };
    Stored { rollout, driver: DriverState::default(), version: 1 }
}

fn settings(on_failure: &str) -> RolloutSettings {
    RolloutSettings {
        max_failures: 1,
        wave_timeout_seconds: 5,
        soak_seconds: 0,
        on_failure: on_failure.into(),
        ..RolloutSettings::default()
    }
}

/// Runs the driver's loop until the roll-out stops moving (or `limit` steps); the events told.
fn drive(stored: &mut Stored, world: &mut World, version: &str, limit: usize) -> Vec<TimelineEvent> {
    let mut told = Vec::new();
    for _ in 0..limit {
        if !stored.rollout.state.is_some_and(RolloutState::is_moving) {
            break;
        }
        let seen = world.seen();
        let d = reconcile(stored, &seen);
        told.extend(d.events.clone());
        stored.rollout = d.rollout;
        stored.driver = d.driver;
        world.apply(&d.action, version);
        // No device ever runs both deployments.
        if let (Some(old), Some((_, new))) = (&world.old, &world.new) {
            assert!(old.keys().all(|k| !new.contains_key(k)), "a device in both: {:?}", world.calls);
        }
    }
    told
}

fn kinds(events: &[TimelineEvent]) -> Vec<&str> {
    events.iter().map(|e| e.event.as_str()).collect()
}

#[test]
fn a_good_version_moves_every_device_wave_by_wave_and_deletes_the_old_deployment() {
    let waves = [WaveTarget::Count(1), WaveTarget::Percent(50), WaveTarget::Percent(100)];
    let mut stored = rollout(6, &waves, settings("pause"), "2.0.0");
    let mut world = World::new(6);
    let told = drive(&mut stored, &mut world, "2.0.0", 500);
    assert_eq!(stored.rollout.state, Some(RolloutState::Succeeded), "{:?}", kinds(&told));
    assert!(world.old.is_none(), "the old deployment is gone");
    let new = &world.new.as_ref().unwrap().1;
    assert_eq!(new.len(), 6);
    assert!(new.values().all(|i| i.status == "Running" && i.version.as_deref() == Some("2.0.0")));
    assert_eq!(stored.rollout.done_count, 6);
    assert_eq!(stored.rollout.new_deployment_id.as_deref(), Some("new"));
    assert_eq!(
        world.calls,
        [
            "delete_pod old 1",
            "create 1",
            "delete_pod old 2",
            "add new 2",
            "delete_pod old 3",
            "add new 3",
            "delete old"
        ]
    );
    let k = kinds(&told);
    assert_eq!(k.iter().filter(|e| **e == "wave_done").count(), 3);
    assert_eq!(k.last(), Some(&"succeeded"));
    assert_eq!(k.iter().filter(|e| **e == "deleting_old").count(), 1);
}

#[test]
fn a_failing_version_trips_the_gate_in_wave_one_and_rolls_back_only_that_wave() {
    let waves = [WaveTarget::Count(2), WaveTarget::Percent(100)];
    let mut stored = rollout(5, &waves, settings("rollback"), "bad");
    let mut world = World::new(5);
    let untouched: Vec<String> =
        ["n3", "n4", "n5"].iter().map(|d| world.old.as_ref().unwrap()[*d].pod_id.clone()).collect();
    let told = drive(&mut stored, &mut world, "bad", 500);
    assert_eq!(stored.rollout.state, Some(RolloutState::RolledBack), "{:?}", kinds(&told));
    let old = world.old.as_ref().unwrap();
    assert_eq!(old.len(), 5);
    assert!(old.values().all(|i| i.status == "Running" && i.version.as_deref() == Some("1.0.0")));
    let still: Vec<String> = ["n3", "n4", "n5"].iter().map(|d| old[*d].pod_id.clone()).collect();
    assert_eq!(still, untouched, "wave 2 was never touched");
    assert!(world.new.is_none(), "the new deployment is gone");
    let k = kinds(&told);
    assert!(k.contains(&"gate_tripped") && k.contains(&"rollback_started"), "{k:?}");
    assert_eq!(k.last(), Some(&"rolled_back"));
    assert!(stored.rollout.waves[1].devices.iter().all(|d| d.step == DeviceStep::Waiting));
}

#[test]
fn a_paused_rollout_resumed_with_a_fixed_version_finishes() {
    let waves = [WaveTarget::Count(1), WaveTarget::Percent(100)];
    let mut stored = rollout(3, &waves, settings("pause"), "bad");
    let mut world = World::new(3);
    drive(&mut stored, &mut world, "bad", 200);
    assert_eq!(stored.rollout.state, Some(RolloutState::Paused));
    assert!(stored.rollout.reason.as_deref().unwrap().starts_with("gate: 1 failed"), "{:?}", stored.rollout.reason);
    // What `resume {"version": "2.0.1"}` records: the version, the wave's clock again.
    stored.rollout.state = Some(RolloutState::Running);
    stored.rollout.version = Some("2.0.1".into());
    stored.rollout.waves[0].state = WaveState::InProgress;
    stored.rollout.waves[0].deadline_at = Some(iso8601_ms(world.now + 5000));
    let told = drive(&mut stored, &mut world, "2.0.1", 500);
    assert_eq!(stored.rollout.state, Some(RolloutState::Succeeded), "{:?}", kinds(&told));
    assert!(world.calls.contains(&"patch 2.0.1".to_string()));
    assert!(world.new.as_ref().unwrap().1.values().all(|i| i.version.as_deref() == Some("2.0.1")));
}

#[test]
fn a_step_decided_but_not_made_is_decided_again_without_telling_it_twice() {
    let waves = [WaveTarget::Percent(100)];
    let mut stored = rollout(2, &waves, settings("pause"), "2.0.0");
    let mut world = World::new(2);
    // The decision to delete is recorded, then the process dies before the call.
    let first = reconcile(&stored, &world.seen());
    assert!(matches!(first.action, Action::DeletePods { .. }));
    stored.rollout = first.rollout;
    stored.driver = first.driver;
    let again = reconcile(&stored, &world.seen());
    assert_eq!(again.action, first.action, "the same deletion, asked again");
    assert!(again.events.is_empty(), "{:?}", again.events);
    world.apply(&again.action, "2.0.0");
    stored.rollout = again.rollout;
    stored.driver = again.driver;
    // The join is recorded but not made: asked again (creating by name finds nothing yet).
    let join = reconcile(&stored, &world.seen());
    assert!(matches!(join.action, Action::Create { .. }));
    stored.rollout = join.rollout;
    let again = reconcile(&stored, &world.seen());
    assert!(matches!(again.action, Action::Create { .. }));
    assert!(again.events.is_empty());
}

#[test]
fn drift_pauses_it() {
    let waves = [WaveTarget::Count(1), WaveTarget::Percent(100)];
    let mut stored = rollout(3, &waves, RolloutSettings { soak_seconds: 60, ..settings("pause") }, "2.0.0");
    let mut world = World::new(3);
    drive(&mut stored, &mut world, "2.0.0", 12);
    assert_eq!(stored.rollout.waves[0].state, WaveState::Soaking);
    // Someone puts the old deployment back on the moved device.
    let inst = world.instance("1.0.0", "Running");
    world.old.as_mut().unwrap().insert("n1".into(), inst);
    let d = reconcile(&stored, &world.seen());
    assert_eq!(d.action, Action::Wait);
    stored.rollout = d.rollout;
    assert_eq!(stored.rollout.state, Some(RolloutState::Paused));
    assert!(stored.rollout.reason.as_deref().unwrap().contains("came back on cam-1"), "{:?}", stored.rollout.reason);
}

#[test]
fn adding_devices_grows_the_deployment_and_a_rollback_takes_them_out_again() {
    let waves = [WaveTarget::Count(1), WaveTarget::Percent(100)];
    let mut stored = rollout(2, &waves, settings("rollback"), "1.0.0");
    stored.rollout.kind = hilens_model::rollouts::KIND_ADD_DEVICES.into();
    stored.rollout.new_deployment_name = None;
    stored.rollout.version = None;
    let mut world = World::new(0);
    let told = drive(&mut stored, &mut world, "1.0.0", 200);
    assert_eq!(stored.rollout.state, Some(RolloutState::Succeeded), "{:?}", kinds(&told));
    assert_eq!(world.old.as_ref().unwrap().len(), 2);
    assert_eq!(world.calls, ["add old 1", "add old 1"]);

    let mut stored = rollout(2, &waves, settings("rollback"), "1.0.0");
    stored.rollout.kind = hilens_model::rollouts::KIND_ADD_DEVICES.into();
    stored.rollout.version = None;
    let mut world = World::new(0);
    drive(&mut stored, &mut world, "1.0.0", 4);
    stored.rollout.state = Some(RolloutState::RollingBack);
    stored.rollout.direction = Direction::Back;
    let told = drive(&mut stored, &mut world, "1.0.0", 100);
    assert_eq!(stored.rollout.state, Some(RolloutState::RolledBack), "{:?}", kinds(&told));
    assert!(world.old.as_ref().unwrap().is_empty(), "the added device is out again");
}
