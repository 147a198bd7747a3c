//! Where roll-outs are kept: `<data-dir>/state.db` (SQLite, beside the API tokens) or the
//! PostgreSQL state store shared by replicas. The same statements run on both (`sql`).
//!
//! - `rollouts`: one row each, the roll-out as the API shows it (`doc`, JSON) and what only the
//!   driver reads (`driver`: whose authority, bookkeeping), with `version`, bumped by every
//!   write, so a write made from a stale read is refused ([`SaveError::Stale`]) and redone.
//! - `rollout_locks`: the deployments an active roll-out holds (the old and, once made, the
//!   new one); a deployment is held by one roll-out at most (its primary key).
//! - `rollout_events`: the timeline, appended in the transaction of the change it tells.
//! - `rollout_lease`: which driver may act, until when, and its generation: a takeover bumps
//!   the generation, and every step of the driver is recorded only if its generation is still
//!   the lease's ([`Fence`]), in the same transaction, so a stalled driver cannot record (nor,
//!   reading its refusal, act on) anything after a takeover.

use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

use hilens_model::rollouts::{Rollout, RolloutQuery, RolloutState, TimelineEvent, DEFAULT_ROLLOUT_PAGE, STATE_ACTIVE};
use serde::{Deserialize, Serialize};

use super::sql::{DbError, Tx, Val};

const SCHEMA_SQLITE: &str = "
CREATE TABLE IF NOT EXISTS rollouts (
    id TEXT PRIMARY KEY,
    deployment_id TEXT NOT NULL,
    new_deployment_id TEXT,
    new_deployment_name TEXT UNIQUE,
    state TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL,
    version INTEGER NOT NULL,
    doc TEXT NOT NULL,
    driver TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS rollouts_by_deployment ON rollouts (deployment_id);
CREATE INDEX IF NOT EXISTS rollouts_by_new_deployment ON rollouts (new_deployment_id);
CREATE INDEX IF NOT EXISTS rollouts_by_state ON rollouts (state);
CREATE TABLE IF NOT EXISTS rollout_locks (
    deployment_id TEXT PRIMARY KEY,
    rollout_id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS rollout_events (
    rollout_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (rollout_id, seq)
);
CREATE TABLE IF NOT EXISTS rollout_lease (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    generation INTEGER NOT NULL,
    expires_ms INTEGER NOT NULL
);
";

const SCHEMA_POSTGRES: &str = "
CREATE TABLE IF NOT EXISTS rollouts (
    id TEXT PRIMARY KEY,
    deployment_id TEXT NOT NULL,
    new_deployment_id TEXT,
    new_deployment_name TEXT UNIQUE,
    state TEXT NOT NULL,
    created_ms BIGINT NOT NULL,
    updated_ms BIGINT NOT NULL,
    version BIGINT NOT NULL,
    doc TEXT NOT NULL,
    driver TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS rollouts_by_deployment ON rollouts (deployment_id);
CREATE INDEX IF NOT EXISTS rollouts_by_new_deployment ON rollouts (new_deployment_id);
CREATE INDEX IF NOT EXISTS rollouts_by_state ON rollouts (state);
CREATE TABLE IF NOT EXISTS rollout_locks (
    deployment_id TEXT PRIMARY KEY,
    rollout_id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS rollout_events (
    rollout_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (rollout_id, seq)
);
CREATE TABLE IF NOT EXISTS rollout_lease (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    generation BIGINT NOT NULL,
    expires_ms BIGINT NOT NULL
);
";

/// The same advisory lock number for every replica: the schema is made by one at a time.
const SCHEMA_LOCK: i64 = 0x4849_4c45_4e53_524f;
/// The lease's one row.
const LEASE: &str = "driver";

/// Whose authority a roll-out acts with, as recorded at its creation (never shown).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Authority {
    /// The creator (or, after an `iam` resume, whoever resumed it with their token).
    pub user: String,
    /// How they signed in: `users`, `header`, `oidc`, `token`, `iam`, `none`.
    pub auth_method: String,
    pub role: String,
    /// Their groups, where a gateway or the identity provider gave them.
    pub groups: Vec<String>,
    /// The API token it was made with, if any: it must still exist at each step.
    pub token_id: Option<String>,
    /// `iam` mode: their IAM token, sealed (nonce ‖ AES-256-GCM, base64), and when it expires.
    pub sealed_token: Option<String>,
    pub token_expires_ms: Option<i64>,
}

/// What only the driver reads of a roll-out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DriverState {
    pub authority: Authority,
    pub project_id: String,
    /// The old instance each device had when the driver deleted it: an instance seen there
    /// again afterwards came back (drift).
    pub deleted: std::collections::BTreeMap<String, String>,
    /// The new deployment's instance each device had when a rollback deleted it.
    pub returned: std::collections::BTreeMap<String, String>,
    /// Timeline events told once (the deletion of a deployment), whatever is decided again.
    pub said: std::collections::BTreeSet<String>,
    /// The last failure to reach HiLens that the timeline told (told again only when it changes).
    pub last_error: Option<String>,
}

/// A roll-out as kept: what the API shows, what the driver reads, and its row version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub rollout: Rollout,
    pub driver: DriverState,
    pub version: i64,
}

/// The lease a driver holds: its name and generation, checked with every step it records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fence {
    pub holder: String,
    pub generation: i64,
}

