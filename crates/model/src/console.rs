//! What the console and the proxy say to each other, outside the HiLens API itself:
//! `/config.json`, sign-in, the session the proxy keeps for the browser, and [`ROUTES`], every
//! path the proxy answers itself.

use serde::{Deserialize, Serialize};

use crate::catalogue::Method;

/// Where the console's API calls go, relative to the console's own origin or absolute.
pub const API_PREFIX: &str = "/api";
/// The caller's own session (and, to come, tokens): JSON only, never a console page.
pub const AUTH_PREFIX: &str = "/auth";
/// The portal's JSON views (audit, admin views): never a console page.
pub const PORTAL_PREFIX: &str = "/portal";
pub const LOGIN_PATH: &str = "/auth/login";
pub const LOGOUT_PATH: &str = "/auth/logout";
pub const SESSION_PATH: &str = "/auth/session";
pub const CONFIG_PATH: &str = "/config.json";
pub const HEALTH_PATH: &str = "/healthz";
pub const READY_PATH: &str = "/readyz";
/// The audit log (`hilens_model::portal::AuditQuery`, answered with an `AuditPage` or CSV).
pub const AUDIT_PATH: &str = "/portal/audit";
/// The caller's API tokens: create, list (`hilens_model::portal`).
pub const TOKENS_PATH: &str = "/auth/tokens";
/// One of the caller's API tokens: revoke.
pub const TOKEN_PATH: &str = "/auth/tokens/{id}";
/// Everyone's API tokens (admins: `tokens:admin`).
pub const ALL_TOKENS_PATH: &str = "/portal/tokens";
pub const ANY_TOKEN_PATH: &str = "/portal/tokens/{id}";
/// Staged roll-outs (`hilens_model::rollouts`): create (`?dry_run=1` for the plan), list.
pub const ROLLOUTS_PATH: &str = "/portal/rollouts";
/// One roll-out: its waves, devices and timeline.
pub const ROLLOUT_PATH: &str = "/portal/rollouts/{id}";
/// What a person asks of a roll-out: `pause`, `resume`, `promote`, `abort`, `rollback`.
pub const ROLLOUT_ACTION_PATH: &str = "/portal/rollouts/{id}/{action}";
/// Sign-in with the OpenID provider: sends the browser there (`?next=/path` to come back to).
pub const OIDC_LOGIN_PATH: &str = "/auth/oidc/login";
/// Where the OpenID provider sends the browser back.
pub const OIDC_CALLBACK_PATH: &str = "/auth/oidc/callback";
pub const SESSION_COOKIE: &str = "hilens_session";

/// A route the proxy answers itself, by what code names it; the router gives each one its
/// handler with an exhaustive match, so a route without a handler does not compile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RouteId {
    Api,
    Login,
    Logout,
    Session,
    Config,
    Health,
    Ready,
    Audit,
    Tokens,
    Token,
    AllTokens,
    AnyToken,
    OidcLogin,
    OidcCallback,
    Rollouts,
    Rollout,
    RolloutAction,
}

/// One of the proxy's own routes. Everything the proxy answers itself is JSON; any other path
/// is a console page (the console's files, `index.html` for client-side routes).
#[derive(Debug, PartialEq, Eq)]
pub struct Route {
    pub id: RouteId,
    /// How log lines name it (no path parameters, so nothing private).
    pub name: &'static str,
    /// The exact path, or a template with `{name}` segments; the API's also covers every path
    /// under it.
    pub path: &'static str,
    /// What it answers; any other method gets 405 in the API's error shape.
    pub methods: &'static [Method],
    /// Counted by the API's rate limit (per session, or per address when nobody signs in).
    /// Sign-in attempts have a limit of their own.
    pub rate_limited: bool,
    /// Answers a browser's navigation with a redirect (the OpenID sign-in) rather than JSON;
    /// its errors are JSON still.
    pub redirects: bool,
}

const ALL_METHODS: &[Method] = &[Method::Get, Method::Post, Method::Put, Method::Patch, Method::Delete];

