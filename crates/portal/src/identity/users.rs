//! Local console accounts (`--users-file`): a name, an Argon2 hash of the password, a role
//! and optionally the workspaces the user is limited to.
//!
//! ```toml
//! [[users]]
//! name = "ops"
//! password_hash = "$argon2id$..."    # hilens-proxy --hash-password
//! role = "operator"                  # viewer, operator, admin or a role of --roles-file
//! workspaces = ["ws-line-1"]         # optional: only these workspaces
//! ```

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

/// One `[[users]]` entry as written in the file.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocalUser {
    pub name: String,
    pub password_hash: String,
    /// Required: a users file from before roles (no `role`) is refused, naming the entry.
    pub role: Option<String>,
    pub workspaces: Option<Vec<String>>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct UsersFile {
    #[serde(default)]
    pub users: Vec<LocalUser>,
}

impl LocalUser {
    /// How errors name the entry: its place in the file and its name.
    pub(super) fn entry(&self, index: usize) -> String {
        format!("[[users]] entry {} (name = {:?})", index + 1, self.name)
    }

    /// Whether `password` is this user's (in constant time, by Argon2).
    pub fn verify(&self, password: &str) -> bool {
        verify_password(&self.password_hash, password)
    }
}

/// Whether `password` matches the PHC string `hash`.
pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).map(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok()).unwrap_or(false)
}

/// Whether `hash` is a PHC string Argon2 can check against.
pub(super) fn check_hash(hash: &str) -> Result<(), String> {
    PasswordHash::new(hash).map(|_| ()).map_err(|e| format!("password_hash: {e}"))
}

/// An Argon2id hash of `password`, for the users file (`hilens-proxy --hash-password`).
pub fn hash_password(password: &str) -> Result<String, String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| e.to_string())?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| e.to_string())?;
    Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| e.to_string())
}

/// A hash of a random password, checked against when the user name is unknown, so that
/// timing does not tell which names exist.
pub const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Q2G1dQ0b6Bv0N9Wm9e8S3Zb5H7a0E1m3wJ1Yp2cXk8E";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_against_their_hash() {
        let hash = hash_password("s3cret-pass").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password(&hash, "s3cret-pass"));
        assert!(!verify_password(&hash, "s3cret-pasS"));
        assert!(!verify_password(DUMMY_HASH, ""));
        assert!(!verify_password("not a hash", ""));
    }
}
