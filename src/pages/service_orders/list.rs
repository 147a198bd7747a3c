//! The running-service orders: filtered by device class and type, paged, in the URL; each with
//! its used amount as a bar and, on request, the devices activated with it.

use hilens_model::activation::{PlatformOrder, PlatformOrderQuery, ORDER_DEVICE_TYPES, ORDER_TYPES};
use hilens_model::nodes::NodeListQuery;
use hilens_model::query::OneOf;
use leptos::prelude::*;

use super::texts;
use crate::api::{self, ApiError};
use crate::components::list::filters::{options, select_filter, FilterForm};
use crate::components::list::list_page::{Column, ListCtx, ListPage, ListSpec, Rows};
use crate::components::list::url_state::ListState;
use crate::i18n::tr;
use crate::router::A;
use crate::state::use_app;

crate::url_state! {
    /// The orders list's filters as the URL holds them.
    pub struct OrderFilters {
        "device_type" => device_type: String = OneOf(ORDER_DEVICE_TYPES),
        "type" => order_type: String = OneOf(ORDER_TYPES),
    }
}

async fn fetch(view: ListState<OrderFilters>) -> Result<Rows<PlatformOrder>, ApiError> {
    let text = |s: &String| (!s.is_empty()).then(|| s.clone());
    let query = PlatformOrderQuery {
        id: None,
        device_type: text(&view.filters.device_type),
        order_type: text(&view.filters.order_type),
        offset: Some(view.offset()),
        limit: Some(view.size),
    };
    let list = api::activation::list_platform_manager(&query).await?;
    Ok(Rows { rows: list.data, total: list.total })
}

#[component]
pub fn ServiceOrderListPage() -> impl IntoView {
    let ctx = ListCtx::<OrderFilters>::new();
    let filters = Memo::new(move |_| ctx.state.get().filters);
    let columns = vec![
        Column::new(texts::OrderId, |o: &PlatformOrder| {
            view! { <code data-testid="service-order-id">{o.id.clone()}</code> }.into_any()
        }),
        Column::new(texts::DeviceType, |o: &PlatformOrder| {
            let (app, raw) = (use_app(), o.device_type.clone());
            (move || texts::device_class_in(&raw, app.lang.get())).into_any()
        }),
        Column::new(texts::Amount, |o: &PlatformOrder| usage(o.used_amount, o.amount)),
        Column::new(texts::Updated, |o: &PlatformOrder| crate::components::format::when(Some(&o.order_update_time))),
        Column::new(texts::Devices, |o: &PlatformOrder| view! { <ActivatedDevices order_id=o.id.clone()/> }.into_any()),
    ];
    let spec = ListSpec::new(texts::NavServiceOrders, texts::NoOrders, "service-order", fetch, |o: &PlatformOrder| {
        o.id.clone()
    })
    .columns(columns);
    view! {
        <ListPage
            ctx=ctx
            spec=spec
            filters=move || {
                view! {
                    <FilterForm
                        testid="service-order-filters"
                        buttons="service-order"
                        on_search=|_| {}
                        on_reset=move |_| ctx.reset()
                    >
                        {select_filter(
                            texts::DeviceType,
                            "service-order-filter-device-type",
                            options(ORDER_DEVICE_TYPES, texts::device_class),
                            Signal::derive(move || filters.get().device_type),
                            Callback::new(move |v| ctx.set(|f| f.device_type = v)),
                        )}
                        {select_filter(
                            texts::OrderType,
                            "service-order-filter-type",
                            options(ORDER_TYPES, texts::order_type),
                            Signal::derive(move || filters.get().order_type),
                            Callback::new(move |v| ctx.set(|f| f.order_type = v)),
                        )}
                    </FilterForm>
                }
            }
        />
    }
}

/// "3 used of 10" with a bar.
fn usage(used: i64, amount: i64) -> AnyView {
    let app = use_app();
    let percent = if amount > 0 { (used.clamp(0, amount) * 100 / amount) as u8 } else { 0 };
    view! {
        <span class="row">
            <meter min="0" max=amount.to_string() value=used.to_string() aria-label=move || app.t(texts::Amount)>
                {format!("{percent}%")}
            </meter>
            <span data-testid="service-order-used">
                {move || format!("{used} {} {} {amount}", app.t(texts::Used), app.t(texts::Of))}
            </span>
        </span>
    }
    .into_any()
}

/// The devices activated with the order, read when the user opens it (the list answers no
/// filter by order: activated devices are read and those naming the order kept).
#[component]
fn ActivatedDevices(order_id: String) -> impl IntoView {
    let open = RwSignal::new(false);
    let app = use_app();
    let id = StoredValue::new(order_id);
    let devices = LocalResource::new(move || {
        let wanted = open.get();
        let workspace = app.workspace.get();
        async move {
            if !wanted {
                return Ok(Vec::new());
            }
            let query = NodeListQuery {
                active_status: Some("ACTIVATED".into()),
                workspace_id: Some(workspace),
                limit: Some(100),
                ..Default::default()
            };
            let order = id.get_value();
            api::nodes::show_nodes(&query)
                .await
                .map(|l| l.nodes.into_iter().filter(|n| n.active_content.contains(&order)).collect::<Vec<_>>())
        }
    });
    view! {
        <details on:toggle=move |ev| open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())>
            <summary>{tr(texts::ShowDevices)}</summary>
            {move || {
                devices
                    .get()
                    .and_then(Result::ok)
                    .map(|list| {
                        if list.is_empty() {
                            view! { <p class="muted">{tr(texts::NoDevices)}</p> }.into_any()
                        } else {
                            view! {
                                <ul data-testid="order-devices">
                                    {list
                                        .into_iter()
                                        .map(|n| {
                                            view! {
                                                <li>
                                                    <A href=crate::paths::to(&format!("/devices/{}", n.id))>{n.name}</A>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                    })
            }}
        </details>
    }
}
