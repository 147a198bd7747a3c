//! Device alarms (`list_device_alarms`): newest first, each with its level, device, impact,
//! reason and what to do; filtered by device and level. Its page is a wasm part of its own; the
//! device page shows a device's alarms with [`alarm_table`], the overview counts them by level
//! with [`newest_alarms`].

mod list;
pub mod texts;

use hilens_model::alarms::{DeviceAlarm, DeviceAlarmQuery};
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::badge::{badge, Tone};
use crate::components::frame::part::{Domain, NavGroup, Page, PageParams, PageRoute};
use crate::i18n::{common, tr};

pub const DOMAIN: Domain = Domain {
    group: NavGroup::Fleet,
    label: common::NavAlarms,
    href: "/alarms",
    key: "a",
    part: &PART,
    pages: &[PageRoute { path: "", part: &PART, page: Page::List }],
};

crate::domain_part!(alarms, page);

fn page(_: Page, _: &PageParams) -> AnyView {
    view! { <list::AlarmListPage /> }.into_any()
}

/// Alarms read a page at a time when they are picked by level (the API has no level filter).
const PAGE: u32 = 100;
/// Pages read at most for that: the newest 1000 alarms are what levels are counted among.
pub const LEVEL_PAGES: u32 = 10;

/// The newest alarms (of one device, if given), at most [`LEVEL_PAGES`] pages, and how many
/// there are in all.
pub async fn newest_alarms(device_id: Option<String>) -> Result<(Vec<DeviceAlarm>, u64), ApiError> {
    let (mut alarms, mut total) = (Vec::new(), 0);
    for page in 0..LEVEL_PAGES {
        let query = DeviceAlarmQuery { offset: Some(page * PAGE), limit: Some(PAGE), device_id: device_id.clone() };
        let list = api::alarms::list_device_alarms(&query).await?;
        total = list.total;
        let short = list.data.len() < PAGE as usize;
        alarms.extend(list.data);
        if short || alarms.len() as u64 >= total {
            break;
        }
    }
    Ok((alarms, total))
}

/// An alarm's level as a coloured badge.
pub fn level_badge(level: &str) -> AnyView {
    let tone = match level {
        "critical" => Tone::Danger,
        "major" => Tone::Warn,
        _ => Tone::Neutral,
    };
    badge(tone, texts::level(level), level, None, "alarm-level")
}

/// An alarm's time (milliseconds since the epoch) in the console's one style for times.
pub fn alarm_time(ms: i64) -> String {
    crate::components::format::shown(ms as f64, crate::state::use_app().lang.get_untracked())
}

/// Alarms as a plain table (a device's page: its alarms).
pub fn alarm_table(rows: Vec<DeviceAlarm>) -> AnyView {
    view! {
        <table class="data" data-testid="alarm-table">
            <thead>
                <tr>
                    <th scope="col">{tr(texts::Level)}</th>
                    <th scope="col">{tr(texts::Alarm)}</th>
                    <th scope="col">{tr(texts::Impact)}</th>
                    <th scope="col">{tr(texts::Reason)}</th>
                    <th scope="col">{tr(texts::Suggestion)}</th>
                    <th scope="col">{tr(texts::Time)}</th>
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|a| {
                        view! {
                            <tr data-testid="alarm-row">
                                <td>{level_badge(&a.level)}</td>
                                <td>{a.name}</td>
                                <td>{a.impact}</td>
                                <td>{a.reason}</td>
                                <td>{a.deal_suggestion}</td>
                                <td>{crate::components::format::when_ms(Some(a.create_time))}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
