//! One instance (a pod: one device's copy of a deployment). The API has no call for one pod and
//! none for its logs or events (docs/choices.md): the page finds it in `show_deployment_pods` of
//! its deployment (every page), live while visible, and shows what that gives: its status and
//! why, its device and deployment by name, host IP, times, and the configuration it runs; pause
//! or resume, and delete (asking first).

use hilens_model::deployments::{Pod, PodListQuery};
use hilens_model::OperationId as Op;
use leptos::prelude::*;

use super::list::{PodAsks, PodConfirm};
use super::texts;
use super::{pod_key, reason_text, status_badge, switch};
use crate::api::{self, ApiError};
use crate::components::actions::{run_action, BulkNotice, BulkRun};
use crate::components::allowed::ActionButton;
use crate::components::detail::{DetailPage, Tab};
use crate::components::facts::{text, Facts};
use crate::components::frame::error_notice::ErrorNotice;
use crate::components::list::list_kit::Skeleton;
use crate::components::live::use_poll;
use crate::components::names::{Kind, Named};
use crate::i18n::{common, tr};
use crate::router::A;

/// Pages of the deployment's instances read at most to find this one (100 a page).
const MOST_PAGES: u32 = 100;

/// The instance `pod_id` of `deployment_id`, or `None` when the deployment has no such one.
async fn find(deployment_id: String, pod_id: String) -> Result<Option<Pod>, ApiError> {
    for page in 0..MOST_PAGES {
        let q = PodListQuery {
            deployment_id: Some(deployment_id.clone()),
            limit: Some(100),
            offset: Some(page * 100),
            ..Default::default()
        };
        let list = api::deployments::show_deployment_pods(&q).await?;
        let n = list.pods.len() as u64;
        if let Some(p) = list.pods.into_iter().find(|p| p.id == pod_id) {
            return Ok(Some(p));
        }
        if n < 100 || u64::from(page + 1) * 100 >= list.count {
            break;
        }
    }
    Ok(None)
}

#[component]
pub fn InstanceDetailPage(deployment_id: String, pod_id: String) -> impl IntoView {
    let ids = StoredValue::new((deployment_id, pod_id));
    let pod = LocalResource::new(move || {
        let (d, p) = ids.get_value();
        find(d, p)
    });
    use_poll(std::time::Duration::from_secs(5), move || pod.refetch());
    let refetch = Callback::new(move |_| pod.refetch());
    let loaded = move || pod.get().and_then(Result::ok).flatten();
    let title = Signal::derive(move || loaded().map(|p| p.name).unwrap_or_else(|| ids.get_value().1));
    let pending = RwSignal::new(false);
    let asks = PodAsks::new();
    let run = RwSignal::new(None::<BulkRun>);
    // Once deleted, back to the list it came from (the navigator is taken here: the delete ends
    // outside the page's reactive scope).
    let navigate = StoredValue::new_local(crate::router::use_navigate());
    let after_delete = Callback::new(move |_| {
        navigate.with_value(|go| go(&crate::components::list::list_page::list_url("/instances"), Default::default()))
    });
    let actions = move || {
        loaded().map(|p| {
            let key = StoredValue::new(pod_key(&p));
            let paused = p.status == "Succeeded";
            let (action, label, done) =
                if paused { ("resume", texts::Resume, texts::Resumed) } else { ("pause", texts::Pause, texts::Paused) };
            let (name, device) = (StoredValue::new(p.name.clone()), StoredValue::new(p.node_id.clone()));
            view! {
                <div class="row">
                    <ActionButton
                        needs=Op::StartAndStopDeploymentPod
                        testid="instance-switch"
                        disabled=pending
                        on_click=Callback::new(move |_| run_action(
                            pending,
                            done,
                            switch(key.get_value(), action),
                            move |_| refetch.run(()),
                        ))
                    >
                        {tr(label)}
                    </ActionButton>
                    <ActionButton
                        needs=Op::DeletePod
                        class="danger"
                        testid="instance-delete"
                        on_click=Callback::new(move |_| {
                            asks.ask(vec![key.get_value()], name.get_value(), Some(device.get_value()))
                        })
                    >
                        {tr(texts::Delete)}
                    </ActionButton>
                </div>
            }
        })
    };
    let body = move || match pod.get() {
        None => view! { <Skeleton /> }.into_any(),
        Some(Err(e)) => view! { <ErrorNotice error=e on_retry=move |_| pod.refetch() /> }.into_any(),
        Some(Ok(None)) => view! {
            <p class="card detail-card" role="status" data-testid="instance-missing">
                {tr(texts::NotFound)}
            </p>
        }
        .into_any(),
        Some(Ok(Some(p))) => facts(p),
    };
    let tabs = vec![Tab::new("overview", common::Overview, body)];
    view! {
        <DetailPage back="/instances" back_label=common::NavInstances title=title actions=actions tabs=tabs />
        <BulkNotice run=run />
        <PodConfirm asks=asks run=run refetch=after_delete />
    }
}

fn facts(p: Pod) -> AnyView {
    let device = crate::paths::to(&format!("/devices/{}", p.node_id));
    let deployment = crate::paths::to(&format!("/deployments/{}", p.deployment_id));
    let alarms = crate::paths::to(&format!("/alarms?device_id={}", p.node_id));
    let rows = vec![
        (texts::Id, view! { <code data-testid="instance-id">{p.id.clone()}</code> }.into_any()),
        (texts::Status, status_badge(&p.status)),
        (texts::Reason, view! { <span data-testid="instance-reason">{reason_text(p.reason.as_deref())}</span> }.into_any()),
        (texts::Device, view! { <Named kind=Kind::Device id=p.node_id.clone() href=device testid="instance-device"/> }.into_any()),
        (texts::Deployment, view! { <Named kind=Kind::Deployment id=p.deployment_id.clone() href=deployment testid="instance-deployment"/> }.into_any()),
        (texts::HostIp, text(p.host_ip.clone())),
        (texts::Cluster, text(p.cluster_id.clone())),
        (texts::Created, crate::components::format::when(Some(&p.created_at))),
        (texts::Updated, crate::components::format::when(Some(&p.updated_at))),
    ];
    view! {
        <section class="card detail-card" data-testid="instance-facts">
            <Facts rows=rows />
            <p class="muted" data-testid="instance-no-logs">
                {tr(texts::NoLogs)}
                " "
                <A href=alarms>{tr(texts::DeviceAlarms)}</A>
            </p>
        </section>
        {crate::pages::deployments::config::config_summary(&p.configs, &p.apps, "instance-config")}
    }
    .into_any()
}
