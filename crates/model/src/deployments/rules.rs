//! Every documented field rule of a deployment request, each failure naming its path from the
//! body's root; `violations()` finds them all (a form marks every bad field at once), `validate()`
//! answers with the first (as the API does).

use super::*;
use crate::configmaps::validate_config_map_name;
use crate::error::FieldError;
use crate::rules::{self, Violations};
use crate::secrets::validate_secret_key;
use crate::tags::validate_tags;

fn pattern(field: &str, ok: bool, zh: &str, en: &str) -> Result<(), FieldError> {
    if ok {
        Ok(())
    } else {
        Err(FieldError::new(field, "pattern", zh, en))
    }
}

fn fail(field: &str, rule: &'static str, zh: &str, en: &str) -> FieldError {
    FieldError::new(field, rule, zh, en)
}

/// Deployment and app names: lower-case letters, digits and `-`, at most 32, starting and
/// ending with a letter or digit.
pub fn validate_deployment_name(field: &str, name: &str) -> Result<(), FieldError> {
    rules::length(field, name, NAME_LEN.0, NAME_LEN.1)?;
    let alnum = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    pattern(
        field,
        name.chars().all(|c| alnum(c) || c == '-') && name.starts_with(alnum) && name.ends_with(alnum),
        NAME_PATTERN.0,
        NAME_PATTERN.1,
    )
}

/// A deployment's (and an app's) name: its length and its characters.
pub const NAME_LEN: (usize, usize) = (1, 32);
const NAME_PATTERN: (&str, &str) = (
    "只能包含小写字母、数字和中划线，并以小写字母或数字开头和结尾",
    "may contain only lower-case letters, digits and '-', and must start and end with a letter or digit",
);

/// What [`validate_deployment_name`] asks.
pub fn name_hint() -> rules::Hint {
    rules::Hint::length(NAME_LEN).then(NAME_PATTERN.0, NAME_PATTERN.1)
}

/// A version: at most 128 letters, digits, `_`, `.`, `-`.
pub fn validate_version(field: &str, v: &str) -> Result<(), FieldError> {
    rules::length(field, v, 1, 128)?;
    pattern(
        field,
        v.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')),
        "只能包含字母、数字、下划线、点号和中划线",
        "may contain only letters, digits, '_', '.' and '-'",
    )
}

/// An env name: starts with a letter or `_`, then letters, digits, `_`; at most 2048.
pub fn validate_env_name(field: &str, name: &str) -> Result<(), FieldError> {
    rules::length(field, name, 1, 2048)?;
    pattern(
        field,
        name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
        "以字母或下划线开头，只能包含字母、数字和下划线",
        "must start with a letter or '_' and contain only letters, digits and '_'",
    )
}

/// Envs (or msgs) at `field`: each name valid and unique, exactly one of value, value_from and
/// field_path.
pub fn validate_envs(field: &str, envs: &[Env]) -> Result<(), FieldError> {
    let mut v = Violations::default();
    check_envs(field, envs, &mut v);
    v.first()
}

/// [`validate_envs`], recording every broken rule.
pub fn check_envs(field: &str, envs: &[Env], v: &mut Violations) {
    for (i, env) in envs.iter().enumerate() {
        let at = format!("{field}[{i}]");
        if v.check(validate_env_name(&format!("{at}.name"), &env.name)) && envs[..i].iter().any(|e| e.name == env.name)
        {
            v.push(fail(&format!("{at}.name"), "unique", "环境变量名重复", "repeats an earlier env name"));
        }
        let given = [env.value.is_some(), env.value_from.is_some(), env.field_path.is_some()];
        if given.iter().filter(|g| **g).count() != 1 {
            v.push(fail(
                &at,
                "one_of",
                "value、value_from 与 field_path 必须且只能给出一个",
                "needs exactly one of value, value_from and field_path",
            ));
            continue;
        }
        if let Some(value) = &env.value {
            v.check(rules::length(&format!("{at}.value"), value, 0, 20_480));
        }
        if let Some(p) = &env.field_path {
            v.check(rules::one_of(&format!("{at}.field_path"), p, &[FIELD_PATH_HOST_IP]));
        }
        if let Some(from) = &env.value_from {
            let at = format!("{at}.value_from");
            match (&from.configmap, &from.secret) {
                (Some(c), None) => {
                    v.check(validate_config_map_name(&format!("{at}.configmap.name"), &c.name));
                    v.check(validate_secret_key(&format!("{at}.configmap.key"), &c.key));
                }
                (None, Some(s)) => {
                    v.check(validate_config_map_name(&format!("{at}.secret.name"), &s.name));
                    v.check(validate_secret_key(&format!("{at}.secret.key"), &s.key));
                }
                _ => v.push(fail(
                    &at,
                    "one_of",
                    "configmap 与 secret 必须且只能给出一个",
                    "needs exactly one of configmap and secret",
                )),
            }
        }
    }
}

