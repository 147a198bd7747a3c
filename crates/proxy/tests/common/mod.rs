//! What the proxy's tests share: the proxy in front of the embedded emulator with a recording
//! of what reaches it ([`start_embedded`]), or in front of a standalone emulator on 127.0.0.1
//! posing as the cloud ([`start_cloud`], [`proxy`]), over HTTP/1.1 or HTTP/2 ([`serve_over`]);
//! the demo sign-in; TLS files; a request body of unknown length ([`Unsized`]).
#![allow(dead_code, unused_imports)]

pub mod fleet;
pub mod pg;
pub mod raw_h2;

pub use std::sync::atomic::{AtomicUsize, Ordering};
pub use std::sync::{Arc, Mutex};
pub use std::time::Duration;

use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;
pub use hilens_emulator::{Account, Emulator, EmulatorConfig, KeyPair};
pub use hilens_model::console::{ConsoleConfig, SessionInfo};
pub use hilens_proxy::upstream::Remote;
pub use hilens_proxy::{Access, ProxyConfig, ServiceKey, Upstream};
pub use reqwest::StatusCode;
pub use serde_json::{json, Value};

pub const AK: &str = "HPUACLOUDTESTAK00001";
pub const SK: &str = "CloudTestSecret0123456789abcdefghijklmn";
pub const PROJECT: &str = "0b8f4c6a2d3e4f5a9b1c7d2e3f4a5b6c";

async fn count(State(n): State<Arc<AtomicUsize>>, req: Request, next: Next) -> Response {
    n.fetch_add(1, Ordering::SeqCst);
    next.run(req).await
}

