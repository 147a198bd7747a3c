//! Live data: something read again every so often while the tab is visible (device state,
//! upgrade progress, deployment roll-outs). A hidden tab makes no calls; coming back refreshes
//! at once and resumes. Intervals should stay well inside the proxy's per-session rate limit.

use std::time::Duration;

use leptos::prelude::*;

/// Whether the page is visible now (`document.visibilityState`).
pub fn page_visible() -> bool {
    document().visibility_state() == web_sys::VisibilityState::Visible
}

/// Runs `refresh` every `every` while the tab is visible, and at once when it becomes visible
/// again; stops when the calling view goes away.
pub fn use_poll(every: Duration, refresh: impl Fn() + Clone + 'static) {
    let tick = refresh.clone();
    let timer = set_interval_with_handle(
        move || {
            if page_visible() {
                tick();
            }
        },
        every,
    )
    .ok();
    let visibility = window_event_listener_untyped("visibilitychange", move |_| {
        if page_visible() {
            refresh();
        }
    });
    on_cleanup(move || {
        if let Some(timer) = timer {
            timer.clear();
        }
        visibility.remove();
    });
}
