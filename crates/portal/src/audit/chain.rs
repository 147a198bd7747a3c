//! The chain: each record's `hash` is HMAC-SHA256, keyed by the audit key, of the record with
//! its `prev_hash` (the hash of the record before it) and without its own hash. Without the
//! key nobody can write a record that verifies; with the chain nobody can change, insert or
//! remove one unseen (the last records' removal shows against the head hash logged every
//! minute).
//!
//! A checkpoint (written when old records are removed) keeps the hash of the record it
//! replaces, so the chain after it still links, and authenticates itself in `prev_hash`: an
//! HMAC of the checkpoint with that field empty.

use std::io::Write;
use std::path::Path;

use hilens_model::portal::AuditRecord;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The `prev_hash` of the first record of a log.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The key of the chain's HMAC (`--audit-key-file`): at least 32 bytes; with it, the HMAC's
/// state after the key (made once, cloned for each record).
#[derive(Clone)]
pub struct AuditKey {
    keyed: Hmac<Sha256>,
}

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuditKey(..)")
    }
}

impl AuditKey {
    pub fn new(bytes: &[u8]) -> Result<AuditKey, String> {
        if bytes.len() < 32 {
            return Err("the audit key must be at least 32 bytes".into());
        }
        let keyed = <Hmac<Sha256> as Mac>::new_from_slice(bytes).map_err(|_| "the audit key cannot key an HMAC")?;
        Ok(AuditKey { keyed })
    }

    /// Reads the key file, or creates it (32 random bytes, mode 0600) when there is none. A
    /// file that others may read is refused.
    pub fn load_or_create(path: &Path) -> Result<AuditKey, String> {
        let named = |e: &dyn std::fmt::Display| format!("audit key {}: {e}", path.display());
        if !path.exists() {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| named(&e))?;
            }
            // Written aside and linked into place, so a process starting at the same moment
            // finds either no key or the whole key, and the first one's key is everyone's.
            let mut key = [0u8; 32];
            let mut tag = [0u8; 8];
            getrandom::fill(&mut key).map_err(|e| named(&e))?;
            getrandom::fill(&mut tag).map_err(|e| named(&e))?;
            let tag: String = tag.iter().map(|b| format!("{b:02x}")).collect();
            let aside = path.with_extension(format!("new-{tag}"));
            let mut file = private_file(&aside).map_err(|e| named(&e))?;
            file.write_all(&key).map_err(|e| named(&e))?;
            file.sync_all().map_err(|e| named(&e))?;
            let linked = std::fs::hard_link(&aside, path);
            let _ = std::fs::remove_file(&aside);
            match linked {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(named(&e)),
            }
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(path).map_err(|e| named(&e))?.permissions().mode();
            if mode & 0o077 != 0 {
                return Err(named(&format!("readable by others (mode {:o}); chmod 600 it", mode & 0o777)));
            }
        }
        AuditKey::new(&std::fs::read(path).map_err(|e| named(&e))?).map_err(|e| named(&e))
    }

    fn mac(&self, bytes: &[u8]) -> String {
        let mut mac = self.keyed.clone();
        mac.update(bytes);
        hilens_model::signing::hex(&mac.finalize().into_bytes())
    }

    /// The hash of `record` (its `hash` field left out).
    pub fn record_hash(&self, record: &AuditRecord) -> String {
        // A record being appended has no hash yet: it is hashed as it is, without a copy.
        if record.hash.is_empty() {
            return self.mac(&serde_json::to_vec(record).unwrap_or_default());
        }
        let content = AuditRecord { hash: String::new(), ..record.clone() };
        self.mac(&serde_json::to_vec(&content).unwrap_or_default())
    }

    /// A checkpoint's own seal (its `prev_hash` field left out, its `hash` in).
    pub fn checkpoint_seal(&self, checkpoint: &AuditRecord) -> String {
        let content = AuditRecord { prev_hash: String::new(), ..checkpoint.clone() };
        self.mac(&serde_json::to_vec(&content).unwrap_or_default())
    }
}

/// Creates `path` for its owner only (fails if it exists).
pub(crate) fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}
