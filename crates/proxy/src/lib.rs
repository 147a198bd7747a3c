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
//! - `upstream`: the embedded emulator or a remote HiLens + IAM.

mod auth;
pub mod config;
mod console;
pub mod credentials;
mod forward;
mod guard;
mod limits;
pub mod log;
mod reply;
mod session;
pub mod upstream;

use std::future::Future;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::middleware;
use axum::routing::{any, get, post};
use axum::serve::ListenerExt;
use axum::Router;
use hilens_model::console::{ConsoleConfig, API_PREFIX, CONFIG_PATH, LOGIN_PATH, LOGOUT_PATH, SESSION_PATH};

pub use auth::LocalUser;
pub use credentials::ServiceKey;
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

pub fn router(config: ProxyConfig) -> Router {
    let dist = config.dist.clone();
    let security = guard::SecurityHeaders::for_console(&dist, &config.console, &config.allow_origins);
    let proxy = Arc::new(Proxy {
        sessions: session::Sessions::new(config.idle_timeout),
        api_limit: limits::RateLimiter::new(config.rate_limit),
        login_limit: limits::RateLimiter::new(config.login_rate_limit),
        security,
        config,
    });
    Router::new()
        .route(CONFIG_PATH, get(console::config_json))
        .route(LOGIN_PATH, post(auth::login))
        .route(LOGOUT_PATH, post(auth::logout))
        .route(SESSION_PATH, get(auth::session))
        .route("/healthz", get(console::healthz))
        .route("/readyz", get(console::readyz))
        .route(&format!("{API_PREFIX}/{{*path}}"), any(forward::forward))
        // `/api` and `/api/` are API paths too (unknown ones): never the console's fallback page.
        .route(API_PREFIX, any(forward::forward))
        .route(&format!("{API_PREFIX}/"), any(forward::forward))
        .fallback_service(console::static_files(&dist))
        .layer(middleware::from_fn_with_state(proxy.clone(), guard::around))
        .with_state(proxy)
}

/// Serves `config` over TLS on `listener`, on the current runtime, until `shutdown` resolves;
/// requests in flight finish first (within 30 s).
pub async fn serve_tls(
    listener: std::net::TcpListener,
    config: ProxyConfig,
    cert: &Path,
    key: &Path,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), String> {
    let tls = load_tls(cert, key).await?;
    serve_tls_app(listener, router(config), tls, shutdown).await
}

/// Serves `config` on `listener`, on the current runtime, until `shutdown` resolves; requests
/// in flight finish first.
pub async fn serve(
    listener: tokio::net::TcpListener,
    config: ProxyConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_app(listener, router(config), shutdown).await
}

/// The certificate and key for HTTPS (`--tls-cert`, `--tls-key`).
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// Serves `config` on `listener` with `threads` threads, each with a single-threaded runtime
/// of its own (and, for a remote upstream, its own pool of upstream connections): a connection
/// is served start to end by the thread that accepted it, so a forwarded call never waits for
/// or wakes another thread. Sessions and rate limits are shared. Returns once `shutdown` has
/// resolved and every thread has finished its requests in flight, or when a thread fails.
pub async fn serve_threads(
    listener: std::net::TcpListener,
    config: ProxyConfig,
    threads: usize,
    tls: Option<&TlsFiles>,
    shutdown: impl Future<Output = ()>,
) -> Result<(), String> {
    let tls = match tls {
        Some(files) => Some(load_tls(&files.cert, &files.key).await?),
        None => None,
    };
    let app = router(config);
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let (finished, mut results) = tokio::sync::mpsc::unbounded_channel();
    let threads = threads.max(1);
    for i in 0..threads {
        let listener = listener.try_clone().map_err(|e| format!("cannot share the listener: {e}"))?;
        let (app, tls, mut stopped, finished) = (app.clone(), tls.clone(), stopped.clone(), finished.clone());
        let worker = move || {
            let served = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
                Ok(runtime) => runtime.block_on(async move {
                    let stop = async move {
                        let _ = stopped.wait_for(|s| *s).await;
                    };
                    match tls {
                        Some(tls) => serve_tls_app(listener, app, tls, stop).await,
                        None => match tokio::net::TcpListener::from_std(listener) {
                            Ok(listener) => serve_app(listener, app, stop).await.map_err(|e| e.to_string()),
                            Err(e) => Err(e.to_string()),
                        },
                    }
                }),
                Err(e) => Err(format!("cannot start a runtime: {e}")),
            };
            let _ = finished.send(served);
        };
        std::thread::Builder::new()
            .name(format!("hilens-proxy-{i}"))
            .spawn(worker)
            .map_err(|e| format!("cannot start a thread: {e}"))?;
    }
    drop(finished);
    // Until the signal, or until a thread fails (then the others stop too).
    let mut received = 0;
    let mut outcome = Ok(());
    tokio::select! {
        _ = shutdown => {}
        Some(first) = results.recv() => {
            received += 1;
            outcome = first;
        }
    }
    let _ = stop.send(true);
    while received < threads {
        let Some(result) = results.recv().await else { break };
        received += 1;
        outcome = outcome.and(result);
    }
    outcome
}

async fn load_tls(cert: &Path, key: &Path) -> Result<axum_server::tls_rustls::RustlsConfig, String> {
    // One process-wide provider: ring, as the upstream client uses. A second install is harmless.
    let _ = rustls::crypto::ring::default_provider().install_default();
    axum_server::tls_rustls::RustlsConfig::from_pem_file(cert, key)
        .await
        .map_err(|e| format!("TLS certificate {} / key {}: {e}", cert.display(), key.display()))
}

async fn serve_tls_app(
    listener: std::net::TcpListener,
    app: Router,
    tls: axum_server::tls_rustls::RustlsConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), String> {
    let handle = axum_server::Handle::new();
    let stopper = handle.clone();
    tokio::spawn(async move {
        shutdown.await;
        stopper.graceful_shutdown(Some(Duration::from_secs(30)));
    });
    let app = app.into_make_service_with_connect_info::<SocketAddr>();
    axum_server::from_tcp_rustls(listener, tls).handle(handle).serve(app).await.map_err(|e| e.to_string())
}

async fn serve_app(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = app.into_make_service_with_connect_info::<SocketAddr>();
    // Answers go out as soon as they are written, as nginx does on keep-alive connections.
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    axum::serve(listener, app).with_graceful_shutdown(shutdown).await
}
