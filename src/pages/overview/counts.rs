//! What the overview's cards count, each read in one go: the API calls and how their answers
//! become lines. Counts come from the list calls' `count`, so 100000 devices are never paged
//! through; where the API cannot filter (deployments by health, alarms by level, devices by
//! upgrade) a sample is counted, and the card says which.

use hilens_model::activation::PlatformOrderQuery;
use hilens_model::alarms::{DeviceAlarm, LEVELS};
use hilens_model::common::PageQuery;
use hilens_model::deployments::{DeploymentListQuery, HEALTH_KEYS};
use hilens_model::firmware::UPGRADING;
use hilens_model::nodes::{NodeListQuery, ACTIVE_STATUSES, STATES};
use leptos::prelude::GetUntracked;

use super::texts;
use crate::api::{self, ApiError};
use crate::i18n::Txt;
use crate::pages::alarms::texts as alarm_texts;
use crate::pages::alarms::{newest_alarms, LEVEL_PAGES};
use crate::pages::deployments::texts as deployment_texts;
use crate::pages::devices::texts as device_texts;

/// Deployments and devices counted where the API cannot filter: the newest this many.
const SAMPLE: u32 = 100;
/// Upgrades shown with their progress (one call each).
const UPGRADES_SHOWN: usize = 5;
/// Alarms listed by name under their counts.
const ALARMS_SHOWN: usize = 3;
/// API calls of one round at most: devices 7, deployments 1, alarms up to [`LEVEL_PAGES`],
/// upgrades 1 and one per upgrade shown, service orders 1.
pub const CALLS_PER_ROUND: u32 = 7 + 1 + LEVEL_PAGES + 1 + UPGRADES_SHOWN as u32 + 1;

/// How a line's state reads at a glance (its colour in the bar).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Ok,
    Warn,
    Danger,
    Neutral,
}

/// One number of a card: what it counts in words, how many, and the list it counts.
#[derive(Clone)]
pub struct Line {
    pub label: Txt,
    pub n: u64,
    pub to: String,
    pub tone: Tone,
}

/// Something to look at under a card's numbers.
#[derive(Clone)]
pub enum Item {
    Alarm(DeviceAlarm),
    Upgrade {
        id: String,
        name: String,
        version: String,
        percent: u8,
    },
    /// A service order running out: its id and the units left. Its device class is on the
    /// service orders' page, in words; here it would cost the landing page their texts.
    Order {
        id: String,
        left: u64,
    },
}

/// What a card shows, whichever card it is. One type for every card, read through one kind of
/// future: each kind of resource costs the wasm its own copy of the resource machinery (eight
/// card types measured 8.4 KB gzip more for the landing page).
#[derive(Clone, Default)]
pub struct Shown {
    /// How many in all, and the list of them (if the console has one).
    pub total: Option<(u64, Option<String>)>,
    /// Groups of lines, each named and the parts of one whole (a bar of their shares above them).
    pub groups: Vec<(Txt, Vec<Line>)>,
    /// When the lines count a sample rather than everything: which, and why.
    pub sampled: Option<Txt>,
    pub items: Vec<Item>,
}

fn workspace() -> Option<String> {
    Some(crate::state::use_app().workspace.get_untracked())
}

fn lines(
    keys: &[&str],
    counts: &[u64],
    label: fn(&str) -> Option<Txt>,
    to: impl Fn(&str) -> String,
    tone: fn(&str) -> Tone,
) -> Vec<Line> {
    keys.iter()
        .zip(counts)
        .filter_map(|(k, n)| Some(Line { label: label(k)?, n: *n, to: to(k), tone: tone(k) }))
        .collect()
}

/// Devices in all, by connection state and by activation: seven counts (`limit=1`).
pub async fn devices() -> Result<Shown, ApiError> {
    let ws = workspace();
    let query = |f: &dyn Fn(&mut NodeListQuery)| {
        let mut q = NodeListQuery { limit: Some(1), workspace_id: ws.clone(), ..Default::default() };
        f(&mut q);
        q
    };
    let mut queries = vec![query(&|_| {})];
    queries.extend(STATES.iter().map(|s| query(&|q| q.status = Some(s.to_string()))));
    queries.extend(ACTIVE_STATUSES.iter().map(|s| query(&|q| q.active_status = Some(s.to_string()))));
    let counts: Vec<u64> = futures::future::join_all(queries.iter().map(api::nodes::count_nodes))
        .await
        .into_iter()
        .collect::<Result<_, _>>()?;
    let (total, by_state) = (counts[0], &counts[1..]);
    let (states, activation) = by_state.split_at(STATES.len());
    let state_tone = |s: &str| match s {
        "RUNNING" => Tone::Ok,
        "STOPPED" => Tone::Warn,
        _ => Tone::Neutral,
    };
    let activation_tone = |s: &str| match s {
        "ACTIVATED" => Tone::Ok,
        "EXPIRED" => Tone::Danger,
        _ => Tone::Warn,
    };
    Ok(Shown {
        total: Some((total, Some("/devices".into()))),
        groups: vec![
            (
                texts::ByState,
                lines(STATES, states, device_texts::state_label, |s| format!("/devices?status={s}"), state_tone),
            ),
            (
                texts::ByActivation,
                lines(
                    ACTIVE_STATUSES,
                    activation,
                    device_texts::active_status,
                    |s| format!("/devices?active_status={s}"),
                    activation_tone,
                ),
            ),
        ],
        ..Default::default()
    })
}

