//! One order (on the kit's detail page): its skill, amounts, billing facts and expiry; and
//! making it the default.

use hilens_model::orders::SkillOrderInfo;
use hilens_model::OperationId as Op;
use leptos::prelude::*;
use stylers_macro::style_sheet;

use super::actions::make_default;
use crate::api;
use crate::components::allowed::ActionButton;
use crate::components::detail::{DetailPage, Tab};
use crate::components::facts::{chips, number, text, text_in_words, Facts};
use crate::components::format::date;
use crate::components::frame::error_notice::ErrorNotice;
use crate::components::list::list_kit::Skeleton;
use crate::i18n::{common, tr};
use crate::pages::orders::texts;
use crate::pages::skills::texts as skill_texts;
use crate::router::A;
use crate::state::use_app;

#[component]
pub fn OrderDetailPage(order_id: String) -> impl IntoView {
    let order_id = StoredValue::new(order_id);
    let version = RwSignal::new(0u32);
    let failure = RwSignal::new(None::<api::ApiError>);
    let order = LocalResource::new(move || {
        version.track();
        let id = order_id.get_value();
        async move { api::orders::show_skill_order_info(&id).await }
    });
    let loaded = move || order.get().and_then(Result::ok);
    // What the page is, then which: "Skill order · <the skill's name>".
    let app = use_app();
    let title = Signal::derive(move || {
        loaded().and_then(|o| o.skill_name).map(|n| format!("{} · {n}", app.t(texts::OrderOf))).unwrap_or_default()
    });
    let actions = move || {
        loaded().map(|o| {
            if o.is_default.unwrap_or(false) {
                view! {
                    <span class="chip" data-testid="order-is-default">
                        {tr(texts::DefaultOrder)}
                    </span>
                }
                .into_any()
            } else {
                let pending = RwSignal::new(false);
                let done = Callback::new(move |result: Result<(), api::ApiError>| match result {
                    Ok(()) => version.update(|v| *v += 1),
                    Err(e) => failure.set(Some(e)),
                });
                let id = o.order_id.clone();
                view! {
                    <ActionButton
                        needs=Op::SetDefaultOrderForm
                        class="primary"
                        testid="detail-set-default"
                        disabled=pending
                        on_click=Callback::new(move |_| make_default(id.clone(), pending, done))
                    >
                        {tr(texts::SetDefault)}
                    </ActionButton>
                }
                .into_any()
            }
        })
    };
    let overview = move || {
        view! {
            {move || failure.get().map(|e| view! { <ErrorNotice error=e on_retry=move |_| failure.set(None) /> })}
            <Transition fallback=|| {
                view! { <Skeleton /> }
            }>
                {move || Suspend::new(async move {
                    match order.await {
                        Ok(o) => view! { <OrderFacts order=o /> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e on_retry=move |_| order.refetch() /> }.into_any(),
                    }
                })}
            </Transition>
        }
        .into_any()
    };
    view! {
        <DetailPage
            back="/orders"
            back_label=texts::NavOrders
            title=title
            actions=actions
            tabs=vec![Tab::new("overview", common::Overview, overview)]
        />
    }
}

/// Every fact of an order.
#[component]
fn OrderFacts(order: SkillOrderInfo) -> impl IntoView {
    let app = use_app();
    let o = order;
    let charge = o.charge_model;
    let expires = o.expire_time;
    let skill_link = crate::paths::to(&format!("/skills/{}", o.skill_id));
    let skill_name = o.skill_name.clone().unwrap_or_default();
    let rows = vec![
        (texts::OrderId, view! { <code data-testid="order-id">{o.order_id.clone()}</code> }.into_any()),
        (skill_texts::SkillName, view! { <A href=skill_link>{skill_name}</A> }.into_any()),
        (
            skill_texts::Amount,
            view! { <span data-testid="order-amount">{o.amount.unwrap_or_default()}</span> }.into_any(),
        ),
        (texts::UsedAmount, number(o.used_amount)),
        (
            skill_texts::ChargeModel,
            (move || charge.and_then(skill_texts::charge_model).map(|t| app.t(t)).unwrap_or("-")).into_any(),
        ),
        (texts::Expires, (move || expires.map(date).unwrap_or_else(|| app.t(texts::Never).to_string())).into_any()),
        (skill_texts::MeasureUnit, text_in_words(o.measure_unit.clone(), skill_texts::measure_unit_text)),
        (skill_texts::Channels, number(o.channel_limit)),
        (skill_texts::Chip, text(o.skill_chip.clone())),
        (skill_texts::Platform, text(o.skill_platform.clone())),
        (skill_texts::SkillType, text_in_words(o.skill_type.clone(), skill_texts::skill_type)),
        (skill_texts::Format, text_in_words(o.format.clone(), skill_texts::format_text)),
        (skill_texts::Updated, crate::components::format::when_ms(o.update_time)),
        (skill_texts::Versions, chips(o.versions.clone())),
    ];
    const _: &str = include_str!("order_facts.css");
    let class = style_sheet!("src/pages/orders/order_facts.css");
    view! { class=class,
        <section class="order-detail card" data-testid="order-detail">
            <Facts rows=rows />
        </section>
    }
}
