//! The emulator over real HTTP on 127.0.0.1, with a real SQLite file. Deployments: roll-out, pods, pause, patch, added devices, and the units they take.

mod common;

use common::*;

#[tokio::test]
async fn deployments_roll_out_pods_pause_patch_add_devices_and_give_units_back() {
    use reqwest::Method;
    let server = Server::start(&temp_db("deployments")).await;
    let t = token(&server.base).await;
    let (b, p) = (server.base.as_str(), KEY.2);
    let nodes = format!("/v3/{p}/ai-mgr/nodes");
    let deployments = format!("/v3/{p}/ai-mgr/deployments");
    let mut ids = Vec::new();
    for (name, site) in [("gate-a", "sz"), ("gate-b", "sz"), ("gate-c", "gz")] {
        let (_, n) = send(
            Method::POST,
            b,
            &t,
            &nodes,
            Some(json!({"node": {"name": name, "tags": [{"key": "site", "value": site}]}})),
        )
        .await;
        ids.push(n["id"].as_str().unwrap().to_string());
    }

    // Field rules name the field; an unknown device is 404; nothing is stored by either.
    let mut bad = deployment_body("gates", "userdefined", json!({"node_ids": [ids[0]]}), None);
    bad["deployment"]["template"]["apps"][0]["envs"][1]["value"] = json!("x");
    let (status, err) = send(Method::POST, b, &t, &deployments, Some(bad)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(err["error_msg"].as_str().unwrap().contains("deployment.template.apps[0].envs[1]"), "{err}");
    let (status, _) = send(
        Method::POST,
        b,
        &t,
        &deployments,
        Some(deployment_body("gates", "userdefined", json!({"node_ids": ["ffff"]}), None)),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, none) = send(Method::GET, b, &t, &deployments, None).await;
    assert_eq!(none["count"], 0);

    let (status, created) = send(
        Method::POST,
        b,
        &t,
        &deployments,
        Some(deployment_body("gates", "userdefined", json!({"node_ids": [ids[0], ids[1]]}), None)),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{created}");
    let id = created["id"].as_str().unwrap().to_string();
    assert_eq!(created["state"], "CREATING");
    assert_eq!((created["node_num"].as_i64(), created["result"].as_array().unwrap().len()), (Some(2), 2));
    assert_eq!(created["template"]["apps"][0]["ports"][0]["host_port"], 18080);
    let (status, _) = send(
        Method::POST,
        b,
        &t,
        &deployments,
        Some(deployment_body("gates", "userdefined", json!({"node_ids": [ids[2]]}), None)),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "the name is taken");

    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let (_, shown) = send(Method::GET, b, &t, &format!("{deployments}/{id}"), None).await;
    assert_eq!((shown["state"].as_str(), shown["ready_replicas"].as_i64()), (Some("RUNNING"), Some(2)));
    let (_, pods) = send(Method::GET, b, &t, &format!("/v3/{p}/ai-mgr/pods?deployment_id={id}"), None).await;
    assert_eq!(pods["count"], 2);
    let pods_at = format!("/v3/{p}/ai-mgr/pods?deployment_id={id}&limit=1&offset=1");
    let (_, second) = send(Method::GET, b, &t, &pods_at, None).await;
    assert_eq!((second["count"].as_i64(), second["pods"].as_array().map(Vec::len)), (Some(2), Some(1)));
    assert_eq!(second["pods"][0]["id"], pods["pods"][1]["id"], "the second page holds the second pod");
    assert!(pods["pods"].as_array().unwrap().iter().all(|p| p["status"] == "Running" && p["host_ip"].is_string()));
    let (_, by_node) = send(Method::GET, b, &t, &format!("{deployments}?node_id={}", ids[1]), None).await;
    assert_eq!(by_node["count"], 1);
    let (_, by_name) = send(Method::GET, b, &t, &format!("{deployments}?name=gat&sort=name:asc"), None).await;
    assert_eq!(by_name["count"], 1);

    // Pause one pod, then the whole deployment; resume.
    let pod = pods["pods"][0]["id"].as_str().unwrap().to_string();
    let (status, paused) = send(Method::POST, b, &t, &format!("{deployments}/{id}/{pod}/action/pause"), None).await;
    assert_eq!((status, paused["pod_id"].as_str()), (StatusCode::OK, Some(pod.as_str())));
    let (_, shown) = send(Method::GET, b, &t, &format!("{deployments}/{id}"), None).await;
    assert_eq!(shown["ready_replicas"], 1);
    let (status, _) = send(Method::POST, b, &t, &format!("{deployments}/{id}/{pod}/action/stop"), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    send(Method::POST, b, &t, &format!("{deployments}/{id}/{pod}/action/resume"), None).await;
    let (status, _) = send(Method::POST, b, &t, &format!("{deployments}/{id}/action/pause"), None).await;
    assert_eq!(status, StatusCode::OK);
    let (_, shown) = send(Method::GET, b, &t, &format!("{deployments}/{id}"), None).await;
    assert_eq!((shown["state"].as_str(), shown["ready_replicas"].as_i64()), (Some("HIBERNATED"), Some(0)));
    send(Method::POST, b, &t, &format!("{deployments}/{id}/action/resume"), None).await;
    let (_, shown) = send(Method::GET, b, &t, &format!("{deployments}/{id}"), None).await;
    assert_eq!(shown["state"], "CREATING", "resuming rolls out again");

    // PATCH: an env changes in every app, the version moves; a bad env changes nothing.
    let (status, patched) = send(
        Method::PATCH,
        b,
        &t,
        &format!("{deployments}/{id}"),
        Some(json!({"version": "1.1.0", "patch": {"envs": [{"name": "LOG_LEVEL", "value": "debug"}]}})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(patched["template"]["apps"][0]["version"], "1.1.0");
    assert_eq!(patched["template"]["apps"][0]["envs"][0]["value"], "debug");
    assert_eq!(patched["api_version"], "v2");
    let (status, _) = send(
        Method::PATCH,
        b,
        &t,
        &format!("{deployments}/{id}"),
        Some(json!({"patch": {"envs": [{"name": "9X", "value": "1"}]}})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // PUT: description only keeps the template.
    let (status, put) =
        send(Method::PUT, b, &t, &format!("{deployments}/{id}"), Some(json!({"description": "people counter"}))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!((put["description"].as_str(), put["api_version"].as_str()), (Some("people counter"), Some("v2")));

    // More devices by tag: gate-c carries site=gz.
    let (status, added) = send(
        Method::PUT,
        b,
        &t,
        &format!("{deployments}/{id}/nodes"),
        Some(json!({"deployment_id": id, "node_tags": [{"key": "site", "value": "gz"}], "node_num": 5})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{added}");
    assert_eq!(added["node_num"], 3);
    let (status, _) = send(
        Method::PUT,
        b,
        &t,
        &format!("{deployments}/{id}/nodes"),
        Some(json!({"deployment_id": "other", "node_ids": [ids[2]], "node_num": 1})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // Jobs: within the channel limit (2 streams), counted per pod.
    let tasks = format!("{deployments}/{id}/tasks");
    let stream = json!({"input": {"type": "camera", "data": {"rtsp": "rtsp://10.0.0.9/1"}},
        "outputs": [{"type": "dis", "data": {"streamName": "counts"}}]});
    let (status, task) =
        send(Method::POST, b, &t, &tasks, Some(json!({"name": "gate-count", "data": {"streams": [stream]}}))).await;
    assert_eq!(status, StatusCode::OK, "{task}");
    let task_id = task["task_id"].as_str().unwrap().to_string();
    let (status, err) = send(
        Method::POST,
        b,
        &t,
        &tasks,
        Some(json!({"name": "too-many", "data": {"streams": [stream, stream, stream]}})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(err["error_msg"].as_str().unwrap().contains("data.streams"));
    let (status, _) =
        send(Method::POST, b, &t, &tasks, Some(json!({"name": "gate-count", "data": {"streams": [stream]}}))).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (_, shown) = send(Method::GET, b, &t, &format!("{tasks}/{task_id}"), None).await;
    assert_eq!(shown["sum_pod_number"], 3);
    assert_eq!(shown["task_status"].as_array().unwrap().len(), 3);
    let (status, _) = send(
        Method::POST,
        b,
        &t,
        &format!("{deployments}/{id}/task/{task_id}"),
        Some(json!({"name": "gate-count-2", "description": "renamed", "data": {"streams": [stream, stream]}})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, listed) = send(Method::GET, b, &t, &tasks, None).await;
    assert_eq!((listed["count"].as_i64(), listed["tasks"][0]["name"].as_str()), (Some(1), Some("gate-count-2")));
    let (status, _) = send(Method::DELETE, b, &t, &format!("{tasks}/{task_id}"), None).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = send(Method::DELETE, b, &t, &format!("{tasks}/{task_id}"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Deleting a pod, then the deployment.
    let (status, _) = send(Method::DELETE, b, &t, &format!("{deployments}/{id}/{pod}"), None).await;
    assert_eq!(status, StatusCode::OK);
    let (_, shown) = send(Method::GET, b, &t, &format!("{deployments}/{id}"), None).await;
    assert_eq!(shown["node_num"], 2);
    let (_, tagged) = send(Method::GET, b, &t, &format!("/v3/{p}/deployment/{id}/tags"), None).await;
    assert_eq!(tagged["tags"][0]["key"], "team", "{tagged}");
    let (status, gone) = send(Method::DELETE, b, &t, &format!("{deployments}/{id}"), None).await;
    assert_eq!((status, gone["deployment_id"].as_str()), (StatusCode::OK, Some(id.as_str())));
    let (_, pods) = send(Method::GET, b, &t, &format!("/v3/{p}/ai-mgr/pods"), None).await;
    assert_eq!(pods["count"], 0);
    let (status, _) = send(Method::GET, b, &t, &format!("{deployments}/{id}"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    server.stop().await;
}

#[tokio::test]
async fn market_deployments_take_units_from_a_skill_order_and_give_them_back() {
    use reqwest::Method;
    let server = Server::start(&temp_db("market-deployments")).await;
    let t = token(&server.base).await;
    let (b, p) = (server.base.as_str(), KEY.2);
    let (_, n) =
        send(Method::POST, b, &t, &format!("/v3/{p}/ai-mgr/nodes"), Some(json!({"node": {"name": "shop-1"}}))).await;
    let node = n["id"].as_str().unwrap().to_string();
    let (_, free) = get(b, &t, "/v1/skill-market/skills?charge_model=0&limit=1").await;
    let skill = free["data"][0]["skill_id"].as_str().unwrap().to_string();
    let orders = format!("/v1/{p}/skill-market/skill-order");
    let (_, order) =
        send(Method::POST, b, &t, &orders, Some(json!({"skill_id": skill, "amount": 1, "commission_flag": 0}))).await;
    let order = order["order_id"].as_str().unwrap().to_string();
    let deployments = format!("/v3/{p}/ai-mgr/deployments");
    let body = |name: &str, order: &str| deployment_body(name, "hlm", json!({"node_ids": [node]}), Some(order));
    let (status, d) = send(Method::POST, b, &t, &deployments, Some(body("shop", &order))).await;
    assert_eq!(status, StatusCode::OK, "{d}");
    let (_, shown) = send(Method::GET, b, &t, &format!("{orders}/{order}"), None).await;
    assert_eq!(shown["used_amount"], 1);
    let (status, err) = send(Method::POST, b, &t, &deployments, Some(body("shop-2", &order))).await;
    assert_eq!(status, StatusCode::CONFLICT, "the order is used up");
    assert!(err["error_msg"].as_str().unwrap().contains("app_order_id"));
    let (_, listed) = send(Method::GET, b, &t, &deployments, None).await;
    assert_eq!(listed["count"], 1, "the refused deployment left nothing behind");
    send(Method::DELETE, b, &t, &format!("{deployments}/{}", d["id"].as_str().unwrap()), None).await;
    let (_, shown) = send(Method::GET, b, &t, &format!("{orders}/{order}"), None).await;
    assert_eq!(shown["used_amount"], 0);
    let (status, _) = send(Method::POST, b, &t, &deployments, Some(body("shop-2", &order))).await;
    assert_eq!(status, StatusCode::OK);
    server.stop().await;
}
