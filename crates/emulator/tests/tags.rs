//! The emulator over real HTTP on 127.0.0.1, with a real SQLite file. Tags on devices, config maps and secrets.

mod common;

use common::*;

#[tokio::test]
async fn tags_on_devices_config_maps_and_secrets() {
    use reqwest::Method;
    let server = Server::start(&temp_db("tags")).await;
    let t = token(&server.base).await;
    let p = KEY.2;
    let (_, node) = send(
        Method::POST,
        &server.base,
        &t,
        &format!("/v3/{p}/ai-mgr/nodes"),
        Some(json!({"node": {"name": "tag-cam"}})),
    )
    .await;
    let node = node["id"].as_str().unwrap().to_string();
    let (_, cm) = send(
        Method::POST,
        &server.base,
        &t,
        &format!("/v3/{p}/ai-mgr/configmaps"),
        Some(json!({"configmap": {"name": "tag-cfg", "configs": [], "tags": []}})),
    )
    .await;
    let cm = cm["configmap"]["id"].as_str().unwrap().to_string();

    let tags_of = |kind: &str, id: &str| format!("/v3/{p}/{kind}/{id}/tags");
    let (status, _) = send(
        Method::POST,
        &server.base,
        &t,
        &tags_of("node", &node),
        Some(json!({"tags": [{"key": "site", "value": "sz"}, {"key": "floor", "value": "3"}]})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, shown) = send(Method::GET, &server.base, &t, &tags_of("node", &node), None).await;
    assert_eq!(shown["count"], 2);
    // The device list's tag filter sees tags added here.
    let (_, by_tag) = send(Method::GET, &server.base, &t, &format!("/v3/{p}/ai-mgr/nodes?tags=floor.3"), None).await;
    assert_eq!(by_tag["count"], 1);
    let (status, _) = send(
        Method::POST,
        &server.base,
        &t,
        &tags_of("node", &node),
        Some(json!({"tags": [{"key": "site", "value": "gz"}]})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, shown) = send(Method::GET, &server.base, &t, &tags_of("node", &node), None).await;
    assert_eq!(
        (shown["count"].as_i64(), shown["tags"][0]["value"].as_str()),
        (Some(2), Some("gz")),
        "an existing key takes the new value"
    );
    let (status, _) = send(Method::DELETE, &server.base, &t, &format!("{}/floor", tags_of("node", &node)), None).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = send(Method::DELETE, &server.base, &t, &format!("{}/floor", tags_of("node", &node)), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, by_tag) = send(Method::GET, &server.base, &t, &format!("/v3/{p}/ai-mgr/nodes?tags=floor.3"), None).await;
    assert_eq!(by_tag["count"], 0);

    let (status, _) = send(Method::POST, &server.base, &t, &format!("/v3/{p}/tag-mgr/node-tags"), Some(json!({
        "resources": [{"resource_type": "node", "resource_id": node}, {"resource_type": "configmap", "resource_id": cm}],
        "tags": [{"key": "owner", "value": "vision"}]}))).await;
    assert_eq!(status, StatusCode::OK);
    let (_, cm_tags) = send(Method::GET, &server.base, &t, &tags_of("configmap", &cm), None).await;
    assert_eq!(cm_tags["tags"][0]["key"], "owner");
    let (_, all_nodes) = send(Method::GET, &server.base, &t, &format!("/v3/{p}/tag-mgr/node/tags"), None).await;
    assert_eq!(all_nodes["tags"].as_array().unwrap().len(), 2, "site and owner on the one device: {all_nodes}");
    assert_eq!(all_nodes["tags"][0]["resource_id"], node.as_str());

    // All or nothing: one unknown resource and nothing is tagged.
    let (status, err) = send(Method::POST, &server.base, &t, &format!("/v3/{p}/tag-mgr/node-tags"), Some(json!({
        "resources": [{"resource_type": "node", "resource_id": node}, {"resource_type": "secret", "resource_id": "nope"}],
        "tags": [{"key": "batch", "value": "x"}]}))).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{err}");
    assert!(err["error_msg"].as_str().unwrap().contains("resources[1]"));
    let (_, shown) = send(Method::GET, &server.base, &t, &tags_of("node", &node), None).await;
    assert!(shown["tags"].as_array().unwrap().iter().all(|t| t["key"] != "batch"));
    let many: Vec<Value> = (0..20).map(|i| json!({"key": format!("k{i}"), "value": "v"})).collect();
    let (status, err) =
        send(Method::POST, &server.base, &t, &tags_of("node", &node), Some(json!({"tags": many}))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "over 20 tags in all: {err}");
    let (status, _) = send(Method::GET, &server.base, &t, &tags_of("gadget", &node), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "unknown resource type");
    server.stop().await;
}
