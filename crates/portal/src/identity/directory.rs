//! The users and roles files as one [`Snapshot`], swapped whole when they change: the serving
//! threads take the current one (a read lock and a reference count) and never see half a
//! reload. [`Directory::watch`] re-reads the files every few seconds when their bytes changed;
//! the proxy also calls [`Directory::reload`] on SIGHUP. A file that no longer reads (a typo,
//! a user without a role) keeps the previous snapshot and is logged; at start it refuses.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock, Weak};
use std::time::Duration;

use super::roles::{grant, GroupBinding, Roles, RolesFile};
use super::tokens::ApiToken;
use super::users::{check_hash, verify_password, UsersFile, DUMMY_HASH};
use super::Grant;

/// A local user as the proxy uses it: their password hash and their grant.
#[derive(Debug)]
pub struct User {
    pub name: String,
    password_hash: String,
    pub grant: Grant,
}

/// The users and roles as read at one moment.
#[derive(Debug, Default)]
pub struct Snapshot {
    users: HashMap<String, User>,
    groups: Vec<GroupBinding>,
    roles: Roles,
}

impl Snapshot {
    /// The local user `name`, if there is one now.
    pub fn user(&self, name: &str) -> Option<&User> {
        self.users.get(name)
    }

    /// The user whose name and password these are. An unknown name is checked against a
    /// dummy hash, so timing does not tell which names exist.
    pub fn sign_in(&self, name: &str, password: &str) -> Option<&User> {
        match self.users.get(name) {
            Some(user) if verify_password(&user.password_hash, password) => Some(user),
            Some(_) => None,
            None => {
                verify_password(DUMMY_HASH, password);
                None
            }
        }
    }

    /// Whether `role` is a role now (built-in or of the roles file).
    pub fn has_role(&self, role: &str) -> bool {
        self.roles.contains_key(role)
    }

    /// What an API token may do now: its role's permissions (its owner's role when it names
    /// none) within what its owner may do now, in its owner's workspaces; `None` when the
    /// owner is gone. A role that no longer exists allows nothing.
    pub fn grant_of_token(&self, token: &ApiToken) -> Option<Grant> {
        // A local user's grant, or (an SSO gateway's user) their groups' bindings now.
        let owner = match self.users.get(&token.owner) {
            Some(user) => user.grant.clone(),
            None => self.grant_of_groups(&token.groups)?,
        };
        let Some(role) = &token.role else { return Some(owner) };
        let permissions = self.roles.get(&**role).copied().unwrap_or_default();
        Some(Grant {
            role: role.clone(),
            permissions: permissions.intersection(owner.permissions),
            workspaces: owner.workspaces,
        })
    }

    /// Every user's and group's role, as a change of the files is recorded: `user:<name>` or
    /// `group:<name>` to `role` or `role@workspace,...`.
    pub fn bindings(&self) -> std::collections::BTreeMap<String, String> {
        let show = |g: &Grant| match &g.workspaces {
            Some(w) => format!("{}@{}", g.role, w.join(",")),
            None => g.role.to_string(),
        };
        let users = self.users.values().map(|u| (format!("user:{}", u.name), show(&u.grant)));
        users.chain(self.groups.iter().map(|b| (format!("group:{}", b.group), show(&b.grant)))).collect()
    }

    /// The bindings of `groups` merged: the union of their roles' permissions, in the union of
    /// their workspaces (every workspace if any binding has no limit); `None` when no group is
    /// bound. The role's name is the bound roles' names joined by `+`.
    pub fn grant_of_groups(&self, groups: &[String]) -> Option<Grant> {
        let mut bound = self.groups.iter().filter(|b| groups.contains(&b.group)).map(|b| &b.grant);
        let first = bound.next()?.clone();
        Some(bound.fold(first, |mut acc, g| {
            if !acc.role.split('+').any(|r| r == &*g.role) {
                acc.role = format!("{}+{}", acc.role, g.role).into();
            }
            acc.permissions = acc.permissions.union(g.permissions);
            acc.workspaces = match (acc.workspaces, &g.workspaces) {
                (Some(a), Some(b)) => {
                    let mut all: Vec<String> = a.to_vec();
                    all.extend(b.iter().filter(|w| !a.contains(w)).cloned());
                    Some(all.into())
                }
                _ => None,
            };
            acc
        }))
    }
}

/// The current users and roles, and where they are read from.
pub struct Directory {
    users_file: Option<PathBuf>,
    roles_file: Option<PathBuf>,
    current: RwLock<Arc<Snapshot>>,
    /// The files' bytes last read (whether they were taken or refused), so an unchanged file
    /// is neither parsed again nor logged again.
    last_read: Mutex<(Vec<u8>, Vec<u8>)>,
}

