//! The console's router: the address as a signal, links into the console followed in the page,
//! back and forward, and [`use_navigate`] for code. It is ours rather than `leptos_router`'s
//! because the console has one page pattern (sign-in, or a domain's page inside the shell, found
//! by `pages::page_at`), and `leptos_router`'s route matching and nested views cost the main part
//! 46 KB gzip of its 221 (the landing page 294 KB against its 250 KB budget; docs/choices.md,
//! "Our own router"). The names are `leptos_router`'s (`A`, `use_navigate`, `use_location`,
//! `use_query_map`), and so is the rule for which clicks it takes (`on_click`).

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The address as the page shows it: the path (with the console's prefix, see [`crate::paths`])
/// and the query (without its `?`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Address {
    path: String,
    query: String,
}

impl Address {
    fn of_window() -> Address {
        let location = window().location();
        Address {
            path: location.pathname().unwrap_or_default(),
            query: location.search().unwrap_or_default().trim_start_matches('?').to_string(),
        }
    }
}

/// The router's state, shared through the context: the address, and its parts as memos made
/// once, with the router (a page's effect that runs once more as the page goes still finds them).
#[derive(Clone, Copy)]
struct Current {
    address: RwSignal<Address>,
    location: Location,
    query: Memo<ParamsMap>,
}

fn current() -> Current {
    use_context::<Current>().expect("the console's router is set up (router::Router or AppRoutes) before its hooks")
}

/// Starts following the address: back and forward, and clicks on links into the console.
pub fn provide_router() {
    let address = RwSignal::new(Address::of_window());
    let location = Location {
        pathname: Memo::new(move |_| address.with(|a| a.path.clone())),
        search: Memo::new(move |_| address.with(|a| a.query.clone())),
    };
    let query =
        Memo::new(move |_| address.with(|a| ParamsMap(hilens_model::query::parse_query(&a.query).unwrap_or_default())));
    let current = Current { address, location, query };
    provide_context(current);
    let back_or_forward =
        window_event_listener(leptos::ev::popstate, move |_| current.address.set(Address::of_window()));
    let link = window_event_listener(leptos::ev::click, move |ev| on_click(&ev, current));
    on_cleanup(move || {
        back_or_forward.remove();
        link.remove();
    });
}

/// Sets the router up for its children (component tests; the console's `AppRoutes` calls
/// [`provide_router`] itself).
#[component]
pub fn Router(children: Children) -> impl IntoView {
    provide_router();
    children()
}

/// A click on a link into the console is followed in the page. The browser keeps every other
/// click: one already handled, not the main button or with a modifier (a new tab or window), a
/// link with a target, a download or `rel="external"`, another origin, a path outside the
/// console's prefix, or a jump within this page (`#main`).
fn on_click(ev: &web_sys::MouseEvent, current: Current) {
    if ev.default_prevented() || ev.button() != 0 || ev.meta_key() || ev.alt_key() || ev.ctrl_key() || ev.shift_key() {
        return;
    }
    let Some(link) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest("a[href]").ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    else {
        return;
    };
    let rel_external = link.get_attribute("rel").is_some_and(|rel| rel.split_whitespace().any(|r| r == "external"));
    if !link.target().is_empty() || link.has_attribute("download") || rel_external {
        return;
    }
    let Ok(url) = web_sys::Url::new(&link.href()) else { return };
    let here = window().location();
    if url.origin() != here.origin().unwrap_or_default() || !crate::paths::is_within(&url.pathname()) {
        return;
    }
    let same_page =
        url.pathname() == here.pathname().unwrap_or_default() && url.search() == here.search().unwrap_or_default();
    if same_page && !url.hash().is_empty() {
        return;
    }
    ev.prevent_default();
    go(current, &format!("{}{}{}", url.pathname(), url.search(), url.hash()), false);
}

