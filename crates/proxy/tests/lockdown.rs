//! The proxy's layers around every request: the body limit, the anti-forgery header, CORS for
//! listed origins only, rate limits, security and cache headers; each over HTTP/1.1 and over
//! HTTP/2 (TLS, ALPN), where a body need not say its length.

mod common;

use common::*;

#[tokio::test]
async fn an_oversized_body_is_413_and_never_forwarded() {
    for over in BOTH {
        let name = format!("big-{over:?}");
        let (cloud, hits) = start_cloud(&name).await;
        let s = serve_over(over, service(&name, remote(&cloud, Duration::from_secs(10)), SK)).await;
        let register = || {
            s.client
                .post(format!("{}/api/v3/{PROJECT}/ai-mgr/nodes", s.base))
                .header("x-hilens-console", "1")
                .header("content-type", "application/json")
        };
        // Said up front by its Content-Length.
        let resp = register().body(vec![b'x'; 12 * 1024 * 1024 + 1]).send().await.unwrap();
        assert_eq!(resp.status(), StatusCode::PAYLOAD_TOO_LARGE, "{over:?}");
        assert_eq!(resp.json::<Value>().await.unwrap()["error_code"], "CONSOLE.0413", "{over:?}");
        // Not said: HTTP/1.1 sends it chunked, which is refused whatever its size; over HTTP/2
        // the limit cuts it as it streams in.
        let resp = register().body(Unsized::megabytes(13)).send().await.unwrap();
        let (status, code) = match over {
            Over::Http1 => (StatusCode::LENGTH_REQUIRED, "CONSOLE.0411"),
            Over::Http2 => (StatusCode::PAYLOAD_TOO_LARGE, "CONSOLE.0413"),
        };
        assert_eq!(resp.status(), status, "{over:?}");
        assert_eq!(resp.json::<Value>().await.unwrap()["error_code"], code, "{over:?}");
        // The sign-in reads its small body under a limit of its own, sized or not.
        let resp = s
            .client
            .post(format!("{}/auth/login", s.base))
            .header("x-hilens-console", "1")
            .body(if over == Over::Http2 { Unsized::megabytes(1) } else { vec![b'x'; 1024 * 1024].into() })
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::PAYLOAD_TOO_LARGE, "{over:?}");
        assert_eq!(resp.json::<Value>().await.unwrap()["error_code"], "CONSOLE.0413", "{over:?}");
        assert_eq!(hits.load(Ordering::SeqCst), 0, "{over:?}: nothing reached the upstream");
        if over == Over::Http2 {
            // A small body of unknown length is taken over HTTP/2 (what was refused above was
            // refused for its size).
            let resp = register().body(Unsized::text(r#"{"name":"cam"}"#)).send().await.unwrap();
            assert!(!resp.status().is_server_error(), "{}", resp.status());
            assert_eq!(hits.load(Ordering::SeqCst), 1, "forwarded");
        }
    }
}

#[tokio::test]
async fn state_changing_calls_need_the_console_header() {
    for over in BOTH {
        let (cloud, hits) = start_cloud(&format!("csrf-{over:?}")).await;
        let s = serve_over(over, config(&format!("csrf-{over:?}"), remote(&cloud, Duration::from_secs(10)))).await;
        let base = s.base.clone();
        let forged = s
            .client
            .post(format!("{base}/auth/login"))
            .json(&json!({"domain": "hilens-demo", "user": "demo", "password": "HiLens-Demo-2026"}))
            .send()
            .await
            .unwrap();
        assert_eq!(forged.status(), StatusCode::FORBIDDEN);
        assert!(forged.headers().get("set-cookie").is_none());
        let cookie = sign_in_with(&s.client, &base).await;
        let before = hits.load(Ordering::SeqCst);
        let post = s
            .client
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
            s.client.get(format!("{base}/api/v1/skill-market/skills")).header("cookie", &cookie).send().await.unwrap();
        assert_eq!(get.status(), StatusCode::OK, "reads need no header");
    }
}

#[tokio::test]
async fn cors_only_for_listed_origins() {
    for over in BOTH {
        let (cloud, _) = start_cloud(&format!("cors-{over:?}")).await;
        let mut c = service(&format!("cors-{over:?}"), remote(&cloud, Duration::from_secs(10)), SK);
        c.allow_origins = vec!["https://console.example.com".into()];
        let s = serve_over(over, c).await;
        let base = s.base.clone();
        let url = format!("{base}/api/v1/skill-market/skills");

        let ok = s.client.get(&url).header("origin", "https://console.example.com").send().await.unwrap();
        assert_eq!(ok.headers()["access-control-allow-origin"], "https://console.example.com");
        assert_eq!(ok.headers()["access-control-allow-credentials"], "true");
        let other = s.client.get(&url).header("origin", "https://evil.example.com").send().await.unwrap();
        assert!(other.headers().get("access-control-allow-origin").is_none());
        assert!(other.headers().get("access-control-allow-credentials").is_none());
        // Caches must keep the two apart.
        assert!(other.headers()["vary"].to_str().unwrap().to_ascii_lowercase().contains("origin"));

        let preflight = |origin: &'static str| {
            s.client
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
}

#[tokio::test]
async fn rate_limits_answer_429_with_retry_after() {
    for over in BOTH {
        let (cloud, _) = start_cloud(&format!("rate-{over:?}")).await;
        let mut c = service(&format!("rate-{over:?}"), remote(&cloud, Duration::from_secs(10)), SK);
        c.rate_limit = 3;
        let s = serve_over(over, c).await;
        let base = s.base.clone();
        // The console is told the limit (its live views keep inside it); not an API call.
        let told: Value = s.client.get(format!("{base}/config.json")).send().await.unwrap().json().await.unwrap();
        assert_eq!(told["rate_limit"], 3);
        let url = format!("{base}/api/v1/skill-market/skills?limit=1");
        for _ in 0..3 {
            assert_eq!(s.client.get(&url).send().await.unwrap().status(), StatusCode::OK);
        }
        let limited = s.client.get(&url).send().await.unwrap();
        assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
        let wait: u64 = limited.headers()["retry-after"].to_str().unwrap().parse().unwrap();
        assert!(wait >= 1);
        let err: Value = limited.json().await.unwrap();
        assert_eq!(err["error_code"], "CONSOLE.0429");
        // The limit is the API's, all of it; the console's pages and health still answer.
        assert_eq!(s.client.get(format!("{base}/api")).send().await.unwrap().status(), StatusCode::TOO_MANY_REQUESTS);
        for path in ["/skills", "/apix", "/healthz"] {
            assert_eq!(s.client.get(format!("{base}{path}")).send().await.unwrap().status(), StatusCode::OK, "{path}");
        }

        let (login_cloud, _) = start_cloud(&format!("loginrate-{over:?}")).await;
        let mut c = config(&format!("loginrate-{over:?}"), remote(&login_cloud, Duration::from_secs(10)));
        c.login_rate_limit = 2;
        let s = serve_over(over, c).await;
        let base = s.base.clone();
        let attempt = || {
            s.client
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
}

#[tokio::test]
async fn security_and_cache_headers_and_a_secure_cookie_behind_tls() {
    for over in BOTH {
        let (cloud, _) = start_cloud(&format!("headers-{over:?}")).await;
        let mut c = config(&format!("headers-{over:?}"), remote(&cloud, Duration::from_secs(10)));
        c.secure_cookie = true;
        let s = serve_over(over, c).await;
        let base = s.base.clone();
        let index = s.client.get(format!("{base}/skills")).send().await.unwrap();
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
        let page = s.client.get(format!("{base}/apix")).send().await.unwrap();
        assert!(page.headers()["content-security-policy"].to_str().unwrap().contains("'wasm-unsafe-eval'"));
        // The router's own answers carry the headers too: a wrong method on a JSON route.
        let wrong = s.client.get(format!("{base}/auth/login")).send().await.unwrap();
        assert_eq!(wrong.status(), StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(wrong.headers()["content-security-policy"], "frame-ancestors 'none'");
        assert_eq!(wrong.headers()["x-frame-options"], "DENY");
        let asset = s.client.get(format!("{base}/app-0123456789abcdef.js")).send().await.unwrap();
        assert!(asset.headers()["cache-control"].to_str().unwrap().contains("immutable"));
        let config = s.client.get(format!("{base}/config.json")).send().await.unwrap();
        assert_eq!(config.headers()["cache-control"], "no-cache");

        let resp = demo_login(&s.client, &base).await;
        let cookie = resp.headers()["set-cookie"].to_str().unwrap();
        assert!(
            cookie.contains("; Secure") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
            "{cookie}"
        );
        // JSON answers: no framing, no sniffing, no caching; the page policy is for pages.
        let session = cookie.split(';').next().unwrap();
        let api =
            s.client.get(format!("{base}/api/v1/skill-market/skills")).header("cookie", session).send().await.unwrap();
        assert_eq!(api.status(), StatusCode::OK);
        assert_eq!(api.headers()["content-security-policy"], "frame-ancestors 'none'");
        assert_eq!(api.headers()["x-content-type-options"], "nosniff");
        assert_eq!(api.headers()["x-frame-options"], "DENY");
        assert_eq!(api.headers()["cache-control"], "no-store");
    }
}
