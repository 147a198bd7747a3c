//! The order list: filters (skill name as you type, skill form), paging, all in the URL; each
//! order with its skill, amounts, expiry, and the default flag a user can set.

use hilens_model::orders::{OrderListQuery, SkillOrderInfo};
use hilens_model::query::build_query;
use hilens_model::skills::{validate_skill_name, SKILL_FORMS};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use stylers_macro::style;

use crate::api;
use crate::components::error_notice::ErrorNotice;
use crate::components::field::{FieldState, TextField};
use crate::components::list_kit::{clock_now, Freshness, Skeleton};
use crate::components::pager::{offset, Pager, PAGE_SIZES};
use crate::i18n::{tr, T};
use crate::state::use_app;

#[component]
pub fn OrderListPage() -> impl IntoView {
    let app = use_app();
    let query = use_query_map();
    let view_state = Memo::new(move |_| {
        let q = query.get();
        OrderListView::from_query(|k| q.get(k))
    });
    let paging = Memo::new(move |_| {
        let v = view_state.get();
        (v.page, v.size)
    });
    // Bumped after a change, so the list is read again.
    let version = RwSignal::new(0u32);
    let orders = LocalResource::new(move || {
        let (page, size) = paging.get();
        version.track();
        app.session.track();
        let v = view_state.get();
        let text = |s: String| (!s.is_empty()).then_some(s);
        let q = OrderListQuery {
            limit: Some(size),
            offset: Some(offset(page, size)),
            skill_name: text(v.name),
            skill_form: text(v.form),
        };
        async move { api::orders::show_skill_order_list(&q).await }
    });
    let updated = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let go_to = Callback::new(move |v: OrderListView| {
        let q = v.to_query_string();
        navigate(
            &if q.is_empty() { "/orders".to_string() } else { format!("/orders?{q}") },
            Default::default(),
        );
    });
    let go = Callback::new(move |(page, size): (u32, u32)| {
        go_to.run(OrderListView { page, size, ..view_state.get_untracked() })
    });
    let name = FieldState::new(validate_skill_name, true);
    Effect::new(move |_| name.value.set(view_state.get().name));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if name.check() {
            go_to.run(OrderListView {
                name: name.value.get_untracked().trim().to_string(),
                page: 1,
                ..view_state.get_untracked()
            });
        }
    };
    let on_form = move |ev: leptos::ev::Event| {
        go_to.run(OrderListView { form: event_target_value(&ev), page: 1, ..view_state.get_untracked() })
    };
    let class = style! {
        h1 {
            font-size: 18px;
            margin: 0 0 12px;
        }
        .list {
            padding: 0 12px;
            margin-top: 12px;
        }
        .order-filters {
            display: flex;
            flex-wrap: wrap;
            align-items: flex-end;
            gap: 12px;
            padding: 12px;
        }
        .select {
            display: flex;
            flex-direction: column;
            gap: 4px;
            font-size: 12px;
        }
        .empty {
            padding: 32px;
            text-align: center;
        }
        .badge {
            font-size: 12px;
            padding: 1px 8px;
        }
    };
    view! { class = class,
        <h1>{tr(T::NavOrders)}</h1>
        <form class="order-filters card" role="search" on:submit=submit data-testid="order-filters">
            <TextField state=name label=T::SkillName testid="order-filter-name" placeholder=T::SkillNamePlaceholder kind="search" search_box=true/>
            <label class="select">
                <span class="muted">{tr(T::SkillForm)}</span>
                <select data-testid="order-filter-form" prop:value=move || view_state.get().form on:change=on_form>
                    <option value="">{tr(T::Any)}</option>
                    {SKILL_FORMS.iter().map(|f| view! { <option value=*f>{move || T::skill_form(f).map(|t| app.t(t)).unwrap_or(f)}</option> }).collect_view()}
                </select>
            </label>
            <button type="submit" class="primary" data-testid="order-search">{tr(T::Search)}</button>
            <button type="button" on:click=move |_| go_to.run(OrderListView::default())>{tr(T::Reset)}</button>
        </form>
        <section class="list card">
            <Freshness updated=updated on_refresh=move |_| orders.refetch()/>
            <Transition fallback=|| view! { <Skeleton/> }>
                {move || Suspend::new(async move {
                    match orders.await {
                        Ok(list) => {
                            updated.set(Some(clock_now()));
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
pub(super) fn date(ms: i64) -> String {
    let iso = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64)).to_iso_string();
    iso.as_string().unwrap_or_default().chars().take(10).collect()
}

/// Makes the order its skill's default: a toast either way, `done` after success, the error
/// kept in `failure` for the page to show.
pub(super) fn make_default(order_id: String, done: Callback<()>, failure: RwSignal<Option<api::ApiError>>) {
    let app = use_app();
    leptos::task::spawn_local(async move {
        match api::orders::set_default_order_form(&order_id).await {
            Ok(_) => {
                app.toast_ok(format!("{}: {order_id}", app.t_untracked(T::OrderDefaultSet)));
                done.run(());
            }
            Err(e) => {
                app.toast_error(&e);
                failure.set(Some(e));
            }
        }
    });
}

#[component]
fn OrderTable(rows: Vec<SkillOrderInfo>, badge: &'static str, #[prop(into)] on_changed: Callback<()>) -> impl IntoView {
    let app = use_app();
    let failure = RwSignal::new(None::<api::ApiError>);
    let set_default = move |order_id: String| make_default(order_id, on_changed, failure);
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
                                <td><A href=crate::paths::to(&format!("/orders/{}", o.order_id))><code>{o.order_id.clone()}</code></A></td>
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

/// The order list's view state as the URL holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderListView {
    pub name: String,
    pub form: String,
    pub page: u32,
    pub size: u32,
}

impl Default for OrderListView {
    fn default() -> Self {
        OrderListView { name: String::new(), form: String::new(), page: 1, size: PAGE_SIZES[0] }
    }
}

impl OrderListView {
    /// Reads the URL's query; values that are not valid are dropped.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> OrderListView {
        let d = OrderListView::default();
        OrderListView {
            name: get("name").filter(|n| validate_skill_name(n).is_ok()).unwrap_or_default(),
            form: get("form").filter(|f| SKILL_FORMS.contains(&f.as_str())).unwrap_or_default(),
            page: get("page").and_then(|p| p.parse().ok()).filter(|p| *p >= 1).unwrap_or(d.page),
            size: get("size").and_then(|s| s.parse().ok()).filter(|s| PAGE_SIZES.contains(s)).unwrap_or(d.size),
        }
    }

    /// The query string (without `?`), leaving out defaults.
    pub fn to_query_string(&self) -> String {
        let d = OrderListView::default();
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if !self.name.is_empty() {
            pairs.push(("name", self.name.clone()));
        }
        if !self.form.is_empty() {
            pairs.push(("form", self.form.clone()));
        }
        if self.page != d.page {
            pairs.push(("page", self.page.to_string()));
        }
        if self.size != d.size {
            pairs.push(("size", self.size.to_string()));
        }
        build_query(&pairs)
    }
}
