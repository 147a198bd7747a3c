//! The deployment rules: the reference's examples, and for each rule a passing and a failing case.

use super::*;
use crate::query::{Params, Sort};
use serde_json::{json, Value};

/// The reference's create example (5.3.2), as printed.
fn reference_create() -> Value {
    json!({
        "name": "create-deployment-from-market", "description": "",
        "tags": [{"key": "key", "value": "value"}], "source": "userdefined",
        "deployment": {"replicas": "1", "template": {
            "configs": {"restart_policy": "Always", "host_network": false},
            "apps": [{
                "skill_project_id": "0c0e1e0f42e54119bf50d8b98aa3d71c",
                "app_url": "https://test-sdk.obs.cn-north-x.myhuaweicloud.com/xxxx",
                "version": "0.0.2", "name": "skill-test-reject",
                "envs": [{"name": "xxx", "value": "xxx"}], "privileged": "false",
                "volumes": [{"type": "configMap", "source": "config001", "read_only": true, "name": "vol001",
                    "key": "key", "destination": "xxx/xxxx"}],
                "msgs": [{"name": "xxx", "value": "xxx"}],
                "resources": {"limits": {"cpu": "0.25", "memory": "128"}, "requests": {}}
            }]
        }},
        "node_ids": ["hilens-8c79e1e7ff39437680a67783feb0e815"], "license_quota": 1
    })
}

/// A valid request to vary one field at a time.
fn good() -> Value {
    let mut v = reference_create();
    v["deployment"]["template"]["apps"][0]["volumes"][0]["key"] = json!("configMap");
    v["deployment"]["template"]["apps"][0]["volumes"][0]["destination"] = json!("/etc/config");
    v
}

fn create(v: Value) -> CreateDeploymentRequest {
    serde_json::from_value(v).unwrap()
}

/// The field the rule names when `edit` is applied to a good request (`None`: it passes).
fn field_after(edit: impl FnOnce(&mut Value)) -> Option<String> {
    let mut v = good();
    edit(&mut v);
    create(v).validate().err().map(|e| e.field)
}

fn app(v: &mut Value) -> &mut Value {
    &mut v["deployment"]["template"]["apps"][0]
}

#[test]
fn the_references_create_example_reads_and_breaks_two_of_its_own_rules() {
    let r = create(reference_create());
    assert_eq!(r.deployment.replicas, 1, "\"replicas\": \"1\" reads as a number");
    assert_eq!(r.deployment.template.apps[0].privileged, Some(false));
    // Its volume's key is "key" (the key is the volume type) and its destination is relative.
    assert_eq!(r.validate().unwrap_err().field, "deployment.template.apps[0].volumes[0].key");
    assert_eq!(field_after(|_| {}), None);
    assert_eq!(
        field_after(|v| app(v)["volumes"][0]["destination"] = json!("xxx/xxxx")).as_deref(),
        Some("deployment.template.apps[0].volumes[0].destination")
    );
    // Writing is exact: numbers and booleans, not strings.
    let out = serde_json::to_value(&r).unwrap();
    assert_eq!(out["deployment"]["replicas"], json!(1));
    assert_eq!(out["deployment"]["template"]["apps"][0]["privileged"], json!(false));
}

