//! The detail page every domain's resource page is built from: a back link to its list, the
//! title, the actions beside it, and tabs whose choice lives in the URL (`?tab=`), so a reload
//! or a shared link opens the same tab.

use leptos::prelude::*;
use stylers_macro::style_sheet;

use crate::components::list::url_state::use_url_state;
use crate::i18n::{tr, Txt};
use crate::router::A;
use crate::state::use_app;

crate::url_state! {
    /// The chosen tab (the first when none is given).
    pub struct TabState {
        "tab" => tab: String = hilens_model::query::Text(|_, v| hilens_model::rules::length("tab", v, 1, 32)),
    }
}

/// A tab: its name in the URL, its label, and what it shows.
pub struct Tab {
    pub name: &'static str,
    pub label: Txt,
    pub view: ViewFn,
}

impl Tab {
    pub fn new(name: &'static str, label: Txt, view: impl Fn() -> AnyView + Send + Sync + 'static) -> Tab {
        Tab { name, label, view: ViewFn::from(view) }
    }
}

/// The tab the URL names, if there is such a tab, else the first.
pub fn chosen<'a>(tabs: &'a [Tab], wanted: &str) -> Option<&'a Tab> {
    tabs.iter().find(|t| t.name == wanted).or(tabs.first())
}

#[component]
pub fn DetailPage(
    /// The list this resource belongs to (`/orders`) and its name.
    back: &'static str,
    back_label: Txt,
    #[prop(into)] title: Signal<String>,
    #[prop(optional, into)] actions: ViewFn,
    tabs: Vec<Tab>,
) -> impl IntoView {
    let app = use_app();
    let (state, go) = use_url_state::<TabState>();
    let tabs = StoredValue::new_local(tabs);
    let current = Memo::new(move |_| {
        let wanted = state.get().tab;
        tabs.with_value(|t| chosen(t, &wanted).map(|t| t.name).unwrap_or_default())
    });
    const _: &str = include_str!("detail_page.css");
    let class = style_sheet!("src/components/detail_page.css");
    let choose = move |name: &'static str| {
        // The first tab is the default, left out of the URL.
        let first = tabs.with_value(|l| l.first().map(|t| t.name)) == Some(name);
        go.run(TabState { tab: if first { String::new() } else { name.to_string() } });
    };
    let tab_list = move || {
        tabs.with_value(|list| {
            (list.len() > 1).then(|| {
                list.iter()
                    .map(|t| {
                        let (name, label) = (t.name, t.label);
                        view! { class=class,
                            <button
                                type="button"
                                role="tab"
                                id=format!("tab-{name}")
                                data-testid=format!("tab-{name}")
                                aria-selected=move || (current.get() == name).to_string()
                                aria-controls="tab-panel"
                                on:click=move |_| choose(name)
                            >
                                {tr(label)}
                            </button>
                        }
                    })
                    .collect_view()
            })
        })
    };
    view! { class=class,
        <p class="detail-back">
            <A href=crate::paths::to(
                &crate::components::list::list_page::list_url(back),
            )>{move || format!("← {}", app.t(back_label))}</A>
        </p>
        <div class="detail-heading">
            <h1>{move || title.get()}</h1>
            // Actions often depend on the loaded resource: rendered again when it changes.
            {move || actions.run()}
        </div>
        <div class="tabs" role="tablist">
            {tab_list}
        </div>
        <div id="tab-panel" role="tabpanel" aria-labelledby=move || format!("tab-{}", current.get())>
            {move || {
                let name = current.get();
                tabs.with_value(|t| t.iter().find(|t| t.name == name).map(|t| t.view.run()))
            }}
        </div>
    }
}
