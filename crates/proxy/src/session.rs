//! Server-side sessions. The browser holds only an opaque random id in an HttpOnly,
//! SameSite=Strict cookie; the IAM token (user mode) stays here. A session ends at sign-out,
//! when its token is an hour from expiry, or after `idle` without a request. Sessions are
//! stored by the SHA-256 of their id ([`SessionKey`]), so the ids are kept nowhere but in the
//! browsers' cookies.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, HeaderValue};
use hilens_emulator::random_hex;
use hilens_model::console::{SessionInfo, SESSION_COOKIE};
use hilens_model::signing::hex_into;
use sha2::{Digest, Sha256};

#[derive(Clone)]
pub struct Session {
    /// The upstream token in user mode, ready to send as `X-Auth-Token` (checked once: IAM
    /// tokens run to kilobytes); `None` when the service's AK/SK signs instead. Marked
    /// sensitive, never serialised, never logged.
    pub token: Option<HeaderValue>,
    pub info: SessionInfo,
}

struct Entry {
    session: Arc<Session>,
    expires: Instant,
    last_seen: Instant,
}

pub struct Sessions {
    idle: Duration,
    by_key: Mutex<HashMap<SessionKey, Entry, BuildHasherDefault<DigestHasher>>>,
}

/// Hashes a [`SessionKey`] by its first eight bytes: they are a SHA-256 digest's, as evenly
/// spread as any hash, and only ids this proxy made up are ever stored, so there is no
/// flooding to resist (lookups of made-up cookies insert nothing).
#[derive(Default)]
struct DigestHasher(u64);

impl Hasher for DigestHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut first = [0u8; 8];
        let n = bytes.len().min(8);
        first[..n].copy_from_slice(&bytes[..n]);
        self.0 ^= u64::from_le_bytes(first);
    }
}

impl Sessions {
    pub fn new(idle: Duration) -> Sessions {
        Sessions { idle, by_key: Mutex::new(HashMap::default()) }
    }

    /// Stores a session for at most `lifetime` and returns the id for the cookie.
    pub fn create(&self, session: Session, lifetime: Duration) -> String {
        let id = random_hex(32);
        let now = Instant::now();
        let mut map = self.by_key.lock().unwrap_or_else(|p| p.into_inner());
        map.retain(|_, e| e.expires > now && now.duration_since(e.last_seen) < self.idle);
        map.insert(
            SessionKey::of_id(id.as_bytes()),
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

/// The value of cookie `name` in the request's `Cookie` headers (`a=1; b=2`), the first if
/// named twice. Bytes: it runs on every request, and a session id is only hashed.
fn cookie_bytes<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h [u8]> {
    for header in headers.get_all(axum::http::header::COOKIE) {
        for pair in header.as_bytes().split(|&b| b == b';') {
            let pair = pair.trim_ascii();
            if let Some(value) = pair.strip_prefix(name.as_bytes()).and_then(|rest| rest.strip_prefix(b"=")) {
                return Some(value);
            }
        }
    }
    None
}

/// What a session is stored by: the SHA-256 of the id in the request's session cookie.
/// Computed once per request (by the guard), it finds the session and names it in logs.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct SessionKey([u8; 32]);

impl SessionKey {
    /// The key of the session cookie in `headers`, if there is one.
    pub fn of(headers: &HeaderMap) -> Option<SessionKey> {
        cookie_bytes(headers, SESSION_COOKIE).map(SessionKey::of_id)
    }

    fn of_id(id: &[u8]) -> SessionKey {
        SessionKey(Sha256::digest(id).into())
    }

    /// The session's short name for logs and rate limits.
    pub fn tag(&self) -> SessionTag {
        let mut tag = [0u8; 12];
        hex_into(&self.0[..6], &mut tag);
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
        Session { token: Some(HeaderValue::from_static("t")), info: SessionInfo::default() }
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
        assert_eq!(hilens_model::signing::hex(&[0, 15, 16, 255]), "000f10ff");
    }

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let mut h = HeaderMap::new();
        h.append("cookie", "a=1;hilens_session_x=no; x=hilens_session=no".parse().unwrap());
        h.append("cookie", format!(" {SESSION_COOKIE}=abc ;{SESSION_COOKIE}=second").parse().unwrap());
        assert_eq!(cookie_bytes(&h, SESSION_COOKIE), Some(&b"abc"[..]));
        assert_eq!(cookie_bytes(&h, "a"), Some(&b"1"[..]));
        assert_eq!(cookie_bytes(&h, "b"), None);
        assert_eq!(cookie_bytes(&HeaderMap::new(), "a"), None);
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
