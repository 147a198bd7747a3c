//! The skill market list: all twelve filters of the API (name, device types and scenes as you
//! type; chip, platform, charge model, type; and under "more": form, permission, template
//! source, review status, several charge models), server-side paging, rows as a table or as
//! cards, all of it in the URL.

use hilens_model::skills::{SkillInfo, CHIPS, PERMISSIONS, PLATFORMS, SKILL_FORMS, SKILL_TYPES, TEMPLATE_SOURCES};
use leptos::prelude::*;
use stylers_macro::style_sheet;

use super::view_state::{api_query, SkillFilters, SkillListView, CHARGE_MODEL_VALUES, STATUS_VALUES};
use crate::api::{self, ApiError};
use crate::components::form::field::TextField;
use crate::components::list::filters::{checks_filter, options, select_filter, FilterForm};
use crate::components::list::list_page::{Column, ListCtx, ListPage, ListSpec, Rows};
use crate::components::list::text_filter::use_text_filter;
use crate::i18n::{tr, Txt};
use crate::pages::skills::texts;
use crate::router::A;
use crate::state::use_app;

async fn fetch(view: SkillListView) -> Result<Rows<SkillInfo>, ApiError> {
    let list = api::skills::show_skill_list(&api_query(&view)).await?;
    Ok(Rows { rows: list.data, total: list.total })
}

#[component]
pub fn SkillListPage() -> impl IntoView {
    let app = use_app();
    let ctx = ListCtx::<SkillFilters>::new();
    let filters = Memo::new(move |_| ctx.state.get().filters);
    let name = use_text_filter(ctx, "name", |f| &mut f.name);
    let device_types = use_text_filter(ctx, "device_types", |f| &mut f.device_types);
    let scenes = use_text_filter(ctx, "scenes", |f| &mut f.scenes);
    let search = move |_| ctx.search(&[name, device_types, scenes]);
    // The layout (cards or table) is not a filter: Reset keeps it.
    let reset = move |_| {
        ctx.go.run(
            SkillListView::default()
                .filtered(SkillFilters { layout: filters.get_untracked().layout, ..Default::default() }),
        )
    };
    let select = move |label: Txt,
                       testid: &'static str,
                       opts: Vec<(String, Option<Txt>)>,
                       get: fn(&SkillFilters) -> String,
                       put: fn(&mut SkillFilters, String)| {
        select_filter(
            label,
            testid,
            opts,
            Signal::derive(move || get(&filters.get())),
            Callback::new(move |v| ctx.set(|f| put(f, v))),
        )
    };
    let plain = |values: &[&'static str]| values.iter().map(|v| (v.to_string(), None)).collect::<Vec<_>>();
    let numbered = |values: &[&'static str], label: fn(i64) -> Option<Txt>| {
        values.iter().map(|v| (v.to_string(), v.parse().ok().and_then(label))).collect::<Vec<_>>()
    };
    let set_layout = move |layout: &'static str| {
        move |_| {
            let view = ctx.state.get_untracked();
            ctx.go.run(SkillListView {
                filters: SkillFilters { layout: layout.to_string(), ..view.filters.clone() },
                ..view
            })
        }
    };
    const _: &str = include_str!("skill_list_page.css");
    let class = style_sheet!("src/pages/skills/skill_list_page.css");
    let spec = ListSpec::new(texts::NavSkills, texts::NoSkills, "skill", fetch, |s: &SkillInfo| s.skill_id.clone())
        .columns(columns())
        .cards(SkillFilters::cards, |rows| view! { <SkillCards rows=rows /> }.into_any());
    let actions = move || {
        view! { class=class,
            <div class="layout" role="group" aria-label=tr(texts::Layout)>
                <button
                    type="button"
                    data-testid="layout-table"
                    aria-pressed=move || (!filters.get().cards()).to_string()
                    on:click=set_layout("")
                >
                    {tr(texts::LayoutTable)}
                </button>
                <button
                    type="button"
                    data-testid="layout-cards"
                    aria-pressed=move || filters.get().cards().to_string()
                    on:click=set_layout("cards")
                >
                    {tr(texts::LayoutCards)}
                </button>
            </div>
        }
    };
    let filter_bar = move || {
        view! { class=class,
            <FilterForm testid="skill-filters" on_search=search on_reset=reset>
                <TextField
                    state=name.state
                    label=texts::SkillName
                    testid="filter-name"
                    placeholder=texts::SkillNamePlaceholder
                    kind="search"
                    search_box=true
                />
                {select(texts::Chip, "filter-chip", plain(CHIPS), |f| f.chip.clone(), |f, v| f.chip = v)}
                {select(
                    texts::Platform,
                    "filter-platform",
                    plain(PLATFORMS),
                    |f| f.platform.clone(),
                    |f, v| f.platform = v,
                )}
                {select(
                    texts::ChargeModel,
                    "filter-charge-model",
                    numbered(CHARGE_MODEL_VALUES, texts::charge_model),
                    |f| f.charge_model.clone(),
                    |f, v| f.charge_model = v,
                )}
                {select(
                    texts::SkillType,
                    "filter-type",
                    options(SKILL_TYPES, texts::skill_type),
                    |f| f.skill_type.clone(),
                    |f, v| f.skill_type = v,
                )}
                <details
                    class="more"
                    prop:open=move || { filters.get().extra_filter_count() > 0 }
                    data-testid="more-filters"
                >
                    <summary>
                        {move || match filters.get().extra_filter_count() {
                            0 => app.t(texts::MoreFilters).to_string(),
                            n => format!("{} ({n})", app.t(texts::MoreFilters)),
                        }}
                    </summary>
                    <div class="more-row">
                        {select(
                            texts::SkillForm,
                            "filter-form",
                            options(SKILL_FORMS, texts::skill_form),
                            |f| f.skill_form.clone(),
                            |f, v| f.skill_form = v,
                        )}
                        {select(
                            texts::Permission,
                            "filter-permission",
                            options(PERMISSIONS, texts::permission),
                            |f| f.permission.clone(),
                            |f, v| f.permission = v,
                        )}
                        {select(
                            texts::TemplateSource,
                            "filter-source",
                            plain(TEMPLATE_SOURCES),
                            |f| f.template_source.clone(),
                            |f, v| f.template_source = v,
                        )}
                        {select(
                            texts::Status,
                            "filter-status",
                            numbered(STATUS_VALUES, texts::review_status),
                            |f| f.status.clone(),
                            |f, v| f.status = v,
                        )}
                        {checks_filter(
                            texts::ChargeModels,
                            "filter-charge-models",
                            numbered(CHARGE_MODEL_VALUES, texts::charge_model),
                            Callback::new(move |m: String| filters.get().has_charge_model(&m)),
                            Callback::new(move |m: String| ctx.set(|f| f.toggle_charge_model(&m))),
                        )}
                        <TextField
                            state=device_types.state
                            label=texts::DeviceTypes
                            testid="filter-device-types"
                            placeholder=texts::DeviceTypesPlaceholder
                        />
                        <TextField
                            state=scenes.state
                            label=texts::Scenes
                            testid="filter-scenes"
                            placeholder=texts::DeviceTypesPlaceholder
                        />
                    </div>
                </details>
            </FilterForm>
        }
    };
    view! { <ListPage ctx=ctx spec=spec filters=filter_bar actions=actions /> }
}

