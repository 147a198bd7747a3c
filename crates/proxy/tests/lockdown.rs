//! The proxy's layers around every request: the body limit, the anti-forgery header, CORS for listed origins only, rate limits, security and cache headers.

mod common;

use common::*;

#[tokio::test]
async fn an_oversized_body_is_413_and_never_forwarded() {
    let (cloud, hits) = start_cloud("big").await;
    let base = proxy(service("big", remote(&cloud, Duration::from_secs(10)), SK)).await;
    let big = vec![b'x'; 12 * 1024 * 1024 + 1];
    let resp = client()
        .post(format!("{base}/api/v3/{PROJECT}/ai-mgr/nodes"))
        .header("x-hilens-console", "1")
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(hits.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn state_changing_calls_need_the_console_header() {
    let (cloud, hits) = start_cloud("csrf").await;
    let base = proxy(config("csrf", remote(&cloud, Duration::from_secs(10)))).await;
    let forged = client()
        .post(format!("{base}/auth/login"))
        .json(&json!({"domain": "hilens-demo", "user": "demo", "password": "HiLens-Demo-2026"}))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert!(forged.headers().get("set-cookie").is_none());
    let cookie = sign_in(&base).await;
    let before = hits.load(Ordering::SeqCst);
    let post = client()
        .post(format!("{base}/api/v1/{PROJECT}/skill-market/skill-order"))
        .header("cookie", &cookie)
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(post.status(), StatusCode::FORBIDDEN);
    let err: Value = post.json().await.unwrap();
    assert_eq!(err["error_code"], "CONSOLE.0403");
    assert_eq!(hits.load(Ordering::SeqCst), before, "refused before the upstream");
    let get =
        client().get(format!("{base}/api/v1/skill-market/skills")).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(get.status(), StatusCode::OK, "reads need no header");
}

#[tokio::test]
async fn cors_only_for_listed_origins() {
    let (cloud, _) = start_cloud("cors").await;
    let mut c = service("cors", remote(&cloud, Duration::from_secs(10)), SK);
    c.allow_origins = vec!["https://console.example.com".into()];
    let base = proxy(c).await;
    let url = format!("{base}/api/v1/skill-market/skills");

    let ok = client().get(&url).header("origin", "https://console.example.com").send().await.unwrap();
    assert_eq!(ok.headers()["access-control-allow-origin"], "https://console.example.com");
    assert_eq!(ok.headers()["access-control-allow-credentials"], "true");
    let other = client().get(&url).header("origin", "https://evil.example.com").send().await.unwrap();
    assert!(other.headers().get("access-control-allow-origin").is_none());
    assert!(other.headers().get("access-control-allow-credentials").is_none());
    // Caches must keep the two apart.
    assert!(other.headers()["vary"].to_str().unwrap().to_ascii_lowercase().contains("origin"));

    let preflight = |origin: &'static str| {
        client()
            .request(reqwest::Method::OPTIONS, &url)
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type, x-hilens-console")
            .send()
    };
    let good = preflight("https://console.example.com").await.unwrap();
    assert!(good.status().is_success(), "{}", good.status());
    assert_eq!(good.headers()["access-control-allow-origin"], "https://console.example.com");
    let methods = good.headers()["access-control-allow-methods"].to_str().unwrap();
    assert!(methods.contains("POST") && !methods.contains('*'));
    assert!(good.headers()["access-control-allow-headers"].to_str().unwrap().contains("x-hilens-console"));
    let bad = preflight("https://evil.example.com").await.unwrap();
    assert!(bad.headers().get("access-control-allow-origin").is_none());
    assert!(bad.headers().get("access-control-allow-credentials").is_none());
}

#[tokio::test]
async fn rate_limits_answer_429_with_retry_after() {
    let (cloud, _) = start_cloud("rate").await;
    let mut c = service("rate", remote(&cloud, Duration::from_secs(10)), SK);
    c.rate_limit = 3;
    let base = proxy(c).await;
    let url = format!("{base}/api/v1/skill-market/skills?limit=1");
    for _ in 0..3 {
        assert_eq!(client().get(&url).send().await.unwrap().status(), StatusCode::OK);
    }
    let limited = client().get(&url).send().await.unwrap();
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = limited.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(wait >= 1);
    let err: Value = limited.json().await.unwrap();
    assert_eq!(err["error_code"], "CONSOLE.0429");
    // The limit is the API's, all of it; the console's pages and health still answer.
    assert_eq!(client().get(format!("{base}/api")).send().await.unwrap().status(), StatusCode::TOO_MANY_REQUESTS);
    for path in ["/skills", "/apix", "/healthz"] {
        assert_eq!(client().get(format!("{base}{path}")).send().await.unwrap().status(), StatusCode::OK, "{path}");
    }

    let (login_cloud, _) = start_cloud("loginrate").await;
    let mut c = config("loginrate", remote(&login_cloud, Duration::from_secs(10)));
    c.login_rate_limit = 2;
    let base = proxy(c).await;
    let attempt = || {
        client()
            .post(format!("{base}/auth/login"))
            .header("x-hilens-console", "1")
            .json(&json!({"domain": "hilens-demo", "user": "demo", "password": "guess"}))
            .send()
    };
    assert_eq!(attempt().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    assert_eq!(attempt().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    let third = attempt().await.unwrap();
    assert_eq!(third.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(third.headers().contains_key("retry-after"));
}

#[tokio::test]
async fn security_and_cache_headers_and_a_secure_cookie_behind_tls() {
    let (cloud, _) = start_cloud("headers").await;
    let mut c = config("headers", remote(&cloud, Duration::from_secs(10)));
    c.secure_cookie = true;
    let base = proxy(c).await;
    let index = client().get(format!("{base}/skills")).send().await.unwrap();
    let csp = index.headers()["content-security-policy"].to_str().unwrap().to_string();
    assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(csp.contains("connect-src 'self'"), "{csp}");
    // The hash of the inline module script `start()`.
    use base64::Engine;
    use sha2::Digest;
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(b"start()"));
    assert!(csp.contains(&format!("'sha256-{hash}'")), "{csp}");
    assert_eq!(index.headers()["x-content-type-options"], "nosniff");
    assert_eq!(index.headers()["referrer-policy"], "no-referrer");
    assert_eq!(index.headers()["cache-control"], "no-cache");
    // A page whose path merely starts like a route's is a page, with the page's policy.
    let page = client().get(format!("{base}/apix")).send().await.unwrap();
    assert!(page.headers()["content-security-policy"].to_str().unwrap().contains("'wasm-unsafe-eval'"));
    // The router's own answers carry the headers too: a wrong method on a JSON route.
    let wrong = client().get(format!("{base}/auth/login")).send().await.unwrap();
    assert_eq!(wrong.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(wrong.headers()["content-security-policy"], "frame-ancestors 'none'");
    assert_eq!(wrong.headers()["x-frame-options"], "DENY");
    let asset = client().get(format!("{base}/app-0123456789abcdef.js")).send().await.unwrap();
    assert!(asset.headers()["cache-control"].to_str().unwrap().contains("immutable"));
    let config = client().get(format!("{base}/config.json")).send().await.unwrap();
    assert_eq!(config.headers()["cache-control"], "no-cache");

    let resp = demo_login(&client(), &base).await;
    let cookie = resp.headers()["set-cookie"].to_str().unwrap();
    assert!(
        cookie.contains("; Secure") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    // JSON answers: no framing, no sniffing, no caching; the page policy is for pages.
    let session = cookie.split(';').next().unwrap();
    let api =
        client().get(format!("{base}/api/v1/skill-market/skills")).header("cookie", session).send().await.unwrap();
    assert_eq!(api.status(), StatusCode::OK);
    assert_eq!(api.headers()["content-security-policy"], "frame-ancestors 'none'");
    assert_eq!(api.headers()["x-content-type-options"], "nosniff");
    assert_eq!(api.headers()["x-frame-options"], "DENY");
    assert_eq!(api.headers()["cache-control"], "no-store");
}