fn port(field: &str, p: i64) -> Result<(), FieldError> {
    rules::int_in_range(field, &p.to_string(), 1, 65_535).map(|_| ())
}

fn ipv4(field: &str, v: &str) -> Result<(), FieldError> {
    let parts: Vec<&str> = v.split('.').collect();
    let ok = parts.len() == 4
        && parts.iter().all(|p| !p.is_empty() && p.len() <= 3 && p.parse::<u8>().is_ok_and(|n| n.to_string() == *p));
    pattern(field, ok, "必须是 IPv4 地址，如 192.168.0.1", "must be an IPv4 address such as 192.168.0.1")
}

fn validate_port_mapping(at: &str, m: &PortMapping) -> Result<(), FieldError> {
    port(&format!("{at}.container_port"), m.container_port)?;
    if let Some(ip) = &m.host_ip {
        ipv4(&format!("{at}.host_ip"), ip)?;
    }
    match (m.host_port, &m.host_port_range) {
        (Some(p), None) => port(&format!("{at}.host_port"), p),
        (None, Some(r)) => {
            port(&format!("{at}.host_port_range.min_port"), r.min_port)?;
            port(&format!("{at}.host_port_range.max_port"), r.max_port)?;
            if r.max_port <= r.min_port {
                return Err(fail(
                    &format!("{at}.host_port_range.max_port"),
                    "greater",
                    "必须大于 min_port",
                    "must be greater than min_port",
                ));
            }
            Ok(())
        }
        (Some(_), Some(_)) => Err(fail(
            &format!("{at}.host_port"),
            "one_of",
            "host_port 与 host_port_range 只能给出一个",
            "cannot be given together with host_port_range",
        )),
        // Neither: host networking or no published port; the cloud accepts it.
        (None, None) => Ok(()),
    }
}

fn validate_probe(at: &str, p: &Probe) -> Result<(), FieldError> {
    match (&p.exec, &p.http_get) {
        (Some(e), None) => {
            rules::length(&format!("{at}.exec.command"), &e.command, 1, 10_240)?;
            rules::none_of(&format!("{at}.exec.command"), &e.command, PROBE_COMMAND_FORBIDDEN)?;
        }
        (None, Some(h)) => {
            let path = format!("{at}.http_get.path");
            rules::length(&path, &h.path, 1, 2048)?;
            pattern(&path, h.path.starts_with('/'), "必须以 / 开头", "must start with '/'")?;
            port(&format!("{at}.http_get.port"), h.port)?;
            if let Some(s) = &h.scheme {
                rules::one_of(&format!("{at}.http_get.scheme"), s, SCHEMES)?;
            }
            if let Some(host) = &h.host {
                rules::length(&format!("{at}.http_get.host"), host, 1, 255)?;
            }
        }
        _ => {
            return Err(fail(
                at,
                "one_of",
                "exec 与 http_get 必须且只能给出一个",
                "needs exactly one of exec and http_get",
            ))
        }
    }
    for (name, v) in [("initial_delay_seconds", p.initial_delay_seconds), ("timeout_seconds", p.timeout_seconds)] {
        if let Some(v) = v {
            rules::int_in_range(&format!("{at}.{name}"), &v.to_string(), 1, 3600)?;
        }
    }
    Ok(())
}

