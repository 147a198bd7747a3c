//! What a deployment (or one of its instances) runs, in a few lines to read: per app its image
//! and version, command, ports, envs (and where their values come from), probes, resources and
//! volumes; then the instance settings. Shown on the deployment's Overview and on an instance's page;
//! the editor is where it changes.

use hilens_model::deployments::{AppDef, PodConfig, PortMapping, Probe, Res, ResRequest, Volume};
use leptos::prelude::*;
use stylers_macro::style_sheet;

use super::texts;
use crate::i18n::{tr, worded, Txt};
use crate::state::use_app;

/// A card "Configuration" (headed `h2`) of `apps` and `configs`; `testid` on the card.
pub fn config_summary(configs: &PodConfig, apps: &[AppDef], testid: &'static str) -> AnyView {
    let app = use_app();
    let yes_no = move |on: bool| -> AnyView {
        (move || app.t(if on { texts::config::Yes } else { texts::config::No }).to_string()).into_any()
    };
    let pod_rows: Vec<(Txt, AnyView)> = vec![
        (
            texts::RestartPolicy,
            worded(texts::restart_policy_text(&configs.restart_policy), &configs.restart_policy).into_any(),
        ),
        (texts::HostNetwork, yes_no(configs.host_network)),
        (texts::HostPid, yes_no(configs.host_pid.unwrap_or(false))),
    ];
    view! {
        <section class="card detail-card" aria-labelledby=format!("{testid}-title") data-testid=testid>
            <h2 id=format!("{testid}-title")>{tr(texts::config::Title)}</h2>
            {apps
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    let (heading, labelled) = (format!("{testid}-app-{i}"), format!("{testid}-app-{i}"));
                    let rows = lines(app_rows(a));
                    view! {
                        <section aria-labelledby=labelled data-testid="config-app">
                            <h3 id=heading>{a.name.clone()}</h3>
                            {rows}
                        </section>
                    }
                })
                .collect_view()}
            <section aria-labelledby=format!("{testid}-pod")>
                <h3 id=format!("{testid}-pod")>{tr(texts::PodSettings)}</h3>
                {lines(pod_rows)}
            </section>
        </section>
    }
    .into_any()
}

fn lines(rows: Vec<(Txt, AnyView)>) -> AnyView {
    const _: &str = include_str!("config_lines.css");
    let class = style_sheet!("src/pages/deployments/config_lines.css");
    view! { class=class,
        <dl class="config-lines">
            {rows
                .into_iter()
                .map(|(key, value)| {
                    view! { class=class,
                        <dt class="muted">{tr(key)}</dt>
                        <dd>{value}</dd>
                    }
                })
                .collect_view()}
        </dl>
    }
    .into_any()
}

/// A value, or "none" in the user's language.
fn text_or_none(v: Option<String>) -> AnyView {
    match v.filter(|s| !s.trim().is_empty()) {
        Some(v) => v.into_any(),
        None => tr(texts::config::None).into_any(),
    }
}

