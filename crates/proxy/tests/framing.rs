//! HTTP framing on both sides of the proxy, over raw TCP on 127.0.0.1: requests whose length
//! is ambiguous, chunked or broken are refused and never reach the upstream; an
//! upstream answer that is not well-framed becomes a 502 and its connection is not used
//! again; a slow client's request head is cut at `--request-head-timeout`.

mod common;

use std::sync::atomic::AtomicUsize;
use std::sync::Arc;
use std::time::Duration;

use common::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Sends `request` as it is on a new connection and returns what came back before the proxy
/// closed it (or 3 s passed).
async fn raw(base: &str, request: &[u8]) -> String {
    let mut tcp = tokio::net::TcpStream::connect(base.trim_start_matches("http://")).await.unwrap();
    tcp.write_all(request).await.unwrap();
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout(Duration::from_secs(3), tcp.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) | Err(_) => break,
            Ok(Ok(n)) => answer.extend_from_slice(&buf[..n]),
        }
    }
    String::from_utf8_lossy(&answer).into_owned()
}

fn status_of(answer: &str) -> Option<u16> {
    answer.strip_prefix("HTTP/1.1 ")?.get(..3)?.parse().ok()
}

/// A POST of a device registration whose framing headers are `framing` and body `body`.
fn post(framing: &str, body: &str) -> Vec<u8> {
    format!(
        "POST /api/v3/{PROJECT}/ai-mgr/nodes HTTP/1.1\r\nhost: 127.0.0.1\r\nx-hilens-console: 1\r\n\
         content-type: application/json\r\n{framing}\r\n{body}"
    )
    .into_bytes()
}

#[tokio::test]
async fn requests_with_ambiguous_length_or_broken_chunks_are_refused_before_the_upstream() {
    let (cloud, hits) = start_cloud("framing-in").await;
    let base = proxy(service("framing-in", remote(&cloud, Duration::from_secs(10)), SK)).await;
    let body = r#"{"name":"cam"}"#;
    let cases = [
        (
            "Content-Length and Transfer-Encoding",
            post("content-length: 14\r\ntransfer-encoding: chunked\r\n", "e\r\n{\"name\":\"cam\"}\r\n0\r\n\r\n"),
        ),
        ("two different Content-Lengths", post("content-length: 14\r\ncontent-length: 3\r\n", body)),
        ("an invalid chunk size", post("transfer-encoding: chunked\r\n", "zz\r\n{\"name\":\"cam\"}\r\n0\r\n\r\n")),
        ("a chunk longer than it said", post("transfer-encoding: chunked\r\n", "2\r\n{\"name\":\"cam\"}\r\n0\r\n\r\n")),
        ("a Content-Length that is not a number", post("content-length: 1e3\r\n", body)),
        ("a well-formed chunked body", post("transfer-encoding: chunked\r\n", "e\r\n{\"name\":\"cam\"}\r\n0\r\n\r\n")),
    ];
    for (what, request) in cases {
        let answer = raw(&base, &request).await;
        let status = status_of(&answer);
        assert!(status.is_some_and(|s| (400..500).contains(&s)), "{what}: refused, not {answer:?}");
        assert_eq!(hits.load(Ordering::SeqCst), 0, "{what}: never reached the upstream");
        if answer.contains("\r\n\r\n{") {
            assert!(
                answer.contains("\"error_code\""),
                "{what}: the proxy's own refusals are in the API's shape: {answer}"
            );
        }
    }
    // What the proxy adds to hyper: any chunked body is refused as 411, in the API's shape.
    let answer = raw(
        &base,
        &post("content-length: 14\r\ntransfer-encoding: chunked\r\n", "e\r\n{\"name\":\"cam\"}\r\n0\r\n\r\n"),
    )
    .await;
    assert_eq!(status_of(&answer), Some(411), "{answer}");
    assert!(answer.contains("CONSOLE.0411"), "{answer}");
    // The same request, well framed, does reach it (the cases above could have).
    let answer = raw(&base, &post(&format!("content-length: {}\r\nconnection: close\r\n", body.len()), body)).await;
    assert!(status_of(&answer).is_some(), "{answer}");
    assert_eq!(hits.load(Ordering::SeqCst), 1, "a well-framed request is forwarded");
}

