//! Named key–value resources (config maps and secrets): their list, their create/edit form and
//! their page, written once for both. A domain describes its kind with [`EntryKind`] (its API
//! calls, rules, limits and texts) and routes to [`entry_list_page`], [`entry_form_page`] and
//! [`entry_detail_page`]. Secret values are masked everywhere unless revealed one at a time.

use std::future::Future;

use hilens_model::deployments::{DeploymentListQuery, Source};
use hilens_model::error::FieldError;
use hilens_model::query::{Codec, EqualsTags, OneOf, Text};
use hilens_model::tags::Tag;
use hilens_model::{OperationId, Permission};
use leptos::prelude::*;
use stylers_macro::style_sheet;

use crate::api::{self, ApiError};
use crate::components::actions::run_action;
use crate::components::allowed::{ActionButton, ActionLink};
use crate::components::confirm::ConfirmDialog;
use crate::components::detail::{DetailPage, Tab};
use crate::components::download::CopyButton;
use crate::components::facts::{chips, text, Facts};
use crate::components::form::field::{FieldState, TextField};
use crate::components::form::form::{land_on_field, tag_rows, KeyValueRows, Row, RowsState};
use crate::components::frame::error_notice::ErrorNotice;
use crate::components::list::filters::{select_filter, tag_filter_rule, FilterForm};
use crate::components::list::list_kit::Skeleton;
use crate::components::list::list_page::{Column, ListCtx, ListPage, ListSpec, Rows};
use crate::components::list::text_filter::use_text_filter;
use crate::components::list::url_state::ListState;
use crate::components::resource_tags::{texts as resource_tag_texts, ResourceTags};
use crate::i18n::{common, tr, Txt};
use crate::router::{use_navigate, A};
use crate::state::use_app;

/// A config maps' or secrets' domain: its wasm part (`$part`) and its pages under the domain's
/// address (list, `new`, `:id`, `:id/edit`: `PAGES`, for its `DOMAIN`), this kit's for `$kind`.
#[macro_export]
macro_rules! entries_domain {
    ($part:ident, $kind:ty) => {
        $crate::domain_part!($part, page);

        fn page(
            page: $crate::components::frame::part::Page,
            params: &$crate::components::frame::part::PageParams,
        ) -> ::leptos::prelude::AnyView {
            use ::leptos::prelude::*;
            use $crate::components::entries::{entry_detail_page, entry_form_page, entry_list_page};
            use $crate::components::frame::part::Page;
            match page {
                Page::New => entry_form_page::<$kind>(String::new()).into_any(),
                Page::Edit => entry_form_page::<$kind>(params.id.clone()).into_any(),
                Page::Detail => entry_detail_page::<$kind>(params.id.clone()).into_any(),
                _ => entry_list_page::<$kind>().into_any(),
            }
        }

        const PAGES: &[$crate::components::frame::part::PageRoute] = {
            use $crate::components::frame::part::{Page, PageRoute};
            &[
                PageRoute { path: "", part: &PART, page: Page::List },
                PageRoute { path: "new", part: &PART, page: Page::New },
                PageRoute { path: ":id", part: &PART, page: Page::Detail },
                PageRoute { path: ":id/edit", part: &PART, page: Page::Edit },
            ]
        };
    };
}

/// Texts of config maps' and secrets' pages.
pub mod texts {
    crate::texts! {
        Name => "名称", "Name";
        NamePlaceholder => "按名称搜索", "Search by name";
        Description => "描述", "Description";
        Entries => "条目", "Entries";
        Key => "键", "Key";
        Value => "值", "Value";
        Tags => "标签", "Tags";
        TagsFilter => "标签（key=value，逗号分隔）", "Tags (key=value, comma separated)";
        Provider => "类型", "Provider";
        Created => "创建时间", "Created";
        Updated => "更新时间", "Updated";
        Id => "ID", "ID";
        Workspace => "工作空间", "Workspace";
        Edit => "编辑", "Edit";
        Save => "保存", "Save";
        Saved => "已保存", "Saved";
        Deleted => "已删除", "Deleted";
        Delete => "删除", "Delete";
        UsedBy => "使用它的应用部署", "Used by deployments";
        NotUsed => "没有应用部署使用它", "No deployment uses it";
        InUseWarning => "仍有应用部署使用它：删除后这些部署的环境变量或挂载会失效。", "Deployments still use it: deleting it breaks their envs or volumes.";
    }
}

