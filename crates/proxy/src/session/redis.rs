//! Sessions in Redis (`--session-store redis://HOST:PORT/DB`), so that every replica behind a
//! load balancer knows every session, and a sign-out (or a token the upstream refuses) ends
//! it for all of them.
//!
//! One key per session, `hilens:session:<SHA-256 of the id, hex>`, whose value is the
//! session encrypted with AES-256-GCM under the replicas' shared key (a fresh nonce each
//! write, the Redis key as associated data so a value cannot be moved to another session).
//! The IAM token is never in Redis in clear. Redis expires the key after the idle time;
//! each use moves that on (`GETEX`), and the absolute end (the token's) is inside the value.
//! When Redis cannot be reached, calls fail with [`StoreUnavailable`] (a 503 to the caller)
//! and the connection is re-made in the background.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use axum::http::HeaderValue;
use hilens_model::console::SessionInfo;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use sha2::{Digest, Sha256};

use super::{Session, SessionKey, StoreUnavailable};

/// Key material shorter than this is refused: the key must be as strong as AES-256's.
pub const MIN_KEY_BYTES: usize = 32;
/// The longest a Redis call may take before the caller is told the store is unavailable.
const CALL_TIMEOUT: Duration = Duration::from_secs(2);
const NONCE_BYTES: usize = 12;

/// Where the shared store is and the replicas' shared key.
#[derive(Clone)]
pub struct RedisConfig {
    pub url: String,
    key: [u8; 32],
}

impl std::fmt::Debug for RedisConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RedisConfig {{ url: {} }}", self.describe())
    }
}

impl RedisConfig {
    /// `material`: at least [`MIN_KEY_BYTES`] random bytes, shared by every replica; the
    /// AES key is their SHA-256.
    pub fn new(url: &str, material: &[u8]) -> Result<RedisConfig, String> {
        if !url.starts_with("redis://") && !url.starts_with("rediss://") {
            return Err(format!("--session-store {url}: expected redis://HOST:PORT/DB"));
        }
        redis::Client::open(url).map_err(|e| format!("--session-store {url}: {e}"))?;
        // A text key (base64, hex) loses the line break an editor or `echo` adds; a binary one
        // (`head -c 32 /dev/urandom`) is used whole, as its ends may be bytes that look like
        // whitespace.
        let material = if std::str::from_utf8(material).is_ok() { material.trim_ascii() } else { material };
        if material.len() < MIN_KEY_BYTES {
            return Err(format!(
                "the session key has {} bytes; it needs at least {MIN_KEY_BYTES} random bytes \
                 (for example `head -c 32 /dev/urandom | base64 > session.key`)",
                material.len()
            ));
        }
        Ok(RedisConfig { url: url.into(), key: Sha256::digest(material).into() })
    }

    /// The replicas' shared key (what seals sessions; roll-outs seal IAM tokens with it too).
    pub fn key(&self) -> [u8; 32] {
        self.key
    }

    /// The URL without a password it may hold (`redis://:secret@host` → `redis://…@host`).
    pub fn describe(&self) -> String {
        match self.url.split_once("://").and_then(|(scheme, rest)| rest.split_once('@').map(|(_, host)| (scheme, host)))
        {
            Some((scheme, host)) => format!("{scheme}://…@{host}"),
            None => self.url.clone(),
        }
    }

    /// The key from `--session-key-file` (readable by its owner only) or `HILENS_SESSION_KEY`.
    pub fn with_key_from(url: &str, file: Option<&Path>) -> Result<RedisConfig, String> {
        let material = match file {
            Some(path) => {
                crate::credentials::refuse_if_shared(path)?;
                std::fs::read(path).map_err(|e| format!("--session-key-file {}: {e}", path.display()))?
            }
            None => match std::env::var("HILENS_SESSION_KEY") {
                Ok(k) if !k.is_empty() => k.into_bytes(),
                _ => {
                    return Err("--session-store needs the replicas' shared key: --session-key-file PATH \
                                or HILENS_SESSION_KEY"
                        .into())
                }
            },
        };
        RedisConfig::new(url, &material)
    }
}

/// What is stored (encrypted) for a session.
#[derive(serde::Serialize, serde::Deserialize)]
struct Record {
    token: Option<String>,
    info: SessionInfo,
    /// Unix milliseconds at which the session ends however much it is used.
    ends_ms: u64,
}

