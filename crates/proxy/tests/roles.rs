//! Roles: every call is checked against the caller's role before it is forwarded (a denied call
//! is 403 `CONSOLE.0403` naming the permission and never reaches HiLens), secret values leave
//! answers for callers who may not reveal them, and roles are read from the current users
//! file at every call (changed, removed, reloaded on SIGHUP).

mod common;

use common::*;

struct Portal {
    base: String,
    hits: Arc<AtomicUsize>,
    directory: Arc<hilens_proxy::Directory>,
    users_file: std::path::PathBuf,
}

const TEAM: &[(&str, &str, &str, Option<&[&str]>)] = &[
    ("vera", "vera-pass-1", "viewer", None),
    ("otto", "otto-pass-1", "operator", None),
    ("ada", "ada-pass-1", "admin", None),
];

async fn portal(name: &str) -> Portal {
    let (cloud, hits) = start_cloud(name).await;
    let mut c = service(name, remote(&cloud, Duration::from_secs(10)), SK);
    let (directory, users_file) = users(name, TEAM);
    c.access = Access::Users(directory.clone());
    Portal { base: proxy(c).await, hits, directory, users_file }
}

impl Portal {
    async fn call(
        &self,
        cookie: &str,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = client()
            .request(method, format!("{}/api{}", self.base, path.replace("{p}", PROJECT)))
            .header("cookie", cookie)
            .header("x-hilens-console", "1");
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status();
        (status, resp.json().await.unwrap_or(Value::Null))
    }

    async fn session(&self, cookie: &str) -> (StatusCode, Value) {
        let resp = client().get(format!("{}/auth/session", self.base)).header("cookie", cookie).send().await.unwrap();
        (resp.status(), resp.json().await.unwrap())
    }

    fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }

    /// Asserts a 403 that names `permission` and never reached the upstream.
    async fn refused(&self, cookie: &str, method: reqwest::Method, path: &str, body: Option<Value>, permission: &str) {
        let before = self.hits();
        let (status, err) = self.call(cookie, method.clone(), path, body).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{method} {path}: {err}");
        assert_eq!(err["error_code"], "CONSOLE.0403", "{err}");
        assert!(err["error_msg"].as_str().unwrap().contains(permission), "{err}");
        assert_eq!(self.hits(), before, "{method} {path} never reaches the upstream");
    }
}

use reqwest::Method as M;

