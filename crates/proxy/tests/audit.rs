//! The audit log: what is recorded (calls with their intent and result, refusals, reveals,
//! sign-ins, counts of unknown callers' refusals), never a secret; `GET /portal/audit` with its
//! filters and CSV; `hilens-proxy audit verify` naming an edited record; and a proxy killed with
//! SIGKILL while answering leaves no answered call without its record.

mod common;

use common::*;
use hilens_model::portal::{AuditPage, AuditRecord};
use hilens_proxy::{Audit, AuditConfig, AuditKey};
use reqwest::Method as M;

const SECRET_VALUE: &str = "aHVudGVyMi1zZWNyZXQ";

struct Logged {
    base: String,
    dir: std::path::PathBuf,
    key: AuditKey,
    audit: Arc<Audit>,
}

async fn logged(name: &str) -> Logged {
    let (cloud, _) = start_cloud(name).await;
    logged_before(name, &cloud).await
}

/// [`logged`] in front of the emulator at `cloud`.
async fn logged_before(name: &str, cloud: &str) -> Logged {
    let mut c = service(name, remote(cloud, Duration::from_secs(10)), SK);
    let team: &[(&str, &str, &str, Option<&[&str]>)] =
        &[("ada", "ada-pass-1", "admin", None), ("vera", "vera-pass-1", "viewer", None)];
    c.access = Access::Users(users(name, team).0);
    let dir = c.dist.join("data");
    let key = AuditKey::load_or_create(&dir.join("audit.key")).unwrap();
    let audit = Audit::open(AuditConfig {
        tick: Duration::from_millis(100),
        ..AuditConfig::new(dir.join("audit.db"), key.clone())
    })
    .unwrap();
    c.audit = Some(audit.clone());
    Logged { base: proxy(c).await, dir, key, audit }
}

async fn call(base: &str, cookie: &str, method: M, path: &str, body: Option<Value>) -> reqwest::Response {
    let mut req = client()
        .request(method, format!("{base}{}", path.replace("{p}", PROJECT)))
        .header("cookie", cookie)
        .header("x-hilens-console", "1")
        .header("user-agent", "audit-test/1");
    if let Some(b) = body {
        req = req.json(&b);
    }
    req.send().await.unwrap()
}

async fn page(base: &str, cookie: &str, query: &str) -> AuditPage {
    let resp = call(base, cookie, M::GET, &format!("/portal/audit?{query}"), None).await;
    assert_eq!(resp.status(), StatusCode::OK);
    resp.json().await.unwrap()
}

fn find<'a>(page: &'a AuditPage, kind: &str, operation: &str) -> Option<&'a AuditRecord> {
    page.records.iter().find(|r| r.kind == kind && r.operation == operation)
}

