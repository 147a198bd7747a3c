//! The overview's page: its cards and, for an empty fleet, the first steps.

use std::future::Future;
use std::time::Duration;

use hilens_model::console::live_interval_secs;
use hilens_model::OperationId as Op;
use leptos::prelude::*;

use super::counts::{self, Item, Line, Shown, Tone, CALLS_PER_ROUND};
use super::texts;
use crate::api::ApiError;
use crate::components::frame::error_notice::ErrorNotice;
use crate::components::live::use_poll;
use crate::i18n::{tr, Txt};
use crate::pages::alarms::{alarm_time, level_badge};
use crate::router::A;
use crate::state::use_app;

/// The cards are read again at most this often, and less often when the proxy's rate limit
/// asks for it (`hilens_model::console::live_interval_secs`).
const REFRESH_FLOOR_SECS: u64 = 30;

type Loading = std::pin::Pin<Box<dyn Future<Output = Result<Shown, ApiError>>>>;
type Read = LocalResource<Result<Shown, ApiError>>;

/// A card's read, made again on each `round`.
fn read(round: RwSignal<u32>, load: fn() -> Loading) -> Read {
    LocalResource::new(move || {
        round.track();
        load()
    })
}

/// A card: its title, then what `data` reads as soon as it answers; marked loaded for the
/// page's timing (`data-loaded`).
fn card(title: Txt, testid: &'static str, data: Read) -> AnyView {
    view! {
        <section
            class="overview-card card"
            aria-labelledby=format!("{testid}-title")
            data-testid=testid
            data-loaded=move || data.get().is_some().then_some("true")
        >
            <h2 id=format!("{testid}-title")>{tr(title)}</h2>
            {move || match data.get() {
                None => {
                    view! {
                        <p class="muted" aria-busy="true">
                            "…"
                        </p>
                    }
                        .into_any()
                }
                Some(Err(e)) => view! { <ErrorNotice error=e on_retry=move |_| data.refetch() /> }.into_any(),
                Some(Ok(shown)) => show(shown),
            }}
        </section>
    }
    .into_any()
}

fn link_or_number(n: u64, to: Option<String>) -> AnyView {
    match to {
        Some(to) => view! { <A href=crate::paths::to(&to)>{n}</A> }.into_any(),
        None => n.into_any(),
    }
}

fn show(shown: Shown) -> AnyView {
    if shown.total.is_none() && shown.groups.is_empty() && shown.items.is_empty() {
        return view! { <p class="muted">{tr(texts::None)}</p> }.into_any();
    }
    let sampled = shown.sampled;
    view! {
        {shown
            .total
            .map(|(n, to)| {
                view! {
                    <p class="overview-total">
                        <span class="muted">{tr(texts::InAll)}</span>
                        " "
                        <span class="overview-big" data-testid="overview-total">
                            {link_or_number(n, to)}
                        </span>
                    </p>
                }
            })}
        {shown.groups.into_iter().map(group).collect_view()}
        {sampled
            .map(|t| {
                view! {
                    <p class="muted overview-sampled" data-testid="overview-sampled">
                        {tr(t)}
                    </p>
                }
            })}
        {items(shown.items)}
    }
    .into_any()
}

fn tone_class(tone: Tone) -> &'static str {
    match tone {
        Tone::Ok => "tone-ok",
        Tone::Warn => "tone-warn",
        Tone::Danger => "tone-danger",
        Tone::Neutral => "tone-neutral",
    }
}

/// Parts of one whole: a bar of their shares (for the eye; the lines say the same in words),
/// then each part's number, its share and the list it counts.
fn group((title, lines): (Txt, Vec<Line>)) -> AnyView {
    let whole: u64 = lines.iter().map(|l| l.n).sum();
    // An empty track when there are none: every card's lines then start at the same height.
    let bar = {
        let parts = lines.iter().filter(|l| l.n > 0).map(|l| {
            // Set through the style object: the Content-Security-Policy refuses style attributes.
            view! { <span class=tone_class(l.tone) style:flex-grow=l.n.to_string()></span> }
        });
        view! {
            <div class="overview-bar" aria-hidden="true">
                {parts.collect_view()}
            </div>
        }
    };
    view! {
        <h3 class="overview-group">{tr(title)}</h3>
        {bar}
        <dl class="overview-lines">
            {lines
                .into_iter()
                .map(|l| {
                    let share = (whole > 0).then(|| format!("{} %", (l.n * 100 + whole / 2) / whole));
                    view! {
                        <dt>
                            <span class=format!("dot {}", tone_class(l.tone)) aria-hidden="true"></span>
                            {tr(l.label)}
                        </dt>
                        <dd>
                            <span data-testid="overview-count">{link_or_number(l.n, Some(l.to))}</span>
                            " "
                            <span class="muted overview-share">{share}</span>
                        </dd>
                    }
                })
                .collect_view()}
        </dl>
    }
    .into_any()
}