#[test]
fn the_references_answer_example_reads() {
    let d: Deployment = serde_json::from_value(json!({
        "template": {"configs": {"migration": false, "host_network": false, "host_pid": false,
            "restart_policy": "Always", "toleration_seconds": 0},
            "apps": [{"name": "example1-skill-name", "args": [],
                "command": ["--log_dir=/train --learning_rate=0.01 --batch_size=150"],
                "resources": {"limits": {"cpu": "0.25", "memory": "128"}, "requests": {}},
                "envs": [{"name": "IVA_SVC_CONFIG", "value": "{}"}], "msgs": [],
                "ports": [{"container_port": 10, "host_port": 23, "host_ip": "10.10.10.10"}], "privileged": false,
                "volumes": [{"name": "tmp", "type": "emptyDir", "source": "memory", "destination": "/tmp", "read_only": false},
                    {"name": "cgroun", "type": "hostPath", "source": "/sys/fs/cgroup", "destination": "/sys/fs/cgroup", "read_only": true}],
                "app_url": "xxx", "is_modelbox": true}]},
        "reason": null, "ready_replicas": 0, "replicas": 1, "description": "", "created_at": "2022-01-25 15:57:07 GMT+08:00",
        "source": "userdefined", "api_version": null, "node_ids": ["hilens-e17b497c3a00406f89f605e5c16b40d7"],
        "result": [{"node_id": "hilens-e17b497c3a00406f89f605e5c16b40d7"}], "cluster_id": "",
        "updated_at": "2022-01-25 15:57:07 GMT+08:00", "project_id": "fff47e1722f94c4e98531bae56821372",
        "name": "example1", "id": "hilens-9eebd2c03a2e48a6a47949fcb4f3f66f", "state": "CREATING"
    }))
    .unwrap();
    assert_eq!((d.state.as_str(), d.template.apps[0].volumes.len()), ("CREATING", 2));
    // The answer's app passes the app rules (its command has spaces: docs/choices.md).
    assert!(validate_app("apps[0]", &d.template.apps[0]).is_ok());
    let ids: DeploymentId = serde_json::from_str(r#"{"deployment_id": "12312433235465654777"}"#).unwrap();
    assert_eq!(ids.deployment_id, "12312433235465654777");
}

#[test]
fn names_versions_sources_and_descriptions() {
    assert_eq!(field_after(|v| v["name"] = json!("Bad_Name")).as_deref(), Some("name"));
    assert_eq!(field_after(|v| v["name"] = json!("-edge")).as_deref(), Some("name"));
    assert_eq!(field_after(|v| v["name"] = json!("a".repeat(33))).as_deref(), Some("name"));
    assert_eq!(field_after(|v| v["name"] = json!("a".repeat(32))), None);
    assert_eq!(field_after(|v| v["source"] = json!("github")).as_deref(), Some("source"));
    assert_eq!(field_after(|v| v["source"] = json!("hlm")), None);
    assert_eq!(field_after(|v| v["description"] = json!("a<b")).as_deref(), Some("description"));
    assert_eq!(field_after(|v| app(v)["name"] = json!("App")).as_deref(), Some("deployment.template.apps[0].name"));
    assert_eq!(
        field_after(|v| app(v)["version"] = json!("1.0 beta")).as_deref(),
        Some("deployment.template.apps[0].version")
    );
    assert_eq!(field_after(|v| app(v)["version"] = json!("v1.0_rc-2")), None);
    assert_eq!(
        field_after(|v| {
            v["source"] = json!("skill");
            app(v)["skill_project_id"] = json!("");
        })
        .as_deref(),
        Some("deployment.template.apps[0].skill_project_id")
    );
}

#[test]
fn targets_are_node_ids_or_a_cluster_or_node_tags() {
    assert_eq!(field_after(|v| v["cluster_id"] = json!("c1")).as_deref(), Some("cluster_id"));
    assert_eq!(field_after(|v| v["node_ids"] = json!([])).as_deref(), Some("node_ids"));
    let without = |v: &mut Value| {
        v.as_object_mut().unwrap().remove("node_ids");
    };
    assert_eq!(field_after(without).as_deref(), Some("node_ids"));
    assert_eq!(
        field_after(|v| {
            without(v);
            v["cluster_id"] = json!("c1");
        }),
        None
    );
    assert_eq!(
        field_after(|v| {
            without(v);
            v["node_tags"] = json!([{"key": "site", "value": "sz"}]);
        })
        .as_deref(),
        Some("node_num")
    );
    assert_eq!(
        field_after(|v| {
            without(v);
            v["node_tags"] = json!([{"key": "site", "value": "sz"}]);
            v["node_num"] = json!(3);
        }),
        None
    );
    assert_eq!(field_after(|v| v["tags"] = json!([{"key": "a b", "value": "x"}])).as_deref(), Some("tags[0].key"));
}

#[test]
fn replicas_configs_and_affinity() {
    for (replicas, ok) in [(0, false), (1, true), (99, true), (100, false)] {
        let f = field_after(|v| v["deployment"]["replicas"] = json!(replicas));
        assert_eq!(f.is_none(), ok, "{replicas}");
    }
    assert_eq!(
        field_after(|v| v["deployment"]["template"]["configs"]["restart_policy"] = json!("Sometimes")).as_deref(),
        Some("deployment.template.configs.restart_policy")
    );
    assert_eq!(
        field_after(|v| v["deployment"]["template"]["apps"] = json!([])).as_deref(),
        Some("deployment.template.apps")
    );
    let affinity =
        |e: Value| field_after(move |v| v["deployment"]["template"]["affinity"] = json!({"node_affinity": [e]}));
    let at = "deployment.template.affinity.node_affinity[0].values";
    assert_eq!(affinity(json!({"key": "zone", "operator": "In", "values": ["a"]})), None);
    assert_eq!(affinity(json!({"key": "zone", "operator": "In", "values": []})).as_deref(), Some(at));
    assert_eq!(affinity(json!({"key": "zone", "operator": "NotIn", "values": []})).as_deref(), Some(at));
    assert_eq!(affinity(json!({"key": "zone", "operator": "Exists", "values": []})), None);
    assert_eq!(affinity(json!({"key": "zone", "operator": "DoesNotExist", "values": ["a"]})).as_deref(), Some(at));
    assert_eq!(affinity(json!({"key": "cpu", "operator": "Gt", "values": ["4"]})), None);
    assert_eq!(affinity(json!({"key": "cpu", "operator": "Lt", "values": ["four"]})).as_deref(), Some(at));
    assert_eq!(affinity(json!({"key": "cpu", "operator": "Gt", "values": ["1", "2"]})).as_deref(), Some(at));
    assert_eq!(
        affinity(json!({"key": "cpu", "operator": "Near", "values": []})).as_deref(),
        Some("deployment.template.affinity.node_affinity[0].operator")
    );
}

#[test]
fn envs_one_of_value_value_from_field_path() {
    let env = |e: Value| field_after(move |v| app(v)["envs"] = json!([e]));
    let at = "deployment.template.apps[0].envs[0]";
    assert_eq!(env(json!({"name": "A", "value": "1"})), None);
    assert_eq!(env(json!({"name": "A", "field_path": "status.hostIP"})), None);
    assert_eq!(env(json!({"name": "A", "field_path": "status.podIP"})).as_deref(), Some(&*format!("{at}.field_path")));
    assert_eq!(env(json!({"name": "A"})).as_deref(), Some(at));
    assert_eq!(env(json!({"name": "A", "value": "1", "field_path": "status.hostIP"})).as_deref(), Some(at));
    assert_eq!(env(json!({"name": "1A", "value": "1"})).as_deref(), Some(&*format!("{at}.name")));
    assert_eq!(env(json!({"name": "A", "value": "x".repeat(20_481)})).as_deref(), Some(&*format!("{at}.value")));
    let from = |f: Value| env(json!({"name": "A", "value_from": f}));
    assert_eq!(from(json!({"configmap": {"name": "app-conf", "key": "level"}})), None);
    assert_eq!(from(json!({"secret": {"name": "app-keys", "key": "token"}})), None);
    assert_eq!(from(json!({})).as_deref(), Some(&*format!("{at}.value_from")));
    assert_eq!(
        from(json!({"configmap": {"name": "app-conf", "key": "a"}, "secret": {"name": "app-keys", "key": "b"}}))
            .as_deref(),
        Some(&*format!("{at}.value_from"))
    );
    assert_eq!(
        from(json!({"configmap": {"name": "A", "key": "level"}})).as_deref(),
        Some(&*format!("{at}.value_from.configmap.name"))
    );
    assert_eq!(
        from(json!({"secret": {"name": "app-keys", "key": "1x"}})).as_deref(),
        Some(&*format!("{at}.value_from.secret.key"))
    );
    let dup = field_after(|v| app(v)["envs"] = json!([{"name": "A", "value": "1"}, {"name": "A", "value": "2"}]));
    assert_eq!(dup.as_deref(), Some("deployment.template.apps[0].envs[1].name"));
    let msgs = field_after(|v| app(v)["msgs"] = json!([{"name": "m"}]));
    assert_eq!(msgs.as_deref(), Some("deployment.template.apps[0].msgs[0]"));
}

#[test]
fn ports_probes_and_channels() {
    let ports = |p: Value| field_after(move |v| app(v)["ports"] = json!([p]));
    let at = "deployment.template.apps[0].ports[0]";
    assert_eq!(ports(json!({"container_port": 80, "host_port": 8080})), None);
    assert_eq!(ports(json!({"container_port": 0})).as_deref(), Some(&*format!("{at}.container_port")));
    assert_eq!(ports(json!({"container_port": 80, "host_port": 65536})).as_deref(), Some(&*format!("{at}.host_port")));
    assert_eq!(
        ports(json!({"container_port": 80, "host_port": 1, "host_port_range": {"min_port": 1, "max_port": 2}}))
            .as_deref(),
        Some(&*format!("{at}.host_port"))
    );
    assert_eq!(ports(json!({"container_port": 80, "host_port_range": {"min_port": 100, "max_port": 200}})), None);
    assert_eq!(
        ports(json!({"container_port": 80, "host_port_range": {"min_port": 200, "max_port": 200}})).as_deref(),
        Some(&*format!("{at}.host_port_range.max_port"))
    );
    assert_eq!(
        ports(json!({"container_port": 80, "host_ip": "10.0.0.300"})).as_deref(),
        Some(&*format!("{at}.host_ip"))
    );
    let probe = |p: Value| field_after(move |v| app(v)["liveness_probe"] = p);
    let at = "deployment.template.apps[0].liveness_probe";
    assert_eq!(probe(json!({"http_get": {"path": "/health", "port": 8080}, "initial_delay_seconds": 10})), None);
    assert_eq!(probe(json!({"exec": {"command": "cat /tmp/ok"}, "timeout_seconds": 3600})), None);
    assert_eq!(probe(json!({})).as_deref(), Some(at));
    assert_eq!(probe(json!({"exec": {"command": "true"}, "http_get": {"path": "/", "port": 1}})).as_deref(), Some(at));
    assert_eq!(probe(json!({"exec": {"command": "a & b"}})).as_deref(), Some(&*format!("{at}.exec.command")));
    assert_eq!(
        probe(json!({"http_get": {"path": "health", "port": 80}})).as_deref(),
        Some(&*format!("{at}.http_get.path"))
    );
    assert_eq!(
        probe(json!({"http_get": {"path": "/", "port": 80, "scheme": "FTP"}})).as_deref(),
        Some(&*format!("{at}.http_get.scheme"))
    );
    assert_eq!(
        probe(json!({"exec": {"command": "true"}, "initial_delay_seconds": 0})).as_deref(),
        Some(&*format!("{at}.initial_delay_seconds"))
    );
    assert_eq!(
        probe(json!({"exec": {"command": "true"}, "timeout_seconds": 3601})).as_deref(),
        Some(&*format!("{at}.timeout_seconds"))
    );
    assert_eq!(field_after(|v| app(v)["channel_limit"] = json!(1000)), None);
    assert_eq!(
        field_after(|v| app(v)["channel_limit"] = json!(1001)).as_deref(),
        Some("deployment.template.apps[0].channel_limit")
    );
    assert_eq!(
        field_after(|v| app(v)["channel_upper_limit"] = json!(-1)).as_deref(),
        Some("deployment.template.apps[0].channel_upper_limit")
    );
    assert_eq!(
        field_after(|v| app(v)["args"] = json!(["--a=1", "$(HOME)"])).as_deref(),
        Some("deployment.template.apps[0].args[1]")
    );
    assert_eq!(field_after(|v| app(v)["command"] = json!(["run --fast"])), None);
    assert_eq!(field_after(|v| app(v)["npu_type"] = json!("D910")), None);
    assert_eq!(
        field_after(|v| app(v)["npu_type"] = json!("A100")).as_deref(),
        Some("deployment.template.apps[0].npu_type")
    );
}

#[test]
fn resources_and_volumes() {
    let res = |r: Value| field_after(move |v| app(v)["resources"] = r);
    let at = "deployment.template.apps[0].resources";
    assert_eq!(res(json!({"limits": {"cpu": "1000", "memory": "4", "gpu": "0", "npu": "1000"}})), None);
    assert_eq!(res(json!({"limits": {"cpu": "0.001"}})).as_deref(), Some(&*format!("{at}.limits.cpu")));
    assert_eq!(res(json!({"limits": {"memory": "3"}})).as_deref(), Some(&*format!("{at}.limits.memory")));
    assert_eq!(res(json!({"requests": {"memory": "0.5"}})), None);
    assert_eq!(res(json!({"requests": {"memory": "1024001"}})).as_deref(), Some(&*format!("{at}.requests.memory")));
    assert_eq!(res(json!({"requests": {"gpu": "1001"}})).as_deref(), Some(&*format!("{at}.requests.gpu")));
    assert_eq!(res(json!({"limits": {"npu": "-1"}})).as_deref(), Some(&*format!("{at}.limits.npu")));
    assert_eq!(res(json!({"limits": {"cpu": "many"}})).as_deref(), Some(&*format!("{at}.limits.cpu")));
    assert_eq!(res(json!({"limits": {"cpu": 2}})), None, "a bare number reads as a quantity");
    let vol = |v: Value| field_after(move |r| app(r)["volumes"] = json!([v]));
    let at = "deployment.template.apps[0].volumes[0]";
    assert_eq!(
        vol(json!({"name": "tmp", "type": "emptyDir", "source": "memory", "destination": "/tmp", "read_only": false})),
        None
    );
    assert_eq!(
        vol(json!({"name": "tmp", "type": "emptyDir", "source": "ram", "destination": "/tmp", "read_only": false}))
            .as_deref(),
        Some(&*format!("{at}.source"))
    );
    assert_eq!(
        vol(
            json!({"name": "cg", "type": "hostPath", "source": "/sys/fs/cgroup", "destination": "/sys/fs/cgroup", "read_only": true})
        ),
        None
    );
    assert_eq!(
        vol(json!({"name": "cg", "type": "hostPath", "source": "sys", "destination": "/sys", "read_only": true}))
            .as_deref(),
        Some(&*format!("{at}.source"))
    );
    assert_eq!(
        vol(json!({"name": "conf", "type": "configMap", "source": "app-conf", "destination": "/etc/app", "read_only": false})).as_deref(),
        Some(&*format!("{at}.read_only"))
    );
    assert_eq!(
        vol(
            json!({"name": "keys", "type": "secret", "source": "app-keys", "destination": "/etc/keys", "read_only": true})
        ),
        None
    );
    assert_eq!(
        vol(json!({"name": "Tmp", "type": "emptyDir", "source": "disk", "destination": "/tmp", "read_only": false}))
            .as_deref(),
        Some(&*format!("{at}.name"))
    );
    assert_eq!(
        vol(json!({"name": "tmp", "type": "nfs", "source": "disk", "destination": "/tmp", "read_only": false}))
            .as_deref(),
        Some(&*format!("{at}.type"))
    );
    assert_eq!(
        vol(
            json!({"name": "tmp", "type": "emptyDir", "source": "disk", "destination": "/a/../etc", "read_only": false})
        )
        .as_deref(),
        Some(&*format!("{at}.destination"))
    );
}

#[test]
fn updates_patches_and_added_nodes() {
    let upd =
        |v: Value| serde_json::from_value::<UpdateDeploymentRequest>(v).unwrap().validate().err().map(|e| e.field);
    assert_eq!(upd(json!({"description": "new"})), None);
    assert_eq!(upd(json!({})).as_deref(), Some("deployment"));
    assert_eq!(upd(json!({"deployment": good()["deployment"].clone()})), None);
    assert_eq!(
        upd(json!({"deployment": {"replicas": 100, "template": good()["deployment"]["template"].clone()}})).as_deref(),
        Some("deployment.replicas")
    );
    let patch = |v: Value| serde_json::from_value::<PatchDeploymentRequest>(v).unwrap();
    assert_eq!(patch(json!({"version": "1.0.1"})).validate(), Ok(()));
    assert_eq!(patch(json!({})).validate().unwrap_err().field, "patch");
    assert_eq!(
        patch(json!({"patch": {"envs": [{"name": "A", "value": "1"}, {"name": "A", "value": "2"}]}}))
            .validate()
            .unwrap_err()
            .field,
        "patch.envs[1].name"
    );
    let p = patch(
        json!({"version": "2.0.0", "patch": {"envs": [{"name": "xxx", "value": "new"}, {"name": "B", "value": "b"}]}}),
    );
    let mut apps = create(good()).deployment.template.apps;
    p.apply(&mut apps);
    assert_eq!(apps[0].version.as_deref(), Some("2.0.0"));
    assert_eq!(apps[0].envs.len(), 2);
    assert_eq!(apps[0].envs[0].value.as_deref(), Some("new"));
    let add = |v: Value| serde_json::from_value::<AddNodesRequest>(v).unwrap().validate("d1").err().map(|e| e.field);
    assert_eq!(add(json!({"deployment_id": "d1", "node_ids": ["n1"], "node_num": 1})), None);
    assert_eq!(
        add(json!({"deployment_id": "d2", "node_ids": ["n1"], "node_num": 1})).as_deref(),
        Some("deployment_id")
    );
    assert_eq!(add(json!({"deployment_id": "d1", "node_num": 1})).as_deref(), Some("node_ids"));
    assert_eq!(
        add(json!({"deployment_id": "d1", "node_tags": [{"key": "a", "value": "b"}], "node_num": 0})).as_deref(),
        Some("node_num")
    );
}

#[test]
fn list_queries() {
    let p = |v: &[(&str, &str)]| v.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<Vec<_>>();
    let q =
        DeploymentListQuery::from_pairs(&p(&[("name", "cam"), ("sort", "created_at:desc"), ("limit", "100")])).unwrap();
    assert_eq!(
        (q.name.as_deref(), q.sort, q.limit),
        (Some("cam"), Some(Sort { field: "created_at".into(), descending: true }), Some(100))
    );
    assert_eq!(
        DeploymentListQuery::from_pairs(&p(&[("cluster_id", "c"), ("node_id", "n")])).unwrap_err().field,
        "node_id"
    );
    assert_eq!(DeploymentListQuery::from_pairs(&p(&[("sort", "size:desc")])).unwrap_err().field, "sort");
    assert_eq!(DeploymentListQuery::from_pairs(&p(&[("limit", "101")])).unwrap_err().field, "limit");
    assert_eq!(PodListQuery::from_pairs(&p(&[("cluster_id", "c"), ("node_id", "n")])).unwrap_err().field, "node_id");
    assert_eq!(PodListQuery::from_pairs(&p(&[("provider", "aws")])).unwrap_err().field, "provider");
    assert_eq!(PodListQuery::from_pairs(&p(&[("deployment_id", "d")])).unwrap().deployment_id.as_deref(), Some("d"));
}

#[test]
fn the_references_put_patch_and_pods_examples() {
    let put: UpdateDeploymentRequest = serde_json::from_value(json!({"deployment": {"replicas": 1, "template": {
        "configs": {"restart_policy": "Always", "host_network": false},
        "apps": [{"privileged": false, "resources": {"limits": {"cpu": "0.25", "memory": "128"}, "requests": {}},
            "name": "image", "app_url": "xxx"}]}}}))
    .unwrap();
    assert_eq!(put.validate(), Ok(()));
    let version: PatchDeploymentRequest = serde_json::from_value(json!({"version": "0.0.2"})).unwrap();
    assert_eq!(version.validate(), Ok(()));
    let envs: PatchDeploymentRequest = serde_json::from_value(json!({"patch": {"envs": [
        {"name": "aaaaaaaaaaaaaaaaa1", "value": "1"}, {"name": "aaaaaaaaaaaaaaaaa2", "value": "2"},
        {"name": "yyyyyyyyyyyyyyy1", "field_path": "status.hostIP"}]}}))
    .unwrap();
    assert_eq!(envs.validate(), Ok(()));
    let pods: PodList = serde_json::from_value(json!({"count": 1, "pods": [{
        "configs": {"migration": false, "host_network": false, "host_pid": false, "restart_policy": "Always", "toleration_seconds": 0},
        "reason": "open /home/hilens/apps/test-rpm/packages/base64_decoder.toml: no such file or directory",
        "host_ip": "192.168.2.111", "created_at": "2021-12-08 19:09:27 GMT+08:00", "cluster_id": null,
        "updated_at": "2021-12-08 20:26:20 GMT+08:00", "project_id": "fff47e1722f94c4e98531bae56821372",
        "name": "12312312313_test-rpm_0", "id": "hilens-12312312313_test-rpm_0",
        "deployment_id": "hilens-413a558214814d249d43988cc1f788b6", "affinity": null,
        "apps": [{"name": "test-rpm", "args": [], "command": [], "resources": {"limits": {"cpu": "0.25", "memory": "128"}, "requests": {}},
            "envs": [], "msgs": [], "ports": [], "privileged": false, "version": "1.0.0", "volumes": [], "app_url": "xxx",
            "app_order_id": "702786922fc74954818e549383306d30", "is_modelbox": false}],
        "node_id": "hilens-8977fd2811464c1bb19eeb1939142841", "status": "Failed"}]}))
    .unwrap();
    assert_eq!((pods.count, pods.pods[0].status.as_str(), pods.pods[0].affinity.is_none()), (1, "Failed", true));
    let pod: PodId = serde_json::from_str(r#"{"pod_id": "12312433235465654777"}"#).unwrap();
    assert_eq!(pod.pod_id, "12312433235465654777");
}

/// A form marks every bad field at once: the five mistakes of the editor's test, each with its
/// path; the API's answer is still the first.
#[test]
fn every_violation_of_a_request_is_found_with_its_path() {
    let mut v = good();
    v["name"] = json!("Bad_Name");
    app(&mut v)["envs"] =
        json!([{"name": "MODE", "value": "a", "value_from": {"configmap": {"name": "cfg-one", "key": "k"}}}]);
    app(&mut v)["ports"] = json!([{"container_port": 80, "host_port_range": {"min_port": 300, "max_port": 200}}]);
    app(&mut v)["volumes"] =
        json!([{"name": "logs", "type": "hostPath", "source": "var/log", "destination": "/logs", "read_only": true}]);
    v["deployment"]["template"]["affinity"] =
        json!({"node_affinity": [{"key": "zone", "operator": "Exists", "values": ["a"]}]});
    let request = create(v);
    let fields: Vec<String> = request.violations().into_vec().into_iter().map(|e| e.field).collect();
    let at = "deployment.template";
    assert_eq!(
        fields,
        vec![
            "name".to_string(),
            format!("{at}.apps[0].envs[0]"),
            format!("{at}.apps[0].ports[0].host_port_range.max_port"),
            format!("{at}.apps[0].volumes[0].source"),
            format!("{at}.affinity.node_affinity[0].values"),
        ]
    );
    assert_eq!(request.validate().unwrap_err().field, "name");
}

#[test]
fn a_template_uses_the_config_maps_and_secrets_its_envs_and_volumes_name() {
    let template: DeploymentTemplate = serde_json::from_value(serde_json::json!({
        "configs": {"host_network": false, "restart_policy": "Always"},
        "apps": [{"name": "a", "app_url": "x", "app_version": "1.0.0",
            "envs": [{"name": "E", "value_from": {"configmap": {"name": "settings", "key": "k"}}}],
            "volumes": [{"name": "v", "type": "secret", "source": "creds", "destination": "/etc/c", "read_only": true}]}]
    }))
    .unwrap();
    assert!(template.uses(Source::ConfigMap, "settings"));
    assert!(!template.uses(Source::ConfigMap, "creds"));
    assert!(template.uses(Source::Secret, "creds"));
    assert!(!template.uses(Source::Secret, "settings"));
}

#[test]
fn a_deployment_read_back_as_a_draft_updates_to_itself() {
    let d = Deployment {
        name: "gate-cam".into(),
        source: "userdefined".into(),
        node_ids: vec!["n1".into()],
        description: Some("".into()),
        template: DeploymentTemplate {
            configs: PodConfig { restart_policy: "Always".into(), ..Default::default() },
            apps: vec![AppDef { name: "app".into(), app_url: "swr/app".into(), ..Default::default() }],
            affinity: None,
            init_containers: Some(vec![AppDef {
                name: "init".into(),
                app_url: "swr/init".into(),
                ..Default::default()
            }]),
        },
        ..Default::default()
    };
    let draft = d.to_draft();
    assert_eq!(draft.validate(), Ok(()));
    assert_eq!(draft.deployment.template.init_containers, d.template.init_containers, "init containers carried over");
    assert_eq!((draft.description.clone(), draft.node_ids.clone()), (None, Some(vec!["n1".to_string()])));
    let update = draft.to_update();
    assert_eq!(update.validate(), Ok(()));
    assert_eq!(update.deployment.unwrap().template.apps, d.template.apps);
}

#[test]
fn summaries_read_the_fields_of_whole_deployments_and_instances() {
    let deployment = Deployment {
        id: "d1".into(),
        name: "gate".into(),
        state: "RUNNING".into(),
        replicas: 2,
        ready_replicas: 1,
        node_num: 2,
        ..Default::default()
    };
    let json = serde_json::to_string(&DeploymentList { count: 3, deployments: vec![deployment] }).unwrap();
    let list: DeploymentList<DeploymentSummary> = serde_json::from_str(&json).unwrap();
    assert_eq!(list.count, 3);
    let d = &list.deployments[0];
    assert_eq!(
        (d.id.as_str(), d.name.as_str(), d.state.as_str(), d.replicas, d.ready_replicas),
        ("d1", "gate", "RUNNING", 2, 1)
    );
    // The answer's numbers may come as strings (lenient, as in the whole type).
    let lenient: DeploymentSummary =
        serde_json::from_value(json!({"state": "RUNNING", "replicas": "2", "ready_replicas": "2"})).unwrap();
    assert_eq!((lenient.replicas, lenient.ready_replicas), (2, 2));

    let pod = Pod {
        id: "p1".into(),
        deployment_id: "d1".into(),
        node_id: "n1".into(),
        status: "Failed".into(),
        ..Default::default()
    };
    let json = serde_json::to_string(&PodList { count: 1, pods: vec![pod] }).unwrap();
    let pods: PodList<PodSummary> = serde_json::from_str(&json).unwrap();
    let p = &pods.pods[0];
    assert_eq!(
        (p.id.as_str(), p.deployment_id.as_str(), p.node_id.as_str(), p.status.as_str()),
        ("p1", "d1", "n1", "Failed")
    );
}

#[test]
fn health_follows_its_precedence() {
    use super::{health, Health};
    let failed = ["Failed", "Failed"];
    let mixed = ["Failed", "Running"];
    assert_eq!(health("HIBERNATED", 0, 2, Some(&failed)), Health::Paused, "paused before anything else");
    assert_eq!(health("CREATING", 0, 2, Some(&failed)), Health::Creating);
    assert_eq!(health("RUNNING", 1, 2, None), Health::Degraded { ready: 1, desired: 2 });
    assert_eq!(health("RUNNING", 0, 2, Some(&failed)), Health::Degraded { ready: 0, desired: 2 });
    assert_eq!(health("RUNNING", 2, 2, None), Health::Running);
    assert_eq!(health("RUNNING", 3, 2, None), Health::Running);
    assert_eq!(health("FAILED", 2, 2, None), Health::Failed);
    assert_eq!(health("UNKNOWN", 0, 2, Some(&failed)), Health::Failed, "every instance failed");
    assert_eq!(health("UNKNOWN", 0, 2, Some(&mixed)), Health::Other);
    assert_eq!(health("UNKNOWN", 0, 2, Some(&[])), Health::Other, "no instance is not every instance failing");
    // Every health but Other has an address name, and each name is its own.
    let known =
        [Health::Running, Health::Degraded { ready: 0, desired: 1 }, Health::Paused, Health::Failed, Health::Creating];
    assert_eq!(known.map(Health::key).to_vec(), super::HEALTH_KEYS.to_vec());
}
