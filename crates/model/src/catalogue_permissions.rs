//! Who may call what: every operation of the catalogue needs exactly one permission,
//! `<domain>:<verb>` ([`OperationId::permission`], an exhaustive match, so a new operation
//! without one does not compile), and the built-in roles are sets of them ([`BuiltinRole`]).
//! The proxy checks a caller's permissions before forwarding; the console reads them from
//! `/auth/session` to disable what the user may not do, with the reason.

use crate::catalogue::{Method, Operation, OperationId};

macro_rules! permissions {
    ($($variant:ident = $name:literal,)*) => {
        /// One permission, `<domain>:<verb>`. Verbs: `read` (every read), `write` (create and
        /// update), `operate` (start, stop, pause, resume), `delete`, and a few of their own:
        /// `secrets:reveal` (see secret values), `devices:provision` (registration and new
        /// certificates hand out private keys), `firmware:upgrade`, `audit:read`,
        /// `tokens:admin` (list and revoke anyone's API tokens), `deployments:rollout` (staged
        /// roll-outs, which the proxy drives: it implies the deletes they make, of the old
        /// deployment's instances and of the deployment left empty).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Permission {
            $($variant,)*
        }

        impl Permission {
            /// Every permission, in a fixed order (the bit order of [`PermissionSet`]).
            pub const ALL: &'static [Permission] = &[$(Permission::$variant,)*];

            /// `devices:read`, as roles files, messages and `/auth/session` say it.
            pub fn name(self) -> &'static str {
                match self {
                    $(Permission::$variant => $name,)*
                }
            }
        }
    };
}

permissions! {
    SkillsRead = "skills:read",
    OrdersRead = "orders:read",
    OrdersWrite = "orders:write",
    WorkspacesRead = "workspaces:read",
    WorkspacesWrite = "workspaces:write",
    WorkspacesDelete = "workspaces:delete",
    FirmwareRead = "firmware:read",
    FirmwareUpgrade = "firmware:upgrade",
    ServiceOrdersRead = "service_orders:read",
    ActivationRead = "activation:read",
    ActivationWrite = "activation:write",
    AlarmsRead = "alarms:read",
    DevicesRead = "devices:read",
    DevicesWrite = "devices:write",
    DevicesOperate = "devices:operate",
    DevicesDelete = "devices:delete",
    DevicesProvision = "devices:provision",
    TagsRead = "tags:read",
    TagsWrite = "tags:write",
    DeploymentsRead = "deployments:read",
    DeploymentsWrite = "deployments:write",
    DeploymentsOperate = "deployments:operate",
    DeploymentsDelete = "deployments:delete",
    DeploymentsRollout = "deployments:rollout",
    InstancesRead = "instances:read",
    InstancesOperate = "instances:operate",
    InstancesDelete = "instances:delete",
    JobsRead = "jobs:read",
    JobsWrite = "jobs:write",
    JobsDelete = "jobs:delete",
    ConfigmapsRead = "configmaps:read",
    ConfigmapsWrite = "configmaps:write",
    ConfigmapsDelete = "configmaps:delete",
    SecretsRead = "secrets:read",
    SecretsWrite = "secrets:write",
    SecretsDelete = "secrets:delete",
    SecretsReveal = "secrets:reveal",
    AuditRead = "audit:read",
    TokensAdmin = "tokens:admin",
}

impl Permission {
    pub fn parse(name: &str) -> Option<Permission> {
        Permission::ALL.iter().copied().find(|p| p.name() == name)
    }

    /// `devices` of `devices:read`.
    pub fn domain(self) -> &'static str {
        self.name().split_once(':').map_or("", |(d, _)| d)
    }

    /// `read` of `devices:read`.
    pub fn verb(self) -> &'static str {
        self.name().split_once(':').map_or("", |(_, v)| v)
    }

    fn bit(self) -> u64 {
        1 << (self as u32)
    }
}

