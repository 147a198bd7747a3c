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