pub struct RedisStore {
    redis: ConnectionManager,
    cipher: Arc<Aes256Gcm>,
}

impl RedisStore {
    /// Connects lazily: the proxy starts while Redis is down, and answers 503 until it is up.
    pub fn new(config: &RedisConfig) -> Result<RedisStore, String> {
        let client = redis::Client::open(config.url.as_str()).map_err(|e| format!("--session-store: {e}"))?;
        let manager = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(Duration::from_secs(1)))
            .set_response_timeout(Some(Duration::from_secs(1)))
            .set_number_of_retries(1)
            .set_max_delay(Duration::from_millis(200));
        let redis =
            ConnectionManager::new_lazy_with_config(client, manager).map_err(|e| format!("--session-store: {e}"))?;
        let cipher = Arc::new(Aes256Gcm::new(&config.key.into()));
        Ok(RedisStore { redis, cipher })
    }

    fn name(key: &SessionKey) -> String {
        format!("hilens:session:{}", key.hex())
    }

    async fn call<T: redis::FromRedisValue>(&self, cmd: &redis::Cmd) -> Result<T, StoreUnavailable> {
        let mut conn = self.redis.clone();
        match tokio::time::timeout(CALL_TIMEOUT, cmd.query_async::<T>(&mut conn)).await {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "the session store did not answer");
                Err(StoreUnavailable)
            }
            Err(_) => {
                tracing::warn!("the session store did not answer in time");
                Err(StoreUnavailable)
            }
        }
    }

    pub async fn create(
        &self,
        key: SessionKey,
        session: &Session,
        lifetime: Duration,
        idle: Duration,
    ) -> Result<(), StoreUnavailable> {
        let name = Self::name(&key);
        let record = Record {
            token: session.token.as_ref().and_then(|t| t.to_str().ok()).map(str::to_string),
            info: session.info.clone(),
            ends_ms: now_ms() + lifetime.as_millis() as u64,
        };
        let sealed = self.seal(&name, &record).ok_or(StoreUnavailable)?;
        let ttl = lifetime.min(idle).as_millis().max(1) as u64;
        self.call::<()>(redis::cmd("SET").arg(&name).arg(sealed).arg("PX").arg(ttl)).await
    }

    pub async fn get(&self, key: &SessionKey, idle: Duration) -> Result<Option<Arc<Session>>, StoreUnavailable> {
        let name = Self::name(key);
        let ttl = idle.as_millis().max(1) as u64;
        let Some(sealed) = self.call::<Option<Vec<u8>>>(redis::cmd("GETEX").arg(&name).arg("PX").arg(ttl)).await?
        else {
            return Ok(None);
        };
        // A value that does not open (another key's, or tampered with) is no session.
        let Some(record) = self.open(&name, &sealed) else { return Ok(None) };
        if record.ends_ms <= now_ms() {
            self.call::<()>(redis::cmd("DEL").arg(&name)).await?;
            return Ok(None);
        }
        let token = match record.token {
            Some(t) => match HeaderValue::from_str(&t) {
                Ok(mut v) => {
                    v.set_sensitive(true);
                    Some(v)
                }
                Err(_) => return Ok(None),
            },
            None => None,
        };
        Ok(Some(Arc::new(Session { token, info: record.info, api_token: None })))
    }

    pub async fn remove(&self, key: &SessionKey) -> Result<(), StoreUnavailable> {
        self.call::<()>(redis::cmd("DEL").arg(Self::name(key))).await
    }

    /// Keeps `value` (sealed) under `key` for `ttl`: a sign-in that has left for the identity
    /// provider.
    pub async fn put_pending(&self, key: &SessionKey, value: &[u8], ttl: Duration) -> Result<(), StoreUnavailable> {
        let name = format!("hilens:pending:{}", key.hex());
        let sealed = self.seal_bytes(&name, value).ok_or(StoreUnavailable)?;
        let ttl = ttl.as_millis().max(1) as u64;
        self.call::<()>(redis::cmd("SET").arg(&name).arg(sealed).arg("PX").arg(ttl)).await
    }

    /// Takes (once) what [`RedisStore::put_pending`] kept under `key`.
    pub async fn take_pending(&self, key: &SessionKey) -> Result<Option<Vec<u8>>, StoreUnavailable> {
        let name = format!("hilens:pending:{}", key.hex());
        let sealed = self.call::<Option<Vec<u8>>>(redis::cmd("GETDEL").arg(&name)).await?;
        Ok(sealed.and_then(|s| self.open_bytes(&name, &s)))
    }

    pub async fn ping(&self) -> Result<(), StoreUnavailable> {
        self.call::<String>(&redis::cmd("PING")).await.map(|_| ())
    }

    /// nonce ‖ AES-256-GCM(record JSON), bound to the Redis key `name`.
    fn seal(&self, name: &str, record: &Record) -> Option<Vec<u8>> {
        self.seal_bytes(name, &serde_json::to_vec(record).ok()?)
    }

    fn open(&self, name: &str, sealed: &[u8]) -> Option<Record> {
        serde_json::from_slice(&self.open_bytes(name, sealed)?).ok()
    }

    /// nonce ‖ AES-256-GCM(`plain`), bound to the Redis key `name`.
    fn seal_bytes(&self, name: &str, plain: &[u8]) -> Option<Vec<u8>> {
        let mut nonce = [0u8; NONCE_BYTES];
        getrandom::fill(&mut nonce).ok()?;
        let sealed =
            self.cipher.encrypt(Nonce::from_slice(&nonce), Payload { msg: plain, aad: name.as_bytes() }).ok()?;
        let mut out = Vec::with_capacity(NONCE_BYTES + sealed.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Some(out)
    }

    fn open_bytes(&self, name: &str, sealed: &[u8]) -> Option<Vec<u8>> {
        if sealed.len() < NONCE_BYTES {
            return None;
        }
        let (nonce, ct) = sealed.split_at(NONCE_BYTES);
        self.cipher.decrypt(Nonce::from_slice(nonce), Payload { msg: ct, aad: name.as_bytes() }).ok()
    }
}

