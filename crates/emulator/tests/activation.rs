//! The emulator over real HTTP on 127.0.0.1, with a real SQLite file. Activation: service orders bound to devices and given back.

mod common;

use common::*;

#[tokio::test]
async fn activation_binds_running_service_orders_and_gives_them_back() {
    use reqwest::Method;
    let server = Server::start(&temp_db("activation")).await;
    let t = token(&server.base).await;
    let nodes = format!("/v3/{}/ai-mgr/nodes", KEY.2);
    let orders = format!("/v1/{}/platform-manager/orders", KEY.2);
    let (_, created) = send(Method::POST, &server.base, &t, &nodes, Some(json!({"node": {"name": "gate-1"}}))).await;
    let id = created["id"].as_str().unwrap().to_string();
    let (status, all) = send(Method::GET, &server.base, &t, &orders, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(all["total"], 5);
    let (_, small) =
        send(Method::GET, &server.base, &t, &format!("{orders}?device_type=small_device&type=running_service"), None)
            .await;
    assert_eq!(small["total"], 1);
    let small_id = small["data"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(small["data"][0]["used_amount"], 0);
    let (_, cpu) = send(Method::GET, &server.base, &t, &format!("{orders}?device_type=large_device_cpu"), None).await;
    let cpu_id = cpu["data"][0]["id"].as_str().unwrap().to_string();

    // The wrong kind of order for the field, a missing order, no order: refused, nothing used.
    let activate = format!("{nodes}/{id}/activate");
    let (status, err) = send(Method::POST, &server.base, &t, &activate, Some(json!({"order_id": cpu_id}))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(err["error_msg"].as_str().unwrap().contains("order_id"), "{err}");
    let (status, _) = send(Method::POST, &server.base, &t, &activate, Some(json!({"order_id": "nope"}))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = send(Method::POST, &server.base, &t, &activate, Some(json!({}))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) =
        send(Method::POST, &server.base, &t, &format!("{nodes}/ffff/activate"), Some(json!({"order_id": small_id})))
            .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, done) = send(Method::POST, &server.base, &t, &activate, Some(json!({"order_id": small_id}))).await;
    assert_eq!((status, done["node_id"].as_str()), (StatusCode::OK, Some(id.as_str())));
    let (_, shown) = send(Method::GET, &server.base, &t, &format!("{nodes}/{id}"), None).await;
    assert_eq!(shown["active_status"], "ACTIVATED");
    assert_eq!(shown["active_content"], json!([small_id]));
    let (_, activated) = send(Method::GET, &server.base, &t, &format!("{nodes}?active_status=ACTIVATED"), None).await;
    assert_eq!(activated["count"], 1);
    let (_, small) = send(Method::GET, &server.base, &t, &format!("{orders}?id={small_id}"), None).await;
    assert_eq!(small["data"][0]["used_amount"], 1);
    let (status, _) = send(Method::POST, &server.base, &t, &activate, Some(json!({"order_id": small_id}))).await;
    assert_eq!(status, StatusCode::CONFLICT, "already activated");

    let deactivate = format!("{nodes}/{id}/deactivate");
    let (status, _) = send(Method::POST, &server.base, &t, &deactivate, None).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = send(Method::POST, &server.base, &t, &deactivate, None).await;
    assert_eq!(status, StatusCode::CONFLICT, "not activated any more");
    let (_, small) = send(Method::GET, &server.base, &t, &format!("{orders}?id={small_id}"), None).await;
    assert_eq!(small["data"][0]["used_amount"], 0);
    let (_, records) = send(Method::GET, &server.base, &t, &format!("{nodes}/{id}/activation/records"), None).await;
    assert_eq!(records["count"], 2);
    assert_eq!(
        (records["records"][0]["active_status"].as_str(), records["records"][1]["active_status"].as_str()),
        (Some("ACTIVATED"), Some("INACTIVE"))
    );
    let (_, page) =
        send(Method::GET, &server.base, &t, &format!("{nodes}/{id}/activation/records?offset=1&limit=1"), None).await;
    assert_eq!((page["count"].as_i64(), page["records"].as_array().unwrap().len()), (Some(2), 1));

    // Deleting an activated device gives its order back.
    send(Method::POST, &server.base, &t, &activate, Some(json!({"order_id": small_id}))).await;
    let (status, _) = send(Method::DELETE, &server.base, &t, &format!("{nodes}/{id}"), None).await;
    assert_eq!(status, StatusCode::OK);
    let (_, small) = send(Method::GET, &server.base, &t, &format!("{orders}?id={small_id}"), None).await;
    assert_eq!(small["data"][0]["used_amount"], 0);
    let (status, err) = send(Method::GET, &server.base, &t, &format!("{orders}?device_type=huge"), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(err["error_msg"].as_str().unwrap().contains("device_type"));
    server.stop().await;
}