/// Every route the proxy answers itself, in [`RouteId`]'s order. The router, the log's route names, the choice of
/// Content-Security-Policy, the anti-forgery check (a state-changing call to any of these
/// needs the console's header) and the API's rate limit all read this list.
pub static ROUTES: &[Route] = &[
    Route {
        id: RouteId::Api,
        name: "api",
        path: API_PREFIX,
        methods: ALL_METHODS,
        rate_limited: true,
        redirects: false,
    },
    Route {
        id: RouteId::Login,
        name: "login",
        path: LOGIN_PATH,
        methods: &[Method::Post],
        rate_limited: false,
        redirects: false,
    },
    Route {
        id: RouteId::Logout,
        name: "logout",
        path: LOGOUT_PATH,
        methods: &[Method::Post],
        rate_limited: false,
        redirects: false,
    },
    Route {
        id: RouteId::Session,
        name: "session",
        path: SESSION_PATH,
        methods: &[Method::Get],
        rate_limited: false,
        redirects: false,
    },
    Route {
        id: RouteId::Config,
        name: "config",
        path: CONFIG_PATH,
        methods: &[Method::Get],
        rate_limited: false,
        redirects: false,
    },
    Route {
        id: RouteId::Health,
        name: "healthz",
        path: HEALTH_PATH,
        methods: &[Method::Get],
        rate_limited: false,
        redirects: false,
    },
    Route {
        id: RouteId::Ready,
        name: "readyz",
        path: READY_PATH,
        methods: &[Method::Get],
        rate_limited: false,
        redirects: false,
    },
    Route {
        id: RouteId::Audit,
        name: "audit",
        path: AUDIT_PATH,
        methods: &[Method::Get],
        rate_limited: true,
        redirects: false,
    },
    Route {
        id: RouteId::Tokens,
        name: "tokens",
        path: TOKENS_PATH,
        methods: &[Method::Get, Method::Post],
        rate_limited: true,
        redirects: false,
    },
    Route {
        id: RouteId::Token,
        name: "token",
        path: TOKEN_PATH,
        methods: &[Method::Delete],
        rate_limited: true,
        redirects: false,
    },
    Route {
        id: RouteId::AllTokens,
        name: "all_tokens",
        path: ALL_TOKENS_PATH,
        methods: &[Method::Get],
        rate_limited: true,
        redirects: false,
    },
    Route {
        id: RouteId::AnyToken,
        name: "any_token",
        path: ANY_TOKEN_PATH,
        methods: &[Method::Delete],
        rate_limited: true,
        redirects: false,
    },
    Route {
        id: RouteId::OidcLogin,
        name: "oidc_login",
        path: OIDC_LOGIN_PATH,
        methods: &[Method::Get],
        rate_limited: false,
        redirects: true,
    },
    Route {
        id: RouteId::OidcCallback,
        name: "oidc_callback",
        path: OIDC_CALLBACK_PATH,
        methods: &[Method::Get],
        rate_limited: false,
        redirects: true,
    },
    Route {
        id: RouteId::Rollouts,
        name: "rollouts",
        path: ROLLOUTS_PATH,
        methods: &[Method::Get, Method::Post],
        rate_limited: true,
        redirects: false,
    },
    Route {
        id: RouteId::Rollout,
        name: "rollout",
        path: ROLLOUT_PATH,
        methods: &[Method::Get],
        rate_limited: true,
        redirects: false,
    },
    Route {
        id: RouteId::RolloutAction,
        name: "rollout_action",
        path: ROLLOUT_ACTION_PATH,
        methods: &[Method::Post],
        rate_limited: true,
        redirects: false,
    },
];

/// Prefixes that belong to the proxy as a whole: a path under one of them that is no route is
/// a JSON 404, never a console page (so a console page can never be named like them).
pub const PROXY_PREFIXES: [&str; 3] = [API_PREFIX, AUTH_PREFIX, PORTAL_PREFIX];

