//! The proxy's own endpoints: configuration and sign-in.

use hilens_model::console::{
    ConsoleConfig, LoginRequest, SessionInfo, CONFIG_PATH, LOGIN_PATH, LOGOUT_PATH, SESSION_PATH,
};

use gloo_net::http::Response;
use wasm_bindgen::JsCast;

use super::{get_json, post_empty, post_json, read_answer, ApiError};

/// `config.json`, beside the console's index.html (under its path prefix).
pub async fn config() -> Result<ConsoleConfig, ApiError> {
    let resp = match boot_answer("config").await {
        Some(resp) => resp,
        None => gloo_net::http::Request::get(&crate::paths::to(CONFIG_PATH))
            .send()
            .await
            .map_err(|e| ApiError::Network(e.to_string()))?,
    };
    resp.json().await.map_err(|e| ApiError::Network(e.to_string()))
}

pub async fn login(req: &LoginRequest) -> Result<SessionInfo, ApiError> {
    post_json(LOGIN_PATH, req).await
}

pub async fn logout() -> Result<(), ApiError> {
    post_empty(LOGOUT_PATH).await
}

pub async fn session() -> Result<SessionInfo, ApiError> {
    match boot_answer("session").await {
        Some(resp) => read_answer(resp).await,
        None => get_json(SESSION_PATH).await,
    }
}

/// An answer index.html's loader asked for while the wasm was on its way (`window.hilensBoot`,
/// written by scripts/name-parts.mjs: `config` and `session`), so that a cold page does not
/// wait for them after its wasm. Each is taken once; later calls ask the proxy again. `None`
/// when there is none (component tests, a second look) or it failed on the way.
async fn boot_answer(name: &str) -> Option<Response> {
    let window = web_sys::window()?;
    let boot = js_sys::Reflect::get(&window, &"hilensBoot".into()).ok().filter(|b| b.is_object())?;
    let promise = js_sys::Reflect::get(&boot, &name.into()).ok()?.dyn_into::<js_sys::Promise>().ok()?;
    js_sys::Reflect::delete_property(boot.unchecked_ref::<js_sys::Object>(), &name.into()).ok()?;
    let answer = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    Some(Response::from(answer.dyn_into::<web_sys::Response>().ok()?))
}