/// An upstream on raw TCP that answers every request with `answer` and keeps the connection
/// open; returns its base URL and how many connections it accepted.
async fn raw_upstream(answer: &'static [u8]) -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let accepted = Arc::new(AtomicUsize::new(0));
    let count = accepted.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut tcp, _)) = listener.accept().await else { return };
            count.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buf = [0u8; 4096];
                loop {
                    let Ok(n) = tcp.read(&mut buf).await else { return };
                    if n == 0 {
                        return;
                    }
                    head.extend_from_slice(&buf[..n]);
                    // Bodiless GETs: a blank line ends each request.
                    while let Some(end) = head.windows(4).position(|w| w == b"\r\n\r\n") {
                        head.drain(..end + 4);
                        if tcp.write_all(answer).await.is_err() {
                            return;
                        }
                    }
                }
            });
        }
    });
    (base, accepted)
}

const SKILLS: &str = "/api/v1/skill-market/skills?limit=1";

#[tokio::test]
async fn an_upstream_answer_with_broken_framing_is_502_and_its_connection_is_not_reused() {
    let broken: [(&str, &'static [u8]); 3] = [
        ("two Content-Lengths", b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\ncontent-length: 7\r\n\r\n{}"),
        ("an invalid chunk", b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"),
        ("not HTTP", b"SSH-2.0-OpenSSH_9.2\r\n\r\n"),
    ];
    for (what, answer) in broken {
        let (upstream, accepted) = raw_upstream(answer).await;
        let base = proxy(service("framing-out", remote(&upstream, Duration::from_secs(5)), SK)).await;
        for round in 1..=2 {
            let resp = client().get(format!("{base}{SKILLS}")).send().await.unwrap();
            assert_eq!(resp.status(), StatusCode::BAD_GATEWAY, "{what}, request {round}");
            let err: Value = resp.json().await.unwrap();
            assert_eq!(err["error_code"], "CONSOLE.0502", "{what}: in the API's error shape");
        }
        assert_eq!(accepted.load(Ordering::SeqCst), 2, "{what}: each request on a new connection");
    }
    // A well-framed upstream's connection is kept and used again (so the count above means
    // something).
    let good: &'static [u8] = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}";
    let (upstream, accepted) = raw_upstream(good).await;
    let base = proxy(service("framing-good", remote(&upstream, Duration::from_secs(5)), SK)).await;
    for _ in 0..3 {
        let resp = client().get(format!("{base}{SKILLS}")).send().await.unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
    }
    assert_eq!(accepted.load(Ordering::SeqCst), 1, "one kept-alive connection for all three");
}

#[tokio::test]
async fn a_client_slow_to_send_its_request_head_is_let_go() {
    let (cloud, _) = start_cloud("slowclient").await;
    let mut config = service("slowclient", remote(&cloud, Duration::from_secs(10)), SK);
    config.request_head_timeout = Duration::from_millis(300);
    let base = proxy(config).await;
    // Measured from before the connection exists: the proxy's limit starts when it accepts.
    let started = std::time::Instant::now();
    let mut tcp = tokio::net::TcpStream::connect(base.trim_start_matches("http://")).await.unwrap();
    tcp.write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\n").await.unwrap();
    // The head never ends: the proxy closes the connection once the time is up.
    let mut rest = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(5), tcp.read_to_end(&mut rest)).await;
    assert!(closed.is_ok(), "the connection was closed");
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(300) && waited < Duration::from_secs(3), "{waited:?}");
    assert!(!String::from_utf8_lossy(&rest).contains("200 OK"), "no answer to a head never finished");

    // A kept-alive connection serves request after request in time.
    let mut tcp = tokio::net::TcpStream::connect(base.trim_start_matches("http://")).await.unwrap();
    for _ in 0..3 {
        tcp.write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n").await.unwrap();
        let mut answer = [0u8; 1024];
        let n = tcp.read(&mut answer).await.unwrap();
        assert!(String::from_utf8_lossy(&answer[..n]).starts_with("HTTP/1.1 200"));
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
