//! Behind an SSO gateway (`--console-auth header`): the user and groups of `X-Forwarded-User`
//! and `X-Forwarded-Groups` from trusted proxies only, groups bound to roles by the roles file,
//! `X-Forwarded-For` as the caller's address; such headers from anyone else are refused.

mod common;

use common::*;
use hilens_proxy::{Audit, AuditConfig, AuditKey, Directory, Tokens};
use reqwest::Method as M;

const ROLES: &str = "[[bindings]]\ngroup = \"line-ops\"\nrole = \"operator\"\n\n[[bindings]]\ngroup = \"auditors\"\nrole = \"viewer\"\n";

struct Gateway {
    base: String,
    hits: Arc<AtomicUsize>,
    directory: Arc<Directory>,
    roles_file: std::path::PathBuf,
    dir: std::path::PathBuf,
}

async fn gateway(name: &str, trusted: &str) -> Gateway {
    let (cloud, hits) = start_cloud(name).await;
    let mut c = service(name, remote(&cloud, Duration::from_secs(10)), SK);
    let roles_file = c.dist.join("roles.toml");
    std::fs::write(&roles_file, ROLES).unwrap();
    let directory = Arc::new(Directory::load(None, Some(&roles_file)).unwrap());
    c.access = Access::Header(directory.clone());
    c.trusted_proxies = vec![trusted.parse().unwrap()];
    let dir = c.dist.join("data");
    let _ = std::fs::remove_dir_all(&dir);
    c.tokens = Some(Tokens::open(&dir.join("state.db")).unwrap());
    let key = AuditKey::load_or_create(&dir.join("audit.key")).unwrap();
    c.audit = Some(Audit::open(AuditConfig::new(dir.join("audit.db"), key)).unwrap());
    Gateway { base: proxy(c).await, hits, directory, roles_file, dir }
}

