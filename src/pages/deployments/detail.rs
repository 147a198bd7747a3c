//! One deployment (on the kit's detail page, tabs in the URL): facts and the roll-out per
//! device, kept live while visible; pause / resume, edit (the editor), delete; the quick change
//! of env values and version (PATCH); adding devices by id or by tags; its instances and jobs;
//! its staged roll-outs and the form that starts one (a badge says when one holds it).

use hilens_model::common::{PageQuery, ProviderQuery};
use hilens_model::deployments::Env;
use hilens_model::deployments::*;
use hilens_model::tags::Tag;
use hilens_model::OperationId as Op;
use leptos::prelude::*;

use super::impact::DeploymentImpact;
use super::list::{delete, switch};
use super::rollouts::part as rollout_part;
use super::rollouts::texts as rollout_texts;
use super::rollouts::{rolling_out_badge, Active};
use super::texts;
use super::view::{health_badge, source_label, targets, versions};
use crate::api::{self, ApiError};
use crate::components::actions::{run_action, run_undoable};
use crate::components::allowed::{ActionButton, ActionLink};
use crate::components::confirm::ConfirmDialog;
use crate::components::detail::{DetailPage, Tab};
use crate::components::facts::{chips, text, Facts};
use crate::components::form::field::{FieldState, TextField};
use crate::components::form::form::{land_on_field, tag_rows, KeyValueRows, RadioPair, Row, RowsState};
use crate::components::form::pickers::PickMany;
use crate::components::frame::error_notice::ErrorNotice;
use crate::components::frame::part::{Page, PageParams, PartPage};
use crate::components::list::list_kit::Skeleton;
use crate::components::live::use_poll;
use crate::components::names::{Kind, Named};
use crate::components::resource_tags::ResourceTags;
use crate::i18n::{common, tr};
use crate::pages::instances::{reason_text, status_badge, PodActions, PodAsks, PodConfirm};
use crate::router::A;
use crate::state::toasts::ToastAction;
use crate::state::use_app;
use hilens_model::Permission;

/// How often the deployment and its instances are read again while the page is visible.
const LIVE_EVERY: std::time::Duration = std::time::Duration::from_secs(3);