fn now_ms() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_keys_and_other_urls_are_refused() {
        assert!(RedisConfig::new("redis://127.0.0.1:6379/0", b"too short").unwrap_err().contains("at least 32"));
        assert!(RedisConfig::new("http://127.0.0.1:6379", &[7; 32]).unwrap_err().contains("redis://"));
        let config = RedisConfig::new("redis://127.0.0.1:6379/0", &[7; 32]).unwrap();
        assert!(!format!("{config:?}").contains("key:"), "Debug never shows the key");
        let with_password = RedisConfig::new("redis://:hunter2@127.0.0.1:6379/0", &[7; 32]).unwrap();
        assert_eq!(with_password.describe(), "redis://…@127.0.0.1:6379/0");
        assert!(!format!("{with_password:?}").contains("hunter2"));
    }

    #[test]
    fn a_text_key_loses_its_line_break_and_a_binary_one_is_used_whole() {
        let url = "redis://127.0.0.1:6379/0";
        let text = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
        let with_newline = RedisConfig::new(url, format!("{text}\n").as_bytes()).unwrap();
        assert_eq!(with_newline.key(), RedisConfig::new(url, text.as_bytes()).unwrap().key());
        // Random bytes whose last one is a line feed: all 32 count (not refused as 31).
        let mut binary = [0xffu8; 32];
        binary[31] = b'\n';
        let config = RedisConfig::new(url, &binary).unwrap();
        assert_eq!(config.key(), <[u8; 32]>::from(Sha256::digest(binary)));
    }

    #[tokio::test]
    async fn records_are_sealed_bound_to_their_name_and_hold_no_token_in_clear() {
        let store = RedisStore::new(&RedisConfig::new("redis://127.0.0.1:1/0", &[7; 32]).unwrap()).unwrap();
        let record = Record { token: Some("MIIE-secret-token".into()), info: SessionInfo::default(), ends_ms: 5 };
        let sealed = store.seal("hilens:session:aa", &record).unwrap();
        assert!(!sealed.windows(6).any(|w| w == b"secret"), "the token is not in clear");
        assert_eq!(store.open("hilens:session:aa", &sealed).unwrap().token.as_deref(), Some("MIIE-secret-token"));
        assert!(store.open("hilens:session:bb", &sealed).is_none(), "moved to another session: refused");
        let other = RedisStore::new(&RedisConfig::new("redis://127.0.0.1:1/0", &[8; 32]).unwrap()).unwrap();
        assert!(other.open("hilens:session:aa", &sealed).is_none(), "another key: refused");
        assert_ne!(store.seal("hilens:session:aa", &record).unwrap(), sealed, "a fresh nonce each time");
    }
}
