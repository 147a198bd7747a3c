//! The emulator over real HTTP on 127.0.0.1, with a real SQLite file. Workspaces.

mod common;

use common::*;

#[tokio::test]
async fn workspaces_default_create_update_delete_and_conflicts() {
    use reqwest::Method;
    let server = Server::start(&temp_db("workspaces")).await;
    let t = token(&server.base).await;
    let ws = format!("/v3/{}/ai-mgr/workspaces", KEY.2);
    let (status, all) = send(Method::GET, &server.base, &t, &ws, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (all["count"].as_i64(), all["workspaces"][0]["name"].as_str()),
        (Some(1), Some("default")),
        "the default workspace exists from the start"
    );
    assert_eq!(all["workspaces"][0]["workspace_id"], "0");

    let (status, body) = send(Method::POST, &server.base, &t, &ws, Some(json!({"name": "vision-team", "enterprise_project_id": 0, "enterprise_project_name": "default", "description": "团队 A"}))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let id = body["workspace_id"].as_str().unwrap().to_string();
    let (status, body) = send(
        Method::POST,
        &server.base,
        &t,
        &ws,
        Some(json!({"name": "vision-team", "enterprise_project_id": "0", "enterprise_project_name": "default"})),
    )
    .await;
    assert_eq!((status, body["error_code"].as_str()), (StatusCode::CONFLICT, Some("HIL.0409")), "names are unique");
    for (body, field) in [
        (json!({"name": "bad name", "enterprise_project_id": "0", "enterprise_project_name": "default"}), "name"),
        (
            json!({"name": "ok-name", "enterprise_project_id": "0", "enterprise_project_name": "default", "description": "<script>"}),
            "description",
        ),
        (json!({"enterprise_project_id": "0"}), "name"),
    ] {
        let (status, err) = send(Method::POST, &server.base, &t, &ws, Some(body.clone())).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert!(err["error_msg"].as_str().unwrap().contains(field), "{body}: {err}");
    }
    let (_, all) = send(Method::GET, &server.base, &t, &ws, None).await;
    assert_eq!(all["count"], 2, "the refused ones stored nothing");

    let (_, one) = send(Method::GET, &server.base, &t, &format!("{ws}/{id}"), None).await;
    assert_eq!(
        (one["name"].as_str(), one["owner"].as_str(), one["description"].as_str()),
        (Some("vision-team"), Some("demo"), Some("团队 A"))
    );
    let (status, _) =
        send(Method::PUT, &server.base, &t, &format!("{ws}/{id}"), Some(json!({"description": "edge fleet"}))).await;
    assert_eq!(status, StatusCode::OK);
    let (_, one) = send(Method::GET, &server.base, &t, &format!("{ws}/{id}"), None).await;
    assert_eq!(one["description"], "edge fleet");
    assert_eq!(one["name"], "vision-team", "only the description changes");
    let (status, _) =
        send(Method::PUT, &server.base, &t, &format!("{ws}/{id}"), Some(json!({"description": "x".repeat(256)}))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (_, filtered) = send(Method::GET, &server.base, &t, &format!("{ws}?iam_user_id=user-demo"), None).await;
    assert_eq!(filtered["count"], 1);
    let (_, paged) = send(Method::GET, &server.base, &t, &format!("{ws}?limit=1&offset=1"), None).await;
    assert_eq!(
        (paged["count"].as_i64(), paged["workspaces"][0]["workspace_id"].as_str()),
        (Some(2), Some(id.as_str()))
    );

    let (status, body) = send(Method::DELETE, &server.base, &t, &format!("{ws}/0"), None).await;
    assert_eq!(status, StatusCode::CONFLICT, "the default workspace stays: {body}");
    let (status, body) = send(Method::DELETE, &server.base, &t, &format!("{ws}/{id}"), None).await;
    assert_eq!((status, body["workspace_id"].as_str()), (StatusCode::OK, Some(id.as_str())));
    for method in [Method::GET, Method::DELETE] {
        let (status, _) = send(method, &server.base, &t, &format!("{ws}/{id}"), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    server.stop().await;
}
