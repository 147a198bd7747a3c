//! API tokens: made by a signed-in user and shown once, stored hashed, used with
//! `Authorization: Bearer` on `/api/...` with at most the token's role within its owner's
//! current role, a rate-limit bucket of their own, refused with a cookie beside them, unable to
//! manage tokens, revoked (by their owner or an admin) or expired: refused. Only where users
//! sign in.

mod common;

use common::*;
use hilens_proxy::{Audit, AuditConfig, AuditKey, Tokens};
use reqwest::Method as M;

struct Team {
    base: String,
    dir: std::path::PathBuf,
    tokens: Arc<Tokens>,
    directory: Arc<hilens_proxy::Directory>,
    users_file: std::path::PathBuf,
    node: String,
}

const TEAM: &[(&str, &str, &str, Option<&[&str]>)] = &[
    ("ada", "ada-pass-1", "admin", None),
    ("otto", "otto-pass-1", "operator", None),
    ("vera", "vera-pass-1", "viewer", None),
];

async fn team(name: &str, rate_limit: u32) -> Team {
    let (cloud, _) = start_cloud(name).await;
    let mut c = service(name, remote(&cloud, Duration::from_secs(10)), SK);
    let (directory, users_file) = users(name, TEAM);
    c.access = Access::Users(directory.clone());
    let dir = c.dist.join("data");
    let _ = std::fs::remove_dir_all(&dir);
    let tokens = Tokens::open(&dir.join("state.db")).unwrap();
    c.tokens = Some(tokens.clone());
    let key = AuditKey::load_or_create(&dir.join("audit.key")).unwrap();
    c.audit = Some(Audit::open(AuditConfig::new(dir.join("audit.db"), key)).unwrap());
    c.rate_limit = rate_limit;
    let base = proxy(c).await;
    let ada = sign_in_as(&base, "ada", "ada-pass-1").await;
    let made =
        cookie_call(&base, &ada, M::POST, "/api/v3/{p}/ai-mgr/nodes", Some(json!({"node": {"name": "line-1"}}))).await;
    let node = made.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();
    Team { base, dir, tokens, directory, users_file, node }
}

async fn cookie_call(base: &str, cookie: &str, method: M, path: &str, body: Option<Value>) -> reqwest::Response {
    let mut req = client()
        .request(method, format!("{base}{}", path.replace("{p}", PROJECT)))
        .header("cookie", cookie)
        .header("x-hilens-console", "1");
    if let Some(b) = body {
        req = req.json(&b);
    }
    req.send().await.unwrap()
}

/// A script's call: the token alone, no console header.
async fn bearer(base: &str, token: &str, method: M, path: &str) -> (StatusCode, Value) {
    let resp = client()
        .request(method, format!("{base}{}", path.replace("{p}", PROJECT)))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = resp.status();
    (status, resp.json().await.unwrap_or(Value::Null))
}

async fn make_token(base: &str, cookie: &str, body: Value) -> (String, String) {
    let resp = cookie_call(base, cookie, M::POST, "/auth/tokens", Some(body)).await;
    assert_eq!(resp.status(), StatusCode::CREATED);
    let made: Value = resp.json().await.unwrap();
    (made["id"].as_str().unwrap().to_string(), made["token"].as_str().unwrap().to_string())
}