/// The outcome of asking for the lease.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease {
    pub fence: Fence,
    /// Another driver held it until it expired (a takeover), or this one's had lapsed.
    pub took_over_from: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveError {
    /// The row changed since it was read: read again and decide again.
    Stale,
    /// Another driver holds the lease now (or this one's lapsed): act no more.
    LeaseLost,
    /// A deployment is held by another roll-out (named).
    Held(String),
    /// The new deployment's name is another roll-out's.
    NameTaken,
    Db(String),
}

impl From<DbError> for SaveError {
    fn from(e: DbError) -> SaveError {
        SaveError::Db(e.message)
    }
}

impl std::fmt::Display for SaveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SaveError::Stale => f.write_str("the roll-out changed meanwhile"),
            SaveError::LeaseLost => f.write_str("another driver holds the lease"),
            SaveError::Held(id) => write!(f, "held by roll-out {id}"),
            SaveError::NameTaken => f.write_str("the new deployment's name is taken"),
            SaveError::Db(e) => write!(f, "state store: {e}"),
        }
    }
}

enum Backend {
    Sqlite(crate::state_db::StateDb),
    Postgres { url: String, client: Mutex<Option<postgres::Client>> },
}

/// The roll-outs' store.
pub struct RolloutStore {
    backend: Backend,
}

fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

fn db(e: impl std::fmt::Display) -> String {
    format!("roll-out store: {e}")
}

