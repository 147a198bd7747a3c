//! Two proxy replicas (the real binary, twice) sharing sessions through a real Redis server
//! (Debian's `redis-server`, started here on 127.0.0.1): a session made through one is known
//! to the other, a sign-out or a token the upstream refuses ends it for both, the token is
//! never in Redis in clear, and with Redis gone the proxies answer a clear 503 in the API's
//! shape until it is back.

mod common;

use std::process::{Child, Command, Stdio};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

use common::*;

const TOKEN: &str = "MIIEreplicatoken0123456789abcdefSECRET";

/// A child process killed when dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn redis_server(port: u16) -> Running {
    let binary = ["/usr/bin/redis-server", "/usr/sbin/redis-server"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
        .expect("redis-server is needed: `apt-get install redis-server` (scripts/setup --test installs it)");
    let child = Command::new(binary)
        .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    Running(child)
}

async fn wait_for_port(port: u16) {
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("nothing listens on {port}");
}

/// An upstream whose IAM issues [`TOKEN`] and whose API answers an empty list, or 401 for
/// every call while `revoked` is set.
async fn upstream(revoked: Arc<AtomicBool>) -> String {
    let iam_body = json!({"token": {"methods": ["password"], "expires_at": "2099-01-01T00:00:00.000000Z",
        "issued_at": "2026-01-01T00:00:00.000000Z", "user": {"id": "u", "name": "demo", "domain": {"name": "d"}},
        "project": {"id": PROJECT, "name": "cn-north-4", "domain": {"name": "d"}}}});
    let app = axum::Router::new()
        .route(
            "/v3/auth/tokens",
            axum::routing::post(move || {
                let body = iam_body.clone();
                async move { (StatusCode::CREATED, [("x-subject-token", TOKEN)], axum::Json(body)) }
            }),
        )
        .fallback(move || {
            let revoked = revoked.load(Ordering::SeqCst);
            async move {
                if revoked {
                    (StatusCode::UNAUTHORIZED, axum::Json(json!({"error_code": "APIGW.0301", "error_msg": "expired"})))
                } else {
                    (StatusCode::OK, axum::Json(json!({"data": [], "total": 0})))
                }
            }
        });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

/// One replica: the binary on a free port, user mode in front of `upstream`, sessions in the
/// Redis at `redis_port` under the key in `key_file`.
async fn replica(name: &str, upstream: &str, redis_port: u16, key_file: &std::path::Path) -> (Running, String) {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_hilens-proxy"))
        .args(["--listen", &format!("127.0.0.1:{port}"), "--hilens-endpoint", upstream, "--iam-endpoint", upstream])
        .args(["--session-store", &format!("redis://127.0.0.1:{redis_port}/0")])
        .arg("--session-key-file")
        .arg(key_file)
        .arg("--dist")
        .arg(dist(name))
        // Each replica's own audit log (one chain each).
        .arg("--data-dir")
        .arg(dist(name).join("data"))
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    wait_for_port(port).await;
    (Running(child), format!("http://127.0.0.1:{port}"))
}

async fn get(base: &str, path: &str, cookie: &str) -> reqwest::Response {
    client().get(format!("{base}{path}")).header("cookie", cookie).header("x-language", "en-us").send().await.unwrap()
}

async fn redis_values(port: u16) -> Vec<Vec<u8>> {
    let client = redis::Client::open(format!("redis://127.0.0.1:{port}/0")).unwrap();
    let mut conn = client.get_multiplexed_async_connection().await.unwrap();
    let keys: Vec<String> = redis::cmd("KEYS").arg("hilens:session:*").query_async(&mut conn).await.unwrap();
    let mut values = Vec::new();
    for key in keys {
        values.push(redis::cmd("GET").arg(&key).query_async::<Vec<u8>>(&mut conn).await.unwrap());
    }
    values
}

#[tokio::test]
async fn two_replicas_share_sessions_through_redis_and_say_503_while_it_is_down() {
    let redis_port = free_port();
    let mut redis = redis_server(redis_port);
    wait_for_port(redis_port).await;
    let dir = std::env::temp_dir().join(format!("hilens-replicas-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let key_file = dir.join("session.key");
    let mut key = [0u8; 32];
    getrandom::fill(&mut key).unwrap();
    std::fs::write(&key_file, key).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o600)).unwrap();

    let revoked = Arc::new(AtomicBool::new(false));
    let up = upstream(revoked.clone()).await;
    let (_a, a) = replica("replica-a", &up, redis_port, &key_file).await;
    let (_b, b) = replica("replica-b", &up, redis_port, &key_file).await;
    let skills = "/api/v1/skill-market/skills?limit=1";

    // Signed in through A, known to B.
    let cookie = sign_in(&a).await;
    assert_eq!(get(&b, skills, &cookie).await.status(), StatusCode::OK, "B serves A's session");
    assert_eq!(get(&b, "/auth/session", &cookie).await.status(), StatusCode::OK);
    // In Redis: one session, sealed; the token, the user and the project are not in clear.
    let values = redis_values(redis_port).await;
    assert_eq!(values.len(), 1);
    for clear in [TOKEN.as_bytes(), b"SECRET", PROJECT.as_bytes(), b"\"demo\""] {
        assert!(
            !values[0].windows(clear.len()).any(|w| w == clear),
            "{:?} is not in Redis in clear",
            String::from_utf8_lossy(clear)
        );
    }

    // Signed out through B: gone for A too.
    let out = client()
        .post(format!("{b}/auth/logout"))
        .header("cookie", &cookie)
        .header("x-hilens-console", "1")
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    assert_eq!(get(&a, skills, &cookie).await.status(), StatusCode::UNAUTHORIZED, "A knows of the sign-out");
    assert!(redis_values(redis_port).await.is_empty());

    // A token the upstream refuses, met by A: the session ends for B as well.
    let cookie = sign_in(&a).await;
    assert_eq!(get(&b, skills, &cookie).await.status(), StatusCode::OK);
    revoked.store(true, Ordering::SeqCst);
    let refused = get(&a, skills, &cookie).await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    revoked.store(false, Ordering::SeqCst);
    let me = get(&b, "/auth/session", &cookie).await;
    assert_eq!(me.status(), StatusCode::UNAUTHORIZED, "B no longer has the session");

    // Redis gone: a clear 503 in the API's shape from both, no panic, and not ready.
    let cookie = sign_in(&b).await;
    drop(redis);
    for base in [&a, &b] {
        let resp = get(base, skills, &cookie).await;
        assert_eq!(resp.status(), StatusCode::SERVICE_UNAVAILABLE, "{base}");
        assert!(resp.headers().contains_key("retry-after"));
        let err: Value = resp.json().await.unwrap();
        assert_eq!(err["error_code"], "CONSOLE.0503", "{err}");
        assert!(err["error_msg"].as_str().unwrap().contains("session store"), "{err}");
        assert_eq!(get(base, "/readyz", "").await.status(), StatusCode::SERVICE_UNAVAILABLE);
    }
    let login = demo_login(&client(), &a).await;
    assert_eq!(login.status(), StatusCode::SERVICE_UNAVAILABLE, "no sign-in without the store");
    assert!(login.headers().get("set-cookie").is_none());

    // Redis back (empty: this one keeps nothing on disk): sign-in and calls work again.
    redis = redis_server(redis_port);
    wait_for_port(redis_port).await;
    let mut back = None;
    for _ in 0..50 {
        let resp = demo_login(&client(), &a).await;
        if resp.status() == StatusCode::OK {
            back = Some(resp.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string());
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let cookie = back.expect("sign-in works again once Redis is back");
    let mut served = false;
    for _ in 0..50 {
        if get(&b, skills, &cookie).await.status() == StatusCode::OK {
            served = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(served, "B serves the new session once it has reconnected");
    assert_eq!(get(&a, "/readyz", "").await.status(), StatusCode::OK);
    drop(redis);
}
