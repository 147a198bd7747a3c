//! The editor's sections besides the apps: basics (name, description, tags, the source, and for
//! a market skill its version and order), targets (devices picked by name, device tags with how
//! many devices carry them, or a cluster; exactly one) and pod settings with affinity rules.

use std::sync::Arc;

use hilens_model::deployments::*;
use hilens_model::nodes::NodeListQuery;
use hilens_model::orders::{OrderListQuery, SkillOrderInfo};
use hilens_model::skills::{SkillDetailQuery, SkillInfo, SkillListQuery};
use hilens_model::tags::Tag;
use leptos::prelude::*;

use super::super::texts;
use super::app::{apps_sections, Sources};
use super::draft::*;
use super::fields::*;
use super::places::*;
use crate::api;
use crate::components::form::pickers::PickMany;
use crate::components::frame::part::{Page, PageParams, PartPage};
use crate::i18n::{tr, Txt};
use crate::state::use_app;

/// A market skill to start from (the skill page's "Deploy"), for the form's sections.
#[derive(Clone)]
pub struct WantedSkill(pub Option<String>);

/// Every section of the form, in order (the editor's state from context): the render function
/// of the form's part.
pub fn form_sections(_: Page, _: &PageParams) -> AnyView {
    let ed = expect_context::<Ed>();
    let sources = expect_context::<Sources>();
    view! {
        {section("sec-basics", texts::Basics, basics(ed))}
        {section("sec-targets", texts::Targets, targets(ed))}
        {apps_sections(ed, sources)}
        {section("sec-pod", texts::PodSettings, pod_settings(ed))}
    }
    .into_any()
}

fn tag_rows(ed: Ed, node: bool) -> AnyView {
    let base = if node { "node_tags" } else { "tags" };
    repeated(
        ed,
        if node { texts::NodeTags } else { texts::Tags },
        base.to_string(),
        Items {
            count: Arc::new(move |d: &Req| if node { d.node_tags.as_ref().map_or(0, Vec::len) } else { d.tags.len() }),
            add: Arc::new(move |d: &mut Req| {
                if node {
                    d.node_tags.get_or_insert_with(Vec::new).push(Tag::default())
                } else {
                    d.tags.push(Tag::default())
                }
            }),
            remove: Arc::new(move |d: &mut Req, j| {
                let list = if node { d.node_tags.get_or_insert_with(Vec::new) } else { &mut d.tags };
                if j < list.len() {
                    list.remove(j);
                }
            }),
        },
        Arc::new(move |j| {
            let tag = TagAt { node, j };
            let at = tag.path();
            view! {
                <div class="wrap">
                    {text_in(ed, tag, format!("{at}.key"), texts::TagKey, |t| t.key.clone(), |t, v| t.key = v, false)}
                    {text_in(
                        ed,
                        tag,
                        format!("{at}.value"),
                        texts::TagValue,
                        |t| t.value.clone(),
                        |t, v| t.value = v,
                        false,
                    )}
                </div>
            }
            .into_any()
        }),
    )
}

/// Name, description, tags and where the app comes from (a market skill: the skill picker's
/// part, which reads the skill to start with from context).
fn basics(ed: Ed) -> AnyView {
    let sources = Signal::stored(vec![
        ("userdefined".to_string(), Some(texts::SourceCustom)),
        ("hlm".to_string(), Some(texts::SourceMarket)),
    ]);
    let market = Memo::new(move |_| ed.draft.with(|d| d.source == "hlm"));
    view! {
        <div class="wrap">
            {text_in_hinted(ed, Root, "name".into(), texts::Name, name_hint(), |d| d.name.clone(), |d, v| d.name = v)}
            {text_in(
                ed,
                Root,
                "description".into(),
                texts::Description,
                |d| d.description.clone().unwrap_or_default(),
                |d, v| d.description = opt(v),
                false,
            )}
            {select_in(
                ed,
                Root,
                "source".into(),
                texts::SourceKind,
                sources,
                |d| d.source.clone(),
                |d, v| d.source = v,
            )}
        </div>
        {move || { market.get().then(|| view! { <PartPage part=&super::skill_picker_part::PART page=Page::Form /> }) }}
        {tag_rows(ed, false)}
    }
    .into_any()
}

