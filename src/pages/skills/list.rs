//! The skill market list: filters (name as you type, chip, platform, charge model, type),
//! server-side paging, all of it in the URL.

use hilens_model::skills::{validate_skill_name, SkillInfo, CHIPS, PLATFORMS, SKILL_TYPES};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use stylers_macro::style;

use super::view_state::SkillListView;
use crate::api;
use crate::components::error_notice::ErrorNotice;
use crate::components::pager::Pager;
use crate::i18n::T;
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
    let navigate = use_navigate();
    let go = Callback::new(move |v: SkillListView| {
        let q = v.to_query_string();
        navigate(&if q.is_empty() { "/skills".to_string() } else { format!("/skills?{q}") }, Default::default());
    });

    // The name box is a draft until submitted; it follows the URL (back/forward, reset).
    let name = RwSignal::new(String::new());
    let name_touched = RwSignal::new(false);
    Effect::new(move |_| name.set(view_state.get().name));
    let name_error = Memo::new(move |_| {
        let n = name.get();
        (!n.is_empty()).then(|| validate_skill_name(&n).err()).flatten()
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        name_touched.set(true);
        if name_error.get_untracked().is_none() {
            go.run(SkillListView { name: name.get_untracked(), page: 1, ..view_state.get_untracked() });
        }
    };
    let set_filter = move |apply: fn(&mut SkillListView, String)| {
        move |ev: leptos::ev::Event| {
            let mut v = view_state.get_untracked();
            apply(&mut v, event_target_value(&ev));
            v.page = 1;
            go.run(v);
        }
    };

    let class = style! {
        h1 {
            font-size: 18px;
            margin: 0 0 12px;
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
        .filter input {
            width: 220px;
        }
        .field-error {
            font-size: 12px;
            max-width: 240px;
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
        .loading {
            padding: 32px;
        }
    };
    view! { class = class,
        <h1>{move || app.t(T::NavSkills)}</h1>
        <form class="filters card" role="search" on:submit=submit data-testid="skill-filters">
            <label class="filter">
                <span class="muted">{move || app.t(T::SkillName)}</span>
                <input
                    type="search"
                    data-testid="filter-name"
                    placeholder=move || app.t(T::SkillNamePlaceholder)
                    aria-invalid=move || (name_touched.get() && name_error.get().is_some()).to_string()
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                    on:blur=move |_| name_touched.set(true)
                />
                <Show when=move || name_touched.get() && name_error.get().is_some()>
                    <span class="field-error danger-text" role="alert" data-testid="filter-name-error">
                        {move || name_error.get().map(|e| e.message(app.lang.get())).unwrap_or_default()}
                    </span>
                </Show>
            </label>
            {select(class, app, T::Chip, "filter-chip", CHIPS.iter().map(|c| (c.to_string(), None)).collect(), Signal::derive(move || view_state.get().chip), set_filter(|v, x| v.chip = x))}
            {select(class, app, T::Platform, "filter-platform", PLATFORMS.iter().map(|p| (p.to_string(), None)).collect(), Signal::derive(move || view_state.get().platform), set_filter(|v, x| v.platform = x))}
            {select(
                class,
                app,
                T::ChargeModel,
                "filter-charge-model",
                (0..5).map(|m| (m.to_string(), T::charge_model(m))).collect(),
                Signal::derive(move || view_state.get().charge_model),
                set_filter(|v, x| v.charge_model = x),
            )}
            {select(
                class,
                app,
                T::SkillType,
                "filter-type",
                SKILL_TYPES.iter().map(|t| (t.to_string(), T::skill_type(t))).collect(),
                Signal::derive(move || view_state.get().skill_type),
                set_filter(|v, x| v.skill_type = x),
            )}
            <div class="actions">
                <button type="submit" class="primary" data-testid="search">{move || app.t(T::Search)}</button>
                <button type="button" data-testid="reset" on:click=move |_| go.run(SkillListView::default())>{move || app.t(T::Reset)}</button>
            </div>
        </form>
        <section class="list card">
            <Transition fallback=move || view! { class = class, <p class="loading muted">{move || app.t(T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match skills.await {
                        Ok(list) => {
                            let total = list.total;
                            let rows = list.data;
                            view! {
                                {if rows.is_empty() {
                                    view! { class = class, <p class="empty muted" data-testid="empty">{move || app.t(T::NoSkills)}</p> }.into_any()
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
fn select(
    class: &'static str,
    app: AppState,
    label: T,
    testid: &'static str,
    options: Vec<(String, Option<T>)>,
    current: Signal<String>,
    on_change: impl Fn(leptos::ev::Event) + 'static,
) -> impl IntoView {
    view! { class = class,
        <label class="filter">
            <span class="muted">{move || app.t(label)}</span>
            <select data-testid=testid prop:value=move || current.get() on:change=on_change>
                <option value="">{move || app.t(T::Any)}</option>
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
}

#[component]
fn SkillTable(rows: Vec<SkillInfo>) -> impl IntoView {
    let app = use_app();
    let label = move |t: Option<T>| t.map(|t| app.t(t)).unwrap_or("-");
    view! {
        <table class="data" data-testid="skill-table">
            <thead>
                <tr>
                    <th scope="col">{move || app.t(T::SkillName)}</th>
                    <th scope="col">{move || app.t(T::Version)}</th>
                    <th scope="col">{move || app.t(T::Chip)}</th>
                    <th scope="col">{move || app.t(T::Platform)}</th>
                    <th scope="col">{move || app.t(T::SkillType)}</th>
                    <th scope="col">{move || app.t(T::ChargeModel)}</th>
                    <th scope="col">{move || app.t(T::Developer)}</th>
                    <th scope="col" class="num">{move || app.t(T::Installs)}</th>
                    <th scope="col">{move || app.t(T::Published)}</th>
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
                                <td><A href=format!("/skills/{}", s.skill_id)>{s.name}</A></td>
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
