//! IAM's `POST /v3/auth/tokens` with the password method and a project scope: the part of IAM
//! that the proxy calls and the emulator serves. The token itself travels in `X-Subject-Token`.

use serde::{Deserialize, Serialize};

pub const TOKENS_PATH: &str = "/v3/auth/tokens";
pub const SUBJECT_TOKEN_HEADER: &str = "X-Subject-Token";
/// A token is valid for 24 hours (reference 3.2).
pub const TOKEN_LIFETIME_SECS: i64 = 24 * 3600;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenRequest {
    pub auth: Auth,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Auth {
    pub identity: Identity,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<Scope>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    pub methods: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<PasswordIdentity>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordIdentity {
    pub user: PasswordUser,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordUser {
    pub name: String,
    pub password: String,
    pub domain: NamedRef,
}

/// `{"name": ...}` or `{"id": ...}`, as IAM uses for domains and projects.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedRef {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scope {
    pub project: NamedRef,
}

impl TokenRequest {
    /// A password sign-in scoped to a project, given by id or, failing that, by name.
    pub fn password(domain: &str, user: &str, password: &str, project: ProjectRef) -> TokenRequest {
        let project = match project {
            ProjectRef::Id(id) => NamedRef { id: Some(id), name: None },
            ProjectRef::Name(name) => NamedRef { id: None, name: Some(name) },
        };
        TokenRequest {
            auth: Auth {
                identity: Identity {
                    methods: vec!["password".into()],
                    password: Some(PasswordIdentity {
                        user: PasswordUser {
                            name: user.into(),
                            password: password.into(),
                            domain: NamedRef { id: None, name: Some(domain.into()) },
                        },
                    }),
                },
                scope: Some(Scope { project }),
            },
        }
    }
}

pub enum ProjectRef {
    Id(String),
    Name(String),
}

/// The body IAM answers with (the token itself is in the `X-Subject-Token` header).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenResponse {
    pub token: TokenBody,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenBody {
    pub methods: Vec<String>,
    pub expires_at: String,
    pub issued_at: String,
    pub user: TokenUser,
    pub project: TokenProject,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenUser {
    pub id: String,
    pub name: String,
    pub domain: NamedRef,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenProject {
    pub id: String,
    pub name: String,
    pub domain: NamedRef,
}
