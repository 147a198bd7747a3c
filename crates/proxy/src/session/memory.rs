//! Sessions in this process's memory: one replica's, gone when it stops.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::{Session, SessionKey};

struct Entry {
    session: Arc<Session>,
    expires: Instant,
    last_seen: Instant,
}

#[derive(Default)]
pub struct MemoryStore {
    by_key: Mutex<HashMap<SessionKey, Entry>>,
    /// Sign-ins gone to the identity provider: what their callback needs, until when.
    pending: Mutex<HashMap<SessionKey, (Vec<u8>, Instant)>>,
}

impl MemoryStore {
    pub fn create(&self, key: SessionKey, session: Session, lifetime: Duration, idle: Duration) {
        let now = Instant::now();
        let mut map = self.by_key.lock().unwrap_or_else(|p| p.into_inner());
        // Ended sessions go as new ones come, so the map holds live ones only.
        map.retain(|_, e| e.expires > now && now.duration_since(e.last_seen) < idle);
        map.insert(key, Entry { session: Arc::new(session), expires: now + lifetime, last_seen: now });
    }

    pub fn get(&self, key: &SessionKey, idle: Duration) -> Option<Arc<Session>> {
        let now = Instant::now();
        let mut map = self.by_key.lock().unwrap_or_else(|p| p.into_inner());
        let entry = map.get_mut(key)?;
        if entry.expires <= now || now.duration_since(entry.last_seen) >= idle {
            map.remove(key);
            return None;
        }
        entry.last_seen = now;
        Some(entry.session.clone())
    }

    pub fn put_pending(&self, key: SessionKey, value: Vec<u8>, ttl: Duration) {
        let now = Instant::now();
        let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
        pending.retain(|_, (_, until)| *until > now);
        pending.insert(key, (value, now + ttl));
    }

    pub fn take_pending(&self, key: &SessionKey) -> Option<Vec<u8>> {
        let (value, until) = self.pending.lock().unwrap_or_else(|p| p.into_inner()).remove(key)?;
        (until > Instant::now()).then_some(value)
    }

    pub fn remove(&self, key: &SessionKey) {
        self.by_key.lock().unwrap_or_else(|p| p.into_inner()).remove(key);
    }
}
