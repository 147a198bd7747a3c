//! API tokens: `hlt_` and 43 characters (32 random bytes, base64url), shown once at creation;
//! only their SHA-256 is kept (in `<data-dir>/state.db`, SQLite, mode 0600, or in the
//! PostgreSQL state store shared by replicas). A token acts for
//! its owner with at most its role, within what the owner may do at the time of use
//! (`Snapshot::grant_of_token`).
//!
//! Calls look tokens up in memory, never in the database: the table is read at start, after
//! each change this process makes, and every few seconds ([`Tokens::watch`]), so a token
//! revoked through another process sharing the store stops working within that interval.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, RwLock, Weak};
use std::time::Duration;

use hilens_model::portal::{TokenInfo, TOKEN_PREFIX};
use rusqlite::{params, Connection};
use sha2::{Digest, Sha256};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS api_tokens (
    id TEXT PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,
    owner TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT,
    created_ms INTEGER NOT NULL,
    expires_ms INTEGER NOT NULL,
    groups TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS api_tokens_by_owner ON api_tokens (owner);
";

/// A token as the proxy knows it (never the token itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    pub id: String,
    pub name: String,
    pub owner: String,
    pub role: Option<Arc<str>>,
    /// The owner's groups when the token was made (an SSO gateway's; the proxy learns groups
    /// only from a signed-in request); their bindings are read at each use.
    pub groups: Vec<String>,
    pub created_ms: i64,
    pub expires_ms: i64,
    /// `expires_ms` as the session says it, written once: every call with the token needs it.
    pub expires_at: String,
}

impl ApiToken {
    pub fn info(&self) -> TokenInfo {
        TokenInfo {
            id: self.id.clone(),
            name: self.name.clone(),
            owner: self.owner.clone(),
            role: self.role.as_deref().map(str::to_string),
            created_at: crate::audit::timestamp(self.created_ms),
            expires_at: self.expires_at.clone(),
        }
    }
}

/// What a token is found by: the SHA-256 of the whole token.
pub type TokenHash = [u8; 32];