/// A quantity written as text within `min..=max`.
fn quantity(field: &str, v: &str, min: f64, max: f64) -> Result<(), FieldError> {
    let n: Option<f64> = v.trim().parse().ok().filter(|n: &f64| n.is_finite());
    match n {
        Some(n) if n >= min && n <= max => Ok(()),
        _ => Err(FieldError::new(
            field,
            "range",
            format!("必须是 {min} 到 {max} 之间的数值"),
            format!("must be a number from {min} to {max}"),
        )),
    }
}

fn validate_res(at: &str, r: &Res, is_limit: bool) -> Result<(), FieldError> {
    if let Some(v) = &r.cpu {
        quantity(&format!("{at}.cpu"), v, 0.01, 1000.0)?;
    }
    if let Some(v) = &r.memory {
        quantity(&format!("{at}.memory"), v, if is_limit { 4.0 } else { 0.01 }, 1_024_000.0)?;
    }
    if let Some(v) = &r.gpu {
        quantity(&format!("{at}.gpu"), v, 0.0, 1000.0)?;
    }
    if let Some(v) = &r.npu {
        quantity(&format!("{at}.npu"), v, 0.0, 1000.0)?;
    }
    Ok(())
}

fn validate_resources(at: &str, r: &ResRequest) -> Result<(), FieldError> {
    if let Some(l) = &r.limits {
        validate_res(&format!("{at}.limits"), l, true)?;
    }
    if let Some(q) = &r.requests {
        validate_res(&format!("{at}.requests"), q, false)?;
    }
    Ok(())
}

fn validate_volume(at: &str, v: &Volume) -> Result<(), FieldError> {
    let name = format!("{at}.name");
    rules::length(&name, &v.name, 1, 63)?;
    pattern(
        &name,
        v.name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()),
        "只能包含小写字母和数字",
        "may contain only lower-case letters and digits",
    )?;
    let kind = rules::one_of(&format!("{at}.type"), &v.volume_type, VOLUME_TYPES)?;
    if let Some(k) = &v.key {
        rules::one_of(&format!("{at}.key"), k, VOLUME_TYPES)?;
    }
    let dest = format!("{at}.destination");
    rules::length(&dest, &v.destination, 2, 1024)?;
    pattern(&dest, is_absolute_path(&v.destination), "必须是以 / 开头的合法路径", "must be an absolute path")?;
    let source = format!("{at}.source");
    match kind {
        "hostPath" => {
            rules::length(&source, &v.source, 1, 1024)?;
            pattern(
                &source,
                is_absolute_path(&v.source),
                "必须以 / 开头，只能包含字母、数字、中划线、下划线、点号和 /",
                "must start with '/' and contain only letters, digits, '-', '_', '.' and '/'",
            )?;
        }
        "emptyDir" => {
            rules::one_of(&source, &v.source, EMPTY_DIR_MEDIA)?;
        }
        "configMap" | "secret" => {
            validate_config_map_name(&source, &v.source)?;
            if !v.read_only {
                return Err(fail(
                    &format!("{at}.read_only"),
                    "read_only",
                    "configMap 与 secret 类型的卷只能只读",
                    "must be true for configMap and secret volumes",
                ));
            }
        }
        _ => {}
    }
    Ok(())
}

/// `/` followed by letters, digits, `-`, `_`, `.`, `/`; no `..` segment.
fn is_absolute_path(p: &str) -> bool {
    p.starts_with('/')
        && p.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
        && !p.split('/').any(|s| s == "..")
}

fn validate_strings(field: &str, items: &[String]) -> Result<(), FieldError> {
    let total: usize = items.iter().map(|s| s.chars().count()).sum();
    if total > 65_536 {
        return Err(fail(field, "length", "总长度不能超过 65536 个字符", "must be at most 65536 characters in total"));
    }
    for (i, s) in items.iter().enumerate() {
        rules::none_of(&format!("{field}[{i}]"), s, COMMAND_FORBIDDEN)?;
    }
    Ok(())
}