impl RolloutStore {
    /// Opens (or creates, mode 0600) the SQLite store at `db` and makes its tables.
    pub fn open(path: &Path) -> Result<RolloutStore, String> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(db)?;
        }
        if !path.exists() {
            // Someone else may make it at the same moment: that is fine.
            let _ = crate::audit::private_file(path);
        }
        let state = crate::state_db::StateDb::new(path);
        state.with(|conn| conn.execute_batch(SCHEMA_SQLITE)).map_err(db)?;
        Ok(RolloutStore { backend: Backend::Sqlite(state) })
    }

    /// Connects to the PostgreSQL state store at `url` and makes its tables (once, whichever
    /// replica comes first).
    pub fn open_postgres(url: &str) -> Result<RolloutStore, String> {
        crate::off_runtime(|| {
            let mut client =
                postgres::Client::connect(url, postgres::NoTls).map_err(|e| format!("state store: {e}"))?;
            let mut tx = client.transaction().map_err(db)?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK]).map_err(db)?;
            tx.batch_execute(SCHEMA_POSTGRES).map_err(db)?;
            tx.commit().map_err(db)?;
            Ok(RolloutStore { backend: Backend::Postgres { url: url.to_string(), client: Mutex::new(Some(client)) } })
        })
    }

    /// Runs `work` in one transaction (SQLite: `BEGIN IMMEDIATE`, one writer at a time;
    /// PostgreSQL: a fresh connection after a failure), committing when it succeeds.
    fn in_tx<T, E: From<DbError>>(&self, work: impl FnOnce(&mut dyn Tx, &Clock) -> Result<T, E>) -> Result<T, E> {
        match &self.backend {
            Backend::Sqlite(state) => {
                // A failure of the file at BEGIN or COMMIT: the next transaction opens it again.
                let mut broken = false;
                let mut failed = |e: rusqlite::Error| {
                    broken |= crate::state_db::file_failure(&e);
                    E::from(e.into())
                };
                let done = state
                    .with_conn(|conn| {
                        let mut tx = conn
                            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                            .map_err(&mut failed)?;
                        let clock = Clock { now: now_ms(), postgres: false };
                        let out = work(&mut tx, &clock)?;
                        tx.commit().map_err(&mut failed)?;
                        Ok(out)
                    })
                    .map_err(|e| E::from(DbError::other(db(e))))?;
                if broken {
                    state.reset();
                }
                done
            }
            Backend::Postgres { url, client } => {
                let mut guard = client.lock().unwrap_or_else(|p| p.into_inner());
                if guard.as_ref().is_none_or(|c| c.is_closed()) {
                    let fresh = postgres::Client::connect(url, postgres::NoTls)
                        .map_err(|e| E::from(DbError::other(format!("state store: {e}"))))?;
                    *guard = Some(fresh);
                }
                let Some(conn) = guard.as_mut() else { return Err(E::from(DbError::other("no connection"))) };
                let result = (|| {
                    let mut tx = conn.transaction().map_err(|e| E::from(e.into()))?;
                    // One clock for every replica: the database's.
                    let now = tx
                        .query_one("SELECT (extract(epoch from clock_timestamp()) * 1000)::bigint", &[])
                        .map_err(|e| E::from(e.into()))?
                        .get::<_, i64>(0);
                    let clock = Clock { now, postgres: true };
                    let out = work(&mut tx, &clock)?;
                    tx.commit().map_err(|e| E::from(e.into()))?;
                    Ok(out)
                })();
                if result.is_err() && guard.as_ref().is_some_and(|c| c.is_closed()) {
                    *guard = None;
                }
                result
            }
        }
    }

    /// [`in_tx`](Self::in_tx) for work whose errors are text.
    fn tx<T>(&self, work: impl FnOnce(&mut dyn Tx, &Clock) -> Result<T, String>) -> Result<T, String> {
        self.in_tx::<T, SaveError>(|tx, clock| work(tx, clock).map_err(SaveError::Db)).map_err(|e| match e {
            SaveError::Db(e) => e,
            other => other.to_string(),
        })
    }

    /// Keeps a new roll-out, holding its deployment, with its first timeline events; refused
    /// when a roll-out already holds the deployment ([`SaveError::Held`]) or its new
    /// deployment's name is another's ([`SaveError::NameTaken`]).
    pub fn create(&self, rollout: &Rollout, driver: &DriverState, events: &[TimelineEvent]) -> Result<(), SaveError> {
        let doc = serde_json::to_string(rollout).map_err(|e| SaveError::Db(e.to_string()))?;
        let internal = serde_json::to_string(driver).map_err(|e| SaveError::Db(e.to_string()))?;
        self.in_tx(|tx, clock| {
            hold(tx, &rollout.id, &held_by(rollout))?;
            let inserted = tx.exec(
                "INSERT INTO rollouts (id, deployment_id, new_deployment_id, new_deployment_name, state, created_ms,
                    updated_ms, version, doc, driver) VALUES ($1, $2, $3, $4, $5, $6, $6, 1, $7, $8)",
                &[
                    rollout.id.as_str().into(),
                    rollout.deployment_id.as_str().into(),
                    Val::opt_text(rollout.new_deployment_id.as_deref()),
                    Val::opt_text(rollout.new_deployment_name.as_deref()),
                    state_of(rollout).into(),
                    clock.now.into(),
                    doc.clone().into(),
                    internal.clone().into(),
                ],
            );
            match inserted {
                Err(e) if e.unique_violation => return Err(SaveError::NameTaken),
                other => other?,
            };
            append(tx, &rollout.id, events)?;
            Ok(())
        })
    }

    /// Writes `stored` back (its `version` being the one read) with `events`; with a `fence`,
    /// only while that driver still holds the lease. An active roll-out holds its deployments,
    /// an ended one lets them go. Returns the new version.
    pub fn save(&self, stored: &Stored, events: &[TimelineEvent], fence: Option<&Fence>) -> Result<i64, SaveError> {
        let r = &stored.rollout;
        let doc = serde_json::to_string(r).map_err(|e| SaveError::Db(e.to_string()))?;
        let internal = serde_json::to_string(&stored.driver).map_err(|e| SaveError::Db(e.to_string()))?;
        self.in_tx(|tx, clock| {
            if let Some(fence) = fence {
                let lease = read_lease(tx, clock)?;
                let valid = lease.as_ref().is_some_and(|(holder, generation, expires)| {
                    *holder == fence.holder && *generation == fence.generation && *expires > clock.now
                });
                if !valid {
                    return Err(SaveError::LeaseLost);
                }
            }
            let changed = tx.exec(
                "UPDATE rollouts SET new_deployment_id = $3, state = $4, updated_ms = $5, version = version + 1,
                    doc = $6, driver = $7 WHERE id = $1 AND version = $2",
                &[
                    r.id.as_str().into(),
                    stored.version.into(),
                    Val::opt_text(r.new_deployment_id.as_deref()),
                    state_of(r).into(),
                    clock.now.into(),
                    doc.clone().into(),
                    internal.clone().into(),
                ],
            )?;
            if changed == 0 {
                return Err(SaveError::Stale);
            }
            if r.state.is_some_and(RolloutState::is_active) {
                hold(tx, &r.id, &held_by(r))?;
            } else {
                tx.exec("DELETE FROM rollout_locks WHERE rollout_id = $1", &[r.id.as_str().into()])?;
            }
            append(tx, &r.id, events)?;
            Ok(stored.version + 1)
        })
    }

    pub fn get(&self, id: &str) -> Result<Option<Stored>, String> {
        self.tx(|tx, _| {
            let rows = tx.query("SELECT doc, driver, version FROM rollouts WHERE id = $1", &[id.into()]).map_err(db)?;
            rows.first().map(stored_of).transpose()
        })
    }

    /// The roll-out's timeline, oldest first.
    pub fn timeline(&self, id: &str) -> Result<Vec<TimelineEvent>, String> {
        self.tx(|tx, _| {
            let rows = tx
                .query("SELECT doc FROM rollout_events WHERE rollout_id = $1 ORDER BY seq", &[id.into()])
                .map_err(db)?;
            Ok(rows.iter().filter_map(|r| serde_json::from_str(r[0].text()?).ok()).collect())
        })
    }

    /// Roll-outs of a deployment (the old or the new one) in a state, newest first, and how
    /// many match.
    pub fn list(&self, q: &RolloutQuery) -> Result<(u64, Vec<Rollout>), String> {
        let mut filter = String::from(" WHERE 1 = 1");
        let mut params: Vec<Val> = Vec::new();
        if let Some(d) = &q.deployment_id {
            params.push(d.as_str().into());
            filter.push_str(&format!(" AND (deployment_id = ${0} OR new_deployment_id = ${0})", params.len()));
        }
        match q.state.as_deref() {
            Some(STATE_ACTIVE) => filter.push_str(" AND state IN ('running', 'paused', 'rolling_back')"),
            Some(s) => {
                params.push(s.into());
                filter.push_str(&format!(" AND state = ${}", params.len()));
            }
            None => {}
        }
        let limit = i64::from(q.limit.unwrap_or(DEFAULT_ROLLOUT_PAGE));
        let offset = i64::from(q.offset.unwrap_or(0));
        self.tx(|tx, _| {
            let total = tx.query(&format!("SELECT COUNT(*) FROM rollouts{filter}"), &params).map_err(db)?;
            let total = total.first().and_then(|r| r[0].int()).unwrap_or(0) as u64;
            let mut page = params.clone();
            page.push(limit.into());
            page.push(offset.into());
            let sql = format!(
                "SELECT doc FROM rollouts{filter} ORDER BY created_ms DESC, id LIMIT ${} OFFSET ${}",
                params.len() + 1,
                params.len() + 2
            );
            let rows = tx.query(&sql, &page).map_err(db)?;
            Ok((total, rows.iter().filter_map(|r| serde_json::from_str(r[0].text()?).ok()).collect()))
        })
    }

    /// The roll-out holding any of `deployments`, if one does.
    pub fn holder_of(&self, deployments: &[&str]) -> Result<Option<String>, String> {
        self.tx(|tx, _| {
            for d in deployments {
                let rows = tx
                    .query("SELECT rollout_id FROM rollout_locks WHERE deployment_id = $1", &[(*d).into()])
                    .map_err(db)?;
                if let Some(id) = rows.first().and_then(|r| r[0].text().map(str::to_string)) {
                    return Ok(Some(id));
                }
            }
            Ok(None)
        })
    }

    /// New deployment names that roll-outs have taken, starting with `prefix`.
    pub fn names_taken(&self, prefix: &str) -> Result<Vec<String>, String> {
        // Names hold only lower-case letters, digits and `-`: nothing LIKE would read as a pattern.
        let pattern = format!("{}%", prefix.replace(['%', '_', '\\'], ""));
        self.tx(|tx, _| {
            let rows = tx
                .query("SELECT new_deployment_name FROM rollouts WHERE new_deployment_name LIKE $1", &[pattern.into()])
                .map_err(db)?;
            Ok(rows.iter().filter_map(|r| r[0].text().map(str::to_string)).collect())
        })
    }

    /// The roll-outs the driver moves (running or rolling back), oldest first.
    pub fn moving(&self) -> Result<Vec<String>, String> {
        self.tx(|tx, _| {
            let rows = tx
                .query(
                    "SELECT id FROM rollouts WHERE state IN ('running', 'rolling_back') ORDER BY created_ms, id",
                    &[],
                )
                .map_err(db)?;
            Ok(rows.iter().filter_map(|r| r[0].text().map(str::to_string)).collect())
        })
    }

    /// Takes or renews the driver's lease for `holder` for `ttl`: `None` while another driver's
    /// lease runs. Taking it bumps the generation, so the previous holder's fence is void.
    pub fn lease(&self, holder: &str, ttl: Duration) -> Result<Option<Lease>, String> {
        let ttl = ttl.as_millis() as i64;
        self.tx(|tx, clock| {
            tx.exec(
                "INSERT INTO rollout_lease (name, holder, generation, expires_ms) VALUES ($1, '', 0, 0)
                 ON CONFLICT (name) DO NOTHING",
                &[LEASE.into()],
            )
            .map_err(db)?;
            let Some((current, generation, expires)) = read_lease(tx, clock).map_err(|e| e.to_string())? else {
                return Err(db("the lease row is missing"));
            };
            let expires_at = clock.now + ttl;
            if current == holder && expires > clock.now {
                tx.exec("UPDATE rollout_lease SET expires_ms = $2 WHERE name = $1", &[LEASE.into(), expires_at.into()])
                    .map_err(db)?;
                return Ok(Some(Lease { fence: Fence { holder: holder.into(), generation }, took_over_from: None }));
            }
            if expires > clock.now {
                return Ok(None);
            }
            tx.exec(
                "UPDATE rollout_lease SET holder = $2, generation = $3, expires_ms = $4 WHERE name = $1",
                &[LEASE.into(), holder.into(), (generation + 1).into(), expires_at.into()],
            )
            .map_err(db)?;
            let took_over_from = (!current.is_empty()).then_some(current);
            Ok(Some(Lease { fence: Fence { holder: holder.into(), generation: generation + 1 }, took_over_from }))
        })
    }

    /// Gives the lease up (a driver stopping cleanly), so another can take it at once.
    pub fn release(&self, fence: &Fence) -> Result<(), String> {
        self.tx(|tx, _| {
            tx.exec(
                "UPDATE rollout_lease SET expires_ms = 0 WHERE name = $1 AND holder = $2 AND generation = $3",
                &[LEASE.into(), fence.holder.as_str().into(), fence.generation.into()],
            )
            .map_err(db)?;
            Ok(())
        })
    }
}

