//! One skill: every field the API gives, and its versions.

use hilens_model::skills::SkillDetail;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use stylers_macro::style;

use crate::api;
use crate::components::error_notice::ErrorNotice;
use crate::i18n::T;
use crate::state::use_app;

#[component]
pub fn SkillDetailPage() -> impl IntoView {
    let app = use_app();
    let params = use_params_map();
    let skill = LocalResource::new(move || {
        let id = params.get().get("skill_id").unwrap_or_default();
        async move { api::skills::show_skill_info(&id).await }
    });
    let class = style! {
        .back {
            font-size: 13px;
            margin: 0;
        }
        .loading {
            padding: 16px 0;
        }
    };
    view! { class = class,
        <p class="back"><A href="/skills">{move || format!("← {}", app.t(T::BackToMarket))}</A></p>
        <Transition fallback=move || view! { class = class, <p class="loading muted">{move || app.t(T::Loading)}</p> }>
            {move || Suspend::new(async move {
                match skill.await {
                    Ok(detail) => view! { <SkillFields detail=detail/> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e on_retry=move |_| skill.refetch()/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn SkillFields(detail: SkillDetail) -> impl IntoView {
    let app = use_app();
    let s = detail.info;
    let opt = |v: Option<String>| v.unwrap_or_else(|| "-".into());
    let num = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_else(|| "-".into());
    let charge = s.charge_model;
    let status = s.status;
    let kind = s.skill_type.clone().unwrap_or_default();
    let label = move |t: Option<T>| t.map(|t| app.t(t)).unwrap_or("-");
    let class = style! {
        h1 {
            font-size: 20px;
            margin: 8px 0 4px;
        }
        h2 {
            font-size: 14px;
            margin: 0 0 8px;
        }
        .summary {
            margin: 0 0 16px;
        }
        .card {
            padding: 16px 20px;
            margin-bottom: 16px;
        }
        dl {
            display: grid;
            grid-template-columns: 160px 1fr 160px 1fr;
            gap: 8px 16px;
            margin: 0;
            font-size: 13px;
        }
        dd {
            margin: 0;
            word-break: break-all;
        }
        .chips span {
            display: inline-block;
            padding: 0 8px;
            margin: 0 4px 4px 0;
            font-size: 12px;
        }
    };
    let chips = move |items: Vec<String>| {
        view! { class = class, <span class="chips">{items.into_iter().map(|i| view! { class = class, <span class="chip">{i}</span> }).collect_view()}</span> }
    };
    let row = move |key: T, value: AnyView| view! { class = class, <dt class="muted">{move || app.t(key)}</dt><dd>{value}</dd> };
    view! { class = class,
        <h1 data-testid="skill-name">{s.name.clone()}</h1>
        <p class="summary muted">{opt(s.summary.clone())}</p>
        <section class="card">
            <dl>
                {row(T::SkillId, view! { <code>{s.skill_id.clone()}</code> }.into_any())}
                {row(T::Version, opt(s.version.clone()).into_any())}
                {row(T::Chip, opt(s.chip.clone()).into_any())}
                {row(T::Platform, opt(s.platform.clone()).into_any())}
                {row(T::SkillType, (move || label(T::skill_type(&kind))).into_any())}
                {row(T::ChargeModel, (move || label(charge.and_then(T::charge_model))).into_any())}
                {row(T::Status, (move || label(status.and_then(T::review_status))).into_any())}
                {row(T::Developer, opt(s.developer.clone()).into_any())}
                {row(T::Format, opt(s.format.clone()).into_any())}
                {row(T::Size, num(s.size).into_any())}
                {row(T::Channels, num(s.channel_limit).into_any())}
                {row(T::MeasureUnit, opt(s.measure_unit.clone()).into_any())}
                {row(T::Installs, num(s.install_times).into_any())}
                {row(T::Published, opt(s.publish_time.clone()).into_any())}
                {row(T::Updated, opt(s.update_time.clone()).into_any())}
                {row(T::Scenes, chips(s.scenes.clone()).into_any())}
                {row(T::DeviceTypes, chips(s.device_types.clone()).into_any())}
                {row(T::Versions, view! { <span data-testid="versions">{chips(detail.versions.clone())}</span> }.into_any())}
            </dl>
        </section>
        <section class="card">
            <h2>{move || app.t(T::Description)}</h2>
            <p>{opt(s.description.clone())}</p>
        </section>
    }
}
