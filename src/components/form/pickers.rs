//! Choosing devices and deployments by name: the search runs on the server over the whole fleet
//! (the name contains what is typed), a page of matches at a time with how many there are and
//! more on request; what is chosen is listed by name, each with a remove button. One of them
//! ([`PickOne`]) filters a list by id; many ([`PickMany`]) are a deployment's devices.

use hilens_model::deployments::DeploymentListQuery;
use hilens_model::nodes::NodeListQuery;
use leptos::prelude::*;
use stylers_macro::style_sheet;

use crate::api::{self, ApiError};
use crate::components::names::{self, Kind, Named};
use crate::i18n::{common, tr, Txt};
use crate::state::use_app;

/// Texts of the pickers.
pub mod texts {
    crate::texts! {
        Showing => "显示", "Showing";
        ShowMore => "显示更多", "Show more";
        TypeToFind => "输入名称的一部分来查找", "Type part of a name to find it";
    }
}

/// Matches shown at first, and added by each "more".
pub const PAGE: u32 = 20;

/// A match: id, name, and its state (a device's) when the kind has one.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub id: String,
    pub name: String,
    pub state: Option<String>,
}

/// The first `limit` resources of `kind` (devices of `workspace`) whose name contains `text`,
/// and how many match in all.
pub async fn search(kind: Kind, text: String, limit: u32, workspace: String) -> Result<(Vec<Found>, u64), ApiError> {
    let name = (!text.trim().is_empty()).then(|| text.trim().to_string());
    let (found, total) = match kind {
        Kind::Deployment => {
            let q = DeploymentListQuery { name, limit: Some(limit.min(100)), ..Default::default() };
            let list = api::deployments::show_deployments(&q).await?;
            let found = list.deployments.into_iter().map(|d| Found { id: d.id, name: d.name, state: None }).collect();
            (found, list.count)
        }
        _ => {
            let q = NodeListQuery {
                name,
                limit: Some(limit.min(100)),
                workspace_id: Some(workspace),
                ..Default::default()
            };
            let list = api::nodes::show_nodes(&q).await?;
            let found =
                list.nodes.into_iter().map(|n| Found { id: n.id, name: n.name, state: Some(n.state) }).collect();
            (found, list.count)
        }
    };
    let found: Vec<Found> = found;
    let kind = if kind == Kind::Deployment { Kind::Deployment } else { Kind::Device };
    names::learn(kind, found.iter().map(|f| (f.id.as_str(), f.name.as_str())));
    Ok((found, total))
}

/// The search box and its matches; `row` draws one match.
fn search_results(
    kind: Kind,
    label: Txt,
    testid: String,
    // Matches only once something is typed (a filter); else the first page at once.
    typed_first: bool,
    row: impl Fn(Found) -> AnyView + Copy + Send + Sync + 'static,
) -> AnyView {
    let app = use_app();
    let text = RwSignal::new(String::new());
    let limit = RwSignal::new(PAGE);
    let found = LocalResource::new(move || {
        let (text, limit, workspace) = (text.get(), limit.get(), app.workspace.get());
        async move {
            if typed_first && text.trim().is_empty() {
                return None;
            }
            Some(search(kind, text, limit, workspace).await)
        }
    });
    let (results, count, more) = (format!("{testid}-results"), format!("{testid}-count"), format!("{testid}-more"));
    const _: &str = include_str!("search_results.css");
    let class = style_sheet!("src/components/form/search_results.css");
    view! { class=class,
        <label class="field-col">
            <span class="muted">{tr(label)}</span>
            <input
                type="search"
                data-testid=testid
                autocomplete="off"
                placeholder=move || typed_first.then(|| app.t(texts::TypeToFind))
                prop:value=move || text.get()
                on:input=move |ev| {
                    text.set(event_target_value(&ev));
                    limit.set(PAGE);
                }
            />
        </label>
        // Hidden until there are matches to show: an empty list kept room below the box, which
        // put a filter row's buttons below its inputs.
        <div class="pick-results" data-testid=results hidden=move || found.with(|f| !matches!(f, Some(Some(_))))>
            {move || {
                found
                    .get()
                    .flatten()
                    .map(|r| match r {
                        Err(e) => view! { <p class="danger-text">{e.plain()}</p> }.into_any(),
                        Ok((list, total)) => {
                            let shown = list.len();
                            let has_more = (shown as u64) < total;
                            let (count, more) = (count.clone(), more.clone());
                            view! { class=class,
                                {list.into_iter().map(row).collect_view()}
                                <p class="pick-count muted" role="status" data-testid=count>
                                    {move || format!("{} {shown} / {total}", app.t(texts::Showing))}
                                    {has_more
                                        .then(|| {
                                            view! {
                                                " "
                                                <button
                                                    type="button"
                                                    data-testid=more
                                                    on:click=move |_| limit.update(|l| *l = (*l + PAGE).min(100))
                                                >
                                                    {tr(texts::ShowMore)}
                                                </button>
                                            }
                                        })}
                                </p>
                            }
                                .into_any()
                        }
                    })
            }}
        </div>
    }
    .into_any()
}