/// An app name from a skill name: lower-case letters, digits and `-` (the app name rule).
fn app_name(skill: &str) -> String {
    let name: String = skill
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let name: String = name.chars().take(32).collect();
    let name = name.trim_end_matches('-').to_string();
    if name.is_empty() {
        "skill-app".into()
    } else {
        name
    }
}

/// The orders a skill can be deployed with: not expired, with units left.
fn usable(orders: &[SkillOrderInfo], skill_id: &str) -> Vec<SkillOrderInfo> {
    orders.iter().filter(|o| o.skill_id == skill_id && left(o) > 0).cloned().collect()
}

fn left(o: &SkillOrderInfo) -> i64 {
    o.amount.unwrap_or_default() - o.used_amount.unwrap_or_default()
}

/// The skill picker's part: [`SkillPicker`] for the editor's draft and the skill to start with.
pub fn skill_picker(_: Page, _: &PageParams) -> AnyView {
    let ed = expect_context::<Ed>();
    let wanted = expect_context::<WantedSkill>().0;
    view! { <SkillPicker ed=ed wanted=wanted /> }.into_any()
}

/// A market skill, its version and one of the user's orders (with what is left of it); they
/// fill the first app. `wanted` is a skill to start with (the skill page's "Deploy").
#[component]
fn SkillPicker(ed: Ed, wanted: Option<String>) -> impl IntoView {
    let app = use_app();
    let skills = LocalResource::new(move || async move {
        let q = SkillListQuery { limit: Some(100), ..Default::default() };
        api::skills::show_skill_list(&q).await.map(|l| l.data).unwrap_or_default()
    });
    let orders = LocalResource::new(move || async move {
        let q = OrderListQuery { limit: Some(100), ..Default::default() };
        api::orders::show_skill_order_list(&q).await.map(|l| l.data).unwrap_or_default()
    });
    let chosen = RwSignal::new(wanted.unwrap_or_default());
    let versions = LocalResource::new(move || {
        let id = chosen.get();
        async move {
            if id.is_empty() {
                return Vec::new();
            }
            api::skills::show_skill_info(&id, &SkillDetailQuery::default())
                .await
                .map(|d| d.versions)
                .unwrap_or_default()
        }
    });
    let first = AppAt { init: false, i: 0 };
    // Choosing a skill names the first app after it, and takes its first usable order.
    let choose = move |id: String| {
        chosen.set(id.clone());
        let skill: Option<SkillInfo> = skills.get().and_then(|l| l.into_iter().find(|s| s.skill_id == id));
        let order = orders.get().map(|o| usable(&o, &id)).and_then(|o| o.into_iter().next()).map(|o| o.order_id);
        ed.restructure(|d| {
            if d.deployment.template.apps.is_empty() {
                d.deployment.template.apps.push(AppDef::default());
            }
            let a = &mut d.deployment.template.apps[0];
            if let Some(s) = &skill {
                a.name = app_name(&s.name);
                a.app_url = format!("hilens://skills/{}", s.skill_id);
                a.version = s.version.clone();
            }
            a.app_order_id = order;
        });
    };
    // A skill given at the start is chosen once the market has answered.
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        let id = chosen.get_untracked();
        if id.is_empty() || skills.get().is_none() || orders.get().is_none() {
            return id.is_empty();
        }
        choose(id);
        true
    });
    let skill_options = move || {
        let list = skills.get().unwrap_or_default();
        let current = chosen.get();
        let mut out = vec![view! { <option value="">{tr(texts::ChooseSkill)}</option> }.into_any()];
        out.extend(list.into_iter().map(|s| {
            let selected = s.skill_id == current;
            view! {
                <option value=s.skill_id.clone() selected=selected>
                    {s.name.clone()}
                </option>
            }
            .into_any()
        }));
        out
    };
    let version_options = Signal::derive(move || {
        versions.get().unwrap_or_default().into_iter().map(|v| (v, None::<Txt>)).collect::<Vec<_>>()
    });
    let order_list = Memo::new(move |_| orders.get().map(|o| usable(&o, &chosen.get())).unwrap_or_default());
    let order_options = move || {
        let current = ed.draft.with(|d| first.get(d).and_then(|a| a.app_order_id.clone()).unwrap_or_default());
        order_list
            .get()
            .into_iter()
            .map(|o| {
                let label = format!("{} · {} {}", o.order_id, left(&o), app.t(texts::Left));
                let selected = o.order_id == current;
                view! {
                    <option value=o.order_id.clone() selected=selected>
                        {label}
                    </option>
                }
            })
            .collect_view()
    };
    let order_path = format!("{}.app_order_id", first.path());
    let order_id = dom_id(&order_path);
    let order_message = Signal::derive({
        let path = order_path.clone();
        move || ed.message(&path)
    });
    view! {
        <div class="wrap" data-testid="skill-picker">
            <label class="ed-field">
                <span class="muted" id="skill-choice-label">
                    {tr(texts::Skill)}
                </span>
                <select
                    aria-labelledby="skill-choice-label"
                    data-testid="skill-choice"
                    disabled=ed.editing
                    on:change=move |ev| choose(event_target_value(&ev))
                >
                    {skill_options}
                </select>
            </label>
            {select_in(
                ed,
                first,
                format!("{}.version", first.path()),
                texts::SkillVersion,
                version_options,
                |a| a.version.clone().unwrap_or_default(),
                |a, v| a.version = opt(v),
            )}
            <label class="ed-field">
                <span class="muted" id="order-choice-label">
                    {tr(texts::Order)}
                </span>
                <select
                    id=order_id.clone()
                    aria-labelledby="order-choice-label"
                    data-testid="order-choice"
                    aria-invalid=move || order_message.with(Option::is_some).to_string()
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        ed.change(|d| {
                            if let Some(a) = first.get_mut(d) {
                                a.app_order_id = opt(v);
                            }
                        });
                    }
                >
                    <option value="">{tr(texts::ChooseOrder)}</option>
                    {order_options}
                </select>
                <crate::components::form::field::FieldMessage id=format!("{order_id}-error") message=order_message />
            </label>
            {move || {
                (!chosen.get().is_empty() && order_list.with(Vec::is_empty))
                    .then(|| {
                        view! {
                            <p class="muted" role="status">
                                {tr(texts::NoOrders)}
                            </p>
                        }
                    })
            }}
        </div>
    }
}