#[component]
pub fn DeploymentDetailPage(deployment_id: String) -> impl IntoView {
    let id = StoredValue::new(deployment_id);
    let deployment = LocalResource::new(move || {
        let id = id.get_value();
        async move { api::deployments::show_deployment(&id, &ProviderQuery::default()).await }
    });
    let pods = LocalResource::new(move || {
        let id = id.get_value();
        async move {
            let q = PodListQuery { deployment_id: Some(id), limit: Some(100), ..Default::default() };
            api::deployments::show_deployment_pods(&q).await
        }
    });
    // The roll-out holding it, if any (its badge beside the actions).
    let held = Active::new(Some(id.get_value()));
    use_poll(LIVE_EVERY, move || {
        deployment.refetch();
        pods.refetch();
        held.refetch();
    });
    let refetch = Callback::new(move |_| {
        deployment.refetch();
        pods.refetch();
        held.refetch();
    });
    let loaded = move || deployment.get().and_then(Result::ok);
    let title = Signal::derive(move || loaded().map(|d| d.name).unwrap_or_default());
    let pending = RwSignal::new(false);
    let deleting = RwSignal::new(false);
    let pausing = RwSignal::new(false);
    let (pause_busy, delete_busy) = (RwSignal::new(false), RwSignal::new(false));
    let remove = Callback::new(move |_| {
        let navigate = crate::router::use_navigate();
        run_action(pending, texts::Deleted, delete(id.get_value()), move |r| {
            if r.is_ok() {
                navigate(&crate::components::list::list_page::list_url("/deployments"), Default::default());
            }
        });
    });
    let resume = Callback::new(move |_| {
        run_action(pending, texts::Resumed, switch(id.get_value(), "resume"), move |_| refetch.run(()))
    });
    // A pause asks first (it names the devices); its toast offers to resume.
    let pause = Callback::new(move |_| {
        let undo = ToastAction { label: common::Undo, run: resume };
        run_undoable(pending, texts::Paused, Some(undo), switch(id.get_value(), "pause"), move |_| refetch.run(()))
    });
    let this = Signal::derive(move || vec![id.get_value()]);
    let actions = move || {
        loaded().map(|d| {
            let paused = d.state == STATE_PAUSED;
            let label = if paused { texts::Resume } else { texts::Pause };
            let edit = format!("/deployments/{}/edit", d.id);
            let roll_out = format!("/deployments/{}?tab=rollout", d.id);
            let holder = held.of(&d.id).map(|r| rolling_out_badge(&d.id, &r));
            view! {
                <div class="row">
                    {holder}
                    <ActionLink
                        needs=Permission::DeploymentsRollout
                        href=roll_out
                        class="button"
                        testid="deployment-roll-out"
                    >
                        {tr(rollout_texts::RollOut)}
                    </ActionLink>
                    <ActionButton
                        needs=Op::StartAndStopDeployment
                        testid="deployment-switch"
                        disabled=pending
                        on_click=Callback::new(move |_| if paused { resume.run(()) } else { pausing.set(true) })
                    >
                        {tr(label)}
                    </ActionButton>
                    <ActionLink needs=Op::UpdateDeployment href=edit class="button" testid="deployment-edit">
                        {tr(texts::Edit)}
                    </ActionLink>
                    <ActionButton
                        needs=Op::DeleteDeployment
                        class="danger"
                        testid="deployment-delete"
                        on_click=Callback::new(move |_| deleting.set(true))
                    >
                        {tr(texts::DeleteDeployment)}
                    </ActionButton>
                </div>
            }
        })
    };
    // Outside the actions, which are drawn again with every refresh.
    let dialogs = view! {
        <ConfirmDialog
            open=pausing
            name=String::new()
            title=texts::PauseDeployments
            on_confirm=pause
            busy=pause_busy
            impact=move || {
                view! { <DeploymentImpact ids=this open=pausing consequence=texts::ImpactPause busy=pause_busy /> }
            }
        />
        <ConfirmDialog
            open=deleting
            name=title
            title=texts::DeleteDeployment
            on_confirm=remove
            busy=delete_busy
            impact=move || {
                view! { <DeploymentImpact ids=this open=deleting consequence=texts::ImpactDelete busy=delete_busy /> }
            }
        />
    };
    // Its instances' statuses, once read: every one failed makes the deployment Failed.
    let statuses = Memo::new(move |_| {
        pods.get().and_then(Result::ok).map(|l| l.pods.into_iter().map(|p| p.status).collect::<Vec<_>>())
    });
    provide_context(Statuses(statuses));
    let with = move |render: fn(Deployment, Callback<()>) -> AnyView| {
        move || match deployment.get() {
            None => view! { <Skeleton /> }.into_any(),
            Some(Err(e)) => view! { <ErrorNotice error=e on_retry=move |_| deployment.refetch() /> }.into_any(),
            Some(Ok(d)) => render(d, refetch),
        }
    };
    let (pod_asks, pod_run) = (PodAsks::new(), RwSignal::new(None::<crate::components::actions::BulkRun>));
    let pod_rows = move || match pods.get() {
        None => view! { <Skeleton /> }.into_any(),
        Some(Err(e)) => view! { <ErrorNotice error=e on_retry=move |_| pods.refetch() /> }.into_any(),
        Some(Ok(list)) => instances_table(list.pods, refetch, pod_asks),
    };

    let tabs = vec![
        Tab::new("overview", common::Overview, move || {
            view! {
                {with(overview)}
                <section class="card detail-card" aria-labelledby="rollout-title" data-testid="rollout">
                    <h2 id="rollout-title">{tr(texts::Rollout)}</h2>
                    <crate::components::actions::BulkNotice run=pod_run/>
                    {pod_rows}
                    <PodConfirm asks=pod_asks run=pod_run refetch=refetch/>
                </section>
            }
            .into_any()
        }),
        Tab::new("tags", texts::Tags, move || view! { <ResourceTags kind="deployment" id=id.get_value()/> }.into_any()),
        Tab::new("change", texts::TabChange, move || {
            with(|d, r| view! { <PatchForm deployment=d refetch=r/> }.into_any()).into_any()
        }),
        Tab::new("devices", texts::TabAddDevices, move || {
            view! { <AddDevices deployment_id=id.get_value() refetch=refetch/> }.into_any()
        }),
        Tab::new("jobs", texts::TabJobs, move || view! { <DeploymentJobs deployment_id=id.get_value()/> }.into_any()),
        // The roll-outs' own part, fetched when one of these tabs is first opened.
        Tab::new("rollout", rollout_texts::RollOut, move || {
            view! { <PartPage part=&rollout_part::PART page=Page::New params=PageParams::of_id(id.get_value())/> }
                .into_any()
        }),
        Tab::new("rollouts", rollout_texts::Rollouts, move || {
            view! { <PartPage part=&rollout_part::PART page=Page::List params=PageParams::of_id(id.get_value())/> }
                .into_any()
        }),
    ];
    view! {
        <DetailPage back="/deployments" back_label=common::NavDeployments title=title actions=actions tabs=tabs />
        {dialogs}
    }
}

