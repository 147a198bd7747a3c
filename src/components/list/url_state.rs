//! The URL is the state: a view's filters, sort, page and page size live in the query string,
//! so a reload, back/forward or a shared link shows the same rows. A view declares its
//! parameters once with [`url_state!`](crate::url_state) (key, field, and the model's codec that
//! reads it); values that break their rule are dropped rather than sent, and defaults are left
//! out of the URL.

use hilens_model::query::{build_query, Codec, Int, Sort, SortParam};
use leptos::prelude::*;

use crate::components::list::pager::PAGE_SIZES;
use crate::router::{use_location, use_navigate, use_query_map};

/// A view's state as query parameters.
pub trait UrlState: Clone + PartialEq + Default + Send + Sync + 'static {
    /// Reads the parameters (`get` looks one up by name); invalid values are dropped.
    fn read(get: &dyn Fn(&str) -> Option<String>) -> Self;
    /// The parameters that are set.
    fn write(&self, out: &mut Vec<(&'static str, String)>);

    /// The query string (without `?`).
    fn to_query_string(&self) -> String {
        let mut pairs = Vec::new();
        self.write(&mut pairs);
        build_query(&pairs)
    }
}

/// Declares a view's URL state with the model's one query mechanism (`query_type!`: each
/// parameter's key, field and codec); reading it from the URL drops a value that breaks its rule
/// instead of failing.
#[macro_export]
macro_rules! url_state {
    ($(#[$meta:meta])* pub struct $name:ident { $($fields:tt)* }) => {
        hilens_model::query_type! { $(#[$meta])* pub struct $name { $($fields)* } }

        impl $crate::components::list::url_state::UrlState for $name {
            fn read(get: &dyn Fn(&str) -> Option<String>) -> Self {
                use hilens_model::query::Params;
                let mut view = Self::default();
                for key in Self::KEYS {
                    if let Some(raw) = get(key).filter(|raw| !raw.is_empty()) {
                        // A value that breaks its rule is not kept: the field stays unset.
                        let _ = view.read(key, &raw);
                    }
                }
                view
            }

            fn write(&self, out: &mut Vec<(&'static str, String)>) {
                hilens_model::query::Params::write(self, out)
            }
        }
    };
}

/// A list's whole view: its own filters, the sort (where the API sorts), the page (1-based)
/// and the page size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListState<F> {
    pub filters: F,
    pub sort: Option<Sort>,
    pub page: u32,
    pub size: u32,
}

impl<F: Default> Default for ListState<F> {
    fn default() -> Self {
        ListState { filters: F::default(), sort: None, page: 1, size: PAGE_SIZES[0] }
    }
}

impl<F: Clone> ListState<F> {
    /// The API's `offset` for this page.
    pub fn offset(&self) -> u32 {
        crate::components::list::pager::offset(self.page, self.size)
    }

    /// New filters, back on page 1.
    pub fn filtered(&self, filters: F) -> Self {
        ListState { filters, page: 1, ..self.clone() }
    }
}

impl<F: UrlState> UrlState for ListState<F> {
    fn read(get: &dyn Fn(&str) -> Option<String>) -> Self {
        let default = ListState::<F>::default();
        let number = |key: &'static str| get(key).and_then(|raw| Int(1, u32::MAX).read(key, &raw).ok());
        ListState {
            filters: F::read(get),
            sort: get("sort").and_then(|raw| SortParam.read("sort", &raw).ok()),
            page: number("page").unwrap_or(default.page),
            size: number("size").filter(|s| PAGE_SIZES.contains(s)).unwrap_or(default.size),
        }
    }

    fn write(&self, out: &mut Vec<(&'static str, String)>) {
        self.filters.write(out);
        if let Some(sort) = &self.sort {
            out.push(("sort", sort.to_param()));
        }
        if self.page != 1 {
            out.push(("page", self.page.to_string()));
        }
        if self.size != PAGE_SIZES[0] {
            out.push(("size", self.size.to_string()));
        }
    }
}

/// The current page's state from its URL, and a way to change it (a navigation, so back and
/// forward step through the changes).
pub fn use_url_state<S: UrlState>() -> (Memo<S>, Callback<S>) {
    let query = use_query_map();
    let location = use_location();
    let state = Memo::new(move |_| {
        let q = query.get();
        S::read(&|key| q.get(key))
    });
    let navigate = use_navigate();
    let go = Callback::new(move |next: S| {
        let path = crate::paths::within(&location.pathname.get_untracked());
        let mut q = next.to_query_string();
        // The top bar's workspace stays in the address (a shared link opens the same one).
        if let Some(ws) = query.with_untracked(|m| m.get("ws")) {
            let ws = hilens_model::query::build_query(&[("ws", ws)]);
            q = if q.is_empty() { ws } else { format!("{q}&{ws}") };
        }
        navigate(&if q.is_empty() { path } else { format!("{path}?{q}") }, Default::default());
    });
    (state, go)
}
