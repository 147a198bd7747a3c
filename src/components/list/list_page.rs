//! The list page every domain's list is built from: heading with actions, a filter bar, the
//! rows as a table whose columns are declared once (sortable where the API sorts, `aria-sort`),
//! optional row selection with a bulk-action bar, the pager with total and page size, the time
//! of the last answer with refresh, a skeleton while the first page loads, old rows kept while
//! new ones load, an empty state that says what to do, an error with retry, optional live
//! refresh while the tab is visible (held while the pointer or focus is on the rows), and
//! columns the user can hide. The whole view is in the URL ([`ListState`]).

use std::future::Future;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use stylers_macro::style_sheet;

use crate::api::ApiError;
use crate::components::allowed::ActionButton;
use crate::components::frame::error_notice::ErrorNotice;
use crate::components::list::list_kit::{clock_now, Freshness, Skeleton};
use crate::components::list::pager::Pager;
use crate::components::list::sort::SortHeader;
use crate::components::list::url_state::{use_url_state, ListState, UrlState};
use crate::components::live::use_poll;
use crate::i18n::{common, tr, Txt};
use crate::state::use_app;

/// One page of rows and how many there are in all.
#[derive(Clone)]
pub struct Rows<R> {
    pub rows: Vec<R>,
    pub total: u64,
}

type Cell<R> = Rc<dyn Fn(&R) -> AnyView>;

/// A column: its header, the API's field when the API sorts by it, and its cell.
pub struct Column<R> {
    pub header: Txt,
    pub sort: Option<&'static str>,
    /// Numbers are right-aligned.
    pub numeric: bool,
    pub cell: Cell<R>,
}

impl<R> Column<R> {
    pub fn new(header: Txt, cell: impl Fn(&R) -> AnyView + 'static) -> Column<R> {
        Column { header, sort: None, numeric: false, cell: Rc::new(cell) }
    }

    /// Sortable by the API's `field`.
    pub fn sortable(mut self, field: &'static str) -> Column<R> {
        self.sort = Some(field);
        self
    }

    pub fn numeric(mut self) -> Column<R> {
        self.numeric = true;
        self
    }
}

/// An action on the selected rows (their keys).
#[derive(Clone)]
pub struct BulkAction {
    pub label: Txt,
    pub testid: &'static str,
    /// What it needs (its operation's permission): without it, disabled with the reason.
    pub needs: hilens_model::Permission,
    pub run: Callback<Vec<String>>,
}

impl BulkAction {
    /// `run` gets the selected rows' keys: to start a run, or to ask first.
    pub fn new(
        label: Txt,
        testid: &'static str,
        needs: impl Into<hilens_model::Permission>,
        run: impl Fn(Vec<String>) + Send + Sync + 'static,
    ) -> BulkAction {
        BulkAction { label, testid, needs: needs.into(), run: Callback::new(run) }
    }
}

/// Rows shown as cards rather than a table while `when` holds for the filters (the skill
/// market's card view).
pub struct Cards<F, R> {
    pub when: fn(&F) -> bool,
    pub render: fn(Vec<R>) -> AnyView,
}

// By hand: a derive would ask `F` and `R` to be `Copy` too.
impl<F, R> Clone for Cards<F, R> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<F, R> Copy for Cards<F, R> {}

/// Everything a list page needs of its domain: made with [`ListSpec::new`] (what every list
/// has), then only what differs from the defaults (no selection, no cards, no live refresh,
/// fixed columns) named with the builder methods. `fetch` asks the API for a view's rows.
pub struct ListSpec<F, R, Fut>
where
    Fut: Future<Output = Result<Rows<R>, ApiError>>,
{
    title: Txt,
    /// What to tell the user when no row matches (and what to do about it).
    empty: Txt,
    /// `data-testid` of the table and its rows (`<testid>-table`, `<testid>-row`).
    testid: &'static str,
    columns: Vec<Column<R>>,
    fetch: fn(ListState<F>) -> Fut,
    /// A row's key, for selection.
    key: fn(&R) -> String,
    /// Actions on selected rows; none means no selection column.
    bulk: Vec<BulkAction>,
    cards: Option<Cards<F, R>>,
    /// Refresh the rows this often while the tab is visible.
    live: Option<Duration>,
    /// Lets the user hide columns, the choice remembered in this browser under this key.
    choose_columns: Option<&'static str>,
}

