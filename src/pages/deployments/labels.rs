//! A deployment request's fields as the user knows them: the model's rules name a field by its
//! path in the body (`deployment.template.apps[0].ports[1].container_port`); the form names it
//! by its labels on screen ("App 1 › Port 2 › Container port"). Every message of the editor, the
//! deployment page's forms and the server's rule errors goes through here, so none shows a path.
//! The rule's text is the model's, except where it names other fields by their API names.

use hilens_model::error::FieldError;
use hilens_model::Lang;

use super::rollouts::texts as rollout_texts;
use super::texts;
use crate::api::ApiError;
use crate::components::form::field::{labelled, short_label};
use crate::i18n::Txt;

/// The label of one step of a path (a field, or a list with its item's number).
fn step(name: &str) -> Option<Txt> {
    Some(match name {
        "name" => texts::Name,
        "description" => texts::Description,
        "source" => texts::SourceKind,
        "tags" => texts::Tags,
        "key" => texts::TagKey,
        "value" => texts::EnvValue,
        "node_ids" => texts::PickDevices,
        "node_tags" => texts::NodeTags,
        "node_num" => texts::NodeNum,
        "cluster_id" => texts::ClusterId,
        "replicas" => texts::Replicas,
        "apps" => texts::App,
        "init_containers" => texts::InitContainer,
        "app_url" => texts::AppUrl,
        "version" => texts::Version,
        "command" => texts::Command,
        "args" => texts::Args,
        "privileged" => texts::Privileged,
        "npu_type" => texts::NpuType,
        "channel_limit" => texts::ChannelLimit,
        "app_order_id" => texts::Order,
        "skill_project_id" => texts::SourceSkill,
        "resources" => texts::Resources,
        "requests" => texts::Requests,
        "limits" => texts::Limits,
        "cpu" => texts::Cpu,
        "memory" => texts::Memory,
        "npu" => texts::Npu,
        "gpu" => texts::Gpu,
        "envs" => texts::Env,
        "configmap" => texts::FromConfigMap,
        "secret" => texts::FromSecret,
        "field_path" => texts::HostIp,
        "ports" => texts::Port,
        "container_port" => texts::ContainerPort,
        "host_port" => texts::HostPort,
        "host_ip" => texts::HostIpAddress,
        "min_port" => texts::HostPortMin,
        "max_port" => texts::HostPortMax,
        "liveness_probe" => texts::Liveness,
        "readiness_probe" => texts::Readiness,
        "path" => texts::ProbePath,
        "port" => texts::ProbePort,
        "scheme" => texts::Scheme,
        "initial_delay_seconds" => texts::InitialDelay,
        "timeout_seconds" => texts::Timeout,
        "volumes" => texts::Volume,
        "type" => texts::VolumeType,
        "destination" => texts::Destination,
        "read_only" => texts::ReadOnly,
        "restart_policy" => texts::RestartPolicy,
        "host_network" => texts::HostNetwork,
        "host_pid" => texts::HostPid,
        "migration" => texts::Migration,
        "toleration_seconds" => texts::Toleration,
        "node_affinity" => texts::NodeAffinity,
        "pod_affinity" => texts::PodAffinity,
        "operator" => texts::Operator,
        "values" => texts::Values,
        "waves" => rollout_texts::Waves,
        "soak_seconds" => rollout_texts::Soak,
        "max_failures" => rollout_texts::MaxFailures,
        "max_failure_percent" => rollout_texts::MaxFailurePercent,
        "wave_timeout_seconds" => rollout_texts::WaveTimeout,
        "on_failure" => rollout_texts::OnFailure,
        "add_node_ids" => rollout_texts::AddDevices,
        "add_node_tags" => texts::NodeTags,
        "deployment_id" => rollout_texts::OldDeployment,
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
            (Some("apps" | "init_containers"), "name") => Some(texts::AppName),
            (Some("volumes"), "name") => Some(texts::VolumeName),
            (Some("volumes"), "source") => Some(texts::VolumeSource),
            (Some("envs"), "name") => Some(texts::EnvName),
            (Some("configmap"), "name") => Some(texts::FromConfigMap),
            (Some("configmap"), "key") => Some(texts::ConfigMapKey),
            (Some("secret"), "name") => Some(texts::FromSecret),
            (Some("secret"), "key") => Some(texts::SecretKey),
            (Some("exec"), "command") => Some(texts::ProbeCommand),
            (Some("node_affinity" | "pod_affinity"), "key") => Some(texts::AffinityKey),
            (Some("tags" | "node_tags"), "value") => Some(texts::TagValue),
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
        ("one_of", "envs") => Some(texts::RuleEnvOne),
        ("one_of", "value_from") => Some(texts::RuleFromOne),
        ("one_of", "liveness_probe" | "readiness_probe") => Some(texts::RuleProbeOne),
        ("one_of", "host_port") => Some(texts::RuleHostPortOne),
        ("greater", "max_port") => Some(texts::RuleAboveMin),
        ("required", "node_ids") => Some(texts::RuleChooseDevices),
        ("one_of", "cluster_id" | "node_tags") => Some(texts::RuleOneTarget),
        ("required", "node_num") => Some(texts::RuleNodeNum),
        ("required", "skill_project_id") => Some(texts::RuleSkillProject),
        ("required", "patch" | "deployment") => Some(texts::RulePatchEmpty),
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
