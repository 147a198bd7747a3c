//! What the emulator's HTTP tests share: the emulator on 127.0.0.1 with a real SQLite file,
//! signed and token calls, and small helpers.
#![allow(dead_code, unused_imports)]

pub use std::path::{Path, PathBuf};

pub use hilens_emulator::{Account, Emulator, EmulatorConfig};
pub use hilens_model::skills::{SkillDetail, SkillList};
pub use reqwest::StatusCode;
pub use serde_json::{json, Value};

pub const KEY: (&str, &str, &str) =
    ("HPUATESTAK0000000001", "TestSecretKey0123456789abcdefghijklmnop", "0b8f4c6a2d3e4f5a9b1c7d2e3f4a5b6c");

pub struct Server {
    pub base: String,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    pub async fn start(db: &Path) -> Server {
        let emulator = Emulator::open(EmulatorConfig {
            keys: vec![key_pair()],
            connect_delay: std::time::Duration::from_millis(300),
            upgrade_duration: std::time::Duration::from_millis(1000),
            ..EmulatorConfig::new(db.to_path_buf(), vec![Account::demo()])
        })
        .unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            axum::serve(listener, emulator.router())
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await
                .unwrap();
        });
        Server { base, shutdown: Some(tx), task }
    }

    pub async fn stop(mut self) {
        let _ = self.shutdown.take().unwrap().send(());
        self.task.await.unwrap();
    }
}

pub fn key_pair() -> hilens_emulator::KeyPair {
    hilens_emulator::KeyPair { ak: KEY.0.into(), sk: KEY.1.into(), project_id: KEY.2.into() }
}

/// Sends a GET signed as the official SDK signs it, with `date` as X-Sdk-Date.
pub async fn signed_get(
    base: &str,
    path: &str,
    query: &[(&str, &str)],
    ak: &str,
    sk: &str,
    date: i64,
    corrupt: bool,
) -> (StatusCode, Value) {
    use hilens_model::signing::{authorization, format_sdk_date, SignedParts};
    let host = base.trim_start_matches("http://").to_string();
    let headers: Vec<(String, String)> = vec![
        ("Content-Type".into(), "application/json".into()),
        ("User-Agent".into(), "hilens-test".into()),
        ("X-Sdk-Date".into(), format_sdk_date(date)),
        ("X-Project-Id".into(), KEY.2.into()),
        ("Host".into(), host),
    ];
    let pairs: Vec<(String, String)> = query.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let parts = SignedParts { method: "GET", path, query: &pairs, headers: &headers, body: b"" };
    let mut auth = authorization(ak, sk, &parts);
    if corrupt {
        let last = auth.pop().unwrap();
        auth.push(if last == '0' { '1' } else { '0' });
    }
    let qs = hilens_model::query::build_query(&pairs);
    let mut req = reqwest::Client::new().get(format!("{base}{path}?{qs}")).header("Authorization", auth);
    for (k, v) in headers.iter().filter(|(k, _)| k != "Host") {
        req = req.header(k, v);
    }
    let resp = req.send().await.unwrap();
    (resp.status(), resp.json().await.unwrap())
}

pub fn temp_db(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hilens-emulator-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("emulator.db")
}

pub fn sign_in_body(user: &str, password: &str, project: Value) -> Value {
    json!({"auth": {
        "identity": {"methods": ["password"], "password": {"user": {"name": user, "password": password, "domain": {"name": "hilens-demo"}}}},
        "scope": {"project": project}
    }})
}

pub async fn token(base: &str) -> String {
    let resp = reqwest::Client::new()
        .post(format!("{base}/v3/auth/tokens"))
        .json(&sign_in_body("demo", "HiLens-Demo-2026", json!({"name": "cn-north-4"})))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::CREATED);
    resp.headers()["x-subject-token"].to_str().unwrap().to_string()
}

pub async fn get(base: &str, token: &str, path_and_query: &str) -> (StatusCode, Value) {
    let resp = reqwest::Client::new()
        .get(format!("{base}{path_and_query}"))
        .header("X-Auth-Token", token)
        .send()
        .await
        .unwrap();
    assert!(resp.headers().contains_key("x-request-id"), "every response has X-Request-Id");
    (resp.status(), resp.json().await.unwrap())
}

pub async fn list(base: &str, token: &str, query: &str) -> SkillList {
    let (status, body) = get(base, token, &format!("/v1/skill-market/skills?{query}")).await;
    assert_eq!(status, StatusCode::OK, "{query}: {body}");
    serde_json::from_value(body).unwrap()
}

/// The id of a seeded skill, read from the market itself.
pub fn hilens_emulator_seed_id() -> &'static str {
    "566f32cce8301d95bad9b75fe6e6029b"
}

pub async fn send(
    method: reqwest::Method,
    base: &str,
    token: &str,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut req = reqwest::Client::new()
        .request(method, format!("{base}{path}"))
        .header("X-Auth-Token", token)
        .header("X-Language", "en-us");
    if let Some(b) = body {
        req = req.json(&b);
    }
    let resp = req.send().await.unwrap();
    assert!(resp.headers().contains_key("x-request-id"));
    let status = resp.status();
    (status, resp.json().await.unwrap_or(Value::Null))
}

pub fn urlencode(s: &str) -> String {
    hilens_model::query::encode_component(s)
}

/// The files of a certificate package (base64 of a .tar.gz).
pub fn unpack(package: &str) -> std::collections::BTreeMap<String, String> {
    use base64::Engine;
    use std::io::Read;
    let gz = base64::engine::general_purpose::STANDARD.decode(package).unwrap();
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(gz.as_slice()));
    let mut files = std::collections::BTreeMap::new();
    for entry in archive.entries().unwrap() {
        let mut entry = entry.unwrap();
        let path = entry.path().unwrap().display().to_string();
        let mut text = String::new();
        entry.read_to_string(&mut text).unwrap();
        files.insert(path, text);
    }
    files
}

/// A deployment body for the tests, to `targets` (node_ids, or node_tags with node_num).
pub fn deployment_body(name: &str, source: &str, targets: Value, order: Option<&str>) -> Value {
    let mut app = json!({"name": "gate-counter", "app_url": "swr.cn-north-4.myhuaweicloud.com/demo/gate:1.0",
        "version": "1.0.0", "channel_limit": 2,
        "envs": [{"name": "LOG_LEVEL", "value": "info"}, {"name": "HOST", "field_path": "status.hostIP"}],
        "ports": [{"container_port": 8080, "host_port": 18080}],
        "liveness_probe": {"http_get": {"path": "/health", "port": 8080}, "initial_delay_seconds": 10},
        "resources": {"limits": {"cpu": "1", "memory": "512"}, "requests": {"cpu": "0.5", "memory": "256"}},
        "volumes": [{"name": "tmp", "type": "emptyDir", "source": "memory", "destination": "/tmp", "read_only": false}]});
    if let Some(o) = order {
        app["app_order_id"] = json!(o);
    }
    let mut body = json!({"name": name, "source": source, "description": "counts people",
        "tags": [{"key": "team", "value": "gate"}],
        "deployment": {"replicas": 1, "template": {"configs": {"host_network": false, "restart_policy": "Always"}, "apps": [app]}}});
    for (k, v) in targets.as_object().unwrap() {
        body[k] = v.clone();
    }
    body
}
