//! The audit log: who did what, when, from where, and how it ended.
//!
//! - Records ([`hilens_model::portal::AuditRecord`]) are appended by one writer thread (never a
//!   serving thread) in SQLite (`store`), in batches: whatever is waiting goes in one
//!   transaction (group commit; under load the writer lingers a millisecond for more), WAL. A
//!   caller awaits its record's commit: a state-changing call is forwarded only once its intent
//!   is committed, and answered only once its result is (so no answered call is without its
//!   record, whatever stops the process). A commit is in the WAL, which outlives the process;
//!   the writer takes it to the disk within [`SYNC_EVERY`], so a machine that stops loses at
//!   most that much of the log.
//! - Each record is chained to the one before by an HMAC (`chain`), keyed by `--audit-key-file`;
//!   `verify` walks the chain and names the first broken link.
//! - Every minute the writer records the refusals of unknown callers counted in memory (401s,
//!   anti-forgery refusals: a flood of them cannot fill the disk), logs the head hash and the
//!   count, and removes records older than the retention, leaving a checkpoint.

mod chain;
mod csv;
mod postgres;
mod store;
pub mod verify;

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::Arc;
use std::time::{Duration, Instant};

use hilens_model::portal::{kind, AuditPage, AuditQuery, AuditRecord};

pub(crate) use chain::private_file;
pub use chain::{AuditKey, GENESIS};
pub use csv::csv;
pub use store::Head;

/// Records waiting for the writer at most; beyond that a call is refused (503) rather than
/// wait on a serving thread.
const QUEUE: usize = 4096;
/// Records one transaction takes at most.
const BATCH: usize = 512;
/// Under load (the last commit less than `BUSY` ago), the writer waits this long after a
/// batch's first record for more before it commits: one commit then carries every record
/// that arrived in that millisecond. A call after a quiet `BUSY` never waits for it.
/// `bench/portal-overhead` measured the cost of a state-changing call with and without
/// (docs/choices.md, "The audit log" and "What roles and the audit log cost a call").
const LINGER: Duration = Duration::from_millis(1);
const BUSY: Duration = Duration::from_millis(20);
/// A commit is in the WAL when it returns: it outlives the process (kill -9 included). The
/// writer takes the WAL to the disk at most this long after a commit, so a machine that stops
/// loses at most this much of the log (docs/choices.md, "The audit log").
const SYNC_EVERY: Duration = Duration::from_millis(100);

/// Where the log is kept.
#[derive(Clone)]
pub enum AuditStore {
    /// `<data-dir>/audit.db`: one replica's.
    Sqlite(PathBuf),
    /// A PostgreSQL URL (`--state-store`): one chain for every replica.
    Postgres(String),
}

impl std::fmt::Debug for AuditStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AuditStore::Sqlite(path) => write!(f, "{}", path.display()),
            // The URL may hold a password.
            AuditStore::Postgres(_) => f.write_str("the PostgreSQL state store"),
        }
    }
}

/// Where the log is and how it is kept.
#[derive(Debug, Clone)]
pub struct AuditConfig {
    pub store: AuditStore,
    pub key: AuditKey,
    /// Records older than this many days are removed (a checkpoint stays); `None`: kept.
    pub retention_days: Option<u32>,
    /// How often counts are written, the head logged and the retention applied (a minute).
    pub tick: Duration,
}

impl AuditConfig {
    /// The log in SQLite at `db` (`<data-dir>/audit.db`).
    pub fn new(db: PathBuf, key: AuditKey) -> AuditConfig {
        AuditConfig { store: AuditStore::Sqlite(db), key, retention_days: None, tick: Duration::from_secs(60) }
    }

    /// The log in the PostgreSQL database at `url`.
    pub fn postgres(url: String, key: AuditKey) -> AuditConfig {
        AuditConfig { store: AuditStore::Postgres(url), ..AuditConfig::new(PathBuf::new(), key) }
    }
}

/// The writer's end of the store.
enum Backend {
    /// The SQLite log, and the lock file that makes this process its only writer.
    Sqlite { store: store::Store, _lock: std::fs::File },
    /// A connection (made again after a failure) to the shared database.
    Postgres(Box<Option<::postgres::Client>>, String),
}

