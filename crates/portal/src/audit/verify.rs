//! `hilens-proxy audit verify`: walks the chain from its start and stops at the first broken
//! link, naming the record; reports intents whose result was never written (the process
//! stopped between the call and its answer).

use std::collections::BTreeSet;
use std::path::Path;

use hilens_model::portal::{kind, AuditRecord};

use super::chain::{AuditKey, GENESIS};
use super::AuditStore;

/// A chain that holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub records: u64,
    /// The last record's number and hash (compare with the head the proxy logged).
    pub head_seq: i64,
    pub head_hash: String,
    /// Intents without a result, by number.
    pub open_intents: Vec<i64>,
}

/// Walks the SQLite log at `db` with `key`: `Err` names the first broken link (or why it
/// cannot be read).
pub fn verify(db: &Path, key: &AuditKey) -> Result<Verified, String> {
    verify_store(&AuditStore::Sqlite(db.to_path_buf()), key)
}

/// Walks the log at `store` with `key`.
pub fn verify_store(store: &AuditStore, key: &AuditKey) -> Result<Verified, String> {
    let mut out = Verified { records: 0, head_seq: 0, head_hash: GENESIS.into(), open_intents: Vec::new() };
    let mut open = BTreeSet::new();
    super::each_record(store, |r| {
        check(key, &r, &out)?;
        out.records += 1;
        out.head_seq = r.seq;
        out.head_hash = r.hash.clone();
        match r.kind.as_str() {
            kind::INTENT => {
                open.insert(r.seq);
            }
            kind::RESULT => {
                if let Some(i) = r.intent {
                    open.remove(&i);
                }
            }
            _ => {}
        }
        Ok(())
    })?;
    out.open_intents = open.into_iter().collect();
    Ok(out)
}

/// Whether `r` follows what was verified so far.
fn check(key: &AuditKey, r: &AuditRecord, so_far: &Verified) -> Result<(), String> {
    let first = so_far.records == 0;
    if r.kind == kind::CHECKPOINT {
        if !first {
            return Err(format!("record {} is a checkpoint in the middle of the log", r.seq));
        }
        if key.checkpoint_seal(r) != r.prev_hash {
            return Err(format!("record {} (a checkpoint) was changed: its seal does not match", r.seq));
        }
        return Ok(());
    }
    if first && r.prev_hash != GENESIS {
        return Err(format!(
            "the log starts at record {} without a checkpoint: the records before it were removed",
            r.seq
        ));
    }
    if !first && (r.prev_hash != so_far.head_hash || r.seq != so_far.head_seq + 1) {
        return Err(format!(
            "record {} does not follow record {}: a record between them was removed, inserted or changed",
            r.seq, so_far.head_seq
        ));
    }
    if key.record_hash(r) != r.hash {
        return Err(format!("record {} was changed: its hash does not match its content", r.seq));
    }
    Ok(())
}
