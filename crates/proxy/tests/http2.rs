//! HTTP/2 over TLS: chosen by ALPN beside HTTP/1.1 (plain HTTP stays HTTP/1.1), and its limits:
//! streams at once, the header list's size, the reset flood, and the timers that stand in for
//! HTTP/1's request head timeout (a connection with no request is let go, a peer that does not
//! answer pings too). The flood and the timers are checked with frames written by hand, as a
//! client that misbehaves sends them.

mod common;

use std::sync::atomic::AtomicUsize;

use common::raw_h2::*;
use common::*;
use tokio::io::AsyncWriteExt;

/// An upstream that holds every call for `delay` and counts how many it holds at once (now,
/// and the most ever).
async fn holding_upstream(delay: Duration) -> (String, Arc<AtomicUsize>) {
    let now = Arc::new(AtomicUsize::new(0));
    let peak = Arc::new(AtomicUsize::new(0));
    let (n, p) = (now.clone(), peak.clone());
    let app = axum::Router::new().fallback(move || {
        let (now, peak) = (n.clone(), p.clone());
        async move {
            let held = now.fetch_add(1, Ordering::SeqCst) + 1;
            peak.fetch_max(held, Ordering::SeqCst);
            tokio::time::sleep(delay).await;
            now.fetch_sub(1, Ordering::SeqCst);
            axum::Json(json!({"data": [], "total": 0}))
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, peak)
}

/// The proxy over HTTPS on `config`; returns its address and certificate.
async fn serve_tls(config: ProxyConfig) -> (std::net::SocketAddr, rcgen::CertifiedKey) {
    let name = config.dist.file_name().unwrap().to_string_lossy().into_owned();
    let (cert, tls) = tls_files(&name);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { hilens_proxy::serve_with(listener, config, Some(&tls), std::future::pending()).await });
    (addr, cert)
}

#[tokio::test]
async fn tls_offers_h2_and_http1_by_alpn_and_plain_http_stays_http1() {
    let (cloud, _) = start_cloud("alpn").await;
    let (addr, cert) = serve_tls(config("alpn", remote(&cloud, Duration::from_secs(10)))).await;
    let root = || reqwest::Certificate::from_pem(cert.cert.pem().as_bytes()).unwrap();
    // A client offering both (as browsers do) gets h2; one offering HTTP/1.1 only gets that.
    let both = reqwest::Client::builder().add_root_certificate(root()).build().unwrap();
    let resp = both.get(format!("https://{addr}/healthz")).send().await.unwrap();
    assert_eq!((resp.status(), resp.version()), (StatusCode::OK, reqwest::Version::HTTP_2));
    let http1 = reqwest::Client::builder().add_root_certificate(root()).http1_only().build().unwrap();
    let resp = http1.get(format!("https://{addr}/healthz")).send().await.unwrap();
    assert_eq!((resp.status(), resp.version()), (StatusCode::OK, reqwest::Version::HTTP_11));
    // The same answers either way: the same layers serve both.
    let resp = both.get(format!("https://{addr}/skills")).send().await.unwrap();
    assert_eq!(resp.headers()["x-frame-options"], "DENY");
    assert!(resp.headers()["content-security-policy"].to_str().unwrap().contains("'wasm-unsafe-eval'"));
    assert!(resp.headers().contains_key("x-request-id"));

    // Plain HTTP: HTTP/1.1 only, no cleartext h2.
    let plain = proxy(config("alpn-plain", remote(&cloud, Duration::from_secs(10)))).await;
    let resp = client().get(format!("{plain}/healthz")).send().await.unwrap();
    assert_eq!((resp.status(), resp.version()), (StatusCode::OK, reqwest::Version::HTTP_11));
    let h2c = reqwest::Client::builder().http2_prior_knowledge().build().unwrap();
    assert!(h2c.get(format!("{plain}/healthz")).send().await.is_err());
}

#[tokio::test]
async fn at_most_100_requests_at_once_on_a_connection_the_rest_wait() {
    let (upstream, peak) = holding_upstream(Duration::from_millis(600)).await;
    let mut c = service("streams", remote(&upstream, Duration::from_secs(20)), SK);
    c.rate_limit = 10_000;
    let s = serve_over(Over::Http2, c).await;
    // One connection (opened by serve_over's first request), 150 requests on it at once.
    let calls: Vec<_> = (0..150)
        .map(|_| {
            let call = s.client.get(format!("{}/api/v1/skill-market/skills", s.base));
            tokio::spawn(async move { call.send().await.map(|r| r.status()) })
        })
        .collect();
    for call in calls {
        assert_eq!(call.await.unwrap().unwrap(), StatusCode::OK);
    }
    assert_eq!(peak.load(Ordering::SeqCst), 100, "the server's setting, not fewer and not more");
}

#[tokio::test]
async fn a_header_list_over_16_kb_is_refused() {
    let (cloud, hits) = start_cloud("headers-h2").await;
    let s = serve_over(Over::Http2, service("headers-h2", remote(&cloud, Duration::from_secs(10)), SK)).await;
    let call = |size: usize| {
        s.client.get(format!("{}/api/v1/skill-market/skills?limit=1", s.base)).header("x-padding", "x".repeat(size))
    };
    assert_eq!(call(15 * 1024).send().await.unwrap().status(), StatusCode::OK);
    assert_eq!(hits.load(Ordering::SeqCst), 1);
    let resp = call(17 * 1024).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
    assert_eq!(hits.load(Ordering::SeqCst), 1, "never forwarded");
    // The connection goes on serving.
    assert_eq!(call(10).send().await.unwrap().status(), StatusCode::OK);
}

#[tokio::test]
async fn a_flood_of_requests_reset_before_they_are_served_closes_the_connection() {
    let (cloud, _) = start_cloud("rapid-reset").await;
    let (addr, cert) = serve_tls(config("rapid-reset", remote(&cloud, Duration::from_secs(10)))).await;
    let flood = |resets: u32| {
        let mut out = Vec::new();
        for i in 0..resets {
            let stream = 2 * i + 1;
            frame(&mut out, HEADERS, END_STREAM_AND_HEADERS, stream, &get("/healthz"));
            frame(&mut out, RST_STREAM, 0, stream, &CANCEL.to_be_bytes());
        }
        out
    };
    // A few cancelled requests are nothing unusual: the connection stays.
    let mut calm = RawH2::connect(addr, &cert).await;
    calm.preface().await;
    calm.tls.write_all(&flood(5)).await.unwrap();
    let (_, goaway) = calm.until_closed(Duration::from_millis(500)).await;
    assert_eq!(goaway, None, "no GOAWAY for five");
    // Fifty in a row, each cancelled before the server took it up: told to calm down, and
    // closed.
    let mut flooding = RawH2::connect(addr, &cert).await;
    flooding.preface().await;
    flooding.tls.write_all(&flood(50)).await.unwrap();
    let (_, goaway) = flooding.until_closed(Duration::from_secs(5)).await;
    assert_eq!(goaway, Some(ENHANCE_YOUR_CALM));
    assert!(flooding.next_frame(Duration::from_secs(1)).await.is_none(), "closed");
}

#[tokio::test]
async fn a_connection_without_requests_is_let_go_after_the_head_timeout() {
    let (cloud, _) = start_cloud("h2-idle").await;
    let mut c = config("h2-idle", remote(&cloud, Duration::from_secs(10)));
    c.request_head_timeout = Duration::from_millis(300);
    let (addr, cert) = serve_tls(c).await;

    // Silent after the TLS handshake; then after the preface; then halfway through the first
    // request's headers (HEADERS without END_HEADERS, its CONTINUATION never sent).
    for stage in ["handshake", "preface", "half a request"] {
        let started = std::time::Instant::now();
        let mut raw = RawH2::connect(addr, &cert).await;
        if stage != "handshake" {
            raw.preface().await;
        }
        if stage == "half a request" {
            let mut out = Vec::new();
            frame(&mut out, HEADERS, 0x1, 1, &get("/healthz"));
            raw.tls.write_all(&out).await.unwrap();
        }
        let (types, _) = raw.until_closed(Duration::from_secs(5)).await;
        let waited = started.elapsed();
        assert!(waited >= Duration::from_millis(300) && waited < Duration::from_secs(3), "{stage}: {waited:?}");
        assert!(!types.contains(&HEADERS), "{stage}: nothing was answered");
    }

    // After a request, an idle connection is told GOAWAY and closed, as HTTP/1 closes an idle
    // kept-alive one.
    let started = std::time::Instant::now();
    let mut raw = RawH2::connect(addr, &cert).await;
    raw.preface().await;
    let mut out = Vec::new();
    frame(&mut out, HEADERS, END_STREAM_AND_HEADERS, 1, &get("/healthz"));
    raw.tls.write_all(&out).await.unwrap();
    let mut answered = false;
    while let Some((kind, flags, stream, _)) = raw.next_frame(Duration::from_secs(5)).await {
        if kind == PING && flags & 0x1 == 0 {
            // Answer the server's pings (its graceful close waits for one).
            let mut pong = Vec::new();
            frame(&mut pong, PING, 0x1, 0, &[0; 8]);
            let _ = raw.tls.write_all(&pong).await;
        }
        answered |= kind == HEADERS && stream == 1;
        if kind == GOAWAY {
            break;
        }
    }
    assert!(answered, "the request was answered");
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(300) && waited < Duration::from_secs(3), "GOAWAY after {waited:?}");
}