/// Which of the three target kinds the draft uses.
fn target_kind(d: &Req) -> &'static str {
    if d.node_tags.is_some() {
        "tags"
    } else if d.cluster_id.is_some() {
        "cluster"
    } else {
        "devices"
    }
}

fn set_target_kind(d: &mut Req, kind: &str) {
    d.node_ids = (kind == "devices").then(Vec::new);
    d.node_tags = (kind == "tags").then(|| vec![Tag::default()]);
    d.node_num = (kind == "tags").then_some(1);
    d.cluster_id = (kind == "cluster").then(String::new);
}

/// Devices by id (picked by name), by tags (with how many carry them), or a cluster; and the
/// instances per device.
fn targets(ed: Ed) -> AnyView {
    let kind = Memo::new(move |_| ed.draft.with(|d| target_kind(d)));
    let radio = move |value: &'static str, label: Txt| {
        view! {
            <label class="check-field">
                <input
                    type="radio"
                    name="target-kind"
                    value=value
                    data-testid=format!("target-{value}")
                    disabled=ed.editing
                    prop:checked=move || kind.get() == value
                    on:change=move |_| ed.restructure(|d| set_target_kind(d, value))
                />
                " "
                {tr(label)}
            </label>
        }
    };
    view! {
        // An update cannot change the targets: the controls are disabled, and this says why.
        {ed
            .editing
            .then(|| {
                view! {
                    <p class="muted" id="targets-fixed" data-testid="targets-fixed">
                        {tr(texts::FixedTargets)}
                    </p>
                }
            })}
        // The rule describes the radio group (read with it); shown, it only repeated the choices.
        <p class="visually-hidden" id="target-rule">
            {tr(texts::TargetRule)}
        </p>
        <div
            role="radiogroup"
            aria-labelledby="target-kind-label"
            aria-describedby=if ed.editing { "targets-fixed target-rule" } else { "target-rule" }
            class="row"
        >
            <span class="muted" id="target-kind-label">
                {tr(texts::TargetKind)}
            </span>
            {radio("devices", texts::ByDevices)}
            {radio("tags", texts::ByTags)}
            {radio("cluster", texts::ByCluster)}
        </div>
        {group_message(ed, "cluster_id".into())}
        {move || match kind.get() {
            "tags" => {
                view! {
                    {tag_rows(ed, true)}
                    <div class="wrap">
                        {num_in(ed, Root, "node_num".into(), texts::NodeNum, |d| d.node_num, |d, n| d.node_num = n)}
                        <TaggedCount ed=ed />
                    </div>
                    {group_message(ed, "node_tags".into())}
                }
                    .into_any()
            }
            "cluster" => {
                text_in(
                    ed,
                    Root,
                    "cluster_id".into(),
                    texts::ClusterId,
                    |d| d.cluster_id.clone().unwrap_or_default(),
                    |d, v| d.cluster_id = Some(v),
                    false,
                )
            }
            _ => view! { <DevicePicker ed=ed /> }.into_any(),
        }}
        <div class="wrap">
            {num_in(
                ed,
                Root,
                "deployment.replicas".into(),
                texts::Replicas,
                |d| Some(d.deployment.replicas),
                |d, n| d.deployment.replicas = n.unwrap_or(0),
            )}
        </div>
    }
    .into_any()
}

