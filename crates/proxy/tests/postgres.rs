//! The PostgreSQL state store (`HILENS_STATE_STORE`): two replicas of the binary write one
//! audit chain that `hilens-proxy audit verify` checks whole, and share API tokens (made on
//! one, used on the other, revoked on the other and refused within seconds). Runs Debian's
//! PostgreSQL on 127.0.0.1 (`initdb` refuses root, so as the `postgres` user when run as root).

mod common;

use std::process::{Command, Stdio};

use common::pg::Postgres;
use common::*;
use reqwest::Method as M;

struct Replica {
    child: std::process::Child,
    base: String,
}

impl Drop for Replica {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn replica(name: &str, cloud: &str, pg: &Postgres, key: &std::path::Path) -> Replica {
    let dir = dist(name);
    let creds = dir.join("credentials.toml");
    std::fs::write(&creds, format!("ak = \"{AK}\"\nsk = \"{SK}\"\nproject_id = \"{PROJECT}\"\n")).unwrap();
    std::fs::set_permissions(&creds, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    let users_file = dir.join("users.toml");
    write_users(&users_file, &[("ada", "ada-pass-1", "admin", None)]);
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = Command::new(env!("CARGO_BIN_EXE_hilens-proxy"))
        .args(["--listen", &format!("127.0.0.1:{port}"), "--dist"])
        .arg(&dir)
        .arg("--data-dir")
        .arg(dir.join("data"))
        .arg("--audit-key-file")
        .arg(key)
        .args(["--hilens-endpoint", cloud, "--iam-endpoint", cloud, "--credentials-file"])
        .arg(&creds)
        .arg("--users-file")
        .arg(&users_file)
        .args(["--log-level", "warn"])
        .env("HILENS_STATE_STORE", pg.url())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let replica = Replica { child, base: format!("http://127.0.0.1:{port}") };
    for _ in 0..200 {
        if client().get(format!("{}/healthz", replica.base)).send().await.is_ok() {
            return replica;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the replica did not start");
}

async fn call(base: &str, cookie: &str, method: M, path: &str, body: Option<Value>) -> reqwest::Response {
    let mut req = client()
        .request(method, format!("{base}{}", path.replace("{p}", PROJECT)))
        .header("cookie", cookie)
        .header("x-hilens-console", "1");
    if let Some(b) = body {
        req = req.json(&b);
    }
    req.send().await.unwrap()
}

fn verify(pg: &Postgres, key: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_hilens-proxy"))
        .args(["audit", "verify", "--audit-key-file"])
        .arg(key)
        .env("HILENS_STATE_STORE", pg.url())
        .output()
        .unwrap()
}

#[tokio::test]
async fn two_replicas_on_postgresql_share_one_verifiable_chain_and_the_tokens() {
    let pg = Postgres::start("replicas");
    let (cloud, _) = start_cloud("pg-replicas").await;
    let key = dist("pg-key").join("audit.key");
    std::fs::write(&key, [7u8; 32]).unwrap();
    std::fs::set_permissions(&key, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    let (a, b) = (replica("pg-a", &cloud, &pg, &key).await, replica("pg-b", &cloud, &pg, &key).await);
    let (ada_a, ada_b) =
        (sign_in_as(&a.base, "ada", "ada-pass-1").await, sign_in_as(&b.base, "ada", "ada-pass-1").await);

    // Both replicas write at once, many times: one chain.
    let mut calls = Vec::new();
    for i in 0..10 {
        for (base, cookie) in [(&a.base, &ada_a), (&b.base, &ada_b)] {
            let (base, cookie) = (base.clone(), cookie.clone());
            calls.push(tokio::spawn(async move {
                let map = json!({"configmap": {"name": format!("cfg-{i}-{}", &base[base.len() - 5..]), "configs": []}});
                call(&base, &cookie, M::POST, "/api/v3/{p}/ai-mgr/configmaps", Some(map)).await.status()
            }));
        }
    }
    for c in calls {
        assert_eq!(c.await.unwrap(), StatusCode::OK);
    }
    let out = verify(&pg, &key);
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{said}{}", String::from_utf8_lossy(&out.stderr));
    // Two sign-ins, twenty intents and twenty results (sign-ins are handed over without
    // waiting: at least the calls' forty).
    let records: u64 = said.split(" records").next().unwrap().rsplit(' ').next().unwrap().parse().unwrap();
    assert!(records >= 40, "{said}");
    let page: Value = call(&b.base, &ada_b, M::GET, "/portal/audit?operation=create_config_map&limit=100", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 40, "one log, seen from either replica");

    // A token made on one replica works on the other; revoked there, refused on the first
    // within the stated five seconds.
    let made = call(&a.base, &ada_a, M::POST, "/auth/tokens", Some(json!({"name": "ci", "expires_in_days": 1}))).await;
    let made: Value = made.json().await.unwrap();
    let (id, token) = (made["id"].as_str().unwrap().to_string(), made["token"].as_str().unwrap().to_string());
    let nodes = |base: &str| client().get(format!("{base}/api/v3/{PROJECT}/ai-mgr/nodes")).bearer_auth(&token).send();
    let mut seen = false;
    for _ in 0..70 {
        if nodes(&b.base).await.unwrap().status() == StatusCode::OK {
            seen = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(seen, "the other replica knows the token within seconds");
    assert_eq!(
        call(&b.base, &ada_b, M::DELETE, &format!("/auth/tokens/{id}"), None).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(nodes(&b.base).await.unwrap().status(), StatusCode::UNAUTHORIZED, "at once where it was revoked");
    let revoked_at = std::time::Instant::now();
    while nodes(&a.base).await.unwrap().status() == StatusCode::OK {
        assert!(revoked_at.elapsed() < Duration::from_secs(7), "revocation reaches every replica within 5 seconds");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // An edited record is named, whoever wrote it.
    let url = pg.url();
    tokio::task::spawn_blocking(move || {
        let mut db = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        db.execute("UPDATE audit_log SET \"user\" = 'nobody' WHERE seq = 7", &[]).unwrap();
    })
    .await
    .unwrap();
    let out = verify(&pg, &key);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("record 7 was changed"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_state_store_url_is_refused_on_the_command_line() {
    let out = Command::new(env!("CARGO_BIN_EXE_hilens-proxy"))
        .args(["--state-store", "postgres://u:secret@127.0.0.1/db"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("HILENS_STATE_STORE"));
}
