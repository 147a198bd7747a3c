//! A fleet for the roll-out tests: the emulator on 127.0.0.1 (in this process, over real HTTP,
//! with a short connect delay and versions that fail), devices registered and deployed through
//! its API, and `hilens-proxy` binaries in service mode in front of it, signed in as local users.

use std::process::{Command, Stdio};

use super::*;

/// A failing version every fleet knows (`--fail-versions`).
pub const BAD: &str = "9.9.9-bad";
/// Milliseconds an instance takes to start.
pub const CONNECT_MS: u64 = 200;

pub struct Fleet {
    pub base: String,
    /// The demo account's IAM token, for setting the fleet up directly.
    pub token: String,
    pub devices: Vec<(String, String)>,
}

pub async fn fleet(name: &str, devices: usize) -> Fleet {
    let dir = std::env::temp_dir().join(format!("hilens-fleet-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let keys = vec![KeyPair { ak: AK.into(), sk: SK.into(), project_id: PROJECT.into() }];
    let emulator = Emulator::open(EmulatorConfig {
        keys,
        connect_delay: Duration::from_millis(CONNECT_MS),
        fail_versions: vec![BAD.into()],
        ..EmulatorConfig::new(dir.join("emulator.db"), vec![Account::demo()])
    })
    .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, emulator.router()).await.unwrap() });
    let resp = client()
        .post(format!("{base}/v3/auth/tokens"))
        .json(&json!({"auth": {"identity": {"methods": ["password"], "password": {"user":
            {"name": "demo", "password": "HiLens-Demo-2026", "domain": {"name": "hilens-demo"}}}},
            "scope": {"project": {"name": "cn-north-4"}}}}))
        .send()
        .await
        .unwrap();
    let token = resp.headers()["x-subject-token"].to_str().unwrap().to_string();
    let mut f = Fleet { base, token, devices: Vec::new() };
    if devices > 0 {
        let (status, _) =
            f.send(M::POST, "/v3/{p}/ai-mgr/nodes", Some(json!({"node": {"name": "cam", "batch": devices}}))).await;
        assert_eq!(status, StatusCode::OK);
        let (_, listed) = f.send(M::GET, &format!("/v3/{{p}}/ai-mgr/nodes?limit=100&name=cam"), None).await;
        let mut found: Vec<(String, String)> = listed["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| (n["id"].as_str().unwrap().to_string(), n["name"].as_str().unwrap().to_string()))
            .collect();
        // cam-1, cam-2, ..., cam-N.
        found.sort_by_key(|(_, name)| name["cam-".len()..].parse::<u32>().unwrap_or(0));
        f.devices = found;
        tokio::time::sleep(Duration::from_millis(CONNECT_MS + 50)).await;
    }
    f
}

pub use reqwest::Method as M;

impl Fleet {
    pub async fn send(&self, method: M, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let mut req = client()
            .request(method, format!("{}{}", self.base, path.replace("{p}", PROJECT)))
            .header("x-auth-token", &self.token)
            .header("x-language", "en-us");
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status();
        (status, resp.json().await.unwrap_or(Value::Null))
    }

    pub fn ids(&self, range: std::ops::Range<usize>) -> Vec<String> {
        self.devices[range].iter().map(|(id, _)| id.clone()).collect()
    }

    /// A deployment of one app at `version` on `nodes`; its id.
    pub async fn deploy(&self, name: &str, version: &str, nodes: &[String]) -> String {
        let body = json!({"name": name, "source": "userdefined", "description": "counts people",
            "tags": [{"key": "team", "value": "gate"}], "node_ids": nodes,
            "deployment": {"replicas": 1, "template": {"configs": {"restart_policy": "Always"}, "apps": [
                {"name": "counter", "app_url": "swr.cn-north-4.myhuaweicloud.com/demo/counter:1", "version": version,
                 "envs": [{"name": "LOG_LEVEL", "value": "info"}]}]}}});
        let (status, d) = self.send(M::POST, "/v3/{p}/ai-mgr/deployments", Some(body)).await;
        assert_eq!(status, StatusCode::OK, "{d}");
        d["id"].as_str().unwrap().to_string()
    }

