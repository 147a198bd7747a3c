//! The emulator over real HTTP on 127.0.0.1, with a real SQLite file.

use std::path::{Path, PathBuf};

use hilens_emulator::{Account, Emulator, EmulatorConfig};
use hilens_model::skills::{SkillDetail, SkillList};
use reqwest::StatusCode;
use serde_json::{json, Value};

const KEY: (&str, &str, &str) =
    ("HPUATESTAK0000000001", "TestSecretKey0123456789abcdefghijklmnop", "0b8f4c6a2d3e4f5a9b1c7d2e3f4a5b6c");

struct Server {
    base: String,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    async fn start(db: &Path) -> Server {
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

    async fn stop(mut self) {
        let _ = self.shutdown.take().unwrap().send(());
        self.task.await.unwrap();
    }
}

fn key_pair() -> hilens_emulator::KeyPair {
    hilens_emulator::KeyPair { ak: KEY.0.into(), sk: KEY.1.into(), project_id: KEY.2.into() }
}

/// Sends a GET signed as the official SDK signs it, with `date` as X-Sdk-Date.
async fn signed_get(
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

fn temp_db(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hilens-emulator-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("emulator.db")
}

fn sign_in_body(user: &str, password: &str, project: Value) -> Value {
    json!({"auth": {
        "identity": {"methods": ["password"], "password": {"user": {"name": user, "password": password, "domain": {"name": "hilens-demo"}}}},
        "scope": {"project": project}
    }})
}

async fn token(base: &str) -> String {
    let resp = reqwest::Client::new()
        .post(format!("{base}/v3/auth/tokens"))
        .json(&sign_in_body("demo", "HiLens-Demo-2026", json!({"name": "cn-north-4"})))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::CREATED);
    resp.headers()["x-subject-token"].to_str().unwrap().to_string()
}

async fn get(base: &str, token: &str, path_and_query: &str) -> (StatusCode, Value) {
    let resp = reqwest::Client::new()
        .get(format!("{base}{path_and_query}"))
        .header("X-Auth-Token", token)
        .send()
        .await
        .unwrap();
    assert!(resp.headers().contains_key("x-request-id"), "every response has X-Request-Id");
    (resp.status(), resp.json().await.unwrap())
}

async fn list(base: &str, token: &str, query: &str) -> SkillList {
    let (status, body) = get(base, token, &format!("/v1/skill-market/skills?{query}")).await;
    assert_eq!(status, StatusCode::OK, "{query}: {body}");
    serde_json::from_value(body).unwrap()
}

#[tokio::test]
async fn sign_in_good_and_bad() {
    let server = Server::start(&temp_db("signin")).await;
    let client = reqwest::Client::new();
    let url = format!("{}/v3/auth/tokens", server.base);

    let good = client
        .post(&url)
        .json(&sign_in_body("demo", "HiLens-Demo-2026", json!({"id": "0b8f4c6a2d3e4f5a9b1c7d2e3f4a5b6c"})))
        .send()
        .await
        .unwrap();
    assert_eq!(good.status(), StatusCode::CREATED);
    assert!(good.headers()["x-subject-token"].len() > 40);
    let body: Value = good.json().await.unwrap();
    assert_eq!(body["token"]["project"]["id"], "0b8f4c6a2d3e4f5a9b1c7d2e3f4a5b6c");
    assert!(body.to_string().find("MIIE").is_none(), "the token is only in the header");

    for (user, password, project) in [
        ("demo", "wrong", json!({"name": "cn-north-4"})),
        ("nobody", "HiLens-Demo-2026", json!({"name": "cn-north-4"})),
    ] {
        let resp = client.post(&url).json(&sign_in_body(user, password, project)).send().await.unwrap();
        assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
        assert!(!resp.headers().contains_key("x-subject-token"));
        let err: Value = resp.json().await.unwrap();
        assert_eq!(err["error_code"], "IAM.0004");
    }
    let other_project = client
        .post(&url)
        .json(&sign_in_body("demo", "HiLens-Demo-2026", json!({"id": "someone-elses"})))
        .send()
        .await
        .unwrap();
    assert_eq!(other_project.status(), StatusCode::FORBIDDEN);
    let garbage = client.post(&url).body("{not json").send().await.unwrap();
    assert_eq!(garbage.status(), StatusCode::BAD_REQUEST);
    let err: Value = garbage.json().await.unwrap();
    assert!(err["error_msg"].as_str().unwrap().contains("body"));
    server.stop().await;
}

#[tokio::test]
async fn missing_or_invalid_token_is_401_in_the_api_error_format() {
    let server = Server::start(&temp_db("token")).await;
    let client = reqwest::Client::new();
    let url = format!("{}/v1/skill-market/skills", server.base);
    let missing = client.get(&url).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::UNAUTHORIZED);
    let err: Value = missing.json().await.unwrap();
    assert_eq!(err["error_code"], "APIGW.0301");
    assert!(!err["error_msg"].as_str().unwrap().is_empty());
    let invalid = client.get(&url).header("X-Auth-Token", "MIIEnot-a-token").send().await.unwrap();
    assert_eq!(invalid.status(), StatusCode::UNAUTHORIZED);
    // The detail endpoint takes no token, but a bad one is still refused.
    let detail = format!("{url}/{}", hilens_emulator_seed_id());
    assert_eq!(client.get(&detail).send().await.unwrap().status(), StatusCode::OK);
    assert_eq!(
        client.get(&detail).header("X-Auth-Token", "bad").send().await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    // An operation outside the catalogue is not found, whatever the token.
    let t = token(&server.base).await;
    let (status, body) = get(&server.base, &t, "/v1/skill-market/skillz").await;
    assert_eq!((status, body["error_code"].as_str()), (StatusCode::NOT_FOUND, Some("APIGW.0101")));
    server.stop().await;
}

/// The id of a seeded skill, read from the market itself.
fn hilens_emulator_seed_id() -> &'static str {
    "566f32cce8301d95bad9b75fe6e6029b"
}

#[tokio::test]
async fn each_skill_filter_narrows_the_list_to_matching_skills() {
    let server = Server::start(&temp_db("filters")).await;
    let t = token(&server.base).await;
    let all = list(&server.base, &t, "limit=100").await;
    assert!(all.total >= 200, "seeded market has {} skills", all.total);
    assert_eq!(all.data.len(), 100);

    let by_name = list(&server.base, &t, "skill_name=%E8%A1%8C%E4%BA%BA&limit=100").await; // 行人
    assert!(by_name.total > 0 && by_name.total < all.total);
    assert!(by_name.data.iter().all(|s| s.name.contains("行人")));
    let fuzzy = list(&server.base, &t, "skill_name=detect&limit=100").await;
    assert!(
        fuzzy.total > 0 && fuzzy.data.iter().all(|s| s.name.to_lowercase().contains("detect")),
        "fuzzy and case-insensitive"
    );

    let checks: [(&str, fn(&hilens_model::skills::SkillInfo) -> bool); 6] = [
        ("chip=Ascend%20310", |s| s.chip.as_deref() == Some("Ascend 310")),
        ("platform=LiteOS", |s| s.platform.as_deref() == Some("LiteOS")),
        ("charge_model=0", |s| s.charge_model == Some(0)),
        ("type=lite", |s| s.skill_type.as_deref() == Some("lite")),
        ("status=2", |s| s.status == Some(2)),
        ("charge_models=1%202", |s| matches!(s.charge_model, Some(1 | 2))),
    ];
    for (query, holds) in checks {
        let page = list(&server.base, &t, &format!("{query}&limit=100")).await;
        assert!(page.total > 0 && page.total < all.total, "{query}: {}", page.total);
        assert!(page.data.iter().all(holds), "{query}");
    }
    let devices = list(&server.base, &t, "device_types=Atlas_200_DK%20Windows_PC&limit=100").await;
    assert!(devices.total > 0 && devices.total < all.total);
    assert!(devices.data.iter().all(|s| s.device_types.iter().any(|d| d == "Atlas_200_DK" || d == "Windows_PC")));
    let scenes = list(&server.base, &t, "scenes=%E5%B7%A5%E5%9C%B0&limit=100").await; // 工地
    assert!(scenes.total > 0 && scenes.data.iter().all(|s| s.scenes.iter().any(|x| x == "工地")));
    // Filters that are not in the response body still narrow the list and add up.
    let mut sum = 0;
    for form in ["no_template", "support_template"] {
        sum += list(&server.base, &t, &format!("skill_form={form}")).await.total;
    }
    assert_eq!(sum, all.total);
    let mut sum = 0;
    for source in ["hilens", "ma_pro", "studio"] {
        sum += list(&server.base, &t, &format!("template_source={source}")).await.total;
    }
    assert_eq!(sum, all.total);
    let whitelist = list(&server.base, &t, "permission=whitelist").await.total;
    let public = list(&server.base, &t, "permission=public").await.total;
    assert!(whitelist > 0 && whitelist + public == all.total);
    // Filters combine.
    let both = list(&server.base, &t, "chip=Ascend%20310&charge_model=0&limit=100").await;
    assert!(both.data.iter().all(|s| s.chip.as_deref() == Some("Ascend 310") && s.charge_model == Some(0)));
    server.stop().await;
}

