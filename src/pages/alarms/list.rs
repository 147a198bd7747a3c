//! The alarms list: newest first (as the API answers), paged, filtered by device and by level
//! (in the URL); the answer names no device, so the device column links to the filtered one.
//! The API cannot filter by level: a level's list is picked out of the newest alarms here, as
//! the overview counts them ([`super::newest_alarms`]).

use hilens_model::alarms::{DeviceAlarm, DeviceAlarmQuery, LEVELS};
use hilens_model::query::{OneOf, Text};
use hilens_model::rules;
use leptos::prelude::*;

use super::level_badge;
use super::texts;
use crate::api::{self, ApiError};
use crate::components::form::pickers::PickOne;
use crate::components::list::filters::{options, select_filter, FilterForm};
use crate::components::list::list_page::{Column, ListCtx, ListPage, ListSpec, Rows};
use crate::components::list::url_state::ListState;
use crate::components::names::{Kind, Named};
use crate::i18n::common;

crate::url_state! {
    /// The alarms list's filter as the URL holds it.
    pub struct AlarmFilters {
        "device_id" => device_id: String = Text(|f, v| rules::length(f, v, 1, 64)),
        "level" => level: String = OneOf(LEVELS),
    }
}

async fn fetch(view: ListState<AlarmFilters>) -> Result<Rows<DeviceAlarm>, ApiError> {
    let device_id = (!view.filters.device_id.is_empty()).then(|| view.filters.device_id.clone());
    if !view.filters.level.is_empty() {
        let (alarms, _) = super::newest_alarms(device_id).await?;
        let level: Vec<DeviceAlarm> = alarms.into_iter().filter(|a| a.level == view.filters.level).collect();
        let total = level.len() as u64;
        let rows = level.into_iter().skip(view.offset() as usize).take(view.size as usize).collect();
        return Ok(Rows { rows, total });
    }
    let query = DeviceAlarmQuery { offset: Some(view.offset()), limit: Some(view.size), device_id };
    let list = api::alarms::list_device_alarms(&query).await?;
    Ok(Rows { rows: list.data, total: list.total })
}

#[component]
pub fn AlarmListPage() -> impl IntoView {
    let ctx = ListCtx::<AlarmFilters>::new();
    // The columns depend on the device filter.
    let device_id = Memo::new(move |_| ctx.state.get().filters.device_id);
    move || view! { <AlarmList ctx=ctx device_id=device_id.get() /> }
}

#[component]
fn AlarmList(ctx: ListCtx<AlarmFilters>, device_id: String) -> impl IntoView {
    // The device is picked by name and applies at once.
    let search = move |_| {};
    let mut columns = vec![
        Column::new(texts::Level, |a: &DeviceAlarm| level_badge(&a.level)),
        Column::new(texts::Alarm, |a: &DeviceAlarm| a.name.clone().into_any()),
    ];
    if !device_id.is_empty() {
        columns.push(Column::new(texts::Device, move |_: &DeviceAlarm| {
            let href = crate::paths::to(&format!("/devices/{device_id}"));
            view! { <Named kind=Kind::Device id=device_id.clone() href=href testid="alarm-device" /> }.into_any()
        }));
    }
    columns.extend([
        Column::new(texts::Impact, |a: &DeviceAlarm| a.impact.clone().into_any()),
        Column::new(texts::Reason, |a: &DeviceAlarm| a.reason.clone().into_any()),
        Column::new(texts::Suggestion, |a: &DeviceAlarm| a.deal_suggestion.clone().into_any()),
        Column::new(texts::Time, |a: &DeviceAlarm| crate::components::format::when_ms(Some(a.create_time))),
    ]);
    let spec = ListSpec::new(common::NavAlarms, texts::NoAlarms, "alarm", fetch, |a: &DeviceAlarm| a.id.clone())
        .columns(columns)
        .live(std::time::Duration::from_secs(10));
    view! {
        <ListPage
            ctx=ctx
            spec=spec
            filters=move || {
                view! {
                    <FilterForm testid="alarm-filters" buttons="alarm" on_search=search on_reset=move |_| ctx.reset()>
                        <PickOne
                            kind=Kind::Device
                            label=texts::Device
                            testid="alarm-filter-device"
                            current=Signal::derive(move || ctx.state.get().filters.device_id)
                            on_pick=move |id| ctx.set(|f| f.device_id = id)
                        />
                        {select_filter(
                            texts::Level,
                            "alarm-filter-level",
                            options(LEVELS, texts::level),
                            Signal::derive(move || ctx.state.get().filters.level),
                            Callback::new(move |v| ctx.set(|f| f.level = v)),
                        )}
                    </FilterForm>
                }
            }
        />
    }
}