async fn as_user(
    g: &Gateway,
    user: Option<&str>,
    groups: &str,
    method: M,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut req = client()
        .request(method, format!("{}{}", g.base, path.replace("{p}", PROJECT)))
        .header("x-hilens-console", "1")
        .header("x-forwarded-groups", groups)
        .header("x-forwarded-for", "198.51.100.20, 203.0.113.7");
    if let Some(u) = user {
        req = req.header("x-forwarded-user", u);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status();
    (status, resp.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn the_gateways_user_and_groups_decide_and_its_address_is_the_callers() {
    let g = gateway("sso", "127.0.0.1/32").await;
    let (status, me) = as_user(&g, Some("mei"), "line-ops, staff", M::GET, "/auth/session", None).await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(
        (me["user"].as_str(), me["role"].as_str(), me["auth_method"].as_str()),
        (Some("mei"), Some("operator"), Some("header"))
    );
    assert_eq!(me["groups"], json!(["line-ops", "staff"]));

    // An operator by group: creates nothing an admin must, stops what an operator may.
    let (status, _) =
        as_user(&g, Some("mei"), "line-ops", M::POST, "/api/v3/{p}/ai-mgr/nodes", Some(json!({"node": {"name": "n"}})))
            .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, orders) =
        as_user(&g, Some("mei"), "line-ops", M::GET, "/api/v1/{p}/skill-market/skill-order", None).await;
    assert_eq!(status, StatusCode::OK, "{orders}");
    // A viewer by another group; nobody without a bound group; nobody without a name.
    let (status, err) =
        as_user(&g, Some("ann"), "auditors", M::POST, "/api/v1/{p}/skill-market/skill-order", Some(json!({}))).await;
    assert!(status == StatusCode::FORBIDDEN && err["error_msg"].as_str().unwrap().contains("orders:write"), "{err}");
    let before = g.hits.load(Ordering::SeqCst);
    let (status, err) = as_user(&g, Some("bob"), "staff", M::GET, "/api/v3/{p}/ai-mgr/nodes", None).await;
    assert!(
        status == StatusCode::FORBIDDEN && err["error_msg"].as_str().unwrap().contains("none of your groups (staff)"),
        "{err}"
    );
    assert_eq!(
        as_user(&g, None, "line-ops", M::GET, "/api/v3/{p}/ai-mgr/nodes", None).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(g.hits.load(Ordering::SeqCst), before, "neither reached HiLens");

    // The binding changes in the roles file: at the next call.
    std::fs::write(&g.roles_file, ROLES.replace("role = \"operator\"", "role = \"viewer\"")).unwrap();
    g.directory.reload(true).unwrap();
    assert_eq!(as_user(&g, Some("mei"), "line-ops", M::GET, "/auth/session", None).await.1["role"], "viewer");

    // A token made through the gateway acts with the groups' bindings.
    std::fs::write(&g.roles_file, ROLES).unwrap();
    g.directory.reload(true).unwrap();
    let (status, made) = as_user(
        &g,
        Some("mei"),
        "line-ops",
        M::POST,
        "/auth/tokens",
        Some(json!({"name": "ci", "expires_in_days": 1})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    let token = made["token"].as_str().unwrap();
    let me: Value =
        client().get(format!("{}/auth/session", g.base)).bearer_auth(token).send().await.unwrap().json().await.unwrap();
    assert_eq!((me["user"].as_str(), me["role"].as_str()), (Some("mei"), Some("operator")));

    // The audit log has the caller's address from X-Forwarded-For (the last before the
    // trusted proxy), not the gateway's.
    let db = rusqlite::Connection::open(g.dir.join("audit.db")).unwrap();
    let mut addresses = Vec::new();
    for _ in 0..50 {
        let mut stmt = db.prepare("SELECT DISTINCT client_address FROM audit_log WHERE user = 'ann'").unwrap();
        addresses = stmt.query_map([], |r| r.get::<_, String>(0)).unwrap().map(Result::unwrap).collect();
        if !addresses.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(addresses, vec!["203.0.113.7".to_string()]);
}

#[tokio::test]
async fn forwarded_headers_from_anyone_but_a_trusted_proxy_are_refused() {
    // The test's requests come from 127.0.0.1, which this proxy does not trust.
    let g = gateway("sso-untrusted", "10.0.0.1/32").await;
    for header in ["x-forwarded-user", "x-forwarded-groups", "x-forwarded-for"] {
        let resp = client()
            .get(format!("{}/api/v3/{PROJECT}/ai-mgr/nodes", g.base))
            .header(header, "admins")
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::FORBIDDEN, "{header}");
        assert!(resp.text().await.unwrap().contains("trusted proxies"), "{header}");
    }
    assert_eq!(g.hits.load(Ordering::SeqCst), 0, "nothing reached HiLens");
    // Without them: nobody (the gateway names nobody).
    let resp = client().get(format!("{}/api/v3/{PROJECT}/ai-mgr/nodes", g.base)).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
}

#[test]
fn the_binary_needs_the_gateways_address_and_the_bindings() {
    let dir = dist("sso-binary");
    let roles = dir.join("roles.toml");
    std::fs::write(&roles, ROLES).unwrap();
    let run = |extra: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_hilens-proxy"))
            .args(["--listen", "127.0.0.1:0", "--console-auth", "header", "--hilens-endpoint", "http://127.0.0.1:9"])
            .args(["--iam-endpoint", "http://127.0.0.1:9", "--data-dir"])
            .arg(dir.join("data"))
            .args(extra)
            .env("HILENS_AK", AK)
            .env("HILENS_SK", SK)
            .env("HILENS_PROJECT_ID", PROJECT)
            .output()
            .unwrap();
        assert!(!out.status.success());
        String::from_utf8_lossy(&out.stderr).to_string()
    };
    assert!(run(&["--roles-file", roles.to_str().unwrap()]).contains("--trusted-proxy"));
    assert!(run(&["--trusted-proxy", "10.0.0.1"]).contains("--roles-file"));
    assert!(run(&["--trusted-proxy", "ten", "--roles-file", roles.to_str().unwrap()]).contains("--trusted-proxy ten"));
}
