//! The proxy over real HTTP on 127.0.0.1, in front of a real emulator on SQLite. A recording
//! layer between proxy and emulator shows exactly what reaches the upstream.

use std::sync::{Arc, Mutex};

use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;
use hilens_emulator::{Account, Emulator, EmulatorConfig};
use hilens_model::console::{ConsoleConfig, SessionInfo};
use hilens_proxy::{ProxyConfig, Upstream};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// What the upstream saw: (method, path and query, X-Auth-Token, other credential headers),
/// and every token IAM issued.
#[derive(Default)]
struct Seen {
    requests: Vec<(String, String, Option<String>, Vec<String>)>,
    tokens: Vec<String>,
}

struct Harness {
    base: String,
    seen: Arc<Mutex<Seen>>,
    client: reqwest::Client,
}

async fn record(State(seen): State<Arc<Mutex<Seen>>>, req: Request, next: Next) -> Response {
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

async fn start(name: &str) -> Harness {
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
        ConsoleConfig { proxy_base: String::new(), mode: "local".into(), demo: None },
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(hilens_proxy::serve(listener, config, std::future::pending()));
    Harness { base, seen, client: reqwest::Client::new() }
}

const DEMO: (&str, &str, &str) = ("hilens-demo", "demo", "HiLens-Demo-2026");

impl Harness {
    async fn login(&self, password: &str) -> reqwest::Response {
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
    async fn session_cookie(&self) -> String {
        let resp = self.login(DEMO.2).await;
        assert_eq!(resp.status(), StatusCode::OK);
        let set = resp.headers()["set-cookie"].to_str().unwrap().to_string();
        set.split(';').next().unwrap().to_string()
    }

    fn upstream_requests(&self) -> usize {
        self.seen.lock().unwrap().requests.len()
    }
}

#[tokio::test]
async fn the_login_cookie_is_httponly_strict_and_opaque() {
    let h = start("cookie").await;
    let resp = h.login(DEMO.2).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let cookie = resp.headers()["set-cookie"].to_str().unwrap().to_string();
    let attrs: Vec<&str> = cookie.split(';').map(str::trim).collect();
    assert!(attrs[0].starts_with("hilens_session=") && attrs[0].len() > "hilens_session=".len() + 32, "{cookie}");
    assert!(attrs.contains(&"HttpOnly"), "{cookie}");
    assert!(attrs.contains(&"SameSite=Strict"), "{cookie}");
    assert!(attrs.contains(&"Path=/"), "{cookie}");
    let info: SessionInfo = resp.json().await.unwrap();
    assert_eq!((info.user.as_str(), info.project_id.len()), ("demo", 32));
    let token = h.seen.lock().unwrap().tokens[0].clone();
    assert!(!cookie.contains(&token));
}

#[tokio::test]
async fn a_wrong_password_is_a_clear_401_and_no_cookie() {
    let h = start("wrong").await;
    let resp = h.login("not-the-password").await;
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    assert!(resp.headers().get("set-cookie").is_none());
    let err: Value = resp.json().await.unwrap();
    assert_eq!(err["error_code"], "IAM.0004");
    let empty = h
        .client
        .post(format!("{}/auth/login", h.base))
        .header("x-hilens-console", "1")
        .json(&json!({"domain": "d", "user": "", "password": "p"}))
        .send()
        .await
        .unwrap();
    assert_eq!(empty.status(), StatusCode::BAD_REQUEST);
    let err: Value = empty.json().await.unwrap();
    assert!(err["error_msg"].as_str().unwrap().contains("user"), "{err}");
}

#[tokio::test]
async fn calls_are_forwarded_with_the_sessions_token_and_nothing_the_browser_sent() {
    let h = start("forward").await;
    let cookie = h.session_cookie().await;
    let resp = h
        .client
        .get(format!("{}/api/v1/skill-market/skills?limit=3&chip=Arm", h.base))
        .header("cookie", format!("{cookie}; other=1"))
        .header("x-auth-token", "browser-supplied")
        .header("authorization", "SDK-HMAC-SHA256 Access=x")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(resp.headers().contains_key("x-request-id"));
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["data"].as_array().unwrap().len(), 3);
    let seen = h.seen.lock().unwrap();
    let token = seen.tokens[0].clone();
    let (method, uri, auth, creds) = seen.requests.last().unwrap().clone();
    assert_eq!((method.as_str(), uri.as_str()), ("GET", "/v1/skill-market/skills?limit=3&chip=Arm"));
    assert_eq!(auth.as_deref(), Some(token.as_str()), "the session's token, not the browser's");
    assert!(creds.is_empty(), "no cookie or other credential reaches the upstream: {creds:?}");
}

#[tokio::test]
async fn undocumented_paths_and_unsigned_calls_never_reach_the_upstream() {
    let h = start("lockdown").await;
    let unsigned = h.client.get(format!("{}/api/v1/skill-market/skills", h.base)).send().await.unwrap();
    assert_eq!(unsigned.status(), StatusCode::UNAUTHORIZED);
    let err: Value = unsigned.json().await.unwrap();
    assert_eq!(err["error_code"], "CONSOLE.0401");

    let cookie = h.session_cookie().await;
    let before = h.upstream_requests();
    for (method, path) in [
        ("GET", "/api/v3/auth/tokens"),
        ("GET", "/api/v1/skill-market/skillz"),
        ("DELETE", "/api/v1/skill-market/skills"),
        ("GET", "/api/v1/skill-market/skills/../../v3/auth/tokens"),
        ("GET", "/api/v1/skill-market/skills/a%2F..%2F..%2Fx"),
        ("GET", "/api/v1/skill-market/skills/a/b"),
        ("GET", "/api/admin"),
        ("GET", "/api/"),
    ] {
        let resp = h
            .client
            .request(method.parse().unwrap(), format!("{}{path}", h.base))
            .header("cookie", &cookie)
            .header("x-hilens-console", "1")
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::NOT_FOUND, "{method} {path}");
        let err: Value = resp.json().await.unwrap();
        assert_eq!(err["error_code"], "APIGW.0101", "{method} {path}");
    }
    assert_eq!(h.upstream_requests(), before, "nothing reached the upstream");
}

