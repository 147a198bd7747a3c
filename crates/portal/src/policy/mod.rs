//! What a caller may do: every operation needs one permission
//! (`OperationId::permission`), checked against the caller's [`Grant`] before anything is
//! forwarded; a caller limited to workspaces is held to them ([`workspaces`]); and the one
//! answer the proxy rewrites for everyone: secret values leave `list_secrets` and
//! `show_secret` answers for callers without `secrets:reveal`.

mod secrets;
pub mod workspaces;

use hilens_model::{BuiltinRole, OperationId, Permission};

use crate::identity::Grant;

pub use secrets::remove_secret_values;

/// A call the caller may not make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Denied {
    /// Their role lacks this permission.
    Missing(Permission),
    /// It reaches outside their workspaces (what and where).
    Workspace(String),
}

impl Denied {
    /// What the 403 says after its code's text: the permission and the least built-in role
    /// that has it (what to ask an admin for), or what lies outside their workspaces.
    pub fn detail(&self) -> String {
        match self {
            Denied::Missing(p) => {
                format!("needs {}, which the {} role has", p.name(), BuiltinRole::least_with(*p).name())
            }
            Denied::Workspace(why) => why.clone(),
        }
    }
}

/// Whether `grant` allows a call of `op` (a bit test: nothing allocated).
pub fn authorize(grant: &Grant, op: OperationId) -> Result<(), Denied> {
    let needed = op.permission();
    if grant.permissions.contains(needed) {
        Ok(())
    } else {
        Err(Denied::Missing(needed))
    }
}

/// Whether the answer of `op` must lose its secret values before `grant`'s caller sees it.
pub fn hides_secret_values(grant: &Grant, op: OperationId) -> bool {
    matches!(op, OperationId::ListSecrets | OperationId::ShowSecret)
        && !grant.permissions.contains(Permission::SecretsReveal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_role_allows_what_it_has_and_names_what_it_lacks() {
        let viewer = Grant::builtin(BuiltinRole::Viewer);
        assert_eq!(authorize(&viewer, OperationId::ShowNodes), Ok(()));
        let denied = authorize(&viewer, OperationId::SwitchNodeConnection).unwrap_err();
        assert_eq!(denied.detail(), "needs devices:operate, which the operator role has");
        let operator = Grant::builtin(BuiltinRole::Operator);
        assert_eq!(authorize(&operator, OperationId::SwitchNodeConnection), Ok(()));
        assert_eq!(authorize(&operator, OperationId::DeleteNode), Err(Denied::Missing(Permission::DevicesDelete)));
        assert!(hides_secret_values(&operator, OperationId::ShowSecret));
        assert!(!hides_secret_values(&operator, OperationId::ShowNode));
        assert!(!hides_secret_values(&Grant::builtin(BuiltinRole::Admin), OperationId::ListSecrets));
        assert!(!hides_secret_values(&Grant::everything("iam"), OperationId::ListSecrets));
    }
}
