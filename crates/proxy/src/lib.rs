//! `hilens-proxy`: the only server a user runs. It serves the built console, answers the
//! console's sign-in, and forwards the catalogue's operations to one upstream, adding
//! credentials that never reach the browser.
//!
//! - `config`: flags, environment and TOML file;
//! - `console`: the static console (SPA fallback, precompressed, cache headers), `/config.json`;
//! - `auth`: `/auth/login`, `/auth/logout`, `/auth/session` in each sign-in mode;
//! - `session`: server-side sessions behind an opaque HttpOnly cookie;
//! - `forward`: `/api/...` → the upstream, for catalogue operations of the caller's project only;
//! - `credentials`: the service's AK/SK and request signing;
//! - `guard`: CORS, the anti-forgery header, security headers, one log line per request;
//! - `limits`: rate limits;
//! - `upstream`: the embedded emulator or a remote HiLens + IAM; `http1`: the client for a
//!   remote one;
//! - `serve`: the listening side: serving threads, graceful shutdown, TLS.

mod auth;
pub mod config;
mod console;
pub mod credentials;
mod deadline;
mod forward;
mod guard;
mod http1;
mod limits;
pub mod log;
mod reply;
mod serve;
mod session;
pub mod upstream;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{ConnectInfo, Request};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use hilens_model::console::{ConsoleConfig, CONFIG_PATH, LOGIN_PATH, LOGOUT_PATH, SESSION_PATH};
use tower::ServiceExt;

pub use auth::LocalUser;
pub use credentials::ServiceKey;
pub use serve::{serve, serve_threads, TlsFiles};
pub use upstream::Upstream;

/// The header every state-changing call from the console carries; a plain cross-site form
/// cannot set it, and a cross-site script cannot without passing CORS.
pub const CONSOLE_HEADER: &str = "x-hilens-console";

/// Who may use the console.
pub enum Access {
    /// IAM users sign in with their own account (user mode; also the local default).
    Iam,
    /// Local accounts sign in; calls are signed with the service key.
    Users(Vec<LocalUser>),
    /// Nobody signs in; calls are signed with the service key.
    Open,
}

/// Everything the proxy needs to serve.
pub struct ProxyConfig {
    /// The built console (Trunk's `dist/`).
    pub dist: PathBuf,
    pub upstream: Upstream,
    /// What `/config.json` tells the console.
    pub console: ConsoleConfig,
    /// The project name used when an IAM sign-in names no project (the region).
    pub default_project_name: String,
    pub access: Access,
    /// Service mode: the AK/SK that signs every forwarded call.
    pub service_key: Option<ServiceKey>,
    /// Mark the session cookie `Secure` (served over TLS, or behind a TLS terminator).
    pub secure_cookie: bool,
    /// Origins allowed to call the API cross-origin (exact match).
    pub allow_origins: Vec<String>,
    /// Requests per minute per session (or client address).
    pub rate_limit: u32,
    /// Sign-in attempts per minute per user name and per client address.
    pub login_rate_limit: u32,
    pub idle_timeout: Duration,
    /// How long a client has to send a request's head (slow clients tie up connections).
    pub request_head_timeout: Duration,
    /// Print one JSON line per request to standard output.
    pub log_requests: bool,
}

impl ProxyConfig {
    /// A laptop's proxy: IAM sign-in to `upstream`, default limits, no request log.
    pub fn new(dist: PathBuf, upstream: Upstream, console: ConsoleConfig) -> ProxyConfig {
        ProxyConfig {
            dist,
            upstream,
            console,
            default_project_name: "cn-north-4".into(),
            access: Access::Iam,
            service_key: None,
            secure_cookie: false,
            allow_origins: Vec::new(),
            rate_limit: 600,
            login_rate_limit: 10,
            idle_timeout: Duration::from_secs(30 * 60),
            request_head_timeout: Duration::from_secs(30),
            log_requests: false,
        }
    }
}

pub(crate) struct Proxy {
    config: ProxyConfig,
    sessions: session::Sessions,
    api_limit: limits::RateLimiter<limits::Caller>,
    login_limit: limits::RateLimiter<String>,
    security: guard::SecurityHeaders,
}

/// The whole application: the proxy's state and the console's routes. [`App::handle`] serves
/// one request; `serve` runs it on connections.
#[derive(Clone)]
pub struct App {
    proxy: Arc<Proxy>,
    routes: Router,
}

impl App {
    pub fn new(config: ProxyConfig) -> App {
        let dist = config.dist.clone();
        let security = guard::SecurityHeaders::for_console(&dist, &config.console, &config.allow_origins);
        let proxy = Arc::new(Proxy {
            sessions: session::Sessions::new(config.idle_timeout),
            api_limit: limits::RateLimiter::new(config.rate_limit),
            login_limit: limits::RateLimiter::new(config.login_rate_limit),
            security,
            config,
        });
        let routes = Router::new()
            .route(CONFIG_PATH, get(console::config_json))
            .route(LOGIN_PATH, post(auth::login))
            .route(LOGOUT_PATH, post(auth::logout))
            .route(SESSION_PATH, get(auth::session))
            .route("/healthz", get(console::healthz))
            .route("/readyz", get(console::readyz))
            .fallback_service(console::static_files(&dist))
            .with_state(proxy.clone());
        App { proxy, routes }
    }

    /// One request from `client`, inside the guard (CORS, anti-forgery header, security
    /// headers, request id, log line): an API path is forwarded (or refused; never the
    /// console's page), anything else goes to the console's routes. The API path skips the
    /// router: it is nearly every request, and one prefix check is all it needs.
    pub async fn handle(&self, req: Request, client: SocketAddr) -> Response {
        guard::around(&self.proxy, req, |mut req, session| async move {
            if forward::is_api(req.uri().path()) {
                forward::forward(&self.proxy, req, client, session).await
            } else {
                // The routes' handlers read the client's address from the request.
                req.extensions_mut().insert(ConnectInfo(client));
                match self.routes.clone().oneshot(req).await {
                    Ok(resp) => (resp, None),
                    Err(never) => match never {},
                }
            }
        })
        .await
    }
}
