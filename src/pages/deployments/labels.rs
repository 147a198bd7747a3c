//! A deployment request's fields as the user knows them: the model's rules name a field by its
//! path in the body (`deployment.template.apps[0].ports[1].container_port`); the form names it
//! by its labels on screen ("App 1 › Port 2 › Container port"). Every message of the editor, the
//! deployment page's forms and the server's rule errors goes through here, so none shows a path.
//! The rule's text is the model's, except where it names other fields by their API names.

use hilens_model::error::FieldError;
use hilens_model::Lang;

use super::rollouts::texts::R;
use super::texts::P;
use crate::api::ApiError;
use crate::components::form::field::{labelled, short_label};
use crate::i18n::Txt;

/// The label of one step of a path (a field, or a list with its item's number).
fn step(name: &str) -> Option<Txt> {
    Some(match name {
        "name" => P::Name,
        "description" => P::Description,
        "source" => P::SourceKind,
        "tags" => P::Tags,
        "key" => P::TagKey,
        "value" => P::EnvValue,
        "node_ids" => P::PickDevices,
        "node_tags" => P::NodeTags,
        "node_num" => P::NodeNum,
        "cluster_id" => P::ClusterId,
        "replicas" => P::Replicas,
        "apps" => P::App,
        "init_containers" => P::InitContainer,
        "app_url" => P::AppUrl,
        "version" => P::Version,
        "command" => P::Command,
        "args" => P::Args,
        "privileged" => P::Privileged,
        "npu_type" => P::NpuType,
        "channel_limit" => P::ChannelLimit,
        "app_order_id" => P::Order,
        "skill_project_id" => P::SourceSkill,
        "resources" => P::Resources,
        "requests" => P::Requests,
        "limits" => P::Limits,
        "cpu" => P::Cpu,
        "memory" => P::Memory,
        "npu" => P::Npu,
        "gpu" => P::Gpu,
        "envs" => P::Env,
        "configmap" => P::FromConfigMap,
        "secret" => P::FromSecret,
        "field_path" => P::HostIp,
        "ports" => P::Port,
        "container_port" => P::ContainerPort,
        "host_port" => P::HostPort,
        "host_ip" => P::HostIpAddress,
        "min_port" => P::HostPortMin,
        "max_port" => P::HostPortMax,
        "liveness_probe" => P::Liveness,
        "readiness_probe" => P::Readiness,
        "path" => P::ProbePath,
        "port" => P::ProbePort,
        "scheme" => P::Scheme,
        "initial_delay_seconds" => P::InitialDelay,
        "timeout_seconds" => P::Timeout,
        "volumes" => P::Volume,
        "type" => P::VolumeType,
        "destination" => P::Destination,
        "read_only" => P::ReadOnly,
        "restart_policy" => P::RestartPolicy,
        "host_network" => P::HostNetwork,
        "host_pid" => P::HostPid,
        "migration" => P::Migration,
        "toleration_seconds" => P::Toleration,
        "node_affinity" => P::NodeAffinity,
        "pod_affinity" => P::PodAffinity,
        "operator" => P::Operator,
        "values" => P::Values,
        "waves" => R::Waves,
        "soak_seconds" => R::Soak,
        "max_failures" => R::MaxFailures,
        "max_failure_percent" => R::MaxFailurePercent,
        "wave_timeout_seconds" => R::WaveTimeout,
        "on_failure" => R::OnFailure,
        "add_node_ids" => R::AddDevices,
        "add_node_tags" => P::NodeTags,
        "deployment_id" => R::OldDeployment,
        _ => return None,
    })
}

/// The field at `path` as its labels read: "App 1 › Port 2 › Container port". Steps that only
/// group (`deployment`, `template`, `configs`, …) are left out; an unknown one reads as words.
pub fn label(path: &str, lang: Lang) -> String {
    let mut parts: Vec<String> = Vec::new();
    let steps: Vec<&str> = path.split('.').collect();
    for (i, raw) in steps.iter().enumerate() {
        let (name, index) = match raw.split_once('[') {
            Some((n, rest)) => (n, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (*raw, None),
        };
        // Within a volume, `name` and `source` are the volume's; within an env, `name` is its name.
        let parent = i.checked_sub(1).and_then(|p| steps.get(p)).map(|p| p.split('[').next().unwrap_or(p));
        let txt = match (parent, name) {
            (
                _,
                "deployment" | "template" | "configs" | "affinity" | "exec" | "http_get" | "host_port_range"
                | "value_from" | "patch",
            ) => continue,
            (Some("apps" | "init_containers"), "name") => Some(P::AppName),
            (Some("volumes"), "name") => Some(P::VolumeName),
            (Some("volumes"), "source") => Some(P::VolumeSource),
            (Some("envs"), "name") => Some(P::EnvName),
            (Some("configmap"), "name") => Some(P::FromConfigMap),
            (Some("configmap"), "key") => Some(P::ConfigMapKey),
            (Some("secret"), "name") => Some(P::FromSecret),
            (Some("secret"), "key") => Some(P::SecretKey),
            (Some("exec"), "command") => Some(P::ProbeCommand),
            (Some("node_affinity" | "pod_affinity"), "key") => Some(P::AffinityKey),
            (Some("tags" | "node_tags"), "value") => Some(P::TagValue),
            _ => step(name),
        };
        let text = match txt {
            Some(t) => short_label(t.text(lang)).to_string(),
            None => name.replace('_', " "),
        };
        parts.push(match index {
            // A list's item: its singular label and its number ("Port 2"); the tags' lists read
            // "Tags 1" as the form's groups do.
            Some(n) => format!("{text} {}", n + 1),
            None => text,
        });
    }
    parts.join(" › ")
}

/// The rule's text, in words of the form where the model's names other fields by API name.
fn rule(e: &FieldError, lang: Lang) -> String {
    let last = e.field.rsplit('.').next().unwrap_or(&e.field);
    let last = last.split('[').next().unwrap_or(last);
    let own = match (e.rule, last) {
        ("one_of", "envs") => Some(P::RuleEnvOne),
        ("one_of", "value_from") => Some(P::RuleFromOne),
        ("one_of", "liveness_probe" | "readiness_probe") => Some(P::RuleProbeOne),
        ("one_of", "host_port") => Some(P::RuleHostPortOne),
        ("greater", "max_port") => Some(P::RuleAboveMin),
        ("required", "node_ids") => Some(P::RuleChooseDevices),
        ("one_of", "cluster_id" | "node_tags") => Some(P::RuleOneTarget),
        ("required", "node_num") => Some(P::RuleNodeNum),
        ("required", "skill_project_id") => Some(P::RuleSkillProject),
        ("required", "patch" | "deployment") => Some(P::RulePatchEmpty),
        _ => None,
    };
    match own {
        Some(t) => t.text(lang).to_string(),
        None => e.rule_text(lang).to_string(),
    }
}

/// A broken rule as the user reads it: the field's labels, then the rule.
pub fn plain(e: &FieldError, lang: Lang) -> String {
    labelled(&label(&e.field, lang), &rule(e, lang), lang)
}

/// A server's answer as the user reads it: a rule error by the field's labels, anything else
/// as [`ApiError::plain`] says it.
pub fn plain_api(e: &ApiError, lang: Lang) -> String {
    match e.field_path().and(FieldError::from_api_message(e.message())) {
        Some(field) => plain(&field, lang),
        None => e.plain(),
    }
}
