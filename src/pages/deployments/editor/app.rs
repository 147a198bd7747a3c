//! One app (or init container) of the editor: image, command, resources with their units, env
//! rows (a value, a config map or secret key, or the host IP), ports, probes and volumes.

use std::sync::Arc;

use hilens_model::deployments::Env;
use hilens_model::deployments::*;
use leptos::prelude::*;

use super::super::texts;
use super::draft::*;
use super::fields::*;
use super::places::*;
use crate::i18n::{tr, Txt};

/// The workspace's config maps and secrets, each with its keys (the env and volume pickers).
#[derive(Clone, Copy)]
pub struct Sources {
    pub configmaps: Signal<Vec<(String, Vec<String>)>>,
    pub secrets: Signal<Vec<(String, Vec<String>)>>,
}

fn names(list: Signal<Vec<(String, Vec<String>)>>) -> Signal<Vec<(String, Option<Txt>)>> {
    Signal::derive(move || {
        let mut out = vec![(String::new(), Some(texts::NoneOption))];
        out.extend(list.get().into_iter().map(|(n, _)| (n, None)));
        out
    })
}

/// The apps and init containers sections.
pub fn apps_sections(ed: Ed, sources: Sources) -> AnyView {
    let apps = repeated(
        ed,
        texts::App,
        "deployment.template.apps".into(),
        Items {
            count: Arc::new(|d: &Req| d.deployment.template.apps.len()),
            add: Arc::new(|d: &mut Req| d.deployment.template.apps.push(AppDef::default())),
            remove: Arc::new(|d: &mut Req, j| {
                if j < d.deployment.template.apps.len() {
                    d.deployment.template.apps.remove(j);
                }
            }),
        },
        Arc::new(move |i| app_form(ed, AppAt { init: false, i }, sources)),
    );
    let init_containers = repeated(
        ed,
        texts::InitContainer,
        "deployment.template.init_containers".into(),
        Items {
            count: Arc::new(|d: &Req| d.deployment.template.init_containers.as_ref().map_or(0, Vec::len)),
            add: Arc::new(|d: &mut Req| {
                d.deployment.template.init_containers.get_or_insert_with(Vec::new).push(AppDef::default())
            }),
            remove: Arc::new(|d: &mut Req, j| {
                let t = &mut d.deployment.template;
                if let Some(list) = t.init_containers.as_mut() {
                    if j < list.len() {
                        list.remove(j);
                    }
                    if list.is_empty() {
                        t.init_containers = None;
                    }
                }
            }),
        },
        Arc::new(move |i| app_form(ed, AppAt { init: true, i }, sources)),
    );
    view! {
        {section(
            "sec-apps",
            texts::Apps,
            view! {
                {apps}
                {group_message(ed, "deployment.template.apps".into())}
            }
                .into_any(),
        )}
        {section("sec-init", texts::InitContainers, init_containers)}
    }
    .into_any()
}

