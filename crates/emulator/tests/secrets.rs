//! The emulator over real HTTP on 127.0.0.1, with a real SQLite file. Secrets.

mod common;

use common::*;

#[tokio::test]
async fn secrets_with_entries_tags_and_rules() {
    use reqwest::Method;
    let server = Server::start(&temp_db("secrets")).await;
    let t = token(&server.base).await;
    let sec = format!("/v3/{}/ai-mgr/secrets", KEY.2);
    let body = |name: &str| {
        json!({"secret": {"name": name, "description": "db", "secrets": [{"key": "DB_PASS", "value": "p@ss!word"}],
            "tags": [{"key": "team", "value": "vision/edge"}]}})
    };
    let (status, created) = send(Method::POST, &server.base, &t, &sec, Some(body("db-secret"))).await;
    assert_eq!(status, StatusCode::OK, "{created}");
    assert_eq!(created["workspace_id"], "0");
    let id = created["secret"]["id"].as_str().unwrap().to_string();
    assert_eq!(created["secret"]["secrets"][0]["value"], "p@ss!word");
    let (status, _) = send(Method::POST, &server.base, &t, &sec, Some(body("db-secret"))).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let many: Vec<Value> = (0..101).map(|i| json!({"key": format!("K{i}"), "value": "v"})).collect();
    for (bad, field) in [
        (
            json!({"secret": {"name": "ok-name", "secrets": [{"key": "1BAD", "value": "v"}], "tags": []}}),
            "secret.secrets[0].key",
        ),
        (
            json!({"secret": {"name": "ok-name", "secrets": [{"key": "K", "value": "a<b"}], "tags": []}}),
            "secret.secrets[0].value",
        ),
        (json!({"secret": {"name": "ok-name", "secrets": many, "tags": []}}), "secret.secrets"),
        (json!({"secret": {"name": "ok_name", "secrets": [], "tags": []}}), "secret.name"),
    ] {
        let (status, err) = send(Method::POST, &server.base, &t, &sec, Some(bad)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(err["error_msg"].as_str().unwrap().contains(field), "{field}: {err}");
    }
    let (_, list) = send(Method::GET, &server.base, &t, &format!("{sec}?tags=team.vision/edge"), None).await;
    assert_eq!((list["count"].as_i64(), list["secrets"][0]["id"].as_str()), (Some(1), Some(id.as_str())));
    let (_, none) = send(Method::GET, &server.base, &t, &format!("{sec}?tags=team.other"), None).await;
    assert_eq!(none["count"], 0);
    let (status, _) = send(Method::GET, &server.base, &t, &format!("{sec}?tags=nodot"), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let mut changed = body("db-secret");
    changed["secret"]["secrets"] = json!([{"key": "DB_PASS", "value": "rotated"}]);
    let (status, updated) = send(Method::PUT, &server.base, &t, &format!("{sec}/{id}"), Some(changed)).await;
    assert_eq!((status, updated["secret"]["secrets"][0]["value"].as_str()), (StatusCode::OK, Some("rotated")));
    let (_, shown) = send(Method::GET, &server.base, &t, &format!("{sec}/{id}"), None).await;
    assert_eq!(
        (shown["secret"]["workspace_id"].as_str(), shown["secret"]["secrets"][0]["value"].as_str()),
        (Some("0"), Some("rotated"))
    );
    let (status, deleted) = send(Method::DELETE, &server.base, &t, &format!("{sec}/{id}"), None).await;
    assert_eq!((status, deleted["secret"]["id"].as_str()), (StatusCode::OK, Some(id.as_str())));
    let (status, _) = send(Method::GET, &server.base, &t, &format!("{sec}/{id}"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    server.stop().await;
}