impl OperationId {
    /// The one permission a call of this operation needs.
    pub fn permission(self) -> Permission {
        use OperationId as O;
        use Permission as P;
        match self {
            O::ShowSkillList | O::ShowSkillInfo => P::SkillsRead,
            O::ShowSkillOrderList | O::ShowSkillOrderInfo => P::OrdersRead,
            O::CreateOrderForm | O::SetDefaultOrderForm => P::OrdersWrite,
            O::ListWorkSpaces | O::ShowWorkSpace => P::WorkspacesRead,
            O::CreateWorkSpace | O::UpdateWorkSpace => P::WorkspacesWrite,
            O::DeleteWorkSpace => P::WorkspacesDelete,
            O::ListFirmwares | O::ShowUpgradeProgress => P::FirmwareRead,
            O::UpdateNodeFirmware => P::FirmwareUpgrade,
            O::ListPlatformManager => P::ServiceOrdersRead,
            O::ShowNodeActivationRecords => P::ActivationRead,
            O::UnfreezeNode | O::FreezeNode => P::ActivationWrite,
            O::ListDeviceAlarms => P::AlarmsRead,
            O::ShowNodes | O::ShowNode | O::ListDevices => P::DevicesRead,
            O::UpdateNode => P::DevicesWrite,
            O::SwitchNodeConnection => P::DevicesOperate,
            O::DeleteNode => P::DevicesDelete,
            O::CreateNode | O::UpdateNodeCert => P::DevicesProvision,
            O::ListResourceTags | O::ShowResourceTags => P::TagsRead,
            // Removing a tag edits a resource's tags; it deletes no resource.
            O::CreateResourceTags | O::BatchCreateNodeTags | O::DeleteResourceTag => P::TagsWrite,
            O::ShowDeployments | O::ShowDeployment => P::DeploymentsRead,
            O::CreateDeployment | O::UpdateDeployment | O::UpdateDeploymentUsingPatch | O::AddDeploymentNodes => {
                P::DeploymentsWrite
            }
            O::StartAndStopDeployment => P::DeploymentsOperate,
            O::DeleteDeployment => P::DeploymentsDelete,
            O::ShowDeploymentPods => P::InstancesRead,
            O::StartAndStopDeploymentPod => P::InstancesOperate,
            O::DeletePod => P::InstancesDelete,
            O::ListTasks | O::ShowTask => P::JobsRead,
            O::CreateTask | O::UpdateTask => P::JobsWrite,
            O::DeleteTask => P::JobsDelete,
            O::ListConfigMaps | O::ShowConfigMap => P::ConfigmapsRead,
            O::CreateConfigMap | O::UpdateConfigMap => P::ConfigmapsWrite,
            O::DeleteConfigMap => P::ConfigmapsDelete,
            O::ListSecrets | O::ShowSecret => P::SecretsRead,
            O::CreateSecret | O::UpdateSecret => P::SecretsWrite,
            O::DeleteSecret => P::SecretsDelete,
        }
    }
}

/// What a call of the operation needs (so a console action can name its operation).
impl From<OperationId> for Permission {
    fn from(op: OperationId) -> Permission {
        op.permission()
    }
}

/// A set of permissions, one bit each: checking one is a mask, with nothing allocated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct PermissionSet(u64);

impl PermissionSet {
    pub const EMPTY: PermissionSet = PermissionSet(0);

    /// Every permission there is (`admin`, and the callers of the `iam` and `none` modes).
    pub fn all() -> PermissionSet {
        Permission::ALL.iter().copied().collect()
    }

    pub fn contains(self, p: Permission) -> bool {
        self.0 & p.bit() != 0
    }

    pub fn insert(&mut self, p: Permission) {
        self.0 |= p.bit();
    }

    pub fn union(self, other: PermissionSet) -> PermissionSet {
        PermissionSet(self.0 | other.0)
    }

    pub fn intersection(self, other: PermissionSet) -> PermissionSet {
        PermissionSet(self.0 & other.0)
    }

    pub fn iter(self) -> impl Iterator<Item = Permission> {
        Permission::ALL.iter().copied().filter(move |p| self.contains(*p))
    }

    /// The names, as `/auth/session` lists them.
    pub fn names(self) -> Vec<String> {
        self.iter().map(|p| p.name().to_string()).collect()
    }

