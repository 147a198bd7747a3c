//! One skill: every field the API gives, and its versions.

use hilens_model::error::FieldError;
use hilens_model::orders::{validate_amount, CreateOrderRequest};
use hilens_model::skills::SkillDetail;
use hilens_model::OperationId as Op;
use leptos::prelude::*;
use stylers_macro::style_sheet;

use crate::api;
use crate::components::allowed::{ActionButton, ActionLink};
use crate::components::facts::{chips, number, text, text_in_words, Facts};
use crate::components::form::field::{FieldState, TextField};
use crate::components::form::form::land_on_field;
use crate::components::frame::error_notice::ErrorNotice;
use crate::i18n::{common, tr, Txt};
use crate::pages::skills::texts;
use crate::router::A;
use crate::state::use_app;

#[component]
pub fn SkillDetailPage(skill_id: String) -> impl IntoView {
    let app = use_app();
    let skill_id = StoredValue::new(skill_id);
    let skill = LocalResource::new(move || {
        let id = skill_id.get_value();
        async move { api::skills::show_skill_info(&id, &Default::default()).await }
    });
    const _: &str = include_str!("skill_detail_page.css");
    let class = style_sheet!("src/pages/skills/skill_detail_page.css");
    view! { class=class,
        <p class="back">
            <A href=crate::paths::to("/skills")>{move || format!("← {}", app.t(common::BackToMarket))}</A>
        </p>
        <Transition fallback=move || {
            view! { class=class, <p class="loading muted">{tr(common::Loading)}</p> }
        }>
            {move || Suspend::new(async move {
                match skill.await {
                    Ok(detail) => {
                        let free = matches!(detail.info.charge_model, Some(0 | 2 | 3));
                        let skill_id = detail.info.skill_id.clone();
                        let deploy = format!("/deployments/new?skill={skill_id}");
                        // The title with the page's action beside it, as on every detail page.
                        view! { class=class,
                            <div class="heading">
                                <h1 data-testid="skill-name">{detail.info.name.clone()}</h1>
                                <ActionLink
                                    needs=Op::CreateDeployment
                                    href=deploy
                                    class="button primary"
                                    testid="skill-deploy"
                                >
                                    {tr(texts::Deploy)}
                                </ActionLink>
                            </div>
                            <SkillFields detail=detail />
                            {free.then(|| view! { <FreeOrderForm skill_id=skill_id /> })}
                        }
                            .into_any()
                    }
                    Err(e) => view! { <ErrorNotice error=e on_retry=move |_| skill.refetch() /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn SkillFields(detail: SkillDetail) -> impl IntoView {
    let app = use_app();
    let s = detail.info;
    let charge = s.charge_model;
    let status = s.status;
    let label = move |t: Option<Txt>| t.map(|t| app.t(t)).unwrap_or("-");
    const _: &str = include_str!("skill_fields.css");
    let class = style_sheet!("src/pages/skills/skill_fields.css");
    let rows = vec![
        (texts::SkillId, view! { <code>{s.skill_id.clone()}</code> }.into_any()),
        (texts::Version, text(s.version.clone())),
        (texts::Chip, text(s.chip.clone())),
        (texts::Platform, text(s.platform.clone())),
        (texts::SkillType, text_in_words(s.skill_type.clone(), texts::skill_type)),
        (texts::ChargeModel, (move || label(charge.and_then(texts::charge_model))).into_any()),
        (texts::Status, (move || label(status.and_then(texts::review_status))).into_any()),
        (texts::Developer, text(s.developer.clone())),
        (texts::Format, text_in_words(s.format.clone(), texts::format_text)),
        (texts::Size, number(s.size)),
        (texts::Channels, number(s.channel_limit)),
        (texts::MeasureUnit, text_in_words(s.measure_unit.clone(), texts::measure_unit_text)),
        (texts::Installs, number(s.install_times)),
        (texts::Published, crate::components::format::when(s.publish_time.as_deref())),
        (texts::Updated, crate::components::format::when(s.update_time.as_deref())),
        (texts::Scenes, chips(s.scenes.clone())),
        (texts::DeviceTypes, chips(s.device_types.clone())),
        (texts::Versions, view! { <span data-testid="versions">{chips(detail.versions.clone())}</span> }.into_any()),
    ];
    view! { class=class,
        <p class="summary muted">{text(s.summary.clone())}</p>
        <section class="card">
            <Facts rows=rows />
        </section>
        <section class="card">
            <h2>{tr(texts::Description)}</h2>
            <p>{text(s.description.clone())}</p>
        </section>
    }
}

/// `amount` as typed: a whole number within the model's rule.
fn amount_rule(text: &str) -> Result<(), FieldError> {
    validate_amount(text.trim().parse::<i64>().unwrap_or(0))
}

/// A free order for a free or trial skill. The amount is checked with the model's rule after
/// the first blur and on submit; a failed submit keeps what was typed, and a server error that
/// names the amount lands beside the field. The outcome is also a toast.
#[component]
fn FreeOrderForm(skill_id: String) -> impl IntoView {
    let app = use_app();
    let amount = FieldState::new(amount_rule, false);
    amount.value.set("1".into());
    let busy = RwSignal::new(false);
    let server_error = RwSignal::new(None::<api::ApiError>);
    let created = RwSignal::new(None::<String>);
    let skill = StoredValue::new(skill_id);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        server_error.set(None);
        created.set(None);
        if !amount.check() || busy.get_untracked() {
            return;
        }
        let Ok(n) = amount.value.get_untracked().trim().parse::<i64>() else { return };
        busy.set(true);
        let req = CreateOrderRequest { skill_id: skill.get_value(), amount: n, commission_flag: 0 };
        leptos::task::spawn_local(async move {
            match api::orders::create_order_form(&req).await {
                Ok(r) => {
                    app.toast_ok(format!("{}: {}", app.t_untracked(texts::OrderCreated), r.order_id));
                    created.set(Some(r.order_id));
                }
                Err(e) if land_on_field(&e, &[("amount", amount)]) => {}
                Err(e) => {
                    app.toast_error(&e);
                    server_error.set(Some(e));
                }
            }
            busy.set(false);
        });
    };
    const _: &str = include_str!("free_order_form.css");
    let class = style_sheet!("src/pages/skills/free_order_form.css");
    view! { class=class,
        <form class="order card" on:submit=submit data-testid="free-order">
            <h2>{tr(texts::FreeOrder)}</h2>
            <p class="hint muted">{tr(texts::FreeOrderHint)}</p>
            <div class="row">
                <TextField state=amount label=texts::Amount testid="order-amount" />
                <div class="actions">
                    <ActionButton
                        needs=Op::CreateOrderForm
                        submit=true
                        class="primary"
                        testid="create-order"
                        disabled=busy
                    >
                        {move || if busy.get() { app.t(texts::Working) } else { app.t(texts::CreateOrder) }}
                    </ActionButton>
                </div>
            </div>
            {move || {
                server_error.get().map(|e| view! { <ErrorNotice error=e on_retry=move |_| server_error.set(None) /> })
            }}
            <Show when=move || created.get().is_some()>
                <p class="done" role="status" data-testid="order-created">
                    {move || format!("{}: {} ", app.t(texts::OrderCreated), created.get().unwrap_or_default())}
                    <A href=crate::paths::to("/orders")>{tr(texts::ViewOrders)}</A>
                </p>
            </Show>
        </form>
    }
}