pub fn hash(token: &str) -> TokenHash {
    Sha256::digest(token.as_bytes()).into()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

/// Where tokens are kept.
enum Store {
    /// `<data-dir>/state.db`.
    Sqlite(crate::state_db::StateDb),
    /// The PostgreSQL state store, shared by replicas (its connection made again after a
    /// failure).
    Postgres { url: String, client: Box<std::sync::Mutex<Option<postgres::Client>>> },
}

const PG_SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS api_tokens (
    id TEXT PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,
    owner TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT,
    created_ms BIGINT NOT NULL,
    expires_ms BIGINT NOT NULL,
    groups TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS api_tokens_by_owner ON api_tokens (owner);
";

/// A token's row, as both stores read it.
type TokenRow = (String, ApiToken);

pub struct Tokens {
    store: Store,
    by_hash: RwLock<HashMap<TokenHash, Arc<ApiToken>>>,
    /// Held across a change's write to the store and to `by_hash`, and across a re-read's
    /// read and replacement of `by_hash`: a re-read that read the store before a revocation
    /// must not put the revoked token back after it (nor drop a token made meanwhile).
    changing: std::sync::Mutex<()>,
}

impl Tokens {
    /// Opens the PostgreSQL state store at `url` (making its table) and reads its tokens.
    pub fn open_postgres(url: &str) -> Result<Arc<Tokens>, String> {
        crate::off_runtime(|| Tokens::connect_postgres(url))
    }

    fn connect_postgres(url: &str) -> Result<Arc<Tokens>, String> {
        let mut client = postgres::Client::connect(url, postgres::NoTls).map_err(|e| format!("state store: {e}"))?;
        let mut tx = client.transaction().map_err(|e| e.to_string())?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&0x4849_4c45_4e53_544b_i64]).map_err(|e| e.to_string())?;
        tx.batch_execute(PG_SCHEMA).map_err(|e| format!("state store: {e}"))?;
        tx.commit().map_err(|e| e.to_string())?;
        let store = Store::Postgres { url: url.to_string(), client: Box::new(std::sync::Mutex::new(Some(client))) };
        let tokens = Tokens { store, by_hash: RwLock::new(HashMap::new()), changing: std::sync::Mutex::new(()) };
        tokens.reload()?;
        Ok(Arc::new(tokens))
    }

    /// Runs `work` on the PostgreSQL connection, connecting again when the last one failed.
    fn on_postgres<T>(
        &self,
        work: impl FnOnce(&mut postgres::Client) -> Result<T, postgres::Error>,
    ) -> Result<T, String> {
        let Store::Postgres { url, client } = &self.store else { return Err("not PostgreSQL".into()) };
        let mut client = client.lock().unwrap_or_else(|p| p.into_inner());
        if client.as_ref().is_none_or(|c| c.is_closed()) {
            *client = Some(postgres::Client::connect(url, postgres::NoTls).map_err(|e| format!("state store: {e}"))?);
        }
        let Some(c) = client.as_mut() else { return Err("no connection".into()) };
        let done = work(c).map_err(|e| format!("state store: {e}"));
        if done.is_err() {
            *client = None;
        }
        done
    }

    /// Opens (or creates, mode 0600) the store at `db` and reads its tokens.
    pub fn open(db: &Path) -> Result<Arc<Tokens>, String> {
        let named = |e: &dyn std::fmt::Display| format!("token store {}: {e}", db.display());
        if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| named(&e))?;
        }
        if !db.exists() {
            crate::audit::private_file(db).map_err(|e| named(&e))?;
        }
        let tokens = Tokens {
            store: Store::Sqlite(crate::state_db::StateDb::new(db)),
            by_hash: RwLock::new(HashMap::new()),
            changing: std::sync::Mutex::new(()),
        };
        tokens.sqlite(|conn| {
            conn.execute_batch(SCHEMA)?;
            // A store from before groups were kept.
            let has_groups = conn
                .prepare("SELECT 1 FROM pragma_table_info('api_tokens') WHERE name = 'groups'")
                .and_then(|mut s| s.exists([]))?;
            if !has_groups {
                conn.execute_batch("ALTER TABLE api_tokens ADD COLUMN groups TEXT NOT NULL DEFAULT '[]'")?;
            }
            Ok(())
        })?;
        tokens.reload()?;
        Ok(Arc::new(tokens))
    }

    /// Runs `work` on the SQLite store's one connection.
    fn sqlite<T>(&self, work: impl FnOnce(&mut Connection) -> rusqlite::Result<T>) -> Result<T, String> {
        let Store::Sqlite(db) = &self.store else { return Err("not SQLite".into()) };
        db.with(work).map_err(|e| format!("token store: {e}"))
    }

    /// Reads every live token again (and forgets expired ones for good).
    pub fn reload(&self) -> Result<(), String> {
        let _changing = self.changing.lock().unwrap_or_else(|p| p.into_inner());
        let now = now_ms();
        let rows: Vec<TokenRow> = match &self.store {
            Store::Sqlite(_) => self.sqlite(|conn| {
                conn.execute("DELETE FROM api_tokens WHERE expires_ms <= ?1", [now])?;
                let mut stmt = conn.prepare_cached(
                    "SELECT id, hash, owner, name, role, created_ms, expires_ms, groups FROM api_tokens",
                )?;
                let rows = stmt.query_map([], |r| {
                    Ok(row(r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?))
                })?;
                rows.collect::<Result<_, _>>()
            })?,
            Store::Postgres { .. } => self.on_postgres(|c| {
                c.execute("DELETE FROM api_tokens WHERE expires_ms <= $1", &[&now])?;
                let rows =
                    c.query("SELECT id, hash, owner, name, role, created_ms, expires_ms, groups FROM api_tokens", &[])?;
                Ok(rows
                    .iter()
                    .map(|r| row(r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5), r.get(6), r.get(7)))
                    .collect())
            })?,
        };
        let mut by_hash = HashMap::new();
        for (hash, token) in rows {
            let mut key = [0u8; 32];
            if hash.len() == 64
                && (0..32).all(|i| u8::from_str_radix(&hash[2 * i..2 * i + 2], 16).map(|b| key[i] = b).is_ok())
            {
                by_hash.insert(key, Arc::new(token));
            }
        }
        *self.by_hash.write().unwrap_or_else(|p| p.into_inner()) = by_hash;
        Ok(())
    }

    /// Re-reads the store every `every` while it is in use.
    pub fn watch(self: &Arc<Self>, every: Duration) {
        let tokens: Weak<Tokens> = Arc::downgrade(self);
        let watcher = move || loop {
            std::thread::sleep(every);
            let Some(tokens) = tokens.upgrade() else { return };
            if let Err(e) = tokens.reload() {
                tracing::error!(target: "hilens_portal::identity", "API tokens not re-read: {e}");
            }
        };
        if let Err(e) = std::thread::Builder::new().name("hilens-portal-tokens".into()).spawn(watcher) {
            tracing::error!(target: "hilens_portal::identity", "cannot watch the token store: {e}");
        }
    }

    /// The live token whose hash is `hash` (an expired one is no token).
    pub fn find(&self, hash: &TokenHash) -> Option<Arc<ApiToken>> {
        let found = self.by_hash.read().unwrap_or_else(|p| p.into_inner()).get(hash).cloned()?;
        (found.expires_ms > now_ms()).then_some(found)
    }

    /// The live token `id` (a roll-out made with it acts only while it lives).
    pub fn by_id(&self, id: &str) -> Option<Arc<ApiToken>> {
        let now = now_ms();
        let by_hash = self.by_hash.read().unwrap_or_else(|p| p.into_inner());
        by_hash.values().find(|t| t.id == id && t.expires_ms > now).cloned()
    }

    /// Makes a token for `owner` (blocking: a write to the store): the token as kept, and the
    /// token itself, which nobody will see again.
    pub fn create(
        &self,
        owner: &str,
        groups: &[String],
        name: &str,
        role: Option<&str>,
        days: u32,
    ) -> Result<(Arc<ApiToken>, String), String> {
        let mut secret = [0u8; 32];
        let mut id = [0u8; 8];
        getrandom::fill(&mut secret).map_err(|e| e.to_string())?;
        getrandom::fill(&mut id).map_err(|e| e.to_string())?;
        let token = format!("{TOKEN_PREFIX}{}", base64url(&secret));
        let now = now_ms();
        let expires_ms = now + i64::from(days) * 86_400_000;
        let made = ApiToken {
            id: hex(&id),
            name: name.into(),
            owner: owner.into(),
            role: role.map(Arc::from),
            groups: groups.to_vec(),
            created_ms: now,
            expires_ms,
            expires_at: crate::audit::timestamp(expires_ms),
        };
        let (hashed, groups) = (hex(&hash(&token)), serde_json::to_string(groups).unwrap_or_else(|_| "[]".into()));
        let _changing = self.changing.lock().unwrap_or_else(|p| p.into_inner());
        match &self.store {
            Store::Sqlite(_) => {
                self.sqlite(|conn| {
                    conn.execute(
                        "INSERT INTO api_tokens (id, hash, owner, name, role, created_ms, expires_ms, groups) \
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                        params![made.id, hashed, made.owner, made.name, role, made.created_ms, made.expires_ms, groups],
                    )
                })?;
            }
            Store::Postgres { .. } => {
                self.on_postgres(|c| {
                    c.execute(
                        "INSERT INTO api_tokens (id, hash, owner, name, role, created_ms, expires_ms, groups) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                        &[
                            &made.id,
                            &hashed,
                            &made.owner,
                            &made.name,
                            &role,
                            &made.created_ms,
                            &made.expires_ms,
                            &groups,
                        ],
                    )
                })?;
            }
        }
        let made = Arc::new(made);
        self.by_hash.write().unwrap_or_else(|p| p.into_inner()).insert(hash(&token), made.clone());
        Ok((made, token))
    }

    /// The live tokens of `owner` (everyone's with `None`), newest first.
    pub fn list(&self, owner: Option<&str>) -> Vec<TokenInfo> {
        let now = now_ms();
        let by_hash = self.by_hash.read().unwrap_or_else(|p| p.into_inner());
        let mut live: Vec<&Arc<ApiToken>> =
            by_hash.values().filter(|t| t.expires_ms > now && owner.is_none_or(|o| t.owner == o)).collect();
        live.sort_by(|a, b| b.created_ms.cmp(&a.created_ms).then_with(|| a.id.cmp(&b.id)));
        live.into_iter().map(|t| t.info()).collect()
    }

    /// Revokes the token `id` (of `owner` only, unless `None`; blocking): the token revoked, or
    /// `None` when there is no such token.
    pub fn revoke(&self, id: &str, owner: Option<&str>) -> Result<Option<Arc<ApiToken>>, String> {
        let found = {
            let by_hash = self.by_hash.read().unwrap_or_else(|p| p.into_inner());
            by_hash.iter().find(|(_, t)| t.id == id && owner.is_none_or(|o| t.owner == o)).map(|(h, t)| (*h, t.clone()))
        };
        let Some((key, token)) = found else { return Ok(None) };
        let _changing = self.changing.lock().unwrap_or_else(|p| p.into_inner());
        match &self.store {
            Store::Sqlite(_) => {
                self.sqlite(|conn| conn.execute("DELETE FROM api_tokens WHERE id = ?1", [id]))?;
            }
            Store::Postgres { .. } => {
                self.on_postgres(|c| c.execute("DELETE FROM api_tokens WHERE id = $1", &[&id]))?;
            }
        }
        self.by_hash.write().unwrap_or_else(|p| p.into_inner()).remove(&key);
        Ok(Some(token))
    }
}

