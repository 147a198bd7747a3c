//! Serving: the console with its SPA fallback and precompressed files, HTTPS, a stalled TLS handshake, graceful shutdown.

mod common;

use common::*;

#[tokio::test]
async fn the_console_is_served_with_spa_fallback_and_config() {
    let h = start_embedded("static").await;
    for path in ["/", "/skills", "/skills/abc?x=1", "/login"] {
        let resp = h.client.get(format!("{}{path}", h.base)).send().await.unwrap();
        assert_eq!(resp.status(), StatusCode::OK, "{path}");
        assert!(resp.text().await.unwrap().contains("HiLens console"), "{path}");
    }
    let js = h.client.get(format!("{}/app.js", h.base)).send().await.unwrap();
    assert_eq!(js.text().await.unwrap(), "console.log(1)");
    let config: ConsoleConfig =
        h.client.get(format!("{}/config.json", h.base)).send().await.unwrap().json().await.unwrap();
    assert_eq!(config.mode, "local");
}

/// A browser reload (`Accept: text/html`) of every path the proxy answers itself gets JSON, in
/// every method it does not answer too; every console page gets the console's HTML.
#[tokio::test]
async fn each_proxy_path_reloaded_answers_json_and_each_console_page_html() {
    use hilens_model::console::{RouteId, ROUTES};
    let h = start_embedded("routes").await;
    let reload = |path: String, method: reqwest::Method| {
        h.client.request(method, format!("{}{path}", h.base)).header("accept", "text/html,*/*").send()
    };
    let mut paths: Vec<String> = ROUTES
        .iter()
        .map(|r| match r.id {
            RouteId::Api => "/api/v1/skill-market/skills".to_string(),
            _ => r.path.replace("{id}", "0123"),
        })
        .collect();
    paths.extend(["/api".into(), "/api/".into(), "/api/nothing".into(), "/auth".into(), "/auth/nothing".into()]);
    paths.extend(["/portal".into(), "/portal/nothing/at/all".into()]);
    for path in &paths {
        for method in [reqwest::Method::GET, reqwest::Method::PUT] {
            let resp = reload(path.clone(), method.clone()).send_checked().await;
            let (status, kind, body) = resp;
            // The OpenID sign-in answers a browser's navigation with a redirect (here, with no
            // provider set up, it is a JSON 404).
            let redirects = hilens_model::console::Route::of_path(path).is_some_and(|r| r.redirects);
            if redirects && status.is_redirection() {
                continue;
            }
            assert!(kind.starts_with("application/json"), "{method} {path}: {status} {kind}");
            let body: Value = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{method} {path}: {e}: {body}"));
            if !status.is_success() {
                assert!(body["error_code"].is_string() && body["error_msg"].is_string(), "{method} {path}: {body}");
            }
        }
    }
    let login = reload("/auth/login".into(), reqwest::Method::GET).send_checked().await;
    let body: Value = serde_json::from_str(&login.2).unwrap();
    assert_eq!((login.0, body["error_code"].as_str()), (StatusCode::METHOD_NOT_ALLOWED, Some("CONSOLE.0405")));
    for page in ["/", "/skills", "/devices/0123?tab=pods", "/access", "/audit", "/apix", "/portalx", "/authx/login"] {
        let (status, kind, body) = reload(page.into(), reqwest::Method::GET).send_checked().await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(kind.starts_with("text/html") && body.contains("HiLens console"), "{page}: {kind}");
    }
}

/// A request's status, content type and body, whatever they are.
trait SendChecked {
    async fn send_checked(self) -> (StatusCode, String, String);
}

impl<F: std::future::Future<Output = reqwest::Result<reqwest::Response>>> SendChecked for F {
    async fn send_checked(self) -> (StatusCode, String, String) {
        let resp = self.await.unwrap();
        let kind = resp.headers().get("content-type").map_or(String::new(), |v| v.to_str().unwrap().to_string());
        (resp.status(), kind, resp.text().await.unwrap())
    }
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

#[tokio::test]
async fn tls_serves_https_with_a_secure_cookie() {
    let (cert, tls) = tls_files("tls");
    let (cloud, _) = start_cloud("tls").await;
    let mut c = config("tls", remote(&cloud, Duration::from_secs(10)));
    c.secure_cookie = true;
    // The binary's server: serving threads, each doing the handshakes of its connections.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("https://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { hilens_proxy::serve_threads(listener, c, 2, Some(&tls), std::future::pending()).await });
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
    let ready = ready.expect("the TLS server answers");
    // Offered h2 and HTTP/1.1 by ALPN, the client chose h2.
    assert_eq!((ready.status(), ready.version()), (StatusCode::OK, reqwest::Version::HTTP_2));
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
async fn shutdown_lets_requests_in_flight_finish() {
    let slow = axum::Router::new().fallback(|| async {
        tokio::time::sleep(Duration::from_millis(800)).await;
        axum::Json(json!({"data": [], "total": 0}))
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let slow_base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, slow).await.unwrap() });
    for over in BOTH {
        let name = format!("drain-{over:?}");
        let config = service(&name, remote(&slow_base, Duration::from_secs(5)), SK);
        let (cert, tls) = tls_files(&name);
        let (scheme, tls, http) = match over {
            Over::Http1 => ("http", None, client()),
            Over::Http2 => ("https", Some(tls), h2_client(&cert)),
        };
        // The binary's server: two serving threads, connections dealt to them in turn.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let base = format!("{scheme}://{addr}");
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(async move {
            hilens_proxy::serve_threads(listener, config, 2, tls.as_ref(), async {
                let _ = stopped.await;
            })
            .await
        });
        // Several connections before it: each thread serves some.
        let fresh = || if over == Over::Http1 { client() } else { h2_client(&cert) };
        for _ in 0..6 {
            let resp = fresh().get(format!("{base}/healthz")).send().await.unwrap();
            assert_eq!(resp.status(), StatusCode::OK, "{over:?}");
        }
        // Connections with nothing to finish do not hold the shutdown up: one in its TLS
        // handshake, one that has sent HTTP/2's preface and no request.
        let mut handshaking = tokio::net::TcpStream::connect(addr).await.unwrap();
        tokio::io::AsyncWriteExt::write_all(&mut handshaking, &[0x16, 0x03, 0x01]).await.unwrap();
        let mut silent = None;
        if over == Over::Http2 {
            let mut raw = common::raw_h2::RawH2::connect(addr, &cert).await;
            raw.preface().await;
            silent = Some(raw);
        }
        let in_flight = tokio::spawn(http.get(format!("{base}/api/v1/skill-market/skills")).send());
        tokio::time::sleep(Duration::from_millis(200)).await;
        stop.send(()).unwrap();
        let resp = in_flight.await.unwrap().unwrap();
        assert_eq!(resp.status(), StatusCode::OK, "{over:?}: the request that was in flight finished");
        tokio::time::timeout(Duration::from_secs(5), server).await.expect("the server stopped").unwrap().unwrap();
        assert!(fresh().get(format!("{base}/healthz")).send().await.is_err(), "no new connections after shutdown");
        drop((handshaking, silent));
    }
}