/// The moment of a transaction, and where it is.
struct Clock {
    now: i64,
    postgres: bool,
}

fn state_of(r: &Rollout) -> &'static str {
    r.state.map_or("running", RolloutState::name)
}

/// The deployments a roll-out holds while active.
fn held_by(r: &Rollout) -> Vec<String> {
    let mut held = vec![r.deployment_id.clone()];
    held.extend(r.new_deployment_id.clone().filter(|n| !n.is_empty() && *n != r.deployment_id));
    held
}

/// Holds `deployments` for roll-out `id`, or names the roll-out that holds one already.
fn hold(tx: &mut dyn Tx, id: &str, deployments: &[String]) -> Result<(), SaveError> {
    for d in deployments {
        let rows = tx.query("SELECT rollout_id FROM rollout_locks WHERE deployment_id = $1", &[d.as_str().into()])?;
        match rows.first().and_then(|r| r[0].text()) {
            Some(holder) if holder == id => continue,
            Some(holder) => return Err(SaveError::Held(holder.to_string())),
            None => {}
        }
        match tx.exec(
            "INSERT INTO rollout_locks (deployment_id, rollout_id) VALUES ($1, $2)",
            &[d.as_str().into(), id.into()],
        ) {
            // Another replica held it between the read and the insert.
            Err(e) if e.unique_violation => return Err(SaveError::Held(String::from("another roll-out"))),
            other => other?,
        };
    }
    Ok(())
}