/// One app at `at` (`deployment.template.apps[0]`).
pub fn validate_app(at: &str, app: &AppDef) -> Result<(), FieldError> {
    let mut v = Violations::default();
    check_app(at, app, &mut v);
    v.first()
}

/// [`validate_app`], recording every broken rule.
pub fn check_app(at: &str, app: &AppDef, v: &mut Violations) {
    v.check(validate_deployment_name(&format!("{at}.name"), &app.name));
    v.check(rules::length(&format!("{at}.app_url"), &app.app_url, 1, 2048));
    if let Some(o) = &app.app_order_id {
        v.check(rules::length(&format!("{at}.app_order_id"), o, 1, 64));
    }
    for (name, limit) in [("channel_limit", app.channel_limit), ("channel_upper_limit", app.channel_upper_limit)] {
        if let Some(limit) = limit {
            v.check(rules::int_in_range(&format!("{at}.{name}"), &limit.to_string(), 0, 1000));
        }
    }
    v.check(validate_strings(&format!("{at}.args"), &app.args));
    v.check(validate_strings(&format!("{at}.command"), &app.command));
    check_envs(&format!("{at}.envs"), &app.envs, v);
    check_envs(&format!("{at}.msgs"), &app.msgs, v);
    if let Some(t) = &app.npu_type {
        v.check(rules::one_of(&format!("{at}.npu_type"), t, NPU_TYPES));
    }
    for (i, m) in app.ports.iter().enumerate() {
        v.check(validate_port_mapping(&format!("{at}.ports[{i}]"), m));
    }
    if let Some(p) = &app.liveness_probe {
        v.check(validate_probe(&format!("{at}.liveness_probe"), p));
    }
    if let Some(p) = &app.readiness_probe {
        v.check(validate_probe(&format!("{at}.readiness_probe"), p));
    }
    v.check(validate_resources(&format!("{at}.resources"), &app.resources));
    if let Some(r) = &app.start_resources {
        v.check(validate_resources(&format!("{at}.start_resources"), r));
    }
    if let Some(r) = &app.channel_resources {
        v.check(validate_resources(&format!("{at}.channel_resources"), r));
    }
    if let Some(version) = &app.version {
        v.check(validate_version(&format!("{at}.version"), version));
    }
    for (i, volume) in app.volumes.iter().enumerate() {
        v.check(validate_volume(&format!("{at}.volumes[{i}]"), volume));
        if app.volumes[..i].iter().any(|w| w.name == volume.name) {
            v.push(fail(&format!("{at}.volumes[{i}].name"), "unique", "卷名称重复", "repeats an earlier volume name"));
        }
    }
}

/// A match expression's operator against its values.
pub fn validate_match_expression(at: &str, m: &MatchExpression) -> Result<(), FieldError> {
    let Some(op) = &m.operator else {
        return Err(fail(&format!("{at}.operator"), "required", "不能为空", "is required"));
    };
    let op = rules::one_of(&format!("{at}.operator"), op, OPERATORS)?;
    let key = m.key.as_deref().unwrap_or_default();
    rules::length(&format!("{at}.key"), key, 1, 63)?;
    let values = format!("{at}.values");
    match op {
        "In" | "NotIn" if m.values.is_empty() => {
            Err(fail(&values, "count", "In 与 NotIn 需要至少一个值", "must not be empty for In and NotIn"))
        }
        "Exists" | "DoesNotExist" if !m.values.is_empty() => {
            Err(fail(&values, "count", "Exists 与 DoesNotExist 不能带值", "must be empty for Exists and DoesNotExist"))
        }
        "Gt" | "Lt" if m.values.len() != 1 || m.values[0].trim().parse::<i64>().is_err() => {
            Err(fail(&values, "count", "Gt 与 Lt 需要恰好一个整数值", "must hold exactly one integer for Gt and Lt"))
        }
        _ => Ok(()),
    }
}

