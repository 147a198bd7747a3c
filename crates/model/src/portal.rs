//! The team portal's own API (not HiLens'): the audit log's records and the query of
//! `GET /portal/audit`; API tokens (`/auth/tokens`, and `/portal/tokens` for admins).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::FieldError;
use crate::query::{self, Int, OneOf, Text};
use crate::rules;

/// What a record is.
pub mod kind {
    /// Written before a state-changing call is forwarded; its result follows.
    pub const INTENT: &str = "intent";
    /// The answer to an intent (`intent` names it).
    pub const RESULT: &str = "result";
    /// A call recorded once, after it was decided: a refusal (403) or a reveal of secrets.
    pub const CALL: &str = "call";
    /// Sign-in, failed sign-in, sign-out, a change of the users or roles files, tokens.
    pub const EVENT: &str = "event";
    /// A minute's count of refusals of unknown callers (401s, anti-forgery refusals).
    pub const COUNTS: &str = "counts";
    /// Where the log starts after older records were removed (`--audit-retention-days`).
    pub const CHECKPOINT: &str = "checkpoint";
}

/// The names the audit log gives what the portal does itself (its records' `operation`), beside
/// the catalogue's SDK names. The proxy writes them; the console names them in words.
pub mod operation {
    pub const SIGN_IN: &str = "sign_in";
    pub const SIGN_IN_FAILED: &str = "sign_in_failed";
    pub const SIGN_OUT: &str = "sign_out";
    pub const TOKEN_CREATED: &str = "token_created";
    pub const TOKEN_REVOKED: &str = "token_revoked";
    /// The users or roles files changed someone's role or workspaces.
    pub const BINDINGS_CHANGED: &str = "bindings_changed";
    /// A refused read of the audit log (only refusals are recorded).
    pub const READ_AUDIT_LOG: &str = "read_audit_log";
    /// A minute's count of refusals of unknown callers ([`super::kind::COUNTS`]).
    pub const REFUSALS: &str = "refusals";
    /// The checkpoint where the log starts after the retention ([`super::kind::CHECKPOINT`]).
    pub const RETENTION: &str = "retention";
    pub const LIST_ROLLOUTS: &str = "list_rollouts";
    pub const SHOW_ROLLOUT: &str = "show_rollout";
    pub const PLAN_ROLLOUT: &str = "plan_rollout";
    pub const CREATE_ROLLOUT: &str = "create_rollout";
    pub const PAUSE_ROLLOUT: &str = "pause_rollout";
    pub const RESUME_ROLLOUT: &str = "resume_rollout";
    pub const PROMOTE_ROLLOUT: &str = "promote_rollout";
    pub const ABORT_ROLLOUT: &str = "abort_rollout";
    pub const ROLLBACK_ROLLOUT: &str = "rollback_rollout";

    /// Every one of them.
    pub const ALL: &[&str] = &[
        SIGN_IN,
        SIGN_IN_FAILED,
        SIGN_OUT,
        TOKEN_CREATED,
        TOKEN_REVOKED,
        BINDINGS_CHANGED,
        READ_AUDIT_LOG,
        REFUSALS,
        RETENTION,
        LIST_ROLLOUTS,
        SHOW_ROLLOUT,
        PLAN_ROLLOUT,
        CREATE_ROLLOUT,
        PAUSE_ROLLOUT,
        RESUME_ROLLOUT,
        PROMOTE_ROLLOUT,
        ABORT_ROLLOUT,
        ROLLBACK_ROLLOUT,
    ];
}

