//! Who may sign in to the emulator's IAM.

/// An IAM user with the one project it may use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub domain: String,
    pub user: String,
    pub password: String,
    pub project_id: String,
}

/// An AK/SK pair and the project it may use (the `HILENS_EMULATOR_KEYS` format is
/// `AK:SK:PROJECT_ID[,...]`).
#[derive(Clone, PartialEq, Eq)]
pub struct KeyPair {
    pub ak: String,
    pub sk: String,
    pub project_id: String,
}

impl std::fmt::Debug for KeyPair {
    // The SK never reaches a log line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "KeyPair {{ ak: {}, project_id: {} }}", self.ak, self.project_id)
    }
}

impl KeyPair {
    pub fn parse_list(spec: &str) -> Result<Vec<KeyPair>, String> {
        spec.split(',')
            .filter(|s| !s.trim().is_empty())
            .map(|entry| match entry.trim().split(':').collect::<Vec<_>>().as_slice() {
                [ak, sk, project] if !ak.is_empty() && !sk.is_empty() && !project.is_empty() => {
                    Ok(KeyPair { ak: ak.to_string(), sk: sk.to_string(), project_id: project.to_string() })
                }
                _ => Err("each key pair must be AK:SK:PROJECT_ID with no empty part".to_string()),
            })
            .collect()
    }
}

/// The project name every account's project answers to (the region, as on the cloud).
pub const PROJECT_NAME: &str = "cn-north-4";

/// The account a new user gets with no configuration: printed at start and offered by the
/// console's sign-in page in local mode. It guards nothing but local demo data.
pub const DEMO_ACCOUNT: (&str, &str, &str, &str) =
    ("hilens-demo", "demo", "HiLens-Demo-2026", "0b8f4c6a2d3e4f5a9b1c7d2e3f4a5b6c");

impl Account {
    pub fn demo() -> Account {
        let (domain, user, password, project_id) = DEMO_ACCOUNT;
        Account { domain: domain.into(), user: user.into(), password: password.into(), project_id: project_id.into() }
    }

    /// Parses `DOMAIN:USER:PASSWORD:PROJECT_ID[,...]` (the `HILENS_EMULATOR_USERS` format).
    pub fn parse_list(spec: &str) -> Result<Vec<Account>, String> {
        spec.split(',')
            .filter(|s| !s.trim().is_empty())
            .map(|entry| {
                let parts: Vec<&str> = entry.trim().splitn(4, ':').collect();
                match parts.as_slice() {
                    [d, u, p, proj] if ![d, u, p, proj].iter().any(|s| s.is_empty()) => Ok(Account {
                        domain: d.to_string(),
                        user: u.to_string(),
                        password: p.to_string(),
                        project_id: proj.to_string(),
                    }),
                    _ => Err("each account must be DOMAIN:USER:PASSWORD:PROJECT_ID with no empty part".to_string()),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_parse_and_malformed_ones_are_refused() {
        let a = Account::parse_list("d1:u1:p:w:x:proj1, d2:u2:pw:proj2").unwrap();
        // The password may not contain ':' before the project; the last field takes the rest.
        assert_eq!(a[0].password, "p");
        assert_eq!(a[0].project_id, "w:x:proj1");
        assert_eq!(a[1].user, "u2");
        assert!(Account::parse_list("d:u:p").is_err());
        assert!(Account::parse_list("d::p:proj").is_err());
        let keys = KeyPair::parse_list("AK1:SK1:p1,AK2:SK2:p2").unwrap();
        assert_eq!((keys[1].ak.as_str(), keys[1].project_id.as_str()), ("AK2", "p2"));
        assert!(KeyPair::parse_list("AK:SK").is_err());
        assert!(!format!("{:?}", keys[0]).contains("SK1"), "Debug hides the SK");
    }
}