impl Backend {
    fn open(store: &AuditStore) -> Result<Backend, String> {
        Ok(match store {
            AuditStore::Sqlite(db) => {
                // One writer per log: a second process would fork the chain.
                let lock = store::lock(db)?;
                Backend::Sqlite { store: store::Store::new(store::open(db)?, db), _lock: lock }
            }
            AuditStore::Postgres(url) => Backend::Postgres(Box::new(Some(postgres::connect(url)?)), url.clone()),
        })
    }

    /// Runs `work` on the PostgreSQL connection (connecting again if the last one failed,
    /// and dropping it when this work fails).
    fn postgres<T>(
        client: &mut Option<::postgres::Client>,
        url: &str,
        work: impl FnOnce(&mut ::postgres::Client) -> Result<T, String>,
    ) -> Result<T, String> {
        if client.as_ref().is_none_or(|c| c.is_closed()) {
            *client = Some(postgres::connect(url)?);
        }
        let Some(c) = client.as_mut() else { return Err("no connection".into()) };
        let done = work(c);
        if done.is_err() {
            *client = None;
        }
        done
    }

    fn head(&mut self) -> Result<Head, String> {
        match self {
            Backend::Sqlite { store, .. } => store.head(),
            Backend::Postgres(c, url) => Backend::postgres(c, url, postgres::head),
        }
    }

    fn append(&mut self, head: &mut Head, key: &AuditKey, records: Vec<AuditRecord>) -> Result<Vec<i64>, String> {
        match self {
            Backend::Sqlite { store, .. } => store.append(head, key, records),
            Backend::Postgres(c, url) => Backend::postgres(c, url, |c| postgres::append(c, head, key, records)),
        }
    }

    /// Takes the log's last commits to the disk (PostgreSQL's commits are on it already).
    fn sync(&mut self) -> Result<bool, String> {
        match self {
            Backend::Sqlite { store, .. } => store.sync(),
            Backend::Postgres(..) => Ok(false),
        }
    }

    fn prune(&mut self, head: &mut Head, key: &AuditKey, before: &str, now: &str) -> Result<u64, String> {
        match self {
            Backend::Sqlite { store, .. } => store.prune(head, key, before, now),
            Backend::Postgres(c, url) => Backend::postgres(c, url, |c| postgres::prune(c, head, key, before, now)),
        }
    }
}

/// Every record of the log at `store` in order, for `verify`.
pub(crate) fn each_record(
    store: &AuditStore,
    visit: impl FnMut(AuditRecord) -> Result<(), String>,
) -> Result<(), String> {
    match store {
        AuditStore::Sqlite(db) => store::each_record(&store::open_read_only(db)?, visit),
        AuditStore::Postgres(url) => postgres::each_record(&mut postgres::connect(url)?, visit),
    }
}

/// The record could not be written (the disk, the database, or a writer too far behind):
/// what depended on it does not happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuditUnavailable;

/// Refusals of unknown callers, counted between two ticks.
#[derive(Default)]
struct Counts {
    unauthenticated: AtomicU64,
    forged: AtomicU64,
}

struct Job {
    /// `None`: nothing to write, only to learn that everything before is written.
    record: Option<AuditRecord>,
    done: Option<tokio::sync::oneshot::Sender<Result<i64, AuditUnavailable>>>,
}

/// The handle the proxy holds: hands records to the writer thread.
pub struct Audit {
    jobs: SyncSender<Job>,
    counts: Arc<Counts>,
    store: AuditStore,
}

impl Audit {
    /// Opens (or creates) the log and starts its writer thread, which stops once the handle
    /// is dropped and what was handed over is written.
    pub fn open(config: AuditConfig) -> Result<Arc<Audit>, String> {
        let (mut backend, head) = crate::off_runtime(|| {
            let mut backend = Backend::open(&config.store)?;
            let head = backend.head()?;
            Ok::<_, String>((backend, head))
        })?;
        let (jobs, queue) = mpsc::sync_channel::<Job>(QUEUE);
        let counts = Arc::new(Counts::default());
        let writer = Writer { config: config.clone(), counts: counts.clone(), head };
        std::thread::Builder::new()
            .name("hilens-audit".into())
            .spawn(move || writer.run(&mut backend, queue))
            .map_err(|e| format!("cannot start the audit writer: {e}"))?;
        Ok(Arc::new(Audit { jobs, counts, store: config.store }))
    }

