//! An IAM user's token kept at rest for a roll-out (`iam` mode): AES-256-GCM under the
//! replicas' session key (or `<data-dir>/rollout.key`), a fresh nonce each time, the roll-out's
//! id as associated data (a sealed token cannot be moved to another roll-out), in base64.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;

const NONCE_BYTES: usize = 12;

pub fn seal(key: &[u8; 32], rollout: &str, token: &[u8]) -> Option<String> {
    let mut nonce = [0u8; NONCE_BYTES];
    getrandom::fill(&mut nonce).ok()?;
    let cipher = Aes256Gcm::new(key.into());
    let sealed = cipher.encrypt(Nonce::from_slice(&nonce), Payload { msg: token, aad: rollout.as_bytes() }).ok()?;
    let mut out = nonce.to_vec();
    out.extend_from_slice(&sealed);
    Some(base64::engine::general_purpose::STANDARD.encode(out))
}

pub fn open(key: &[u8; 32], rollout: &str, sealed: &str) -> Option<Vec<u8>> {
    let bytes = base64::engine::general_purpose::STANDARD.decode(sealed).ok()?;
    if bytes.len() < NONCE_BYTES {
        return None;
    }
    let (nonce, ct) = bytes.split_at(NONCE_BYTES);
    Aes256Gcm::new(key.into()).decrypt(Nonce::from_slice(nonce), Payload { msg: ct, aad: rollout.as_bytes() }).ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_sealed_token_opens_for_its_rollout_only() {
        let key = [3u8; 32];
        let sealed = super::seal(&key, "ro-1", b"MIIE-token").unwrap();
        assert!(!sealed.contains("MIIE"));
        assert_eq!(super::open(&key, "ro-1", &sealed).as_deref(), Some(&b"MIIE-token"[..]));
        assert_eq!(super::open(&key, "ro-2", &sealed), None, "bound to its roll-out");
        assert_eq!(super::open(&[4u8; 32], "ro-1", &sealed), None, "another key");
        assert_eq!(super::open(&key, "ro-1", "AAAA"), None);
    }
}
