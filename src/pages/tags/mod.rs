//! Tags (`list_resource_tags`): per resource type, every key with its values and how many
//! resources carry each, each a link to that list filtered by the tag. A resource's own tags
//! are edited on its page (`components::resource_tags`). Its page is a wasm part of its own.

pub mod texts;

use std::collections::BTreeMap;

use hilens_model::query::OneOf;
use hilens_model::tags::RESOURCE_TYPES;
use leptos::prelude::*;

use crate::api;
use crate::components::frame::error_notice::ErrorNotice;
use crate::components::frame::part::{Domain, NavGroup, Page, PageParams, PageRoute};
use crate::components::list::filters::{options, select_filter, FilterForm};
use crate::components::list::list_kit::Skeleton;
use crate::components::list::url_state::use_url_state;
use crate::i18n::{common, tr};
use crate::router::A;

pub const DOMAIN: Domain = Domain {
    group: NavGroup::Config,
    label: common::NavTags,
    href: "/tags",
    key: "t",
    part: &PART,
    pages: &[PageRoute { path: "", part: &PART, page: Page::List }],
};

crate::domain_part!(tags, page);

fn page(_: Page, _: &PageParams) -> AnyView {
    view! { <TagsPage /> }.into_any()
}

crate::url_state! {
    /// The resource type shown (devices when none is given).
    pub struct TagsView {
        "type" => kind: String = OneOf(RESOURCE_TYPES),
    }
}

/// The list a tag's link opens, filtered by it (`show_deployments` has no tag filter, so a
/// deployment tag's count is not a link).
fn filtered_list(kind: &str, key: &str, value: &str) -> Option<String> {
    let path = match kind {
        "node" => "/devices",
        "configmap" => "/configmaps",
        "secret" => "/secrets",
        _ => return None,
    };
    Some(format!("{path}?{}", hilens_model::query::build_query(&[("tags", format!("{key}={value}"))])))
}

#[component]
fn TagsPage() -> impl IntoView {
    let (view_state, go) = use_url_state::<TagsView>();
    let kind =
        Memo::new(move |_| Some(view_state.get().kind).filter(|k| !k.is_empty()).unwrap_or_else(|| "node".into()));
    let tags = LocalResource::new(move || {
        let kind = kind.get();
        async move { api::tags::list_resource_tags(&kind).await }
    });
    view! {
        <h1 class="page-title">{tr(common::NavTags)}</h1>
        <FilterForm testid="tags-filters" buttons="tags" on_search=|_| {} on_reset=move |_| go.run(TagsView::default())>
            {select_filter(
                texts::ResourceType,
                "tags-type",
                options(RESOURCE_TYPES, texts::resource_type),
                Signal::derive(move || view_state.get().kind),
                Callback::new(move |v| go.run(TagsView { kind: v })),
            )}
        </FilterForm>
        <section class="card detail-card" aria-label=tr(common::NavTags)>
            {move || match tags.get() {
                None => view! { <Skeleton /> }.into_any(),
                Some(Err(e)) => view! { <ErrorNotice error=e on_retry=move |_| tags.refetch() /> }.into_any(),
                Some(Ok(list)) if list.tags.is_empty() => {
                    view! {
                        <p class="muted" data-testid="empty">
                            {tr(texts::NoTags)}
                        </p>
                    }
                        .into_any()
                }
                Some(Ok(list)) => {
                    let mut by_key: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
                    for t in list.tags {
                        *by_key.entry(t.key).or_default().entry(t.value).or_default() += 1;
                    }
                    let kind = kind.get_untracked();
                    // key → value → how many resources carry it
                    view! {
                        <table class="data" data-testid="tag-table">
                            <thead>
                                <tr>
                                    <th scope="col">{tr(texts::Key)}</th>
                                    <th scope="col">{tr(texts::Value)}</th>
                                    <th scope="col" class="num">
                                        {tr(texts::Resources)}
                                    </th>
                                </tr>
                            </thead>
                            <tbody>
                                {by_key
                                    .into_iter()
                                    .flat_map(|(key, values)| {
                                        values.into_iter().map(move |(value, n)| (key.clone(), value, n))
                                    })
                                    .map(|(key, value, n)| {
                                        let link = filtered_list(&kind, &key, &value);
                                        view! {
                                            <tr data-testid="tag-row">
                                                <td>
                                                    <code>{key}</code>
                                                </td>
                                                <td>
                                                    <code>{value}</code>
                                                </td>
                                                <td class="num">
                                                    {match link {
                                                        Some(to) => {
                                                            view! {
                                                                <A href=crate::paths::to(&to) attr:data-testid="tag-link">
                                                                    {n}
                                                                </A>
                                                            }
                                                                .into_any()
                                                        }
                                                        None => n.into_any(),
                                                    }}
                                                </td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