/// The whole `deployment` object at `at`.
pub fn validate_deployment_request(at: &str, d: &DeploymentRequest) -> Result<(), FieldError> {
    let mut v = Violations::default();
    check_deployment_request(at, d, &mut v);
    v.first()
}

/// [`validate_deployment_request`], recording every broken rule.
pub fn check_deployment_request(at: &str, d: &DeploymentRequest, v: &mut Violations) {
    v.check(rules::int_in_range(&format!("{at}.replicas"), &d.replicas.to_string(), 1, 99));
    let t = &d.template;
    let at = format!("{at}.template");
    if t.apps.is_empty() {
        v.push(fail(&format!("{at}.apps"), "required", "至少需要一个应用", "needs at least one app"));
    }
    v.check(rules::max_items(&format!("{at}.apps"), t.apps.len(), 10));
    for (i, app) in t.apps.iter().enumerate() {
        check_app(&format!("{at}.apps[{i}]"), app, v);
        if t.apps[..i].iter().any(|a| a.name == app.name) {
            v.push(fail(&format!("{at}.apps[{i}].name"), "unique", "应用名称重复", "repeats an earlier app name"));
        }
    }
    if let Some(init) = &t.init_containers {
        for (i, app) in init.iter().enumerate() {
            check_app(&format!("{at}.init_containers[{i}]"), app, v);
        }
    }
    v.check(rules::one_of(&format!("{at}.configs.restart_policy"), &t.configs.restart_policy, RESTART_POLICIES));
    if let Some(s) = t.configs.toleration_seconds {
        v.check(rules::int_in_range(&format!("{at}.configs.toleration_seconds"), &s.to_string(), 0, 86_400));
    }
    if let Some(a) = &t.affinity {
        for (i, m) in a.node_affinity.iter().enumerate() {
            v.check(validate_match_expression(&format!("{at}.affinity.node_affinity[{i}]"), m));
        }
        for (i, m) in a.pod_affinity.iter().enumerate() {
            v.check(validate_match_expression(&format!("{at}.affinity.pod_affinity[{i}]"), m));
        }
    }
}

pub fn validate_node_ids(field: &str, ids: &[String]) -> Result<(), FieldError> {
    if ids.is_empty() {
        return Err(fail(field, "required", "不能为空", "must not be empty"));
    }
    rules::max_items(field, ids.len(), MAX_NODES)?;
    for (i, id) in ids.iter().enumerate() {
        rules::length(&format!("{field}[{i}]"), id, 1, 64)?;
    }
    Ok(())
}

fn validate_node_num(n: Option<i64>) -> Result<(), FieldError> {
    match n {
        Some(n) => rules::int_in_range("node_num", &n.to_string(), 1, MAX_NODES as i64).map(|_| ()),
        None => Err(fail("node_num", "required", "按节点标签部署时不能为空", "is required with node_tags")),
    }
}

impl CreateDeploymentRequest {
    /// The first broken rule (the API's answer).
    pub fn validate(&self) -> Result<(), FieldError> {
        self.violations().first()
    }