fn append(tx: &mut dyn Tx, id: &str, events: &[TimelineEvent]) -> Result<(), DbError> {
    if events.is_empty() {
        return Ok(());
    }
    let last = tx.query("SELECT MAX(seq) FROM rollout_events WHERE rollout_id = $1", &[id.into()])?;
    let mut seq = last.first().and_then(|r| r[0].int()).unwrap_or(0);
    for e in events {
        seq += 1;
        let doc = serde_json::to_string(e).map_err(|e| DbError::other(e.to_string()))?;
        tx.exec(
            "INSERT INTO rollout_events (rollout_id, seq, doc) VALUES ($1, $2, $3)",
            &[id.into(), seq.into(), doc.into()],
        )?;
    }
    Ok(())
}

/// The lease's holder, generation and expiry (locked for the transaction on PostgreSQL; SQLite's
/// immediate transaction holds the whole file).
fn read_lease(tx: &mut dyn Tx, clock: &Clock) -> Result<Option<(String, i64, i64)>, DbError> {
    let sql = if clock.postgres {
        "SELECT holder, generation, expires_ms FROM rollout_lease WHERE name = $1 FOR UPDATE"
    } else {
        "SELECT holder, generation, expires_ms FROM rollout_lease WHERE name = $1"
    };
    let rows = tx.query(sql, &[LEASE.into()])?;
    Ok(rows
        .first()
        .map(|r| (r[0].text().unwrap_or_default().to_string(), r[1].int().unwrap_or(0), r[2].int().unwrap_or(0))))
}

