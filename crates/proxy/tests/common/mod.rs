//! What the proxy's tests share: a standalone emulator on 127.0.0.1 posing as the cloud, the
//! proxy in front of it, the demo sign-in.
#![allow(dead_code)]

use std::sync::atomic::AtomicUsize;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;
use hilens_emulator::{Account, Emulator, EmulatorConfig, KeyPair};
use hilens_model::console::ConsoleConfig;
use hilens_proxy::upstream::Remote;
use hilens_proxy::{Access, ProxyConfig, ServiceKey, Upstream};
pub use reqwest::StatusCode;
pub use serde_json::{json, Value};
pub use std::sync::atomic::Ordering;

pub const AK: &str = "HPUACLOUDTESTAK00001";
pub const SK: &str = "CloudTestSecret0123456789abcdefghijklmn";
pub const PROJECT: &str = "0b8f4c6a2d3e4f5a9b1c7d2e3f4a5b6c";

async fn count(State(n): State<Arc<AtomicUsize>>, req: Request, next: Next) -> Response {
    n.fetch_add(1, Ordering::SeqCst);
    next.run(req).await
}

/// A standalone emulator on a free port; returns its base URL and a count of requests it got.
pub async fn start_cloud(name: &str) -> (String, Arc<AtomicUsize>) {
    let dir = std::env::temp_dir().join(format!("hilens-cloud-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let keys = vec![KeyPair { ak: AK.into(), sk: SK.into(), project_id: PROJECT.into() }];
    let emulator =
        Emulator::open(EmulatorConfig { keys, ..EmulatorConfig::new(dir.join("emulator.db"), vec![Account::demo()]) })
            .unwrap();
    let hits = Arc::new(AtomicUsize::new(0));
    let app = emulator.router().layer(middleware::from_fn_with_state(hits.clone(), count));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, hits)
}

pub fn remote(base: &str, timeout: Duration) -> Upstream {
    Upstream::remote(Remote::new(base, base, Duration::from_secs(2), timeout).unwrap())
}

pub fn dist(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("hilens-cloud-dist-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><script type=\"module\">start()</script><p>console</p>")
        .unwrap();
    std::fs::write(dir.join("app-0123456789abcdef.js"), "1").unwrap();
    dir
}

pub async fn proxy(config: ProxyConfig) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(hilens_proxy::serve(listener, config, std::future::pending()));
    base
}

pub fn config(name: &str, upstream: Upstream) -> ProxyConfig {
    ProxyConfig::new(
        dist(name),
        upstream,
        ConsoleConfig { proxy_base: String::new(), mode: "cloud".into(), demo: None },
    )
}

pub fn service(name: &str, upstream: Upstream, sk: &str) -> ProxyConfig {
    let mut c = config(name, upstream);
    c.access = Access::Open;
    c.service_key = Some(ServiceKey::new(AK, sk, PROJECT).unwrap());
    c
}

pub fn client() -> reqwest::Client {
    reqwest::Client::new()
}

/// The demo account's sign-in through `http`, with the console's header.
pub async fn demo_login(http: &reqwest::Client, base: &str) -> reqwest::Response {
    http.post(format!("{base}/auth/login"))
        .header("x-hilens-console", "1")
        .json(&json!({"domain": "hilens-demo", "user": "demo", "password": "HiLens-Demo-2026"}))
        .send()
        .await
        .unwrap()
}

pub async fn sign_in(base: &str) -> String {
    let resp = demo_login(&client(), base).await;
    assert_eq!(resp.status(), StatusCode::OK);
    resp.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string()
}