/// One record of the audit log. Never a secret value, a password, a token or a body: only
/// who, what, where and how it ended. Each record's `hash` is an HMAC of its content and the
/// previous record's `hash` (`prev_hash`), so an edited, removed or inserted record breaks the
/// chain (`hilens-proxy audit verify`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditRecord {
    /// Its place in the log (1, 2, ...).
    pub seq: i64,
    /// [`kind`]'s values.
    pub kind: String,
    /// A result's intent (its `seq`).
    pub intent: Option<i64>,
    /// ISO 8601, UTC, milliseconds: `2026-12-05T10:00:00.000Z`.
    pub ts: String,
    /// The caller: a user name (`anonymous@<address>` when nobody signs in).
    pub user: String,
    /// `users`, `iam`, `none`, `token`, ...
    pub auth_method: String,
    pub role: String,
    /// The SDK's name of the operation (`switch_node_connection`), or the event's
    /// (`sign_in`, `sign_in_failed`, `sign_out`, `bindings_changed`).
    pub operation: String,
    pub method: String,
    /// The path with the project elided (`/v3/{project_id}/ai-mgr/nodes/n1/action/stop`).
    pub path: String,
    /// Path parameters (`{"action": "stop", "node_id": "n1"}`), or an event's facts.
    pub params: BTreeMap<String, String>,
    pub resource_id: Option<String>,
    pub resource_name: Option<String>,
    pub workspace_id: Option<String>,
    /// The answer's status (none for an intent).
    pub status: Option<u16>,
    /// The upstream's `error_code` when it refused.
    pub upstream_error_code: Option<String>,
    pub request_id: String,
    pub client_address: String,
    pub user_agent: String,
    pub prev_hash: String,
    pub hash: String,
}

/// `GET /portal/audit`'s answer: the records that match (newest first) and how many match.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub total: u64,
    pub records: Vec<AuditRecord>,
}

/// The most records one page of `/portal/audit` holds.
pub const MAX_AUDIT_PAGE: u32 = 1000;

crate::query_type! {
    /// The query of `GET /portal/audit`: filters (all optional), the page, and `format=csv`.
    pub struct AuditQuery {
        "user" => user: Option<String> = Text(user_filter),
        "operation" => operation: Option<String> = Text(operation_filter),
        "status" => status: Option<u32> = STATUS_FILTER,
        "from" => from: Option<String> = Text(timestamp),
        "to" => to: Option<String> = Text(timestamp),
        "limit" => limit: Option<u32> = query::limit(MAX_AUDIT_PAGE),
        "offset" => offset: Option<u32> = query::OFFSET,
        "format" => format: Option<String> = OneOf(&["json", "csv"]),
    }
}

/// The audit query's `user`: a user name, 1 to 128 characters.
pub fn user_filter(field: &'static str, value: &str) -> Result<(), FieldError> {
    rules::length(field, value, 1, 128)
}

/// The audit query's `operation`: an operation's SDK name or an event's, 1 to 64 characters.
pub fn operation_filter(field: &'static str, value: &str) -> Result<(), FieldError> {
    rules::length(field, value, 1, 64)
}

/// The audit query's `status`: an HTTP status.
pub const STATUS_FILTER: Int = Int(100, 599);

/// `from` and `to`: an ISO 8601 time in UTC (`2026-12-05T10:00:00Z`, fractions allowed).
pub fn timestamp(field: &'static str, value: &str) -> Result<(), FieldError> {
    if crate::time::parse_iso8601(value).is_some() && value.ends_with('Z') {
        Ok(())
    } else {
        Err(FieldError::new(
            field,
            "format",
            "须为 UTC 的 ISO 8601 时间，如 2026-12-05T10:00:00Z",
            "must be an ISO 8601 time in UTC, such as 2026-12-05T10:00:00Z",
        ))
    }
}

/// The columns of the CSV export, in order (every field of [`AuditRecord`]).
pub const AUDIT_CSV_COLUMNS: [&str; 21] = [
    "seq",
    "kind",
    "intent",
    "ts",
    "user",
    "auth_method",
    "role",
    "operation",
    "method",
    "path",
    "params",
    "resource_id",
    "resource_name",
    "workspace_id",
    "status",
    "upstream_error_code",
    "request_id",
    "client_address",
    "user_agent",
    "prev_hash",
    "hash",
];

/// The prefix of every API token (so a leaked one is easy to recognise and search for).
pub const TOKEN_PREFIX: &str = "hlt_";