fn columns() -> Vec<Column<SkillInfo>> {
    let label = |t: Option<Txt>| {
        let app = use_app();
        (move || t.map(|t| app.t(t)).unwrap_or("-")).into_any()
    };
    let text = |v: &Option<String>| v.clone().unwrap_or_default().into_any();
    vec![
        Column::new(texts::SkillName, |s: &SkillInfo| {
            let (href, name) = (crate::paths::to(&format!("/skills/{}", s.skill_id)), s.name.clone());
            view! { <A href=href>{name}</A> }.into_any()
        }),
        Column::new(texts::Version, move |s: &SkillInfo| text(&s.version)),
        Column::new(texts::Chip, move |s: &SkillInfo| text(&s.chip)),
        Column::new(texts::Platform, move |s: &SkillInfo| text(&s.platform)),
        Column::new(texts::SkillType, move |s: &SkillInfo| label(s.skill_type.as_deref().and_then(texts::skill_type))),
        Column::new(texts::ChargeModel, move |s: &SkillInfo| label(s.charge_model.and_then(texts::charge_model))),
        Column::new(texts::Developer, move |s: &SkillInfo| text(&s.developer)),
        Column::new(texts::Installs, |s: &SkillInfo| s.install_times.unwrap_or_default().into_any()).numeric(),
        Column::new(texts::Published, move |s: &SkillInfo| crate::components::format::when(s.publish_time.as_deref())),
    ]
}

/// The same rows as cards: name, summary, and the facts one compares at a glance.
#[component]
fn SkillCards(rows: Vec<SkillInfo>) -> impl IntoView {
    let app = use_app();
    let label = move |t: Option<Txt>| t.map(|t| app.t(t)).unwrap_or("-");
    const _: &str = include_str!("skill_cards.css");
    let class = style_sheet!("src/pages/skills/skill_cards.css");
    view! { class=class,
        <ul class="cards" data-testid="skill-cards">
            {rows
                .into_iter()
                .map(|s| {
                    let charge = s.charge_model;
                    view! { class=class,
                        <li class="skill-card card" data-testid="skill-card">
                            <h2>
                                <A href=crate::paths::to(&format!("/skills/{}", s.skill_id))>{s.name}</A>
                            </h2>
                            <p class="summary muted">{s.summary.unwrap_or_default()}</p>
                            <div class="facts">
                                <span class="chip">{s.chip.unwrap_or_default()}</span>
                                <span class="chip">{s.platform.unwrap_or_default()}</span>
                                <span class="chip">{move || label(charge.and_then(texts::charge_model))}</span>
                                <span class="chip">{s.version.unwrap_or_default()}</span>
                            </div>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
