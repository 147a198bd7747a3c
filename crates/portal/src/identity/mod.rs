//! Who the caller is, and what they were granted.
//!
//! - `users`: the local accounts of `--users-file` (`[[users]]` with `name`, `password_hash`,
//!   `role` and optional `workspaces`);
//! - `roles`: `--roles-file`, custom roles (`[[roles]]`) and group bindings (`[[bindings]]`);
//! - `directory`: both files as one current [`Snapshot`], swapped whole when they change;
//! - `tokens`: API tokens, acting for their owner with at most a role;
//! - `oidc`: sign-in with an OpenID provider (code flow, PKCE, nonce).
//!
//! A [`Grant`] is resolved on every request from the current snapshot, never kept in a session,
//! so a changed role or a removed user takes effect at the next call.

mod directory;
pub mod oidc;
mod roles;
pub mod tokens;
mod users;

use std::sync::Arc;

use hilens_model::{BuiltinRole, PermissionSet};

pub use directory::{Directory, Snapshot};
pub use roles::{GroupBinding, RolesFile};
pub use users::{hash_password, LocalUser};

/// What a caller may do now: a role's permissions, and the workspaces they are limited to.
/// Cloning it copies two reference counts, nothing else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// The role's name, as `/auth/session` and the audit log say it.
    pub role: Arc<str>,
    pub permissions: PermissionSet,
    /// `None`: every workspace; otherwise these (at least one; the first is where lists that
    /// name none are sent).
    pub workspaces: Option<Arc<[String]>>,
}

impl Grant {
    /// Everything, in every workspace, under `role`: the `iam` mode (IAM decides) and the
    /// `none` mode (nobody signs in, on loopback or behind an SSO gateway).
    pub fn everything(role: &str) -> Grant {
        Grant { role: Arc::from(role), permissions: PermissionSet::all(), workspaces: None }
    }

    /// A built-in role, in every workspace.
    pub fn builtin(role: BuiltinRole) -> Grant {
        Grant { role: Arc::from(role.name()), permissions: role.permissions(), workspaces: None }
    }

    /// Whether the caller may work in `workspace_id`.
    pub fn in_workspace(&self, workspace_id: &str) -> bool {
        self.workspaces.as_ref().is_none_or(|w| w.iter().any(|id| id == workspace_id))
    }
}

/// Reads a `workspaces = [...]` of a user or a binding: absent is every workspace; a list
/// must name at least one, each non-empty and at most 64 characters (a workspace id's rule).
fn workspaces(list: Option<Vec<String>>, entry: &str) -> Result<Option<Arc<[String]>>, String> {
    let Some(list) = list else { return Ok(None) };
    if list.is_empty() {
        return Err(format!("{entry}: workspaces = [] allows no workspace; leave it out for every workspace"));
    }
    if let Some(bad) = list.iter().find(|w| w.is_empty() || w.chars().count() > 64) {
        return Err(format!("{entry}: workspace id {bad:?} must be 1 to 64 characters"));
    }
    Ok(Some(list.into()))
}