    /// Appends `record` (its `seq`, `prev_hash` and `hash` are the writer's) and returns its
    /// number once it is committed.
    pub async fn write(&self, record: AuditRecord) -> Result<i64, AuditUnavailable> {
        let (done, committed) = tokio::sync::oneshot::channel();
        match self.jobs.try_send(Job { record: Some(record), done: Some(done) }) {
            Ok(()) => committed.await.unwrap_or(Err(AuditUnavailable)),
            Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => Err(AuditUnavailable),
        }
    }

    /// Returns once every record handed over before is written (at shutdown).
    pub async fn flush(&self) {
        let (done, written) = tokio::sync::oneshot::channel();
        if self.jobs.send(Job { record: None, done: Some(done) }).is_ok() {
            let _ = written.await;
        }
    }

    /// Hands `record` over without waiting for it.
    pub fn send(&self, record: AuditRecord) {
        if self.jobs.try_send(Job { record: Some(record), done: None }).is_err() {
            tracing::error!(target: "hilens_portal::audit", "the audit writer is behind: a record was dropped");
        }
    }

    /// A 401 answered to an unknown caller (counted, recorded per minute).
    pub fn count_unauthenticated(&self) {
        self.counts.unauthenticated.fetch_add(1, Ordering::Relaxed);
    }

    /// A call refused for lacking the console's anti-forgery header (counted, recorded per minute).
    pub fn count_forged(&self) {
        self.counts.forged.fetch_add(1, Ordering::Relaxed);
    }

    /// The records matching `q` (reads the database: run it off the serving threads).
    pub fn query(&self, q: &AuditQuery) -> Result<AuditPage, String> {
        match &self.store {
            AuditStore::Sqlite(db) => store::query(&store::open_read_only(db)?, q),
            AuditStore::Postgres(url) => postgres::query(&mut postgres::connect(url)?, q),
        }
    }
}

struct Writer {
    config: AuditConfig,
    counts: Arc<Counts>,
    head: Head,
}

impl Writer {
    fn run(mut self, store: &mut Backend, queue: mpsc::Receiver<Job>) {
        let mut next_tick = Instant::now() + self.config.tick;
        let mut last_commit: Option<Instant> = None;
        // When the commits not yet on the disk must be synced.
        let mut sync_due: Option<Instant> = None;
        loop {
            let wake = sync_due.map_or(next_tick, |due| due.min(next_tick));
            let wait = wake.saturating_duration_since(Instant::now());
            let first = match queue.recv_timeout(wait) {
                Ok(job) => Some(job),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => break,
            };
            if let Some(first) = first {
                if last_commit.is_some_and(|at| at.elapsed() < BUSY) {
                    std::thread::sleep(LINGER);
                }
                let mut batch = vec![first];
                while batch.len() < BATCH {
                    match queue.try_recv() {
                        Ok(job) => batch.push(job),
                        Err(_) => break,
                    }
                }
                self.append(store, batch);
                last_commit = Some(Instant::now());
                sync_due.get_or_insert_with(|| Instant::now() + SYNC_EVERY);
            }
            if Instant::now() >= next_tick {
                self.tick(store);
                next_tick = Instant::now() + self.config.tick;
            }
            if sync_due.is_some_and(|due| Instant::now() >= due) {
                sync_due = None;
                self.sync(store);
            }
        }
        self.tick(store);
        self.sync(store);
    }

    fn sync(&mut self, store: &mut Backend) {
        if let Err(e) = store.sync() {
            tracing::error!(target: "hilens_portal::audit", "the audit log could not be synced to the disk: {e}");
        }
    }

    fn append(&mut self, store: &mut Backend, batch: Vec<Job>) {
        let mut records = Vec::with_capacity(batch.len());
        let mut waiting = Vec::with_capacity(batch.len());
        for job in batch {
            waiting.push((job.record.is_some(), job.done));
            records.extend(job.record);
        }
        match store.append(&mut self.head, &self.config.key, records) {
            Ok(numbers) => {
                let mut numbers = numbers.into_iter();
                for (wrote, done) in waiting {
                    // A flush gets the last number written before it.
                    let seq = if wrote { numbers.next().unwrap_or(self.head.seq) } else { self.head.seq };
                    if let Some(done) = done {
                        let _ = done.send(Ok(seq));
                    }
                }
            }
            Err(e) => {
                tracing::error!(target: "hilens_portal::audit", "audit records not written: {e}");
                for (_, done) in waiting {
                    if let Some(done) = done {
                        let _ = done.send(Err(AuditUnavailable));
                    }
                }
            }
        }
    }

