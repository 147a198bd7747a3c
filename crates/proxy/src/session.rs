//! Server-side sessions. The browser holds only an opaque random id in an HttpOnly,
//! SameSite=Strict cookie; the IAM token (user mode) stays here. A session ends at sign-out,
//! when its token is an hour from expiry, or after `idle` without a request. Sessions are
//! stored by the SHA-256 of their id ([`SessionKey`]), so the ids are kept nowhere but in the
//! browsers' cookies.

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
    by_key: Mutex<HashMap<SessionKey, Entry>>,
}

impl Sessions {
    pub fn new(idle: Duration) -> Sessions {
        Sessions { idle, by_key: Mutex::new(HashMap::new()) }
    }

    /// Stores a session for at most `lifetime` and returns the id for the cookie.
    pub fn create(&self, session: Session, lifetime: Duration) -> String {
        let id = random_hex(32);
        let now = Instant::now();
        let mut map = self.by_key.lock().unwrap_or_else(|p| p.into_inner());
        map.retain(|_, e| e.expires > now && now.duration_since(e.last_seen) < self.idle);
        map.insert(
            SessionKey::of_id(&id),
            Entry { session: Arc::new(session), expires: now + lifetime, last_seen: now },
        );
        id
    }

    /// The live session of `key`, marking it used.
    pub fn get(&self, key: &SessionKey) -> Option<Arc<Session>> {
        let now = Instant::now();
        let mut map = self.by_key.lock().unwrap_or_else(|p| p.into_inner());
        let entry = map.get_mut(key)?;
        if entry.expires <= now || now.duration_since(entry.last_seen) >= self.idle {
            map.remove(key);
            return None;
        }
        entry.last_seen = now;
        Some(entry.session.clone())
    }

    pub fn remove(&self, key: &SessionKey) {
        self.by_key.lock().unwrap_or_else(|p| p.into_inner()).remove(key);
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

/// What a session is stored by: the SHA-256 of the id in the request's session cookie.
/// Computed once per request (by the guard), it finds the session and names it in logs.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct SessionKey([u8; 32]);

impl SessionKey {
    /// The key of the session cookie in `headers`, if there is one.
    pub fn of(headers: &HeaderMap) -> Option<SessionKey> {
        cookie_value(headers, SESSION_COOKIE).map(SessionKey::of_id)
    }

    fn of_id(id: &str) -> SessionKey {
        SessionKey(Sha256::digest(id.as_bytes()).into())
    }

    /// The session's short name for logs and rate limits.
    pub fn tag(&self) -> SessionTag {
        let mut tag = [0u8; 12];
        tag.copy_from_slice(hex(&self.0[..6]).as_bytes());
        SessionTag(tag)
    }
}

/// A short, one-way name for a session (the first 6 bytes of its key, in hex): log lines and
/// rate limits name the session by it, never by its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SessionTag([u8; 12]);

impl SessionTag {
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

    fn key(id: &str) -> SessionKey {
        SessionKey::of(&cookie(id)).unwrap()
    }

    fn session() -> Session {
        Session { token: Some("t".into()), info: SessionInfo::default() }
    }

    #[test]
    fn tags_are_short_hex_and_differ_per_session() {
        let tag = |h: &HeaderMap| SessionKey::of(h).map(|k| k.tag());
        let a = tag(&cookie("a")).unwrap();
        assert_eq!(a.as_str().len(), 12);
        assert!(a.as_str().chars().all(|c| c.is_ascii_hexdigit()), "{}", a.as_str());
        assert_eq!(tag(&cookie("a")), Some(a));
        assert_ne!(tag(&cookie("b")), Some(a));
        assert_eq!(tag(&HeaderMap::new()), None);
        assert_eq!(hex(&[0, 15, 16, 255]), "000f10ff");
    }

    #[test]
    fn idle_sessions_end_and_used_ones_stay() {
        let sessions = Sessions::new(Duration::from_millis(150));
        let id = sessions.create(session(), Duration::from_secs(60));
        std::thread::sleep(Duration::from_millis(100));
        assert!(sessions.get(&key(&id)).is_some(), "used within the idle time");
        std::thread::sleep(Duration::from_millis(100));
        assert!(sessions.get(&key(&id)).is_some(), "the last use restarted the idle clock");
        std::thread::sleep(Duration::from_millis(200));
        assert!(sessions.get(&key(&id)).is_none(), "idle too long");
    }

    #[test]
    fn sessions_end_at_their_lifetime_and_unknown_ids_are_nobody() {
        let sessions = Sessions::new(Duration::from_secs(60));
        let id = sessions.create(session(), Duration::from_millis(50));
        assert!(sessions.get(&key(&id)).is_some());
        std::thread::sleep(Duration::from_millis(80));
        assert!(sessions.get(&key(&id)).is_none());
        assert!(sessions.get(&key("forged")).is_none());
    }
}
