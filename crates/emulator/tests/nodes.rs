//! The emulator over real HTTP on 127.0.0.1, with a real SQLite file. Devices: registration with the certificate package, connection, start/stop, update, the basic console's list, a lost package.

mod common;

use common::*;

#[tokio::test]
async fn devices_register_with_a_certificate_package_connect_list_and_delete() {
    use base64::Engine;
    use reqwest::Method;
    let server = Server::start(&temp_db("nodes")).await;
    let t = token(&server.base).await;
    let nodes = format!("/v3/{}/ai-mgr/nodes", KEY.2);
    let body = json!({"node": {"name": "gate-cam", "description": "north gate", "enable_npu": true,
        "tags": [{"key": "site", "value": "sz"}],
        "log_configs": [{"component": "app", "type": "LTS", "size": "50", "rotate_num": 10}]}});
    let (status, created) =
        send(Method::POST, &server.base, &t, &format!("{nodes}?provider=hilens"), Some(body.clone())).await;
    assert_eq!(status, StatusCode::OK, "{created}");
    let id = created["id"].as_str().unwrap().to_string();
    assert!(id.starts_with("hilens-"));
    let files = unpack(created["package"].as_str().unwrap());
    assert_eq!(files.keys().cloned().collect::<Vec<_>>(), ["cert/node.crt", "cert/node.key", "node.conf"]);
    let conf: Value = serde_json::from_str(&files["node.conf"]).unwrap();
    assert_eq!((conf["node_id"].as_str(), conf["project_id"].as_str()), (Some(id.as_str()), Some(KEY.2)));
    let cert = &files["cert/node.crt"];
    assert!(cert.starts_with("-----BEGIN CERTIFICATE-----"), "{cert}");
    let der_b64: String = cert.lines().filter(|l| !l.starts_with("-----")).collect();
    let der = base64::engine::general_purpose::STANDARD.decode(der_b64).unwrap();
    assert_eq!(der[0], 0x30, "a DER SEQUENCE: a real X.509 certificate");
    assert!(files["cert/node.key"].contains("PRIVATE KEY-----"));

    let (_, shown) = send(Method::GET, &server.base, &t, &format!("{nodes}/{id}"), None).await;
    assert_eq!((shown["name"].as_str(), shown["state"].as_str()), (Some("gate-cam"), Some("UNCONNECTED")));
    assert!(shown["cpu"].is_null(), "nothing reported before it connects");
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let (_, shown) = send(Method::GET, &server.base, &t, &format!("{nodes}/{id}"), None).await;
    assert_eq!(shown["state"], "RUNNING");
    assert!(shown["cpu"].as_i64().unwrap() > 0 && shown["memory"].as_i64().unwrap() > 0);
    assert_eq!(
        (shown["os_type"].as_str(), shown["arch"].as_str(), shown["npu_num"].as_i64()),
        (Some("Linux"), Some("aarch64"), Some(1))
    );
    assert_eq!(shown["log_configs"][0]["size"], 50);

    let (status, _) = send(Method::POST, &server.base, &t, &nodes, Some(body)).await;
    assert_eq!(status, StatusCode::CONFLICT, "device names are unique in a workspace");
    let (status, batch) =
        send(Method::POST, &server.base, &t, &nodes, Some(json!({"node": {"name": "line", "batch": 500}}))).await;
    assert_eq!(status, StatusCode::OK, "{batch}");
    assert!(unpack(batch["package"].as_str().unwrap()).contains_key("node.conf"));
    for (bad, field) in [
        (json!({"node": {"name": "bad name"}}), "node.name"),
        (json!({"node": {"name": "x", "batch": 100001}}), "node.batch"),
        (
            json!({"node": {"name": "x", "log_configs": [{"component": "app", "type": "LTS", "size": 5}]}}),
            "node.log_configs[0].size",
        ),
        (json!({"node": {"name": "x", "enable_gpu": "maybe"}}), "node.enable_gpu"),
    ] {
        let (status, err) = send(Method::POST, &server.base, &t, &nodes, Some(bad)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
        assert!(err["error_msg"].as_str().unwrap().contains(field), "{field}: {err}");
    }
    let (_, all) = send(Method::GET, &server.base, &t, &format!("{nodes}?limit=100"), None).await;
    assert_eq!(all["count"], 501, "refused registrations stored nothing");
    assert_eq!(all["nodes"].as_array().unwrap().len(), 100);
    let (_, last) = send(Method::GET, &server.base, &t, &format!("{nodes}?limit=100&offset=500"), None).await;
    assert_eq!((last["count"].as_i64(), last["nodes"].as_array().map(Vec::len)), (Some(501), Some(1)));
    assert!(!all["nodes"].as_array().unwrap().contains(&last["nodes"][0]), "the last page is not the first");
    let (_, named) = send(Method::GET, &server.base, &t, &format!("{nodes}?name=line-49"), None).await;
    assert_eq!(named["count"], 11, "line-49 and line-490..499");
    let (_, tagged) = send(Method::GET, &server.base, &t, &format!("{nodes}?tags=site.sz"), None).await;
    assert_eq!((tagged["count"].as_i64(), tagged["nodes"][0]["id"].as_str()), (Some(1), Some(id.as_str())));
    // Devices connect while this runs (UNCONNECTED -> RUNNING, never back), so the counts are read
    // unconnected, running, unconnected: a device that connects in between is counted twice by
    // the first pair and by neither of the second, and a filter that let every device through
    // would break the second.
    let count = |v: &serde_json::Value| v["count"].as_i64().unwrap();
    let by_status = |status: &'static str| {
        let (base, t, nodes) = (server.base.clone(), t.clone(), nodes.clone());
        async move { send(Method::GET, &base, &t, &format!("{nodes}?status={status}&limit=1"), None).await.1 }
    };
    let unconnected = by_status("UNCONNECTED").await;
    let running = by_status("RUNNING").await;
    let unconnected_after = by_status("UNCONNECTED").await;
    assert!(count(&unconnected) + count(&running) >= 501, "{unconnected} {running}");
    assert!(count(&running) + count(&unconnected_after) <= 501, "{running} {unconnected_after}");
    assert!(count(&running) >= 1, "the first device has connected");
    let (status, _) = send(Method::GET, &server.base, &t, &format!("{nodes}?status=ON"), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let (status, _) = send(Method::DELETE, &server.base, &t, &format!("{nodes}/{id}"), None).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = send(Method::GET, &server.base, &t, &format!("{nodes}/{id}"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = send(Method::DELETE, &server.base, &t, &format!("{nodes}/{id}"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    server.stop().await;
}

#[tokio::test]
async fn devices_stop_start_and_update() {
    use reqwest::Method;
    let server = Server::start(&temp_db("nodes-update")).await;
    let t = token(&server.base).await;
    let nodes = format!("/v3/{}/ai-mgr/nodes", KEY.2);
    let (_, created) = send(
        Method::POST,
        &server.base,
        &t,
        &nodes,
        Some(json!({"node": {"name": "dock-cam", "tags": [{"key": "site", "value": "sz"}]}})),
    )
    .await;
    let id = created["id"].as_str().unwrap().to_string();
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let state = |v: &Value| v["state"].as_str().unwrap_or("").to_string();
    let (status, _) = send(Method::POST, &server.base, &t, &format!("{nodes}/{id}/action/stop"), None).await;
    assert_eq!(status, StatusCode::OK);
    let (_, shown) = send(Method::GET, &server.base, &t, &format!("{nodes}/{id}"), None).await;
    assert_eq!(state(&shown), "STOPPED");
    let (_, stopped) = send(Method::GET, &server.base, &t, &format!("{nodes}?status=STOPPED"), None).await;
    assert_eq!(stopped["count"], 1);
    let (status, _) = send(Method::POST, &server.base, &t, &format!("{nodes}/{id}/action/start"), None).await;
    assert_eq!(status, StatusCode::OK);
    let (_, shown) = send(Method::GET, &server.base, &t, &format!("{nodes}/{id}"), None).await;
    assert_eq!(state(&shown), "RUNNING");
    let (status, err) = send(Method::POST, &server.base, &t, &format!("{nodes}/{id}/action/reboot"), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(err["error_msg"].as_str().unwrap().contains("action"));
    let (status, _) = send(Method::POST, &server.base, &t, &format!("{nodes}/ffff/action/stop"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, _) = send(
        Method::PUT,
        &server.base,
        &t,
        &format!("{nodes}/{id}"),
        Some(json!({"node": {"description": "dock 3", "tags": [{"key": "site", "value": "gz"}]}})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, shown) = send(Method::GET, &server.base, &t, &format!("{nodes}/{id}"), None).await;
    assert_eq!(
        (shown["description"].as_str(), shown["tags"][0]["value"].as_str(), shown["name"].as_str()),
        (Some("dock 3"), Some("gz"), Some("dock-cam"))
    );
    let (_, by_new_tag) = send(Method::GET, &server.base, &t, &format!("{nodes}?tags=site.gz"), None).await;
    let (_, by_old_tag) = send(Method::GET, &server.base, &t, &format!("{nodes}?tags=site.sz"), None).await;
    assert_eq!((by_new_tag["count"].as_i64(), by_old_tag["count"].as_i64()), (Some(1), Some(0)));
    let (status, err) =
        send(Method::PUT, &server.base, &t, &format!("{nodes}/{id}"), Some(json!({"node": {"description": "a<b"}})))
            .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(err["error_msg"].as_str().unwrap().contains("node.description"));
    let (_, shown) = send(Method::GET, &server.base, &t, &format!("{nodes}/{id}"), None).await;
    assert_eq!(shown["description"], "dock 3", "the refused update changed nothing");
    server.stop().await;
}

#[tokio::test]
async fn the_basic_console_lists_every_device_of_the_project() {
    use reqwest::Method;
    let server = Server::start(&temp_db("basic-devices")).await;
    let t = token(&server.base).await;
    let ws = format!("/v3/{}/ai-mgr/workspaces", KEY.2);
    let (_, w) = send(Method::POST, &server.base, &t, &ws, Some(json!({"name": "other-team"}))).await;
    let nodes = format!("/v3/{}/ai-mgr/nodes", KEY.2);
    send(Method::POST, &server.base, &t, &nodes, Some(json!({"node": {"name": "kit-a"}}))).await;
    send(
        Method::POST,
        &server.base,
        &t,
        &nodes,
        Some(json!({"node": {"name": "kit-b", "workspace_id": w["workspace_id"]}})),
    )
    .await;
    let basic = format!("/v2/{}/device-manager/devices", KEY.2);
    let (status, all) = send(Method::GET, &server.base, &t, &basic, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(all["total"], 2, "both workspaces: {all}");
    assert_eq!(all["data"][0]["status"], 0, "offline until it connects");
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let (_, one) = send(Method::GET, &server.base, &t, &format!("{basic}?name=kit-a"), None).await;
    assert_eq!((one["total"].as_i64(), one["data"][0]["status"].as_i64()), (Some(1), Some(1)));
    assert!(one["data"][0]["create_time"].as_i64().unwrap() > 1_600_000_000_000);
    let (status, _) = send(Method::GET, &server.base, &t, &format!("{basic}?limit=101"), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    server.stop().await;
}

#[tokio::test]
async fn a_lost_package_is_reissued_with_a_new_certificate() {
    use reqwest::Method;
    let server = Server::start(&temp_db("node-cert")).await;
    let t = token(&server.base).await;
    let nodes = format!("/v3/{}/ai-mgr/nodes", KEY.2);
    let (_, created) = send(Method::POST, &server.base, &t, &nodes, Some(json!({"node": {"name": "lost-cam"}}))).await;
    let id = created["id"].as_str().unwrap();
    let first = unpack(created["package"].as_str().unwrap());
    let (status, again) = send(Method::PUT, &server.base, &t, &format!("{nodes}/{id}/cert"), None).await;
    assert_eq!((status, again["id"].as_str(), again["name"].as_str()), (StatusCode::OK, Some(id), Some("lost-cam")));
    let second = unpack(again["package"].as_str().unwrap());
    assert_ne!(first["cert/node.crt"], second["cert/node.crt"], "a new certificate");
    assert_ne!(first["cert/node.key"], second["cert/node.key"], "and a new key");
    let conf: Value = serde_json::from_str(&second["node.conf"]).unwrap();
    assert_eq!(conf["node_id"], id);
    let (status, _) = send(Method::PUT, &server.base, &t, &format!("{nodes}/hilens-unknown/cert"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    server.stop().await;
}