#[tokio::test]
async fn no_response_the_browser_gets_contains_the_token() {
    let h = start("secrets").await;
    let mut seen_by_browser = String::new();
    let login = h.login(DEMO.2).await;
    let cookie = login.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    let mut responses = vec![login];
    for path in [
        "/auth/session",
        "/config.json",
        "/api/v1/skill-market/skills",
        "/api/v1/skill-market/skills?limit=0",
        "/api/v1/skill-market/skills/unknown",
        "/api/v1/nothing",
        "/skills",
    ] {
        responses.push(h.client.get(format!("{}{path}", h.base)).header("cookie", &cookie).send().await.unwrap());
    }
    for resp in responses {
        for (name, value) in resp.headers() {
            seen_by_browser.push_str(&format!("{name}: {}\n", value.to_str().unwrap_or("")));
        }
        seen_by_browser.push_str(&resp.text().await.unwrap());
    }
    let tokens = h.seen.lock().unwrap().tokens.clone();
    assert_eq!(tokens.len(), 1);
    assert!(tokens[0].len() > 40);
    assert!(!seen_by_browser.contains(&tokens[0]), "the token leaked to the browser");
    assert!(!seen_by_browser.contains(&tokens[0][4..24]), "part of the token leaked to the browser");
}

#[tokio::test]
async fn logout_forgets_the_session() {
    let h = start("logout").await;
    let cookie = h.session_cookie().await;
    let me = h.client.get(format!("{}/auth/session", h.base)).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(me.status(), StatusCode::OK);
    let out = h
        .client
        .post(format!("{}/auth/logout", h.base))
        .header("cookie", &cookie)
        .header("x-hilens-console", "1")
        .send()
        .await
        .unwrap();
    assert!(out.headers()["set-cookie"].to_str().unwrap().contains("Max-Age=0"));
    let me = h.client.get(format!("{}/auth/session", h.base)).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(me.status(), StatusCode::UNAUTHORIZED);
    let api =
        h.client.get(format!("{}/api/v1/skill-market/skills", h.base)).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(api.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_console_is_served_with_spa_fallback_and_config() {
    let h = start("static").await;
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