    /// The minute's counts, the head in the log, the retention.
    fn tick(&mut self, store: &mut Backend) {
        let unauthenticated = self.counts.unauthenticated.swap(0, Ordering::Relaxed);
        let forged = self.counts.forged.swap(0, Ordering::Relaxed);
        if unauthenticated + forged > 0 {
            let mut record = AuditRecord {
                kind: kind::COUNTS.into(),
                ts: now(),
                operation: hilens_model::portal::operation::REFUSALS.into(),
                ..Default::default()
            };
            record.params.insert("unauthenticated".into(), unauthenticated.to_string());
            record.params.insert("forged".into(), forged.to_string());
            self.append(store, vec![Job { record: Some(record), done: None }]);
        }
        if let Some(days) = self.config.retention_days {
            let before = timestamp(now_ms() - i64::from(days) * 86_400_000);
            match store.prune(&mut self.head, &self.config.key, &before, &now()) {
                Ok(0) => {}
                Ok(n) => {
                    tracing::info!(target: "hilens_portal::audit", removed = n, before, "audit records past the retention removed")
                }
                Err(e) => tracing::error!(target: "hilens_portal::audit", "audit retention failed: {e}"),
            }
        }
        tracing::info!(
            target: "hilens_portal::audit",
            head = self.head.hash.as_str(),
            seq = self.head.seq,
            count = self.head.count,
            "audit head"
        );
    }
}

fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

/// ISO 8601 in UTC with milliseconds, as records carry it: `2026-12-05T10:00:00.123Z`.
pub fn timestamp(ms: i64) -> String {
    hilens_model::time::iso8601_ms(ms)
}

