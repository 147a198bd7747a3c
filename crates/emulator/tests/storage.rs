//! The emulator over real HTTP on 127.0.0.1, with a real SQLite file. Storage: what survives a restart, and concurrent writes.

mod common;

use common::*;

#[tokio::test]
async fn data_and_tokens_survive_a_restart() {
    let db = temp_db("restart");
    let server = Server::start(&db).await;
    let t = token(&server.base).await;
    let before = list(&server.base, &t, "limit=100").await;
    server.stop().await;

    let server = Server::start(&db).await;
    let after = list(&server.base, &t, "limit=100").await;
    assert_eq!(before, after, "the same skills, and the token issued before the restart still works");
    server.stop().await;
}

#[tokio::test]
async fn concurrent_writes_lose_nothing_and_a_name_is_taken_once() {
    use reqwest::Method;
    let server = Server::start(&temp_db("concurrent")).await;
    let t = token(&server.base).await;
    let maps = format!("/v3/{}/ai-mgr/configmaps", KEY.2);
    let body = |name: String| json!({"configmap": {"name": name, "configs": [{"key": "k", "value": "v"}]}});
    let distinct = (0..40).map(|i| {
        let (b, t, maps) = (server.base.clone(), t.clone(), maps.clone());
        let body = body(format!("conc-{i:02}"));
        tokio::spawn(async move { send(Method::POST, &b, &t, &maps, Some(body)).await.0 })
    });
    for task in distinct.collect::<Vec<_>>() {
        assert_eq!(task.await.unwrap(), StatusCode::OK);
    }
    let same = (0..20).map(|_| {
        let (b, t, maps) = (server.base.clone(), t.clone(), maps.clone());
        let body = body("conc-same".into());
        tokio::spawn(async move { send(Method::POST, &b, &t, &maps, Some(body)).await.0 })
    });
    let mut statuses = Vec::new();
    for task in same.collect::<Vec<_>>() {
        statuses.push(task.await.unwrap());
    }
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::OK).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == StatusCode::OK || *s == StatusCode::CONFLICT));
    let (_, listed) = send(Method::GET, &server.base, &t, &format!("{maps}?limit=1000"), None).await;
    assert_eq!(listed["count"], 41);
    server.stop().await;
}
