//! Server-side sessions. The browser holds only an opaque random id in an HttpOnly,
//! SameSite=Strict cookie; the IAM token (user mode) stays on the server. A session ends at
//! sign-out, when its token is an hour from expiry, or after `idle` without a request.
//! Sessions are stored by the SHA-256 of their id ([`SessionKey`]), so the ids are kept
//! nowhere but in the browsers' cookies; where they are stored is the [`Store`]: this
//! process's memory (one replica), or Redis, shared by replicas and encrypted ([`redis`]).

mod memory;
pub mod redis;

use std::sync::Arc;
use std::time::Duration;

use axum::http::{HeaderMap, HeaderValue};
use cookie::{Cookie, SameSite};
use hilens_emulator::random_hex;
use hilens_model::console::{SessionInfo, SESSION_COOKIE};
use hilens_model::signing::hex_into;
use sha2::{Digest, Sha256};

#[derive(Clone)]
pub struct Session {
    /// The upstream token in user mode, ready to send as `X-Auth-Token` (checked once: IAM
    /// tokens run to kilobytes); `None` when the service's AK/SK signs instead. Marked
    /// sensitive, never logged, and in Redis only encrypted.
    pub token: Option<HeaderValue>,
    pub info: SessionInfo,
    /// The API token the caller presented (a call by a script); never stored.
    pub api_token: Option<Arc<hilens_portal::identity::tokens::ApiToken>>,
}

/// The session store could not be reached: the caller gets a 503, and nothing is assumed
/// about the session (it is neither used nor ended).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoreUnavailable;

/// Where sessions live.
pub enum Store {
    Memory(memory::MemoryStore),
    Redis(redis::RedisStore),
}

pub struct Sessions {
    idle: Duration,
    store: Store,
}

impl Sessions {
    /// Sessions in this process's memory.
    pub fn in_memory(idle: Duration) -> Sessions {
        Sessions { idle, store: Store::Memory(memory::MemoryStore::default()) }
    }

    /// Sessions in Redis, shared by every replica with the same `config`.
    pub fn in_redis(config: &redis::RedisConfig, idle: Duration) -> Result<Sessions, String> {
        Ok(Sessions { idle, store: Store::Redis(redis::RedisStore::new(config)?) })
    }

    /// Stores a session for at most `lifetime` and returns the id for the cookie.
    pub async fn create(&self, session: Session, lifetime: Duration) -> Result<String, StoreUnavailable> {
        let id = random_hex(32);
        let key = SessionKey::of_id(id.as_bytes());
        match &self.store {
            Store::Memory(m) => m.create(key, session, lifetime, self.idle),
            Store::Redis(r) => r.create(key, &session, lifetime, self.idle).await?,
        }
        Ok(id)
    }

    /// The live session of `key`, marking it used.
    pub async fn get(&self, key: &SessionKey) -> Result<Option<Arc<Session>>, StoreUnavailable> {
        match &self.store {
            Store::Memory(m) => Ok(m.get(key, self.idle)),
            Store::Redis(r) => r.get(key, self.idle).await,
        }
    }

    /// Ends the session of `key`, for every replica.
    pub async fn remove(&self, key: &SessionKey) -> Result<(), StoreUnavailable> {
        match &self.store {
            Store::Memory(m) => {
                m.remove(key);
                Ok(())
            }
            Store::Redis(r) => r.remove(key).await,
        }
    }

    /// Keeps `value` under `key` for `ttl`, where every replica finds it (a sign-in gone to
    /// the identity provider; its callback may reach another replica).
    pub async fn put_pending(&self, key: &SessionKey, value: Vec<u8>, ttl: Duration) -> Result<(), StoreUnavailable> {
        match &self.store {
            Store::Memory(m) => {
                m.put_pending(*key, value, ttl);
                Ok(())
            }
            Store::Redis(r) => r.put_pending(key, &value, ttl).await,
        }
    }

    /// Takes what [`Sessions::put_pending`] kept, once.
    pub async fn take_pending(&self, key: &SessionKey) -> Result<Option<Vec<u8>>, StoreUnavailable> {
        match &self.store {
            Store::Memory(m) => Ok(m.take_pending(key)),
            Store::Redis(r) => r.take_pending(key).await,
        }
    }

    /// Whether the store answers (for `/readyz`).
    pub async fn ready(&self) -> bool {
        match &self.store {
            Store::Memory(_) => true,
            Store::Redis(r) => r.ping().await.is_ok(),
        }
    }
}

