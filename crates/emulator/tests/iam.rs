//! The emulator over real HTTP on 127.0.0.1, with a real SQLite file. IAM sign-in, tokens and AK/SK signatures.

mod common;

use common::*;

#[tokio::test]
async fn sign_in_good_and_bad() {
    let server = Server::start(&temp_db("signin")).await;
    let client = reqwest::Client::new();
    let url = format!("{}/v3/auth/tokens", server.base);

    let good = client
        .post(&url)
        .json(&sign_in_body("demo", "HiLens-Demo-2026", json!({"id": "0b8f4c6a2d3e4f5a9b1c7d2e3f4a5b6c"})))
        .send()
        .await
        .unwrap();
    assert_eq!(good.status(), StatusCode::CREATED);
    assert!(good.headers()["x-subject-token"].len() > 40);
    let body: Value = good.json().await.unwrap();
    assert_eq!(body["token"]["project"]["id"], "0b8f4c6a2d3e4f5a9b1c7d2e3f4a5b6c");
    assert!(body.to_string().find("MIIE").is_none(), "the token is only in the header");

    for (user, password, project) in [
        ("demo", "wrong", json!({"name": "cn-north-4"})),
        ("nobody", "HiLens-Demo-2026", json!({"name": "cn-north-4"})),
    ] {
        let resp = client.post(&url).json(&sign_in_body(user, password, project)).send().await.unwrap();
        assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
        assert!(!resp.headers().contains_key("x-subject-token"));
        let err: Value = resp.json().await.unwrap();
        assert_eq!(err["error_code"], "IAM.0004");
    }
    let other_project = client
        .post(&url)
        .json(&sign_in_body("demo", "HiLens-Demo-2026", json!({"id": "someone-elses"})))
        .send()
        .await
        .unwrap();
    assert_eq!(other_project.status(), StatusCode::FORBIDDEN);
    let garbage = client.post(&url).body("{not json").send().await.unwrap();
    assert_eq!(garbage.status(), StatusCode::BAD_REQUEST);
    let err: Value = garbage.json().await.unwrap();
    assert!(err["error_msg"].as_str().unwrap().contains("body"));
    server.stop().await;
}

#[tokio::test]
async fn missing_or_invalid_token_is_401_in_the_api_error_format() {
    let server = Server::start(&temp_db("token")).await;
    let client = reqwest::Client::new();
    let url = format!("{}/v1/skill-market/skills", server.base);
    let missing = client.get(&url).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::UNAUTHORIZED);
    let err: Value = missing.json().await.unwrap();
    assert_eq!(err["error_code"], "APIGW.0301");
    assert!(!err["error_msg"].as_str().unwrap().is_empty());
    let invalid = client.get(&url).header("X-Auth-Token", "MIIEnot-a-token").send().await.unwrap();
    assert_eq!(invalid.status(), StatusCode::UNAUTHORIZED);
    // The detail endpoint takes no token, but a bad one is still refused.
    let detail = format!("{url}/{}", hilens_emulator_seed_id());
    assert_eq!(client.get(&detail).send().await.unwrap().status(), StatusCode::OK);
    assert_eq!(
        client.get(&detail).header("X-Auth-Token", "bad").send().await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    // An operation outside the catalogue is not found, whatever the token.
    let t = token(&server.base).await;
    let (status, body) = get(&server.base, &t, "/v1/skill-market/skillz").await;
    assert_eq!((status, body["error_code"].as_str()), (StatusCode::NOT_FOUND, Some("APIGW.0101")));
    server.stop().await;
}

#[tokio::test]
async fn ak_sk_signatures_are_verified() {
    let server = Server::start(&temp_db("aksk")).await;
    let now = hilens_emulator::clock::now_secs();
    let path = "/v1/skill-market/skills";
    let q = [("limit", "3"), ("skill_name", "行人 x")];
    let (status, body) = signed_get(&server.base, path, &q[..1], KEY.0, KEY.1, now, false).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["data"].as_array().unwrap().len(), 3);
    let (status, _) = signed_get(&server.base, path, &q, KEY.0, KEY.1, now, false).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "signature fine, then the name rule applies (no spaces)");

    for (what, ak, sk, date, corrupt) in [
        ("corrupted signature", KEY.0, KEY.1, now, true),
        ("wrong SK", KEY.0, "not-the-secret", now, false),
        ("unknown AK", "HPUAUNKNOWN", KEY.1, now, false),
        ("date 20 minutes ago", KEY.0, KEY.1, now - 20 * 60, false),
        ("date 20 minutes ahead", KEY.0, KEY.1, now + 20 * 60, false),
    ] {
        let (status, body) = signed_get(&server.base, path, &q[..1], ak, sk, date, corrupt).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{what}: {body}");
        assert_eq!(body["error_code"], "APIGW.0301", "{what}");
    }
    let (status, _) = signed_get(&server.base, path, &q[..1], KEY.0, KEY.1, now - 14 * 60, false).await;
    assert_eq!(status, StatusCode::OK, "14 minutes of skew is accepted");
    let (status, body) =
        signed_get(&server.base, "/v3/someone-elses-project/ai-mgr/nodes", &[], KEY.0, KEY.1, now, false).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the key's project only: {body}");
    server.stop().await;
}
