//! The proxy's own endpoints: configuration and sign-in.

use hilens_model::console::{
    ConsoleConfig, LoginRequest, SessionInfo, CONFIG_PATH, LOGIN_PATH, LOGOUT_PATH, SESSION_PATH,
};

use super::{get_json, post_empty, post_json, ApiError};

/// `config.json`, beside the console's index.html (under its path prefix).
pub async fn config() -> Result<ConsoleConfig, ApiError> {
    let resp = gloo_net::http::Request::get(&crate::paths::to(CONFIG_PATH))
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    resp.json().await.map_err(|e| ApiError::Network(e.to_string()))
}

pub async fn login(req: &LoginRequest) -> Result<SessionInfo, ApiError> {
    post_json(LOGIN_PATH, req).await
}

pub async fn logout() -> Result<(), ApiError> {
    post_empty(LOGOUT_PATH).await
}

pub async fn session() -> Result<SessionInfo, ApiError> {
    get_json(SESSION_PATH).await
}