impl<F, R, Fut> ListSpec<F, R, Fut>
where
    Fut: Future<Output = Result<Rows<R>, ApiError>>,
{
    /// A list titled `title`, saying `empty` when no row matches, its rows read by `fetch` and
    /// told apart by `key`.
    pub fn new(
        title: Txt,
        empty: Txt,
        testid: &'static str,
        fetch: fn(ListState<F>) -> Fut,
        key: fn(&R) -> String,
    ) -> Self {
        ListSpec {
            title,
            empty,
            testid,
            columns: Vec::new(),
            fetch,
            key,
            bulk: Vec::new(),
            cards: None,
            live: None,
            choose_columns: None,
        }
    }

    pub fn columns(mut self, columns: Vec<Column<R>>) -> Self {
        self.columns = columns;
        self
    }

    /// Actions on the selected rows (and so a selection column).
    pub fn bulk(mut self, actions: Vec<BulkAction>) -> Self {
        self.bulk = actions;
        self
    }

    /// Rows shown by `render` as cards while `when` holds for the filters.
    pub fn cards(mut self, when: fn(&F) -> bool, render: fn(Vec<R>) -> AnyView) -> Self {
        self.cards = Some(Cards { when, render });
        self
    }

    /// The rows read again this often while the tab is visible.
    pub fn live(mut self, every: Duration) -> Self {
        self.live = Some(every);
        self
    }

    /// Columns the user can hide, the choice remembered in this browser under `key`.
    pub fn choose_columns(mut self, key: &'static str) -> Self {
        self.choose_columns = Some(key);
        self
    }
}

/// The list's state and a way to change it, for the filter bar (see [`ListPage`]).
pub struct ListCtx<F: 'static + Send + Sync> {
    pub state: Memo<ListState<F>>,
    pub go: Callback<ListState<F>>,
    /// Reads the rows again.
    pub refetch: Callback<()>,
    /// The view last asked for, until the URL has it: two quick changes (two ticks of a
    /// checkbox group) then build on each other instead of the second undoing the first.
    asked: StoredValue<Option<ListState<F>>>,
}

impl<F: Send + Sync + 'static> Clone for ListCtx<F> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<F: Send + Sync + 'static> Copy for ListCtx<F> {}

/// The list `path` as the user last saw it in this tab (filters and page), for the way back to
/// it from a resource's page (its back link, after a delete).
pub fn list_url(path: &str) -> String {
    let key = format!("hilens.list:{path}");
    web_sys::window()
        .and_then(|w| w.session_storage().ok().flatten())
        .and_then(|s| s.get_item(&key).ok().flatten())
        .filter(|q| q.len() > 1 && q.starts_with('?'))
        .map_or_else(|| path.to_string(), |q| format!("{path}{q}"))
}

/// Remembers the list at `path` as shown now (see [`list_url`]).
fn remember_list(path: &str, query: &str) {
    if let Some(s) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) {
        let key = format!("hilens.list:{path}");
        let _ = if query.is_empty() { s.remove_item(&key) } else { s.set_item(&key, &format!("?{query}")) };
    }
}

impl<F: UrlState> ListCtx<F> {
    /// The list's state from the URL (call once per page, before [`ListPage`]).
    pub fn new() -> ListCtx<F> {
        let (state, navigate) = use_url_state::<ListState<F>>();
        let location = crate::router::use_location();
        Effect::new(move |_| {
            state.track();
            let (path, query) = (location.pathname.get_untracked(), location.search.get_untracked());
            remember_list(&crate::paths::within(&path), query.trim_start_matches('?'));
        });
        let version = RwSignal::new(0u32);
        provide_context(ListVersion(version));
        let asked = StoredValue::new(None::<ListState<F>>);
        // The URL caught up (or moved on by back/forward): it is the state again.
        Effect::new(move |_| {
            state.track();
            asked.set_value(None);
        });
        let go = Callback::new(move |next: ListState<F>| {
            asked.set_value(Some(next.clone()));
            navigate.run(next);
        });
        ListCtx { state, go, refetch: Callback::new(move |_| version.update(|v| *v += 1)), asked }
    }

    /// The view as last asked for (the URL's, once it has caught up).
    pub fn current(&self) -> ListState<F> {
        self.asked.get_value().unwrap_or_else(|| self.state.get_untracked())
    }

    /// Changes the filters (back to page 1).
    pub fn set(&self, change: impl FnOnce(&mut F)) {
        let current = self.current();
        let mut filters = current.filters.clone();
        change(&mut filters);
        self.go.run(current.filtered(filters));
    }
}

impl<F: UrlState> Default for ListCtx<F> {
    fn default() -> Self {
        Self::new()
    }
}

#[derive(Clone, Copy)]
struct ListVersion(RwSignal<u32>);