/// The router of a fresh emulator (its database under the temp dir, named by `name`) that
/// knows the tests' AK/SK.
fn emulator_router(name: &str) -> axum::Router {
    let dir = std::env::temp_dir().join(format!("hilens-cloud-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let keys = vec![KeyPair { ak: AK.into(), sk: SK.into(), project_id: PROJECT.into() }];
    let emulator =
        Emulator::open(EmulatorConfig { keys, ..EmulatorConfig::new(dir.join("emulator.db"), vec![Account::demo()]) })
            .unwrap();
    emulator.router()
}

/// Serves `app` on a free port of 127.0.0.1; returns its base URL.
async fn serve_cloud(app: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

/// A standalone emulator on a free port; returns its base URL and a count of requests it got.
pub async fn start_cloud(name: &str) -> (String, Arc<AtomicUsize>) {
    let hits = Arc::new(AtomicUsize::new(0));
    let app = emulator_router(name).layer(middleware::from_fn_with_state(hits.clone(), count));
    (serve_cloud(app).await, hits)
}

async fn note(State(seen): State<Arc<Mutex<Vec<String>>>>, req: Request, next: Next) -> Response {
    let line = format!("{} {}", req.method(), req.uri());
    let resp = next.run(req).await;
    seen.lock().unwrap().push(line);
    resp
}

/// [`start_cloud`] that answers every request but a GET only after `delay` (a call in flight
/// long enough for its caller to hang up).
pub async fn start_slow_cloud(name: &str, delay: Duration) -> String {
    let app = emulator_router(name).layer(middleware::from_fn(move |req: Request, next: Next| async move {
        if req.method() != axum::http::Method::GET {
            tokio::time::sleep(delay).await;
        }
        next.run(req).await
    }));
    serve_cloud(app).await
}

/// [`start_cloud`] that notes every request it gets (`METHOD path?query`).
pub async fn start_recorded_cloud(name: &str) -> (String, Arc<Mutex<Vec<String>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let app = emulator_router(name).layer(middleware::from_fn_with_state(seen.clone(), note));
    (serve_cloud(app).await, seen)
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
        ConsoleConfig { proxy_base: String::new(), mode: "cloud".into(), ..ConsoleConfig::default() },
    )
}

pub fn service(name: &str, upstream: Upstream, sk: &str) -> ProxyConfig {
    let mut c = config(name, upstream);
    c.access = Access::Open;
    c.service_key = Some(ServiceKey::new(AK, sk, PROJECT).unwrap());
    c
}

/// A users file of `(name, password, role, workspaces)` entries beside the console `name`,
/// loaded; returns the directory and the file's path (rewrite it to change roles).
pub fn users(
    name: &str,
    entries: &[(&str, &str, &str, Option<&[&str]>)],
) -> (Arc<hilens_proxy::Directory>, std::path::PathBuf) {
    let path = dist(name).join("users.toml");
    write_users(&path, entries);
    (Arc::new(hilens_proxy::Directory::load(Some(&path), None).unwrap()), path)
}

/// Writes a users file (hashes made once per password).
pub fn write_users(path: &std::path::Path, entries: &[(&str, &str, &str, Option<&[&str]>)]) {
    static HASHES: Mutex<Vec<(String, String)>> = Mutex::new(Vec::new());
    let mut text = String::new();
    for (name, password, role, workspaces) in entries {
        let hash = {
            let mut known = HASHES.lock().unwrap();
            match known.iter().find(|(p, _)| p == password) {
                Some((_, h)) => h.clone(),
                None => {
                    let h = hilens_proxy::hash_password(password).unwrap();
                    known.push((password.to_string(), h.clone()));
                    h
                }
            }
        };
        text.push_str(&format!("[[users]]\nname = {name:?}\npassword_hash = {hash:?}\nrole = {role:?}\n"));
        if let Some(w) = workspaces {
            text.push_str(&format!("workspaces = {w:?}\n"));
        }
    }
    std::fs::write(path, text).unwrap();
}

/// Signs in a local user; returns the `Cookie` header value.
pub async fn sign_in_as(base: &str, user: &str, password: &str) -> String {
    let resp = client()
        .post(format!("{base}/auth/login"))
        .header("x-hilens-console", "1")
        .json(&json!({"domain": "", "user": user, "password": password}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK, "{user} signs in");
    resp.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string()
}

pub fn client() -> reqwest::Client {
    reqwest::Client::new()
}

/// How a test reaches the proxy: HTTP/1.1 on plain TCP (as `./scripts/run` serves), or HTTP/2
/// over TLS (`--tls-cert`, chosen by ALPN as a browser does).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Over {
    Http1,
    Http2,
}

/// Both ways, for tests that must hold over either.
pub const BOTH: [Over; 2] = [Over::Http1, Over::Http2];

/// A proxy being served, and a client that talks to it the way it was asked to.
pub struct Served {
    pub base: String,
    pub client: reqwest::Client,
    pub over: Over,
}

/// Serves `config` over `over`: plain HTTP/1.1, or HTTPS with a self-signed certificate for
/// 127.0.0.1 whose client speaks HTTP/2 only (checked once here, so nothing falls back).
pub async fn serve_over(over: Over, config: ProxyConfig) -> Served {
    match over {
        Over::Http1 => Served { base: proxy(config).await, client: client(), over },
        Over::Http2 => {
            let name = config.dist.file_name().unwrap().to_string_lossy().into_owned();
            let (cert, tls) = tls_files(&name);
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let base = format!("https://{}", listener.local_addr().unwrap());
            tokio::spawn(async move {
                hilens_proxy::serve_with(listener, config, Some(&tls), std::future::pending()).await
            });
            let client = h2_client(&cert);
            let probe = client.get(format!("{base}/healthz")).send().await.unwrap();
            assert_eq!(probe.version(), reqwest::Version::HTTP_2);
            Served { base, client, over }
        }
    }
}

/// A client trusting `cert` that speaks HTTP/2 and nothing else.
pub fn h2_client(cert: &rcgen::CertifiedKey) -> reqwest::Client {
    let root = reqwest::Certificate::from_pem(cert.cert.pem().as_bytes()).unwrap();
    reqwest::Client::builder().add_root_certificate(root).http2_prior_knowledge().build().unwrap()
}

/// The demo account's session cookie, signed in through `http`.
pub async fn sign_in_with(http: &reqwest::Client, base: &str) -> String {
    let resp = demo_login(http, base).await;
    assert_eq!(resp.status(), StatusCode::OK);
    resp.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string()
}

/// A request body of `count` times `chunk` that does not say its length: over HTTP/1.1 it goes
/// chunked, over HTTP/2 as DATA frames without a `Content-Length`.
pub struct Unsized {
    pub chunk: bytes::Bytes,
    pub count: usize,
}

impl Unsized {
    /// `megabytes` of `x`.
    pub fn megabytes(megabytes: usize) -> reqwest::Body {
        reqwest::Body::wrap(Unsized { chunk: vec![b'x'; 1024 * 1024].into(), count: megabytes })
    }

    /// `text` in one piece.
    pub fn text(text: &'static str) -> reqwest::Body {
        reqwest::Body::wrap(Unsized { chunk: text.into(), count: 1 })
    }
}

impl axum::body::HttpBody for Unsized {
    type Data = bytes::Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<hyper::body::Frame<bytes::Bytes>, Self::Error>>> {
        if self.count == 0 {
            return std::task::Poll::Ready(None);
        }
        self.count -= 1;
        std::task::Poll::Ready(Some(Ok(hyper::body::Frame::data(self.chunk.clone()))))
    }
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
    sign_in_with(&client(), base).await
}

/// What the upstream saw: (method, path and query, X-Auth-Token, other credential headers),
/// and every token IAM issued.
#[derive(Default)]
pub struct Seen {
    pub requests: Vec<(String, String, Option<String>, Vec<String>)>,
    pub tokens: Vec<String>,
}

pub struct Harness {
    pub base: String,
    pub seen: Arc<Mutex<Seen>>,
    pub client: reqwest::Client,
}

pub async fn record(State(seen): State<Arc<Mutex<Seen>>>, req: Request, next: Next) -> Response {
    // In a block: the request body is not Sync, so no borrow of the request may live across the await.
    let entry = {
        let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
        let creds =
            ["cookie", "authorization", "x-sdk-date", "x-project-id"].iter().filter_map(|h| header(h)).collect();
        (req.method().to_string(), req.uri().to_string(), header("x-auth-token"), creds)
    };
    let resp = next.run(req).await;
    let mut seen = seen.lock().unwrap();
    seen.requests.push(entry);
    if let Some(t) = resp.headers().get("x-subject-token") {
        seen.tokens.push(t.to_str().unwrap().to_string());
    }
    resp
}

pub async fn start_embedded(name: &str) -> Harness {
    let dir = std::env::temp_dir().join(format!("hilens-proxy-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("dist")).unwrap();
    std::fs::write(dir.join("dist/index.html"), "<!doctype html><title>HiLens console</title>").unwrap();
    std::fs::write(dir.join("dist/app.js"), "console.log(1)").unwrap();
    let emulator = Emulator::open(EmulatorConfig::new(dir.join("data/emulator.db"), vec![Account::demo()])).unwrap();
    let seen = Arc::new(Mutex::new(Seen::default()));
    let upstream = emulator.router().layer(middleware::from_fn_with_state(seen.clone(), record));
    let config = ProxyConfig::new(
        dir.join("dist"),
        Upstream::Local(upstream),
        ConsoleConfig { proxy_base: String::new(), mode: "local".into(), ..ConsoleConfig::default() },
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(hilens_proxy::serve(listener, config, std::future::pending()));
    Harness { base, seen, client: reqwest::Client::new() }
}

pub const DEMO: (&str, &str, &str) = ("hilens-demo", "demo", "HiLens-Demo-2026");

impl Harness {
    pub async fn login(&self, password: &str) -> reqwest::Response {
        let body = json!({"domain": DEMO.0, "user": DEMO.1, "password": password});
        self.client
            .post(format!("{}/auth/login", self.base))
            .header("x-hilens-console", "1")
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// Signs in and returns the `Cookie` header value to send.
    pub async fn session_cookie(&self) -> String {
        let resp = self.login(DEMO.2).await;
        assert_eq!(resp.status(), StatusCode::OK);
        let set = resp.headers()["set-cookie"].to_str().unwrap().to_string();
        set.split(';').next().unwrap().to_string()
    }

    pub fn upstream_requests(&self) -> usize {
        self.seen.lock().unwrap().requests.len()
    }
}

/// The emulator behind HTTPS with a certificate for 127.0.0.1 from a CA of its own; returns
/// the base URL and the CA certificate (PEM).
pub async fn start_tls_cloud(name: &str) -> (String, String) {
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

/// A self-signed certificate for 127.0.0.1, written as PEM files beside the console `name`.
pub fn tls_files(name: &str) -> (rcgen::CertifiedKey, hilens_proxy::TlsFiles) {
    let cert = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string()]).unwrap();
    let dir = dist(name);
    let (cert_path, key_path) = (dir.join("cert.pem"), dir.join("key.pem"));
    std::fs::write(&cert_path, cert.cert.pem()).unwrap();
    std::fs::write(&key_path, cert.key_pair.serialize_pem()).unwrap();
    (cert, hilens_proxy::TlsFiles { cert: cert_path, key: key_path })
}