fn app_form(ed: Ed, app: AppAt, sources: Sources) -> AnyView {
    let at = app.path();
    let p = |field: &str| format!("{at}.{field}");
    let res = |limits: bool| {
        let loc = ResAt { app, limits };
        let base = loc.path();
        view! {
            <fieldset class="ed-inline">
                <legend>{tr(if limits { texts::Limits } else { texts::Requests })}</legend>
                {text_in(
                    ed,
                    loc,
                    format!("{base}.cpu"),
                    texts::Cpu,
                    |r| r.cpu.clone().unwrap_or_default(),
                    |r, v| r.cpu = opt(v),
                    false,
                )}
                {text_in(
                    ed,
                    loc,
                    format!("{base}.memory"),
                    texts::Memory,
                    |r| r.memory.clone().unwrap_or_default(),
                    |r, v| r.memory = opt(v),
                    false,
                )}
                {text_in(
                    ed,
                    loc,
                    format!("{base}.npu"),
                    texts::Npu,
                    |r| r.npu.clone().unwrap_or_default(),
                    |r, v| r.npu = opt(v),
                    false,
                )}
                {text_in(
                    ed,
                    loc,
                    format!("{base}.gpu"),
                    texts::Gpu,
                    |r| r.gpu.clone().unwrap_or_default(),
                    |r, v| r.gpu = opt(v),
                    false,
                )}
            </fieldset>
        }
    };
    let envs = repeated(
        ed,
        texts::Env,
        p("envs"),
        Items {
            count: Arc::new(move |d| app.get(d).map_or(0, |a| a.envs.len())),
            add: Arc::new(move |d| app.get_mut(d).into_iter().for_each(|a| a.envs.push(Env::default()))),
            remove: Arc::new(move |d, j| app.get_mut(d).into_iter().for_each(|a| drop(a.envs.remove(j)))),
        },
        Arc::new(move |j| env_row(ed, EnvAt { app, j }, sources)),
    );
    let ports = repeated(
        ed,
        texts::Port,
        p("ports"),
        Items {
            count: Arc::new(move |d| app.get(d).map_or(0, |a| a.ports.len())),
            add: Arc::new(move |d| app.get_mut(d).into_iter().for_each(|a| a.ports.push(PortMapping::default()))),
            remove: Arc::new(move |d, j| app.get_mut(d).into_iter().for_each(|a| drop(a.ports.remove(j)))),
        },
        Arc::new(move |j| port_row(ed, PortAt { app, j })),
    );
    let volumes = repeated(
        ed,
        texts::Volume,
        p("volumes"),
        Items {
            count: Arc::new(move |d| app.get(d).map_or(0, |a| a.volumes.len())),
            add: Arc::new(move |d| {
                app.get_mut(d)
                    .into_iter()
                    .for_each(|a| a.volumes.push(Volume { volume_type: "hostPath".into(), ..Default::default() }))
            }),
            remove: Arc::new(move |d, j| app.get_mut(d).into_iter().for_each(|a| drop(a.volumes.remove(j)))),
        },
        Arc::new(move |j| volume_row(ed, VolumeAt { app, j }, sources)),
    );
    view! {
        <div class="wrap">
            {text_in_hinted(ed, app, p("name"), texts::AppName, name_hint(), |a| a.name.clone(), |a, v| a.name = v)}
            {text_in(ed, app, p("app_url"), texts::AppUrl, |a| a.app_url.clone(), |a, v| a.app_url = v, false)}
            {text_in(
                ed,
                app,
                p("version"),
                texts::Version,
                |a| a.version.clone().unwrap_or_default(),
                |a, v| a.version = opt(v),
                false,
            )}
            {select_in(
                ed,
                app,
                p("npu_type"),
                texts::NpuType,
                fixed_options(NPU_TYPES, true),
                |a| a.npu_type.clone().unwrap_or_default(),
                |a, v| a.npu_type = opt(v),
            )}
            {num_in(ed, app, p("channel_limit"), texts::ChannelLimit, |a| a.channel_limit, |a, n| a.channel_limit = n)}
            {check_in(
                ed,
                app,
                p("privileged"),
                texts::Privileged,
                |a| a.privileged == Some(true),
                |a, on| a.privileged = on.then_some(true),
                |_| false,
            )}
        </div>
        <div class="wrap">
            {text_in(
                ed,
                app,
                p("command"),
                texts::Command,
                |a| a.command.join("\n"),
                |a, v| a.command = lines(&v),
                true,
            )} {text_in(ed, app, p("args"), texts::Args, |a| a.args.join("\n"), |a, v| a.args = lines(&v), true)}
        </div>
        <details class="ed-sub" open>
            <summary>{tr(texts::Resources)}</summary>
            <p class="muted">{tr(texts::ResourcesHint)}</p>
            <div class="wrap">{res(false)} {res(true)}</div>
        </details>
        <details class="ed-sub" open>
            <summary>{tr(texts::Envs)}</summary>
            <p class="muted">{tr(texts::EnvRule)}</p>
            {envs}
        </details>
        <details class="ed-sub" open>
            <summary>{tr(texts::Ports)}</summary>
            {ports}
        </details>
        <details class="ed-sub" open>
            <summary>{tr(texts::Liveness)} " / " {tr(texts::Readiness)}</summary>
            <div class="wrap">{probe_form(ed, app, true)} {probe_form(ed, app, false)}</div>
        </details>
        <details class="ed-sub" open>
            <summary>{tr(texts::Volumes)}</summary>
            {volumes}
        </details>
    }
    .into_any()
}