impl Directory {
    /// Reads both files (either may be absent: no local users, or no custom roles and
    /// bindings); an error names the file and the entry.
    pub fn load(users_file: Option<&Path>, roles_file: Option<&Path>) -> Result<Directory, String> {
        let directory = Directory {
            users_file: users_file.map(Path::to_path_buf),
            roles_file: roles_file.map(Path::to_path_buf),
            current: RwLock::new(Arc::default()),
            last_read: Mutex::new((Vec::new(), Vec::new())),
        };
        directory.reload(true)?;
        Ok(directory)
    }

    /// The users and roles now.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.current.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Reads the files again and takes them when they changed (or always, with `force`):
    /// `Ok(true)` when a new snapshot is in place, `Err` (the old one stays) when they do not
    /// read.
    pub fn reload(&self, force: bool) -> Result<bool, String> {
        let users = read(self.users_file.as_deref())?;
        let roles = read(self.roles_file.as_deref())?;
        {
            let mut last = self.last_read.lock().unwrap_or_else(|p| p.into_inner());
            if !force && last.0 == users && last.1 == roles {
                return Ok(false);
            }
            *last = (users.clone(), roles.clone());
        }
        let snapshot = self.parse(&users, &roles)?;
        *self.current.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(snapshot);
        Ok(true)
    }

    fn parse(&self, users: &[u8], roles: &[u8]) -> Result<Snapshot, String> {
        let roles_file: RolesFile = parse_toml(self.roles_file.as_deref(), roles)?;
        let in_roles_file = |e: String| format!("{}: {e}", display(self.roles_file.as_deref()));
        let (roles, groups) = roles_file.resolve().map_err(in_roles_file)?;
        let users_file: UsersFile = parse_toml(self.users_file.as_deref(), users)?;
        let in_users_file = |e: String| format!("{}: {e}", display(self.users_file.as_deref()));
        Ok(Snapshot { users: resolve_users(users_file, &roles).map_err(in_users_file)?, groups, roles })
    }

    /// Re-reads the files every `every` while the directory is in use, logging what changed
    /// or what did not read (a std thread: a few file reads, never on a serving thread).
    /// `changed` is called after each change taken.
    pub fn watch(self: &Arc<Self>, every: Duration, changed: impl Fn() + Send + 'static) {
        let directory: Weak<Directory> = Arc::downgrade(self);
        let watcher = move || loop {
            std::thread::sleep(every);
            let Some(directory) = directory.upgrade() else { return };
            match directory.reload(false) {
                Ok(true) => {
                    tracing::info!(target: "hilens_portal::identity", "users and roles files re-read");
                    changed();
                }
                Ok(false) => {}
                Err(e) => tracing::error!(target: "hilens_portal::identity", "users and roles kept as they were: {e}"),
            }
        };
        if let Err(e) = std::thread::Builder::new().name("hilens-portal-reload".into()).spawn(watcher) {
            tracing::error!(target: "hilens_portal::identity", "cannot watch the users and roles files: {e}");
        }
    }
}

fn resolve_users(file: UsersFile, roles: &Roles) -> Result<HashMap<String, User>, String> {
    let mut users = HashMap::with_capacity(file.users.len());
    for (i, u) in file.users.into_iter().enumerate() {
        let entry = u.entry(i);
        if u.name.trim().is_empty() {
            return Err(format!("{entry}: name must not be empty"));
        }
        check_hash(&u.password_hash).map_err(|e| format!("{entry}: {e}"))?;
        let Some(role) = &u.role else {
            return Err(format!(
                "{entry} has no role: add role = \"viewer\", \"operator\" or \"admin\" (or a role of --roles-file)"
            ));
        };
        let grant = grant(roles, role, u.workspaces.clone(), &entry)?;
        let user = User { name: u.name.clone(), password_hash: u.password_hash, grant };
        if users.insert(u.name, user).is_some() {
            return Err(format!("{entry}: the name is used by an earlier entry"));
        }
    }
    Ok(users)
}

fn read(path: Option<&Path>) -> Result<Vec<u8>, String> {
    match path {
        Some(p) => std::fs::read(p).map_err(|e| format!("{}: {e}", p.display())),
        None => Ok(Vec::new()),
    }
}

fn display(path: Option<&Path>) -> String {
    path.map_or_else(String::new, |p| p.display().to_string())
}