fn items(items: Vec<Item>) -> Option<AnyView> {
    if items.is_empty() {
        return None;
    }
    let app = use_app();
    let rows = items.into_iter().map(move |item| match item {
        Item::Alarm(a) => {
            view! { <li data-testid="overview-alarm">{level_badge(&a.level)} " " {a.name} " · " {alarm_time(a.create_time)}</li> }
                .into_any()
        }
        Item::Upgrade { id, name, version, percent } => view! {
            <li data-testid="overview-upgrade">
                <A href=crate::paths::to(&format!("/devices/{id}"))>{name}</A>
                " → "
                {version}
                <progress max="100" value=percent aria-label=move || app.t(texts::UpgradeProgress)></progress>
                {format!(" {percent} %")}
            </li>
        }
        .into_any(),
        Item::Order { id, left } => {
            view! { <li data-testid="overview-order">{id} " · " {left} " " {move || app.t(texts::Left)}</li> }.into_any()
        }
    });
    Some(view! { <ul class="overview-items">{rows.collect_view()}</ul> }.into_any())
}

/// An empty fleet's first steps, the first of them the button to register a device (for
/// those who may; a plain link rather than the kit's guarded one keeps the landing page small).
fn first_steps() -> AnyView {
    view! {
        <section class="overview-start card" aria-labelledby="overview-start-title" data-testid="overview-start">
            <h2 id="overview-start-title">{tr(texts::StartTitle)}</h2>
            <p>{tr(texts::StartLead)}</p>
            <ol>
                <li>{tr(texts::StartRegister)}</li>
                <li>{tr(texts::StartInstall)}</li>
                <li>
                    <A href=crate::paths::to("/skills")>{tr(texts::StartSkill)}</A>
                </li>
                <li>
                    <A href=crate::paths::to("/deployments/new")>{tr(texts::StartDeploy)}</A>
                </li>
            </ol>
            {use_app()
                .can(Op::CreateNode.permission())
                .then(|| {
                    view! {
                        <A
                            href=crate::paths::to("/devices/new")
                            attr:class="button primary"
                            attr:data-testid="overview-register"
                        >
                            {tr(texts::RegisterDevice)}
                        </A>
                    }
                })}
        </section>
    }
    .into_any()
}

#[component]
pub fn OverviewPage() -> impl IntoView {
    let app = use_app();
    let round = RwSignal::new(0u32);
    // Never more often than the proxy's rate limit allows (a share of it), only while visible.
    let rate_limit = app.config.get_untracked().map_or(0, |c| c.rate_limit);
    let every = live_interval_secs(CALLS_PER_ROUND, rate_limit, REFRESH_FLOOR_SECS);
    use_poll(Duration::from_secs(every), move || round.update(|r| *r += 1));
    // A workspace switch reads the cards again (not the first run: the reads have just begun).
    Effect::new(move |seen: Option<String>| {
        let ws = app.workspace.get();
        if seen.is_some_and(|s| s != ws) {
            round.update(|r| *r += 1);
        }
        ws
    });
    let devices = read(round, || Box::pin(counts::devices()));
    let deployments = read(round, || Box::pin(counts::deployments()));
    let alarms = read(round, || Box::pin(counts::alarms()));
    let upgrades = read(round, || Box::pin(counts::upgrades()));
    let orders = read(round, || Box::pin(counts::low_orders()));
    let empty_fleet = move || matches!(devices.get(), Some(Ok(Shown { total: Some((0, _)), .. })));
    view! {
        <h1 class="page-title">{tr(texts::Title)}</h1>
        {move || empty_fleet().then(first_steps)}
        <div class="overview" data-testid="overview">
            {card(texts::Devices, "card-devices", devices)}
            {card(texts::Deployments, "card-deployments", deployments)}
            {card(texts::Alarms, "card-alarms", alarms)}
            {card(texts::Upgrades, "card-upgrades", upgrades)}
            {card(texts::LowOrders, "card-low-orders", orders)}
        </div>
    }
}