/// Points an env at a config map (`secret: false`) or secret by name, or at neither.
fn set_source(e: &mut Env, secret: bool, name: String) {
    let from = e.value_from.get_or_insert_with(Default::default);
    let slot = if secret { &mut from.secret } else { &mut from.configmap };
    *slot = opt(name).map(|name| KeyRef { name, key: String::new() });
    if from.configmap.is_none() && from.secret.is_none() {
        e.value_from = None;
    }
}

fn source_of(e: &Env, secret: bool) -> Option<&KeyRef> {
    let from = e.value_from.as_ref()?;
    if secret {
        from.secret.as_ref()
    } else {
        from.configmap.as_ref()
    }
}

fn set_key(e: &mut Env, secret: bool, key: String) {
    let slot = e.value_from.as_mut().and_then(|f| if secret { f.secret.as_mut() } else { f.configmap.as_mut() });
    if let Some(k) = slot {
        k.key = key;
    }
}

fn env_row(ed: Ed, env: EnvAt, sources: Sources) -> AnyView {
    let at = env.path();
    let p = |field: &str| format!("{at}.{field}");
    // The keys of the config map or secret the env names.
    let keys = move |secret: bool| {
        let list = if secret { sources.secrets } else { sources.configmaps };
        Signal::derive(move || {
            let name = ed.draft.with(|d| env.get(d).and_then(|e| source_of(e, secret)).map(|k| k.name.clone()));
            let mut out = vec![(String::new(), Some(texts::NoneOption))];
            if let Some(name) = name {
                let keys =
                    list.with(|l| l.iter().find(|(n, _)| *n == name).map(|(_, k)| k.clone()).unwrap_or_default());
                out.extend(keys.into_iter().map(|k| (k, None)));
            }
            out
        })
    };
    view! {
        <div class="wrap">
            {text_in(ed, env, p("name"), texts::EnvName, |e| e.name.clone(), |e, v| e.name = v, false)}
            {text_in(
                ed,
                env,
                p("value"),
                texts::EnvValue,
                |e| e.value.clone().unwrap_or_default(),
                |e, v| e.value = opt(v),
                false,
            )}
            {select_in(
                ed,
                env,
                p("value_from.configmap.name"),
                texts::FromConfigMap,
                names(sources.configmaps),
                |e| source_of(e, false).map(|k| k.name.clone()).unwrap_or_default(),
                |e, v| set_source(e, false, v),
            )}
            {select_in(
                ed,
                env,
                p("value_from.configmap.key"),
                texts::ConfigMapKey,
                keys(false),
                |e| source_of(e, false).map(|k| k.key.clone()).unwrap_or_default(),
                |e, v| set_key(e, false, v),
            )}
            {select_in(
                ed,
                env,
                p("value_from.secret.name"),
                texts::FromSecret,
                names(sources.secrets),
                |e| source_of(e, true).map(|k| k.name.clone()).unwrap_or_default(),
                |e, v| set_source(e, true, v),
            )}
            {select_in(
                ed,
                env,
                p("value_from.secret.key"),
                texts::SecretKey,
                keys(true),
                |e| source_of(e, true).map(|k| k.key.clone()).unwrap_or_default(),
                |e, v| set_key(e, true, v),
            )}
            {check_in(
                ed,
                env,
                p("field_path"),
                texts::HostIp,
                |e| e.field_path.is_some(),
                |e, on| e.field_path = on.then(|| FIELD_PATH_HOST_IP.to_string()),
                |_| false,
            )}
        </div>
        {group_message(ed, at.clone())}
        {group_message(ed, p("value_from"))}
    }
    .into_any()
}

/// Sets one end of the host port range; a range with neither end is no range.
fn set_range(p: &mut PortMapping, n: Option<i64>, min: bool) {
    let r = p.host_port_range.get_or_insert_with(Default::default);
    if min {
        r.min_port = n.unwrap_or(0);
    } else {
        r.max_port = n.unwrap_or(0);
    }
    if r.min_port == 0 && r.max_port == 0 {
        p.host_port_range = None;
    }
}

