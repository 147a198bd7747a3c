//! Server-side sessions. The browser holds only an opaque random id in an HttpOnly,
//! SameSite=Strict cookie; the IAM token stays here.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::http::HeaderMap;
use hilens_model::console::{SessionInfo, SESSION_COOKIE};

pub struct Session {
    /// The upstream token; never serialised, never logged.
    pub token: String,
    pub info: SessionInfo,
    pub expires: Instant,
}

#[derive(Default)]
pub struct Sessions {
    by_id: Mutex<HashMap<String, Session>>,
}

fn random_id() -> String {
    let mut buf = [0u8; 32];
    // Without the OS's generator no session id would be safe; the request fails instead.
    getrandom::fill(&mut buf).expect("the operating system's random generator failed");
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

impl Sessions {
    /// Stores a session and returns the id for the cookie.
    pub fn create(&self, token: String, info: SessionInfo, lifetime: Duration) -> String {
        let id = random_id();
        let session = Session { token, info, expires: Instant::now() + lifetime };
        let mut map = self.by_id.lock().unwrap_or_else(|p| p.into_inner());
        map.retain(|_, s| s.expires > Instant::now());
        map.insert(id.clone(), session);
        id
    }

    /// The session's token and info, if the cookie names a live session.
    pub fn get(&self, headers: &HeaderMap) -> Option<(String, SessionInfo)> {
        let id = cookie_value(headers, SESSION_COOKIE)?;
        let map = self.by_id.lock().unwrap_or_else(|p| p.into_inner());
        map.get(&id).filter(|s| s.expires > Instant::now()).map(|s| (s.token.clone(), s.info.clone()))
    }

    pub fn remove(&self, headers: &HeaderMap) {
        if let Some(id) = cookie_value(headers, SESSION_COOKIE) {
            self.by_id.lock().unwrap_or_else(|p| p.into_inner()).remove(&id);
        }
    }
}

/// The value of cookie `name` in the request's `Cookie` headers.
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all("cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// The `Set-Cookie` value for a new session.
pub fn set_cookie(id: &str) -> String {
    format!("{SESSION_COOKIE}={id}; Path=/; HttpOnly; SameSite=Strict")
}

/// The `Set-Cookie` value that makes the browser forget the session.
pub fn clear_cookie() -> String {
    format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0")
}