#[tokio::test]
async fn a_request_in_flight_outlives_the_idle_close_but_a_peer_that_never_answers_pings_does_not() {
    let (upstream, _) = holding_upstream(Duration::from_millis(3000)).await;
    let mut c = service("h2-ping", remote(&upstream, Duration::from_secs(20)), SK);
    c.request_head_timeout = Duration::from_millis(300);
    let (addr, cert) = serve_tls(c).await;

    // A live client (it answers pings) gets its slow answer: the idle close lets the request
    // finish.
    let live = h2_client(&cert);
    let resp = live.get(format!("https://{addr}/api/v1/skill-market/skills")).send().await.unwrap();
    assert_eq!((resp.status(), resp.version()), (StatusCode::OK, reqwest::Version::HTTP_2));

    // One that has gone silent is cut off well before the answer would come.
    let started = std::time::Instant::now();
    let mut raw = RawH2::connect(addr, &cert).await;
    raw.preface().await;
    let mut out = Vec::new();
    frame(&mut out, HEADERS, END_STREAM_AND_HEADERS, 1, &get("/api/v1/skill-market/skills"));
    raw.tls.write_all(&out).await.unwrap();
    let (types, _) = raw.until_closed(Duration::from_secs(5)).await;
    let waited = started.elapsed();
    assert!(types.contains(&PING), "the server pinged: {types:?}");
    assert!(!types.contains(&HEADERS), "no answer came: {types:?}");
    assert!(waited < Duration::from_millis(2500), "closed after {waited:?}");
}
