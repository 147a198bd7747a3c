//! The console itself: Trunk's `dist/` with single-page-app fallback (any unknown path gets
//! `index.html`, so deep links and reloads work), precompressed gzip/brotli files when the
//! build made them, long cache lifetimes for content-hashed files and none for the rest;
//! `/config.json`; `/healthz` and `/readyz`.

use std::path::Path;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use tower_http::services::{ServeDir, ServeFile};

use hilens_model::console::ConsoleConfig;
use hilens_model::error::{ErrorCode, Lang};

use crate::{reply, Proxy};

pub fn static_files(dist: &Path) -> axum::Router {
    let index = ServeFile::new(dist.join("index.html")).precompressed_br().precompressed_gzip();
    let files = ServeDir::new(dist).precompressed_br().precompressed_gzip().fallback(index);
    axum::Router::new().fallback_service(files).layer(axum::middleware::from_fn(cache_headers))
}

/// Trunk names built files `name-<16 hex digits>.ext`: such a file never changes.
fn is_hashed(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or("");
    let stem = file.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, h)| h.len() == 16 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

async fn cache_headers(req: Request, next: Next) -> Response {
    let hashed = is_hashed(req.uri().path());
    let mut resp = next.run(req).await;
    let value = if hashed && resp.status().is_success() { "public, max-age=31536000, immutable" } else { "no-cache" };
    resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    resp
}

/// `GET /config.json`: where the API is and, in local mode, the demo account to offer.
/// It also says the API's rate limit, which the console's live views keep inside.
pub async fn config_json(State(proxy): State<Arc<Proxy>>) -> Response {
    let console = ConsoleConfig { rate_limit: proxy.config.rate_limit, ..proxy.config.console.clone() };
    let mut resp = Json(&console).into_response();
    resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    resp
}

/// `{"status": "ok"}` while the process serves (JSON, like every route of the proxy's own).
pub async fn healthz() -> Response {
    Json(serde_json::json!({"status": "ok"})).into_response()
}

/// Ready when the upstream and the session store answer; otherwise 503 in the API's error
/// shape, saying which.
pub async fn readyz(State(proxy): State<Arc<Proxy>>) -> Response {
    let not_ready = |what| reply::error(ErrorCode::NotReady, Lang::En, Some(what));
    if !proxy.sessions.ready().await {
        not_ready("the session store is not answering")
    } else if proxy.config.upstream.ready().await {
        Json(serde_json::json!({"status": "ready"})).into_response()
    } else {
        not_ready("the upstream is not answering")
    }
}

#[cfg(test)]
mod tests {
    use super::is_hashed;

    #[test]
    fn hashed_names_are_recognised() {
        assert!(is_hashed("/hilens-console-229a86fbc1c40c68_bg.wasm"));
        assert!(is_hashed("/hilens-console-229a86fbc1c40c68.js"));
        assert!(is_hashed("/main-727bc02ca41dbba0.css"));
        assert!(!is_hashed("/index.html"));
        assert!(!is_hashed("/components.css"));
        assert!(!is_hashed("/skills/0123456789abcdef0123456789abcdef"));
    }
}
