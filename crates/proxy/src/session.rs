//! Server-side sessions. The browser holds only an opaque random id in an HttpOnly,
//! SameSite=Strict cookie; the IAM token (user mode) stays here. A session ends at sign-out,
//! when its token is an hour from expiry, or after `idle` without a request.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::HeaderMap;
use hilens_emulator::random_hex;
use hilens_model::console::{SessionInfo, SESSION_COOKIE};
use hilens_model::signing::hex;
use sha2::{Digest, Sha256};

#[derive(Clone)]
pub struct Session {
    /// The upstream token in user mode; `None` when the service's AK/SK signs instead.
    /// Never serialised, never logged.
    pub token: Option<String>,
    pub info: SessionInfo,
}

struct Entry {
    session: Arc<Session>,
    expires: Instant,
    last_seen: Instant,
}

pub struct Sessions {
    idle: Duration,
    by_id: Mutex<HashMap<String, Entry>>,
}

impl Sessions {
    pub fn new(idle: Duration) -> Sessions {
        Sessions { idle, by_id: Mutex::new(HashMap::new()) }
    }

    /// Stores a session for at most `lifetime` and returns the id for the cookie.
    pub fn create(&self, session: Session, lifetime: Duration) -> String {
        let id = random_hex(32);
        let now = Instant::now();
        let mut map = self.by_id.lock().unwrap_or_else(|p| p.into_inner());
        map.retain(|_, e| e.expires > now && now.duration_since(e.last_seen) < self.idle);
        map.insert(id.clone(), Entry { session: Arc::new(session), expires: now + lifetime, last_seen: now });
        id
    }

    /// The live session the cookie names, marking it used.
    pub fn get(&self, headers: &HeaderMap) -> Option<Arc<Session>> {
        let id = cookie_value(headers, SESSION_COOKIE)?;
        let now = Instant::now();
        let mut map = self.by_id.lock().unwrap_or_else(|p| p.into_inner());
        let entry = map.get_mut(id)?;
        if entry.expires <= now || now.duration_since(entry.last_seen) >= self.idle {
            map.remove(id);
            return None;
        }
        entry.last_seen = now;
        Some(entry.session.clone())
    }

    pub fn remove(&self, headers: &HeaderMap) {
        if let Some(id) = cookie_value(headers, SESSION_COOKIE) {
            self.by_id.lock().unwrap_or_else(|p| p.into_inner()).remove(id);
        }
    }
}

/// The value of cookie `name` in the request's `Cookie` headers.
pub fn cookie_value<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A short, one-way name for the request's session (the first 6 bytes of the SHA-256 of the
/// cookie's id, in hex): log lines and rate limits name the session by it, never by its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SessionTag([u8; 12]);

impl SessionTag {
    pub fn of(headers: &HeaderMap) -> Option<SessionTag> {
        let id = cookie_value(headers, SESSION_COOKIE)?;
        let digest = Sha256::digest(id.as_bytes());
        let mut tag = [0u8; 12];
        tag.copy_from_slice(hex(&digest[..6]).as_bytes());
        Some(SessionTag(tag))
    }

    pub fn as_str(&self) -> &str {
        // Always hex digits, so always UTF-8.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

/// The `Set-Cookie` value for a new session (`Secure` when served over TLS).
pub fn set_cookie(id: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}={id}; Path=/; HttpOnly; SameSite=Strict{secure}")
}

/// The `Set-Cookie` value that makes the browser forget the session.
pub fn clear_cookie(secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cookie(id: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("cookie", format!("other=1; {SESSION_COOKIE}={id}").parse().unwrap());
        h
    }

    fn session() -> Session {
        Session { token: Some("t".into()), info: SessionInfo::default() }
    }

    #[test]
    fn tags_are_short_hex_and_differ_per_session() {
        let a = SessionTag::of(&cookie("a")).unwrap();
        assert_eq!(a.as_str().len(), 12);
        assert!(a.as_str().chars().all(|c| c.is_ascii_hexdigit()), "{}", a.as_str());
        assert_eq!(SessionTag::of(&cookie("a")), Some(a));
        assert_ne!(SessionTag::of(&cookie("b")), Some(a));
        assert_eq!(SessionTag::of(&HeaderMap::new()), None);
        assert_eq!(hex(&[0, 15, 16, 255]), "000f10ff");
    }

    #[test]
    fn idle_sessions_end_and_used_ones_stay() {
        let sessions = Sessions::new(Duration::from_millis(150));
        let id = sessions.create(session(), Duration::from_secs(60));
        std::thread::sleep(Duration::from_millis(100));
        assert!(sessions.get(&cookie(&id)).is_some(), "used within the idle time");
        std::thread::sleep(Duration::from_millis(100));
        assert!(sessions.get(&cookie(&id)).is_some(), "the last use restarted the idle clock");
        std::thread::sleep(Duration::from_millis(200));
        assert!(sessions.get(&cookie(&id)).is_none(), "idle too long");
    }

    #[test]
    fn sessions_end_at_their_lifetime_and_unknown_ids_are_nobody() {
        let sessions = Sessions::new(Duration::from_secs(60));
        let id = sessions.create(session(), Duration::from_millis(50));
        assert!(sessions.get(&cookie(&id)).is_some());
        std::thread::sleep(Duration::from_millis(80));
        assert!(sessions.get(&cookie(&id)).is_none());
        assert!(sessions.get(&cookie("forged")).is_none());
        assert!(sessions.get(&HeaderMap::new()).is_none());
    }
}