#[tokio::test]
async fn paging_defaults_bounds_and_errors() {
    let server = Server::start(&temp_db("paging")).await;
    let t = token(&server.base).await;
    let first = list(&server.base, &t, "").await;
    assert_eq!(first.data.len(), 10, "default limit is 10");
    let second = list(&server.base, &t, "offset=10").await;
    assert_ne!(first.data[0].skill_id, second.data[0].skill_id);
    let wide = list(&server.base, &t, "limit=20").await;
    assert_eq!(wide.data[10].skill_id, second.data[0].skill_id, "offset 10 continues where page 1 stopped");
    let past_end = list(&server.base, &t, &format!("offset={}", first.total)).await;
    assert!(past_end.data.is_empty());
    assert_eq!(list(&server.base, &t, "limit=1").await.data.len(), 1);
    assert_eq!(list(&server.base, &t, "limit=100").await.data.len(), 100);
    for (query, field) in [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=ten", "limit"),
        ("offset=-1", "offset"),
        ("chip=M1", "chip"),
        ("skill_name=a%3Cb", "skill_name"),
        ("status=9", "status"),
    ] {
        let (status, body) = get(&server.base, &t, &format!("/v1/skill-market/skills?{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(body["error_code"], "HIL.0100");
        assert!(body["error_msg"].as_str().unwrap().contains(field), "{query}: {body}");
    }
    server.stop().await;
}

#[tokio::test]
async fn detail_versions_and_unknown_skill() {
    let server = Server::start(&temp_db("detail")).await;
    let t = token(&server.base).await;
    let page = list(&server.base, &t, "limit=100").await;
    let multi = page.data.iter().find(|s| s.version_num.unwrap_or(0) > 1).expect("a skill with several versions");
    let (status, body) = get(&server.base, &t, &format!("/v1/skill-market/skills/{}", multi.skill_id)).await;
    assert_eq!(status, StatusCode::OK);
    let detail: SkillDetail = serde_json::from_value(body).unwrap();
    assert_eq!(detail.info, *multi);
    assert_eq!(detail.versions.len() as i64, multi.version_num.unwrap());
    let first_version = detail.versions[0].clone();
    let (_, body) =
        get(&server.base, &t, &format!("/v1/skill-market/skills/{}?version={first_version}", multi.skill_id)).await;
    assert_eq!(body["version"], first_version.as_str());
    let (status, _) = get(&server.base, &t, &format!("/v1/skill-market/skills/{}?version=9.9.9", multi.skill_id)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = get(&server.base, &t, "/v1/skill-market/skills/0000000000000000000000000000dead").await;
    assert_eq!((status, body["error_code"].as_str()), (StatusCode::NOT_FOUND, Some("HIL.0404")));
    let lang = reqwest::Client::new()
        .get(format!("{}/v1/skill-market/skills/nope", server.base))
        .header("X-Language", "en-us")
        .send()
        .await
        .unwrap();
    let body: Value = lang.json().await.unwrap();
    assert!(body["error_msg"].as_str().unwrap().starts_with("The requested resource does not exist"), "{body}");
    server.stop().await;
}

#[tokio::test]
async fn data_and_tokens_survive_a_restart() {
    let db = temp_db("restart");
    let server = Server::start(&db).await;
    let t = token(&server.base).await;
    let before = list(&server.base, &t, "limit=100").await;
    server.stop().await;

    let server = Server::start(&db).await;
    let after = list(&server.base, &t, "limit=100").await;
    assert_eq!(before, after, "the same skills, and the token issued before the restart still works");
    server.stop().await;
}

#[tokio::test]
async fn ak_sk_signatures_are_verified() {
    let server = Server::start(&temp_db("aksk")).await;
    let now = hilens_emulator::clock::now_secs();
    let path = "/v1/skill-market/skills";
    let q = [("limit", "3"), ("skill_name", "行人 x")];
    let (status, body) = signed_get(&server.base, path, &q[..1], KEY.0, KEY.1, now, false).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["data"].as_array().unwrap().len(), 3);
    let (status, _) = signed_get(&server.base, path, &q, KEY.0, KEY.1, now, false).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "signature fine, then the name rule applies (no spaces)");

    for (what, ak, sk, date, corrupt) in [
        ("corrupted signature", KEY.0, KEY.1, now, true),
        ("wrong SK", KEY.0, "not-the-secret", now, false),
        ("unknown AK", "HPUAUNKNOWN", KEY.1, now, false),
        ("date 20 minutes ago", KEY.0, KEY.1, now - 20 * 60, false),
        ("date 20 minutes ahead", KEY.0, KEY.1, now + 20 * 60, false),
    ] {
        let (status, body) = signed_get(&server.base, path, &q[..1], ak, sk, date, corrupt).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{what}: {body}");
        assert_eq!(body["error_code"], "APIGW.0301", "{what}");
    }
    let (status, _) = signed_get(&server.base, path, &q[..1], KEY.0, KEY.1, now - 14 * 60, false).await;
    assert_eq!(status, StatusCode::OK, "14 minutes of skew is accepted");
    let (status, body) =
        signed_get(&server.base, "/v3/someone-elses-project/ai-mgr/nodes", &[], KEY.0, KEY.1, now, false).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the key's project only: {body}");
    server.stop().await;
}

async fn send(
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

#[tokio::test]
async fn skill_orders_create_list_show_and_default() {
    let server = Server::start(&temp_db("orders")).await;
    let t = token(&server.base).await;
    let orders = format!("/v1/{}/skill-market/skill-order", KEY.2);
    let free = list(&server.base, &t, "charge_model=0&limit=2").await.data;
    let trial = list(&server.base, &t, "charge_model=2&limit=1").await.data;
    let charged = list(&server.base, &t, "charge_model=1&limit=1").await.data;

    let (status, body) = send(
        reqwest::Method::POST,
        &server.base,
        &t,
        &orders,
        Some(json!({"skill_id": free[0].skill_id, "amount": 3, "commission_flag": 0})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let first = body["order_id"].as_str().unwrap().to_string();
    assert_eq!(first.len(), 32);
    let (status, body) = send(
        reqwest::Method::POST,
        &server.base,
        &t,
        &orders,
        Some(json!({"skill_id": trial[0].skill_id, "amount": "2", "commission_flag": 0})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "amount as text is read: {body}");
    let second = body["order_id"].as_str().unwrap().to_string();

    // Bad input: named field, nothing stored.
    for (body, field, code) in [
        (json!({"skill_id": free[1].skill_id, "amount": 0, "commission_flag": 0}), "amount", StatusCode::BAD_REQUEST),
        (
            json!({"skill_id": free[1].skill_id, "amount": 10001, "commission_flag": 0}),
            "amount",
            StatusCode::BAD_REQUEST,
        ),
        (
            json!({"skill_id": free[1].skill_id, "amount": "three", "commission_flag": 0}),
            "amount",
            StatusCode::BAD_REQUEST,
        ),
        (json!({"skill_id": free[1].skill_id, "commission_flag": 0}), "amount", StatusCode::BAD_REQUEST),
        (
            json!({"skill_id": free[1].skill_id, "amount": 1, "commission_flag": 5}),
            "commission_flag",
            StatusCode::BAD_REQUEST,
        ),
        (
            json!({"skill_id": charged[0].skill_id, "amount": 1, "commission_flag": 0}),
            "skill_id",
            StatusCode::BAD_REQUEST,
        ),
        (
            json!({"skill_id": "0000000000000000000000000000dead", "amount": 1, "commission_flag": 0}),
            "skill_id",
            StatusCode::NOT_FOUND,
        ),
    ] {
        let (status, err) = send(reqwest::Method::POST, &server.base, &t, &orders, Some(body.clone())).await;
        assert_eq!(status, code, "{body}: {err}");
        assert!(err["error_msg"].as_str().unwrap().contains(field), "{body}: {err}");
    }
    let (_, all) = send(reqwest::Method::GET, &server.base, &t, &orders, None).await;
    assert_eq!(all["total"], 2, "failed requests stored nothing: {all}");
    assert_eq!(all["data"][0]["order_id"], second.as_str(), "newest first");
    assert_eq!(all["data"][1]["amount"], 3);
    assert_eq!(all["data"][1]["used_amount"], 0);
    assert_eq!(all["data"][1]["skill_name"], free[0].name.as_str());
    assert!(all["data"][0]["expire_time"].as_i64().is_some(), "a trial order expires");
    assert!(all["data"][1]["expire_time"].is_null(), "a free order does not");

    let (status, one) = send(reqwest::Method::GET, &server.base, &t, &format!("{orders}/{first}"), None).await;
    assert_eq!((status, one["order_id"].as_str()), (StatusCode::OK, Some(first.as_str())));
    assert_eq!(one["is_default"], false);
    let (status, body) = send(reqwest::Method::PUT, &server.base, &t, &format!("{orders}/{first}/default"), None).await;
    assert_eq!((status, body["order_id"].as_str()), (StatusCode::OK, Some(first.as_str())));
    let (_, one) = send(reqwest::Method::GET, &server.base, &t, &format!("{orders}/{first}"), None).await;
    assert_eq!(one["is_default"], true);
    let (status, _) =
        send(reqwest::Method::GET, &server.base, &t, &format!("{orders}/ffffffffffffffffffffffffffffffff"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = send(
        reqwest::Method::PUT,
        &server.base,
        &t,
        &format!("{orders}/ffffffffffffffffffffffffffffffff/default"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let name = urlencode(&free[0].name);
    let (_, filtered) =
        send(reqwest::Method::GET, &server.base, &t, &format!("{orders}?skill_name={name}"), None).await;
    assert_eq!(filtered["total"], 1, "{filtered}");
    let (_, paged) = send(reqwest::Method::GET, &server.base, &t, &format!("{orders}?limit=1&offset=1"), None).await;
    assert_eq!((paged["total"].as_i64(), paged["data"].as_array().unwrap().len()), (Some(2), 1));
    let (status, _) = send(reqwest::Method::GET, &server.base, &t, &format!("{orders}?limit=101"), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // Another project's orders are not this token's.
    let (status, _) = send(
        reqwest::Method::GET,
        &server.base,
        &t,
        "/v1/ffffffffffffffffffffffffffffffff/skill-market/skill-order",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    server.stop().await;
}

fn urlencode(s: &str) -> String {
    hilens_model::query::encode_component(s)
}

#[tokio::test]
async fn workspaces_default_create_update_delete_and_conflicts() {
    use reqwest::Method;
    let server = Server::start(&temp_db("workspaces")).await;
    let t = token(&server.base).await;
    let ws = format!("/v3/{}/ai-mgr/workspaces", KEY.2);
    let (status, all) = send(Method::GET, &server.base, &t, &ws, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (all["count"].as_i64(), all["workspaces"][0]["name"].as_str()),
        (Some(1), Some("default")),
        "the default workspace exists from the start"
    );
    assert_eq!(all["workspaces"][0]["workspace_id"], "0");

    let (status, body) = send(Method::POST, &server.base, &t, &ws, Some(json!({"name": "vision-team", "enterprise_project_id": 0, "enterprise_project_name": "default", "description": "团队 A"}))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let id = body["workspace_id"].as_str().unwrap().to_string();
    let (status, body) = send(
        Method::POST,
        &server.base,
        &t,
        &ws,
        Some(json!({"name": "vision-team", "enterprise_project_id": "0", "enterprise_project_name": "default"})),
    )
    .await;
    assert_eq!((status, body["error_code"].as_str()), (StatusCode::CONFLICT, Some("HIL.0409")), "names are unique");
    for (body, field) in [
        (json!({"name": "bad name", "enterprise_project_id": "0", "enterprise_project_name": "default"}), "name"),
        (
            json!({"name": "ok-name", "enterprise_project_id": "0", "enterprise_project_name": "default", "description": "<script>"}),
            "description",
        ),
        (json!({"enterprise_project_id": "0"}), "name"),
    ] {
        let (status, err) = send(Method::POST, &server.base, &t, &ws, Some(body.clone())).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert!(err["error_msg"].as_str().unwrap().contains(field), "{body}: {err}");
    }
    let (_, all) = send(Method::GET, &server.base, &t, &ws, None).await;
    assert_eq!(all["count"], 2, "the refused ones stored nothing");

    let (_, one) = send(Method::GET, &server.base, &t, &format!("{ws}/{id}"), None).await;
    assert_eq!(
        (one["name"].as_str(), one["owner"].as_str(), one["description"].as_str()),
        (Some("vision-team"), Some("demo"), Some("团队 A"))
    );
    let (status, _) =
        send(Method::PUT, &server.base, &t, &format!("{ws}/{id}"), Some(json!({"description": "edge fleet"}))).await;
    assert_eq!(status, StatusCode::OK);
    let (_, one) = send(Method::GET, &server.base, &t, &format!("{ws}/{id}"), None).await;
    assert_eq!(one["description"], "edge fleet");
    assert_eq!(one["name"], "vision-team", "only the description changes");
    let (status, _) =
        send(Method::PUT, &server.base, &t, &format!("{ws}/{id}"), Some(json!({"description": "x".repeat(256)}))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (_, filtered) = send(Method::GET, &server.base, &t, &format!("{ws}?iam_user_id=user-demo"), None).await;
    assert_eq!(filtered["count"], 1);
    let (_, paged) = send(Method::GET, &server.base, &t, &format!("{ws}?limit=1&offset=1"), None).await;
    assert_eq!(
        (paged["count"].as_i64(), paged["workspaces"][0]["workspace_id"].as_str()),
        (Some(2), Some(id.as_str()))
    );

    let (status, body) = send(Method::DELETE, &server.base, &t, &format!("{ws}/0"), None).await;
    assert_eq!(status, StatusCode::CONFLICT, "the default workspace stays: {body}");
    let (status, body) = send(Method::DELETE, &server.base, &t, &format!("{ws}/{id}"), None).await;
    assert_eq!((status, body["workspace_id"].as_str()), (StatusCode::OK, Some(id.as_str())));
    for method in [Method::GET, Method::DELETE] {
        let (status, _) = send(method, &server.base, &t, &format!("{ws}/{id}"), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    server.stop().await;
}

#[tokio::test]
async fn firmware_versions_per_device_type() {
    let server = Server::start(&temp_db("firmware")).await;
    let t = token(&server.base).await;
    let (status, body) = get(&server.base, &t, "/v3/ai-mgr/firmwares").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "device_type is required");
    assert!(body["error_msg"].as_str().unwrap().contains("device_type"));
    let (status, body) = get(&server.base, &t, "/v3/ai-mgr/firmwares?device_type=Atlas%20500").await;
    assert_eq!(status, StatusCode::OK);
    let list: hilens_model::firmware::FirmwareList = serde_json::from_value(body).unwrap();
    assert!(list.count >= 3 && list.firmwares.len() as u64 == list.count);
    assert!(list.firmwares.iter().all(|f| f.device_type == "Atlas 500"));
    for f in &list.firmwares {
        hilens_model::firmware::validate_firmware_version("version", &f.version).unwrap();
    }
    let (_, body) = get(&server.base, &t, "/v3/ai-mgr/firmwares?device_type=Atlas%20500&arch=x86_64").await;
    assert_eq!(body["count"], 0, "the arch filter applies");
    let (_, body) = get(&server.base, &t, "/v3/ai-mgr/firmwares?device_type=Atlas%20500&limit=2&offset=1").await;
    assert_eq!(body["firmwares"].as_array().unwrap().len(), 2);
    let (status, _) = get(&server.base, &t, "/v3/ai-mgr/firmwares?device_type=Atlas%20500&limit=101").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    server.stop().await;
}

#[tokio::test]
async fn config_maps_in_workspaces_with_rules_sorting_tags_and_conflicts() {
    use reqwest::Method;
    let server = Server::start(&temp_db("configmaps")).await;
    let t = token(&server.base).await;
    let cm = format!("/v3/{}/ai-mgr/configmaps", KEY.2);
    let ws = format!("/v3/{}/ai-mgr/workspaces", KEY.2);
    let body = |name: &str, tag: &str| {
        json!({"configmap": {"name": name, "configs": [{"key": "LOG_LEVEL", "value": "info"}, {"key": "URL", "value": "http://x/y"}],
            "tags": [{"key": "env", "value": tag}], "description": "camera settings"}})
    };
    let (status, first) = send(Method::POST, &server.base, &t, &cm, Some(body("camera-cfg", "prod"))).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!(first["workspace_id"], "0", "the default workspace");
    let id = first["configmap"]["id"].as_str().unwrap().to_string();
    assert_eq!(first["configmap"]["configs"][1]["value"], "http://x/y");
    let (status, _) = send(Method::POST, &server.base, &t, &cm, Some(body("camera-cfg", "dev"))).await;
    assert_eq!(status, StatusCode::CONFLICT, "names are unique in a workspace");
    let (status, _) = send(Method::POST, &server.base, &t, &cm, Some(body("alpha-cfg", "dev"))).await;
    assert_eq!(status, StatusCode::OK);
    for (bad, field) in [
        (body("Bad_Name", "x"), "configmap.name"),
        (body("abc", "x"), "configmap.name"),
        (body("good-name", "a b"), "configmap.tags[0].value"),
        (
            json!({"configmap": {"name": "good-name", "configs": [{"key": "a.b", "value": "v"}], "tags": []}}),
            "configmap.configs[0].key",
        ),
        (json!({"configmap": {"name": "good-name", "configs": "nope", "tags": []}}), "configmap.configs"),
    ] {
        let (status, err) = send(Method::POST, &server.base, &t, &cm, Some(bad.clone())).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(err["error_msg"].as_str().unwrap().contains(field), "{bad}: {err}");
    }
    let (status, _) = send(
        Method::POST,
        &server.base,
        &t,
        &cm,
        Some(json!({"configmap": {"name": "elsewhere", "configs": [], "tags": []}, "workspace_id": "nope"})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "an unknown workspace");

    let (_, all) = send(Method::GET, &server.base, &t, &cm, None).await;
    assert_eq!(all["count"], 2, "refused bodies stored nothing");
    assert_eq!(all["configmaps"][0]["name"], "alpha-cfg", "newest first by default");
    let (_, by_name) = send(Method::GET, &server.base, &t, &format!("{cm}?sort=name"), None).await;
    assert_eq!(by_name["configmaps"][0]["name"], "alpha-cfg");
    let (_, by_name_desc) = send(Method::GET, &server.base, &t, &format!("{cm}?sort=name:desc"), None).await;
    assert_eq!(by_name_desc["configmaps"][0]["name"], "camera-cfg");
    let (_, tagged) = send(Method::GET, &server.base, &t, &format!("{cm}?tag_key=env=prod"), None).await;
    assert_eq!((tagged["count"].as_i64(), tagged["configmaps"][0]["name"].as_str()), (Some(1), Some("camera-cfg")));
    let (_, fuzzy) = send(Method::GET, &server.base, &t, &format!("{cm}?name=amer"), None).await;
    assert_eq!(fuzzy["count"], 1);
    let (status, _) = send(Method::GET, &server.base, &t, &format!("{cm}?limit=1001"), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let mut changed = body("camera-cfg", "prod");
    changed["configmap"]["configs"] = json!([{"key": "LOG_LEVEL", "value": "debug"}]);
    let (status, updated) = send(Method::PUT, &server.base, &t, &format!("{cm}/{id}"), Some(changed)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(updated["configmap"]["configs"], json!([{"key": "LOG_LEVEL", "value": "debug"}]));
    let (status, _) = send(Method::PUT, &server.base, &t, &format!("{cm}/{id}"), Some(body("alpha-cfg", "x"))).await;
    assert_eq!(status, StatusCode::CONFLICT, "renaming onto another name");
    let (_, shown) = send(Method::GET, &server.base, &t, &format!("{cm}/{id}"), None).await;
    assert_eq!(shown["configmap"]["name"], "camera-cfg", "the refused update changed nothing");

    // A workspace that holds a config map cannot be deleted.
    let (_, w) = send(Method::POST, &server.base, &t, &ws, Some(json!({"name": "team-b"}))).await;
    let wid = w["workspace_id"].as_str().unwrap().to_string();
    let mut in_team = body("team-cfg", "x");
    in_team["workspace_id"] = json!(wid);
    let (status, created) = send(Method::POST, &server.base, &t, &cm, Some(in_team)).await;
    assert_eq!((status, created["workspace_id"].as_str()), (StatusCode::OK, Some(wid.as_str())));
    let (_, team_list) = send(Method::GET, &server.base, &t, &format!("{cm}?workspace_id={wid}"), None).await;
    assert_eq!(team_list["count"], 1);
    let (status, err) = send(Method::DELETE, &server.base, &t, &format!("{ws}/{wid}"), None).await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    let team_cm = created["configmap"]["id"].as_str().unwrap();
    let (status, deleted) = send(Method::DELETE, &server.base, &t, &format!("{cm}/{team_cm}"), None).await;
    assert_eq!((status, deleted["configmap"]["id"].as_str()), (StatusCode::OK, Some(team_cm)));
    let (status, _) = send(Method::DELETE, &server.base, &t, &format!("{ws}/{wid}"), None).await;
    assert_eq!(status, StatusCode::OK, "empty now");
    let (status, _) = send(Method::GET, &server.base, &t, &format!("{cm}/{team_cm}"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    server.stop().await;
}

#[tokio::test]
async fn secrets_with_entries_tags_and_rules() {
    use reqwest::Method;
    let server = Server::start(&temp_db("secrets")).await;
    let t = token(&server.base).await;
    let sec = format!("/v3/{}/ai-mgr/secrets", KEY.2);
    let body = |name: &str| {
        json!({"secret": {"name": name, "description": "db", "secrets": [{"key": "DB_PASS", "value": "p@ss!word"}],
            "tags": [{"key": "team", "value": "vision/edge"}]}})
    };
    let (status, created) = send(Method::POST, &server.base, &t, &sec, Some(body("db-secret"))).await;
    assert_eq!(status, StatusCode::OK, "{created}");
    assert_eq!(created["workspace_id"], "0");
    let id = created["secret"]["id"].as_str().unwrap().to_string();
    assert_eq!(created["secret"]["secrets"][0]["value"], "p@ss!word");
    let (status, _) = send(Method::POST, &server.base, &t, &sec, Some(body("db-secret"))).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let many: Vec<Value> = (0..101).map(|i| json!({"key": format!("K{i}"), "value": "v"})).collect();
    for (bad, field) in [
        (
            json!({"secret": {"name": "ok-name", "secrets": [{"key": "1BAD", "value": "v"}], "tags": []}}),
            "secret.secrets[0].key",
        ),
        (
            json!({"secret": {"name": "ok-name", "secrets": [{"key": "K", "value": "a<b"}], "tags": []}}),
            "secret.secrets[0].value",
        ),
        (json!({"secret": {"name": "ok-name", "secrets": many, "tags": []}}), "secret.secrets"),
        (json!({"secret": {"name": "ok_name", "secrets": [], "tags": []}}), "secret.name"),
    ] {
        let (status, err) = send(Method::POST, &server.base, &t, &sec, Some(bad)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(err["error_msg"].as_str().unwrap().contains(field), "{field}: {err}");
    }
    let (_, list) = send(Method::GET, &server.base, &t, &format!("{sec}?tags=team.vision/edge"), None).await;
    assert_eq!((list["count"].as_i64(), list["secrets"][0]["id"].as_str()), (Some(1), Some(id.as_str())));
    let (_, none) = send(Method::GET, &server.base, &t, &format!("{sec}?tags=team.other"), None).await;
    assert_eq!(none["count"], 0);
    let (status, _) = send(Method::GET, &server.base, &t, &format!("{sec}?tags=nodot"), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let mut changed = body("db-secret");
    changed["secret"]["secrets"] = json!([{"key": "DB_PASS", "value": "rotated"}]);
    let (status, updated) = send(Method::PUT, &server.base, &t, &format!("{sec}/{id}"), Some(changed)).await;
    assert_eq!((status, updated["secret"]["secrets"][0]["value"].as_str()), (StatusCode::OK, Some("rotated")));
    let (_, shown) = send(Method::GET, &server.base, &t, &format!("{sec}/{id}"), None).await;
    assert_eq!(
        (shown["secret"]["workspace_id"].as_str(), shown["secret"]["secrets"][0]["value"].as_str()),
        (Some("0"), Some("rotated"))
    );
    let (status, deleted) = send(Method::DELETE, &server.base, &t, &format!("{sec}/{id}"), None).await;
    assert_eq!((status, deleted["secret"]["id"].as_str()), (StatusCode::OK, Some(id.as_str())));
    let (status, _) = send(Method::GET, &server.base, &t, &format!("{sec}/{id}"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    server.stop().await;
}

/// The files of a certificate package (base64 of a .tar.gz).
fn unpack(package: &str) -> std::collections::BTreeMap<String, String> {
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

#[tokio::test]
async fn devices_register_with_a_certificate_package_connect_list_and_delete() {
    use base64::Engine;
    use reqwest::Method;
    let server = Server::start(&temp_db("nodes")).await;
    let t = token(&server.base).await;
    let nodes = format!("/v3/{}/ai-mgr/nodes", KEY.2);
    let body = json!({"node": {"name": "gate-cam", "description": "north gate", "enable_npu": true,
        "tags": [{"key": "site", "value": "sz"}],
        "log_configs": [{"component": "app", "type": "LTS", "size": "50", "rotate_num": 10}]}});
    let (status, created) =
        send(Method::POST, &server.base, &t, &format!("{nodes}?provider=hilens"), Some(body.clone())).await;
    assert_eq!(status, StatusCode::OK, "{created}");
    let id = created["id"].as_str().unwrap().to_string();
    assert!(id.starts_with("hilens-"));
    let files = unpack(created["package"].as_str().unwrap());
    assert_eq!(files.keys().cloned().collect::<Vec<_>>(), ["cert/node.crt", "cert/node.key", "node.conf"]);
    let conf: Value = serde_json::from_str(&files["node.conf"]).unwrap();
    assert_eq!((conf["node_id"].as_str(), conf["project_id"].as_str()), (Some(id.as_str()), Some(KEY.2)));
    let cert = &files["cert/node.crt"];
    assert!(cert.starts_with("-----BEGIN CERTIFICATE-----"), "{cert}");
    let der_b64: String = cert.lines().filter(|l| !l.starts_with("-----")).collect();
    let der = base64::engine::general_purpose::STANDARD.decode(der_b64).unwrap();
    assert_eq!(der[0], 0x30, "a DER SEQUENCE: a real X.509 certificate");
    assert!(files["cert/node.key"].contains("PRIVATE KEY-----"));

    let (_, shown) = send(Method::GET, &server.base, &t, &format!("{nodes}/{id}"), None).await;
    assert_eq!((shown["name"].as_str(), shown["state"].as_str()), (Some("gate-cam"), Some("UNCONNECTED")));
    assert!(shown["cpu"].is_null(), "nothing reported before it connects");
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let (_, shown) = send(Method::GET, &server.base, &t, &format!("{nodes}/{id}"), None).await;
    assert_eq!(shown["state"], "RUNNING");
    assert!(shown["cpu"].as_i64().unwrap() > 0 && shown["memory"].as_i64().unwrap() > 0);
    assert_eq!(
        (shown["os_type"].as_str(), shown["arch"].as_str(), shown["npu_num"].as_i64()),
        (Some("Linux"), Some("aarch64"), Some(1))
    );
    assert_eq!(shown["log_configs"][0]["size"], 50);

    let (status, _) = send(Method::POST, &server.base, &t, &nodes, Some(body)).await;
    assert_eq!(status, StatusCode::CONFLICT, "device names are unique in a workspace");
    let (status, batch) =
        send(Method::POST, &server.base, &t, &nodes, Some(json!({"node": {"name": "line", "batch": 500}}))).await;
    assert_eq!(status, StatusCode::OK, "{batch}");
    assert!(unpack(batch["package"].as_str().unwrap()).contains_key("node.conf"));
    for (bad, field) in [
        (json!({"node": {"name": "bad name"}}), "node.name"),
        (json!({"node": {"name": "x", "batch": 100001}}), "node.batch"),
        (
            json!({"node": {"name": "x", "log_configs": [{"component": "app", "type": "LTS", "size": 5}]}}),
            "node.log_configs[0].size",
        ),
        (json!({"node": {"name": "x", "enable_gpu": "maybe"}}), "node.enable_gpu"),
    ] {
        let (status, err) = send(Method::POST, &server.base, &t, &nodes, Some(bad)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
        assert!(err["error_msg"].as_str().unwrap().contains(field), "{field}: {err}");
    }
    let (_, all) = send(Method::GET, &server.base, &t, &format!("{nodes}?limit=100"), None).await;
    assert_eq!(all["count"], 501, "refused registrations stored nothing");
    assert_eq!(all["nodes"].as_array().unwrap().len(), 100);
    let (_, named) = send(Method::GET, &server.base, &t, &format!("{nodes}?name=line-49"), None).await;
    assert_eq!(named["count"], 11, "line-49 and line-490..499");
    let (_, tagged) = send(Method::GET, &server.base, &t, &format!("{nodes}?tags=site.sz"), None).await;
    assert_eq!((tagged["count"].as_i64(), tagged["nodes"][0]["id"].as_str()), (Some(1), Some(id.as_str())));
    let (_, unconnected) =
        send(Method::GET, &server.base, &t, &format!("{nodes}?status=UNCONNECTED&limit=1"), None).await;
    let (_, running) = send(Method::GET, &server.base, &t, &format!("{nodes}?status=RUNNING&limit=1"), None).await;
    assert_eq!(unconnected["count"].as_i64().unwrap() + running["count"].as_i64().unwrap(), 501);
    let (status, _) = send(Method::GET, &server.base, &t, &format!("{nodes}?status=ON"), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let (status, _) = send(Method::DELETE, &server.base, &t, &format!("{nodes}/{id}"), None).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = send(Method::GET, &server.base, &t, &format!("{nodes}/{id}"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = send(Method::DELETE, &server.base, &t, &format!("{nodes}/{id}"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    server.stop().await;
}

#[tokio::test]
async fn devices_stop_start_and_update() {
    use reqwest::Method;
    let server = Server::start(&temp_db("nodes-update")).await;
    let t = token(&server.base).await;
    let nodes = format!("/v3/{}/ai-mgr/nodes", KEY.2);
    let (_, created) = send(
        Method::POST,
        &server.base,
        &t,
        &nodes,
        Some(json!({"node": {"name": "dock-cam", "tags": [{"key": "site", "value": "sz"}]}})),
    )
    .await;
    let id = created["id"].as_str().unwrap().to_string();
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let state = |v: &Value| v["state"].as_str().unwrap_or("").to_string();
    let (status, _) = send(Method::POST, &server.base, &t, &format!("{nodes}/{id}/action/stop"), None).await;
    assert_eq!(status, StatusCode::OK);
    let (_, shown) = send(Method::GET, &server.base, &t, &format!("{nodes}/{id}"), None).await;
    assert_eq!(state(&shown), "STOPPED");
    let (_, stopped) = send(Method::GET, &server.base, &t, &format!("{nodes}?status=STOPPED"), None).await;
    assert_eq!(stopped["count"], 1);
    let (status, _) = send(Method::POST, &server.base, &t, &format!("{nodes}/{id}/action/start"), None).await;
    assert_eq!(status, StatusCode::OK);
    let (_, shown) = send(Method::GET, &server.base, &t, &format!("{nodes}/{id}"), None).await;
    assert_eq!(state(&shown), "RUNNING");
    let (status, err) = send(Method::POST, &server.base, &t, &format!("{nodes}/{id}/action/reboot"), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(err["error_msg"].as_str().unwrap().contains("action"));
    let (status, _) = send(Method::POST, &server.base, &t, &format!("{nodes}/ffff/action/stop"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, _) = send(
        Method::PUT,
        &server.base,
        &t,
        &format!("{nodes}/{id}"),
        Some(json!({"node": {"description": "dock 3", "tags": [{"key": "site", "value": "gz"}]}})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, shown) = send(Method::GET, &server.base, &t, &format!("{nodes}/{id}"), None).await;
    assert_eq!(
        (shown["description"].as_str(), shown["tags"][0]["value"].as_str(), shown["name"].as_str()),
        (Some("dock 3"), Some("gz"), Some("dock-cam"))
    );
    let (_, by_new_tag) = send(Method::GET, &server.base, &t, &format!("{nodes}?tags=site.gz"), None).await;
    let (_, by_old_tag) = send(Method::GET, &server.base, &t, &format!("{nodes}?tags=site.sz"), None).await;
    assert_eq!((by_new_tag["count"].as_i64(), by_old_tag["count"].as_i64()), (Some(1), Some(0)));
    let (status, err) =
        send(Method::PUT, &server.base, &t, &format!("{nodes}/{id}"), Some(json!({"node": {"description": "a<b"}})))
            .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(err["error_msg"].as_str().unwrap().contains("node.description"));
    let (_, shown) = send(Method::GET, &server.base, &t, &format!("{nodes}/{id}"), None).await;
    assert_eq!(shown["description"], "dock 3", "the refused update changed nothing");
    server.stop().await;
}

#[tokio::test]
async fn the_basic_console_lists_every_device_of_the_project() {
    use reqwest::Method;
    let server = Server::start(&temp_db("basic-devices")).await;
    let t = token(&server.base).await;
    let ws = format!("/v3/{}/ai-mgr/workspaces", KEY.2);
    let (_, w) = send(Method::POST, &server.base, &t, &ws, Some(json!({"name": "other-team"}))).await;
    let nodes = format!("/v3/{}/ai-mgr/nodes", KEY.2);
    send(Method::POST, &server.base, &t, &nodes, Some(json!({"node": {"name": "kit-a"}}))).await;
    send(
        Method::POST,
        &server.base,
        &t,
        &nodes,
        Some(json!({"node": {"name": "kit-b", "workspace_id": w["workspace_id"]}})),
    )
    .await;
    let basic = format!("/v2/{}/device-manager/devices", KEY.2);
    let (status, all) = send(Method::GET, &server.base, &t, &basic, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(all["total"], 2, "both workspaces: {all}");
    assert_eq!(all["data"][0]["status"], 0, "offline until it connects");
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let (_, one) = send(Method::GET, &server.base, &t, &format!("{basic}?name=kit-a"), None).await;
    assert_eq!((one["total"].as_i64(), one["data"][0]["status"].as_i64()), (Some(1), Some(1)));
    assert!(one["data"][0]["create_time"].as_i64().unwrap() > 1_600_000_000_000);
    let (status, _) = send(Method::GET, &server.base, &t, &format!("{basic}?limit=101"), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    server.stop().await;
}

#[tokio::test]
async fn tags_on_devices_config_maps_and_secrets() {
    use reqwest::Method;
    let server = Server::start(&temp_db("tags")).await;
    let t = token(&server.base).await;
    let p = KEY.2;
    let (_, node) = send(
        Method::POST,
        &server.base,
        &t,
        &format!("/v3/{p}/ai-mgr/nodes"),
        Some(json!({"node": {"name": "tag-cam"}})),
    )
    .await;
    let node = node["id"].as_str().unwrap().to_string();
    let (_, cm) = send(
        Method::POST,
        &server.base,
        &t,
        &format!("/v3/{p}/ai-mgr/configmaps"),
        Some(json!({"configmap": {"name": "tag-cfg", "configs": [], "tags": []}})),
    )
    .await;
    let cm = cm["configmap"]["id"].as_str().unwrap().to_string();

    let tags_of = |kind: &str, id: &str| format!("/v3/{p}/{kind}/{id}/tags");
    let (status, _) = send(
        Method::POST,
        &server.base,
        &t,
        &tags_of("node", &node),
        Some(json!({"tags": [{"key": "site", "value": "sz"}, {"key": "floor", "value": "3"}]})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, shown) = send(Method::GET, &server.base, &t, &tags_of("node", &node), None).await;
    assert_eq!(shown["count"], 2);
    // The device list's tag filter sees tags added here.
    let (_, by_tag) = send(Method::GET, &server.base, &t, &format!("/v3/{p}/ai-mgr/nodes?tags=floor.3"), None).await;
    assert_eq!(by_tag["count"], 1);
    let (status, _) = send(
        Method::POST,
        &server.base,
        &t,
        &tags_of("node", &node),
        Some(json!({"tags": [{"key": "site", "value": "gz"}]})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, shown) = send(Method::GET, &server.base, &t, &tags_of("node", &node), None).await;
    assert_eq!(
        (shown["count"].as_i64(), shown["tags"][0]["value"].as_str()),
        (Some(2), Some("gz")),
        "an existing key takes the new value"
    );
    let (status, _) = send(Method::DELETE, &server.base, &t, &format!("{}/floor", tags_of("node", &node)), None).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = send(Method::DELETE, &server.base, &t, &format!("{}/floor", tags_of("node", &node)), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, by_tag) = send(Method::GET, &server.base, &t, &format!("/v3/{p}/ai-mgr/nodes?tags=floor.3"), None).await;
    assert_eq!(by_tag["count"], 0);

    let (status, _) = send(Method::POST, &server.base, &t, &format!("/v3/{p}/tag-mgr/node-tags"), Some(json!({
        "resources": [{"resource_type": "node", "resource_id": node}, {"resource_type": "configmap", "resource_id": cm}],
        "tags": [{"key": "owner", "value": "vision"}]}))).await;
    assert_eq!(status, StatusCode::OK);
    let (_, cm_tags) = send(Method::GET, &server.base, &t, &tags_of("configmap", &cm), None).await;
    assert_eq!(cm_tags["tags"][0]["key"], "owner");
    let (_, all_nodes) = send(Method::GET, &server.base, &t, &format!("/v3/{p}/tag-mgr/node/tags"), None).await;
    assert_eq!(all_nodes["tags"].as_array().unwrap().len(), 2, "site and owner on the one device: {all_nodes}");
    assert_eq!(all_nodes["tags"][0]["resource_id"], node.as_str());

    // All or nothing: one unknown resource and nothing is tagged.
    let (status, err) = send(Method::POST, &server.base, &t, &format!("/v3/{p}/tag-mgr/node-tags"), Some(json!({
        "resources": [{"resource_type": "node", "resource_id": node}, {"resource_type": "secret", "resource_id": "nope"}],
        "tags": [{"key": "batch", "value": "x"}]}))).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{err}");
    assert!(err["error_msg"].as_str().unwrap().contains("resources[1]"));
    let (_, shown) = send(Method::GET, &server.base, &t, &tags_of("node", &node), None).await;
    assert!(shown["tags"].as_array().unwrap().iter().all(|t| t["key"] != "batch"));
    let many: Vec<Value> = (0..20).map(|i| json!({"key": format!("k{i}"), "value": "v"})).collect();
    let (status, err) =
        send(Method::POST, &server.base, &t, &tags_of("node", &node), Some(json!({"tags": many}))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "over 20 tags in all: {err}");
    let (status, _) = send(Method::GET, &server.base, &t, &tags_of("gadget", &node), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "unknown resource type");
    server.stop().await;
}

#[tokio::test]
async fn a_lost_package_is_reissued_with_a_new_certificate() {
    use reqwest::Method;
    let server = Server::start(&temp_db("node-cert")).await;
    let t = token(&server.base).await;
    let nodes = format!("/v3/{}/ai-mgr/nodes", KEY.2);
    let (_, created) = send(Method::POST, &server.base, &t, &nodes, Some(json!({"node": {"name": "lost-cam"}}))).await;
    let id = created["id"].as_str().unwrap();
    let first = unpack(created["package"].as_str().unwrap());
    let (status, again) = send(Method::PUT, &server.base, &t, &format!("{nodes}/{id}/cert"), None).await;
    assert_eq!((status, again["id"].as_str(), again["name"].as_str()), (StatusCode::OK, Some(id), Some("lost-cam")));
    let second = unpack(again["package"].as_str().unwrap());
    assert_ne!(first["cert/node.crt"], second["cert/node.crt"], "a new certificate");
    assert_ne!(first["cert/node.key"], second["cert/node.key"], "and a new key");
    let conf: Value = serde_json::from_str(&second["node.conf"]).unwrap();
    assert_eq!(conf["node_id"], id);
    let (status, _) = send(Method::PUT, &server.base, &t, &format!("{nodes}/hilens-unknown/cert"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    server.stop().await;
}

#[tokio::test]
async fn activation_binds_running_service_orders_and_gives_them_back() {
    use reqwest::Method;
    let server = Server::start(&temp_db("activation")).await;
    let t = token(&server.base).await;
    let nodes = format!("/v3/{}/ai-mgr/nodes", KEY.2);
    let orders = format!("/v1/{}/platform-manager/orders", KEY.2);
    let (_, created) = send(Method::POST, &server.base, &t, &nodes, Some(json!({"node": {"name": "gate-1"}}))).await;
    let id = created["id"].as_str().unwrap().to_string();
    let (status, all) = send(Method::GET, &server.base, &t, &orders, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(all["total"], 5);
    let (_, small) =
        send(Method::GET, &server.base, &t, &format!("{orders}?device_type=small_device&type=running_service"), None)
            .await;
    assert_eq!(small["total"], 1);
    let small_id = small["data"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(small["data"][0]["used_amount"], 0);
    let (_, cpu) = send(Method::GET, &server.base, &t, &format!("{orders}?device_type=large_device_cpu"), None).await;
    let cpu_id = cpu["data"][0]["id"].as_str().unwrap().to_string();

    // The wrong kind of order for the field, a missing order, no order: refused, nothing used.
    let activate = format!("{nodes}/{id}/activate");
    let (status, err) = send(Method::POST, &server.base, &t, &activate, Some(json!({"order_id": cpu_id}))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(err["error_msg"].as_str().unwrap().contains("order_id"), "{err}");
    let (status, _) = send(Method::POST, &server.base, &t, &activate, Some(json!({"order_id": "nope"}))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = send(Method::POST, &server.base, &t, &activate, Some(json!({}))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) =
        send(Method::POST, &server.base, &t, &format!("{nodes}/ffff/activate"), Some(json!({"order_id": small_id})))
            .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, done) = send(Method::POST, &server.base, &t, &activate, Some(json!({"order_id": small_id}))).await;
    assert_eq!((status, done["node_id"].as_str()), (StatusCode::OK, Some(id.as_str())));
    let (_, shown) = send(Method::GET, &server.base, &t, &format!("{nodes}/{id}"), None).await;
    assert_eq!(shown["active_status"], "ACTIVATED");
    assert_eq!(shown["active_content"], json!([small_id]));
    let (_, activated) = send(Method::GET, &server.base, &t, &format!("{nodes}?active_status=ACTIVATED"), None).await;
    assert_eq!(activated["count"], 1);
    let (_, small) = send(Method::GET, &server.base, &t, &format!("{orders}?id={small_id}"), None).await;
    assert_eq!(small["data"][0]["used_amount"], 1);
    let (status, _) = send(Method::POST, &server.base, &t, &activate, Some(json!({"order_id": small_id}))).await;
    assert_eq!(status, StatusCode::CONFLICT, "already activated");

    let deactivate = format!("{nodes}/{id}/deactivate");
    let (status, _) = send(Method::POST, &server.base, &t, &deactivate, None).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = send(Method::POST, &server.base, &t, &deactivate, None).await;
    assert_eq!(status, StatusCode::CONFLICT, "not activated any more");
    let (_, small) = send(Method::GET, &server.base, &t, &format!("{orders}?id={small_id}"), None).await;
    assert_eq!(small["data"][0]["used_amount"], 0);
    let (_, records) = send(Method::GET, &server.base, &t, &format!("{nodes}/{id}/activation/records"), None).await;
    assert_eq!(records["count"], 2);
    assert_eq!(
        (records["records"][0]["active_status"].as_str(), records["records"][1]["active_status"].as_str()),
        (Some("ACTIVATED"), Some("INACTIVE"))
    );
    let (_, page) =
        send(Method::GET, &server.base, &t, &format!("{nodes}/{id}/activation/records?offset=1&limit=1"), None).await;
    assert_eq!((page["count"].as_i64(), page["records"].as_array().unwrap().len()), (Some(2), 1));

    // Deleting an activated device gives its order back.
    send(Method::POST, &server.base, &t, &activate, Some(json!({"order_id": small_id}))).await;
    let (status, _) = send(Method::DELETE, &server.base, &t, &format!("{nodes}/{id}"), None).await;
    assert_eq!(status, StatusCode::OK);
    let (_, small) = send(Method::GET, &server.base, &t, &format!("{orders}?id={small_id}"), None).await;
    assert_eq!(small["data"][0]["used_amount"], 0);
    let (status, err) = send(Method::GET, &server.base, &t, &format!("{orders}?device_type=huge"), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(err["error_msg"].as_str().unwrap().contains("device_type"));
    server.stop().await;
}

#[tokio::test]
async fn firmware_upgrades_progress_and_a_misfit_fails_with_an_alarm() {
    use reqwest::Method;
    let server = Server::start(&temp_db("upgrade")).await;
    let t = token(&server.base).await;
    let nodes = format!("/v3/{}/ai-mgr/nodes", KEY.2);
    let (_, created) = send(Method::POST, &server.base, &t, &nodes, Some(json!({"node": {"name": "kit-7"}}))).await;
    let id = created["id"].as_str().unwrap().to_string();
    let (_, arm) = send(Method::GET, &server.base, &t, "/v3/ai-mgr/firmwares?device_type=HiLens%20Kit", None).await;
    let arm = arm["firmwares"][0].clone();
    let (_, x86) = send(Method::GET, &server.base, &t, "/v3/ai-mgr/firmwares?device_type=Edge%20Server", None).await;
    let x86_id = x86["firmwares"][0]["id"].as_str().unwrap().to_string();
    let upgrade = |fw: &str| format!("/v3/{}/node-manager/node/{id}/firmware/{fw}", KEY.2);
    let progress = format!("/v3/{}/node-manager/node/{id}/firmware/upgrade-progress", KEY.2);

    let (status, _) = send(Method::PUT, &server.base, &t, &upgrade(arm["id"].as_str().unwrap()), None).await;
    assert_eq!(status, StatusCode::CONFLICT, "a device that has not connected cannot upgrade");
    let (status, _) = send(Method::GET, &server.base, &t, &progress, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "never upgraded");
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let (status, _) = send(Method::PUT, &server.base, &t, &upgrade("ffff"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let resp = reqwest::Client::new()
        .put(format!("{}{}", server.base, upgrade(arm["id"].as_str().unwrap())))
        .header("X-Auth-Token", &t)
        .header("X-Expired-Time", "0")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    assert!(resp.text().await.unwrap().contains("X-Expired-Time"));

    let resp = reqwest::Client::new()
        .put(format!("{}{}", server.base, upgrade(arm["id"].as_str().unwrap())))
        .header("X-Auth-Token", &t)
        .header("X-Expired-Time", "60")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers()["firmware_id"].to_str().unwrap(), arm["id"].as_str().unwrap());
    let (_, p) = send(Method::GET, &server.base, &t, &progress, None).await;
    assert_eq!(p["status"], 1);
    assert!(p["progress"].as_str().unwrap().parse::<i64>().unwrap() < 100);
    let (status, _) = send(Method::PUT, &server.base, &t, &upgrade(arm["id"].as_str().unwrap()), None).await;
    assert_eq!(status, StatusCode::CONFLICT, "one upgrade at a time");
    let (_, shown) = send(Method::GET, &server.base, &t, &format!("{nodes}/{id}"), None).await;
    assert_eq!((shown["firmware_status"].as_str(), shown["firmware_version"].as_str()), (Some("1"), Some("1.0.0")));
    assert_eq!(shown["upgrade_firmware_version"], arm["version"]);
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let (_, p) = send(Method::GET, &server.base, &t, &progress, None).await;
    assert_eq!((p["status"].as_i64(), p["progress"].as_str()), (Some(3), Some("100")));
    let (_, shown) = send(Method::GET, &server.base, &t, &format!("{nodes}/{id}"), None).await;
    assert_eq!(shown["firmware_version"], arm["version"]);
    assert_eq!(shown["firmware_upgrade_record"].as_array().unwrap().len(), 1);

    // An x86_64 firmware on the aarch64 device fails at 40 % and raises an alarm then.
    let alarms = format!("/v1/{}/alarm-manager/alarms?device_id={id}", KEY.2);
    let (status, _) = send(Method::PUT, &server.base, &t, &upgrade(&x86_id), None).await;
    assert_eq!(status, StatusCode::OK);
    let (_, none_yet) = send(Method::GET, &server.base, &t, &alarms, None).await;
    assert_eq!(none_yet["total"], 0);
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let (_, p) = send(Method::GET, &server.base, &t, &progress, None).await;
    assert_eq!((p["status"].as_i64(), p["progress"].as_str()), (Some(2), Some("40")));
    assert!(p["cause"].as_str().unwrap().contains("x86_64"));
    let (_, raised) = send(Method::GET, &server.base, &t, &alarms, None).await;
    assert_eq!(raised["total"], 1);
    assert_eq!(raised["data"][0]["level"], "major");
    let (_, shown) = send(Method::GET, &server.base, &t, &format!("{nodes}/{id}"), None).await;
    assert_eq!(shown["firmware_version"], arm["version"], "a failed upgrade keeps the firmware");
    let (_, other) =
        send(Method::GET, &server.base, &t, &format!("/v1/{}/alarm-manager/alarms?device_id=other", KEY.2), None).await;
    assert_eq!(other["total"], 0);
    let (status, _) =
        send(Method::GET, &server.base, &t, &format!("/v1/{}/alarm-manager/alarms?limit=101", KEY.2), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    server.stop().await;
}

/// A deployment body for the tests, to `targets` (node_ids, or node_tags with node_num).
fn deployment_body(name: &str, source: &str, targets: Value, order: Option<&str>) -> Value {
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

#[tokio::test]
async fn deployments_roll_out_pods_pause_patch_add_devices_and_give_units_back() {
    use reqwest::Method;
    let server = Server::start(&temp_db("deployments")).await;
    let t = token(&server.base).await;
    let (b, p) = (server.base.as_str(), KEY.2);
    let nodes = format!("/v3/{p}/ai-mgr/nodes");
    let deployments = format!("/v3/{p}/ai-mgr/deployments");
    let mut ids = Vec::new();
    for (name, site) in [("gate-a", "sz"), ("gate-b", "sz"), ("gate-c", "gz")] {
        let (_, n) = send(
            Method::POST,
            b,
            &t,
            &nodes,
            Some(json!({"node": {"name": name, "tags": [{"key": "site", "value": site}]}})),
        )
        .await;
        ids.push(n["id"].as_str().unwrap().to_string());
    }

    // Field rules name the field; an unknown device is 404; nothing is stored by either.
    let mut bad = deployment_body("gates", "userdefined", json!({"node_ids": [ids[0]]}), None);
    bad["deployment"]["template"]["apps"][0]["envs"][1]["value"] = json!("x");
    let (status, err) = send(Method::POST, b, &t, &deployments, Some(bad)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(err["error_msg"].as_str().unwrap().contains("deployment.template.apps[0].envs[1]"), "{err}");
    let (status, _) = send(
        Method::POST,
        b,
        &t,
        &deployments,
        Some(deployment_body("gates", "userdefined", json!({"node_ids": ["ffff"]}), None)),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, none) = send(Method::GET, b, &t, &deployments, None).await;
    assert_eq!(none["count"], 0);

    let (status, created) = send(
        Method::POST,
        b,
        &t,
        &deployments,
        Some(deployment_body("gates", "userdefined", json!({"node_ids": [ids[0], ids[1]]}), None)),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{created}");
    let id = created["id"].as_str().unwrap().to_string();
    assert_eq!(created["state"], "CREATING");
    assert_eq!((created["node_num"].as_i64(), created["result"].as_array().unwrap().len()), (Some(2), 2));
    assert_eq!(created["template"]["apps"][0]["ports"][0]["host_port"], 18080);
    let (status, _) = send(
        Method::POST,
        b,
        &t,
        &deployments,
        Some(deployment_body("gates", "userdefined", json!({"node_ids": [ids[2]]}), None)),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "the name is taken");

    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let (_, shown) = send(Method::GET, b, &t, &format!("{deployments}/{id}"), None).await;
    assert_eq!((shown["state"].as_str(), shown["ready_replicas"].as_i64()), (Some("RUNNING"), Some(2)));
    let (_, pods) = send(Method::GET, b, &t, &format!("/v3/{p}/ai-mgr/pods?deployment_id={id}"), None).await;
    assert_eq!(pods["count"], 2);
    assert!(pods["pods"].as_array().unwrap().iter().all(|p| p["status"] == "Running" && p["host_ip"].is_string()));
    let (_, by_node) = send(Method::GET, b, &t, &format!("{deployments}?node_id={}", ids[1]), None).await;
    assert_eq!(by_node["count"], 1);
    let (_, by_name) = send(Method::GET, b, &t, &format!("{deployments}?name=gat&sort=name:asc"), None).await;
    assert_eq!(by_name["count"], 1);

    // Pause one pod, then the whole deployment; resume.
    let pod = pods["pods"][0]["id"].as_str().unwrap().to_string();
    let (status, paused) = send(Method::POST, b, &t, &format!("{deployments}/{id}/{pod}/action/pause"), None).await;
    assert_eq!((status, paused["pod_id"].as_str()), (StatusCode::OK, Some(pod.as_str())));
    let (_, shown) = send(Method::GET, b, &t, &format!("{deployments}/{id}"), None).await;
    assert_eq!(shown["ready_replicas"], 1);
    let (status, _) = send(Method::POST, b, &t, &format!("{deployments}/{id}/{pod}/action/stop"), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    send(Method::POST, b, &t, &format!("{deployments}/{id}/{pod}/action/resume"), None).await;
    let (status, _) = send(Method::POST, b, &t, &format!("{deployments}/{id}/action/pause"), None).await;
    assert_eq!(status, StatusCode::OK);
    let (_, shown) = send(Method::GET, b, &t, &format!("{deployments}/{id}"), None).await;
    assert_eq!((shown["state"].as_str(), shown["ready_replicas"].as_i64()), (Some("HIBERNATED"), Some(0)));
    send(Method::POST, b, &t, &format!("{deployments}/{id}/action/resume"), None).await;
    let (_, shown) = send(Method::GET, b, &t, &format!("{deployments}/{id}"), None).await;
    assert_eq!(shown["state"], "CREATING", "resuming rolls out again");

    // PATCH: an env changes in every app, the version moves; a bad env changes nothing.
    let (status, patched) = send(
        Method::PATCH,
        b,
        &t,
        &format!("{deployments}/{id}"),
        Some(json!({"version": "1.1.0", "patch": {"envs": [{"name": "LOG_LEVEL", "value": "debug"}]}})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(patched["template"]["apps"][0]["version"], "1.1.0");
    assert_eq!(patched["template"]["apps"][0]["envs"][0]["value"], "debug");
    assert_eq!(patched["api_version"], "v2");
    let (status, _) = send(
        Method::PATCH,
        b,
        &t,
        &format!("{deployments}/{id}"),
        Some(json!({"patch": {"envs": [{"name": "9X", "value": "1"}]}})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // PUT: description only keeps the template.
    let (status, put) =
        send(Method::PUT, b, &t, &format!("{deployments}/{id}"), Some(json!({"description": "people counter"}))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!((put["description"].as_str(), put["api_version"].as_str()), (Some("people counter"), Some("v2")));

    // More devices by tag: gate-c carries site=gz.
    let (status, added) = send(
        Method::PUT,
        b,
        &t,
        &format!("{deployments}/{id}/nodes"),
        Some(json!({"deployment_id": id, "node_tags": [{"key": "site", "value": "gz"}], "node_num": 5})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{added}");
    assert_eq!(added["node_num"], 3);
    let (status, _) = send(
        Method::PUT,
        b,
        &t,
        &format!("{deployments}/{id}/nodes"),
        Some(json!({"deployment_id": "other", "node_ids": [ids[2]], "node_num": 1})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // Jobs: within the channel limit (2 streams), counted per pod.
    let tasks = format!("{deployments}/{id}/tasks");
    let stream = json!({"input": {"type": "camera", "data": {"rtsp": "rtsp://10.0.0.9/1"}},
        "outputs": [{"type": "dis", "data": {"streamName": "counts"}}]});
    let (status, task) =
        send(Method::POST, b, &t, &tasks, Some(json!({"name": "gate-count", "data": {"streams": [stream]}}))).await;
    assert_eq!(status, StatusCode::OK, "{task}");
    let task_id = task["task_id"].as_str().unwrap().to_string();
    let (status, err) = send(
        Method::POST,
        b,
        &t,
        &tasks,
        Some(json!({"name": "too-many", "data": {"streams": [stream, stream, stream]}})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(err["error_msg"].as_str().unwrap().contains("data.streams"));
    let (status, _) =
        send(Method::POST, b, &t, &tasks, Some(json!({"name": "gate-count", "data": {"streams": [stream]}}))).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (_, shown) = send(Method::GET, b, &t, &format!("{tasks}/{task_id}"), None).await;
    assert_eq!(shown["sum_pod_number"], 3);
    assert_eq!(shown["task_status"].as_array().unwrap().len(), 3);
    let (status, _) = send(
        Method::POST,
        b,
        &t,
        &format!("{deployments}/{id}/task/{task_id}"),
        Some(json!({"name": "gate-count-2", "description": "renamed", "data": {"streams": [stream, stream]}})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, listed) = send(Method::GET, b, &t, &tasks, None).await;
    assert_eq!((listed["count"].as_i64(), listed["tasks"][0]["name"].as_str()), (Some(1), Some("gate-count-2")));
    let (status, _) = send(Method::DELETE, b, &t, &format!("{tasks}/{task_id}"), None).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = send(Method::DELETE, b, &t, &format!("{tasks}/{task_id}"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Deleting a pod, then the deployment.
    let (status, _) = send(Method::DELETE, b, &t, &format!("{deployments}/{id}/{pod}"), None).await;
    assert_eq!(status, StatusCode::OK);
    let (_, shown) = send(Method::GET, b, &t, &format!("{deployments}/{id}"), None).await;
    assert_eq!(shown["node_num"], 2);
    let (_, tagged) = send(Method::GET, b, &t, &format!("/v3/{p}/deployment/{id}/tags"), None).await;
    assert_eq!(tagged["tags"][0]["key"], "team", "{tagged}");
    let (status, gone) = send(Method::DELETE, b, &t, &format!("{deployments}/{id}"), None).await;
    assert_eq!((status, gone["deployment_id"].as_str()), (StatusCode::OK, Some(id.as_str())));
    let (_, pods) = send(Method::GET, b, &t, &format!("/v3/{p}/ai-mgr/pods"), None).await;
    assert_eq!(pods["count"], 0);
    let (status, _) = send(Method::GET, b, &t, &format!("{deployments}/{id}"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    server.stop().await;
}

#[tokio::test]
async fn market_deployments_take_units_from_a_skill_order_and_give_them_back() {
    use reqwest::Method;
    let server = Server::start(&temp_db("market-deployments")).await;
    let t = token(&server.base).await;
    let (b, p) = (server.base.as_str(), KEY.2);
    let (_, n) =
        send(Method::POST, b, &t, &format!("/v3/{p}/ai-mgr/nodes"), Some(json!({"node": {"name": "shop-1"}}))).await;
    let node = n["id"].as_str().unwrap().to_string();
    let (_, free) = get(b, &t, "/v1/skill-market/skills?charge_model=0&limit=1").await;
    let skill = free["data"][0]["skill_id"].as_str().unwrap().to_string();
    let orders = format!("/v1/{p}/skill-market/skill-order");
    let (_, order) =
        send(Method::POST, b, &t, &orders, Some(json!({"skill_id": skill, "amount": 1, "commission_flag": 0}))).await;
    let order = order["order_id"].as_str().unwrap().to_string();
    let deployments = format!("/v3/{p}/ai-mgr/deployments");
    let body = |name: &str, order: &str| deployment_body(name, "hlm", json!({"node_ids": [node]}), Some(order));
    let (status, d) = send(Method::POST, b, &t, &deployments, Some(body("shop", &order))).await;
    assert_eq!(status, StatusCode::OK, "{d}");
    let (_, shown) = send(Method::GET, b, &t, &format!("{orders}/{order}"), None).await;
    assert_eq!(shown["used_amount"], 1);
    let (status, err) = send(Method::POST, b, &t, &deployments, Some(body("shop-2", &order))).await;
    assert_eq!(status, StatusCode::CONFLICT, "the order is used up");
    assert!(err["error_msg"].as_str().unwrap().contains("app_order_id"));
    let (_, listed) = send(Method::GET, b, &t, &deployments, None).await;
    assert_eq!(listed["count"], 1, "the refused deployment left nothing behind");
    send(Method::DELETE, b, &t, &format!("{deployments}/{}", d["id"].as_str().unwrap()), None).await;
    let (_, shown) = send(Method::GET, b, &t, &format!("{orders}/{order}"), None).await;
    assert_eq!(shown["used_amount"], 0);
    let (status, _) = send(Method::POST, b, &t, &deployments, Some(body("shop-2", &order))).await;
    assert_eq!(status, StatusCode::OK);
    server.stop().await;
}

#[tokio::test]
async fn concurrent_writes_lose_nothing_and_a_name_is_taken_once() {
    use reqwest::Method;
    let server = Server::start(&temp_db("concurrent")).await;
    let t = token(&server.base).await;
    let maps = format!("/v3/{}/ai-mgr/configmaps", KEY.2);
    let body = |name: String| json!({"configmap": {"name": name, "configs": [{"key": "k", "value": "v"}]}});
    let distinct = (0..40).map(|i| {
        let (b, t, maps) = (server.base.clone(), t.clone(), maps.clone());
        let body = body(format!("conc-{i:02}"));
        tokio::spawn(async move { send(Method::POST, &b, &t, &maps, Some(body)).await.0 })
    });
    for task in distinct.collect::<Vec<_>>() {
        assert_eq!(task.await.unwrap(), StatusCode::OK);
    }
    let same = (0..20).map(|_| {
        let (b, t, maps) = (server.base.clone(), t.clone(), maps.clone());
        let body = body("conc-same".into());
        tokio::spawn(async move { send(Method::POST, &b, &t, &maps, Some(body)).await.0 })
    });
    let mut statuses = Vec::new();
    for task in same.collect::<Vec<_>>() {
        statuses.push(task.await.unwrap());
    }
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::OK).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == StatusCode::OK || *s == StatusCode::CONFLICT));
    let (_, listed) = send(Method::GET, &server.base, &t, &format!("{maps}?limit=1000"), None).await;
    assert_eq!(listed["count"], 41);
    server.stop().await;
}
