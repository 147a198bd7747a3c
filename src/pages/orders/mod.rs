//! Skill orders: the project's orders, paged (page and size in the URL), each with its skill,
//! amounts, expiry, and the default flag a user can set.

use hilens_model::orders::{OrderListQuery, SkillOrderInfo};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use stylers_macro::style;

use crate::api;
use crate::components::error_notice::ErrorNotice;
use crate::components::pager::{offset, Pager, PAGE_SIZES};
use crate::i18n::{tr, T};
use crate::state::use_app;

#[component]
pub fn OrderListPage() -> impl IntoView {
    let app = use_app();
    let query = use_query_map();
    let paging = Memo::new(move |_| {
        let q = query.get();
        let page = q.get("page").and_then(|p| p.parse().ok()).filter(|p: &u32| *p >= 1).unwrap_or(1);
        let size =
            q.get("size").and_then(|s| s.parse().ok()).filter(|s| PAGE_SIZES.contains(s)).unwrap_or(PAGE_SIZES[0]);
        (page, size)
    });
    // Bumped after a change, so the list is read again.
    let version = RwSignal::new(0u32);
    let orders = LocalResource::new(move || {
        let (page, size) = paging.get();
        version.track();
        let project = app.session.get().map(|s| s.project_id).unwrap_or_default();
        let q = OrderListQuery { limit: Some(size), offset: Some(offset(page, size)), ..OrderListQuery::default() };
        async move { api::orders::show_skill_order_list(&project, &q).await }
    });
    let navigate = use_navigate();
    let go = Callback::new(move |(page, size): (u32, u32)| {
        navigate(&crate::paths::to(&format!("/orders?page={page}&size={size}")), Default::default());
    });
    let class = style! {
        h1 {
            font-size: 18px;
            margin: 0 0 12px;
        }
        .list {
            padding: 0 12px;
        }
        .empty {
            padding: 32px;
            text-align: center;
        }
        .loading {
            padding: 32px;
        }
        .badge {
            font-size: 12px;
            padding: 1px 8px;
        }
    };
    view! { class = class,
        <h1>{tr(T::NavOrders)}</h1>
        <section class="list card">
            <Transition fallback=move || view! { class = class, <p class="loading muted">{tr(T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match orders.await {
                        Ok(list) => {
                            let total = list.total;
                            view! {
                                {if list.data.is_empty() {
                                    view! { class = class, <p class="empty muted" data-testid="empty">{tr(T::NoOrders)}</p> }.into_any()
                                } else {
                                    view! { <OrderTable rows=list.data badge=class on_changed=move |_| version.update(|v| *v += 1)/> }.into_any()
                                }}
                                <Pager
                                    total=Signal::derive(move || total)
                                    page=Signal::derive(move || paging.get().0)
                                    size=Signal::derive(move || paging.get().1)
                                    on_page=move |p| go.run((p, paging.get_untracked().1))
                                    on_size=move |s| go.run((1, s))
                                />
                            }
                            .into_any()
                        }
                        Err(e) => view! { <ErrorNotice error=e on_retry=move |_| orders.refetch()/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// Milliseconds since the epoch as `YYYY-MM-DD` (UTC).
fn date(ms: i64) -> String {
    let iso = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64)).to_iso_string();
    iso.as_string().unwrap_or_default().chars().take(10).collect()
}

#[component]
fn OrderTable(rows: Vec<SkillOrderInfo>, badge: &'static str, #[prop(into)] on_changed: Callback<()>) -> impl IntoView {
    let app = use_app();
    let failure = RwSignal::new(None::<api::ApiError>);
    let set_default = move |order_id: String| {
        let project = app.session.get_untracked().map(|s| s.project_id).unwrap_or_default();
        leptos::task::spawn_local(async move {
            match api::orders::set_default_order_form(&project, &order_id).await {
                Ok(()) => {
                    app.toast_ok(format!("{}: {order_id}", app.t_untracked(T::OrderDefaultSet)));
                    on_changed.run(());
                }
                Err(e) => {
                    app.toast_error(&e);
                    failure.set(Some(e));
                }
            }
        });
    };
    view! {
        {move || failure.get().map(|e| view! { <ErrorNotice error=e on_retry=move |_| failure.set(None)/> })}
        <table class="data" data-testid="order-table">
            <thead>
                <tr>
                    <th scope="col">{tr(T::SkillName)}</th>
                    <th scope="col">{tr(T::OrderId)}</th>
                    <th scope="col" class="num">{tr(T::Amount)}</th>
                    <th scope="col" class="num">{tr(T::UsedAmount)}</th>
                    <th scope="col">{tr(T::ChargeModel)}</th>
                    <th scope="col">{tr(T::Expires)}</th>
                    <th scope="col">{tr(T::DefaultOrder)}</th>
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|o| {
                        let charge = o.charge_model;
                        let expires = o.expire_time;
                        let is_default = o.is_default.unwrap_or(false);
                        let id = o.order_id.clone();
                        view! { class = badge,
                            <tr data-testid="order-row">
                                <td><A href=crate::paths::to(&format!("/skills/{}", o.skill_id))>{o.skill_name.unwrap_or_default()}</A></td>
                                <td><code>{o.order_id.clone()}</code></td>
                                <td class="num">{o.amount.unwrap_or_default()}</td>
                                <td class="num">{o.used_amount.unwrap_or_default()}</td>
                                <td>{move || charge.and_then(T::charge_model).map(|t| app.t(t)).unwrap_or("-")}</td>
                                <td>{move || expires.map(date).unwrap_or_else(|| app.t(T::Never).to_string())}</td>
                                <td data-testid="order-default">
                                    {if is_default {
                                        view! { class = badge, <span class="badge chip">{tr(T::DefaultOrder)}</span> }.into_any()
                                    } else {
                                        let id = id.clone();
                                        view! {
                                            <button type="button" data-testid="set-default" on:click=move |_| set_default(id.clone())>
                                                {tr(T::SetDefault)}
                                            </button>
                                        }
                                        .into_any()
                                    }}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