fn stored_of(row: &Vec<Val>) -> Result<Stored, String> {
    let rollout = serde_json::from_str(row[0].text().unwrap_or_default()).map_err(db)?;
    let driver = serde_json::from_str(row[1].text().unwrap_or_default()).map_err(db)?;
    Ok(Stored { rollout, driver, version: row[2].int().unwrap_or(0) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use hilens_model::rollouts::RolloutState;

    fn store(name: &str) -> (RolloutStore, std::path::PathBuf) {
        let dir = std::env::temp_dir().join(format!("hilens-portal-rollouts-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        (RolloutStore::open(&dir.join("state.db")).unwrap(), dir)
    }

    fn rollout(id: &str, deployment: &str) -> Rollout {
        Rollout {
            id: id.into(),
            deployment_id: deployment.into(),
            new_deployment_name: Some(format!("{deployment}-r2")),
            state: Some(RolloutState::Running),
            ..Rollout::default()
        }
    }

    fn event(what: &str) -> TimelineEvent {
        TimelineEvent { event: what.into(), ..TimelineEvent::default() }
    }

    #[test]
    fn a_deployment_is_held_by_one_active_rollout_and_let_go_when_it_ends() {
        let (store, dir) = store("locks");
        store.create(&rollout("ro-1", "d1"), &DriverState::default(), &[event("created")]).unwrap();
        assert_eq!(
            store.create(&rollout("ro-2", "d1"), &DriverState::default(), &[]),
            Err(SaveError::Held("ro-1".into()))
        );
        assert_eq!(store.holder_of(&["dx", "d1"]).unwrap(), Some("ro-1".into()));

        // The new deployment is held too once made; the timeline grows with each change.
        let mut s = store.get("ro-1").unwrap().unwrap();
        s.rollout.new_deployment_id = Some("d2".into());
        let v = store.save(&s, &[event("devices_joined")], None).unwrap();
        assert_eq!(store.holder_of(&["d2"]).unwrap(), Some("ro-1".into()));
        let active =
            || store.list(&RolloutQuery { state: Some(STATE_ACTIVE.into()), ..RolloutQuery::default() }).unwrap().0;
        assert_eq!(active(), 1, "state=active: running, paused or rolling back");
        assert_eq!(store.save(&s, &[], None), Err(SaveError::Stale), "a write from a stale read is refused");
        s.version = v;
        s.rollout.state = Some(RolloutState::Aborted);
        store.save(&s, &[event("aborted")], None).unwrap();
        assert_eq!(store.holder_of(&["d1", "d2"]).unwrap(), None);
        let timeline: Vec<String> = store.timeline("ro-1").unwrap().into_iter().map(|e| e.event).collect();
        assert_eq!(timeline, ["created", "devices_joined", "aborted"]);

        // A new name is one roll-out's only.
        assert_eq!(store.create(&rollout("ro-3", "d1"), &DriverState::default(), &[]), Err(SaveError::NameTaken));
        assert_eq!(store.names_taken("d1-r").unwrap(), ["d1-r2"]);
        let (total, listed) =
            store.list(&RolloutQuery { deployment_id: Some("d2".into()), ..RolloutQuery::default() }).unwrap();
        assert_eq!((total, listed[0].id.as_str()), (1, "ro-1"));
        let (total, _) =
            store.list(&RolloutQuery { state: Some("running".into()), ..RolloutQuery::default() }).unwrap();
        assert_eq!(total, 0);
        assert_eq!(active(), 0, "an aborted roll-out is not active");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn one_driver_holds_the_lease_and_a_takeover_voids_the_old_fence() {
        let (store, dir) = store("lease");
        store.create(&rollout("ro-1", "d1"), &DriverState::default(), &[]).unwrap();
        let a = store.lease("a", Duration::from_millis(300)).unwrap().unwrap();
        assert_eq!((a.fence.generation, a.took_over_from.clone()), (1, None));
        assert_eq!(store.lease("b", Duration::from_millis(300)).unwrap(), None, "a holds it");
        assert_eq!(store.lease("a", Duration::from_millis(300)).unwrap().unwrap().fence, a.fence, "renewed");
        let s = store.get("ro-1").unwrap().unwrap();
        let v = store.save(&s, &[], Some(&a.fence)).unwrap();
        std::thread::sleep(Duration::from_millis(350));
        let b = store.lease("b", Duration::from_millis(300)).unwrap().unwrap();
        assert_eq!((b.fence.generation, b.took_over_from.as_deref()), (2, Some("a")));
        let s = Stored { version: v, ..s };
        assert_eq!(store.save(&s, &[], Some(&a.fence)), Err(SaveError::LeaseLost), "a's fence is void");
        store.save(&s, &[], Some(&b.fence)).unwrap();
        store.release(&b.fence).unwrap();
        assert!(store.lease("a", Duration::from_millis(300)).unwrap().is_some(), "given up: taken at once");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
