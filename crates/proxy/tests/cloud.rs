//! The proxy in front of a remote HiLens: a standalone emulator on 127.0.0.1 posing as the
//! cloud (`--hilens-endpoint`/`--iam-endpoint`), in service mode (AK/SK) and user mode (IAM
//! token), and the lockdown and limits every deployment relies on.

mod common;

use std::time::Duration;

use common::*;
use hilens_emulator::{Account, Emulator, EmulatorConfig};
use hilens_proxy::upstream::Remote;
use hilens_proxy::{Access, Upstream};
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

/// The emulator behind HTTPS with a certificate for 127.0.0.1 from a CA of its own; returns
/// the base URL and the CA certificate (PEM).
async fn start_tls_cloud(name: &str) -> (String, String) {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir = std::env::temp_dir().join(format!("hilens-cloud-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let emulator = Emulator::open(EmulatorConfig::new(dir.join("emulator.db"), vec![Account::demo()])).unwrap();
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let leaf_key = rcgen::KeyPair::generate().unwrap();
    let leaf = rcgen::CertificateParams::new(vec!["127.0.0.1".to_string()])
        .unwrap()
        .signed_by(&leaf_key, &ca, &ca_key)
        .unwrap();
    let tls =
        axum_server::tls_rustls::RustlsConfig::from_pem(leaf.pem().into_bytes(), leaf_key.serialize_pem().into_bytes())
            .await
            .unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let base = format!("https://{}", listener.local_addr().unwrap());
    let app = emulator.router();
    tokio::spawn(async move { axum_server::from_tcp_rustls(listener, tls).serve(app.into_make_service()).await });
    (base, ca.pem())
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

/// A self-signed certificate for 127.0.0.1, written as PEM files beside the console `name`.
fn tls_files(name: &str) -> (rcgen::CertifiedKey, hilens_proxy::TlsFiles) {
    let cert = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string()]).unwrap();
    let dir = dist(name);
    let (cert_path, key_path) = (dir.join("cert.pem"), dir.join("key.pem"));
    std::fs::write(&cert_path, cert.cert.pem()).unwrap();
    std::fs::write(&key_path, cert.key_pair.serialize_pem()).unwrap();
    (cert, hilens_proxy::TlsFiles { cert: cert_path, key: key_path })
}

#[tokio::test]
async fn tls_serves_https_with_a_secure_cookie() {
    let (cert, tls) = tls_files("tls");
    let (cloud, _) = start_cloud("tls").await;
    let mut c = config("tls", remote(&cloud, Duration::from_secs(10)));
    c.secure_cookie = true;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("https://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { hilens_proxy::serve_with(listener, c, Some(&tls), std::future::pending()).await });
    let root = reqwest::Certificate::from_pem(cert.cert.pem().as_bytes()).unwrap();
    let https = reqwest::Client::builder().add_root_certificate(root).build().unwrap();
    let mut ready = None;
    for _ in 0..50 {
        if let Ok(r) = https.get(format!("{base}/healthz")).send().await {
            ready = Some(r);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(ready.expect("the TLS server answers").status(), StatusCode::OK);
    let resp = demo_login(&https, &base).await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(resp.headers()["set-cookie"].to_str().unwrap().contains("; Secure"));
}

#[tokio::test]
async fn a_client_stalling_in_the_tls_handshake_is_let_go() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let (_, tls) = tls_files("tlsstall");
    let (cloud, _) = start_cloud("tlsstall").await;
    let mut c = config("tlsstall", remote(&cloud, Duration::from_secs(10)));
    c.request_head_timeout = Duration::from_millis(300);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { hilens_proxy::serve_with(listener, c, Some(&tls), std::future::pending()).await });
    // Measured from before the connection exists: the proxy's limit starts when it accepts.
    let started = std::time::Instant::now();
    let mut tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    // The start of a TLS record, and then nothing.
    tcp.write_all(&[0x16, 0x03, 0x01]).await.unwrap();
    let mut rest = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(5), tcp.read_to_end(&mut rest)).await;
    assert!(closed.is_ok(), "the connection was closed");
    assert!(started.elapsed() >= Duration::from_millis(300), "{:?}", started.elapsed());
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
async fn shutdown_lets_requests_in_flight_finish() {
    let slow = axum::Router::new().fallback(|| async {
        tokio::time::sleep(Duration::from_millis(800)).await;
        axum::Json(json!({"data": [], "total": 0}))
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let slow_base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, slow).await.unwrap() });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        let config = service("drain", remote(&slow_base, Duration::from_secs(5)), SK);
        hilens_proxy::serve(listener, config, async {
            let _ = stopped.await;
        })
        .await
    });
    // Several connections before it.
    for _ in 0..6 {
        let resp = reqwest::Client::new().get(format!("{base}/healthz")).send().await.unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
    }
    let in_flight = tokio::spawn(client().get(format!("{base}/api/v1/skill-market/skills")).send());
    tokio::time::sleep(Duration::from_millis(200)).await;
    stop.send(()).unwrap();
    let resp = in_flight.await.unwrap().unwrap();
    assert_eq!(resp.status(), StatusCode::OK, "the request that was in flight finished");
    tokio::time::timeout(Duration::from_secs(5), server).await.expect("the server stopped").unwrap().unwrap();
    assert!(client().get(format!("{base}/healthz")).send().await.is_err(), "no new connections after shutdown");
}

#[tokio::test]
async fn local_users_sign_in_with_their_hashed_password_and_calls_are_signed() {
    let (cloud, hits) = start_cloud("users").await;
    let mut c = service("users", remote(&cloud, Duration::from_secs(10)), SK);
    let hash = hilens_proxy::LocalUser::hash("ops-pass-1").unwrap();
    c.access = Access::Users(vec![hilens_proxy::LocalUser { name: "ops".into(), password_hash: hash }]);
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

#[tokio::test]
async fn precompressed_files_are_served_to_browsers_that_accept_them() {
    let (cloud, _) = start_cloud("gzip").await;
    let c = config("gzip", remote(&cloud, Duration::from_secs(10)));
    let dir = c.dist.clone();
    std::fs::write(dir.join("big-0123456789abcdef.js"), "x".repeat(4000)).unwrap();
    std::fs::write(dir.join("big-0123456789abcdef.js.gz"), b"not really gzip, but the precompressed file").unwrap();
    let base = proxy(c).await;
    let raw = reqwest::Client::builder().no_gzip().build().unwrap();
    let resp =
        raw.get(format!("{base}/big-0123456789abcdef.js")).header("accept-encoding", "gzip").send().await.unwrap();
    assert_eq!(resp.headers()["content-encoding"], "gzip");
    assert_eq!(resp.text().await.unwrap(), "not really gzip, but the precompressed file");
    let plain = raw.get(format!("{base}/big-0123456789abcdef.js")).send().await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(plain.text().await.unwrap().len(), 4000);
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
