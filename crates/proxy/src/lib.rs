//! `hilens-proxy`: the only server a user runs. It serves the built console, answers the
//! console's sign-in, and forwards the catalogue's operations to one upstream, adding
//! credentials that never reach the browser.
//!
//! - `config`: flags, environment and TOML file;
//! - `console`: the static console (SPA fallback, precompressed, cache headers), `/config.json`;
//! - `auth`: `/auth/login`, `/auth/logout`, `/auth/session` in each sign-in mode;
//! - `session`: server-side sessions behind an opaque HttpOnly cookie, in memory or in Redis;
//! - `forward`: `/api/...` → the upstream, for catalogue operations of the caller's project only;
//! - `portal`: the team portal wired in: the caller's role and workspaces, checked before
//!   forwarding (`hilens-portal` holds the logic); `audit`: the audit log's records and view;
//!   `tokens`: API tokens for scripts; `rollouts`: staged roll-outs, planned and driven here;
//! - `credentials`: the service's AK/SK and request signing;
//! - `layers`: what wraps every request (request id, log line, security headers, CORS, the
//!   anti-forgery header, the body limit), as tower layers; `limits`: rate limits;
//! - `upstream`: the embedded emulator or a remote HiLens + IAM, through hyper's client;
//! - `serve`: the listening side on hyper: connections, timeouts, graceful shutdown, TLS with
//!   HTTP/2 or HTTP/1.1 by ALPN;
//! - `log`: where log lines go (`tracing`, JSON or text).

mod audit;
mod auth;
pub mod config;
mod console;
pub mod credentials;
mod forward;
mod layers;
mod limits;
pub mod log;
mod oidc;
mod portal;
mod reply;
mod rollouts;
mod serve;
mod session;
mod tokens;
pub mod upstream;

use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Request};
use axum::response::Response;
use axum::routing::{any, on, MethodFilter, MethodRouter};
use axum::Router;
use hilens_model::console::{is_proxy_path, ConsoleConfig, Route, RouteId, ROUTES};
use hilens_model::error::ErrorCode;
use tower::{ServiceBuilder, ServiceExt};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;

pub use audit::bindings_recorder;
pub use credentials::ServiceKey;
pub use hilens_portal::audit::{Audit, AuditConfig, AuditKey, AuditStore};
pub use hilens_portal::identity::oidc::OidcConfig;
pub use hilens_portal::identity::tokens::Tokens;
pub use hilens_portal::identity::{hash_password, Directory};
pub use hilens_portal::rollouts::RolloutStore;
pub use oidc::Oidc;
pub use portal::auth_method;
pub use rollouts::RolloutsConfig;
pub use serve::{serve, serve_threads, serve_with, TlsFiles};
pub use session::redis::RedisConfig;
pub use upstream::Upstream;
pub use upstream::WebClient;

/// The header every state-changing call from the console carries; a plain cross-site form
/// cannot set it, and a cross-site script cannot without passing CORS.
pub const CONSOLE_HEADER: &str = "x-hilens-console";

/// Who may use the console.
pub enum Access {
    /// IAM users sign in with their own account (user mode; also the local default).
    Iam,
    /// Local accounts of the users file sign in, each with a role; calls are signed with the
    /// service key.
    Users(Arc<Directory>),
    /// Nobody signs in; calls are signed with the service key.
    Open,
    /// An SSO gateway among the trusted proxies says who calls (`X-Forwarded-User`,
    /// `X-Forwarded-Groups`); the roles file binds groups to roles; calls are signed with the
    /// service key.
    Header(Arc<Directory>),
    /// People sign in with an OpenID provider; the roles file binds their groups to roles;
    /// calls are signed with the service key.
    Oidc(Arc<Directory>, Arc<Oidc>),
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
    /// Sessions in Redis, shared by replicas; `None`: in this process's memory.
    pub session_store: Option<RedisConfig>,
    /// The audit log (state-changing calls, refusals, reveals, sign-ins); `None`: off.
    pub audit: Option<Arc<Audit>>,
    /// API tokens (with local users); `None`: no tokens.
    pub tokens: Option<Arc<Tokens>>,
    /// Proxies in front whose `X-Forwarded-*` headers are believed; empty: such headers are
    /// ignored (and `Access::Header` cannot be used).
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Staged roll-outs (their store, the driver's lease); `None`: `/portal/rollouts` answers
    /// 503.
    pub rollouts: Option<RolloutsConfig>,
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
            rate_limit: hilens_model::console::DEFAULT_RATE_LIMIT,
            login_rate_limit: 10,
            idle_timeout: Duration::from_secs(30 * 60),
            request_head_timeout: Duration::from_secs(30),
            session_store: None,
            audit: None,
            tokens: None,
            trusted_proxies: Vec::new(),
            rollouts: None,
        }
    }
}

