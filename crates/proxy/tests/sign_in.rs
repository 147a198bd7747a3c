//! Signing in to the console in each mode, and the session's end: the cookie, wrong passwords, sign-out, local users, a token the upstream refuses, open mode's lockdown.

mod common;

use common::*;

#[tokio::test]
async fn the_login_cookie_is_httponly_strict_and_opaque() {
    let h = start_embedded("cookie").await;
    let resp = h.login(DEMO.2).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let cookie = resp.headers()["set-cookie"].to_str().unwrap().to_string();
    let attrs: Vec<&str> = cookie.split(';').map(str::trim).collect();
    assert!(attrs[0].starts_with("hilens_session=") && attrs[0].len() > "hilens_session=".len() + 32, "{cookie}");
    assert!(attrs.contains(&"HttpOnly"), "{cookie}");
    assert!(attrs.contains(&"SameSite=Strict"), "{cookie}");
    assert!(attrs.contains(&"Path=/"), "{cookie}");
    let info: SessionInfo = resp.json().await.unwrap();
    assert_eq!((info.user.as_str(), info.project_id.len()), ("demo", 32));
    let token = h.seen.lock().unwrap().tokens[0].clone();
    assert!(!cookie.contains(&token));
}

#[tokio::test]
async fn a_wrong_password_is_a_clear_401_and_no_cookie() {
    let h = start_embedded("wrong").await;
    let resp = h.login("not-the-password").await;
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    assert!(resp.headers().get("set-cookie").is_none());
    let err: Value = resp.json().await.unwrap();
    assert_eq!(err["error_code"], "IAM.0004");
    let empty = h
        .client
        .post(format!("{}/auth/login", h.base))
        .header("x-hilens-console", "1")
        .json(&json!({"domain": "d", "user": "", "password": "p"}))
        .send()
        .await
        .unwrap();
    assert_eq!(empty.status(), StatusCode::BAD_REQUEST);
    let err: Value = empty.json().await.unwrap();
    assert!(err["error_msg"].as_str().unwrap().contains("user"), "{err}");
}