/// Deployments by health among the newest [`SAMPLE`] (the list cannot filter by state; the
/// deployments list picks a health out of the same sample).
pub async fn deployments() -> Result<Shown, ApiError> {
    let query = DeploymentListQuery { limit: Some(SAMPLE), ..Default::default() };
    let list = api::deployments::show_deployment_summaries(&query).await?;
    let counts: Vec<u64> =
        HEALTH_KEYS.iter().map(|k| list.deployments.iter().filter(|d| d.health().key() == *k).count() as u64).collect();
    let tone = |k: &str| match k {
        "running" => Tone::Ok,
        "degraded" => Tone::Warn,
        "failed" => Tone::Danger,
        _ => Tone::Neutral,
    };
    let mut health =
        lines(HEALTH_KEYS, &counts, deployment_texts::health_named, |k| format!("/deployments?health={k}"), tone);
    // Creating is a moment, not a health to watch: shown only while it happens.
    health.retain(|l| l.n > 0 || l.label != deployment_texts::StateCreating);
    Ok(Shown {
        total: Some((list.count, Some("/deployments".into()))),
        groups: vec![(texts::ByHealth, health)],
        sampled: (list.count > u64::from(SAMPLE)).then_some(texts::SampledDeployments),
        ..Default::default()
    })
}

/// Alarms by level among the newest [`LEVEL_PAGES`] pages (the API has no level filter; the
/// alarms list picks a level out of the same pages), and the newest few by name.
pub async fn alarms() -> Result<Shown, ApiError> {
    let (alarms, total) = newest_alarms(None).await?;
    let counts: Vec<u64> = LEVELS.iter().map(|l| alarms.iter().filter(|a| a.level == *l).count() as u64).collect();
    let tone = |l: &str| match l {
        "critical" => Tone::Danger,
        "major" => Tone::Warn,
        _ => Tone::Neutral,
    };
    Ok(Shown {
        total: Some((total, Some("/alarms".into()))),
        groups: vec![(
            texts::ByLevel,
            lines(LEVELS, &counts, alarm_texts::level, |l| format!("/alarms?level={l}"), tone),
        )],
        sampled: (total > alarms.len() as u64).then_some(texts::SampledAlarms),
        items: alarms.into_iter().take(ALARMS_SHOWN).map(Item::Alarm).collect(),
    })
}

/// Firmware upgrades running among the newest [`SAMPLE`] devices (the list has no firmware
/// filter), the first few with their progress.
pub async fn upgrades() -> Result<Shown, ApiError> {
    let query = NodeListQuery { limit: Some(SAMPLE), workspace_id: workspace(), ..Default::default() };
    let list = api::nodes::show_node_summaries(&query).await?;
    let running: Vec<_> = list
        .nodes
        .into_iter()
        .filter(|n| n.firmware_status.as_deref().and_then(|s| s.parse().ok()) == Some(UPGRADING))
        .collect();
    let shown = &running[..running.len().min(UPGRADES_SHOWN)];
    let page = PageQuery::default();
    let progress =
        futures::future::join_all(shown.iter().map(|n| api::firmware::show_upgrade_progress(&n.id, &page))).await;
    let items = shown
        .iter()
        .zip(progress)
        .map(|(n, p)| {
            // A progress that cannot be read leaves the upgrade listed, at 0 %.
            let (version, percent) = match p {
                Ok(p) => (p.version, p.progress.trim().parse::<u8>().unwrap_or(0).min(100)),
                Err(_) => (n.upgrade_firmware_version.clone().unwrap_or_default(), 0),
            };
            Item::Upgrade { id: n.id.clone(), name: n.name.clone(), version, percent }
        })
        .collect();
    Ok(Shown {
        total: Some((running.len() as u64, None)),
        sampled: (list.count > u64::from(SAMPLE)).then_some(texts::SampledUpgrades),
        items,
        ..Default::default()
    })
}

/// Running-service orders with less than a tenth of their units left.
pub async fn low_orders() -> Result<Shown, ApiError> {
    let query =
        PlatformOrderQuery { order_type: Some("running_service".into()), limit: Some(100), ..Default::default() };
    let list = api::activation::list_platform_manager(&query).await?;
    let items = list
        .data
        .into_iter()
        .filter(|o| o.amount > 0 && (o.amount - o.used_amount) * 10 < o.amount)
        .map(|o| Item::Order { id: o.id, left: (o.amount - o.used_amount).max(0) as u64 })
        .collect();
    Ok(Shown { items, ..Default::default() })
}
