//! The emulator over real HTTP on 127.0.0.1, with a real SQLite file. Firmware: versions per device type, upgrades and their alarms.

mod common;

use common::*;

#[tokio::test]
async fn firmware_versions_per_device_type() {
    let server = Server::start(&temp_db("firmware")).await;
    let t = token(&server.base).await;
    let (status, body) = get(&server.base, &t, "/v3/ai-mgr/firmwares").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "device_type is required");
    assert!(body["error_msg"].as_str().unwrap().contains("device_type"));
    let (status, body) = get(&server.base, &t, "/v3/ai-mgr/firmwares?device_type=Atlas%20500").await;
    assert_eq!(status, StatusCode::OK);
    let list: hilens_model::firmware::FirmwareList = serde_json::from_value(body).unwrap();
    assert!(list.count >= 3 && list.firmwares.len() as u64 == list.count);
    assert!(list.firmwares.iter().all(|f| f.device_type == "Atlas 500"));
    for f in &list.firmwares {
        hilens_model::firmware::validate_firmware_version("version", &f.version).unwrap();
    }
    let (_, body) = get(&server.base, &t, "/v3/ai-mgr/firmwares?device_type=Atlas%20500&arch=x86_64").await;
    assert_eq!(body["count"], 0, "the arch filter applies");
    let (_, body) = get(&server.base, &t, "/v3/ai-mgr/firmwares?device_type=Atlas%20500&limit=2&offset=1").await;
    assert_eq!(body["firmwares"].as_array().unwrap().len(), 2);
    let (status, _) = get(&server.base, &t, "/v3/ai-mgr/firmwares?device_type=Atlas%20500&limit=101").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    server.stop().await;
}

#[tokio::test]
async fn firmware_upgrades_progress_and_a_misfit_fails_with_an_alarm() {
    use reqwest::Method;
    let server = Server::start(&temp_db("upgrade")).await;
    let t = token(&server.base).await;
    let nodes = format!("/v3/{}/ai-mgr/nodes", KEY.2);
    let (_, created) = send(Method::POST, &server.base, &t, &nodes, Some(json!({"node": {"name": "kit-7"}}))).await;
    let id = created["id"].as_str().unwrap().to_string();
    let (_, arm) = send(Method::GET, &server.base, &t, "/v3/ai-mgr/firmwares?device_type=HiLens%20Kit", None).await;
    let arm = arm["firmwares"][0].clone();
    let (_, x86) = send(Method::GET, &server.base, &t, "/v3/ai-mgr/firmwares?device_type=Edge%20Server", None).await;
    let x86_id = x86["firmwares"][0]["id"].as_str().unwrap().to_string();
    let upgrade = |fw: &str| format!("/v3/{}/node-manager/node/{id}/firmware/{fw}", KEY.2);
    let progress = format!("/v3/{}/node-manager/node/{id}/firmware/upgrade-progress", KEY.2);

    let (status, _) = send(Method::PUT, &server.base, &t, &upgrade(arm["id"].as_str().unwrap()), None).await;
    assert_eq!(status, StatusCode::CONFLICT, "a device that has not connected cannot upgrade");
    let (status, _) = send(Method::GET, &server.base, &t, &progress, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "never upgraded");
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let (status, _) = send(Method::PUT, &server.base, &t, &upgrade("ffff"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let resp = reqwest::Client::new()
        .put(format!("{}{}", server.base, upgrade(arm["id"].as_str().unwrap())))
        .header("X-Auth-Token", &t)
        .header("X-Expired-Time", "0")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    assert!(resp.text().await.unwrap().contains("X-Expired-Time"));

    let resp = reqwest::Client::new()
        .put(format!("{}{}", server.base, upgrade(arm["id"].as_str().unwrap())))
        .header("X-Auth-Token", &t)
        .header("X-Expired-Time", "60")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers()["firmware_id"].to_str().unwrap(), arm["id"].as_str().unwrap());
    let (_, p) = send(Method::GET, &server.base, &t, &progress, None).await;
    assert_eq!(p["status"], 1);
    assert!(p["progress"].as_str().unwrap().parse::<i64>().unwrap() < 100);
    let (status, _) = send(Method::PUT, &server.base, &t, &upgrade(arm["id"].as_str().unwrap()), None).await;
    assert_eq!(status, StatusCode::CONFLICT, "one upgrade at a time");
    let (_, shown) = send(Method::GET, &server.base, &t, &format!("{nodes}/{id}"), None).await;
    assert_eq!((shown["firmware_status"].as_str(), shown["firmware_version"].as_str()), (Some("1"), Some("1.0.0")));
    assert_eq!(shown["upgrade_firmware_version"], arm["version"]);
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let (_, p) = send(Method::GET, &server.base, &t, &progress, None).await;
    assert_eq!((p["status"].as_i64(), p["progress"].as_str()), (Some(3), Some("100")));
    let (_, shown) = send(Method::GET, &server.base, &t, &format!("{nodes}/{id}"), None).await;
    assert_eq!(shown["firmware_version"], arm["version"]);
    assert_eq!(shown["firmware_upgrade_record"].as_array().unwrap().len(), 1);

    // An x86_64 firmware on the aarch64 device fails at 40 % and raises an alarm then.
    let alarms = format!("/v1/{}/alarm-manager/alarms?device_id={id}", KEY.2);
    let (status, _) = send(Method::PUT, &server.base, &t, &upgrade(&x86_id), None).await;
    assert_eq!(status, StatusCode::OK);
    let (_, none_yet) = send(Method::GET, &server.base, &t, &alarms, None).await;
    assert_eq!(none_yet["total"], 0);
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let (_, p) = send(Method::GET, &server.base, &t, &progress, None).await;
    assert_eq!((p["status"].as_i64(), p["progress"].as_str()), (Some(2), Some("40")));
    assert!(p["cause"].as_str().unwrap().contains("x86_64"));
    let (_, raised) = send(Method::GET, &server.base, &t, &alarms, None).await;
    assert_eq!(raised["total"], 1);
    assert_eq!(raised["data"][0]["level"], "major");
    let (_, shown) = send(Method::GET, &server.base, &t, &format!("{nodes}/{id}"), None).await;
    assert_eq!(shown["firmware_version"], arm["version"], "a failed upgrade keeps the firmware");
    let (_, other) =
        send(Method::GET, &server.base, &t, &format!("/v1/{}/alarm-manager/alarms?device_id=other", KEY.2), None).await;
    assert_eq!(other["total"], 0);
    let (status, _) =
        send(Method::GET, &server.base, &t, &format!("/v1/{}/alarm-manager/alarms?limit=101", KEY.2), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    server.stop().await;
}