#[tokio::test]
async fn a_token_acts_for_its_owner_within_its_role_and_stops_when_revoked() {
    let t = team("tokens", 600).await;
    let otto = sign_in_as(&t.base, "otto", "otto-pass-1").await;
    let vera = sign_in_as(&t.base, "vera", "vera-pass-1").await;
    let (id, token) = make_token(&t.base, &otto, json!({"name": "ci", "expires_in_days": 30})).await;
    assert!(token.starts_with("hlt_") && token.len() == 47, "{token}");

    let stop = format!("/api/v3/{{p}}/ai-mgr/nodes/{}/action/stop", t.node);
    let delete = format!("/api/v3/{{p}}/ai-mgr/nodes/{}", t.node);
    assert_eq!(bearer(&t.base, &token, M::GET, "/api/v3/{p}/ai-mgr/nodes").await.0, StatusCode::OK);
    assert_eq!(bearer(&t.base, &token, M::POST, &stop).await.0, StatusCode::OK, "an operator's token stops devices");
    let (status, err) = bearer(&t.base, &token, M::DELETE, &delete).await;
    assert_eq!((status, err["error_code"].as_str()), (StatusCode::FORBIDDEN, Some("CONSOLE.0403")));
    let (_, me) = bearer(&t.base, &token, M::GET, "/auth/session").await;
    assert_eq!(
        (me["user"].as_str(), me["auth_method"].as_str(), me["role"].as_str()),
        (Some("otto"), Some("token"), Some("operator"))
    );

    // A token's role narrows; it never widens past its owner's.
    let (_, as_viewer) =
        make_token(&t.base, &otto, json!({"name": "read-only", "expires_in_days": 1, "role": "viewer"})).await;
    assert!(bearer(&t.base, &as_viewer, M::POST, &stop).await.1["error_msg"]
        .as_str()
        .unwrap()
        .contains("devices:operate"));
    let (_, wider) = make_token(&t.base, &vera, json!({"name": "sneaky", "expires_in_days": 1, "role": "admin"})).await;
    assert_eq!(bearer(&t.base, &wider, M::DELETE, &delete).await.0, StatusCode::FORBIDDEN);
    assert_eq!(
        bearer(&t.base, &wider, M::GET, "/auth/session").await.1["permissions"].as_array().unwrap().len(),
        bearer(&t.base, &as_viewer, M::GET, "/auth/session").await.1["permissions"].as_array().unwrap().len()
    );

    // The owner's role now counts: demoted in the file, the token is demoted with them.
    write_users(&t.users_file, &[TEAM[0], ("otto", "otto-pass-1", "viewer", None), TEAM[2]]);
    t.directory.reload(true).unwrap();
    assert_eq!(bearer(&t.base, &token, M::POST, &stop).await.0, StatusCode::FORBIDDEN);
    write_users(&t.users_file, TEAM);
    t.directory.reload(true).unwrap();

    // A cookie and a token together: which one? Refused.
    let both = client()
        .get(format!("{}/api/v3/{PROJECT}/ai-mgr/nodes", t.base))
        .header("cookie", &otto)
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(both.status(), StatusCode::BAD_REQUEST);
    // A token manages no tokens.
    let resp = client()
        .post(format!("{}/auth/tokens", t.base))
        .bearer_auth(&token)
        .json(&json!({"name": "x", "expires_in_days": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    assert_eq!(bearer(&t.base, &token, M::DELETE, &format!("/auth/tokens/{id}")).await.0, StatusCode::FORBIDDEN);

    // Listed without the token itself; revoked by its owner, then refused.
    let listed: Value = cookie_call(&t.base, &otto, M::GET, "/auth/tokens", None).await.json().await.unwrap();
    assert_eq!(listed["tokens"].as_array().unwrap().len(), 2);
    assert!(!listed.to_string().contains(&token[4..]));
    assert_eq!(
        cookie_call(&t.base, &vera, M::DELETE, &format!("/auth/tokens/{id}"), None).await.status(),
        404,
        "not vera's"
    );
    assert_eq!(cookie_call(&t.base, &otto, M::DELETE, &format!("/auth/tokens/{id}"), None).await.status(), 204);
    let (status, err) = bearer(&t.base, &token, M::GET, "/api/v3/{p}/ai-mgr/nodes").await;
    assert_eq!((status, err["error_code"].as_str()), (StatusCode::UNAUTHORIZED, Some("CONSOLE.0401")));
    assert_eq!(bearer(&t.base, "hlt_made-up", M::GET, "/api/v3/{p}/ai-mgr/nodes").await.0, StatusCode::UNAUTHORIZED);

    // Expired: refused (the store is read again as another replica would).
    let db = rusqlite::Connection::open(t.dir.join("state.db")).unwrap();
    db.execute("UPDATE api_tokens SET expires_ms = 1 WHERE name = 'read-only'", []).unwrap();
    t.tokens.reload().unwrap();
    assert_eq!(bearer(&t.base, &as_viewer, M::GET, "/api/v3/{p}/ai-mgr/nodes").await.0, StatusCode::UNAUTHORIZED);

    // Admins see and revoke everyone's.
    let ada = sign_in_as(&t.base, "ada", "ada-pass-1").await;
    assert_eq!(cookie_call(&t.base, &otto, M::GET, "/portal/tokens", None).await.status(), StatusCode::FORBIDDEN);
    let all: Value = cookie_call(&t.base, &ada, M::GET, "/portal/tokens", None).await.json().await.unwrap();
    let vera_token = all["tokens"].as_array().unwrap().iter().find(|t| t["owner"] == "vera").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        cookie_call(&t.base, &ada, M::DELETE, &format!("/portal/tokens/{vera_token}"), None).await.status(),
        204
    );
    assert_eq!(bearer(&t.base, &wider, M::GET, "/api/v3/{p}/ai-mgr/nodes").await.0, StatusCode::UNAUTHORIZED);

    // The audit log: made, used, revoked; the tokens themselves nowhere on disk.
    let log: Value = cookie_call(&t.base, &ada, M::GET, "/portal/audit?limit=1000", None).await.json().await.unwrap();
    let records = log["records"].as_array().unwrap();
    let has = |op: &str| records.iter().any(|r| r["operation"] == op);
    assert!(has("token_created") && has("token_revoked"));
    let by_token =
        records.iter().find(|r| r["kind"] == "intent" && r["auth_method"] == "token").expect("a call by token");
    assert_eq!((by_token["user"].as_str(), by_token["params"]["token_id"].as_str()), (Some("otto"), Some(id.as_str())));
    let mut stored = Vec::new();
    for file in ["state.db", "state.db-wal", "audit.db", "audit.db-wal"] {
        stored.extend(std::fs::read(t.dir.join(file)).unwrap_or_default());
    }
    let stored = String::from_utf8_lossy(&stored);
    for secret in [&token, &as_viewer, &wider] {
        assert!(!stored.contains(&secret[4..]), "a token is on disk");
    }
}

#[tokio::test]
async fn tokens_are_checked_counted_apart_and_only_where_users_sign_in() {
    let t = team("tokens-limits", 8).await;
    let otto = sign_in_as(&t.base, "otto", "otto-pass-1").await;
    for (body, field) in [
        (json!({"name": "x", "expires_in_days": 0}), "expires_in_days"),
        (json!({"name": "x", "expires_in_days": 366}), "expires_in_days"),
        (json!({"name": "", "expires_in_days": 3}), "name"),
        (json!({"name": "x", "expires_in_days": 3, "role": "boss"}), "boss"),
    ] {
        let resp = cookie_call(&t.base, &otto, M::POST, "/auth/tokens", Some(body.clone())).await;
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST, "{body}");
        assert!(resp.text().await.unwrap().contains(field), "{body}");
    }
    let (_, token) = make_token(&t.base, &otto, json!({"name": "ci", "expires_in_days": 1})).await;
    // The token's own bucket: emptied by the token, the owner's session still has its own.
    let mut limited = false;
    for _ in 0..10 {
        if bearer(&t.base, &token, M::GET, "/api/v1/skill-market/skills").await.0 == StatusCode::TOO_MANY_REQUESTS {
            limited = true;
            break;
        }
    }
    assert!(limited, "the token's bucket runs out");
    assert_eq!(cookie_call(&t.base, &otto, M::GET, "/api/v1/skill-market/skills", None).await.status(), StatusCode::OK);

    // No tokens where IAM decides.
    let h = start_embedded("tokens-iam").await;
    let cookie = h.session_cookie().await;
    let resp =
        cookie_call(&h.base, &cookie, M::POST, "/auth/tokens", Some(json!({"name": "x", "expires_in_days": 1}))).await;
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    assert!(resp.text().await.unwrap().contains("--console-auth users"));
}
