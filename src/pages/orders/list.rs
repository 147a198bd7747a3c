//! The order list: filters (skill name as you type, skill form), paging, all in the URL; each
//! order with its skill, amounts, expiry, and the default flag a user can set.

use hilens_model::orders::{OrderListQuery, SkillOrderInfo};
use hilens_model::query::{OneOf, Text};
use hilens_model::skills::{validate_skill_name, SKILL_FORMS};
use hilens_model::OperationId as Op;
use leptos::prelude::*;

use super::actions::make_default;
use crate::api::{self, ApiError};
use crate::components::allowed::ActionButton;
use crate::components::form::field::TextField;
use crate::components::format::date;
use crate::components::list::filters::{options, select_filter, FilterForm};
use crate::components::list::list_page::{Column, ListCtx, ListPage, ListSpec, Rows};
use crate::components::list::text_filter::use_text_filter;
use crate::components::list::url_state::ListState;
use crate::i18n::tr;
use crate::pages::orders::texts;
use crate::pages::skills::texts as skill_texts;
use crate::router::A;
use crate::state::use_app;

crate::url_state! {
    /// The order list's filters as the URL holds them.
    pub struct OrderFilters {
        "name" => name: String = Text(|_, v| validate_skill_name(v)),
        "form" => form: String = OneOf(SKILL_FORMS),
    }
}

async fn fetch(view: ListState<OrderFilters>) -> Result<Rows<SkillOrderInfo>, ApiError> {
    let text = |s: &String| (!s.is_empty()).then(|| s.clone());
    let query = OrderListQuery {
        limit: Some(view.size),
        offset: Some(view.offset()),
        skill_name: text(&view.filters.name),
        skill_form: text(&view.filters.form),
    };
    let list = api::orders::show_skill_order_list(&query).await?;
    Ok(Rows { rows: list.data, total: list.total })
}

#[component]
pub fn OrderListPage() -> impl IntoView {
    let ctx = ListCtx::<OrderFilters>::new();
    let name = use_text_filter(ctx, "name", |f| &mut f.name);
    let form = Signal::derive(move || ctx.state.get().filters.form);
    let spec =
        ListSpec::new(texts::NavOrders, texts::NoOrders, "order", fetch, |o: &SkillOrderInfo| o.order_id.clone())
            .columns(columns(ctx.refetch));
    view! {
        <ListPage
            ctx=ctx
            spec=spec
            filters=move || {
                view! {
                    <FilterForm
                        testid="order-filters"
                        buttons="order"
                        on_search=move |_| ctx.search(&[name])
                        on_reset=move |_| ctx.reset()
                    >
                        <TextField
                            state=name.state
                            label=skill_texts::SkillName
                            testid="order-filter-name"
                            placeholder=skill_texts::SkillNamePlaceholder
                            kind="search"
                            search_box=true
                        />
                        {select_filter(
                            skill_texts::SkillForm,
                            "order-filter-form",
                            options(SKILL_FORMS, skill_texts::skill_form),
                            form,
                            Callback::new(move |v| ctx.set(|f| f.form = v)),
                        )}
                    </FilterForm>
                }
            }
        />
    }
}

fn columns(changed: Callback<()>) -> Vec<Column<SkillOrderInfo>> {
    vec![
        Column::new(skill_texts::SkillName, |o: &SkillOrderInfo| {
            let name = o.skill_name.clone().unwrap_or_default();
            view! { <A href=crate::paths::to(&format!("/skills/{}", o.skill_id))>{name}</A> }.into_any()
        }),
        Column::new(texts::OrderId, |o: &SkillOrderInfo| {
            let id = o.order_id.clone();
            view! { <A href=crate::paths::to(&format!("/orders/{id}"))><code>{id.clone()}</code></A> }.into_any()
        }),
        Column::new(skill_texts::Amount, |o: &SkillOrderInfo| o.amount.unwrap_or_default().into_any()).numeric(),
        Column::new(texts::UsedAmount, |o: &SkillOrderInfo| o.used_amount.unwrap_or_default().into_any()).numeric(),
        Column::new(skill_texts::ChargeModel, |o: &SkillOrderInfo| {
            let app = use_app();
            let charge = o.charge_model;
            (move || charge.and_then(skill_texts::charge_model).map(|t| app.t(t)).unwrap_or("-")).into_any()
        }),
        Column::new(texts::Expires, |o: &SkillOrderInfo| {
            let app = use_app();
            let expires = o.expire_time;
            (move || expires.map(date).unwrap_or_else(|| app.t(texts::Never).to_string())).into_any()
        }),
        Column::new(texts::DefaultOrder, move |o: &SkillOrderInfo| {
            let cell = if o.is_default.unwrap_or(false) {
                view! { <span class="chip">{tr(texts::DefaultOrder)}</span> }.into_any()
            } else {
                let id = o.order_id.clone();
                let pending = RwSignal::new(false);
                let done = Callback::new(move |result: Result<(), ApiError>| {
                    if result.is_ok() {
                        changed.run(());
                    }
                });
                view! {
                    <ActionButton needs=Op::SetDefaultOrderForm testid="set-default" disabled=pending on_click=Callback::new(move |_| make_default(id.clone(), pending, done))>
                        {tr(texts::SetDefault)}
                    </ActionButton>
                }
                .into_any()
            };
            view! { <span data-testid="order-default">{cell}</span> }.into_any()
        }),
    ]
}
