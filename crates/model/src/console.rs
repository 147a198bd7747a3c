//! What the console and the proxy say to each other, outside the HiLens API itself:
//! `/config.json`, sign-in, and the session the proxy keeps for the browser.

use serde::{Deserialize, Serialize};

/// Where the console's API calls go, relative to the console's own origin or absolute.
pub const API_PREFIX: &str = "/api";
pub const LOGIN_PATH: &str = "/auth/login";
pub const LOGOUT_PATH: &str = "/auth/logout";
pub const SESSION_PATH: &str = "/auth/session";
pub const CONFIG_PATH: &str = "/config.json";
pub const SESSION_COOKIE: &str = "hilens_session";

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

/// What the browser may know of its session: never the token.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub domain: String,
    pub user: String,
    pub project_id: String,
    pub project_name: String,
    pub expires_at: String,
}