impl Route {
    /// The route that answers `path` (without its query string), if the proxy answers it itself.
    pub fn of_path(path: &str) -> Option<&'static Route> {
        ROUTES.iter().find(|r| r.matches(path))
    }

    /// The entry of `id` ([`ROUTES`] is in [`RouteId`]'s order).
    pub fn get(id: RouteId) -> &'static Route {
        &ROUTES[id as usize]
    }

    /// Whether `path` is this route's: segment by segment, `{name}` standing for one non-empty
    /// segment; the API's route also takes every path under it.
    pub fn matches(&self, path: &str) -> bool {
        if self.id == RouteId::Api {
            return under(path, self.path);
        }
        if !self.path.contains('{') {
            return path == self.path;
        }
        let mut got = path.split('/');
        for want in self.path.split('/') {
            match got.next() {
                Some(seg) if want.starts_with('{') => {
                    if seg.is_empty() {
                        return false;
                    }
                }
                Some(seg) if seg == want => {}
                _ => return false,
            }
        }
        got.next().is_none()
    }

    pub fn allows(&self, method: Method) -> bool {
        self.methods.contains(&method)
    }
}

/// Whether `path` is `prefix` or under it (`/api`, `/api/`, `/api/x`; not `/apix`).
fn under(path: &str, prefix: &str) -> bool {
    path.strip_prefix(prefix).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Whether `path` belongs to the proxy (one of [`PROXY_PREFIXES`], or a route of its own):
/// such a path answers JSON, never a console page.
pub fn is_proxy_path(path: &str) -> bool {
    PROXY_PREFIXES.iter().any(|p| under(path, p)) || Route::of_path(path).is_some()
}

/// `/config.json`: tells a console, wherever it is hosted, where its proxy is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleConfig {
    /// Base URL of the proxy ("" for the console's own origin).
    #[serde(default)]
    pub proxy_base: String,
    /// `local` (the embedded emulator) or `cloud`.
    #[serde(default)]
    pub mode: String,
    /// The demo account the sign-in page offers in local mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demo: Option<LoginRequest>,
    /// How people sign in here: `iam` (an IAM account's password), `password` (a local
    /// account), `oidc` (the identity provider, at `/auth/oidc/login`), `header` (an SSO
    /// gateway in front), `none` (nobody signs in).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sign_in: Vec<String>,
    /// API calls a session may make per minute (the proxy's rate limit); 0 when not said, and
    /// then [`DEFAULT_RATE_LIMIT`] is assumed.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub rate_limit: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// The proxy's API calls per minute per session unless configured otherwise.
pub const DEFAULT_RATE_LIMIT: u32 = 600;

/// The share of a session's rate limit one live view may spend: a tenth, so that the same view
/// open in a few tabs and the person's own clicks still fit inside the limit.
pub const LIVE_SHARE: u32 = 10;

/// How many seconds a live view making `calls` API calls a round waits between rounds, so that
/// it spends at most [`LIVE_SHARE`] of `rate_limit` (calls per minute, 0: the default), and
/// never less than `floor` seconds.
pub fn live_interval_secs(calls: u32, rate_limit: u32, floor: u64) -> u64 {
    let limit = if rate_limit == 0 { DEFAULT_RATE_LIMIT } else { rate_limit };
    let budget_per_minute = u64::from((limit / LIVE_SHARE).max(1));
    (u64::from(calls) * 60).div_ceil(budget_per_minute).max(floor)
}

/// `POST /auth/login`: an IAM password sign-in; `project` (an id or a name) is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginRequest {
    pub domain: String,
    pub user: String,
    pub password: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
}

