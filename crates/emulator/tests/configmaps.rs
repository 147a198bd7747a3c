//! The emulator over real HTTP on 127.0.0.1, with a real SQLite file. Config maps.

mod common;

use common::*;

#[tokio::test]
async fn config_maps_in_workspaces_with_rules_sorting_tags_and_conflicts() {
    use reqwest::Method;
    let server = Server::start(&temp_db("configmaps")).await;
    let t = token(&server.base).await;
    let cm = format!("/v3/{}/ai-mgr/configmaps", KEY.2);
    let ws = format!("/v3/{}/ai-mgr/workspaces", KEY.2);
    let body = |name: &str, tag: &str| {
        json!({"configmap": {"name": name, "configs": [{"key": "LOG_LEVEL", "value": "info"}, {"key": "URL", "value": "http://x/y"}],
            "tags": [{"key": "env", "value": tag}], "description": "camera settings"}})
    };
    let (status, first) = send(Method::POST, &server.base, &t, &cm, Some(body("camera-cfg", "prod"))).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!(first["workspace_id"], "0", "the default workspace");
    let id = first["configmap"]["id"].as_str().unwrap().to_string();
    assert_eq!(first["configmap"]["configs"][1]["value"], "http://x/y");
    let (status, _) = send(Method::POST, &server.base, &t, &cm, Some(body("camera-cfg", "dev"))).await;
    assert_eq!(status, StatusCode::CONFLICT, "names are unique in a workspace");
    let (status, _) = send(Method::POST, &server.base, &t, &cm, Some(body("alpha-cfg", "dev"))).await;
    assert_eq!(status, StatusCode::OK);
    for (bad, field) in [
        (body("Bad_Name", "x"), "configmap.name"),
        (body("abc", "x"), "configmap.name"),
        (body("good-name", "a b"), "configmap.tags[0].value"),
        (
            json!({"configmap": {"name": "good-name", "configs": [{"key": "a.b", "value": "v"}], "tags": []}}),
            "configmap.configs[0].key",
        ),
        (json!({"configmap": {"name": "good-name", "configs": "nope", "tags": []}}), "configmap.configs"),
    ] {
        let (status, err) = send(Method::POST, &server.base, &t, &cm, Some(bad.clone())).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(err["error_msg"].as_str().unwrap().contains(field), "{bad}: {err}");
    }
    let (status, _) = send(
        Method::POST,
        &server.base,
        &t,
        &cm,
        Some(json!({"configmap": {"name": "elsewhere", "configs": [], "tags": []}, "workspace_id": "nope"})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "an unknown workspace");

    let (_, all) = send(Method::GET, &server.base, &t, &cm, None).await;
    assert_eq!(all["count"], 2, "refused bodies stored nothing");
    assert_eq!(all["configmaps"][0]["name"], "alpha-cfg", "newest first by default");
    let (_, by_name) = send(Method::GET, &server.base, &t, &format!("{cm}?sort=name"), None).await;
    assert_eq!(by_name["configmaps"][0]["name"], "alpha-cfg");
    let (_, by_name_desc) = send(Method::GET, &server.base, &t, &format!("{cm}?sort=name:desc"), None).await;
    assert_eq!(by_name_desc["configmaps"][0]["name"], "camera-cfg");
    let (_, tagged) = send(Method::GET, &server.base, &t, &format!("{cm}?tag_key=env=prod"), None).await;
    assert_eq!((tagged["count"].as_i64(), tagged["configmaps"][0]["name"].as_str()), (Some(1), Some("camera-cfg")));
    let (_, fuzzy) = send(Method::GET, &server.base, &t, &format!("{cm}?name=amer"), None).await;
    assert_eq!(fuzzy["count"], 1);
    let (status, _) = send(Method::GET, &server.base, &t, &format!("{cm}?limit=1001"), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let mut changed = body("camera-cfg", "prod");
    changed["configmap"]["configs"] = json!([{"key": "LOG_LEVEL", "value": "debug"}]);
    let (status, updated) = send(Method::PUT, &server.base, &t, &format!("{cm}/{id}"), Some(changed)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(updated["configmap"]["configs"], json!([{"key": "LOG_LEVEL", "value": "debug"}]));
    let (status, _) = send(Method::PUT, &server.base, &t, &format!("{cm}/{id}"), Some(body("alpha-cfg", "x"))).await;
    assert_eq!(status, StatusCode::CONFLICT, "renaming onto another name");
    let (_, shown) = send(Method::GET, &server.base, &t, &format!("{cm}/{id}"), None).await;
    assert_eq!(shown["configmap"]["name"], "camera-cfg", "the refused update changed nothing");

    // A workspace that holds a config map cannot be deleted.
    let (_, w) = send(Method::POST, &server.base, &t, &ws, Some(json!({"name": "team-b"}))).await;
    let wid = w["workspace_id"].as_str().unwrap().to_string();
    let mut in_team = body("team-cfg", "x");
    in_team["workspace_id"] = json!(wid);
    let (status, created) = send(Method::POST, &server.base, &t, &cm, Some(in_team)).await;
    assert_eq!((status, created["workspace_id"].as_str()), (StatusCode::OK, Some(wid.as_str())));
    let (_, team_list) = send(Method::GET, &server.base, &t, &format!("{cm}?workspace_id={wid}"), None).await;
    assert_eq!(team_list["count"], 1);
    let (status, err) = send(Method::DELETE, &server.base, &t, &format!("{ws}/{wid}"), None).await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    let team_cm = created["configmap"]["id"].as_str().unwrap();
    let (status, deleted) = send(Method::DELETE, &server.base, &t, &format!("{cm}/{team_cm}"), None).await;
    assert_eq!((status, deleted["configmap"]["id"].as_str()), (StatusCode::OK, Some(team_cm)));
    let (status, _) = send(Method::DELETE, &server.base, &t, &format!("{ws}/{wid}"), None).await;
    assert_eq!(status, StatusCode::OK, "empty now");
    let (status, _) = send(Method::GET, &server.base, &t, &format!("{cm}/{team_cm}"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    server.stop().await;
}