/// What differs between config maps and secrets.
pub trait EntryKind: 'static {
    /// Which deployments' references name it.
    const SOURCE: Source;
    /// Its list's path (`/configmaps`).
    const HREF: &'static str;
    /// The most entries one may hold.
    const MAX_ENTRIES: usize;
    /// Whether values are secret.
    const MASKED: bool;
    const TITLE: Txt;
    const NEW: Txt;
    const NONE: Txt;
    const DELETE: Txt;
    /// Its operations (create, update, delete): what the actions need.
    const CREATE: OperationId;
    const UPDATE: OperationId;
    const REMOVE: OperationId;
    /// Its `resource_type` in the tag operations.
    const TAG_KIND: &'static str;
    /// The body's top-level field the API's rule errors start with (`configmap`, `secret`).
    const FIELD: &'static str;

    fn name_rule(field: &'static str, value: &str) -> Result<(), FieldError>;
    fn key_rule(value: &str) -> Result<(), FieldError>;
    fn value_rule(value: &str) -> Result<(), FieldError>;
    /// What the key's and the value's rules ask, shown with the rows (the model's words).
    const HINTS: Option<fn() -> (hilens_model::rules::Hint, hilens_model::rules::Hint)> = None;
    /// The whole request's rules (the model's), before anything is sent.
    fn validate(item: &Entries, workspace: &str) -> Result<(), FieldError>;
    /// A page of the list (filters, sort, page) in the workspace.
    fn list(view: ListState<EntryFilters>, workspace: String) -> impl Future<Output = Result<Rows<Entries>, ApiError>>;
    fn show(id: String) -> impl Future<Output = Result<Entries, ApiError>>;
    /// Creates (`id` none) or updates; answers the id.
    fn save(id: Option<String>, item: Entries, workspace: String) -> impl Future<Output = Result<String, ApiError>>;
    fn delete(id: String) -> impl Future<Output = Result<(), ApiError>>;
}

/// A config map or secret as its pages show it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entries {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub entries: Vec<(String, String)>,
    pub tags: Vec<Tag>,
    pub workspace_id: Option<String>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
}

crate::url_state! {
    /// The list's filters as the URL holds them.
    pub struct EntryFilters {
        "name" => name: String = Text(|f, v| hilens_model::rules::length(f, v, 1, 64)),
        "tags" => tags: String = Text(|_, v| tag_filter_rule(v)),
        "provider" => provider: String = OneOf(hilens_model::common::PROVIDERS),
    }
}

impl EntryFilters {
    /// The tag filter as tags.
    pub fn tag_list(&self) -> Vec<Tag> {
        EqualsTags.read("tags", &self.tags).unwrap_or_default()
    }
}

fn fetch<K: EntryKind>(view: ListState<EntryFilters>) -> impl Future<Output = Result<Rows<Entries>, ApiError>> {
    // Read here, so a workspace switch fetches again.
    let workspace = use_app().workspace.get();
    K::list(view, workspace)
}

/// The list: name, tags and provider filters, sortable by name and times, paged, in the URL.
pub fn entry_list_page<K: EntryKind>() -> impl IntoView {
    let ctx = ListCtx::<EntryFilters>::new();
    let filters = Memo::new(move |_| ctx.state.get().filters);
    let name = use_text_filter(ctx, "name", |f| &mut f.name);
    let tags = use_text_filter(ctx, "tags", |f| &mut f.tags);
    let providers = || hilens_model::common::PROVIDERS.iter().map(|p| (p.to_string(), None)).collect::<Vec<_>>();
    let href = K::HREF;
    let columns = vec![
        Column::new(texts::Name, move |e: &Entries| {
            let (to, name) = (crate::paths::to(&format!("{href}/{}", e.id)), e.name.clone());
            view! { <A href=to attr:data-testid="entry-link">{name}</A> }.into_any()
        })
        .sortable("name"),
        Column::new(texts::Description, |e: &Entries| text(e.description.clone())),
        Column::new(texts::Entries, |e: &Entries| e.entries.len().into_any()).numeric(),
        Column::new(texts::Tags, |e: &Entries| {
            chips(e.tags.iter().map(|t| format!("{}={}", t.key, t.value)).collect())
        }),
        Column::new(texts::Created, |e: &Entries| crate::components::format::when(e.created_at.as_deref()))
            .sortable("created_at"),
        Column::new(texts::Updated, |e: &Entries| crate::components::format::when(e.updated_at.as_deref()))
            .sortable("updated_at"),
    ];
    let spec = ListSpec::new(K::TITLE, K::NONE, "entry", fetch::<K>, |e: &Entries| e.id.clone()).columns(columns);
    view! {
        <ListPage
            ctx=ctx
            spec=spec
            actions=move || {
                view! {
                    <ActionLink needs=K::CREATE href=format!("{href}/new") class="button primary" testid="entry-new">
                        {tr(K::NEW)}
                    </ActionLink>
                }
            }
            filters=move || {
                view! {
                    <FilterForm
                        testid="entry-filters"
                        buttons="entry"
                        on_search=move |_| ctx.search(&[name, tags])
                        on_reset=move |_| ctx.reset()
                    >
                        <TextField
                            state=name.state
                            label=texts::Name
                            testid="entry-filter-name"
                            placeholder=texts::NamePlaceholder
                            kind="search"
                            search_box=true
                        />
                        <TextField state=tags.state label=texts::TagsFilter testid="entry-filter-tags" />
                        {select_filter(
                            texts::Provider,
                            "entry-filter-provider",
                            providers(),
                            Signal::derive(move || filters.get().provider),
                            Callback::new(move |v| ctx.set(|f| f.provider = v)),
                        )}
                    </FilterForm>
                }
            }
        />
    }
}

