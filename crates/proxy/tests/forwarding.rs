//! What is forwarded to the upstream, with which credentials, and what comes back: the session's token or the service's signature, catalogue operations of the caller's project only, no secret in any answer, timeouts, redirects, an HTTPS upstream's CA.

mod common;

use common::*;

#[tokio::test]
async fn calls_are_forwarded_with_the_sessions_token_and_nothing_the_browser_sent() {
    let h = start_embedded("forward").await;
    let cookie = h.session_cookie().await;
    let resp = h
        .client
        .get(format!("{}/api/v1/skill-market/skills?limit=3&chip=Arm", h.base))
        .header("cookie", format!("{cookie}; other=1"))
        .header("x-auth-token", "browser-supplied")
        .header("authorization", "SDK-HMAC-SHA256 Access=x")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(resp.headers().contains_key("x-request-id"));
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["data"].as_array().unwrap().len(), 3);
    let seen = h.seen.lock().unwrap();
    let token = seen.tokens[0].clone();
    let (method, uri, auth, creds) = seen.requests.last().unwrap().clone();
    assert_eq!((method.as_str(), uri.as_str()), ("GET", "/v1/skill-market/skills?limit=3&chip=Arm"));
    assert_eq!(auth.as_deref(), Some(token.as_str()), "the session's token, not the browser's");
    assert!(creds.is_empty(), "no cookie or other credential reaches the upstream: {creds:?}");
}

#[tokio::test]
async fn undocumented_paths_and_unsigned_calls_never_reach_the_upstream() {
    let h = start_embedded("lockdown").await;
    let unsigned = h.client.get(format!("{}/api/v1/skill-market/skills", h.base)).send().await.unwrap();
    assert_eq!(unsigned.status(), StatusCode::UNAUTHORIZED);
    let err: Value = unsigned.json().await.unwrap();
    assert_eq!(err["error_code"], "CONSOLE.0401");

    let cookie = h.session_cookie().await;
    let before = h.upstream_requests();
    for (method, path) in [
        ("GET", "/api/v3/auth/tokens"),
        ("GET", "/api/v1/skill-market/skillz"),
        ("DELETE", "/api/v1/skill-market/skills"),
        ("GET", "/api/v1/skill-market/skills/../../v3/auth/tokens"),
        ("GET", "/api/v1/skill-market/skills/a%2F..%2F..%2Fx"),
        ("GET", "/api/v1/skill-market/skills/a/b"),
        ("GET", "/api/admin"),
        ("GET", "/api/"),
    ] {
        let resp = h
            .client
            .request(method.parse().unwrap(), format!("{}{path}", h.base))
            .header("cookie", &cookie)
            .header("x-hilens-console", "1")
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::NOT_FOUND, "{method} {path}");
        let err: Value = resp.json().await.unwrap();
        assert_eq!(err["error_code"], "APIGW.0101", "{method} {path}");
    }
    assert_eq!(h.upstream_requests(), before, "nothing reached the upstream");
}

#[tokio::test]
async fn no_response_the_browser_gets_contains_the_token() {
    let h = start_embedded("secrets").await;
    let mut seen_by_browser = String::new();
    let login = h.login(DEMO.2).await;
    let cookie = login.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    let mut responses = vec![login];
    for path in [
        "/auth/session",
        "/config.json",
        "/api/v1/skill-market/skills",
        "/api/v1/skill-market/skills?limit=0",
        "/api/v1/skill-market/skills/unknown",
        "/api/v1/nothing",
        "/skills",
    ] {
        responses.push(h.client.get(format!("{}{path}", h.base)).header("cookie", &cookie).send().await.unwrap());
    }
    for resp in responses {
        for (name, value) in resp.headers() {
            seen_by_browser.push_str(&format!("{name}: {}\n", value.to_str().unwrap_or("")));
        }
        seen_by_browser.push_str(&resp.text().await.unwrap());
    }
    let tokens = h.seen.lock().unwrap().tokens.clone();
    assert_eq!(tokens.len(), 1);
    assert!(tokens[0].len() > 40);
    assert!(!seen_by_browser.contains(&tokens[0]), "the token leaked to the browser");
    assert!(!seen_by_browser.contains(&tokens[0][4..24]), "part of the token leaked to the browser");
}