fn port_row(ed: Ed, port: PortAt) -> AnyView {
    let at = port.path();
    let p = |field: &str| format!("{at}.{field}");
    view! {
        <div class="wrap">
            {num_in(
                ed,
                port,
                p("container_port"),
                texts::ContainerPort,
                |m| Some(m.container_port).filter(|n| *n != 0),
                |m, n| m.container_port = n.unwrap_or(0),
            )} {num_in(ed, port, p("host_port"), texts::HostPort, |m| m.host_port, |m, n| m.host_port = n)}
            {num_in(
                ed,
                port,
                p("host_port_range.min_port"),
                texts::HostPortMin,
                |m| m.host_port_range.as_ref().map(|r| r.min_port).filter(|n| *n != 0),
                |m, n| set_range(m, n, true),
            )}
            {num_in(
                ed,
                port,
                p("host_port_range.max_port"),
                texts::HostPortMax,
                |m| m.host_port_range.as_ref().map(|r| r.max_port).filter(|n| *n != 0),
                |m, n| set_range(m, n, false),
            )}
            {text_in(
                ed,
                port,
                p("host_ip"),
                texts::HostIpAddress,
                |m| m.host_ip.clone().unwrap_or_default(),
                |m, v| m.host_ip = opt(v),
                false,
            )}
        </div>
    }
    .into_any()
}

/// The probe slot of an app (its kind is chosen here; the probe exists once it is).
#[derive(Clone, Copy)]
struct ProbeSlot {
    app: AppAt,
    liveness: bool,
}

impl Loc for ProbeSlot {
    type Item = Option<Probe>;
    fn get<'a>(&self, r: &'a Req) -> Option<&'a Option<Probe>> {
        let a = self.app.get(r)?;
        Some(if self.liveness { &a.liveness_probe } else { &a.readiness_probe })
    }
    fn get_mut<'a>(&self, r: &'a mut Req) -> Option<&'a mut Option<Probe>> {
        let a = self.app.get_mut(r)?;
        Some(if self.liveness { &mut a.liveness_probe } else { &mut a.readiness_probe })
    }
}

fn probe_kind(p: &Option<Probe>) -> String {
    match p {
        Some(Probe { http_get: Some(_), .. }) => "http".into(),
        Some(_) => "exec".into(),
        None => String::new(),
    }
}

fn set_probe_kind(p: &mut Option<Probe>, kind: String) {
    *p = match kind.as_str() {
        "exec" => Some(Probe { exec: Some(Exec::default()), ..Default::default() }),
        "http" => {
            Some(Probe { http_get: Some(HttpGet { path: "/".into(), ..Default::default() }), ..Default::default() })
        }
        _ => None,
    };
}

