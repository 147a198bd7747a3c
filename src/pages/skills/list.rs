//! The skill market list: all twelve filters of the API (name, device types and scenes as you
//! type; chip, platform, charge model, type; and under "more": form, permission, template
//! source, review status, several charge models), server-side paging, rows as a table or as
//! cards, all of it in the URL.

use hilens_model::skills::{
    validate_device_types, validate_scenes, validate_skill_name, SkillInfo, CHIPS, PERMISSIONS, PLATFORMS, SKILL_FORMS,
    SKILL_TYPES, TEMPLATE_SOURCES,
};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use stylers_macro::style;

use super::view_state::{Layout, SkillListView, CHARGE_MODEL_VALUES, STATUS_VALUES};
use crate::api;
use crate::components::error_notice::ErrorNotice;
use crate::components::field::{FieldState, TextField};
use crate::components::list_kit::{clock_now, Freshness, Skeleton};
use crate::components::pager::Pager;
use crate::i18n::{tr, T};
use crate::state::{use_app, AppState};

#[component]
pub fn SkillListPage() -> impl IntoView {
    let app = use_app();
    let query = use_query_map();
    let view_state = Memo::new(move |_| {
        let q = query.get();
        SkillListView::from_query(|k| q.get(k))
    });
    let skills = LocalResource::new(move || {
        let api_query = view_state.get().to_api_query();
        async move { api::skills::show_skill_list(&api_query).await }
    });
    let updated = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let go = Callback::new(move |v: SkillListView| {
        let q = v.to_query_string();
        navigate(
            &if q.is_empty() { "/skills".to_string() } else { format!("/skills?{q}") },
            Default::default(),
        );
    });

    // The text filters are drafts until submitted; they follow the URL (back/forward, reset).
    let name = FieldState::new(validate_skill_name, true);
    let device_types = FieldState::new(validate_device_types, true);
    let scenes = FieldState::new(validate_scenes, true);
    Effect::new(move |_| {
        let v = view_state.get();
        name.value.set(v.name);
        device_types.value.set(v.device_types);
        scenes.value.set(v.scenes);
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let ok = [name.check(), device_types.check(), scenes.check()].iter().all(|ok| *ok);
        if ok {
            let trimmed = |f: FieldState| f.value.get_untracked().trim().to_string();
            go.run(SkillListView {
                name: trimmed(name),
                device_types: trimmed(device_types),
                scenes: trimmed(scenes),
                page: 1,
                ..view_state.get_untracked()
            });
        }
    };
    let set_filter = move |apply: fn(&mut SkillListView, String)| {
        Callback::new(move |value: String| {
            let mut v = view_state.get_untracked();
            apply(&mut v, value);
            v.page = 1;
            go.run(v);
        })
    };
    let toggle_charge_model = move |m: &'static str| {
        move |_| {
            let mut v = view_state.get_untracked();
            if let Some(i) = v.charge_models.iter().position(|x| x == m) {
                v.charge_models.remove(i);
            } else {
                v.charge_models.push(m.to_string());
                v.charge_models.sort();
            }
            v.page = 1;
            go.run(v);
        }
    };
    let set_layout = move |layout: Layout| move |_| go.run(SkillListView { layout, ..view_state.get_untracked() });
    let options = |values: &[&'static str], label: fn(&str) -> Option<T>| {
        values.iter().map(|v| (v.to_string(), label(v))).collect::<Vec<_>>()
    };
    let numbered = |values: &[&'static str], label: fn(i64) -> Option<T>| {
        values.iter().map(|v| (v.to_string(), v.parse().ok().and_then(label))).collect::<Vec<_>>()
    };

    let class = style! {
        .heading {
            display: flex;
            align-items: center;
            justify-content: space-between;
            margin: 0 0 12px;
        }
        h1 {
            font-size: 18px;
            margin: 0;
        }
        .layout {
            display: flex;
            gap: 4px;
        }
        .filters {
            display: flex;
            flex-wrap: wrap;
            align-items: flex-start;
            gap: 12px;
            padding: 12px;
        }
        .filter {
            display: flex;
            flex-direction: column;
            gap: 4px;
            font-size: 12px;
        }
        .more {
            flex-basis: 100%;
        }
        .more summary {
            cursor: pointer;
            font-size: 13px;
        }
        .more-row {
            display: flex;
            flex-wrap: wrap;
            gap: 12px;
            margin-top: 10px;
        }
        .checks {
            display: flex;
            flex-wrap: wrap;
            gap: 10px;
            border: none;
            padding: 0;
            margin: 0;
        }
        .checks legend {
            font-size: 12px;
            padding: 0;
            margin-bottom: 4px;
        }
        .check {
            display: flex;
            align-items: center;
            gap: 4px;
            font-size: 13px;
        }
        .actions {
            display: flex;
            gap: 8px;
            align-self: flex-end;
        }
        .list {
            margin-top: 12px;
            padding: 0 12px;
        }
        .empty {
            padding: 32px;
            text-align: center;
        }
    };
    view! { class = class,
        <div class="heading">
            <h1>{tr(T::NavSkills)}</h1>
            <div class="layout" role="group" aria-label=tr(T::Layout)>
                <button type="button" data-testid="layout-table" aria-pressed=move || (view_state.get().layout == Layout::Table).to_string() on:click=set_layout(Layout::Table)>
                    {tr(T::LayoutTable)}
                </button>
                <button type="button" data-testid="layout-cards" aria-pressed=move || (view_state.get().layout == Layout::Cards).to_string() on:click=set_layout(Layout::Cards)>
                    {tr(T::LayoutCards)}
                </button>
            </div>
        </div>
        <form class="filters card" role="search" on:submit=submit data-testid="skill-filters">
            <TextField state=name label=T::SkillName testid="filter-name" placeholder=T::SkillNamePlaceholder kind="search" search_box=true/>
            {select(class, app, T::Chip, "filter-chip", CHIPS.iter().map(|c| (c.to_string(), None)).collect(), Signal::derive(move || view_state.get().chip), set_filter(|v, x| v.chip = x))}
            {select(class, app, T::Platform, "filter-platform", PLATFORMS.iter().map(|p| (p.to_string(), None)).collect(), Signal::derive(move || view_state.get().platform), set_filter(|v, x| v.platform = x))}
            {select(class, app, T::ChargeModel, "filter-charge-model", numbered(CHARGE_MODEL_VALUES, T::charge_model), Signal::derive(move || view_state.get().charge_model), set_filter(|v, x| v.charge_model = x))}
            {select(class, app, T::SkillType, "filter-type", options(SKILL_TYPES, T::skill_type), Signal::derive(move || view_state.get().skill_type), set_filter(|v, x| v.skill_type = x))}
            <div class="actions">
                <button type="submit" class="primary" data-testid="search">{tr(T::Search)}</button>
                <button type="button" data-testid="reset" on:click=move |_| go.run(SkillListView { layout: view_state.get_untracked().layout, ..SkillListView::default() })>{tr(T::Reset)}</button>
            </div>
            <details class="more" prop:open=move || { view_state.get().extra_filter_count() > 0 } data-testid="more-filters">
                <summary>
                    {move || {
                        let n = view_state.get().extra_filter_count();
                        if n == 0 { app.t(T::MoreFilters).to_string() } else { format!("{} ({n})", app.t(T::MoreFilters)) }
                    }}
                </summary>
                <div class="more-row">
                    {select(class, app, T::SkillForm, "filter-form", options(SKILL_FORMS, T::skill_form), Signal::derive(move || view_state.get().skill_form), set_filter(|v, x| v.skill_form = x))}
                    {select(class, app, T::Permission, "filter-permission", options(PERMISSIONS, T::permission), Signal::derive(move || view_state.get().permission), set_filter(|v, x| v.permission = x))}
                    {select(class, app, T::TemplateSource, "filter-source", options(TEMPLATE_SOURCES, |_| None), Signal::derive(move || view_state.get().template_source), set_filter(|v, x| v.template_source = x))}
                    {select(class, app, T::Status, "filter-status", numbered(STATUS_VALUES, T::review_status), Signal::derive(move || view_state.get().status), set_filter(|v, x| v.status = x))}
                    <fieldset class="checks" data-testid="filter-charge-models">
                        <legend class="muted">{tr(T::ChargeModels)}</legend>
                        {CHARGE_MODEL_VALUES
                            .iter()
                            .map(|m| {
                                let label = m.parse().ok().and_then(T::charge_model);
                                view! { class = class,
                                    <label class="check">
                                        <input
                                            type="checkbox"
                                            value=*m
                                            prop:checked=move || view_state.get().charge_models.iter().any(|x| x == m)
                                            on:change=toggle_charge_model(m)
                                        />
                                        {move || label.map(|t| app.t(t)).unwrap_or(m)}
                                    </label>
                                }
                            })
                            .collect_view()}
                    </fieldset>
                    <TextField state=device_types label=T::DeviceTypes testid="filter-device-types" placeholder=T::DeviceTypesPlaceholder/>
                    <TextField state=scenes label=T::Scenes testid="filter-scenes" placeholder=T::DeviceTypesPlaceholder/>
                </div>
            </details>
        </form>
        <section class="list card">
            <Freshness updated=updated on_refresh=move |_| skills.refetch()/>
            <Transition fallback=|| view! { <Skeleton/> }>
                {move || Suspend::new(async move {
                    match skills.await {
                        Ok(list) => {
                            updated.set(Some(clock_now()));
                            let total = list.total;
                            let rows = list.data;
                            view! {
                                {if rows.is_empty() {
                                    view! { class = class, <p class="empty muted" data-testid="empty">{tr(T::NoSkills)}</p> }.into_any()
                                } else if view_state.get_untracked().layout == Layout::Cards {
                                    view! { <SkillCards rows=rows/> }.into_any()
                                } else {
                                    view! { <SkillTable rows=rows/> }.into_any()
                                }}
                                <Pager
                                    total=Signal::derive(move || total)
                                    page=Signal::derive(move || view_state.get().page)
                                    size=Signal::derive(move || view_state.get().size)
                                    on_page=move |p| go.run(view_state.get_untracked().with_page(p))
                                    on_size=move |s| go.run(SkillListView { size: s, page: 1, ..view_state.get_untracked() })
                                />
                            }
                            .into_any()
                        }
                        Err(e) => view! { <ErrorNotice error=e on_retry=move |_| skills.refetch()/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// A filter drop-down: "any" plus `options` (value, translated label or the value itself).
/// `class` is the list page's scoped style class, so the drop-down is styled like the page.
/// Not generic (a `Callback`, an `AnyView`), so its nine uses share one copy in the bundle.
fn select(
    class: &'static str,
    app: AppState,
    label: T,
    testid: &'static str,
    options: Vec<(String, Option<T>)>,
    current: Signal<String>,
    on_change: Callback<String>,
) -> AnyView {
    view! { class = class,
        <label class="filter">
            <span class="muted">{move || app.t(label)}</span>
            <select data-testid=testid prop:value=move || current.get() on:change=move |ev| on_change.run(event_target_value(&ev))>
                <option value="">{tr(T::Any)}</option>
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let shown = value.clone();
                        view! { <option value=value>{move || text.map(|t| app.t(t).to_string()).unwrap_or_else(|| shown.clone())}</option> }
                    })
                    .collect_view()}
            </select>
        </label>
    }
    .into_any()
}

#[component]
fn SkillTable(rows: Vec<SkillInfo>) -> impl IntoView {
    let app = use_app();
    let label = move |t: Option<T>| t.map(|t| app.t(t)).unwrap_or("-");
    view! {
        <table class="data" data-testid="skill-table">
            <thead>
                <tr>
                    <th scope="col">{tr(T::SkillName)}</th>
                    <th scope="col">{tr(T::Version)}</th>
                    <th scope="col">{tr(T::Chip)}</th>
                    <th scope="col">{tr(T::Platform)}</th>
                    <th scope="col">{tr(T::SkillType)}</th>
                    <th scope="col">{tr(T::ChargeModel)}</th>
                    <th scope="col">{tr(T::Developer)}</th>
                    <th scope="col" class="num">{tr(T::Installs)}</th>
                    <th scope="col">{tr(T::Published)}</th>
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|s| {
                        let charge = s.charge_model;
                        let kind = s.skill_type.clone().unwrap_or_default();
                        view! {
                            <tr data-testid="skill-row">
                                <td><A href=crate::paths::to(&format!("/skills/{}", s.skill_id))>{s.name}</A></td>
                                <td>{s.version.unwrap_or_default()}</td>
                                <td>{s.chip.unwrap_or_default()}</td>
                                <td>{s.platform.unwrap_or_default()}</td>
                                <td>{move || label(T::skill_type(&kind))}</td>
                                <td>{move || label(charge.and_then(T::charge_model))}</td>
                                <td>{s.developer.unwrap_or_default()}</td>
                                <td class="num">{s.install_times.unwrap_or_default()}</td>
                                <td>{s.publish_time.unwrap_or_default()}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// The same rows as cards: name, summary, and the facts one compares at a glance.
#[component]
fn SkillCards(rows: Vec<SkillInfo>) -> impl IntoView {
    let app = use_app();
    let label = move |t: Option<T>| t.map(|t| app.t(t)).unwrap_or("-");
    let class = style! {
        .cards {
            display: grid;
            grid-template-columns: repeat(auto-fill, minmax(240px, 1fr));
            gap: 12px;
            padding: 12px 0;
            list-style: none;
            margin: 0;
        }
        .skill-card {
            padding: 12px 14px;
            display: flex;
            flex-direction: column;
            gap: 6px;
        }
        .skill-card h2 {
            font-size: 14px;
            margin: 0;
        }
        .summary {
            font-size: 12px;
            margin: 0;
        }
        .facts {
            display: flex;
            flex-wrap: wrap;
            gap: 6px;
            font-size: 12px;
        }
        .facts span {
            padding: 1px 8px;
        }
    };
    view! { class = class,
        <ul class="cards" data-testid="skill-cards">
            {rows
                .into_iter()
                .map(|s| {
                    let charge = s.charge_model;
                    view! { class = class,
                        <li class="skill-card card" data-testid="skill-card">
                            <h2><A href=crate::paths::to(&format!("/skills/{}", s.skill_id))>{s.name}</A></h2>
                            <p class="summary muted">{s.summary.unwrap_or_default()}</p>
                            <div class="facts">
                                <span class="chip">{s.chip.unwrap_or_default()}</span>
                                <span class="chip">{s.platform.unwrap_or_default()}</span>
                                <span class="chip">{move || label(charge.and_then(T::charge_model))}</span>
                                <span class="chip">{s.version.unwrap_or_default()}</span>
                            </div>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