/// Items one a line, or "none".
fn list(items: Vec<String>, testid: &'static str) -> AnyView {
    if items.is_empty() {
        return view! { <span data-testid=testid>{tr(texts::config::None)}</span> }.into_any();
    }
    const _: &str = include_str!("config_list.css");
    let class = style_sheet!("src/pages/deployments/config_list.css");
    view! { class=class,
        <ul class="config-list" data-testid=testid>
            {items
                .into_iter()
                .map(|i| {
                    view! {
                        <li>
                            <code>{i}</code>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

fn app_rows(a: &AppDef) -> Vec<(Txt, AnyView)> {
    let lang = use_app().lang.get_untracked();
    let command: Vec<String> = a.command.iter().chain(a.args.iter()).cloned().collect();
    let envs = a
        .envs
        .iter()
        .map(|e| match (&e.value, &e.value_from, &e.field_path) {
            (Some(v), _, _) => format!("{} = {v}", e.name),
            (_, Some(from), _) => match (&from.configmap, &from.secret) {
                (Some(k), _) => format!("{} ← {} {}/{}", e.name, texts::FromConfigMap.text(lang), k.name, k.key),
                (_, Some(k)) => format!("{} ← {} {}/{}", e.name, texts::FromSecret.text(lang), k.name, k.key),
                _ => e.name.clone(),
            },
            (_, _, Some(f)) => format!("{} ← {f}", e.name),
            _ => e.name.clone(),
        })
        .collect();
    vec![
        (texts::AppUrl, view! { <code>{a.app_url.clone()}</code> }.into_any()),
        (texts::Version, text_or_none(a.version.clone())),
        (texts::config::Command, text_or_none(Some(command.join(" ")))),
        (texts::Ports, list(a.ports.iter().map(|p| port(p, lang)).collect(), "config-ports")),
        (texts::Envs, list(envs, "config-envs")),
        (texts::Liveness, probe(a.liveness_probe.as_ref(), lang, "config-liveness")),
        (texts::Readiness, probe(a.readiness_probe.as_ref(), lang, "config-readiness")),
        (texts::Resources, list(resources(&a.resources, lang), "config-resources")),
        (texts::Volumes, list(a.volumes.iter().map(|v| volume(v, lang)).collect(), "config-volumes")),
        (
            texts::Privileged,
            tr(if a.privileged.unwrap_or(false) { texts::config::Yes } else { texts::config::No }).into_any(),
        ),
    ]
}

/// `8080 → host 30080`, `8080 → host 30000–30100`, or the container port alone.
fn port(p: &PortMapping, lang: hilens_model::Lang) -> String {
    let host = texts::config::Host.text(lang);
    let on = p.host_ip.as_deref().map(|ip| format!(" ({ip})")).unwrap_or_default();
    match (p.host_port, &p.host_port_range) {
        (Some(h), _) => format!("{} → {host} {h}{on}", p.container_port),
        (_, Some(r)) => format!("{} → {host} {}–{}{on}", p.container_port, r.min_port, r.max_port),
        _ => format!("{}{on}", p.container_port),
    }
}

/// `HTTP GET :8080/healthz · after 10 s · timeout 3 s`, a command, or "none".
fn probe(p: Option<&Probe>, lang: hilens_model::Lang, testid: &'static str) -> AnyView {
    let Some(p) = p else { return view! { <span data-testid=testid>{tr(texts::config::None)}</span> }.into_any() };
    let mut parts = Vec::new();
    if let Some(h) = &p.http_get {
        let scheme = h.scheme.as_deref().map(|s| format!("{s} ")).unwrap_or_default();
        parts.push(format!("{scheme}GET {}:{}{}", h.host.clone().unwrap_or_default(), h.port, h.path));
    }
    if let Some(e) = &p.exec {
        parts.push(format!("{} {}", texts::ProbeExec.text(lang), e.command));
    }
    if let Some(d) = p.initial_delay_seconds {
        parts.push(format!("{} {d} s", texts::config::After.text(lang)));
    }
    if let Some(t) = p.timeout_seconds {
        parts.push(format!("{} {t} s", texts::config::TimeoutAfter.text(lang)));
    }
    view! { <code data-testid=testid>{parts.join(" · ")}</code> }.into_any()
}

fn resources(r: &ResRequest, lang: hilens_model::Lang) -> Vec<String> {
    let one = |label: Txt, res: &Option<Res>| {
        res.as_ref().and_then(|res| {
            let parts: Vec<String> = [("CPU", &res.cpu), ("MB", &res.memory), ("GPU", &res.gpu), ("NPU", &res.npu)]
                .into_iter()
                .filter_map(|(unit, v)| {
                    v.as_ref().filter(|v| !v.is_empty()).map(|v| {
                        if unit == "MB" {
                            format!("{v} MB")
                        } else {
                            format!("{unit} {v}")
                        }
                    })
                })
                .collect();
            (!parts.is_empty()).then(|| format!("{}: {}", label.text(lang), parts.join(", ")))
        })
    };
    [one(texts::Requests, &r.requests), one(texts::Limits, &r.limits)].into_iter().flatten().collect()
}

/// `data: hostPath /var/data → /data (read-only)`.
fn volume(v: &Volume, lang: hilens_model::Lang) -> String {
    let ro = if v.read_only { format!(" ({})", texts::ReadOnly.text(lang)) } else { String::new() };
    format!("{}: {} {} → {}{ro}", v.name, v.volume_type, v.source, v.destination)
}
