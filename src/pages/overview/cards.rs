//! The overview's cards.

use std::future::Future;

use hilens_model::activation::PlatformOrderQuery;
use hilens_model::alarms::DeviceAlarmQuery;
use hilens_model::deployments::{DeploymentListQuery, PodListQuery};
use hilens_model::firmware::UPGRADING;
use hilens_model::nodes::{NodeListQuery, ACTIVE_STATUSES, STATES};
use hilens_model::orders::OrderListQuery;
use leptos::prelude::*;
use leptos_router::components::A;
use stylers_macro::style;

use super::texts::V;
use crate::api::{self, ApiError};
use crate::components::error_notice::ErrorNotice;
use crate::components::live::use_poll;
use crate::i18n::{tr, Txt};
use crate::pages::alarms::{alarm_time, level_badge};
use crate::pages::devices::texts::D;
use crate::state::use_app;

/// How often the cards are read again while the tab is visible (8 calls a round).
const REFRESH: std::time::Duration = std::time::Duration::from_secs(30);

/// A card's lines: a label, a number, and the list it counts (if the console has it).
type Lines = Vec<(String, u64, Option<String>)>;

fn devices(filter: impl Fn(&mut NodeListQuery)) -> NodeListQuery {
    let mut q = NodeListQuery { limit: Some(1), workspace_id: Some(use_app().workspace.get_untracked()), ..Default::default() };
    filter(&mut q);
    q
}

async fn device_states(lang: hilens_model::Lang) -> Result<Lines, ApiError> {
    let queries: Vec<_> = STATES.iter().map(|s| devices(|q| q.status = Some(s.to_string()))).collect();
    let counts = futures::future::join_all(queries.iter().map(api::nodes::count_nodes)).await;
    STATES
        .iter()
        .zip(counts)
        .map(|(s, c)| {
            let label = D::state_label(s).map_or(s.to_string(), |t| t.text(lang).to_string());
            Ok((label, c?, Some(format!("/devices?status={s}"))))
        })
        .collect()
}

async fn device_activation(lang: hilens_model::Lang) -> Result<Lines, ApiError> {
    let queries: Vec<_> = ACTIVE_STATUSES.iter().map(|s| devices(|q| q.active_status = Some(s.to_string()))).collect();
    let counts = futures::future::join_all(queries.iter().map(api::nodes::count_nodes)).await;
    ACTIVE_STATUSES
        .iter()
        .zip(counts)
        .map(|(s, c)| {
            let label = D::active_status(s).map_or(s.to_string(), |t| t.text(lang).to_string());
            Ok((label, c?, Some(format!("/devices?active_status={s}"))))
        })
        .collect()
}

/// Deployments by state: the list has no state filter, so the newest 100 are counted.
fn deployment_states() -> impl std::future::Future<Output = Result<(Lines, u64), ApiError>> {
    // By health, as the deployments' pages say it (Degraded: running with instances not ready).
    let lang = use_app().lang.get_untracked();
    async move {
        let list = api::deployments::show_deployment_summaries(&DeploymentListQuery { limit: Some(100), ..Default::default() }).await?;
        let mut states: Vec<(String, u64, Option<String>)> = Vec::new();
        for d in &list.deployments {
            let label = crate::pages::deployments::texts::P::health(d.health()).map_or(d.state.clone(), |t| t.text(lang).to_string());
            match states.iter_mut().find(|(s, _, _)| *s == label) {
                Some(line) => line.1 += 1,
                None => states.push((label, 1, Some("/deployments".into()))),
            }
        }
        Ok((states, list.count))
    }
}

async fn instances_not_running() -> Result<(Lines, u64), ApiError> {
    let list = api::deployments::show_pod_summaries(&PodListQuery { limit: Some(100), ..Default::default() }).await?;
    let mut states: Lines = Vec::new();
    for p in list.pods.iter().filter(|p| p.status != "Running") {
        match states.iter_mut().find(|(s, _, _)| *s == p.status) {
            Some(line) => line.1 += 1,
            None => states.push((p.status.clone(), 1, Some("/instances".into()))),
        }
    }
    Ok((states, list.count))
}