#[allow(clippy::too_many_arguments)]
fn row(
    id: String,
    hash: String,
    owner: String,
    name: String,
    role: Option<String>,
    created_ms: i64,
    expires_ms: i64,
    groups: String,
) -> TokenRow {
    let token = ApiToken {
        id,
        name,
        owner,
        role: role.map(Arc::from),
        groups: serde_json::from_str(&groups).unwrap_or_default(),
        created_ms,
        expires_ms,
        expires_at: crate::audit::timestamp(expires_ms),
    };
    (hash, token)
}

fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 2);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_kept_hashed_found_listed_and_revoked() {
        let dir = std::env::temp_dir().join(format!("hilens-portal-tokens-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let tokens = Tokens::open(&dir.join("state.db")).unwrap();
        let (made, secret) = tokens.create("ada", &[], "ci", Some("viewer"), 30).unwrap();
        assert!(secret.starts_with("hlt_") && secret.len() == 4 + 43, "{secret}");
        let (_, other) = tokens.create("otto", &["line-1".to_string()], "laptop", None, 1).unwrap();
        assert_eq!(tokens.find(&hash(&secret)).unwrap().id, made.id);
        assert!(tokens.find(&hash("hlt_guess")).is_none());
        let stored = std::fs::read(dir.join("state.db")).unwrap_or_default();
        let wal = std::fs::read(dir.join("state.db-wal")).unwrap_or_default();
        for bytes in [stored, wal] {
            assert!(!String::from_utf8_lossy(&bytes).contains(&secret[4..]), "the token is not stored");
        }
        assert_eq!(tokens.list(Some("ada")).len(), 1);
        assert_eq!(tokens.list(None).len(), 2);
        assert_eq!(tokens.revoke(&made.id, Some("otto")).unwrap(), None, "not otto's");
        assert_eq!(tokens.revoke(&made.id, Some("ada")).unwrap().map(|t| t.name.clone()), Some("ci".into()));
        assert!(tokens.find(&hash(&secret)).is_none());
        // Another process's view: read from the store.
        let again = Tokens::open(&dir.join("state.db")).unwrap();
        assert!(again.find(&hash(&secret)).is_none());
        assert_eq!(again.find(&hash(&other)).unwrap().groups, vec!["line-1".to_string()]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(dir.join("state.db")).unwrap().permissions().mode() & 0o777, 0o600);
        }
        assert_eq!(base64url(b"\xfb\xff"), "-_8");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
