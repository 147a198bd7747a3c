//! Where the console lives: at the root of the proxy, or under a path prefix on any static host
//! (built with `trunk build --public-url /prefix/`, which writes `<base href="/prefix/">`). The
//! router (`crate::router`) is given console paths by code (`use_navigate`: `/skills`) and adds
//! the prefix, but `<A href>` is written as it is given, so links and files beside index.html
//! (`config.json`) go through [`to`]; [`within`] turns the location back into a console path.

use std::cell::RefCell;

thread_local! {
    static BASE: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The prefix without its trailing `/` ("" at the root), read once from `<base href>`.
pub fn base() -> String {
    BASE.with(|b| {
        b.borrow_mut()
            .get_or_insert_with(|| {
                let uri = web_sys::window().and_then(|w| w.document()).and_then(|d| d.base_uri().ok().flatten());
                let path = uri.and_then(|u| web_sys::Url::new(&u).ok()).map(|u| u.pathname()).unwrap_or_default();
                path.trim_end_matches('/').to_string()
            })
            .clone()
    })
}

/// A console path (`/skills?page=2`) as a URL path under the prefix.
pub fn to(path: &str) -> String {
    format!("{}{path}", base())
}

/// The console path of a URL path: the prefix taken off (a path outside it stays as it is).
pub fn within(pathname: &str) -> String {
    let base = base();
    match pathname.strip_prefix(&base) {
        Some(rest) if !base.is_empty() && (rest.is_empty() || rest.starts_with('/')) => rest.to_string(),
        _ => pathname.to_string(),
    }
}

/// Whether a URL path lies under the console's prefix (every path does at the root).
pub fn is_within(pathname: &str) -> bool {
    let base = base();
    base.is_empty() || pathname.strip_prefix(&base).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}