/// Many devices by name: a search box labelled `label`, matches to tick, and the chosen ones
/// listed by name, each removable (held when `disabled`: only the chosen ones). `on_toggle` gets an id and whether it is now chosen.
#[component]
pub fn PickMany(
    #[prop(into)] chosen: Signal<Vec<String>>,
    #[prop(into)] on_toggle: Callback<(String, bool)>,
    label: Txt,
    chosen_label: Txt,
    testid: &'static str,
    #[prop(optional)] disabled: bool,
    /// The chosen list's element id (a form's summary takes the user there).
    #[prop(optional)]
    list_id: Option<String>,
    /// A device state's name (the devices domain's texts; handed in, as the kit imports no page).
    state_label: fn(&str) -> Option<Txt>,
) -> impl IntoView {
    let app = use_app();
    let row = move |f: Found| {
        let (id, id2) = (f.id.clone(), f.id.clone());
        let state = f.state.clone().unwrap_or_default();
        view! {
            <label class="check-field">
                <input
                    type="checkbox"
                    prop:checked=move || chosen.with(|c| c.contains(&id))
                    on:change=move |ev| on_toggle.run((id2.clone(), event_target_checked(&ev)))
                />
                " "
                {f.name.clone()}
                " "
                <span class="muted">
                    {move || { state_label(&state).map(|t| app.t(t).to_string()).unwrap_or_else(|| state.clone()) }}
                </span>
            </label>
        }
        .into_any()
    };
    // Held (`disabled`: an edit cannot change them): the chosen ones alone, nothing to search
    // or remove.
    view! {
        {(!disabled).then(|| search_results(Kind::Device, label, testid.to_string(), false, row))}
        <div class="field-col" id=list_id tabindex="-1">
            <span class="muted">{tr(chosen_label)} ": " {move || chosen.with(Vec::len)}</span>
            // No empty list's margins while nothing is chosen.
            <ul class="row wrap" data-testid=format!("{testid}-chosen") hidden=move || chosen.with(Vec::is_empty)>
                {move || {
                    chosen
                        .get()
                        .into_iter()
                        .map(|id| {
                            let remove = id.clone();
                            let label = id.clone();
                            view! {
                                <li class="chip">
                                    <Named kind=Kind::Device id=id />
                                    {(!disabled)
                                        .then(|| {
                                            view! {
                                                " "
                                                <button
                                                    type="button"
                                                    aria-label=move || {
                                                        format!(
                                                            "{} {}",
                                                            app.t(common::Remove),
                                                            names::name_or_id(Kind::Device, &label),
                                                        )
                                                    }
                                                    on:click=move |_| on_toggle.run((remove.clone(), false))
                                                >
                                                    "×"
                                                </button>
                                            }
                                        })}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </div>
    }
}

/// One device or deployment, picked by name, as a list's filter: the chosen one (by name, with
/// a clear button) or a search to pick one. `current` is the chosen id ("" for none).
#[component]
pub fn PickOne(
    kind: Kind,
    label: Txt,
    testid: &'static str,
    #[prop(into)] current: Signal<String>,
    #[prop(into)] on_pick: Callback<String>,
) -> impl IntoView {
    let app = use_app();
    let row = move |f: Found| {
        let id = f.id.clone();
        view! {
            <button type="button" class="pick-one" on:click=move |_| on_pick.run(id.clone())>
                {f.name.clone()}
            </button>
        }
        .into_any()
    };
    const _: &str = include_str!("pick_one.css");
    let class = style_sheet!("src/components/form/pick_one.css");
    view! { class=class,
        <div class="pick-filter" role="group" aria-label=move || app.t(label) data-testid=testid>
            {move || {
                let id = current.get();
                if id.is_empty() {
                    search_results(kind, label, format!("{testid}-search"), true, row)
                } else {
                    let shown = id.clone();
                    view! {
                        <span class="muted">{tr(label)}</span>
                        <span class="chip" data-testid="pick-chosen">
                            <Named kind=kind id=id />
                            " "
                            <button
                                type="button"
                                aria-label=move || {
                                    format!("{} {}", app.t(common::Remove), names::name_or_id(kind, &shown))
                                }
                                on:click=move |_| on_pick.run(String::new())
                            >
                                "×"
                            </button>
                        </span>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}
