//! Roll-outs survive their driver: the `hilens-proxy` binary killed with SIGKILL mid-wave and
//! started again on the same data (SQLite) finishes the roll-out, no device ending in both
//! deployments or in neither; of two replicas on PostgreSQL, the one driving is killed and the
//! other takes over within the lease. The emulator runs in this process, over real HTTP.

mod common;

use common::fleet::*;
use common::pg::Postgres;
use common::*;

fn dir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("hilens-rollouts-crash-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

async fn until(base: &str, cookie: &str, id: &str, secs: u64, done: impl Fn(&Value) -> bool) -> Value {
    let start = std::time::Instant::now();
    loop {
        let (status, r) = call(base, cookie, M::GET, &format!("/portal/rollouts/{id}"), None).await;
        assert_eq!(status, StatusCode::OK, "{r}");
        if done(&r) {
            return r;
        }
        assert!(start.elapsed() < Duration::from_secs(secs), "not there in {secs} s: {r}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Every device runs exactly one instance, of the new deployment, Running at `version`.
async fn all_on_new(f: &Fleet, new_id: &str, version: &str) {
    let on = f.instances().await;
    assert_eq!(on.len(), f.devices.len(), "every device has an instance: {on:?}");
    for (device, instances) in on {
        assert_eq!(instances.len(), 1, "{device} is in one deployment: {instances:?}");
        assert_eq!(
            (instances[0].0.as_str(), instances[0].1.as_str(), instances[0].2.as_str()),
            (new_id, "Running", version)
        );
    }
}

/// Samples the instances until `stop`: no device is ever in both deployments.
fn watch_both(f: &Fleet, stop: Arc<std::sync::atomic::AtomicBool>) -> tokio::task::JoinHandle<usize> {
    let fleet = Fleet { base: f.base.clone(), token: f.token.clone(), devices: f.devices.clone() };
    tokio::spawn(async move {
        let mut samples = 0;
        while !stop.load(Ordering::SeqCst) {
            for (device, instances) in fleet.instances().await {
                assert!(instances.len() <= 1, "{device} runs both deployments: {instances:?}");
            }
            samples += 1;
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        samples
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_mid_wave_and_started_again_it_finishes() {
    let f = fleet("kill9", 12).await;
    let gate = f.deploy("gate", "1.0.0", &f.ids(0..12)).await;
    let data = dir("kill9");
    let lease = ["--rollout-lease-seconds", "2"];
    let proxy = ProxyBin::start(&data, &f, &lease, &[]).await;
    let ada = proxy.sign_in("ada").await;
    let body = json!({"deployment_id": gate, "version": "2.0.0", "waves": [2, 6, "100%"], "soak_seconds": 1,
        "wave_timeout_seconds": 30});
    let (status, made) = call(&proxy.base, &ada, M::POST, "/portal/rollouts", Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    let id = made["id"].as_str().unwrap().to_string();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watcher = watch_both(&f, stop.clone());

    // Mid-wave: wave 2 has started moving devices.
    let mid = until(&proxy.base, &ada, &id, 30, |r| {
        r["waves"][1]["devices"].as_array().unwrap().iter().any(|d| d["step"] != "waiting")
    })
    .await;
    assert_eq!(mid["state"], "running");
    proxy.kill9();
    let killed_at = std::time::Instant::now();

    let again = ProxyBin::start(&data, &f, &lease, &[]).await;
    let ada = again.sign_in("ada").await;
    let done = until(&again.base, &ada, &id, 60, |r| r["state"] != "running").await;
    stop.store(true, Ordering::SeqCst);
    assert!(watcher.await.unwrap() > 0, "the instances were watched");
    assert_eq!(done["state"], "succeeded", "{}", serde_json::to_string_pretty(&done).unwrap());
    all_on_new(&f, done["new_deployment_id"].as_str().unwrap(), "2.0.0").await;
    let (status, _) = f.deployment(&gate).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let taken = done["timeline"].as_array().unwrap().iter().find(|e| e["event"] == "driver");
    assert!(taken.is_some(), "the restarted proxy says it drives now: {done}");
    eprintln!("restarted and finished {:.1} s after the kill", killed_at.elapsed().as_secs_f64());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn of_two_replicas_the_driving_one_killed_the_other_takes_over_within_the_lease() {
    let pg = Postgres::start("rollouts");
    let f = fleet("replicas", 8).await;
    let gate = f.deploy("gate", "1.0.0", &f.ids(0..8)).await;
    let key = dir("replicas-key").join("audit.key");
    std::fs::create_dir_all(key.parent().unwrap()).unwrap();
    std::fs::write(&key, [9u8; 32]).unwrap();
    std::fs::set_permissions(&key, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    let lease_secs = 3;
    let flags = ["--rollout-lease-seconds", "3", "--audit-key-file", key.to_str().unwrap()];
    let env = [("HILENS_STATE_STORE", pg.url())];
    let a = ProxyBin::start(&dir("replica-a"), &f, &flags, &env).await;
    let b = ProxyBin::start(&dir("replica-b"), &f, &flags, &env).await;
    let (ada_a, ada_b) = (a.sign_in("ada").await, b.sign_in("ada").await);
    let body = json!({"deployment_id": gate, "version": "2.0.0", "waves": [2, 4, "100%"], "soak_seconds": 2,
        "wave_timeout_seconds": 30});
    let (status, made) = call(&a.base, &ada_a, M::POST, "/portal/rollouts", Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    let id = made["id"].as_str().unwrap().to_string();
    // Either replica shows it, from the one store.
    let seen = until(&b.base, &ada_b, &id, 30, |r| r["current_wave"].as_u64() >= Some(2)).await;
    assert_eq!(seen["state"], "running");

    let url = pg.url();
    let holder = move || {
        let url = url.clone();
        std::thread::spawn(move || {
            let mut db = postgres::Client::connect(&url, postgres::NoTls).unwrap();
            let row = db.query_one("SELECT holder FROM rollout_lease WHERE name = 'driver'", &[]).unwrap();
            row.get::<_, String>(0)
        })
        .join()
        .unwrap()
    };
    let pid_of = |holder: &str| holder.split('/').nth(1).unwrap().parse::<u32>().unwrap();
    let driving = pid_of(&holder());
    let (killed, survivor, cookie) = if driving == a.child.id() {
        (a, b, ada_b)
    } else {
        assert_eq!(driving, b.child.id(), "one of the two drives");
        (b, a, ada_a)
    };
    let survivor_pid = survivor.child.id();
    killed.kill9();
    let killed_at = std::time::Instant::now();
    while pid_of(&holder()) != survivor_pid {
        assert!(killed_at.elapsed() < Duration::from_secs(lease_secs + 2), "taken over within the lease");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let took = killed_at.elapsed();
    assert!(took <= Duration::from_secs(lease_secs) + Duration::from_millis(1500), "took {took:?}");
    eprintln!("the other replica took the lease {:.1} s after the kill (lease {lease_secs} s)", took.as_secs_f64());

    let done = until(&survivor.base, &cookie, &id, 60, |r| r["state"] != "running").await;
    assert_eq!(done["state"], "succeeded", "{}", serde_json::to_string_pretty(&done).unwrap());
    all_on_new(&f, done["new_deployment_id"].as_str().unwrap(), "2.0.0").await;
    let taken = done["timeline"].as_array().unwrap().iter().find(|e| e["event"] == "driver").unwrap();
    assert!(taken["detail"].as_str().unwrap().contains(&format!("/{survivor_pid}/")), "{taken}");
}
