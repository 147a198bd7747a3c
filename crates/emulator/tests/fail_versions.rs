//! The `hilens-emulator` binary with `--fail-versions` (a test aid for roll-outs): instances of
//! a listed app version end `Failed` once the connect delay has passed, with a reason naming
//! the flag; other versions run; an instance added to a running deployment starts after the
//! connect delay too; init containers are kept and shown.

mod common;

use common::*;
use reqwest::Method;

/// The binary on a free port of 127.0.0.1, killed when dropped.
struct Binary {
    child: std::process::Child,
    base: String,
}

impl Drop for Binary {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn start(db: &Path, args: &[&str], env: &[(&str, &str)]) -> Binary {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_hilens-emulator"))
        .args(["--listen", &format!("127.0.0.1:{port}"), "--db"])
        .arg(db)
        .args(["--connect-delay-ms", "300"])
        .args(args)
        .envs(env.iter().copied())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    for _ in 0..200 {
        if reqwest::get(format!("{base}/v1/skill-market/skills?limit=1")).await.is_ok() {
            return Binary { child, base };
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("the emulator did not start");
}

async fn pod_states(b: &str, t: &str, deployment: &str) -> Vec<(String, Option<String>)> {
    let (_, pods) =
        send(Method::GET, b, t, &format!("/v3/{}/ai-mgr/pods?deployment_id={deployment}", KEY.2), None).await;
    pods["pods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["status"].as_str().unwrap().to_string(), p["reason"].as_str().map(str::to_string)))
        .collect()
}

async fn device(b: &str, t: &str, name: &str) -> String {
    let (status, n) =
        send(Method::POST, b, t, &format!("/v3/{}/ai-mgr/nodes", KEY.2), Some(json!({"node": {"name": name}}))).await;
    assert_eq!(status, StatusCode::OK, "{n}");
    n["id"].as_str().unwrap().to_string()
}

async fn deploy(b: &str, t: &str, name: &str, version: &str, nodes: &[&str]) -> String {
    let mut body = deployment_body(name, "userdefined", json!({"node_ids": nodes}), None);
    body["deployment"]["template"]["apps"][0]["version"] = json!(version);
    let (status, d) = send(Method::POST, b, t, &format!("/v3/{}/ai-mgr/deployments", KEY.2), Some(body)).await;
    assert_eq!(status, StatusCode::OK, "{d}");
    d["id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn listed_versions_fail_after_the_connect_delay_and_others_run() {
    let db = temp_db("fail-versions");
    let server = start(&db, &["--fail-versions", "9.9.9-bad,3.0.0"], &[]).await;
    let (b, t) = (server.base.as_str(), token(&server.base).await);
    let (n1, n2, n3) = (device(b, &t, "cam-1").await, device(b, &t, "cam-2").await, device(b, &t, "cam-3").await);
    tokio::time::sleep(std::time::Duration::from_millis(350)).await;

    let good = deploy(b, &t, "good", "1.0.0", &[&n1]).await;
    let bad = deploy(b, &t, "bad", "9.9.9-bad", &[&n2]).await;
    assert_eq!(pod_states(b, &t, &bad).await, vec![("Pending".to_string(), Some("creating".to_string()))]);
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    assert_eq!(pod_states(b, &t, &good).await, vec![("Running".to_string(), None)]);
    let failed = pod_states(b, &t, &bad).await;
    assert_eq!(failed[0].0, "Failed");
    let reason = failed[0].1.clone().unwrap();
    assert!(reason.contains("9.9.9-bad") && reason.contains("--fail-versions"), "{reason}");

    // A device added to a running deployment starts after the connect delay, as a new one does.
    let (status, _) = send(
        Method::PUT,
        b,
        &t,
        &format!("/v3/{}/ai-mgr/deployments/{good}/nodes", KEY.2),
        Some(json!({"deployment_id": good, "node_ids": [n3], "node_num": 1})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let states: Vec<String> = pod_states(b, &t, &good).await.into_iter().map(|s| s.0).collect();
    assert_eq!(states, ["Pending", "Running"], "newest first");
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let states: Vec<String> = pod_states(b, &t, &good).await.into_iter().map(|s| s.0).collect();
    assert_eq!(states, ["Running", "Running"]);

    // Moving to a listed version (PATCH) fails every instance once they restart.
    let at = format!("/v3/{}/ai-mgr/deployments/{good}", KEY.2);
    let (status, _) = send(Method::PATCH, b, &t, &at, Some(json!({"version": "3.0.0"}))).await;
    assert_eq!(status, StatusCode::OK);
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let states: Vec<String> = pod_states(b, &t, &good).await.into_iter().map(|s| s.0).collect();
    assert_eq!(states, ["Failed", "Failed"]);
    let (_, shown) = send(Method::GET, b, &t, &at, None).await;
    assert_eq!(shown["ready_replicas"], 0);
}

#[tokio::test]
async fn the_environment_lists_failing_versions_too_and_init_containers_are_kept() {
    let db = temp_db("fail-versions-env");
    let server = start(&db, &[], &[("HILENS_EMULATOR_FAIL_VERSIONS", "2.0.0")]).await;
    let (b, t) = (server.base.as_str(), token(&server.base).await);
    let n1 = device(b, &t, "cam-1").await;
    tokio::time::sleep(std::time::Duration::from_millis(350)).await;
    let bad = deploy(b, &t, "bad", "2.0.0", &[&n1]).await;
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    assert_eq!(pod_states(b, &t, &bad).await[0].0, "Failed");

    let mut body = deployment_body("with-init", "userdefined", json!({"node_ids": [n1]}), None);
    body["deployment"]["template"]["init_containers"] =
        json!([{"name": "fetch-model", "app_url": "swr.cn-north-4.myhuaweicloud.com/demo/fetch:1.0"}]);
    let (status, d) = send(Method::POST, b, &t, &format!("/v3/{}/ai-mgr/deployments", KEY.2), Some(body)).await;
    assert_eq!(status, StatusCode::OK, "{d}");
    let (_, shown) =
        send(Method::GET, b, &t, &format!("/v3/{}/ai-mgr/deployments/{}", KEY.2, d["id"].as_str().unwrap()), None)
            .await;
    assert_eq!(shown["template"]["init_containers"][0]["name"], "fetch-model");
    let deployment: hilens_model::deployments::Deployment = serde_json::from_value(shown).unwrap();
    let draft = deployment.to_draft();
    assert_eq!(draft.deployment.template.init_containers.unwrap()[0].name, "fetch-model", "an edit starts with them");
}