#[tokio::test]
async fn logout_forgets_the_session() {
    let h = start_embedded("logout").await;
    let cookie = h.session_cookie().await;
    let me = h.client.get(format!("{}/auth/session", h.base)).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(me.status(), StatusCode::OK);
    let out = h
        .client
        .post(format!("{}/auth/logout", h.base))
        .header("cookie", &cookie)
        .header("x-hilens-console", "1")
        .send()
        .await
        .unwrap();
    assert!(out.headers()["set-cookie"].to_str().unwrap().contains("Max-Age=0"));
    let me = h.client.get(format!("{}/auth/session", h.base)).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(me.status(), StatusCode::UNAUTHORIZED);
    let api =
        h.client.get(format!("{}/api/v1/skill-market/skills", h.base)).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(api.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn user_mode_signs_in_to_iam_and_forwards_with_the_token() {
    let (cloud, hits) = start_cloud("user").await;
    let base = proxy(config("user", remote(&cloud, Duration::from_secs(10)))).await;
    let cookie = sign_in(&base).await;
    let resp = client()
        .get(format!("{base}/api/v1/skill-market/skills?limit=2"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["data"].as_array().unwrap().len(), 2);
    assert_eq!(hits.load(Ordering::SeqCst), 2, "one sign-in, one call");
}

#[tokio::test]
async fn local_users_sign_in_with_their_hashed_password_and_calls_are_signed() {
    let (cloud, hits) = start_cloud("users").await;
    let mut c = service("users", remote(&cloud, Duration::from_secs(10)), SK);
    c.access = Access::Users(users("users", &[("ops", "ops-pass-1", "viewer", None)]).0);
    let base = proxy(c).await;
    let login = |user: &'static str, password: &'static str| {
        client()
            .post(format!("{base}/auth/login"))
            .header("x-hilens-console", "1")
            .json(&json!({"domain": "", "user": user, "password": password}))
            .send()
    };
    assert_eq!(
        client().get(format!("{base}/api/v1/skill-market/skills")).send().await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    for (user, password) in [("ops", "wrong"), ("nobody", "ops-pass-1")] {
        let resp = login(user, password).await.unwrap();
        assert_eq!(resp.status(), StatusCode::UNAUTHORIZED, "{user}");
        assert!(resp.headers().get("set-cookie").is_none());
    }
    let ok = login("ops", "ops-pass-1").await.unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    let cookie = ok.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    let me: Value = ok.json().await.unwrap();
    assert_eq!((me["user"].as_str(), me["project_id"].as_str()), (Some("ops"), Some(PROJECT)));
    assert_eq!((me["auth_method"].as_str(), me["role"].as_str()), (Some("users"), Some("viewer")));
    let resp = client()
        .get(format!("{base}/api/v1/skill-market/skills?limit=1"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK, "signed with the service key");
    assert_eq!(hits.load(Ordering::SeqCst), 1, "local sign-in never calls IAM");
}

#[tokio::test]
async fn a_token_the_upstream_refuses_ends_the_session() {
    // An upstream whose IAM issues a token that its API then refuses.
    let iam_body = json!({"token": {"methods": ["password"], "expires_at": "2099-01-01T00:00:00.000000Z",
        "issued_at": "2026-01-01T00:00:00.000000Z", "user": {"id": "u", "name": "demo", "domain": {"name": "d"}},
        "project": {"id": PROJECT, "name": "cn-north-4", "domain": {"name": "d"}}}});
    let app =
        axum::Router::new()
            .route(
                "/v3/auth/tokens",
                axum::routing::post(move || {
                    let body = iam_body.clone();
                    async move {
                        (StatusCode::CREATED, [("x-subject-token", "MIIErevoked0123456789abcdef")], axum::Json(body))
                    }
                }),
            )
            .fallback(|| async {
                (StatusCode::UNAUTHORIZED, axum::Json(json!({"error_code": "APIGW.0301", "error_msg": "expired"})))
            });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let up = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let base = proxy(config("revoked", remote(&up, Duration::from_secs(5)))).await;
    let cookie = sign_in(&base).await;
    let resp =
        client().get(format!("{base}/api/v1/skill-market/skills")).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    let err: Value = resp.json().await.unwrap();
    assert_eq!(err["error_code"], "CONSOLE.0401", "the console is told to sign in again");
    let me = client().get(format!("{base}/auth/session")).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(me.status(), StatusCode::UNAUTHORIZED, "the session is gone");
}

#[test]
fn nobody_signing_in_is_refused_on_a_network_address_without_sso() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hilens-proxy"))
        .args([
            "--listen",
            "0.0.0.0:0",
            "--console-auth",
            "none",
            "--hilens-endpoint",
            "http://127.0.0.1:9",
            "--iam-endpoint",
            "http://127.0.0.1:9",
        ])
        .env("HILENS_AK", AK)
        .env("HILENS_SK", SK)
        .env("HILENS_PROJECT_ID", PROJECT)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--behind-sso"), "{err}");
    assert!(!err.contains(SK) && !String::from_utf8_lossy(&out.stdout).contains(SK), "the SK is never printed");

    let dir = std::env::temp_dir().join(format!("hilens-proxy-open-creds-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("credentials.toml");
    std::fs::write(&file, format!("ak = \"{AK}\"\nsk = \"{SK}\"\nproject_id = \"{PROJECT}\"\n")).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hilens-proxy"))
        .args([
            "--listen",
            "127.0.0.1:0",
            "--console-auth",
            "none",
            "--hilens-endpoint",
            "http://127.0.0.1:9",
            "--iam-endpoint",
            "http://127.0.0.1:9",
        ])
        .arg("--credentials-file")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("readable by others"));
}