/// How many devices of the workspace carry every one of the draft's device tags.
#[component]
fn TaggedCount(ed: Ed) -> impl IntoView {
    let app = use_app();
    let tags = Memo::new(move |_| ed.draft.with(|d| d.node_tags.clone().unwrap_or_default()));
    let count = LocalResource::new(move || {
        let tags: Vec<Tag> = tags.get().into_iter().filter(|t| !t.key.is_empty() && !t.value.is_empty()).collect();
        let workspace = app.workspace.get();
        async move {
            if tags.is_empty() {
                return None;
            }
            let q = NodeListQuery { limit: Some(1), tags, workspace_id: Some(workspace), ..Default::default() };
            api::nodes::show_nodes(&q).await.ok().map(|l| l.count)
        }
    });
    view! {
        <p class="muted" role="status" data-testid="tagged-count">
            {tr(texts::MatchingDevices)}
            ": "
            {move || count.get().flatten().map(|n| n.to_string()).unwrap_or_else(|| "-".into())}
        </p>
    }
}

/// Devices searched by name over the whole fleet, ticked, and the chosen ones by name, each
/// removable (an edit shows them only: its targets are fixed).
#[component]
fn DevicePicker(ed: Ed) -> impl IntoView {
    let chosen = Memo::new(move |_| ed.draft.with(|d| d.node_ids.clone().unwrap_or_default()));
    let toggle = Callback::new(move |(id, on): (String, bool)| {
        ed.change(|d| {
            let ids = d.node_ids.get_or_insert_with(Vec::new);
            ids.retain(|i| *i != id);
            if on {
                ids.push(id);
            }
        });
        ed.touch("node_ids");
    });
    view! {
        <PickMany
            state_label=crate::pages::devices::texts::state_label
            chosen=chosen
            on_toggle=toggle
            label=texts::SearchDevices
            chosen_label=texts::Selected
            testid="device-search"
            disabled=ed.editing
            list_id=dom_id("node_ids")
        />
        {group_message(ed, "node_ids".into())}
    }
}

