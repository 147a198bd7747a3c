//! Staged roll-outs over real HTTP: the emulator (in this process, on 127.0.0.1, with
//! `--fail-versions`) and the `hilens-proxy` binary in service mode in front of it. The plan and
//! its dry run: waves by device name, the deterministic new name, every refusal said up front.

mod common;

use common::fleet::*;
use common::*;

fn dir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("hilens-rollouts-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn wave_names(plan: &Value) -> Vec<Vec<String>> {
    plan["waves"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["devices"].as_array().unwrap().iter().map(|d| d["name"].as_str().unwrap().to_string()).collect())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dry_run_gives_the_waves_by_device_name_and_the_new_name_and_makes_nothing() {
    let f = fleet("dry-run", 30).await;
    let all = f.ids(0..30);
    let gate = f.deploy("gate", "1.0.0", &all).await;
    let proxy = ProxyBin::start(&dir("dry-run"), &f, &[], &[]).await;
    let ada = proxy.sign_in("ada").await;

    let body =
        json!({"deployment_id": gate, "version": "2.0.0", "waves": [1, "10%", "50%", "100%"], "soak_seconds": 60});
    let (status, plan) = call(&proxy.base, &ada, M::POST, "/portal/rollouts?dry_run=1", Some(body.clone())).await;
    assert_eq!(status, StatusCode::OK, "{plan}");
    assert_eq!(plan["id"], "", "nothing was made");
    assert_eq!((plan["kind"].as_str(), plan["new_deployment_name"].as_str()), (Some("change"), Some("gate-r2")));
    assert_eq!((plan["device_count"].as_u64(), plan["from_version"].as_str()), (Some(30), Some("1.0.0")));
    let names = wave_names(&plan);
    assert_eq!(names.iter().map(Vec::len).collect::<Vec<_>>(), [1, 2, 12, 15], "1, 10 %, 50 %, 100 % of 30");
    assert_eq!(names[0], ["cam-1"]);
    assert_eq!(names[1], ["cam-2", "cam-3"]);
    assert_eq!(plan["waves"][0]["devices"][0]["id"], all[0]);
    assert_eq!(plan["waves"][3]["target"], 30);
    assert_eq!(plan["settings"]["soak_seconds"], 60);
    assert_eq!(plan["settings"]["waves"], json!([1, "10%", "50%", "100%"]));
    let (_, listed) = f.send(M::GET, "/v3/{p}/ai-mgr/deployments", None).await;
    assert_eq!(listed["count"], 1, "no deployment was made");
    let (status, none) = call(&proxy.base, &ada, M::GET, "/portal/rollouts", None).await;
    assert_eq!((status, none["total"].as_u64()), (StatusCode::OK, Some(0)));

    // A later roll-out's name counts on: a deployment named gate-r2 exists already.
    f.deploy("gate-r2", "1.0.0", &all[..1]).await;
    let (_, plan) = call(&proxy.base, &ada, M::POST, "/portal/rollouts?dry_run=1", Some(body.clone())).await;
    assert_eq!(plan["new_deployment_name"], "gate-r3");

    // Adding devices: those in the deployment already are left out; by tags, every device
    // carrying them.
    let small = f.deploy("small", "1.0.0", &all[10..12]).await;
    let add = json!({"deployment_id": small, "add_node_ids": [all[12], all[10], all[13]], "waves": [1, "100%"]});
    let (status, plan) = call(&proxy.base, &ada, M::POST, "/portal/rollouts?dry_run=1", Some(add)).await;
    assert_eq!(status, StatusCode::OK, "{plan}");
    assert_eq!((plan["kind"].as_str(), plan.get("new_deployment_name")), (Some("add_devices"), None));
    assert_eq!(wave_names(&plan), [vec!["cam-13"], vec!["cam-14"]]);
    let node = |id: &String| json!({"resource_type": "node", "resource_id": id});
    let tag = json!({"resources": [node(&all[20]), node(&all[21]), node(&all[11])], "tags": [{"key": "site", "value": "sz"}]});
    let (status, _) = f.send(M::POST, "/v3/{p}/tag-mgr/node-tags", Some(tag)).await;
    assert_eq!(status, StatusCode::OK);
    let add = json!({"deployment_id": small, "add_node_tags": [{"key": "site", "value": "sz"}], "waves": ["100%"]});
    let (status, plan) = call(&proxy.base, &ada, M::POST, "/portal/rollouts?dry_run=1", Some(add)).await;
    assert_eq!(status, StatusCode::OK, "{plan}");
    assert_eq!(wave_names(&plan), [vec!["cam-21", "cam-22"]], "cam-12 is in the deployment already");

    // A deployment by tags (or a cluster) is rolled out to the devices it runs on.
    let by_tags = json!({"name": "tagged", "source": "userdefined", "node_tags": [{"key": "site", "value": "sz"}],
        "node_num": 5, "deployment": {"replicas": 1, "template": {"configs": {"restart_policy": "Always"},
        "apps": [{"name": "counter", "app_url": "swr.cn-north-4.myhuaweicloud.com/demo/counter:1", "version": "1.0.0"}]}}});
    let (status, tagged) = f.send(M::POST, "/v3/{p}/ai-mgr/deployments", Some(by_tags)).await;
    assert_eq!(status, StatusCode::OK, "{tagged}");
    let change =
        json!({"deployment_id": tagged["id"], "envs": [{"name": "LOG_LEVEL", "value": "debug"}], "waves": ["100%"]});
    let (status, plan) = call(&proxy.base, &ada, M::POST, "/portal/rollouts?dry_run=1", Some(change)).await;
    assert_eq!(status, StatusCode::OK, "{plan}");
    assert_eq!(plan["device_count"], 3, "resolved to the devices carrying the tag");
    assert_eq!(plan["new_deployment_name"], "tagged-r2");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_are_said_up_front_naming_the_field() {
    let f = fleet("refusals", 6).await;
    let all = f.ids(0..6);
    let gate = f.deploy("gate", "1.0.0", &all[..3]).await;
    let proxy = ProxyBin::start(&dir("refusals"), &f, &[], &[]).await;
    let (ada, vic, wes) = (proxy.sign_in("ada").await, proxy.sign_in("vic").await, proxy.sign_in("wes").await);
    let plan = |extra: Value| {
        let mut b = json!({"deployment_id": gate, "version": "2.0.0", "waves": [1, "100%"]});
        for (k, v) in extra.as_object().unwrap() {
            b[k] = v.clone();
        }
        b
    };
    let dry = "/portal/rollouts?dry_run=1";

    let (status, err) = call(&proxy.base, &vic, M::POST, dry, Some(plan(json!({})))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(msg(&err).contains("deployments:rollout") && msg(&err).contains("operator"), "{err}");
    assert_eq!(err["error_code"], "CONSOLE.0403");
    let (status, err) = call(&proxy.base, &vic, M::GET, "/portal/rollouts", None).await;
    assert_eq!(status, StatusCode::OK, "a viewer reads roll-outs: {err}");
    let (status, err) = call(&proxy.base, &wes, M::POST, dry, Some(plan(json!({})))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(msg(&err).contains("not in your workspaces"), "{err}");

    for (extra, field, code) in [
        (json!({"add_node_ids": [all[4]]}), "add_node_ids", StatusCode::BAD_REQUEST),
        (json!({"waves": [1, "50%"]}), "waves[1]", StatusCode::BAD_REQUEST),
        (json!({"waves": [2, 1, "100%"]}), "waves[1]", StatusCode::BAD_REQUEST),
        (json!({"waves": "all"}), "waves", StatusCode::BAD_REQUEST),
        (json!({"on_failure": "continue"}), "on_failure", StatusCode::BAD_REQUEST),
        (json!({"max_failures": 0}), "max_failures", StatusCode::BAD_REQUEST),
        (json!({"version": null, "envs": null}), "version", StatusCode::BAD_REQUEST),
        (json!({"deployment_id": "hilens-none"}), "deployment_id", StatusCode::NOT_FOUND),
    ] {
        let (status, err) = call(&proxy.base, &ada, M::POST, dry, Some(plan(extra.clone()))).await;
        assert_eq!(status, code, "{extra}: {err}");
        assert!(msg(&err).contains(field), "{extra}: {err}");
    }
    let (status, err) = call(
        &proxy.base,
        &ada,
        M::POST,
        dry,
        Some(json!({"deployment_id": gate, "version": "2.0.0",
        "waves": ["100%"], "add_node_ids": ["x"]})),
    )
    .await;
    assert_eq!((status, err["error_code"].as_str()), (StatusCode::BAD_REQUEST, Some("HIL.0100")));
    let (status, err) = call(
        &proxy.base,
        &ada,
        M::POST,
        dry,
        Some(json!({"deployment_id": gate,
        "add_node_ids": ["hilens-no-device"], "waves": ["100%"]})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(msg(&err).contains("add_node_ids[0]"), "{err}");
    let (status, err) = call(
        &proxy.base,
        &ada,
        M::POST,
        dry,
        Some(json!({"deployment_id": gate,
        "add_node_ids": [all[0]], "waves": ["100%"]})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(msg(&err).contains("add_node_ids") && msg(&err).contains("already"), "{err}");

    // Jobs would stay with the old deployment: refused while it has any.
    let stream = json!({"input": {"type": "camera", "data": {"rtsp": "rtsp://10.0.0.9/1"}},
        "outputs": [{"type": "dis", "data": {"streamName": "counts"}}]});
    let (status, task) = f
        .send(
            M::POST,
            &format!("/v3/{{p}}/ai-mgr/deployments/{gate}/tasks"),
            Some(json!({"name": "count", "data": {"streams": [stream]}})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{task}");
    let (status, err) = call(&proxy.base, &ada, M::POST, dry, Some(plan(json!({})))).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(msg(&err).contains("deployment_id") && msg(&err).contains("job"), "{err}");
    // Adding devices keeps the jobs where they are: allowed.
    let (status, _) = call(
        &proxy.base,
        &ada,
        M::POST,
        dry,
        Some(json!({"deployment_id": gate,
        "add_node_ids": [all[3]], "waves": ["100%"]})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);

    // A market deployment: both deployments hold units at once, so the order needs them free.
    let (_, free) = f.send(M::GET, "/v1/skill-market/skills?charge_model=0&limit=1", None).await;
    let skill = free["data"][0]["skill_id"].as_str().unwrap().to_string();
    let (_, order) = f
        .send(
            M::POST,
            "/v1/{p}/skill-market/skill-order",
            Some(json!({"skill_id": skill, "amount": 4, "commission_flag": 0})),
        )
        .await;
    let order = order["order_id"].as_str().unwrap().to_string();
    let market = json!({"name": "shop", "source": "hlm", "node_ids": all[3..6],
        "deployment": {"replicas": 1, "template": {"configs": {"restart_policy": "Always"}, "apps": [
            {"name": "shop", "app_url": "hilens://skills/x", "version": "1.0.0", "app_order_id": order}]}}});
    let (status, shop) = f.send(M::POST, "/v3/{p}/ai-mgr/deployments", Some(market)).await;
    assert_eq!(status, StatusCode::OK, "{shop}");
    let shop = shop["id"].as_str().unwrap().to_string();
    let (status, err) = call(
        &proxy.base,
        &ada,
        M::POST,
        dry,
        Some(json!({"deployment_id": shop, "version": "2.0.0",
        "waves": ["100%"]})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    assert!(msg(&err).contains("deployment.template.apps[0].app_order_id") && msg(&err).contains("1 free"), "{err}");
}

/// Polls the roll-out until `done` says so (or panics after `secs`), returning it.
async fn until(base: &str, cookie: &str, id: &str, secs: u64, done: impl Fn(&Value) -> bool) -> Value {
    let start = std::time::Instant::now();
    loop {
        let (status, r) = call(base, cookie, M::GET, &format!("/portal/rollouts/{id}"), None).await;
        assert_eq!(status, StatusCode::OK, "{r}");
        if done(&r) {
            return r;
        }
        assert!(
            start.elapsed() < Duration::from_secs(secs),
            "not there in {secs} s: {}",
            serde_json::to_string_pretty(&r).unwrap()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn state(r: &Value) -> &str {
    r["state"].as_str().unwrap_or_default()
}

fn timeline(r: &Value) -> Vec<String> {
    r["timeline"].as_array().unwrap().iter().map(|e| e["event"].as_str().unwrap().to_string()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_good_version_goes_out_in_three_waves_and_the_old_deployment_is_deleted() {
    let f = fleet("good", 6).await;
    let all = f.ids(0..6);
    let gate = f.deploy("gate", "1.0.0", &all).await;
    let proxy = ProxyBin::start(&dir("good"), &f, &[], &[]).await;
    let ada = proxy.sign_in("ada").await;
    let body = json!({"deployment_id": gate, "version": "2.0.0", "waves": [1, "50%", "100%"], "soak_seconds": 1,
        "wave_timeout_seconds": 20});
    let (status, made) = call(&proxy.base, &ada, M::POST, "/portal/rollouts", Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    let id = made["id"].as_str().unwrap().to_string();
    assert!(id.starts_with("ro-"));
    assert_eq!((state(&made), made["new_deployment_name"].as_str()), ("running", Some("gate-r2")));

    // While it runs, the deployments change through the roll-out only.
    let (status, err) = call(
        &proxy.base,
        &ada,
        M::PATCH,
        &format!("/api/v3/{{p}}/ai-mgr/deployments/{gate}"),
        Some(json!({"version": "3.0.0"})),
    )
    .await;
    assert_eq!((status, err["error_code"].as_str()), (StatusCode::CONFLICT, Some("CONSOLE.0409")));
    assert!(msg(&err).contains(&id), "{err}");
    let again = json!({"deployment_id": gate, "version": "2.0.1", "waves": ["100%"]});
    let (status, err) = call(&proxy.base, &ada, M::POST, "/portal/rollouts?dry_run=1", Some(again)).await;
    assert_eq!((status, err["error_code"].as_str()), (StatusCode::CONFLICT, Some("CONSOLE.0409")), "{err}");

    let done = until(&proxy.base, &ada, &id, 60, |r| state(r) != "running").await;
    assert_eq!(state(&done), "succeeded", "{}", serde_json::to_string_pretty(&done).unwrap());
    let new_id = done["new_deployment_id"].as_str().unwrap().to_string();
    let (status, _) = f.deployment(&gate).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "the old deployment is gone");
    let on = f.instances().await;
    assert_eq!(on.len(), 6);
    for (device, instances) in &on {
        assert_eq!(instances.len(), 1, "{device}: {instances:?}");
        let (deployment, status, version) = &instances[0];
        assert_eq!((deployment.as_str(), status.as_str(), version.as_str()), (new_id.as_str(), "Running", "2.0.0"));
    }
    let (_, shown) = f.deployment(&new_id).await;
    assert_eq!(
        (shown["name"].as_str(), shown["tags"][0]["key"].as_str()),
        (Some("gate-r2"), Some("team")),
        "tags copied"
    );
    let events = timeline(&done);
    assert_eq!(events.first().map(String::as_str), Some("created"));
    assert_eq!(events.iter().filter(|e| *e == "wave_done").count(), 3, "{events:?}");
    assert_eq!(events.last().map(String::as_str), Some("succeeded"));
    assert_eq!(done["done_count"], 6);
    assert!(done["waves"].as_array().unwrap().iter().all(|w| w["state"] == "done"));
    // Ended: the deployment is free again, and the roll-out is listed by either deployment.
    let (status, _) = call(
        &proxy.base,
        &ada,
        M::PATCH,
        &format!("/api/v3/{{p}}/ai-mgr/deployments/{new_id}"),
        Some(json!({"version": "2.0.1"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, listed) = call(&proxy.base, &ada, M::GET, &format!("/portal/rollouts?deployment_id={new_id}"), None).await;
    assert_eq!((listed["total"].as_u64(), listed["rollouts"][0]["id"].as_str()), (Some(1), Some(id.as_str())));
    assert!(listed["rollouts"][0]["waves"][0].get("devices").is_none(), "a list leaves the devices out");
    let (_, listed) = call(&proxy.base, &ada, M::GET, "/portal/rollouts?state=succeeded", None).await;
    assert_eq!(listed["total"], 1);
    // The audit log names the roll-out as the actor of its calls.
    let db = rusqlite::Connection::open(proxy.dir.join("data/audit.db")).unwrap();
    let mut stmt = db.prepare("SELECT DISTINCT user, operation FROM audit_log WHERE user LIKE 'rollout %'").unwrap();
    let actors: Vec<(String, String)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect();
    let actor = format!("rollout {id} for ada");
    for op in ["delete_pod", "create_deployment", "add_deployment_nodes", "delete_deployment"] {
        assert!(actors.contains(&(actor.clone(), op.to_string())), "{op}: {actors:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_version_trips_the_gate_in_wave_one_and_rolls_back_only_that_wave() {
    let f = fleet("rollback", 6).await;
    let all = f.ids(0..6);
    let gate = f.deploy("gate", "1.0.0", &all).await;
    let before = f.pod_ids(&gate).await;
    let proxy = ProxyBin::start(&dir("rollback"), &f, &[], &[]).await;
    let ada = proxy.sign_in("ada").await;
    let body = json!({"deployment_id": gate, "version": BAD, "waves": [2, "100%"], "on_failure": "rollback",
        "wave_timeout_seconds": 20});
    let (status, made) = call(&proxy.base, &ada, M::POST, "/portal/rollouts", Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    let id = made["id"].as_str().unwrap().to_string();
    let done = until(&proxy.base, &ada, &id, 60, |r| !matches!(state(r), "running" | "rolling_back")).await;
    assert_eq!(state(&done), "rolled_back", "{}", serde_json::to_string_pretty(&done).unwrap());
    assert!(done["reason"].as_str().unwrap().contains("gate"), "{done}");
    let events = timeline(&done);
    for e in ["gate_tripped", "rollback_started", "devices_returning", "wave_rolled_back", "rolled_back"] {
        assert!(events.iter().any(|x| x == e), "{e}: {events:?}");
    }
    // Every device is back on the old version, Running; the untouched wave kept its instances.
    let after = f.instances().await;
    let pods = f.pod_ids(&gate).await;
    for (i, device) in all.iter().enumerate() {
        let on = &after[device];
        assert_eq!(on.len(), 1, "{device}: {on:?}");
        assert_eq!((on[0].0.as_str(), on[0].1.as_str(), on[0].2.as_str()), (gate.as_str(), "Running", "1.0.0"));
        assert_eq!(pods[device] == before[device], i >= 2, "only wave 1 was touched: {device}");
    }
    assert!(done["waves"][1]["devices"].as_array().unwrap().iter().all(|d| d["step"] == "waiting"));
    assert!(done["waves"][0]["devices"].as_array().unwrap().iter().all(|d| d["step"] == "returned"));
    let (_, listed) = f.send(M::GET, "/v3/{p}/ai-mgr/deployments?name=gate-r2", None).await;
    assert_eq!(listed["count"], 0, "the new deployment is gone");
    // Ended: nothing is left to do with it.
    let (status, err) = call(&proxy.base, &ada, M::POST, &format!("/portal/rollouts/{id}/resume"), None).await;
    assert_eq!((status, err["error_code"].as_str()), (StatusCode::CONFLICT, Some("CONSOLE.0409")), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_version_pauses_and_resuming_with_a_fixed_version_finishes() {
    let f = fleet("pause", 5).await;
    let all = f.ids(0..5);
    let gate = f.deploy("gate", "1.0.0", &all).await;
    let proxy = ProxyBin::start(&dir("pause"), &f, &[], &[]).await;
    let (ada, vic) = (proxy.sign_in("ada").await, proxy.sign_in("vic").await);
    let body = json!({"deployment_id": gate, "version": BAD, "waves": [1, "100%"], "wave_timeout_seconds": 20});
    let (status, made) = call(&proxy.base, &ada, M::POST, "/portal/rollouts", Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    let id = made["id"].as_str().unwrap().to_string();
    let paused = until(&proxy.base, &ada, &id, 60, |r| state(r) != "running").await;
    assert_eq!(state(&paused), "paused", "{paused}");
    assert!(paused["reason"].as_str().unwrap().starts_with("gate: 1 failed"), "{paused}");
    let failed = &paused["waves"][0]["devices"][0];
    assert_eq!((failed["step"].as_str(), failed["instance_state"].as_str()), (Some("failed"), Some("Failed")));
    assert!(failed["instance_reason"].as_str().unwrap().contains("--fail-versions"), "{failed}");
    assert_eq!(paused["waves"][1]["state"], "pending", "wave 2 waits");

    // Who may: a viewer reads but cannot act; nothing is resumed by a version that breaks the rule.
    let at = |what: &str| format!("/portal/rollouts/{id}/{what}");
    let (status, err) = call(&proxy.base, &vic, M::POST, &at("resume"), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{err}");
    let (status, err) = call(&proxy.base, &ada, M::POST, &at("resume"), Some(json!({"version": "2 0"}))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(msg(&err).contains("version"), "{err}");
    let (status, _) = call(&proxy.base, &ada, M::POST, &at("jump"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, err) = call(&proxy.base, &ada, M::POST, &at("pause"), None).await;
    assert_eq!(status, StatusCode::CONFLICT, "already paused: {err}");

    let (status, resumed) = call(&proxy.base, &ada, M::POST, &at("resume"), Some(json!({"version": "2.0.1"}))).await;
    assert_eq!((status, state(&resumed)), (StatusCode::OK, "running"), "{resumed}");
    let done = until(&proxy.base, &ada, &id, 60, |r| state(r) != "running").await;
    assert_eq!(state(&done), "succeeded", "{}", serde_json::to_string_pretty(&done).unwrap());
    let new_id = done["new_deployment_id"].as_str().unwrap();
    for (device, on) in f.instances().await {
        assert_eq!(on.len(), 1, "{device}: {on:?}");
        assert_eq!((on[0].0.as_str(), on[0].1.as_str(), on[0].2.as_str()), (new_id, "Running", "2.0.1"));
    }
    let events = timeline(&done);
    for e in ["gate_tripped", "paused", "resumed", "version", "succeeded"] {
        assert!(events.iter().any(|x| x == e), "{e}: {events:?}");
    }
    let resumed = done["timeline"].as_array().unwrap().iter().find(|e| e["event"] == "resumed").unwrap();
    assert_eq!((resumed["by"].as_str(), resumed["detail"].as_str()), (Some("ada"), Some("resumed with version 2.0.1")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_pauses_resumes_aborts_and_rolls_back() {
    let f = fleet("actions", 4).await;
    let all = f.ids(0..4);
    let gate = f.deploy("gate", "1.0.0", &all).await;
    let proxy = ProxyBin::start(&dir("actions"), &f, &[], &[]).await;
    let ada = proxy.sign_in("ada").await;
    let body = json!({"deployment_id": gate, "version": "2.0.0", "waves": [1, 2, "100%"], "soak_seconds": 30});
    let (_, made) = call(&proxy.base, &ada, M::POST, "/portal/rollouts", Some(body)).await;
    let id = made["id"].as_str().unwrap().to_string();
    let at = |what: &str| format!("/portal/rollouts/{id}/{what}");
    // Soaking in wave 1: pause, resume, promote (ends the soak), abort.
    until(&proxy.base, &ada, &id, 30, |r| r["waves"][0]["state"] == "soaking").await;
    let (status, paused) = call(&proxy.base, &ada, M::POST, &at("pause"), None).await;
    assert_eq!((status, state(&paused)), (StatusCode::OK, "paused"));
    assert_eq!(paused["reason"], "paused by ada");
    // `state=active` finds it (the console's "rolling out" badges), by either deployment.
    let (status, active) = call(&proxy.base, &ada, M::GET, "/portal/rollouts?state=active", None).await;
    assert_eq!((status, active["total"].as_u64()), (StatusCode::OK, Some(1)), "{active}");
    assert_eq!(active["rollouts"][0]["id"], id.as_str());
    let (_, running) = call(&proxy.base, &ada, M::GET, "/portal/rollouts?state=running", None).await;
    assert_eq!(running["total"], 0, "paused is not running");
    let (_, resumed) = call(&proxy.base, &ada, M::POST, &at("resume"), None).await;
    assert_eq!(state(&resumed), "running");
    until(&proxy.base, &ada, &id, 30, |r| r["waves"][0]["state"] == "soaking").await;
    let (status, promoted) = call(&proxy.base, &ada, M::POST, &at("promote"), None).await;
    assert_eq!(status, StatusCode::OK, "{promoted}");
    assert_eq!((promoted["waves"][0]["state"].as_str(), promoted["current_wave"].as_u64()), (Some("done"), Some(2)));
    until(&proxy.base, &ada, &id, 30, |r| r["waves"][1]["state"] == "soaking").await;
    let (status, aborted) = call(&proxy.base, &ada, M::POST, &at("abort"), None).await;
    assert_eq!((status, state(&aborted)), (StatusCode::OK, "aborted"));
    // Aborted: devices stay where they are, the deployments are free; only rollback is left.
    tokio::time::sleep(Duration::from_millis(600)).await;
    let on = f.instances().await;
    let on_new = on.values().filter(|i| i[0].0 != gate).count();
    assert_eq!(on_new, 2, "two devices stay on the new deployment: {on:?}");
    let (status, err) = call(&proxy.base, &ada, M::POST, &at("resume"), None).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(msg(&err).contains("only rollback"), "{err}");
    let (status, rolling) = call(&proxy.base, &ada, M::POST, &at("rollback"), None).await;
    assert_eq!((status, state(&rolling)), (StatusCode::OK, "rolling_back"), "{rolling}");
    let done = until(&proxy.base, &ada, &id, 60, |r| state(r) != "rolling_back").await;
    assert_eq!(state(&done), "rolled_back", "{done}");
    for (device, on) in f.instances().await {
        assert_eq!((on.len(), on[0].0.as_str(), on[0].2.as_str()), (1, gate.as_str(), "1.0.0"), "{device}");
    }
    let events = timeline(&done);
    for e in ["paused", "resumed", "promoted", "aborted", "rollback_started", "rolled_back"] {
        assert!(events.iter().any(|x| x == e), "{e}: {events:?}");
    }
    let (_, active) =
        call(&proxy.base, &ada, M::GET, &format!("/portal/rollouts?state=active&deployment_id={gate}"), None).await;
    assert_eq!(active["total"], 0, "an ended roll-out is not active");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thirty_devices_in_four_waves_the_timeline() {
    let f = fleet("thirty", 30).await;
    let gate = f.deploy("gate", "1.0.0", &f.ids(0..30)).await;
    let proxy = ProxyBin::start(&dir("thirty"), &f, &[], &[]).await;
    let ada = proxy.sign_in("ada").await;
    let body = json!({"deployment_id": gate, "version": "2.0.0", "waves": [1, "10%", "50%", "100%"], "soak_seconds": 2,
        "wave_timeout_seconds": 30});
    let (status, made) = call(&proxy.base, &ada, M::POST, "/portal/rollouts", Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    let id = made["id"].as_str().unwrap().to_string();
    let done = until(&proxy.base, &ada, &id, 120, |r| state(r) != "running").await;
    assert_eq!(state(&done), "succeeded", "{done}");
    let sizes: Vec<usize> =
        done["waves"].as_array().unwrap().iter().map(|w| w["devices"].as_array().unwrap().len()).collect();
    assert_eq!(sizes, [1, 2, 12, 15]);
    // The timeline, with times from the roll-out's creation.
    let start = hilens_model::time::parse_iso8601_ms(done["created_at"].as_str().unwrap()).unwrap();
    let mut text = format!(
        "roll-out {id}: gate 1.0.0 → gate-r2 2.0.0, 30 devices, waves [1, \"10%\", \"50%\", \"100%\"], soak 2 s\n"
    );
    for e in done["timeline"].as_array().unwrap() {
        let at = hilens_model::time::parse_iso8601_ms(e["ts"].as_str().unwrap()).unwrap() - start;
        let wave = e["wave"].as_u64().map(|w| format!("wave {w}")).unwrap_or_default();
        text.push_str(&format!(
            "+{:>6.2} s  {:<18} {:<7} {}\n",
            at as f64 / 1000.0,
            e["event"].as_str().unwrap(),
            wave,
            e["detail"].as_str().unwrap()
        ));
    }
    for w in done["waves"].as_array().unwrap() {
        let at = |k: &str| hilens_model::time::parse_iso8601_ms(w[k].as_str().unwrap()).unwrap() - start;
        text.push_str(&format!(
            "wave {}: {} device(s), started +{:.2} s, done +{:.2} s\n",
            w["index"],
            w["devices"].as_array().unwrap().len(),
            at("started_at") as f64 / 1000.0,
            at("ended_at") as f64 / 1000.0
        ));
    }
    let file = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("rollout-30-devices-4-waves.txt");
    std::fs::write(&file, &text).unwrap();
    eprintln!("{text}(written to {})", file.display());
    assert!(done["timeline"].as_array().unwrap().len() >= 4 * 3, "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_iam_mode_the_token_is_sealed_and_signing_out_does_not_stop_it() {
    // The binary on its embedded emulator (a laptop's ./scripts/run): IAM sign-in, and the
    // embedded emulator's own --emulator-fail-versions.
    let data = dir("iam");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("index.html"), "<!doctype html><p>console</p>").unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_hilens-proxy"))
        .args(["--listen", &format!("127.0.0.1:{port}"), "--dist"])
        .arg(&data)
        .arg("--data-dir")
        .arg(data.join("data"))
        .args(["--emulator-connect-delay-ms", "200", "--emulator-fail-versions", BAD, "--log-level", "warn"])
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let proxy = ProxyBin { child, base: format!("http://127.0.0.1:{port}"), dir: data.clone() };
    for _ in 0..400 {
        if client().get(format!("{}/healthz", proxy.base)).send().await.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let cookie = sign_in(&proxy.base).await;
    let (status, _) = call(
        &proxy.base,
        &cookie,
        M::POST,
        "/api/v3/{p}/ai-mgr/nodes",
        Some(json!({"node": {"name": "kit", "batch": 3}})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, nodes) = call(&proxy.base, &cookie, M::GET, "/api/v3/{p}/ai-mgr/nodes?name=kit", None).await;
    let ids: Vec<String> =
        nodes["nodes"].as_array().unwrap().iter().map(|n| n["id"].as_str().unwrap().to_string()).collect();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let body = json!({"name": "kits", "source": "userdefined", "node_ids": ids, "deployment": {"replicas": 1, "template":
        {"configs": {"restart_policy": "Always"}, "apps": [{"name": "app", "app_url": "swr/app:1", "version": "1.0.0"}]}}});
    let (status, d) = call(&proxy.base, &cookie, M::POST, "/api/v3/{p}/ai-mgr/deployments", Some(body)).await;
    assert_eq!(status, StatusCode::OK, "{d}");
    let plan = json!({"deployment_id": d["id"], "version": BAD, "waves": [1, "100%"], "on_failure": "rollback"});
    let (status, made) = call(&proxy.base, &cookie, M::POST, "/portal/rollouts", Some(plan)).await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    let id = made["id"].as_str().unwrap().to_string();
    // Signed out: the roll-out goes on with the sealed token.
    let (_, session) = call(&proxy.base, &cookie, M::GET, "/auth/session", None).await;
    assert_eq!(session["role"], "iam");
    let out = client()
        .post(format!("{}/auth/logout", proxy.base))
        .header("cookie", &cookie)
        .header("x-hilens-console", "1")
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    let again = sign_in(&proxy.base).await;
    let done = until(&proxy.base, &again, &id, 60, |r| !matches!(state(r), "running" | "rolling_back")).await;
    assert_eq!(state(&done), "rolled_back", "{done}");
    assert!(done["reason"].as_str().unwrap().contains("gate"), "{done}");
    // The IAM token is sealed at rest: nowhere in the store in clear.
    let stored = std::fs::read(data.join("data/state.db")).unwrap_or_default();
    let wal = std::fs::read(data.join("data/state.db-wal")).unwrap_or_default();
    let all = String::from_utf8_lossy(&[stored, wal].concat()).to_string();
    assert!(all.contains("sealed_token"), "the store holds the sealed token");
    assert!(!all.contains("MIIE"), "never the token itself (the emulator's tokens start MIIE)");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_creators_permission_is_checked_at_each_step_and_tokens_may_roll_out() {
    let f = fleet("authority", 3).await;
    let gate = f.deploy("gate", "1.0.0", &f.ids(0..3)).await;
    let proxy = ProxyBin::start(&dir("authority"), &f, &["--reload-every", "1"], &[]).await;
    let ada = proxy.sign_in("ada").await;
    // A script with ada's API token plans and makes it (no console header needed).
    let (_, made) =
        call(&proxy.base, &ada, M::POST, "/auth/tokens", Some(json!({"name": "ci", "expires_in_days": 1}))).await;
    let token = made["token"].as_str().unwrap().to_string();
    let body = json!({"deployment_id": gate, "version": "2.0.0", "waves": [1, "100%"], "soak_seconds": 60});
    let resp =
        client().post(format!("{}/portal/rollouts", proxy.base)).bearer_auth(&token).json(&body).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::CREATED);
    let id = resp.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();
    until(&proxy.base, &ada, &id, 30, |r| r["waves"][0]["state"] == "soaking").await;
    // ada is a viewer now: the roll-out stops at its next step, saying why.
    let users: Vec<_> = USERS.iter().map(|u| if u.0 == "ada" { ("ada", u.1, "viewer", u.3) } else { *u }).collect();
    write_users(&proxy.dir.join("users.toml"), &users);
    let paused = until(&proxy.base, &ada, &id, 30, |r| state(r) != "running").await;
    assert_eq!(state(&paused), "paused", "{paused}");
    assert!(paused["reason"].as_str().unwrap().starts_with("authority: ada may no longer roll out"), "{paused}");
}
