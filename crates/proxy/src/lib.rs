//! `hilens-proxy`: the only server a user runs. It serves the built console, answers the
//! console's sign-in, and forwards the catalogue's operations to one upstream, adding
//! credentials that never reach the browser.
//!
//! - `console`: the static console with SPA fallback, and `/config.json`;
//! - `auth`: `/auth/login`, `/auth/logout`, `/auth/session`;
//! - `session`: the server-side sessions behind an opaque HttpOnly cookie;
//! - `forward`: `/api/...` → the upstream, for catalogue operations only;
//! - `upstream`: where requests go (the embedded emulator, in-process).

mod auth;
mod console;
mod forward;
mod reply;
mod session;
pub mod upstream;

use std::path::PathBuf;
use std::sync::Arc;

use axum::routing::{any, get, post};
use axum::Router;
use hilens_model::console::{ConsoleConfig, API_PREFIX, CONFIG_PATH, LOGIN_PATH, LOGOUT_PATH, SESSION_PATH};

pub use upstream::Upstream;

/// Everything the proxy needs to serve.
pub struct ProxyConfig {
    /// The built console (Trunk's `dist/`).
    pub dist: PathBuf,
    pub upstream: Upstream,
    /// What `/config.json` tells the console.
    pub console: ConsoleConfig,
    /// The project name used when a sign-in names no project (the region).
    pub default_project_name: String,
}

pub(crate) struct Proxy {
    config: ProxyConfig,
    sessions: session::Sessions,
}

pub fn router(config: ProxyConfig) -> Router {
    let dist = config.dist.clone();
    let proxy = Arc::new(Proxy { config, sessions: session::Sessions::default() });
    Router::new()
        .route(CONFIG_PATH, get(console::config_json))
        .route(LOGIN_PATH, post(auth::login))
        .route(LOGOUT_PATH, post(auth::logout))
        .route(SESSION_PATH, get(auth::session))
        .route(&format!("{API_PREFIX}/{{*path}}"), any(forward::forward))
        // `/api` and `/api/` are API paths too (unknown ones): never the console's fallback page.
        .route(API_PREFIX, any(forward::forward))
        .route(&format!("{API_PREFIX}/"), any(forward::forward))
        .with_state(proxy)
        .fallback_service(console::static_files(&dist))
}