fn probe_form(ed: Ed, app: AppAt, liveness: bool) -> AnyView {
    let probe = ProbeAt { app, liveness };
    let slot = ProbeSlot { app, liveness };
    let at = probe.path();
    let kind = Memo::new(move |_| ed.draft.with(|d| slot.get(d).map(probe_kind).unwrap_or_default()));
    let kinds = Signal::stored(vec![
        (String::new(), Some(texts::NoneOption)),
        ("exec".to_string(), Some(texts::ProbeExec)),
        ("http".to_string(), Some(texts::ProbeHttp)),
    ]);
    let title = if liveness { texts::Liveness } else { texts::Readiness };
    let at2 = at.clone();
    view! {
        <fieldset class="ed-inline">
            <legend>{tr(title)}</legend>
            {select_in(ed, slot, at.clone(), texts::ProbeKind, kinds, probe_kind, set_probe_kind)}
            {move || {
                let p = |field: &str| format!("{at2}.{field}");
                match kind.get().as_str() {
                    "exec" => {
                        text_in(
                            ed,
                            probe,
                            p("exec.command"),
                            texts::ProbeCommand,
                            |pr| pr.exec.as_ref().map(|e| e.command.clone()).unwrap_or_default(),
                            |pr, v| {
                                if let Some(e) = &mut pr.exec {
                                    e.command = v;
                                }
                            },
                            false,
                        )
                    }
                    "http" => {
                        view! {
                            {text_in(
                                ed,
                                probe,
                                p("http_get.path"),
                                texts::ProbePath,
                                |pr| pr.http_get.as_ref().map(|h| h.path.clone()).unwrap_or_default(),
                                |pr, v| {
                                    if let Some(h) = &mut pr.http_get {
                                        h.path = v;
                                    }
                                },
                                false,
                            )}
                            {num_in(
                                ed,
                                probe,
                                p("http_get.port"),
                                texts::ProbePort,
                                |pr| pr.http_get.as_ref().map(|h| h.port).filter(|n| *n != 0),
                                |pr, n| {
                                    if let Some(h) = &mut pr.http_get {
                                        h.port = n.unwrap_or(0);
                                    }
                                },
                            )}
                            {select_in(
                                ed,
                                probe,
                                p("http_get.scheme"),
                                texts::Scheme,
                                fixed_options(SCHEMES, true),
                                |pr| pr.http_get.as_ref().and_then(|h| h.scheme.clone()).unwrap_or_default(),
                                |pr, v| {
                                    if let Some(h) = &mut pr.http_get {
                                        h.scheme = opt(v);
                                    }
                                },
                            )}
                        }
                            .into_any()
                    }
                    _ => ().into_any(),
                }
            }}
            {move || {
                (!kind.get().is_empty())
                    .then(|| {
                        let p = |field: &str| format!("{}.{field}", probe.path());
                        view! {
                            {num_in(
                                ed,
                                probe,
                                p("initial_delay_seconds"),
                                texts::InitialDelay,
                                |pr| pr.initial_delay_seconds,
                                |pr, n| pr.initial_delay_seconds = n,
                            )}
                            {num_in(
                                ed,
                                probe,
                                p("timeout_seconds"),
                                texts::Timeout,
                                |pr| pr.timeout_seconds,
                                |pr, n| pr.timeout_seconds = n,
                            )}
                        }
                    })
            }}
            {group_message(ed, at)}
        </fieldset>
    }
    .into_any()
}

fn set_volume_type(v: &mut Volume, kind: String) {
    if kind != v.volume_type {
        v.source.clear();
    }
    // Config map and secret volumes are read-only, always.
    if matches!(kind.as_str(), "configMap" | "secret") {
        v.read_only = true;
    }
    v.volume_type = kind;
}

fn volume_row(ed: Ed, volume: VolumeAt, sources: Sources) -> AnyView {
    let at = volume.path();
    let p = |field: &str| format!("{at}.{field}");
    let kind = Memo::new(move |_| ed.draft.with(|d| volume.get(d).map(|v| v.volume_type.clone()).unwrap_or_default()));
    let source_path = p("source");
    view! {
        <div class="wrap">
            {text_in(ed, volume, p("name"), texts::VolumeName, |v| v.name.clone(), |v, s| v.name = s, false)}
            {select_in(
                ed,
                volume,
                p("type"),
                texts::VolumeType,
                fixed_options(VOLUME_TYPES, false),
                |v| v.volume_type.clone(),
                set_volume_type,
            )}
            {move || {
                let path = source_path.clone();
                let get: fn(&Volume) -> String = |v| v.source.clone();
                let set: fn(&mut Volume, String) = |v, s| v.source = s;
                match kind.get().as_str() {
                    "emptyDir" => {
                        select_in(ed, volume, path, texts::VolumeSource, fixed_options(EMPTY_DIR_MEDIA, true), get, set)
                    }
                    "configMap" => {
                        select_in(ed, volume, path, texts::FromConfigMap, names(sources.configmaps), get, set)
                    }
                    "secret" => select_in(ed, volume, path, texts::FromSecret, names(sources.secrets), get, set),
                    _ => text_in(ed, volume, path, texts::VolumeSource, get, set, false),
                }
            }}
            {text_in(
                ed,
                volume,
                p("destination"),
                texts::Destination,
                |v| v.destination.clone(),
                |v, s| v.destination = s,
                false,
            )}
            {check_in(
                ed,
                volume,
                p("read_only"),
                texts::ReadOnly,
                |v| v.read_only,
                |v, on| v.read_only = on,
                |v| matches!(v.volume_type.as_str(), "configMap" | "secret"),
            )}
        </div>
        {group_message(ed, at)}
    }
    .into_any()
}