/// Parses a TOML file; an error says the line and what is wrong, never the line's text (a
/// users file's lines hold password hashes).
fn parse_toml<T: serde::de::DeserializeOwned>(path: Option<&Path>, bytes: &[u8]) -> Result<T, String> {
    let name = display(path);
    let text = std::str::from_utf8(bytes).map_err(|_| format!("{name}: not UTF-8"))?;
    toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        match line {
            Some(n) => format!("{name}: line {n}: {}", e.message()),
            None => format!("{name}: {}", e.message()),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use hilens_model::Permission;

    struct Files(PathBuf);

    impl Files {
        fn new(name: &str) -> Files {
            let dir = std::env::temp_dir().join(format!("hilens-portal-identity-{}-{name}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            Files(dir)
        }
        fn write(&self, file: &str, text: &str) -> PathBuf {
            let path = self.0.join(file);
            std::fs::write(&path, text).unwrap();
            path
        }
    }

    impl Drop for Files {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn user(name: &str, extra: &str) -> String {
        let hash = super::super::hash_password("pw-0123").unwrap();
        format!("[[users]]\nname = \"{name}\"\npassword_hash = \"{hash}\"\n{extra}\n")
    }

    #[test]
    fn a_user_without_a_role_is_refused_naming_the_entry() {
        let f = Files::new("norole");
        let users = f.write("users.toml", &(user("ann", "role = \"viewer\"") + &user("bob", "")));
        let err = Directory::load(Some(&users), None).err().unwrap();
        assert!(err.contains("users.toml") && err.contains("entry 2 (name = \"bob\") has no role"), "{err}");
        assert!(!err.contains("argon2"), "no hash in messages: {err}");
    }

    #[test]
    fn roles_are_builtin_or_custom_and_unknown_ones_are_refused() {
        let f = Files::new("roles");
        let roles = f.write(
            "roles.toml",
            "[[roles]]\nname = \"deployer\"\npermissions = [\"deployments:*\", \"devices:read\"]\n\
             [[bindings]]\ngroup = \"line-1\"\nrole = \"operator\"\nworkspaces = [\"ws1\"]\n\
             [[bindings]]\ngroup = \"deploy\"\nrole = \"deployer\"\nworkspaces = [\"ws2\"]\n",
        );
        let users = f.write(
            "users.toml",
            &(user("ann", "role = \"deployer\"") + &user("bob", "role = \"admin\"\nworkspaces = [\"ws1\", \"ws2\"]")),
        );
        let d = Directory::load(Some(&users), Some(&roles)).unwrap();
        let s = d.snapshot();
        let ann = &s.user("ann").unwrap().grant;
        assert_eq!(&*ann.role, "deployer");
        assert!(ann.permissions.contains(Permission::DeploymentsDelete));
        assert!(!ann.permissions.contains(Permission::DevicesOperate));
        assert!(ann.workspaces.is_none() && ann.in_workspace("anything"));
        let bob = &s.user("bob").unwrap().grant;
        assert!(bob.in_workspace("ws2") && !bob.in_workspace("ws3"));
        assert!(s.sign_in("bob", "pw-0123").is_some());
        assert!(s.sign_in("bob", "pw-0124").is_none() && s.sign_in("carl", "pw-0123").is_none());

        let both = s.grant_of_groups(&["deploy".into(), "line-1".into(), "other".into()]).unwrap();
        assert_eq!(&*both.role, "operator+deployer");
        assert!(both.permissions.contains(Permission::DeploymentsDelete));
        assert!(both.permissions.contains(Permission::DevicesOperate));
        assert_eq!(both.workspaces.as_deref(), Some(&["ws1".to_string(), "ws2".to_string()][..]));
        assert!(s.grant_of_groups(&["other".into()]).is_none());

        for (text, said) in [
            ("[[roles]]\nname = \"viewer\"\npermissions = []\n", "exists already"),
            ("[[roles]]\nname = \"x\"\npermissions = [\"devices:fly\"]\n", "\"devices:fly\""),
            ("[[bindings]]\ngroup = \"g\"\nrole = \"boss\"\n", "unknown role \"boss\""),
            ("[[bindings]]\ngroup = \"g\"\nrole = \"viewer\"\nworkspaces = []\n", "allows no workspace"),
            ("[[bindings]]\ngroup = \"g\"\nrole = \"viewer\"\nworkspace = [\"a\"]\n", "line 4"),
        ] {
            let roles = f.write("roles.toml", text);
            let err = Directory::load(Some(&users), Some(&roles)).err().unwrap();
            assert!(err.contains("roles.toml") && err.contains(said), "{text}: {err}");
        }
    }

    #[test]
    fn a_changed_file_is_taken_and_a_broken_one_keeps_the_last_good() {
        let f = Files::new("reload");
        let users = f.write("users.toml", &user("ann", "role = \"viewer\""));
        let d = Directory::load(Some(&users), None).unwrap();
        assert_eq!(d.reload(false), Ok(false), "unchanged");
        f.write("users.toml", &user("ann", "role = \"operator\""));
        assert_eq!(d.reload(false), Ok(true));
        assert_eq!(&*d.snapshot().user("ann").unwrap().grant.role, "operator");
        f.write("users.toml", &user("ann", "role = \"chief\""));
        assert!(d.reload(false).unwrap_err().contains("unknown role \"chief\""));
        assert_eq!(&*d.snapshot().user("ann").unwrap().grant.role, "operator", "the last good one stays");
        assert_eq!(d.reload(false), Ok(false), "a refused file is not read again until it changes");
        f.write("users.toml", "");
        assert_eq!(d.reload(false), Ok(true));
        assert!(d.snapshot().user("ann").is_none(), "a removed user is gone at once");
    }
}