/// What the browser may know of its session: never the token. Role, workspaces and
/// permissions are the caller's at the moment of asking (the proxy resolves them on every
/// request from its current users and roles files; a session never freezes them).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub domain: String,
    pub user: String,
    pub project_id: String,
    pub project_name: String,
    pub expires_at: String,
    /// How the caller signed in: `iam`, `users` (a local account), `header` (an SSO gateway's
    /// headers), `token` (an API token) or `none` (nobody signs in).
    #[serde(default)]
    pub auth_method: String,
    /// The caller's role: a built-in one (`viewer`, `operator`, `admin`), one of the roles
    /// file, `iam` (IAM decides; every permission here) or `anonymous` (`none` mode).
    #[serde(default)]
    pub role: String,
    /// The workspaces the caller is limited to; absent: every workspace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workspaces: Option<Vec<String>>,
    /// Every permission the caller has (`devices:read`, ...; `Permission::name`).
    #[serde(default)]
    pub permissions: Vec<String>,
    /// The caller's groups, as the SSO gateway (`header`) gave them; their roles come from the
    /// roles file's bindings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_live_view_spends_a_tenth_of_the_rate_limit_at_most() {
        use super::live_interval_secs;
        // 20 calls a round against 600 a minute: 60 a minute for the view, a round each 20 s.
        assert_eq!(live_interval_secs(20, 600, 0), 20);
        assert_eq!(live_interval_secs(20, 600, 30), 30, "never faster than the floor");
        assert_eq!(live_interval_secs(20, 0, 0), 20, "unsaid is the default");
        // A strict proxy (60 a minute): 6 a minute for the view, 20 calls every 200 s.
        assert_eq!(live_interval_secs(20, 60, 30), 200);
        assert_eq!(live_interval_secs(20, 5, 0), 1200, "a limit under the share still counts one a minute");
    }

    use super::*;

    #[test]
    fn routes_match_their_paths_exactly_and_the_api_everything_under_it() {
        for (path, id) in [
            ("/api", Some(RouteId::Api)),
            ("/api/", Some(RouteId::Api)),
            ("/api/v1/skill-market/skills", Some(RouteId::Api)),
            ("/apix", None),
            ("/auth/login", Some(RouteId::Login)),
            ("/auth/loginx", None),
            ("/auth/login/", None),
            ("/config.json", Some(RouteId::Config)),
            ("/healthz", Some(RouteId::Health)),
            ("/skills", None),
        ] {
            assert_eq!(Route::of_path(path).map(|r| r.id), id, "{path}");
        }
        assert!(is_proxy_path("/auth/nothing") && is_proxy_path("/portal") && is_proxy_path("/portal/x"));
        assert!(!is_proxy_path("/portalx") && !is_proxy_path("/access") && !is_proxy_path("/audit"));
    }

    #[test]
    fn templates_take_one_segment_per_parameter() {
        let r = Route::get(RouteId::Token);
        assert_eq!(Route::of_path("/auth/tokens/abc").map(|r| r.id), Some(RouteId::Token));
        assert_eq!(Route::of_path("/auth/tokens").map(|r| r.id), Some(RouteId::Tokens));
        assert!(r.matches("/auth/tokens/abc"));
        assert!(!r.matches("/auth/tokens/"));
        assert!(!r.matches("/auth/tokens"));
        assert!(!r.matches("/auth/tokens/abc/def"));
        assert_eq!(Route::of_path("/portal/rollouts").map(|r| r.id), Some(RouteId::Rollouts));
        assert_eq!(Route::of_path("/portal/rollouts/ro-1").map(|r| r.id), Some(RouteId::Rollout));
        assert_eq!(Route::of_path("/portal/rollouts/ro-1/pause").map(|r| r.id), Some(RouteId::RolloutAction));
        assert_eq!(Route::of_path("/portal/rollouts/ro-1/pause/x").map(|r| r.id), None);
    }

    #[test]
    fn every_route_is_listed_once_under_a_proxy_prefix_or_at_the_root() {
        for (i, r) in ROUTES.iter().enumerate() {
            assert_eq!(Route::get(r.id), r);
            assert!(ROUTES[..i].iter().all(|o| o.id != r.id && o.name != r.name && o.path != r.path), "{}", r.name);
            let top_level = r.path.matches('/').count() == 1;
            assert!(top_level || PROXY_PREFIXES.iter().any(|p| under(r.path, p)), "{}", r.path);
            assert!(!r.methods.is_empty(), "{}", r.name);
        }
    }
}