    /// Every broken rule, each with its field path, in the order a form shows them.
    pub fn violations(&self) -> Violations {
        let mut v = Violations::default();
        v.check(validate_deployment_name("name", &self.name));
        v.check(rules::one_of("source", &self.source, SOURCES));
        if let Some(d) = &self.description {
            v.check(rules::description("description", d));
        }
        v.check(validate_tags("tags", &self.tags));
        if let Some(q) = self.license_quota {
            v.check(rules::int_in_range("license_quota", &q.to_string(), 0, 1_000_000));
        }
        // Where it goes: node ids, a cluster, or devices by tag; exactly one.
        match (&self.node_ids, &self.cluster_id, &self.node_tags) {
            (Some(ids), None, None) => {
                v.check(validate_node_ids("node_ids", ids));
            }
            (None, Some(c), None) => {
                v.check(rules::length("cluster_id", c, 1, 64));
            }
            (None, None, Some(tags)) => {
                if tags.is_empty() {
                    v.push(fail("node_tags", "required", "不能为空", "must not be empty"));
                }
                v.check(validate_tags("node_tags", tags));
                v.check(validate_node_num(self.node_num));
            }
            (None, None, None) => v.push(fail(
                "node_ids",
                "required",
                "node_ids、cluster_id 与 node_tags 必须给出一个",
                "one of node_ids, cluster_id and node_tags is required",
            )),
            _ => v.push(fail(
                "cluster_id",
                "one_of",
                "node_ids、cluster_id 与 node_tags 只能给出一个",
                "only one of node_ids, cluster_id and node_tags may be given",
            )),
        }
        check_deployment_request("deployment", &self.deployment, &mut v);
        if self.source == "skill" {
            for (i, app) in self.deployment.template.apps.iter().enumerate() {
                if app.skill_project_id.as_deref().unwrap_or_default().is_empty() {
                    v.push(fail(
                        &format!("deployment.template.apps[{i}].skill_project_id"),
                        "required",
                        "来源为 skill 时不能为空",
                        "is required when source is skill",
                    ));
                }
            }
        }
        v
    }
}

impl UpdateDeploymentRequest {
    pub fn validate(&self) -> Result<(), FieldError> {
        if let Some(d) = &self.deployment {
            validate_deployment_request("deployment", d)?;
        }
        if let Some(d) = &self.description {
            rules::description("description", d)?;
        }
        if let Some(t) = &self.tags {
            validate_tags("tags", t)?;
        }
        if self.deployment.is_none() && self.description.is_none() && self.tags.is_none() {
            return Err(fail(
                "deployment",
                "required",
                "deployment、description 与 tags 至少给出一个",
                "at least one of deployment, description and tags is required",
            ));
        }
        Ok(())
    }
}

impl PatchDeploymentRequest {
    pub fn validate(&self) -> Result<(), FieldError> {
        if let Some(v) = &self.version {
            validate_version("version", v)?;
        }
        if let Some(p) = &self.patch {
            validate_envs("patch.envs", &p.envs)?;
        }
        if self.version.is_none() && self.patch.is_none() {
            return Err(fail(
                "patch",
                "required",
                "version 与 patch 至少给出一个",
                "at least one of version and patch is required",
            ));
        }
        Ok(())
    }

    /// Applies the patch to a template: envs replace those of the same name or are added, in
    /// every app; the version moves every app.
    pub fn apply(&self, apps: &mut [AppDef]) {
        for app in apps {
            if let Some(v) = &self.version {
                app.version = Some(v.clone());
            }
            for env in self.patch.iter().flat_map(|p| &p.envs) {
                match app.envs.iter_mut().find(|e| e.name == env.name) {
                    Some(e) => *e = env.clone(),
                    None => app.envs.push(env.clone()),
                }
            }
        }
    }
}

impl AddNodesRequest {
    /// `path_id` is the deployment id of the URL, which the body must repeat.
    pub fn validate(&self, path_id: &str) -> Result<(), FieldError> {
        if self.deployment_id != path_id {
            return Err(fail(
                "deployment_id",
                "match",
                "必须与路径中的部署 ID 一致",
                "must equal the deployment id of the path",
            ));
        }
        rules::int_in_range("node_num", &self.node_num.to_string(), 1, MAX_NODES as i64)?;
        match (&self.node_ids, &self.node_tags) {
            (Some(ids), None) => validate_node_ids("node_ids", ids),
            (None, Some(tags)) if !tags.is_empty() => validate_tags("node_tags", tags),
            (Some(_), Some(_)) => Err(fail(
                "node_tags",
                "one_of",
                "node_ids 与 node_tags 只能给出一个",
                "cannot be given together with node_ids",
            )),
            _ => Err(fail(
                "node_ids",
                "required",
                "node_ids 与 node_tags 必须给出一个",
                "one of node_ids and node_tags is required",
            )),
        }
    }
}