#[tokio::test]
async fn service_mode_signs_every_call_and_the_emulator_accepts_it() {
    let (cloud, hits) = start_cloud("service").await;
    let base = proxy(service("service", remote(&cloud, Duration::from_secs(10)), SK)).await;
    let me: Value = client().get(format!("{base}/auth/session")).send().await.unwrap().json().await.unwrap();
    assert_eq!(me["project_id"], PROJECT, "nobody signs in; the service's project is the session's");
    let resp = client().get(format!("{base}/api/v1/skill-market/skills?limit=4&chip=Arm")).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["data"].as_array().unwrap().len(), 4);
    assert!(body["data"].as_array().unwrap().iter().all(|s| s["chip"] == "Arm"));
    assert_eq!(hits.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_corrupted_signature_is_rejected_by_the_emulator() {
    let (cloud, hits) = start_cloud("badsig").await;
    let base = proxy(service("badsig", remote(&cloud, Duration::from_secs(10)), "not-the-secret-key")).await;
    let resp = client().get(format!("{base}/api/v1/skill-market/skills")).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    let err: Value = resp.json().await.unwrap();
    assert_eq!(err["error_code"], "APIGW.0301");
    assert_eq!(hits.load(Ordering::SeqCst), 1, "it did reach the emulator, which refused it");
}

#[tokio::test]
async fn another_projects_path_never_reaches_the_upstream() {
    let (cloud, hits) = start_cloud("project").await;
    let base = proxy(service("project", remote(&cloud, Duration::from_secs(10)), SK)).await;
    for path in [
        "/api/v3/ffffffffffffffffffffffffffffffff/ai-mgr/nodes",
        "/api/v3/..%2F..%2Fv3/ai-mgr/nodes",
        "/api/v1/skill-market/skills/..%2F..%2Fv3%2Fauth%2Ftokens",
        "/api/v1/skill-market/skills/%5C..%5Cx",
        "/api/v3/auth/tokens",
    ] {
        let resp = client().get(format!("{base}{path}")).send().await.unwrap();
        assert_eq!(resp.status(), StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(hits.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn a_slow_upstream_is_504_and_a_dead_one_502() {
    // Slow: accepts, then answers after 3 s; the proxy waits 1 s.
    let slow = axum::Router::new().fallback(|| async {
        tokio::time::sleep(Duration::from_secs(3)).await;
        "late"
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let slow_base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, slow).await.unwrap() });
    let base = proxy(service("slow", remote(&slow_base, Duration::from_secs(1)), SK)).await;
    let resp = client().get(format!("{base}/api/v1/skill-market/skills")).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::GATEWAY_TIMEOUT);
    let err: Value = resp.json().await.unwrap();
    assert_eq!(err["error_code"], "CONSOLE.0504");

    // Dead: a port nothing listens on.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let dead_base = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let base = proxy(service("dead", remote(&dead_base, Duration::from_secs(2)), SK)).await;
    let resp = client().get(format!("{base}/api/v1/skill-market/skills")).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::BAD_GATEWAY);
    assert!(resp.headers().contains_key("x-request-id"));
    let err: Value = resp.json().await.unwrap();
    assert_eq!(err["error_code"], "CONSOLE.0502");
    let ready = client().get(format!("{base}/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(client().get(format!("{base}/healthz")).send().await.unwrap().status(), StatusCode::OK);
}

#[tokio::test]
async fn upstream_redirects_are_not_followed_or_passed_on() {
    let (target, target_hits) = start_cloud("redirect-target").await;
    let location = format!("{target}/v1/skill-market/skills");
    let redirecting = axum::Router::new().fallback(move || {
        let location = location.clone();
        async move { (StatusCode::FOUND, [("location", location)], "") }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_up = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, redirecting).await.unwrap() });
    let base = proxy(service("redirect", remote(&base_up, Duration::from_secs(5)), SK)).await;
    let resp = client().get(format!("{base}/api/v1/skill-market/skills")).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::BAD_GATEWAY);
    assert!(resp.headers().get("location").is_none());
    assert_eq!(target_hits.load(Ordering::SeqCst), 0, "the redirect target was never contacted");
}

#[tokio::test]
async fn an_https_upstream_is_reached_when_its_ca_is_trusted_and_refused_otherwise() {
    let (cloud, ca) = start_tls_cloud("https-upstream").await;
    let trusted = Remote::new(&cloud, &cloud, Duration::from_secs(2), Duration::from_secs(10))
        .unwrap()
        .trust_ca(ca.as_bytes())
        .unwrap();
    let base = proxy(config("https-trusted", Upstream::remote(trusted))).await;
    let cookie = sign_in(&base).await;
    for _ in 0..3 {
        let resp =
            client().get(format!("{base}/api/v1/skill-market/skills?limit=2")).header("cookie", &cookie).send().await;
        let resp = resp.unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
        assert_eq!(resp.json::<Value>().await.unwrap()["data"].as_array().unwrap().len(), 2);
    }
    // Only the Mozilla roots: the certificate is not trusted, so IAM cannot be reached.
    let untrusted = Remote::new(&cloud, &cloud, Duration::from_secs(2), Duration::from_secs(10)).unwrap();
    let base = proxy(config("https-untrusted", Upstream::remote(untrusted))).await;
    assert_eq!(demo_login(&client(), &base).await.status(), StatusCode::BAD_GATEWAY);
    assert!(Remote::new(&cloud, &cloud, Duration::from_secs(2), Duration::from_secs(2))
        .unwrap()
        .trust_ca(b"not a certificate")
        .is_err());
}