/// The value of cookie `name` in the request's `Cookie` headers (`a=1; b=2`), the first if
/// named twice.
pub(crate) fn cookie_value<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|h| h.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .and_then(|c| c.value_raw())
}

/// What a session is stored by: the SHA-256 of the id in the request's session cookie.
/// Computed once per request (by the guard), it finds the session and names it in logs.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct SessionKey([u8; 32]);

impl SessionKey {
    /// The key of the session cookie in `headers`, if there is one.
    pub fn of(headers: &HeaderMap) -> Option<SessionKey> {
        cookie_value(headers, SESSION_COOKIE).map(|id| SessionKey::of_id(id.as_bytes()))
    }

    /// [`SessionKey::of`] the request's headers, worked out once per request (the log line,
    /// the rate limit and the call all need it) and kept in its extensions.
    pub fn of_request<B>(req: &mut axum::http::Request<B>) -> Option<SessionKey> {
        if let Some(known) = req.extensions().get::<Option<SessionKey>>() {
            return *known;
        }
        let key = SessionKey::of(req.headers());
        req.extensions_mut().insert(key);
        key
    }

    pub fn of_id(id: &[u8]) -> SessionKey {
        SessionKey(Sha256::digest(id).into())
    }

    /// The session's short name for logs and rate limits.
    pub fn tag(&self) -> SessionTag {
        let mut tag = [0u8; 12];
        hex_into(&self.0[..6], &mut tag);
        SessionTag(tag)
    }

    /// The key's name in a shared store (hex; the id it was hashed from cannot be recovered).
    pub fn hex(&self) -> String {
        hilens_model::signing::hex(&self.0)
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

fn session_cookie(value: &str, secure: bool) -> Cookie<'_> {
    Cookie::build((SESSION_COOKIE, value)).path("/").http_only(true).same_site(SameSite::Strict).secure(secure).build()
}

/// The `Set-Cookie` value for a new session (`Secure` when served over TLS).
pub fn set_cookie(id: &str, secure: bool) -> String {
    session_cookie(id, secure).to_string()
}

/// The `Set-Cookie` value that makes the browser forget the session.
pub fn clear_cookie(secure: bool) -> String {
    let mut cookie = session_cookie("", secure);
    cookie.make_removal();
    cookie.to_string()
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
        Session { token: Some(HeaderValue::from_static("t")), info: SessionInfo::default(), api_token: None }
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
        assert_eq!(cookie_value(&h, SESSION_COOKIE), Some("abc"));
        assert_eq!(cookie_value(&h, "a"), Some("1"));
        assert_eq!(cookie_value(&h, "b"), None);
        assert_eq!(cookie_value(&HeaderMap::new(), "a"), None);
    }

    #[test]
    fn the_cookie_is_httponly_strict_and_cleared_with_max_age_zero() {
        let set = set_cookie("abc", true);
        for part in ["hilens_session=abc", "HttpOnly", "SameSite=Strict", "Secure", "Path=/"] {
            assert!(set.contains(part), "{set}");
        }
        assert!(!set_cookie("abc", false).contains("Secure"));
        let clear = clear_cookie(false);
        assert!(clear.starts_with("hilens_session=;") && clear.contains("Max-Age=0"), "{clear}");
    }

    #[tokio::test]
    async fn idle_sessions_end_and_used_ones_stay() {
        let sessions = Sessions::in_memory(Duration::from_millis(150));
        let id = sessions.create(session(), Duration::from_secs(60)).await.unwrap();
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(sessions.get(&key(&id)).await.unwrap().is_some(), "used within the idle time");
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(sessions.get(&key(&id)).await.unwrap().is_some(), "the last use restarted the idle clock");
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(sessions.get(&key(&id)).await.unwrap().is_none(), "idle too long");
    }

    #[tokio::test]
    async fn sessions_end_at_their_lifetime_and_unknown_ids_are_nobody() {
        let sessions = Sessions::in_memory(Duration::from_secs(60));
        let id = sessions.create(session(), Duration::from_millis(50)).await.unwrap();
        assert!(sessions.get(&key(&id)).await.unwrap().is_some());
        tokio::time::sleep(Duration::from_millis(80)).await;
        assert!(sessions.get(&key(&id)).await.unwrap().is_none());
        assert!(sessions.get(&key("forged")).await.unwrap().is_none());
    }
}