    /// Reads a roles file's list: exact names, `<domain>:*` (every verb of a domain) and `*`
    /// (everything). An unknown name is an error naming it.
    pub fn parse<'a>(names: impl IntoIterator<Item = &'a str>) -> Result<PermissionSet, String> {
        let mut set = PermissionSet::EMPTY;
        for name in names {
            let matched: Vec<Permission> = match name.strip_suffix(":*") {
                _ if name == "*" => Permission::ALL.to_vec(),
                Some(domain) => Permission::ALL.iter().copied().filter(|p| p.domain() == domain).collect(),
                None => Permission::parse(name).into_iter().collect(),
            };
            if matched.is_empty() {
                return Err(format!("unknown permission {name:?} (known: `*`, `<domain>:*`, or one of {})", {
                    let all: Vec<&str> = Permission::ALL.iter().map(|p| p.name()).collect();
                    all.join(", ")
                }));
            }
            matched.into_iter().for_each(|p| set.insert(p));
        }
        Ok(set)
    }
}

impl FromIterator<Permission> for PermissionSet {
    fn from_iter<I: IntoIterator<Item = Permission>>(iter: I) -> PermissionSet {
        let mut set = PermissionSet::EMPTY;
        iter.into_iter().for_each(|p| set.insert(p));
        set
    }
}

/// The role a session reports in `iam` mode, where HiLens IAM decides (the proxy allows
/// everything). No roles file may name a role so.
pub const IAM_ROLE: &str = "iam";
/// The role of everyone in `none` mode, where nobody signs in. No roles file may name a role so.
pub const ANONYMOUS_ROLE: &str = "anonymous";

/// The roles every deployment has, as the issue of the team portal defines them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BuiltinRole {
    /// Every read; secret values never.
    Viewer,
    /// A viewer who also runs the fleet: start/stop and update devices, tags, firmware
    /// upgrades, activation, deployments (create, update, patch, pause, add devices), instances
    /// (pause, resume, delete), jobs, config maps (create, update), skill orders.
    Operator,
    /// Everything: every delete, secrets and their values, workspaces, provisioning, the audit
    /// log and everyone's API tokens.
    Admin,
}

impl BuiltinRole {
    pub const ALL: [BuiltinRole; 3] = [BuiltinRole::Viewer, BuiltinRole::Operator, BuiltinRole::Admin];

    pub fn name(self) -> &'static str {
        match self {
            BuiltinRole::Viewer => "viewer",
            BuiltinRole::Operator => "operator",
            BuiltinRole::Admin => "admin",
        }
    }

    pub fn parse(name: &str) -> Option<BuiltinRole> {
        BuiltinRole::ALL.into_iter().find(|r| r.name() == name)
    }

    pub fn permissions(self) -> PermissionSet {
        use Permission as P;
        // Every permission an operation of the catalogue reads with.
        let reads = || crate::catalogue::ALL.iter().map(|op| op.id.permission()).filter(|p| p.verb() == "read");
        match self {
            BuiltinRole::Viewer => reads().collect(),
            BuiltinRole::Operator => reads()
                .chain([
                    P::DevicesWrite,
                    P::DevicesOperate,
                    P::TagsWrite,
                    P::FirmwareUpgrade,
                    P::ActivationWrite,
                    P::DeploymentsWrite,
                    P::DeploymentsOperate,
                    P::DeploymentsRollout,
                    P::InstancesOperate,
                    P::InstancesDelete,
                    P::JobsWrite,
                    P::JobsDelete,
                    P::ConfigmapsWrite,
                    P::OrdersWrite,
                ])
                .collect(),
            BuiltinRole::Admin => PermissionSet::all(),
        }
    }

    /// The first built-in role (viewer, operator, admin) that has `p`: what a console says a
    /// disabled action needs ("needs the operator role").
    pub fn least_with(p: Permission) -> BuiltinRole {
        BuiltinRole::ALL.into_iter().find(|r| r.permissions().contains(p)).unwrap_or(BuiltinRole::Admin)
    }
}