#[tokio::test]
async fn viewers_read_operators_run_the_fleet_and_only_admins_delete_and_provision() {
    let p = portal("roles").await;
    let (vera, otto, ada) = (
        sign_in_as(&p.base, "vera", "vera-pass-1").await,
        sign_in_as(&p.base, "otto", "otto-pass-1").await,
        sign_in_as(&p.base, "ada", "ada-pass-1").await,
    );
    let node = json!({"node": {"name": "line-1"}});
    p.refused(&otto, M::POST, "/v3/{p}/ai-mgr/nodes", Some(node.clone()), "devices:provision").await;
    let (status, created) = p.call(&ada, M::POST, "/v3/{p}/ai-mgr/nodes", Some(node)).await;
    assert_eq!(status, StatusCode::OK, "{created}");
    let id = created["id"].as_str().unwrap().to_string();

    for who in [&vera, &otto, &ada] {
        let (status, list) = p.call(who, M::GET, "/v3/{p}/ai-mgr/nodes", None).await;
        assert_eq!((status, list["count"].as_u64()), (StatusCode::OK, Some(1)));
    }
    let stop = format!("/v3/{{p}}/ai-mgr/nodes/{id}/action/stop");
    p.refused(&vera, M::POST, &stop, None, "needs devices:operate, which the operator role has").await;
    let before = p.hits();
    let (status, _) = p.call(&otto, M::POST, &stop, None).await;
    assert_eq!((status, p.hits()), (StatusCode::OK, before + 1), "an operator stops a device");
    let delete = format!("/v3/{{p}}/ai-mgr/nodes/{id}");
    p.refused(&vera, M::DELETE, &delete, None, "devices:delete").await;
    p.refused(&otto, M::DELETE, &delete, None, "needs devices:delete, which the admin role has").await;
    p.refused(&otto, M::PUT, &format!("{delete}/cert"), Some(json!({})), "devices:provision").await;
    p.refused(&otto, M::POST, "/v3/{p}/ai-mgr/workspaces", Some(json!({"name": "w"})), "workspaces:write").await;
    let (status, _) = p.call(&ada, M::DELETE, &delete, None).await;
    assert_eq!(status, StatusCode::OK, "an admin deletes it");

    // The session says who the caller is and what they may do.
    let (_, me) = p.session(&otto).await;
    assert_eq!(
        (me["user"].as_str(), me["role"].as_str(), me["auth_method"].as_str()),
        (Some("otto"), Some("operator"), Some("users"))
    );
    let perms: Vec<&str> = me["permissions"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert!(perms.contains(&"devices:operate") && !perms.contains(&"devices:delete"), "{perms:?}");
    assert!(me.get("workspaces").is_none(), "every workspace: {me}");
    let (_, me) = p.session(&ada).await;
    assert!(me["permissions"].as_array().unwrap().iter().any(|v| v == "secrets:reveal"));
}

#[tokio::test]
async fn secret_values_are_removed_for_callers_who_may_not_reveal_them() {
    let p = portal("reveal").await;
    let (vera, otto, ada) = (
        sign_in_as(&p.base, "vera", "vera-pass-1").await,
        sign_in_as(&p.base, "otto", "otto-pass-1").await,
        sign_in_as(&p.base, "ada", "ada-pass-1").await,
    );
    let secret = json!({"secret": {"name": "db-creds", "secrets": [{"key": "password", "value": "aHVudGVyMg"}]}});
    p.refused(&otto, M::POST, "/v3/{p}/ai-mgr/secrets", Some(secret.clone()), "secrets:write").await;
    let (status, created) = p.call(&ada, M::POST, "/v3/{p}/ai-mgr/secrets", Some(secret)).await;
    assert_eq!(status, StatusCode::OK, "{created}");
    let id = created["secret"]["id"].as_str().unwrap().to_string();
    let show = format!("/v3/{{p}}/ai-mgr/secrets/{id}");
    for who in [&vera, &otto] {
        let (status, list) = p.call(who, M::GET, "/v3/{p}/ai-mgr/secrets", None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(list["secrets"][0]["secrets"], json!([{"key": "password"}]), "{list}");
        let (status, one) = p.call(who, M::GET, &show, None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(one["secret"]["secrets"], json!([{"key": "password"}]), "{one}");
        assert_eq!(one["secret"]["name"], "db-creds");
        assert!(!one.to_string().contains("aHVudGVyMg"));
    }
    let (_, one) = p.call(&ada, M::GET, &show, None).await;
    assert_eq!(one["secret"]["secrets"][0]["value"], "aHVudGVyMg", "an admin may reveal");
}

#[tokio::test]
async fn roles_come_from_the_current_file_at_every_call() {
    let p = portal("reload").await;
    p.directory.watch(Duration::from_millis(50), || {});
    let vera = sign_in_as(&p.base, "vera", "vera-pass-1").await;
    let order = json!({"skill_id": "none", "amount": 1});
    p.refused(&vera, M::POST, "/v1/{p}/skill-market/skill-order", Some(order.clone()), "orders:write").await;

    // Promoted in the file: the next call is allowed, in the same session.
    write_users(&p.users_file, &[("vera", "vera-pass-1", "operator", None), TEAM[2]]);
    let mut promoted = false;
    for _ in 0..100 {
        if p.session(&vera).await.1["role"] == "operator" {
            promoted = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
    assert!(promoted, "the changed file is read within seconds");
    let before = p.hits();
    let (status, _) = p.call(&vera, M::POST, "/v1/{p}/skill-market/skill-order", Some(order)).await;
    assert_ne!(status, StatusCode::FORBIDDEN);
    assert_eq!(p.hits(), before + 1, "forwarded now");

    // Removed from the file: signed out at the next call.
    write_users(&p.users_file, &[TEAM[2]]);
    let mut gone = false;
    for _ in 0..100 {
        if p.session(&vera).await.0 == StatusCode::UNAUTHORIZED {
            gone = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
    assert!(gone, "a removed user is signed out");
    let (status, err) = p.call(&vera, M::GET, "/v3/{p}/ai-mgr/nodes", None).await;
    assert_eq!((status, err["error_code"].as_str()), (StatusCode::UNAUTHORIZED, Some("CONSOLE.0401")));
}

/// The binary: a users file from before roles refuses to start, naming the entry; SIGHUP
/// reads a changed file at once.
#[tokio::test]
async fn the_binary_refuses_entries_without_a_role_and_rereads_on_sighup() {
    let dir = dist("binary-roles");
    let creds = dir.join("credentials.toml");
    std::fs::write(&creds, format!("ak = \"{AK}\"\nsk = \"{SK}\"\nproject_id = \"{PROJECT}\"\n")).unwrap();
    std::fs::set_permissions(&creds, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    let users_file = dir.join("users.toml");
    let hash = hilens_proxy::hash_password("old-pass-1").unwrap();
    std::fs::write(&users_file, format!("[[users]]\nname = \"old\"\npassword_hash = \"{hash}\"\n")).unwrap();
    let (cloud, _) = start_cloud("binary-roles").await;
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let command = || {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_hilens-proxy"));
        c.args(["--listen", &format!("127.0.0.1:{port}"), "--dist"])
            .arg(&dir)
            .arg("--data-dir")
            .arg(dir.join("data"))
            .args(["--hilens-endpoint", &cloud, "--iam-endpoint", &cloud, "--credentials-file"])
            .arg(&creds)
            .arg("--users-file")
            .arg(&users_file)
            // No polling: only SIGHUP can make the change below seen.
            .args(["--reload-every", "0"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped());
        c
    };
    let refused = command().output().unwrap();
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("[[users]] entry 1 (name = \"old\") has no role"), "{said}");
    assert!(!said.contains(&hash), "no hash in messages");

    write_users(&users_file, &[("old", "old-pass-1", "viewer", None)]);
    let mut child = command().spawn().unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let mut up = false;
    for _ in 0..100 {
        if client().get(format!("{base}/healthz")).send().await.is_ok() {
            up = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(up, "the proxy starts");
    let cookie = sign_in_as(&base, "old", "old-pass-1").await;
    let role = || async {
        let me: Value = client()
            .get(format!("{base}/auth/session"))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        me["role"].as_str().unwrap_or_default().to_string()
    };
    assert_eq!(role().await, "viewer");
    write_users(&users_file, &[("old", "old-pass-1", "admin", None)]);
    let hup = std::process::Command::new("kill").args(["-HUP", &child.id().to_string()]).status().unwrap();
    assert!(hup.success());
    let started = std::time::Instant::now();
    let mut now = String::new();
    while started.elapsed() < Duration::from_secs(5) {
        now = role().await;
        if now == "admin" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(now, "admin");
}

#[tokio::test]
async fn iam_mode_is_role_iam_and_none_mode_anonymous_both_with_every_permission() {
    let h = start_embedded("iam-role").await;
    let cookie = h.session_cookie().await;
    let me: Value = h
        .client
        .get(format!("{}/auth/session", h.base))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!((me["role"].as_str(), me["auth_method"].as_str()), (Some("iam"), Some("iam")));
    assert_eq!(me["permissions"].as_array().unwrap().len(), hilens_model::Permission::ALL.len());

    let (cloud, _) = start_cloud("none-role").await;
    let base = proxy(service("none-role", remote(&cloud, Duration::from_secs(10)), SK)).await;
    let me: Value = client().get(format!("{base}/auth/session")).send().await.unwrap().json().await.unwrap();
    assert_eq!((me["role"].as_str(), me["auth_method"].as_str()), (Some("anonymous"), Some("none")));
    assert!(me["permissions"].as_array().unwrap().iter().any(|p| p == "secrets:reveal"));
}