/// The list page; `filters` is the filter bar's content (built with `ctx`), `actions` what
/// stands beside the heading, `bulk_panel` what the bulk actions open (their forms, their
/// progress), drawn beside the selection's bar.
#[component]
pub fn ListPage<F, R, Fut>(
    ctx: ListCtx<F>,
    spec: ListSpec<F, R, Fut>,
    #[prop(optional, into)] filters: ViewFn,
    #[prop(optional, into)] actions: ViewFn,
    #[prop(optional, into)] bulk_panel: ViewFn,
) -> impl IntoView
where
    F: UrlState,
    R: Clone + 'static,
    Fut: Future<Output = Result<Rows<R>, ApiError>> + 'static,
{
    let app = use_app();
    let state = ctx.state;
    let version = use_context::<ListVersion>().map(|v| v.0).unwrap_or_else(|| RwSignal::new(0));
    // Made here, not in the rows' view: that view is rebuilt for every answer, and its
    // effects can still run on the next view's change after it has gone (a disposed signal);
    // the pager stays outside it for the same reason.
    let page = Signal::derive(move || state.get().page);
    let size = Signal::derive(move || state.get().size);
    let sort = Signal::derive(move || state.get().sort);
    let total = RwSignal::new(None::<u64>);
    let has_total = Memo::new(move |_| total.with(Option::is_some));
    let total_count = Signal::derive(move || total.get().unwrap_or(0));
    let fetch = spec.fetch;
    let rows = LocalResource::new(move || {
        version.track();
        fetch(state.get())
    });
    // A live refresh draws the rows again; it waits while the pointer or the keyboard focus is
    // on them, so nothing moves or loses focus under the user.
    let pointer_in = RwSignal::new(false);
    let focus_in = RwSignal::new(false);
    if let Some(every) = spec.live {
        use_poll(every, move || {
            if !pointer_in.get_untracked() && !focus_in.get_untracked() {
                rows.refetch();
            }
        });
    }
    let updated = RwSignal::new(None::<String>);
    let selected = RwSignal::new(Vec::<String>::new());
    // A new view starts with nothing selected.
    Effect::new(move |_| {
        state.track();
        selected.set(Vec::new());
    });
    let spec = StoredValue::new_local(spec);
    let selecting = spec.with_value(|s| !s.bulk.is_empty());
    // The columns the user has hidden (by their header's key), remembered per list.
    let columns_key = spec.with_value(|s| s.choose_columns);
    let hidden = RwSignal::new(
        columns_key
            .and_then(crate::state::stored)
            .map(|v| v.split(',').filter(|k| !k.is_empty()).map(str::to_string).collect::<Vec<_>>())
            .unwrap_or_default(),
    );
    let shown = move |c: &Column<R>| !hidden.with(|h| h.iter().any(|k| k == c.header.key));
    const _: &str = include_str!("list_page.css");
    let class = style_sheet!("src/components/list/list_page.css");
    let bulk_bar = move || {
        let n = selected.with(Vec::len);
        (n > 0).then(|| {
            let actions = spec.with_value(|s| s.bulk.clone());
            view! { class=class,
                <div class="bulk" role="region" aria-label=move || app.t(common::BulkActions) data-testid="bulk-bar">
                    <span>{move || format!("{} {}", selected.with(Vec::len), app.t(common::Selected))}</span>
                    {actions
                        .into_iter()
                        .map(|a| {
                            let run = a.run;
                            view! {
                                <ActionButton
                                    needs=a.needs
                                    testid=a.testid
                                    on_click=Callback::new(move |_| run.run(selected.get_untracked()))
                                >
                                    {tr(a.label)}
                                </ActionButton>
                            }
                        })
                        .collect_view()}
                    <button type="button" on:click=move |_| selected.set(Vec::new())>
                        {tr(common::ClearSelection)}
                    </button>
                </div>
            }
        })
    };
    let table = move |list: Rows<R>| -> AnyView {
        total.set(Some(list.total));
        let (empty, testid, key) = spec.with_value(|s| (s.empty, s.testid, s.key));
        let body = if list.rows.is_empty() {
            view! { class=class,
                <p class="list-empty muted" data-testid="empty">
                    {tr(empty)}
                </p>
            }
            .into_any()
        } else if let Some(render) =
            spec.with_value(|s| s.cards.filter(|c| state.with(|st| (c.when)(&st.filters))).map(|c| c.render))
        {
            render(list.rows)
        } else {
            let keys: Vec<String> = list.rows.iter().map(key).collect();
            let page_keys = StoredValue::new(keys.clone());
            let all_selected = move || {
                page_keys.with_value(|keys| !keys.is_empty() && selected.with(|s| keys.iter().all(|k| s.contains(k))))
            };
            let toggle_all = move |_| {
                if all_selected() {
                    selected.set(Vec::new());
                } else {
                    selected.set(page_keys.get_value());
                }
            };
            let header = spec.with_value(|s| {
                s.columns
                    .iter()
                    .filter(|c| shown(c))
                    .map(|c| match c.sort {
                        Some(field) => view! {
                            <SortHeader
                                label=c.header
                                field=field
                                current=sort
                                on_sort=move |sort| {
                                    ctx.go
                                        .run(ListState {
                                            sort,
                                            page: 1,
                                            ..state.get_untracked()
                                        })
                                }
                            />
                        }
                        .into_any(),
                        None => {
                            let header = c.header;
                            view! {
                                <th scope="col" class=c.numeric.then_some("num")>
                                    {tr(header)}
                                </th>
                            }
                            .into_any()
                        }
                    })
                    .collect_view()
            });
            let rows = list
                .rows
                .into_iter()
                .zip(keys)
                .map(|(row, key)| {
                    let cells = spec.with_value(|s| {
                        s.columns
                            .iter()
                            .filter(|c| shown(c))
                            .map(|c| view! { <td class=c.numeric.then_some("num")>{(c.cell)(&row)}</td> })
                            .collect_view()
                    });
                    let key_for_check = key.clone();
                    let check = selecting.then(|| {
                        let k = key.clone();
                        view! {
                            <td>
                                <input
                                    type="checkbox"
                                    aria-label=move || app.t(common::SelectRow)
                                    prop:checked=move || selected.with(|s| s.contains(&key_for_check))
                                    on:change=move |_| {
                                        selected
                                            .update(|s| match s.iter().position(|x| *x == k) {
                                                Some(i) => {
                                                    s.remove(i);
                                                }
                                                None => s.push(k.clone()),
                                            })
                                    }
                                />
                            </td>
                        }
                    });
                    view! { <tr data-testid=format!("{testid}-row")>{check}{cells}</tr> }
                })
                .collect_view();
            let select_all = selecting.then(|| {
                view! {
                    <th scope="col">
                        <input
                            type="checkbox"
                            aria-label=move || app.t(common::SelectPage)
                            prop:checked=all_selected
                            on:change=toggle_all
                        />
                    </th>
                }
            });
            view! {
                <table class="data" data-testid=format!("{testid}-table")>
                    <thead>
                        <tr>{select_all}{header}</tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            }
            .into_any()
        };
        body
    };
    let title = spec.with_value(|s| s.title);
    let chooser = columns_key.map(|key| {
        let headers: Vec<Txt> = spec.with_value(|s| s.columns.iter().map(|c| c.header).collect());
        let toggle = move |name: &'static str| {
            hidden.update(|h| match h.iter().position(|k| k == name) {
                Some(i) => {
                    h.remove(i);
                }
                None => h.push(name.to_string()),
            });
            crate::state::store(key, &hidden.get_untracked().join(","));
        };
        view! { class=class,
            <details class="columns" data-testid="column-chooser">
                <summary>{tr(common::Columns)}</summary>
                <fieldset class="columns-list">
                    <legend class="visually-hidden">{tr(common::Columns)}</legend>
                    {headers
                        .into_iter()
                        .map(|h| {
                            view! { class=class,
                                <label>
                                    <input
                                        type="checkbox"
                                        prop:checked=move || !hidden.with(|list| list.iter().any(|k| k == h.key))
                                        on:change=move |_| toggle(h.key)
                                    />
                                    " "
                                    {tr(h)}
                                </label>
                            }
                        })
                        .collect_view()}
                </fieldset>
            </details>
        }
    });
    view! { class=class,
        <div class="list-heading">
            <h1>{tr(title)}</h1>
            <div class="list-actions">{chooser}{actions.run()}</div>
        </div>
        <div class="list-filters card">{filters.run()}</div>
        <section
            class="list-body card"
            aria-label=move || app.t(title)
            on:mouseenter=move |_| pointer_in.set(true)
            on:mouseleave=move |_| pointer_in.set(false)
            on:focusin=move |_| focus_in.set(true)
            on:focusout=move |_| focus_in.set(false)
        >
            <Freshness updated=updated on_refresh=move |_| rows.refetch() />
            {bulk_bar}
            {bulk_panel.run()}
            <Transition fallback=|| {
                view! { <Skeleton /> }
            }>
                {move || Suspend::new(async move {
                    match rows.await {
                        Ok(list) => {
                            updated.set(Some(clock_now()));
                            table(list)
                        }
                        Err(e) => {
                            total.set(None);
                            view! { <ErrorNotice error=e on_retry=move |_| rows.refetch() /> }.into_any()
                        }
                    }
                })}
            </Transition>
            {move || {
                has_total
                    .get()
                    .then(|| {
                        view! {
                            <Pager
                                total=total_count
                                page=page
                                size=size
                                on_page=move |page| {
                                    ctx.go
                                        .run(ListState {
                                            page,
                                            ..state.get_untracked()
                                        })
                                }
                                on_size=move |size| {
                                    ctx.go
                                        .run(ListState {
                                            size,
                                            page: 1,
                                            ..state.get_untracked()
                                        })
                                }
                            />
                        }
                    })
            }}
        </section>
    }
}