    /// Each device's instances: `device → [(deployment id, status, app version)]`.
    pub async fn instances(&self) -> std::collections::BTreeMap<String, Vec<(String, String, String)>> {
        let mut by_device: std::collections::BTreeMap<String, Vec<(String, String, String)>> = Default::default();
        let mut offset = 0;
        loop {
            let (_, page) = self.send(M::GET, &format!("/v3/{{p}}/ai-mgr/pods?limit=100&offset={offset}"), None).await;
            let pods = page["pods"].as_array().cloned().unwrap_or_default();
            for p in &pods {
                by_device.entry(p["node_id"].as_str().unwrap().to_string()).or_default().push((
                    p["deployment_id"].as_str().unwrap().to_string(),
                    p["status"].as_str().unwrap().to_string(),
                    p["apps"][0]["version"].as_str().unwrap_or_default().to_string(),
                ));
            }
            offset += pods.len();
            if pods.is_empty() || offset as u64 >= page["count"].as_u64().unwrap_or(0) {
                return by_device;
            }
        }
    }

    /// Each device's instance ids of the deployment.
    pub async fn pod_ids(&self, deployment: &str) -> std::collections::BTreeMap<String, String> {
        let (_, page) =
            self.send(M::GET, &format!("/v3/{{p}}/ai-mgr/pods?deployment_id={deployment}&limit=100"), None).await;
        page["pods"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p["node_id"].as_str().unwrap().to_string(), p["id"].as_str().unwrap().to_string()))
            .collect()
    }

    pub async fn deployment(&self, id: &str) -> (StatusCode, Value) {
        self.send(M::GET, &format!("/v3/{{p}}/ai-mgr/deployments/{id}"), None).await
    }
}

/// A `hilens-proxy` binary in service mode in front of a fleet; killed when dropped.
pub struct ProxyBin {
    pub child: std::process::Child,
    pub base: String,
    pub dir: std::path::PathBuf,
}

impl Drop for ProxyBin {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The users of every proxy here: an operator, a viewer, an operator of another workspace only.
pub const USERS: &[(&str, &str, &str, Option<&[&str]>)] = &[
    ("ada", "ada-pass-1", "operator", None),
    ("vic", "vic-pass-1", "viewer", None),
    ("wes", "wes-pass-1", "operator", Some(&["ws-elsewhere"])),
];

impl ProxyBin {
    /// Starts the binary with its files in `dir` (the same `dir` again: a restart), with
    /// `extra` flags and `env`.
    pub async fn start(dir: &std::path::Path, fleet: &Fleet, extra: &[&str], env: &[(&str, String)]) -> ProxyBin {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join("index.html"), "<!doctype html><p>console</p>").unwrap();
        let creds = dir.join("credentials.toml");
        std::fs::write(&creds, format!("ak = \"{AK}\"\nsk = \"{SK}\"\nproject_id = \"{PROJECT}\"\n")).unwrap();
        std::fs::set_permissions(&creds, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
        let users = dir.join("users.toml");
        if !users.exists() {
            write_users(&users, USERS);
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(env!("CARGO_BIN_EXE_hilens-proxy"))
            .args(["--listen", &format!("127.0.0.1:{port}"), "--dist"])
            .arg(dir)
            .arg("--data-dir")
            .arg(dir.join("data"))
            .args(["--hilens-endpoint", &fleet.base, "--iam-endpoint", &fleet.base, "--credentials-file"])
            .arg(&creds)
            .arg("--users-file")
            .arg(&users)
            .args(["--log-level", "warn", "--threads", "1"])
            .args(extra)
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let proxy = ProxyBin { child, base: format!("http://127.0.0.1:{port}"), dir: dir.to_path_buf() };
        for _ in 0..400 {
            if client().get(format!("{}/healthz", proxy.base)).send().await.is_ok() {
                return proxy;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("the proxy did not start");
    }

    /// Kills it at once (SIGKILL: nothing is finished or flushed).
    pub fn kill9(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    pub async fn sign_in(&self, user: &str) -> String {
        let password = USERS.iter().find(|u| u.0 == user).unwrap().1;
        sign_in_as(&self.base, user, password).await
    }
}

/// A call to a proxy as a signed-in user: the status and the JSON answer.
pub async fn call(base: &str, cookie: &str, method: M, path: &str, body: Option<Value>) -> (StatusCode, Value) {
    let mut req = client()
        .request(method, format!("{base}{}", path.replace("{p}", PROJECT)))
        .header("cookie", cookie)
        .header("x-hilens-console", "1")
        .header("x-language", "en-us");
    if let Some(b) = body {
        req = req.json(&b);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status();
    (status, resp.json().await.unwrap_or(Value::Null))
}

/// The error message of an API error answer.
pub fn msg(v: &Value) -> String {
    v["error_msg"].as_str().unwrap_or_default().to_string()
}