/// The sign-in methods (`SessionInfo::auth_method`) where the proxy makes API tokens: those
/// where people sign in through it (local accounts, OpenID Connect, an SSO gateway). With IAM
/// accounts IAM decides who calls, and where nobody signs in there is nobody to own a token.
pub const TOKEN_SIGN_IN_METHODS: [&str; 3] = ["users", "oidc", "header"];

/// Whether the proxy makes API tokens for people signed in with `auth_method`.
pub fn tokens_offered(auth_method: &str) -> bool {
    TOKEN_SIGN_IN_METHODS.contains(&auth_method)
}

/// `POST /auth/tokens`: a token for scripts, acting for its owner with at most `role` (the
/// owner's own role when absent) and never more than the owner may do at the time of use.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateTokenRequest {
    pub name: String,
    pub expires_in_days: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

impl CreateTokenRequest {
    pub fn validate(&self) -> Result<(), FieldError> {
        rules::length("name", &self.name, 1, 64)?;
        if self.name.chars().any(char::is_control) {
            return Err(FieldError::new("name", "charset", "不能包含控制字符", "must not contain control characters"));
        }
        rules::int_in_range("expires_in_days", &self.expires_in_days.to_string(), 1, 365)?;
        if let Some(role) = &self.role {
            rules::length("role", role, 1, 64)?;
        }
        Ok(())
    }
}

/// `POST /auth/tokens`' answer: the token itself, shown this once (only its hash is kept).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedToken {
    pub id: String,
    pub token: String,
    pub expires_at: String,
}

/// A token as listed (never the token itself).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TokenInfo {
    pub id: String,
    pub name: String,
    /// The user it acts for.
    pub owner: String,
    /// The role it is limited to (absent: its owner's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// ISO 8601, UTC.
    pub created_at: String,
    pub expires_at: String,
}

/// `GET /auth/tokens` (the caller's) and `GET /portal/tokens` (everyone's).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenList {
    pub tokens: Vec<TokenInfo>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Params;

    #[test]
    fn the_audit_query_names_each_broken_rule() {
        let pairs = |q: &[(&str, &str)]| q.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<Vec<_>>();
        let ok =
            AuditQuery::from_pairs(&pairs(&[("user", "ada"), ("from", "2026-12-05T10:00:00Z"), ("format", "csv")]))
                .unwrap();
        assert_eq!((ok.user.as_deref(), ok.format.as_deref()), (Some("ada"), Some("csv")));
        for (key, value) in
            [("from", "yesterday"), ("to", "2026-12-05T10:00:00+08:00"), ("limit", "1001"), ("status", "42")]
        {
            let err = AuditQuery::from_pairs(&pairs(&[(key, value)])).unwrap_err();
            assert_eq!(err.field, key, "{key}={value}");
        }
        let record = serde_json::to_value(AuditRecord::default()).unwrap();
        let fields: Vec<&str> = record.as_object().unwrap().keys().map(String::as_str).collect();
        let mut columns = AUDIT_CSV_COLUMNS.to_vec();
        columns.sort_unstable();
        let mut sorted = fields.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, columns, "the CSV has every field");
    }

    #[test]
    fn token_requests_name_the_broken_rule() {
        let ok = CreateTokenRequest { name: "ci deploy".into(), expires_in_days: 30, role: None };
        assert!(ok.validate().is_ok());
        for (bad, field) in [
            (CreateTokenRequest { expires_in_days: 366, ..ok.clone() }, "expires_in_days"),
            (CreateTokenRequest { expires_in_days: 0, ..ok.clone() }, "expires_in_days"),
            (CreateTokenRequest { name: String::new(), ..ok.clone() }, "name"),
            (CreateTokenRequest { name: "a\nb".into(), ..ok.clone() }, "name"),
            (CreateTokenRequest { role: Some(String::new()), ..ok.clone() }, "role"),
        ] {
            assert_eq!(bad.validate().unwrap_err().field, field);
        }
    }
}
