//! Users limited to workspaces: their lists show their workspaces, another workspace's device,
//! config map or secret is 403 (not 404), creations must name one of theirs, deployments are
//! theirs only when every device is, and the bypasses a caller might try (method override
//! headers, encoded paths, case tricks, query tricks, batch bodies naming other workspaces'
//! devices) change nothing upstream.

mod common;

use common::*;
use reqwest::Method as M;

struct Setup {
    base: String,
    seen: Arc<Mutex<Vec<String>>>,
    ada: String,
    lin: String,
    /// Workspaces A (lin's) and B.
    a: String,
    b: String,
    /// A device in each.
    node_a: String,
    node_b: String,
}

async fn call(base: &str, cookie: &str, method: M, path: &str, body: Option<Value>) -> (StatusCode, Value) {
    let mut req = client()
        .request(method, format!("{base}/api{}", path.replace("{p}", PROJECT)))
        .header("cookie", cookie)
        .header("x-hilens-console", "1");
    if let Some(b) = body {
        req = req.json(&b);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status();
    (status, resp.json().await.unwrap_or(Value::Null))
}

async fn setup(name: &str) -> Setup {
    let (cloud, seen) = start_recorded_cloud(name).await;
    let mut c = service(name, remote(&cloud, Duration::from_secs(10)), SK);
    let (directory, users_file) = users(name, &[("ada", "ada-pass-1", "admin", None)]);
    c.access = Access::Users(directory.clone());
    let base = proxy(c).await;
    let ada = sign_in_as(&base, "ada", "ada-pass-1").await;
    let mut ids = Vec::new();
    for w in ["line-a", "line-b"] {
        let (status, made) = call(&base, &ada, M::POST, "/v3/{p}/ai-mgr/workspaces", Some(json!({"name": w}))).await;
        assert_eq!(status, StatusCode::OK, "{made}");
        let id = made["workspace_id"].as_str().unwrap().to_string();
        let node = json!({"node": {"name": format!("dev-{w}"), "workspace_id": id}});
        let (status, made) = call(&base, &ada, M::POST, "/v3/{p}/ai-mgr/nodes", Some(node)).await;
        assert_eq!(status, StatusCode::OK, "{made}");
        ids.push((id, made["id"].as_str().unwrap().to_string()));
    }
    let [(a, node_a), (b, node_b)] = [ids[0].clone(), ids[1].clone()];
    let a_only: &[&str] = &[a.as_str()];
    write_users(&users_file, &[("ada", "ada-pass-1", "admin", None), ("lin", "lin-pass-1", "operator", Some(a_only))]);
    directory.reload(true).unwrap();
    let lin = sign_in_as(&base, "lin", "lin-pass-1").await;
    Setup { base, seen, ada, lin, a, b, node_a, node_b }
}

impl Setup {
    async fn lin(&self, method: M, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        call(&self.base, &self.lin, method, path, body).await
    }

    /// Asserts a 403 whose message says `said`, and that nothing but reads reached upstream.
    async fn refused(&self, method: M, path: &str, body: Option<Value>, said: &str) {
        let before = self.seen.lock().unwrap().len();
        let (status, err) = self.lin(method.clone(), path, body).await;
        assert_eq!(
            (status, err["error_code"].as_str()),
            (StatusCode::FORBIDDEN, Some("CONSOLE.0403")),
            "{method} {path}: {err}"
        );
        assert!(err["error_msg"].as_str().unwrap().contains(said), "{method} {path}: {err}");
        let after: Vec<String> = self.seen.lock().unwrap()[before..].to_vec();
        assert!(after.iter().all(|r| r.starts_with("GET ")), "{method} {path}: only lookups went upstream: {after:?}");
    }
}

#[tokio::test]
async fn a_workspace_limited_operator_works_in_theirs_only() {
    let s = setup("ws-limited").await;
    let (a, b, na, nb) = (&s.a, &s.b, &s.node_a, &s.node_b);

    // Lists: theirs by default, another's refused.
    let (status, list) = s.lin(M::GET, "/v3/{p}/ai-mgr/nodes", None).await;
    assert_eq!(status, StatusCode::OK);
    let names: Vec<&str> = list["nodes"].as_array().unwrap().iter().map(|n| n["id"].as_str().unwrap()).collect();
    assert_eq!(names, vec![na.as_str()], "{list}");
    assert!(s.seen.lock().unwrap().last().unwrap().ends_with(&format!("workspace_id={a}")));
    s.refused(M::GET, &format!("/v3/{{p}}/ai-mgr/nodes?workspace_id={b}"), None, "is not one of yours").await;
    let (_, workspaces) = s.lin(M::GET, "/v3/{p}/ai-mgr/workspaces", None).await;
    let listed: Vec<&str> =
        workspaces["workspaces"].as_array().unwrap().iter().map(|w| w["workspace_id"].as_str().unwrap()).collect();
    assert_eq!((listed, workspaces["count"].as_u64()), (vec![a.as_str()], Some(1)));
    s.refused(M::GET, &format!("/v3/{{p}}/ai-mgr/workspaces/{b}"), None, b).await;

    // One device: theirs yes, another's 403 (and an unknown one 403 too, not 404).
    let (status, _) = s.lin(M::POST, &format!("/v3/{{p}}/ai-mgr/nodes/{na}/action/stop"), None).await;
    assert_eq!(status, StatusCode::OK);
    s.refused(M::POST, &format!("/v3/{{p}}/ai-mgr/nodes/{nb}/action/stop"), None, "is not in one of your workspaces")
        .await;
    s.refused(M::GET, &format!("/v3/{{p}}/ai-mgr/nodes/{nb}"), None, nb).await;
    s.refused(M::GET, "/v3/{p}/ai-mgr/nodes/0123456789abcdef", None, "0123456789abcdef").await;
    s.refused(M::PUT, &format!("/v3/{{p}}/ai-mgr/nodes/{nb}"), Some(json!({"node": {"description": "x"}})), nb).await;

    // Creations name one of theirs.
    let map = |w: Option<&str>| {
        let mut body = json!({"configmap": {"name": "cfg-line", "configs": [{"key": "k", "value": "v"}]}});
        if let Some(w) = w {
            body["workspace_id"] = json!(w);
        }
        body
    };
    s.refused(M::POST, "/v3/{p}/ai-mgr/configmaps", Some(map(None)), "workspace_id must name one of your workspaces")
        .await;
    s.refused(M::POST, "/v3/{p}/ai-mgr/configmaps", Some(map(Some(b))), b).await;
    let (status, made) = s.lin(M::POST, "/v3/{p}/ai-mgr/configmaps", Some(map(Some(a)))).await;
    assert_eq!(status, StatusCode::OK, "{made}");

    // Deployments and batches: every device theirs.
    let deployment = |ids: Vec<&str>| json!({"name": "dep-line", "node_ids": ids, "deployment": {}});
    s.refused(M::POST, "/v3/{p}/ai-mgr/deployments", Some(deployment(vec![na, nb])), nb).await;
    s.refused(
        M::POST,
        "/v3/{p}/ai-mgr/deployments",
        Some(json!({"node_tags": [{"key": "k", "value": "v"}]})),
        "node_tags",
    )
    .await;
    let batch = |ids: Vec<&str>| {
        let resources: Vec<Value> = ids.iter().map(|id| json!({"resource_type": "node", "resource_id": id})).collect();
        json!({"resources": resources, "tags": [{"key": "line", "value": "a"}]})
    };
    s.refused(M::POST, "/v3/{p}/tag-mgr/node-tags", Some(batch(vec![na, nb])), nb).await;
    let (status, _) = s.lin(M::POST, "/v3/{p}/tag-mgr/node-tags", Some(batch(vec![na]))).await;
    assert_eq!(status, StatusCode::OK);

    // Domains without a workspace are read-only for them.
    let (status, _) = s.lin(M::GET, "/v1/{p}/skill-market/skill-order", None).await;
    assert_eq!(status, StatusCode::OK);
    s.refused(M::POST, "/v1/{p}/skill-market/skill-order", Some(json!({"skill_id": "x"})), "read-only").await;

    // The admin, unlimited, sees both.
    let (_, all) = call(&s.base, &s.ada, M::GET, "/v3/{p}/ai-mgr/workspaces", None).await;
    assert!(all["workspaces"].as_array().unwrap().len() >= 3, "{all}");
}

#[tokio::test]
async fn bypasses_of_the_workspace_limit_change_nothing_upstream() {
    let s = setup("ws-bypass").await;
    let (b, nb) = (&s.b, &s.node_b);
    // Query tricks: an encoded key, another case, the key twice.
    for query in [
        format!("workspace%5Fid={b}"),
        format!("Workspace_Id={b}"),
        format!("workspace_id={}&workspace_id={b}", s.a),
        format!("workspace_id={}&workspace%5fid={b}", s.a),
    ] {
        s.refused(M::GET, &format!("/v3/{{p}}/ai-mgr/nodes?{query}"), None, "").await;
    }
    // Encoded path segments name the same device.
    let encoded: String = nb.bytes().map(|c| format!("%{c:02X}")).collect();
    s.refused(M::POST, &format!("/v3/{{p}}/ai-mgr/nodes/{encoded}/action/stop"), None, "not in one of your workspaces")
        .await;
    // Case tricks are no operation at all.
    let before = s.seen.lock().unwrap().len();
    let (status, _) = s.lin(M::POST, &format!("/V3/{{p}}/ai-mgr/nodes/{nb}/action/stop"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // A method override header is not forwarded: a GET stays a GET.
    let resp = client()
        .get(format!("{}/api/v3/{PROJECT}/ai-mgr/nodes/{}", s.base, s.node_a))
        .header("cookie", &s.lin)
        .header("x-http-method-override", "DELETE")
        .header("x-method-override", "DELETE")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let (status, _) = s.lin(M::GET, &format!("/v3/{{p}}/ai-mgr/nodes/{}", s.node_a), None).await;
    assert_eq!(status, StatusCode::OK, "the device is still there");
    // A duplicated key in a body is forwarded as checked.
    let dup =
        format!(r#"{{"workspace_id":"{}","configmap":{{"name":"cfg-dup","configs":[]}},"workspace_id":"{b}"}}"#, s.a);
    let resp = client()
        .post(format!("{}/api/v3/{PROJECT}/ai-mgr/configmaps", s.base))
        .header("cookie", &s.lin)
        .header("x-hilens-console", "1")
        .header("content-type", "application/json")
        .body(dup)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN, "the last key wins here, and it is not theirs");
    let writes: Vec<String> =
        s.seen.lock().unwrap()[before..].iter().filter(|r| !r.starts_with("GET ")).cloned().collect();
    assert!(writes.is_empty(), "nothing but reads went upstream: {writes:?}");
}
