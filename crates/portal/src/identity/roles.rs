//! `--roles-file`: custom roles beside the built-in `viewer`, `operator` and `admin`, and the
//! roles of groups (from an identity provider or an SSO gateway).
//!
//! ```toml
//! [[roles]]
//! name = "deployer"
//! permissions = ["deployments:*", "instances:*", "devices:read", "skills:read"]
//!
//! [[bindings]]
//! group = "line-1-operators"
//! role = "operator"
//! workspaces = ["ws-line-1"]         # optional
//! ```

use std::collections::HashMap;

use hilens_model::{BuiltinRole, PermissionSet};

use super::Grant;

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RolesFile {
    #[serde(default)]
    roles: Vec<RoleEntry>,
    #[serde(default)]
    bindings: Vec<BindingEntry>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RoleEntry {
    name: String,
    /// Exact names (`devices:read`), `<domain>:*` or `*`.
    permissions: Vec<String>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct BindingEntry {
    group: String,
    role: String,
    workspaces: Option<Vec<String>>,
}

/// A group's grant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupBinding {
    pub group: String,
    pub grant: Grant,
}

/// Every role by name: the built-in ones and a roles file's.
pub(super) type Roles = HashMap<String, PermissionSet>;

impl RolesFile {
    /// The roles (built-in first; a custom role may not reuse their names or repeat itself)
    /// and the group bindings, or an error naming the entry.
    pub(super) fn resolve(self) -> Result<(Roles, Vec<GroupBinding>), String> {
        let mut roles: Roles = BuiltinRole::ALL.iter().map(|r| (r.name().to_string(), r.permissions())).collect();
        for (i, role) in self.roles.into_iter().enumerate() {
            let entry = format!("[[roles]] entry {} (name = {:?})", i + 1, role.name);
            if role.name.trim().is_empty()
                || [hilens_model::IAM_ROLE, hilens_model::ANONYMOUS_ROLE].contains(&role.name.as_str())
            {
                return Err(format!("{entry}: a role needs a name other than iam and anonymous"));
            }
            let permissions = PermissionSet::parse(role.permissions.iter().map(String::as_str))
                .map_err(|e| format!("{entry}: {e}"))?;
            if roles.insert(role.name.clone(), permissions).is_some() {
                return Err(format!("{entry}: a role of that name exists already"));
            }
        }
        let mut bindings = Vec::with_capacity(self.bindings.len());
        for (i, b) in self.bindings.into_iter().enumerate() {
            let entry = format!("[[bindings]] entry {} (group = {:?})", i + 1, b.group);
            if b.group.is_empty() {
                return Err(format!("{entry}: group must not be empty"));
            }
            let grant = grant(&roles, &b.role, b.workspaces, &entry)?;
            bindings.push(GroupBinding { group: b.group, grant });
        }
        Ok((roles, bindings))
    }
}

/// The grant of `role` (which must exist) in `workspaces`.
pub(super) fn grant(roles: &Roles, role: &str, workspaces: Option<Vec<String>>, entry: &str) -> Result<Grant, String> {
    let Some(permissions) = roles.get(role) else {
        let mut known: Vec<&str> = roles.keys().map(String::as_str).collect();
        known.sort_unstable();
        return Err(format!("{entry}: unknown role {role:?} (known: {})", known.join(", ")));
    };
    Ok(Grant { role: role.into(), permissions: *permissions, workspaces: super::workspaces(workspaces, entry)? })
}