#[tokio::test]
async fn calls_refusals_reveals_and_sign_ins_are_recorded_and_never_a_secret() {
    let l = logged("audit-records").await;
    let ada = sign_in_as(&l.base, "ada", "ada-pass-1").await;
    let vera = sign_in_as(&l.base, "vera", "vera-pass-1").await;
    let failed = client()
        .post(format!("{}/auth/login", l.base))
        .header("x-hilens-console", "1")
        .json(&json!({"domain": "", "user": "vera", "password": "not-her-password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(failed.status(), StatusCode::UNAUTHORIZED);

    let secret = json!({"secret": {"name": "db-creds", "secrets": [{"key": "password", "value": SECRET_VALUE}]}});
    let made = call(&l.base, &ada, M::POST, "/api/v3/{p}/ai-mgr/secrets", Some(secret)).await;
    assert_eq!(made.status(), StatusCode::OK);
    let id = made.json::<Value>().await.unwrap()["secret"]["id"].as_str().unwrap().to_string();
    let shown = call(&l.base, &ada, M::GET, &format!("/api/v3/{{p}}/ai-mgr/secrets/{id}"), None).await;
    assert!(shown.text().await.unwrap().contains(SECRET_VALUE), "an admin reveals");
    let hidden = call(&l.base, &vera, M::GET, &format!("/api/v3/{{p}}/ai-mgr/secrets/{id}"), None).await;
    assert_eq!(hidden.status(), StatusCode::OK);
    let denied = call(&l.base, &vera, M::DELETE, &format!("/api/v3/{{p}}/ai-mgr/secrets/{id}"), None).await;
    assert_eq!(denied.status(), StatusCode::FORBIDDEN);
    // Unknown callers: counted, not recorded one by one.
    for _ in 0..3 {
        assert_eq!(
            client().get(format!("{}/api/v3/{PROJECT}/ai-mgr/nodes", l.base)).send().await.unwrap().status(),
            401
        );
    }
    let forged = client().post(format!("{}/api/v3/{PROJECT}/ai-mgr/nodes", l.base)).body("{}").send().await.unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    tokio::time::sleep(Duration::from_millis(400)).await;

    // Only who may read the audit log does.
    let refused = call(&l.base, &vera, M::GET, "/portal/audit", None).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert!(refused.text().await.unwrap().contains("audit:read"));
    let all = page(&l.base, &ada, "limit=1000").await;
    assert_eq!(all.total as usize, all.records.len());

    let intent = find(&all, "intent", "create_secret").expect("the intent of the creation");
    let result = find(&all, "result", "create_secret").expect("its result");
    assert_eq!((result.intent, result.status), (Some(intent.seq), Some(200)));
    assert!(intent.seq < result.seq);
    assert_eq!((intent.user.as_str(), intent.role.as_str(), intent.auth_method.as_str()), ("ada", "admin", "users"));
    assert_eq!(intent.path, "/v3/{project_id}/ai-mgr/secrets");
    assert_eq!((intent.resource_name.as_deref(), intent.user_agent.as_str()), (Some("db-creds"), "audit-test/1"));
    assert_eq!(result.resource_id.as_deref(), Some(id.as_str()), "a creation's new id");
    assert!(!intent.request_id.is_empty() && intent.client_address == "127.0.0.1");
    let reveal = find(&all, "call", "show_secret").expect("the reveal");
    assert_eq!(
        (reveal.user.as_str(), reveal.status, reveal.resource_id.as_deref()),
        ("ada", Some(200), Some(id.as_str()))
    );
    assert_eq!(all.records.iter().filter(|r| r.operation == "show_secret").count(), 1, "a hidden read is no reveal");
    let no = find(&all, "call", "delete_secret").expect("the refusal");
    assert_eq!((no.user.as_str(), no.status, no.params.get("secret_id")), ("vera", Some(403), Some(&id)));
    assert!(find(&all, "event", "sign_in").is_some());
    let failed = find(&all, "event", "sign_in_failed").expect("the failed sign-in");
    assert_eq!((failed.user.as_str(), failed.status), ("vera", Some(401)));
    // Counted per tick (a minute; here 100 ms): the failed sign-in and the three calls are 401s.
    let counted = |what: &str| -> u32 {
        all.records.iter().filter(|r| r.kind == "counts").map(|r| r.params[what].parse::<u32>().unwrap()).sum()
    };
    assert_eq!((counted("unauthenticated"), counted("forged")), (4, 1));

    // Filters and CSV.
    let vera_only = page(&l.base, &ada, "user=vera").await;
    assert!(vera_only.total >= 2 && vera_only.records.iter().all(|r| r.user == "vera"));
    let status = page(&l.base, &ada, "status=403&operation=delete_secret").await;
    assert_eq!(status.total, 1);
    assert_eq!(page(&l.base, &ada, "from=2999-01-01T00:00:00Z").await.total, 0);
    let bad = call(&l.base, &ada, M::GET, "/portal/audit?from=yesterday", None).await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    assert!(bad.text().await.unwrap().contains("from"));
    let csv = call(&l.base, &ada, M::GET, "/portal/audit?format=csv&user=vera", None).await;
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let text = csv.text().await.unwrap();
    assert!(text.starts_with("seq,kind,intent,ts,user,"));
    assert_eq!(text.trim_end().lines().count() as u64, 1 + vera_only.total);

    // No secret anywhere in the log's files: not the value, not a password, not a session.
    l.audit.flush().await;
    let mut stored = Vec::new();
    for file in ["audit.db", "audit.db-wal"] {
        stored.extend(std::fs::read(l.dir.join(file)).unwrap_or_default());
    }
    let stored = String::from_utf8_lossy(&stored);
    assert!(stored.contains("db-creds"), "the files were read");
    for secret in [SECRET_VALUE, "ada-pass-1", "not-her-password", ada.split('=').nth(1).unwrap()] {
        assert!(!stored.contains(secret), "{secret} is in the audit log");
    }
    let verified = hilens_portal::audit::verify::verify(&l.dir.join("audit.db"), &l.key).unwrap();
    assert!(verified.records >= all.total && verified.open_intents.is_empty(), "{verified:?}");
}

/// The binary in service mode with local users, its data in `dir`.
struct Binary {
    child: std::process::Child,
    base: String,
}

impl Drop for Binary {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn binary(dir: &std::path::Path, cloud: &str) -> Binary {
    let creds = dir.join("credentials.toml");
    std::fs::write(&creds, format!("ak = \"{AK}\"\nsk = \"{SK}\"\nproject_id = \"{PROJECT}\"\n")).unwrap();
    std::fs::set_permissions(&creds, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    let users_file = dir.join("users.toml");
    write_users(&users_file, &[("ada", "ada-pass-1", "admin", None)]);
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_hilens-proxy"))
        .args(["--listen", &format!("127.0.0.1:{port}"), "--dist"])
        .arg(dir)
        .arg("--data-dir")
        .arg(dir.join("data"))
        .args(["--hilens-endpoint", cloud, "--iam-endpoint", cloud, "--credentials-file"])
        .arg(&creds)
        .arg("--users-file")
        .arg(&users_file)
        .args(["--rate-limit", "100000", "--log-level", "warn"])
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let proxy = Binary { child, base: format!("http://127.0.0.1:{port}") };
    for _ in 0..100 {
        if client().get(format!("{}/healthz", proxy.base)).send().await.is_ok() {
            return proxy;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the proxy did not start");
}

fn verify_command(dir: &std::path::Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_hilens-proxy"))
        .args(["audit", "verify", "--data-dir"])
        .arg(dir.join("data"))
        .output()
        .unwrap()
}

#[tokio::test]
async fn audit_verify_names_an_edited_record() {
    let dir = dist("audit-verify");
    let _ = std::fs::remove_dir_all(dir.join("data"));
    let (cloud, _) = start_cloud("audit-verify").await;
    let proxy = binary(&dir, &cloud).await;
    let ada = sign_in_as(&proxy.base, "ada", "ada-pass-1").await;
    for name in ["cfg-one", "cfg-two"] {
        let map = json!({"configmap": {"name": name, "configs": [{"key": "k", "value": "v"}]}});
        let resp = call(&proxy.base, &ada, M::POST, "/api/v3/{p}/ai-mgr/configmaps", Some(map)).await;
        assert_eq!(resp.status(), StatusCode::OK);
    }
    drop(proxy);

    let ok = verify_command(&dir);
    let said = String::from_utf8_lossy(&ok.stdout);
    assert!(ok.status.success(), "{said} {}", String::from_utf8_lossy(&ok.stderr));
    assert!(said.contains("5 records, the chain holds"), "{said}");

    // Someone with the database but not the key changes who created the second config map.
    let db = rusqlite::Connection::open(dir.join("data/audit.db")).unwrap();
    let changed = db
        .execute(
            "UPDATE audit_log SET user = 'nobody' WHERE seq = (SELECT max(seq) FROM audit_log WHERE kind = 'intent')",
            [],
        )
        .unwrap();
    assert_eq!(changed, 1);
    drop(db);
    let broken = verify_command(&dir);
    assert!(!broken.status.success());
    let said = String::from_utf8_lossy(&broken.stderr);
    assert!(said.contains("record 4 was changed: its hash does not match its content"), "{said}");
}

#[tokio::test]
async fn a_proxy_killed_while_answering_leaves_no_answered_call_without_its_record() {
    let dir = dist("audit-kill");
    let _ = std::fs::remove_dir_all(dir.join("data"));
    let (cloud, _) = start_cloud("audit-kill").await;
    let mut proxy = binary(&dir, &cloud).await;
    let ada = sign_in_as(&proxy.base, "ada", "ada-pass-1").await;
    let made =
        call(&proxy.base, &ada, M::POST, "/api/v3/{p}/ai-mgr/nodes", Some(json!({"node": {"name": "line-1"}}))).await;
    let node = made.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();

    // Eight callers stop and start the device as fast as they are answered; each call has its
    // own request id, noted when its answer arrives.
    let answered = Arc::new(Mutex::new(Vec::<String>::new()));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut callers = Vec::new();
    for c in 0..8 {
        let (base, ada, node, answered, stop) =
            (proxy.base.clone(), ada.clone(), node.clone(), answered.clone(), stop.clone());
        callers.push(tokio::spawn(async move {
            let http = client();
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) {
                n += 1;
                let id = format!("kill-{c}-{n}");
                let action = if n % 2 == 0 { "start" } else { "stop" };
                let sent = http
                    .post(format!("{base}/api/v3/{PROJECT}/ai-mgr/nodes/{node}/action/{action}"))
                    .header("cookie", &ada)
                    .header("x-hilens-console", "1")
                    .header("x-request-id", &id)
                    .send()
                    .await;
                match sent {
                    Ok(r) if r.status() == StatusCode::OK => answered.lock().unwrap().push(id),
                    Ok(r) => panic!("{id}: {}", r.status()),
                    Err(_) => break,
                }
            }
        }));
    }
    while answered.lock().unwrap().len() < 200 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    proxy.child.kill().unwrap(); // SIGKILL
    proxy.child.wait().unwrap();
    stop.store(true, Ordering::SeqCst);
    for c in callers {
        c.await.unwrap();
    }
    let answered = answered.lock().unwrap().clone();
    assert!(answered.len() >= 200);

    let db = rusqlite::Connection::open(dir.join("data/audit.db")).unwrap();
    let recorded = |kind: &str| -> std::collections::HashSet<String> {
        let mut stmt = db.prepare("SELECT request_id FROM audit_log WHERE kind = ?1").unwrap();
        stmt.query_map([kind], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    let (intents, results) = (recorded("intent"), recorded("result"));
    for id in &answered {
        assert!(intents.contains(id) && results.contains(id), "{id} was answered but not recorded");
    }
    drop(db);
    let verified = verify_command(&dir);
    assert!(verified.status.success(), "{}", String::from_utf8_lossy(&verified.stderr));
}

#[tokio::test]
async fn a_caller_who_hangs_up_mid_call_still_leaves_its_result() {
    // The cloud answers state-changing calls after 800 ms; the caller gives up after 200 ms.
    let cloud = start_slow_cloud("audit-hang-up", Duration::from_millis(800)).await;
    let logged = logged_before("audit-hang-up", &cloud).await;
    let ada = sign_in_as(&logged.base, "ada", "ada-pass-1").await;
    let map = json!({"configmap": {"name": "hung-up", "configs": [{"key": "k", "value": "v"}]}});
    let gave_up = client()
        .post(format!("{}/api/v3/{PROJECT}/ai-mgr/configmaps", logged.base))
        .header("cookie", &ada)
        .header("x-hilens-console", "1")
        .header("x-request-id", "hang-up-1")
        .json(&map)
        .timeout(Duration::from_millis(200))
        .send()
        .await;
    assert!(gave_up.is_err(), "the caller hung up before the answer");

    // The call was made all the same: its result is recorded once the cloud answers.
    let mut kinds = Vec::new();
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        logged.audit.flush().await;
        let db = rusqlite::Connection::open(logged.dir.join("audit.db")).unwrap();
        let mut stmt =
            db.prepare("SELECT kind, status FROM audit_log WHERE request_id = 'hang-up-1' ORDER BY seq").unwrap();
        kinds = stmt
            .query_map([], |r| Ok(format!("{} {}", r.get::<_, String>(0)?, r.get::<_, Option<i64>>(1)?.unwrap_or(0))))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        if kinds.len() == 2 {
            break;
        }
    }
    assert_eq!(kinds, ["intent 0", "result 200"], "the intent, then the result of the call the cloud made");
    let maps = call(&logged.base, &ada, M::GET, "/api/v3/{p}/ai-mgr/configmaps", None).await;
    assert!(maps.text().await.unwrap().contains("hung-up"), "the cloud made it");
}