pub(crate) struct Proxy {
    config: ProxyConfig,
    sessions: session::Sessions,
    api_limit: limits::RateLimiter<limits::Caller>,
    login_limit: limits::RateLimiter<String>,
    grants: portal::FixedGrants,
    /// Wakes this process's roll-out driver (a roll-out was made, resumed or rolled back).
    rollout_wake: rollouts::driver::Wake,
}

/// The whole application: its routes with the proxy's state, inside the layers that wrap
/// every request; `serve` runs it on connections.
#[derive(Clone)]
pub struct App {
    service: AppService,
    request_head_timeout: Duration,
}

/// The routes inside their layers, as one service (boxed once: the layers wrap the router, not
/// each route, so a request pays for one box, not one per route level).
type AppService = tower::util::BoxCloneSyncService<Request, Response, Infallible>;

impl App {
    pub fn new(mut config: ProxyConfig) -> Result<App, String> {
        // `/config.json` says how people sign in here.
        if config.console.sign_in.is_empty() {
            let method = match &config.access {
                Access::Iam => "iam",
                Access::Users(_) => "password",
                Access::Oidc(..) => "oidc",
                Access::Header(_) => "header",
                Access::Open => "none",
            };
            config.console.sign_in = vec![method.to_string()];
        }
        let dist = config.dist.clone();
        let request_head_timeout = config.request_head_timeout;
        let console_csp = layers::console_csp(&dist, &config.console, &config.allow_origins);
        let cors = layers::cors(&config.allow_origins);
        let allow_origins_empty = config.allow_origins.is_empty();
        let trusted = (!config.trusted_proxies.is_empty()).then(|| {
            layers::Check(layers::forwarded_headers(config.trusted_proxies.clone().into(), config.audit.clone()))
        });
        let count_refusals = config
            .audit
            .clone()
            .map(|a| layers::Around { before: |_: &mut Request| (), after: audit::count_refusals(a) });
        let sessions = match &config.session_store {
            Some(redis) => session::Sessions::in_redis(redis, config.idle_timeout)?,
            None => session::Sessions::in_memory(config.idle_timeout),
        };
        let proxy = Arc::new(Proxy {
            sessions,
            api_limit: limits::RateLimiter::new(config.rate_limit),
            login_limit: limits::RateLimiter::new(config.login_rate_limit),
            grants: portal::FixedGrants::default(),
            rollout_wake: rollouts::driver::Wake::default(),
            config,
        });
        rollouts::driver::start(proxy.clone());
        let mut routes = Router::new();
        for route in ROUTES {
            let answer = route_handler(route);
            routes = if route.id == RouteId::Api {
                // `/api`, `/api/` and everything under it: forwarded or refused, never a page.
                let prefix = route.path;
                routes
                    .route(prefix, answer.clone())
                    .route(&format!("{prefix}/"), answer.clone())
                    .route(&format!("{prefix}/{{*path}}"), answer)
            } else {
                routes.route(route.path, answer)
            };
        }
        // Anything else under the proxy's prefixes is a JSON 404; every other path is the
        // console's (its files, or index.html for its client-side routes).
        let console_files = console::static_files(&dist);
        let routes = routes
            .fallback_service(tower::service_fn(move |req: Request| {
                let console_files = console_files.clone();
                async move {
                    if is_proxy_path(req.uri().path()) {
                        return Ok::<_, Infallible>(reply::error(
                            ErrorCode::NoSuchRoute,
                            reply::lang_of(req.headers()),
                            None,
                        ));
                    }
                    console_files.oneshot(req).await
                }
            }))
            .with_state(proxy.clone());
        let [nosniff, referrer, frame] =
            layers::SECURITY_HEADERS.map(|(n, v)| SetResponseHeaderLayer::overriding(n, v));
        let service = ServiceBuilder::new()
            .layer(SetRequestIdLayer::x_request_id(layers::RandomRequestId))
            .layer(layers::Around { before: layers::arrival, after: layers::log_request })
            .layer(PropagateRequestIdLayer::x_request_id())
            .layer(nosniff)
            .layer(referrer)
            .layer(frame)
            // JSON answers: the API's policy; pages: the console's.
            .layer(layers::content_security_policy(console_csp))
            // No origin listed: no CORS layer at all (and no `Vary` on every answer).
            .option_layer((!allow_origins_empty).then_some(cors))
            // Refusals of unknown callers, counted for the audit log (when there is one).
            .option_layer(count_refusals)
            // X-Forwarded-* from trusted proxies only (the client's address taken from them).
            .option_layer(trusted)
            .layer(layers::Check(layers::require_content_length))
            .layer(layers::Check(layers::require_console_header))
            .layer(layers::Check(limits::api_rate_limit(proxy)))
            .layer(layers::Around { before: layers::language, after: layers::body_too_large_as_api_error })
            .map_response(|r: axum::http::Response<_>| r.map(axum::body::Body::new))
            .layer(RequestBodyLimitLayer::new(forward::MAX_BODY_BYTES))
            // The routes read bodies themselves, each with its own limit.
            .layer(DefaultBodyLimit::disable())
            .service(routes);
        Ok(App { service: AppService::new(service), request_head_timeout })
    }
}

