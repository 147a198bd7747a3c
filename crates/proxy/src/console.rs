//! The console itself: Trunk's `dist/` with single-page-app fallback (any unknown path gets
//! `index.html`, so deep links and reloads work), and `/config.json`.

use std::path::Path;
use std::sync::Arc;

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use tower_http::services::{ServeDir, ServeFile};

use crate::Proxy;

pub fn static_files(dist: &Path) -> ServeDir<ServeFile> {
    ServeDir::new(dist).fallback(ServeFile::new(dist.join("index.html")))
}

/// `GET /config.json`: where the API is and, in local mode, the demo account to offer.
pub async fn config_json(State(proxy): State<Arc<Proxy>>) -> Response {
    let mut resp = Json(&proxy.config.console).into_response();
    resp.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-cache"));
    resp
}