/// The instances' statuses the page has read, for the health badge.
#[derive(Clone, Copy)]
struct Statuses(Memo<Option<Vec<String>>>);

fn overview(d: Deployment, _: Callback<()>) -> AnyView {
    let failed: Vec<(String, String)> =
        d.result.iter().filter_map(|r| r.error_message.as_ref().map(|m| (r.node_id.clone(), m.clone()))).collect();
    let statuses = expect_context::<Statuses>().0;
    let health = {
        let d = d.clone();
        move || {
            let s = statuses.get();
            let s: Option<Vec<&str>> = s.as_ref().map(|s| s.iter().map(String::as_str).collect());
            health_badge(&d, s.as_deref())
        }
    };
    let rows = vec![
        (texts::Id, view! { <code data-testid="deployment-id">{d.id.clone()}</code> }.into_any()),
        (texts::State, health.into_any()),
        (texts::Reason, text(d.reason.clone())),
        (texts::Source, source_label(&d.source)),
        (texts::Version, versions(&d).into_any()),
        (texts::Targets, targets(&d)),
        (
            texts::Instances,
            view! { <span data-testid="deployment-ready">{format!("{} / {}", d.ready_replicas, d.replicas)}</span> }
                .into_any(),
        ),
        (texts::Description, text(d.description.clone())),
        // By name: each app's image is in the configuration below (a URL in a chip was cut).
        (texts::Apps, chips(d.template.apps.iter().map(|a| a.name.clone()).collect())),
        (texts::Tags, chips(d.tags.iter().map(|t| format!("{}={}", t.key, t.value)).collect())),
        (texts::Created, crate::components::format::when(Some(&d.created_at))),
        (texts::Updated, crate::components::format::when(Some(&d.updated_at))),
    ];
    view! {
        <section class="card detail-card" data-testid="deployment-facts">
            <Facts rows=rows />
            {(!failed.is_empty())
                .then(|| {
                    view! {
                        <ul class="danger-text" role="alert">
                            {failed
                                .into_iter()
                                .map(|(node, why)| {
                                    view! {
                                        <li>
                                            <Named kind=Kind::Device id=node />
                                            ": "
                                            {why}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })}
        </section>
        {super::config::config_summary(&d.template.configs, &d.template.apps, "deployment-config")}
    }
    .into_any()
}

/// Each instance (one a device): its device, status and why it is not running, with its actions.
fn instances_table(pods: Vec<Pod>, refetch: Callback<()>, asks: PodAsks) -> AnyView {
    use crate::pages::instances::texts as instance_texts;
    view! {
        <table class="data" data-testid="rollout-table">
            <thead>
                <tr>
                    <th scope="col">{tr(instance_texts::Name)}</th>
                    <th scope="col">{tr(texts::RolloutDevice)}</th>
                    <th scope="col">{tr(instance_texts::Status)}</th>
                    <th scope="col">{tr(instance_texts::Reason)}</th>
                    <th scope="col">{tr(instance_texts::Actions)}</th>
                </tr>
            </thead>
            <tbody>
                {pods
                    .into_iter()
                    .map(|p| {
                        let href = crate::paths::to(&format!("/devices/{}", p.node_id));
                        let page = crate::paths::to(&crate::pages::instances::instance_path(&p));
                        let (name, node, reason) = (
                            p.name.clone(),
                            p.node_id.clone(),
                            reason_text(p.reason.as_deref()),
                        );
                        let status = status_badge(&p.status);
                        view! {
                            <tr data-testid="rollout-row">
                                <td>
                                    <A href=page>{name}</A>
                                </td>
                                <td>
                                    <Named kind=Kind::Device id=node href=href testid="rollout-device" />
                                </td>
                                <td>{status}</td>
                                <td>{reason}</td>
                                <td>
                                    <PodActions pod=p refetch=refetch asks=asks />
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        <p>
            <A href=crate::paths::to("/instances")>{tr(texts::AllInstances)}</A>
        </p>
    }
    .into_any()
}

fn app_lang() -> hilens_model::Lang {
    use_app().lang.get_untracked()
}

/// The env values and the version, changed on every app (PATCH): the first app's plain envs
/// and version to start from.
#[component]
fn PatchForm(deployment: Deployment, refetch: Callback<()>) -> impl IntoView {
    let rows =
        RowsState::new(|k| validate_env_name("name", k), |v| hilens_model::rules::length("value", v, 0, 20_480), 100);
    let first = deployment.template.apps.first().cloned().unwrap_or_default();
    rows.rows.set(
        first
            .envs
            .iter()
            .filter_map(|e| e.value.as_ref().map(|v| Row { key: e.name.clone(), value: v.clone() }))
            .collect(),
    );
    // The envs read from elsewhere (a config map, a secret, the host) are listed as they are:
    // this change sets plain values only.
    let sourced: Vec<String> = first
        .envs
        .iter()
        .filter(|e| e.value.is_none())
        .map(|e| match (&e.value_from, &e.field_path) {
            (Some(ValueFrom { configmap: Some(k), .. }), _) => {
                format!("{} ← {} {}/{}", e.name, texts::FromConfigMap.text(app_lang()), k.name, k.key)
            }
            (Some(ValueFrom { secret: Some(k), .. }), _) => {
                format!("{} ← {} {}/{}", e.name, texts::FromSecret.text(app_lang()), k.name, k.key)
            }
            (_, Some(f)) => format!("{} ← {f}", e.name),
            _ => e.name.clone(),
        })
        .collect();
    let version = FieldState::new(|v| validate_version("version", v), true);
    version.value.set(first.version.clone().unwrap_or_default());
    let pending = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let id = StoredValue::new(deployment.id.clone());
    let app = use_app();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !(rows.check() && version.check()) {
            return;
        }
        let envs: Vec<Env> = rows
            .rows
            .get_untracked()
            .into_iter()
            .map(|r| Env { name: r.key, value: Some(r.value), ..Default::default() })
            .collect();
        let body = PatchDeploymentRequest {
            version: Some(version.value.get_untracked()).filter(|v| !v.is_empty()),
            patch: (!envs.is_empty()).then_some(Patch { envs }),
        };
        if let Err(e) = body.validate() {
            problem.set(Some(super::labels::plain(&e, app.lang.get_untracked())));
            return;
        }
        problem.set(None);
        run_action(
            pending,
            texts::Saved,
            async move { api::deployments::update_deployment_using_patch(&id.get_value(), &body).await },
            move |r| match r {
                Ok(_) => refetch.run(()),
                Err(e) => {
                    if !land_on_field(&e, &[("version", version)]) {
                        problem.set(Some(super::labels::plain_api(&e, app.lang.get_untracked())));
                    }
                }
            },
        );
    };
    view! {
        <form
            class="card detail-card stack"
            novalidate
            on:submit=save
            data-testid="patch-form"
            aria-labelledby="patch-title"
        >
            <h2 id="patch-title">{tr(texts::TabChange)}</h2>
            <p class="muted">{tr(texts::PatchHint)}</p>
            <KeyValueRows
                state=rows
                legend=texts::PatchEnvs
                key_label=texts::EnvName
                value_label=texts::EnvValue
                testid="patch-env"
            />
            {(!sourced.is_empty())
                .then(|| {
                    view! {
                        <div data-testid="patch-sourced">
                            <p class="muted">{tr(texts::SourcedEnvs)}</p>
                            <ul>
                                {sourced
                                    .into_iter()
                                    .map(|e| {
                                        view! {
                                            <li>
                                                <code>{e}</code>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </div>
                    }
                })}
            <TextField state=version label=texts::Version testid="patch-version" />
            {move || {
                problem
                    .get()
                    .map(|p| {
                        view! {
                            <p class="danger-text" role="alert">
                                {p}
                            </p>
                        }
                    })
            }}
            <div>
                <ActionButton
                    needs=Op::UpdateDeploymentUsingPatch
                    submit=true
                    class="primary"
                    testid="patch-save"
                    disabled=pending
                >
                    {tr(texts::Save)}
                </ActionButton>
            </div>
        </form>
    }
}

/// More devices for the deployment (`add_deployment_nodes`): chosen by name (a search over the
/// whole fleet), or by device tags and how many devices.
#[component]
fn AddDevices(deployment_id: String, refetch: Callback<()>) -> impl IntoView {
    let by_tags = RwSignal::new(false);
    let chosen = RwSignal::new(Vec::<String>::new());
    let tags = tag_rows();
    let count =
        FieldState::new(|v| hilens_model::rules::int_in_range("node_num", v, 1, MAX_NODES as i64).map(|_| ()), false);
    count.value.set("1".into());
    let pending = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let id = StoredValue::new(deployment_id);
    let app = use_app();
    let toggle = Callback::new(move |(device, on): (String, bool)| {
        chosen.update(|c| {
            c.retain(|d| *d != device);
            if on {
                c.push(device);
            }
        });
        problem.set(None);
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if by_tags.get_untracked() && !(tags.check() && count.check()) {
            return;
        }
        let node_ids = chosen.get_untracked();
        let body = if by_tags.get_untracked() {
            AddNodesRequest {
                deployment_id: id.get_value(),
                node_ids: None,
                node_tags: Some(
                    tags.rows.get_untracked().into_iter().map(|r| Tag { key: r.key, value: r.value }).collect(),
                ),
                node_num: count.value.get_untracked().trim().parse().unwrap_or(0),
            }
        } else {
            AddNodesRequest {
                deployment_id: id.get_value(),
                node_num: node_ids.len() as i64,
                node_ids: Some(node_ids),
                node_tags: None,
            }
        };
        let lang = app.lang.get_untracked();
        if let Err(e) = body.validate(&id.get_value()) {
            problem.set(Some(super::labels::plain(&e, lang)));
            return;
        }
        problem.set(None);
        run_action(
            pending,
            texts::DevicesAdded,
            async move { api::deployments::add_deployment_nodes(&id.get_value(), &ProviderQuery::default(), &body).await },
            move |r: Result<Deployment, ApiError>| match r {
                Ok(_) => {
                    chosen.set(Vec::new());
                    refetch.run(())
                }
                Err(e) => problem.set(Some(super::labels::plain_api(&e, lang))),
            },
        );
    };
    view! {
        <form
            class="card detail-card stack"
            novalidate
            on:submit=submit
            data-testid="add-devices"
            aria-labelledby="add-devices-title"
        >
            <h2 id="add-devices-title">{tr(texts::AddDevices)}</h2>
            <p class="muted">{tr(texts::AddDevicesHint)}</p>
            <RadioPair
                value=by_tags
                label=texts::TargetKind
                name="add-by"
                off=("add-by-ids", texts::ByDevices)
                on=("add-by-tags", texts::ByTags)
            />
            {move || {
                if by_tags.get() {
                    view! {
                        <KeyValueRows
                            state=tags
                            legend=texts::NodeTags
                            key_label=texts::TagKey
                            value_label=texts::TagValue
                            testid="add-tags"
                        />
                        <TextField state=count label=texts::NodeNum testid="add-count" />
                    }
                        .into_any()
                } else {
                    view! {
                        <PickMany
                            state_label=crate::pages::devices::texts::state_label
                            chosen=chosen
                            on_toggle=toggle
                            label=texts::SearchDevices
                            chosen_label=texts::Selected
                            testid="add-pick"
                        />
                    }
                        .into_any()
                }
            }}
            {move || {
                problem
                    .get()
                    .map(|p| {
                        view! {
                            <p class="danger-text" role="alert" data-testid="add-problem">
                                {p}
                            </p>
                        }
                    })
            }}
            <div>
                <ActionButton
                    needs=Op::AddDeploymentNodes
                    submit=true
                    class="primary"
                    testid="add-submit"
                    disabled=pending
                >
                    {tr(texts::AddDevices)}
                </ActionButton>
            </div>
        </form>
    }
}

/// The deployment's jobs, with links to manage them.
#[component]
fn DeploymentJobs(deployment_id: String) -> impl IntoView {
    let id = StoredValue::new(deployment_id);
    let jobs = LocalResource::new(move || {
        let id = id.get_value();
        async move { api::tasks::list_tasks(&id, &PageQuery { limit: Some(100), ..Default::default() }).await }
    });
    let list_href = crate::paths::to(&format!("/jobs?deployment_id={}", id.get_value()));
    let new_href = format!("/jobs/new?deployment_id={}", id.get_value());
    view! {
        <section class="card detail-card" aria-labelledby="jobs-title" data-testid="deployment-jobs">
            <div class="row">
                <h2 id="jobs-title">{tr(texts::TabJobs)}</h2>
                <ActionLink needs=Op::CreateTask href=new_href class="button primary">
                    {tr(texts::NewJob)}
                </ActionLink>
                <A href=list_href>{tr(texts::AllJobs)}</A>
            </div>
            {move || match jobs.get() {
                None => view! { <Skeleton /> }.into_any(),
                Some(Err(e)) => view! { <ErrorNotice error=e on_retry=move |_| jobs.refetch() /> }.into_any(),
                Some(Ok(list)) => chips(list.tasks.into_iter().map(|t| t.name).collect()),
            }}
        </section>
    }
}