/// The handler of each of the proxy's own routes (an exhaustive match: a route of
/// `hilens_model::console::ROUTES` without a handler does not compile), answering the route's
/// methods; any other method is a 405 in the API's error shape.
fn route_handler(route: &Route) -> MethodRouter<Arc<Proxy>> {
    let methods = route
        .methods
        .iter()
        .map(|m| match m {
            hilens_model::Method::Get => MethodFilter::GET,
            hilens_model::Method::Post => MethodFilter::POST,
            hilens_model::Method::Put => MethodFilter::PUT,
            hilens_model::Method::Patch => MethodFilter::PATCH,
            hilens_model::Method::Delete => MethodFilter::DELETE,
        })
        .reduce(MethodFilter::or)
        .unwrap_or(MethodFilter::GET);
    let answer = match route.id {
        // The API answers every method itself (an unknown one is no operation: 404).
        RouteId::Api => return any(portal::api),
        RouteId::Login => on(methods, auth::login),
        RouteId::Logout => on(methods, auth::logout),
        RouteId::Session => on(methods, auth::session),
        RouteId::Config => on(methods, console::config_json),
        RouteId::Health => on(methods, console::healthz),
        RouteId::Ready => on(methods, console::readyz),
        RouteId::Audit => on(methods, audit::audit_log),
        RouteId::Tokens => axum::routing::get(tokens::list).post(tokens::create),
        RouteId::Token => on(methods, tokens::revoke),
        RouteId::AllTokens => on(methods, tokens::list_all),
        RouteId::AnyToken => on(methods, tokens::revoke_any),
        RouteId::OidcLogin => on(methods, oidc::login),
        RouteId::OidcCallback => on(methods, oidc::callback),
        RouteId::Rollouts => axum::routing::get(rollouts::collection).post(rollouts::collection),
        RouteId::Rollout => on(methods, rollouts::one),
        RouteId::RolloutAction => on(methods, rollouts::action),
    };
    answer.fallback(|req: Request| async move {
        reply::error(ErrorCode::MethodNotAllowed, reply::lang_of(req.headers()), None)
    })
}