/// Now, as records carry it.
pub fn now() -> String {
    timestamp(now_ms())
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Dir(PathBuf);

    impl Dir {
        fn new(name: &str) -> Dir {
            let dir = std::env::temp_dir().join(format!("hilens-portal-audit-{}-{name}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            Dir(dir)
        }
    }

    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn call(user: &str, operation: &str, record_kind: &str) -> AuditRecord {
        AuditRecord {
            kind: record_kind.into(),
            ts: now(),
            user: user.into(),
            operation: operation.into(),
            method: "POST".into(),
            ..Default::default()
        }
    }

    fn sql(db: &std::path::Path, statement: &str) {
        rusqlite::Connection::open(db).unwrap().execute_batch(statement).unwrap();
    }

    /// Waits until the writer of a dropped handle has finished (dropping the handle does not wait
    /// for its thread, which writes what was handed over, then lets go of the log).
    fn released(db: &std::path::Path) {
        for _ in 0..500 {
            if store::lock(db).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("the writer of {} did not let go of it", db.display());
    }

    #[test]
    fn a_commit_returns_once_in_the_wal_and_a_sync_takes_it_to_the_disk() {
        let dir = Dir::new("synced");
        let key = AuditKey::load_or_create(&dir.0.join("audit.key")).unwrap();
        let db = dir.0.join("audit.db");
        let mut store = store::Store::new(store::open(&db).unwrap(), &db);
        let mut head = store.head().unwrap();
        assert!(!store.sync().unwrap(), "nothing committed, nothing to sync");
        store.append(&mut head, &key, vec![call("ada", "stop_node", kind::INTENT)]).unwrap();
        // Committed: another connection (another process, after a kill -9) reads it.
        let seen: i64 = rusqlite::Connection::open(&db)
            .unwrap()
            .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
            .unwrap();
        assert_eq!(seen, 1);
        assert!(store.sync().unwrap(), "the commit is synced");
        assert!(!store.sync().unwrap(), "once");
        store.prune(&mut head, &key, "2000-01-01T00:00:00Z", &now()).unwrap();
        store.append(&mut head, &key, vec![call("ada", "sign_in", kind::EVENT)]).unwrap();
        assert!(store.sync().unwrap());
        assert_eq!(head.seq, 2);
    }

    #[tokio::test]
    async fn the_chain_verifies_and_names_an_edited_removed_or_truncated_record() {
        let dir = Dir::new("chain");
        let key = AuditKey::load_or_create(&dir.0.join("audit.key")).unwrap();
        let db = dir.0.join("audit.db");
        let audit = Audit::open(AuditConfig::new(db.clone(), key.clone())).unwrap();
        let intent = audit.write(call("ada", "delete_node", kind::INTENT)).await.unwrap();
        let result =
            AuditRecord { intent: Some(intent), status: Some(200), ..call("ada", "delete_node", kind::RESULT) };
        audit.write(result).await.unwrap();
        let open = audit.write(call("otto", "switch_node_connection", kind::INTENT)).await.unwrap();
        for i in 0..5 {
            audit.write(call(&format!("u{i}"), "sign_in", kind::EVENT)).await.unwrap();
        }
        drop(audit);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            for file in ["audit.db", "audit.key"] {
                let mode = std::fs::metadata(dir.0.join(file)).unwrap().permissions().mode() & 0o777;
                assert_eq!(mode, 0o600, "{file}");
            }
        }
        let ok = verify::verify(&db, &key).unwrap();
        assert_eq!((ok.records, ok.head_seq, ok.open_intents.clone()), (8, 8, vec![open]));

        let other = AuditKey::new(&[7u8; 32]).unwrap();
        assert!(verify::verify(&db, &other).unwrap_err().contains("record 1 was changed"));

        let copy = dir.0.join("edited.db");
        let edit = |statement: &str| {
            let _ = std::fs::remove_file(&copy);
            let original = rusqlite::Connection::open(&db).unwrap();
            original.execute("VACUUM INTO ?1", [copy.to_str().unwrap()]).unwrap();
            sql(&copy, statement);
            verify::verify(&copy, &key).unwrap_err()
        };
        assert_eq!(
            edit("UPDATE audit_log SET user = 'eve' WHERE seq = 4"),
            "record 4 was changed: its hash does not match its content"
        );
        assert!(edit("UPDATE audit_log SET params = '{\"x\":\"1\"}' WHERE seq = 2").starts_with("record 2 was changed"));
        assert!(edit("DELETE FROM audit_log WHERE seq = 5").starts_with("record 6 does not follow record 4"));
        assert!(edit("DELETE FROM audit_log WHERE seq <= 2").contains("starts at record 3 without a checkpoint"));
    }

    #[tokio::test]
    async fn retention_leaves_a_checkpoint_the_chain_starts_from_and_counts_are_recorded() {
        let dir = Dir::new("retention");
        let key = AuditKey::new(&[1u8; 32]).unwrap();
        let db = dir.0.join("audit.db");
        {
            let audit = Audit::open(AuditConfig::new(db.clone(), key.clone())).unwrap();
            for i in 0..4 {
                audit.write(call(&format!("old{i}"), "sign_in", kind::EVENT)).await.unwrap();
            }
        }
        released(&db);
        // Age the first four records by a year, then open with a retention of 30 days.
        sql(&db, "UPDATE audit_log SET ts = '2025-01-01T00:00:00.000Z'");
        let audit = Audit::open(AuditConfig {
            retention_days: Some(30),
            tick: Duration::from_millis(50),
            ..AuditConfig::new(db.clone(), key.clone())
        })
        .unwrap();
        // The aged records no longer verify (their ts changed): retention removes them.
        audit.count_unauthenticated();
        audit.count_unauthenticated();
        audit.count_forged();
        tokio::time::sleep(Duration::from_millis(300)).await;
        audit.write(call("new", "sign_in", kind::EVENT)).await.unwrap();
        let page = audit.query(&AuditQuery::default()).unwrap();
        drop(audit);
        let kinds: Vec<&str> = page.records.iter().rev().map(|r| r.kind.as_str()).collect();
        assert_eq!(kinds, vec![kind::CHECKPOINT, kind::COUNTS, kind::EVENT], "{page:?}");
        let counts = &page.records[1];
        assert_eq!((counts.params["unauthenticated"].as_str(), counts.params["forged"].as_str()), ("2", "1"));
        assert_eq!(page.records[2].params.get("removed").map(String::as_str), Some("4"));
        let ok = verify::verify(&db, &key).unwrap();
        assert_eq!((ok.records, ok.head_seq), (3, 6));
        let forged = dir.0.join("forged.db");
        rusqlite::Connection::open(&db).unwrap().execute("VACUUM INTO ?1", [forged.to_str().unwrap()]).unwrap();
        sql(&forged, "UPDATE audit_log SET params = '{\"removed\":\"1\"}' WHERE kind = 'checkpoint'");
        assert!(verify::verify(&forged, &key).unwrap_err().contains("(a checkpoint) was changed"));
    }

    #[tokio::test]
    async fn one_process_writes_a_log_at_a_time_and_a_key_is_made_once() {
        let dir = Dir::new("lock");
        let key_path = dir.0.join("audit.key");
        let keys: Vec<_> = std::thread::scope(|s| {
            let makers: Vec<_> = (0..4).map(|_| s.spawn(|| AuditKey::load_or_create(&key_path).unwrap())).collect();
            makers.into_iter().map(|m| m.join().unwrap()).collect()
        });
        assert!(keys
            .windows(2)
            .all(|k| k[0].record_hash(&AuditRecord::default()) == k[1].record_hash(&AuditRecord::default())));
        let config = AuditConfig::new(dir.0.join("audit.db"), keys[0].clone());
        let first = Audit::open(config.clone()).unwrap();
        let err = Audit::open(config.clone()).err().unwrap();
        assert!(err.contains("written by another process"), "{err}");
        drop(first);
        // The writer lets go once it has stopped.
        let mut reopened = None;
        for _ in 0..50 {
            if let Ok(a) = Audit::open(config.clone()) {
                reopened = Some(a);
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert!(reopened.is_some());
    }

    #[tokio::test]
    async fn queries_filter_by_user_operation_status_and_time() {
        let dir = Dir::new("query");
        let audit = Audit::open(AuditConfig::new(dir.0.join("audit.db"), AuditKey::new(&[2u8; 32]).unwrap())).unwrap();
        for (user, op, status) in
            [("ada", "delete_node", 200), ("otto", "delete_node", 403), ("ada", "create_node", 200)]
        {
            audit.write(AuditRecord { status: Some(status), ..call(user, op, kind::CALL) }).await.unwrap();
        }
        let q = |user: Option<&str>, op: Option<&str>, status: Option<u32>| AuditQuery {
            user: user.map(Into::into),
            operation: op.map(Into::into),
            status,
            ..Default::default()
        };
        assert_eq!(audit.query(&q(Some("ada"), None, None)).unwrap().total, 2);
        assert_eq!(audit.query(&q(None, Some("delete_node"), Some(403))).unwrap().records[0].user, "otto");
        let page = audit.query(&AuditQuery { limit: Some(1), offset: Some(1), ..Default::default() }).unwrap();
        assert_eq!((page.total, page.records.len(), page.records[0].seq), (3, 1, 2), "newest first");
        let future = AuditQuery { from: Some("2999-01-01T00:00:00Z".into()), ..Default::default() };
        assert_eq!(audit.query(&future).unwrap().total, 0);
        let past = AuditQuery { to: Some("2000-01-01T00:00:00Z".into()), ..Default::default() };
        assert_eq!(audit.query(&past).unwrap().total, 0);
        assert_eq!(timestamp(1_764_928_800_123), "2025-12-05T10:00:00.123Z");
    }

    #[tokio::test]
    async fn a_record_that_cannot_be_written_fails_its_caller_at_once_and_the_log_goes_on_after() {
        let dir = Dir::new("fails");
        let db = dir.0.join("audit.db");
        let audit = Audit::open(AuditConfig::new(db.clone(), AuditKey::new(&[4u8; 32]).unwrap())).unwrap();
        assert_eq!(audit.write(call("ada", "stop", kind::CALL)).await, Ok(1));
        // The table renamed away under the writer: its insert fails.
        sql(&db, "ALTER TABLE audit_log RENAME TO elsewhere");
        let failed = tokio::time::timeout(Duration::from_secs(5), audit.write(call("ada", "stop", kind::CALL))).await;
        assert_eq!(failed, Ok(Err(AuditUnavailable)));
        tokio::time::timeout(Duration::from_secs(5), audit.flush()).await.unwrap();
        sql(&db, "ALTER TABLE elsewhere RENAME TO audit_log");
        assert_eq!(audit.write(call("ada", "stop", kind::CALL)).await, Ok(2), "nothing half-written");
        drop(audit);
        released(&db);
        assert_eq!(verify::verify(&db, &AuditKey::new(&[4u8; 32]).unwrap()).unwrap().records, 2);
    }
}