/// Restart policy, host network and PID, migration, toleration; affinity rules.
fn pod_settings(ed: Ed) -> AnyView {
    let rules = |pod: bool| {
        let base = if pod {
            "deployment.template.affinity.pod_affinity"
        } else {
            "deployment.template.affinity.node_affinity"
        };
        repeated(
            ed,
            if pod { texts::PodAffinity } else { texts::NodeAffinity },
            base.to_string(),
            Items {
                count: Arc::new(move |d: &Req| {
                    d.deployment.template.affinity.as_ref().map_or(0, |a| {
                        if pod {
                            a.pod_affinity.len()
                        } else {
                            a.node_affinity.len()
                        }
                    })
                }),
                add: Arc::new(move |d: &mut Req| {
                    let a = d.deployment.template.affinity.get_or_insert_with(Default::default);
                    let rule = MatchExpression { operator: Some("In".into()), ..Default::default() };
                    if pod {
                        a.pod_affinity.push(rule)
                    } else {
                        a.node_affinity.push(rule)
                    }
                }),
                remove: Arc::new(move |d: &mut Req, j| {
                    if let Some(a) = d.deployment.template.affinity.as_mut() {
                        let list = if pod { &mut a.pod_affinity } else { &mut a.node_affinity };
                        if j < list.len() {
                            list.remove(j);
                        }
                        if a.pod_affinity.is_empty() && a.node_affinity.is_empty() {
                            d.deployment.template.affinity = None;
                        }
                    }
                }),
            },
            Arc::new(move |j| {
                let rule = AffinityAt { pod, j };
                let at = rule.path();
                view! {
                    <div class="wrap">
                        {text_in(
                            ed,
                            rule,
                            format!("{at}.key"),
                            texts::AffinityKey,
                            |m| m.key.clone().unwrap_or_default(),
                            |m, v| m.key = opt(v),
                            false,
                        )}
                        {select_in(
                            ed,
                            rule,
                            format!("{at}.operator"),
                            texts::Operator,
                            worded_options(OPERATORS, texts::operator_text),
                            |m| m.operator.clone().unwrap_or_default(),
                            |m, v| m.operator = opt(v),
                        )}
                        {text_in(
                            ed,
                            rule,
                            format!("{at}.values"),
                            texts::Values,
                            |m| m.values.join(","),
                            |m, v| {
                                m.values = v
                                    .split(',')
                                    .map(str::trim)
                                    .filter(|s| !s.is_empty())
                                    .map(String::from)
                                    .collect();
                            },
                            false,
                        )}
                    </div>
                }
                .into_any()
            }),
        )
    };
    let c = "deployment.template.configs";
    view! {
        <div class="wrap">
            {select_in(
                ed,
                Configs,
                format!("{c}.restart_policy"),
                texts::RestartPolicy,
                worded_options(RESTART_POLICIES, texts::restart_policy_text),
                |c| c.restart_policy.clone(),
                |c, v| c.restart_policy = v,
            )}
            {num_in(
                ed,
                Configs,
                format!("{c}.toleration_seconds"),
                texts::Toleration,
                |c| c.toleration_seconds,
                |c, n| c.toleration_seconds = n,
            )}
            {check_in(
                ed,
                Configs,
                format!("{c}.host_network"),
                texts::HostNetwork,
                |c| c.host_network,
                |c, on| c.host_network = on,
                |_| false,
            )}
            {check_in(
                ed,
                Configs,
                format!("{c}.host_pid"),
                texts::HostPid,
                |c| c.host_pid == Some(true),
                |c, on| c.host_pid = on.then_some(true),
                |_| false,
            )}
            {check_in(
                ed,
                Configs,
                format!("{c}.migration"),
                texts::Migration,
                |c| c.migration == Some(true),
                |c, on| c.migration = on.then_some(true),
                |_| false,
            )}
        </div>
        <h3 class="ed-section-title">{tr(texts::Affinity)}</h3>
        <p class="muted">{tr(texts::OperatorRule)}</p>
        {rules(false)}
        {rules(true)}
    }
    .into_any()
}