/// Whether a call of `op` changes anything (what the audit log records of every caller).
pub fn changes_state(op: &Operation) -> bool {
    op.method != Method::Get
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::ALL;

    #[test]
    fn every_operation_has_a_permission_of_its_kind() {
        for op in ALL {
            let p = op.id.permission();
            assert!(Permission::ALL.contains(&p), "{}", op.name);
            // Reads need a read permission, and nothing that changes state does.
            assert_eq!(op.method == Method::Get, p.verb() == "read", "{} needs {}", op.name, p.name());
        }
        // Every permission but the proxy's own is needed by some operation.
        for p in Permission::ALL {
            let own = matches!(
                p,
                Permission::SecretsReveal
                    | Permission::AuditRead
                    | Permission::TokensAdmin
                    | Permission::DeploymentsRollout
            );
            assert_eq!(ALL.iter().any(|op| op.id.permission() == *p), !own, "{}", p.name());
        }
    }

    #[test]
    fn names_are_domain_and_verb_and_parse_back() {
        for (i, p) in Permission::ALL.iter().enumerate() {
            assert_eq!(*p as usize, i);
            assert_eq!(Permission::parse(p.name()), Some(*p));
            assert!(!p.domain().is_empty() && !p.verb().is_empty(), "{}", p.name());
        }
        assert!(Permission::ALL.len() <= 64, "a PermissionSet has 64 bits");
    }

    #[test]
    fn the_builtin_roles_are_the_issues() {
        let can = |role: BuiltinRole, op: OperationId| role.permissions().contains(op.permission());
        for op in ALL {
            let read = op.method == Method::Get;
            assert_eq!(can(BuiltinRole::Viewer, op.id), read, "viewer, {}", op.name);
            assert!(can(BuiltinRole::Admin, op.id), "admin, {}", op.name);
            if read {
                assert!(can(BuiltinRole::Operator, op.id), "operator reads {}", op.name);
            }
        }
        use OperationId as O;
        for op in [
            O::SwitchNodeConnection,
            O::UpdateNode,
            O::CreateResourceTags,
            O::BatchCreateNodeTags,
            O::DeleteResourceTag,
            O::UpdateNodeFirmware,
            O::UnfreezeNode,
            O::FreezeNode,
            O::CreateDeployment,
            O::UpdateDeployment,
            O::UpdateDeploymentUsingPatch,
            O::StartAndStopDeployment,
            O::AddDeploymentNodes,
            O::StartAndStopDeploymentPod,
            O::DeletePod,
            O::CreateTask,
            O::UpdateTask,
            O::DeleteTask,
            O::CreateConfigMap,
            O::UpdateConfigMap,
            O::CreateOrderForm,
            O::SetDefaultOrderForm,
        ] {
            assert!(can(BuiltinRole::Operator, op), "operator may {}", op.name());
        }
        for op in [
            O::DeleteNode,
            O::DeleteDeployment,
            O::DeleteConfigMap,
            O::DeleteSecret,
            O::DeleteWorkSpace,
            O::CreateSecret,
            O::UpdateSecret,
            O::CreateWorkSpace,
            O::UpdateWorkSpace,
            O::CreateNode,
            O::UpdateNodeCert,
        ] {
            assert!(!can(BuiltinRole::Operator, op), "only admins may {}", op.name());
        }
        for p in [Permission::SecretsReveal, Permission::AuditRead, Permission::TokensAdmin] {
            assert!(!BuiltinRole::Operator.permissions().contains(p), "{}", p.name());
            assert_eq!(BuiltinRole::least_with(p), BuiltinRole::Admin);
        }
        assert_eq!(BuiltinRole::least_with(Permission::DevicesRead), BuiltinRole::Viewer);
        assert_eq!(BuiltinRole::least_with(Permission::DevicesOperate), BuiltinRole::Operator);
        assert_eq!(BuiltinRole::least_with(Permission::DeploymentsRollout), BuiltinRole::Operator);
        assert!(!BuiltinRole::Viewer.permissions().contains(Permission::DeploymentsRollout));
    }

    #[test]
    fn roles_files_name_permissions_exactly_by_domain_or_all() {
        let set = PermissionSet::parse(["devices:*", "skills:read"]).unwrap();
        assert!(set.contains(Permission::DevicesProvision) && set.contains(Permission::SkillsRead));
        assert!(!set.contains(Permission::SecretsRead));
        assert_eq!(set.iter().count(), 6);
        assert_eq!(PermissionSet::parse(["*"]).unwrap(), PermissionSet::all());
        let err = PermissionSet::parse(["devices:reed"]).unwrap_err();
        assert!(err.contains("\"devices:reed\""), "{err}");
        assert!(PermissionSet::parse(["nothing:*"]).is_err());
        assert_eq!(set.intersection(BuiltinRole::Viewer.permissions()).iter().count(), 1 + 1);
    }
}