async fn low_orders() -> Result<Lines, ApiError> {
    let query = PlatformOrderQuery { order_type: Some("running_service".into()), limit: Some(100), ..Default::default() };
    let list = api::activation::list_platform_manager(&query).await?;
    Ok(list
        .data
        .into_iter()
        .filter(|o| o.amount > 0 && (o.amount - o.used_amount) * 10 < o.amount)
        .map(|o| (format!("{} · {}", o.device_type, o.id), (o.amount - o.used_amount).max(0) as u64, Some("/service-orders?type=running_service".to_string())))
        .collect())
}

async fn free_orders() -> Result<u64, ApiError> {
    let list = api::orders::show_skill_order_summaries(&OrderListQuery { limit: Some(100), ..Default::default() }).await?;
    Ok(list.data.iter().filter(|o| o.charge_model == Some(0)).count() as u64)
}

/// Upgrades running among the newest 100 devices (the list has no firmware filter).
async fn upgrades() -> Result<u64, ApiError> {
    let list = api::nodes::show_node_summaries(&devices(|q| q.limit = Some(100))).await?;
    Ok(list.nodes.iter().filter(|n| n.firmware_status.as_deref().and_then(|s| s.parse().ok()) == Some(UPGRADING)).count() as u64)
}

/// What a card shows, whichever card it is. One type for every card, read through one kind of
/// future: each kind of resource costs the wasm its own copy of the resource machinery (eight
/// card types measured 8.4 KB gzip more for the landing page).
#[derive(Clone)]
enum Shown {
    /// Lines of numbers, each a link when its list exists.
    Lines(Lines),
    /// Lines counted among the newest 100 of `total`.
    Sampled(Lines, u64),
    /// One number, a link to the list it counts; `sampled` when among the newest 100.
    Single { n: u64, to: &'static str, sampled: bool },
    Alarms(Vec<hilens_model::alarms::DeviceAlarm>),
}

type Loading = std::pin::Pin<Box<dyn Future<Output = Result<Shown, ApiError>>>>;

/// A card that reads what it shows with `load` (again on each `round`), shows it as soon as it
/// answers and marks itself loaded for the page's timing (`data-loaded`).
fn card(title: Txt, testid: &'static str, round: RwSignal<u32>, load: impl Fn() -> Loading + 'static) -> AnyView {
    // Boxed, so that every card's resource is the same type (see [`Shown`]).
    let load: Box<dyn Fn() -> Loading> = Box::new(load);
    card_of(title, testid, round, load)
}

fn card_of(title: Txt, testid: &'static str, round: RwSignal<u32>, load: Box<dyn Fn() -> Loading>) -> AnyView {
    let data = LocalResource::new(move || {
        round.track();
        load()
    });
    view! {
        <section class="overview-card card" aria-labelledby=format!("{testid}-title") data-testid=testid
            data-loaded=move || data.get().is_some().then_some("true")>
            <h2 id=format!("{testid}-title")>{tr(title)}</h2>
            {move || match data.get() {
                None => view! { <p class="muted" aria-busy="true">"…"</p> }.into_any(),
                Some(Err(e)) => view! { <ErrorNotice error=e on_retry=move |_| data.refetch()/> }.into_any(),
                Some(Ok(shown)) => show(shown),
            }}
        </section>
    }
    .into_any()
}

fn show(shown: Shown) -> AnyView {
    match shown {
        Shown::Lines(found) => lines(found),
        Shown::Sampled(found, total) => {
            view! { {lines(found)} {(total > 100).then(|| view! { <p class="muted">{tr(V::OfNewest)}</p> })} }.into_any()
        }
        Shown::Single { n, to, sampled } => view! {
            <p class="overview-big" data-testid="overview-count"><A href=crate::paths::to(to)>{n}</A></p>
            {sampled.then(|| view! { <p class="muted">{tr(V::OfNewest)}</p> })}
        }
        .into_any(),
        Shown::Alarms(alarms) if alarms.is_empty() => view! { <p class="muted">{tr(V::None)}</p> }.into_any(),
        Shown::Alarms(alarms) => view! {
            <ul class="overview-alarms">
                {alarms.into_iter().map(|a| view! { <li data-testid="overview-alarm">{level_badge(&a.level)} " " {a.name} " · " {alarm_time(a.create_time)}</li> }).collect_view()}
            </ul>
            <A href=crate::paths::to("/alarms")>{tr(V::All)}</A>
        }
        .into_any(),
    }
}

/// Lines of numbers, each a link when its list exists.
fn lines(lines: Lines) -> AnyView {
    if lines.is_empty() {
        return view! { <p class="muted">{tr(V::None)}</p> }.into_any();
    }
    view! {
        <dl class="overview-lines">
            {lines.into_iter().map(|(label, n, link)| view! {
                <dt>{label}</dt>
                <dd data-testid="overview-count">{match link {
                    Some(to) => view! { <A href=crate::paths::to(&to)>{n}</A> }.into_any(),
                    None => n.into_any(),
                }}</dd>
            }).collect_view()}
        </dl>
    }
    .into_any()
}

async fn newest_alarms() -> Result<Shown, ApiError> {
    let list = api::alarms::list_device_alarms(&DeviceAlarmQuery { limit: Some(5), ..Default::default() }).await?;
    Ok(Shown::Alarms(list.data))
}

#[component]
pub fn OverviewPage() -> impl IntoView {
    let app = use_app();
    let round = RwSignal::new(0u32);
    use_poll(REFRESH, move || round.update(|r| *r += 1));
    // A workspace switch reads the cards again.
    Effect::new(move |_| {
        app.workspace.track();
        round.update(|r| *r += 1);
    });
    let lang = move || app.lang.get_untracked();
    let class = style! {
        .overview {
            display: grid;
            grid-template-columns: repeat(auto-fill, minmax(260px, 1fr));
            gap: 12px;
        }
        .overview-card {
            padding: 14px 18px;
        }
        .overview-card h2 {
            font-size: 14px;
            margin: 0 0 10px;
        }
        .overview-lines {
            display: grid;
            grid-template-columns: 1fr auto;
            gap: 4px 12px;
            margin: 0;
        }
        .overview-lines dd {
            margin: 0;
            font-weight: 600;
        }
        .overview-big {
            font-size: 28px;
            margin: 0;
        }
        .overview-alarms {
            list-style: none;
            padding: 0;
            margin: 0;
            font-size: 13px;
        }
    };
    view! { class = class,
        <h1 class="page-title">{tr(V::Title)}</h1>
        <div class="overview" data-testid="overview">
            {card(V::DevicesByState, "card-device-states", round, move || Box::pin(async move { device_states(lang()).await.map(Shown::Lines) }))}
            {card(V::DevicesByActivation, "card-device-activation", round, move || Box::pin(async move { device_activation(lang()).await.map(Shown::Lines) }))}
            {card(V::Deployments, "card-deployments", round, || Box::pin(async { deployment_states().await.map(|(l, n)| Shown::Sampled(l, n)) }))}
            {card(V::InstancesNotRunning, "card-instances", round, || Box::pin(async { instances_not_running().await.map(|(l, n)| Shown::Sampled(l, n)) }))}
            {card(V::NewestAlarms, "card-alarms", round, || Box::pin(newest_alarms()))}
            {card(V::LowOrders, "card-low-orders", round, || Box::pin(async { low_orders().await.map(Shown::Lines) }))}
            {card(V::FreeOrders, "card-free-orders", round, || Box::pin(async { free_orders().await.map(|n| Shown::Single { n, to: "/orders", sampled: false }) }))}
            {card(V::Upgrades, "card-upgrades", round, || Box::pin(async { upgrades().await.map(|n| Shown::Single { n, to: "/devices", sampled: true }) }))}
        </div>
    }
}