/// Create (`id` empty) or edit: name, description, tags and the entries (pasted as `KEY=value`
/// lines or from a `.env` file too), every rule as the user types; a failed save keeps it all.
pub fn entry_form_page<K: EntryKind>(id: String) -> impl IntoView {
    let app = use_app();
    let editing = !id.is_empty();
    let id = StoredValue::new(id);
    let name = FieldState::new(|v| K::name_rule("name", v), false).with_hint(hilens_model::configmaps::name_hint);
    let description = FieldState::new(|v| hilens_model::rules::description("description", v), true)
        .with_hint(hilens_model::rules::description_hint);
    let tags = tag_rows();
    let mut entries = RowsState::new(K::key_rule, K::value_rule, K::MAX_ENTRIES);
    entries.hints = K::HINTS;
    let loaded = RwSignal::new(!editing);
    let failure = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);
    if editing {
        leptos::task::spawn_local(async move {
            match K::show(id.get_value()).await {
                Ok(e) => {
                    name.value.set(e.name);
                    description.value.set(e.description.unwrap_or_default());
                    tags.rows.set(e.tags.into_iter().map(|t| Row { key: t.key, value: t.value }).collect());
                    entries.rows.set(e.entries.into_iter().map(|(key, value)| Row { key, value }).collect());
                    loaded.set(true);
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    } else {
        entries.add();
    }
    let navigate = use_navigate();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let ok = [name.check(), description.check(), tags.check(), entries.check()].iter().all(|ok| *ok);
        if !ok {
            return;
        }
        let item = Entries {
            name: name.value.get_untracked().trim().to_string(),
            description: Some(description.value.get_untracked()).filter(|d| !d.is_empty()),
            entries: entries.rows.get_untracked().into_iter().map(|r| (r.key, r.value)).collect(),
            tags: tags.rows.get_untracked().into_iter().map(|r| Tag { key: r.key, value: r.value }).collect(),
            ..Default::default()
        };
        let workspace = app.workspace.get_untracked();
        let fields = [(format!("{}.name", K::FIELD), name), (format!("{}.description", K::FIELD), description)];
        if let Err(e) = K::validate(&item, &workspace) {
            let lang = app.lang.get_untracked();
            let field = fields.iter().find(|(p, _)| *p == e.field).map_or(name, |(_, f)| *f);
            field.server_error.set(Some(e.rule_text(lang).to_string()));
            return;
        }
        let existing = editing.then(|| id.get_value());
        let navigate = navigate.clone();
        run_action(pending, texts::Saved, K::save(existing, item, workspace), move |r| match r {
            Ok(saved) => navigate(&format!("{}/{saved}", K::HREF), Default::default()),
            Err(e) => {
                let named: Vec<(&str, FieldState)> = fields.iter().map(|(p, f)| (p.as_str(), *f)).collect();
                if !land_on_field(&e, &named) {
                    failure.set(Some(e));
                }
            }
        });
    };
    let title = if editing { texts::Edit } else { K::NEW };
    const _: &str = include_str!("entry_form_page.css");
    let class = style_sheet!("src/components/entry_form_page.css");
    view! { class=class,
        <p class="detail-back">
            <A href=crate::paths::to(K::HREF)>{move || format!("← {}", app.t(K::TITLE))}</A>
        </p>
        <h1>{tr(title)}</h1>
        {move || failure.get().map(|e| view! { <ErrorNotice error=e on_retry=move |_| failure.set(None) /> })}
        <Show when=move || loaded.get() fallback=|| view! { <Skeleton /> }>
            <form class="entry-form card" on:submit=save.clone() data-testid="entry-form" novalidate>
                <div class="entry-fields">
                    <TextField state=name label=texts::Name testid="entry-name" />
                    <TextField state=description label=texts::Description testid="entry-description" kind="textarea" />
                </div>
                <KeyValueRows
                    state=entries
                    legend=texts::Entries
                    key_label=texts::Key
                    value_label=texts::Value
                    testid="entry-rows"
                    masked=K::MASKED
                    bulk=true
                />
                <KeyValueRows
                    state=tags
                    legend=texts::Tags
                    key_label=resource_tag_texts::Key
                    value_label=resource_tag_texts::Value
                    testid="entry-tags"
                />
                <div class="row">
                    <ActionButton
                        needs=if editing { K::UPDATE } else { K::CREATE }
                        submit=true
                        class="primary"
                        testid="entry-save"
                        disabled=pending
                    >
                        {tr(texts::Save)}
                    </ActionButton>
                    <A href=crate::paths::to(K::HREF) attr:class="button">
                        {tr(common::Cancel)}
                    </A>
                </div>
            </form>
        </Show>
    }
}

/// One config map or secret: facts, entries (secret values masked, revealed one at a time and
/// copied without revealing), the deployments that use it, edit and delete (warned when used).
pub fn entry_detail_page<K: EntryKind>(id: String) -> impl IntoView {
    let id = StoredValue::new(id);
    let item = LocalResource::new(move || K::show(id.get_value()));
    let loaded = move || item.get().and_then(Result::ok);
    let title = Signal::derive(move || loaded().map(|e| e.name).unwrap_or_default());
    // The deployments whose envs or volumes name it: every page of deployments is read.
    let used_by = LocalResource::new(move || {
        let name = loaded().map(|e| e.name);
        async move {
            let Some(name) = name else { return Ok(Vec::new()) };
            users_of::<K>(&name).await
        }
    });
    let in_use = move || used_by.get().and_then(Result::ok).is_some_and(|u| !u.is_empty());
    let deleting = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let navigate = use_navigate();
    let delete = Callback::new(move |_| {
        let navigate = navigate.clone();
        run_action(pending, texts::Deleted, K::delete(id.get_value()), move |r| {
            if r.is_ok() {
                navigate(&crate::components::list::list_page::list_url(K::HREF), Default::default());
            }
        });
    });
    let actions = move || {
        view! {
            <div class="row">
                <ActionLink
                    needs=K::UPDATE
                    href=format!("{}/{}/edit", K::HREF, id.get_value())
                    class="button"
                    testid="entry-edit"
                >
                    {tr(texts::Edit)}
                </ActionLink>
                <ActionButton
                    needs=K::REMOVE
                    class="danger"
                    testid="entry-delete"
                    on_click=Callback::new(move |_| deleting.set(true))
                >
                    {tr(K::DELETE)}
                </ActionButton>
            </div>
        }
    };
    // What a delete breaks, named in its confirmation (the same list the page shows).
    let busy = Signal::derive(move || used_by.get().is_none());
    let dialog = view! {
        <ConfirmDialog
            open=deleting
            name=title
            title=K::DELETE
            on_confirm=delete
            busy=busy
            impact=move || {
                view! {
                    {move || {
                        in_use()
                            .then(|| {
                                view! {
                                    <p class="danger-text" data-testid="delete-in-use">
                                        {tr(texts::InUseWarning)}
                                    </p>
                                }
                            })
                    }}
                    <UsedBy used_by=used_by />
                }
            }
        />
    };
    let overview = move || {
        view! {
            {move || {
                in_use()
                    .then(|| {
                        view! {
                            <p class="danger-box" role="note" data-testid="in-use-warning">
                                {tr(texts::InUseWarning)}
                            </p>
                        }
                    })
            }}
            {move || match item.get() {
                None => view! { <Skeleton /> }.into_any(),
                Some(Err(e)) => view! { <ErrorNotice error=e on_retry=move |_| item.refetch() /> }.into_any(),
                Some(Ok(e)) => view! { <EntryFacts item=e masked=K::MASKED /> }.into_any(),
            }}
            <ResourceTags kind=K::TAG_KIND id=id.get_value() />
            <UsedBy used_by=used_by />
        }
        .into_any()
    };
    view! {
        <DetailPage
            back=K::HREF
            back_label=K::TITLE
            title=title
            actions=actions
            tabs=vec![Tab::new("overview", common::Overview, overview)]
        />
        {dialog}
    }
}

/// Pages of deployments read at most to find a config map's or secret's users (100 a page).
const MOST_PAGES: u32 = 200;

/// The deployments (id, name) whose envs or volumes name the config map or secret `name`,
/// through every page of deployments (not only the newest).
async fn users_of<K: EntryKind>(name: &str) -> Result<Vec<(String, String)>, ApiError> {
    let mut users = Vec::new();
    for page in 0..MOST_PAGES {
        let query = DeploymentListQuery { limit: Some(100), offset: Some(page * 100), ..Default::default() };
        let list = api::deployments::show_deployments(&query).await?;
        let n = list.deployments.len() as u64;
        users.extend(list.deployments.into_iter().filter(|d| d.template.uses(K::SOURCE, name)).map(|d| (d.id, d.name)));
        if n < 100 || u64::from(page + 1) * 100 >= list.count {
            break;
        }
    }
    Ok(users)
}

/// A workspace by name (its id on hover).
fn workspace(id: Option<String>) -> AnyView {
    match id.filter(|i| !i.is_empty()) {
        Some(id) => view! { <crate::components::names::Named kind=crate::components::names::Kind::Workspace id=id /> }
            .into_any(),
        None => text(None),
    }
}

#[component]
fn EntryFacts(item: Entries, masked: bool) -> impl IntoView {
    let rows = vec![
        (texts::Id, view! { <code>{item.id.clone()}</code> }.into_any()),
        (texts::Description, text(item.description.clone())),
        (texts::Workspace, workspace(item.workspace_id.clone())),
        // Its tags have their own card below, where they are edited.
        (texts::Created, crate::components::format::when(item.created_at.as_deref())),
        (texts::Updated, crate::components::format::when(item.updated_at.as_deref())),
    ];
    const _: &str = include_str!("entry_facts.css");
    let class = style_sheet!("src/components/entry_facts.css");
    view! { class=class,
        <section class="entry-detail card" data-testid="entry-facts">
            <Facts rows=rows />
            <h2>{tr(texts::Entries)}</h2>
            <table class="data" data-testid="entry-table">
                <thead>
                    <tr>
                        <th scope="col">{tr(texts::Key)}</th>
                        <th scope="col">{tr(texts::Value)}</th>
                        {masked
                            .then(|| {
                                view! {
                                    <th scope="col">
                                        <span class="visually-hidden">{tr(texts::Value)}</span>
                                    </th>
                                }
                            })}
                    </tr>
                </thead>
                <tbody>
                    {item
                        .entries
                        .into_iter()
                        .map(|(key, value)| {
                            let shown = RwSignal::new(!masked);
                            let copy = value.clone();
                            let label = key.clone();
                            view! { class=class,
                                <tr data-testid="entry-row">
                                    <td>
                                        <code>{key}</code>
                                    </td>
                                    <td class="entry-value" data-testid="entry-value">
                                        {move || {
                                            if shown.get() { value.clone() } else { "••••••".to_string() }
                                        }}
                                    </td>
                                    {masked
                                        .then(|| {
                                            view! {
                                                <td class="row">
                                                    // Values reach only those who may see them (the proxy
                                                    // removes them for the others).
                                                    <ActionButton
                                                        needs=Permission::SecretsReveal
                                                        testid="entry-reveal"
                                                        pressed=shown
                                                        aria_label=Signal::derive(move || {
                                                            format!(
                                                                "{} {label}",
                                                                if shown.get() {
                                                                    tr(common::Hide)()
                                                                } else {
                                                                    tr(common::Reveal)()
                                                                },
                                                            )
                                                        })
                                                        on_click=Callback::new(move |_| shown.update(|s| *s = !*s))
                                                    >
                                                        {move || {
                                                            if shown.get() {
                                                                tr(common::Hide)()
                                                            } else {
                                                                tr(common::Reveal)()
                                                            }
                                                        }}
                                                    </ActionButton>
                                                    <CopyButton text=copy.clone() />
                                                </td>
                                            }
                                        })}
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn UsedBy(used_by: LocalResource<Result<Vec<(String, String)>, ApiError>>) -> impl IntoView {
    view! {
        <section class="card detail-card" data-testid="used-by">
            <h2>{tr(texts::UsedBy)}</h2>
            {move || {
                used_by
                    .get()
                    .map(|r| match r {
                        Err(e) => view! { <ErrorNotice error=e on_retry=move |_| used_by.refetch() /> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <p class="muted">{tr(texts::NotUsed)}</p> }.into_any(),
                        Ok(list) => {
                            view! {
                                <ul>
                                    {list
                                        .into_iter()
                                        .map(|(id, name)| {
                                            let href = crate::paths::to(&format!("/deployments/{id}"));
                                            view! {
                                                <li data-testid="used-by-deployment">
                                                    <crate::router::A href=href attr:title=id>
                                                        {name}
                                                    </crate::router::A>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                    })
            }}
        </section>
    }
}