/// Moves to `href` (a path under the prefix, with its query): a new history entry, or in place of
/// this one (`replace`, or when it is the address already). A new page starts at its top.
fn go(current: Current, href: &str, replace: bool) {
    let Ok(history) = window().history() else { return };
    let before = current.address.get_untracked();
    let same = window()
        .location()
        .href()
        .is_ok_and(|now| web_sys::Url::new_with_base(href, &now).is_ok_and(|to| to.href() == now));
    let moved = if replace || same {
        history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href))
    } else {
        history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href))
    };
    if moved.is_err() {
        return;
    }
    let after = Address::of_window();
    if after.path != before.path {
        window().scroll_to_with_x_and_y(0.0, 0.0);
    }
    current.address.set(after);
}

/// How [`use_navigate`]'s function moves.
#[derive(Clone, Debug, Default)]
pub struct NavigateOptions {
    /// In place of the current history entry (Back skips it).
    pub replace: bool,
}

/// A function that goes to a console path (`/skills?page=2`; the prefix is added).
pub fn use_navigate() -> impl Fn(&str, NavigateOptions) + Clone + Send + Sync + 'static {
    let current = current();
    move |to: &str, options: NavigateOptions| {
        let href = if to.starts_with('/') { crate::paths::to(to) } else { to.to_string() };
        go(current, &href, options.replace)
    }
}

/// The address, as signals.
#[derive(Clone, Copy)]
pub struct Location {
    /// The path, with the console's prefix ([`crate::paths::within`] takes it off).
    pub pathname: Memo<String>,
    /// The query, without its `?`.
    pub search: Memo<String>,
}

pub fn use_location() -> Location {
    current().location
}

/// A query's parameters, decoded, in their order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParamsMap(Vec<(String, String)>);

impl ParamsMap {
    /// The first value of `key`.
    pub fn get(&self, key: &str) -> Option<String> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
    }
}

impl IntoIterator for ParamsMap {
    type Item = (String, String);
    type IntoIter = std::vec::IntoIter<(String, String)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// The address's query parameters (a query that does not decode counts as none).
pub fn use_query_map() -> Memo<ParamsMap> {
    current().query
}

/// What a link's `href` can be given as: a text, or a function that makes it (read as the
/// address changes).
pub trait ToHref {
    fn into_href_fn(self) -> Arc<dyn Fn() -> String + Send + Sync>;
}

impl ToHref for String {
    fn into_href_fn(self) -> Arc<dyn Fn() -> String + Send + Sync> {
        Arc::new(move || self.clone())
    }
}

impl ToHref for &'static str {
    fn into_href_fn(self) -> Arc<dyn Fn() -> String + Send + Sync> {
        Arc::new(move || self.to_string())
    }
}

impl<F: Fn() -> String + Send + Sync + 'static> ToHref for F {
    fn into_href_fn(self) -> Arc<dyn Fn() -> String + Send + Sync> {
        Arc::new(self)
    }
}

/// A link into the console (`href` with the prefix: [`crate::paths::to`]), marked
/// `aria-current="page"` where the address is: at its path, or `exact`ly there only. Its `href`
/// is a reference-counted memo, not one in the page's arena: a move away notifies the link's
/// `aria-current` before the page that holds it is gone, and an arena value would be gone first.
#[component]
pub fn A<H: ToHref>(href: H, #[prop(optional)] exact: bool, children: Children) -> impl IntoView {
    let current = current();
    let make = href.into_href_fn();
    let href = ArcMemo::new(move |_| make());
    let path = href.clone();
    let here = move || {
        let at_path = path.with(|h| h.split(['?', '#']).next().unwrap_or_default().to_string());
        current.address.with(|a| is_current(&a.path, &at_path, exact))
    };
    view! {
        <a href=move || href.get() aria-current=move || here().then_some("page")>
            {children()}
        </a>
    }
}

/// Whether a link to `path` is where the address `at` is: the same path, or (unless `exact`) a
/// path under it (`/devices` at `/devices/n1`, not at `/devices-old`).
pub fn is_current(at: &str, path: &str, exact: bool) -> bool {
    let path = path.trim_end_matches('/');
    let at = at.trim_end_matches('/');
    at == path || (!exact && at.strip_prefix(path).is_some_and(|rest| rest.starts_with('/')))
}
