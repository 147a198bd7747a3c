//! Rate limits: a token bucket per key (a session, a client address, a user name), so bursts
//! are allowed and a steady flood is refused with how long to wait. [`api_rate_limit`] is the
//! API routes' layer; sign-in attempts are counted by `auth::login` (by the name it reads).
//! Each replica counts for itself.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::Request;
use axum::response::Response;
use hilens_model::console::Route;

use crate::reply::{self, client_ip, lang_of};
use crate::session::{SessionKey, SessionTag};
use crate::{Access, Proxy};

/// The API's rate limit, on the routes `hilens_model::console::ROUTES` marks `rate_limited`:
/// per session, or per client address when nobody signs in.
pub fn api_rate_limit(proxy: Arc<Proxy>) -> impl Fn(&mut Request) -> Option<Response> + Clone {
    move |req: &mut Request| {
        if !Route::of_path(req.uri().path()).is_some_and(|r| r.rate_limited) {
            return None;
        }
        let caller = match (&proxy.config.access, crate::tokens::TokenKey::of_request(req)) {
            // Each API token has a bucket of its own.
            (_, Some(token)) => Caller::Token(token.tag()),
            // Behind an SSO gateway: per user it names.
            (Access::Header(_), None) => Caller::User(user_bucket(req.headers())),
            (Access::Open, None) => match client_ip(req.extensions()) {
                Some(ip) => Caller::Address(ip),
                None => Caller::Session(None),
            },
            (_, None) => Caller::Session(SessionKey::of_request(req).map(|k| k.tag())),
        };
        proxy.api_limit.take(&caller).err().map(|wait| reply::too_many(lang_of(req.headers()), wait))
    }
}

/// Whom an API call is counted against: its session, its API token, the user an SSO gateway
/// names, or (when nobody signs in) its address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Caller {
    Session(Option<SessionTag>),
    Token([u8; 8]),
    User(u64),
    Address(IpAddr),
}

/// The bucket of the user an SSO gateway names (a hash of the name: only a key).
fn user_bucket(headers: &axum::http::HeaderMap) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    headers.get("x-forwarded-user").map(|v| v.as_bytes()).hash(&mut h);
    h.finish()
}

pub struct RateLimiter<K> {
    per_minute: f64,
    buckets: Mutex<HashMap<K, (f64, Instant)>>,
}

impl<K: Hash + Eq + Clone> RateLimiter<K> {
    pub fn new(per_minute: u32) -> RateLimiter<K> {
        RateLimiter { per_minute: f64::from(per_minute.max(1)), buckets: Mutex::new(HashMap::new()) }
    }

    /// Takes one request for `key`: `Err(seconds)` to wait when the bucket is empty.
    pub fn take(&self, key: &K) -> Result<(), u64> {
        let now = Instant::now();
        let rate = self.per_minute / 60.0;
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() > 100_000 {
            // Forget full buckets so the map cannot grow without bound.
            buckets.retain(|_, (tokens, at)| *tokens + now.duration_since(*at).as_secs_f64() * rate < self.per_minute);
        }
        let (tokens, at) = match buckets.get_mut(key) {
            Some(bucket) => bucket,
            None => buckets.entry(key.clone()).or_insert((self.per_minute, now)),
        };
        *tokens = (*tokens + now.duration_since(*at).as_secs_f64() * rate).min(self.per_minute);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - *tokens) / rate).ceil().max(1.0) as u64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_allowed_then_refused_with_a_wait() {
        let limiter = RateLimiter::new(3);
        let (a, b) = ("a".to_string(), "b".to_string());
        assert!(limiter.take(&a).is_ok());
        assert!(limiter.take(&a).is_ok());
        assert!(limiter.take(&a).is_ok());
        let wait = limiter.take(&a).unwrap_err();
        assert!((1..=20).contains(&wait), "{wait}");
        assert!(limiter.take(&b).is_ok(), "keys are separate");
    }
}
