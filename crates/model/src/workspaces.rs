//! Workspaces: `list_work_spaces`, `create_work_space`, `show_work_space`, `update_work_space`,
//! `delete_work_space` (reference 5.8). Every project has a `default` workspace.

use serde::{Deserialize, Deserializer, Serialize};

use crate::error::FieldError;
use crate::lenient;
use crate::query::{self, Text};
use crate::rules;

/// The id of every project's default workspace (as the reference's example shows it).
pub const DEFAULT_WORKSPACE_ID: &str = "0";
pub const DEFAULT_LIMIT: u32 = 100;

crate::query_type! {
    /// The query of `list_work_spaces`.
    pub struct WorkspaceListQuery {
        "iam_user_id" => iam_user_id: Option<String> = Text(|f, v| rules::length(f, v, 1, 64)),
        "offset" => offset: Option<u32> = query::OFFSET,
        "limit" => limit: Option<u32> = query::limit(100),
    }
}

/// `create_work_space`'s body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateWorkspaceRequest {
    pub name: String,
    /// The reference's example sends `0`; read numbers as text.
    #[serde(default = "default_enterprise_project_id", deserialize_with = "text_or_number")]
    pub enterprise_project_id: String,
    #[serde(default = "default_enterprise_project_name")]
    pub enterprise_project_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

fn default_enterprise_project_id() -> String {
    "0".into()
}

fn default_enterprise_project_name() -> String {
    "default".into()
}

fn text_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum V {
        Text(String),
        Number(i64),
    }
    Ok(match V::deserialize(d)? {
        V::Text(s) => s,
        V::Number(n) => n.to_string(),
    })
}

impl CreateWorkspaceRequest {
    pub fn validate(&self) -> Result<(), FieldError> {
        validate_workspace_name(&self.name)?;
        rules::length("enterprise_project_id", &self.enterprise_project_id, 1, 64)?;
        rules::length("enterprise_project_name", &self.enterprise_project_name, 1, 64)?;
        if let Some(d) = &self.description {
            rules::description("description", d)?;
        }
        Ok(())
    }
}

/// A workspace name: 1 to 64 Chinese characters, letters, digits, `_` or `-` (the reference
/// gives no rule; docs/choices.md).
pub fn validate_workspace_name(name: &str) -> Result<(), FieldError> {
    rules::length("name", name, NAME_LEN.0, NAME_LEN.1)?;
    rules::chinese_letters_digits_underscore_hyphen("name", name)
}

/// A workspace name's length.
pub const NAME_LEN: (usize, usize) = (1, 64);

/// What [`validate_workspace_name`] asks.
pub fn name_hint() -> rules::Hint {
    rules::Hint::length(NAME_LEN).then(rules::CHINESE_ETC.0, rules::CHINESE_ETC.1)
}

/// `update_work_space`'s body: only the description can change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateWorkspaceRequest {
    pub description: String,
}

impl UpdateWorkspaceRequest {
    pub fn validate(&self) -> Result<(), FieldError> {
        rules::description("description", &self.description)
    }
}

/// The answer of create, update and delete.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceId {
    pub workspace_id: String,
}

/// One workspace (`WorkspaceListElem`, and `show_work_space`'s answer).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Workspace {
    pub workspace_id: String,
    pub ma_workspace_id: Option<String>,
    pub project_id: String,
    pub name: String,
    pub description: Option<String>,
    pub enterprise_project_id: Option<String>,
    pub enterprise_project_name: Option<String>,
    /// Milliseconds since the epoch.
    #[serde(deserialize_with = "lenient::opt_int")]
    pub create_time: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_int")]
    pub update_time: Option<i64>,
    /// The reference's detail example sends a number here.
    #[serde(deserialize_with = "opt_text_or_number")]
    pub owner: Option<String>,
    pub user_id: Option<String>,
    pub used_flag: Option<String>,
}

fn opt_text_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum V {
        Text(String),
        Number(i64),
    }
    Ok(Option::<V>::deserialize(d)?.map(|v| match v {
        V::Text(s) => s,
        V::Number(n) => n.to_string(),
    }))
}

/// `list_work_spaces`' answer; `WorkspaceList<WorkspaceSummary>` reads less (see
/// [`crate::nodes::NodeList`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceList<W = Workspace> {
    #[serde(default)]
    pub count: u64,
    #[serde(default = "Vec::new")]
    pub workspaces: Vec<W>,
}

/// What a switcher reads of a workspace (the console's top bar): its fields as in [`Workspace`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WorkspaceSummary {
    pub workspace_id: String,
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_reads_the_fields_of_a_whole_workspace() {
        let ws = Workspace {
            workspace_id: "w1".into(),
            name: "staging".into(),
            owner: Some("7".into()),
            ..Default::default()
        };
        let json = serde_json::to_string(&WorkspaceList { count: 1, workspaces: vec![ws] }).unwrap();
        let list: WorkspaceList<WorkspaceSummary> = serde_json::from_str(&json).unwrap();
        assert_eq!(list.workspaces, vec![WorkspaceSummary { workspace_id: "w1".into(), name: "staging".into() }]);
    }
    use crate::query::Params;

    #[test]
    fn the_references_examples_read() {
        let create: CreateWorkspaceRequest = serde_json::from_str(
            r#"{"name":"workspaceName","enterprise_project_id":0,"enterprise_project_name":"default"}"#,
        )
        .unwrap();
        assert_eq!(create.enterprise_project_id, "0");
        assert!(create.validate().is_ok());
        let detail: Workspace = serde_json::from_str(
            r#"{"workspace_id":"0","ma_workspace_id":null,"project_id":"fff47e1722f94c4e98531bae56821372","name":"default",
            "description":null,"enterprise_project_id":"0","enterprise_project_name":"default","create_time":1598094655508,
            "update_time":1598094655508,"owner":123,"user_id":"19a1ef99f8ed4d4ab38be5085adaf84a","used_flag":null}"#,
        )
        .unwrap();
        assert_eq!((detail.owner.as_deref(), detail.create_time), (Some("123"), Some(1_598_094_655_508)));
    }

    #[test]
    fn names_descriptions_and_paging_follow_their_rules() {
        let ok = CreateWorkspaceRequest { name: "团队-a_1".into(), ..Default::default() };
        let ok = CreateWorkspaceRequest {
            enterprise_project_id: "0".into(),
            enterprise_project_name: "default".into(),
            ..ok
        };
        assert!(ok.validate().is_ok());
        for bad in ["", "a b", &"x".repeat(65)] {
            assert_eq!(
                CreateWorkspaceRequest { name: bad.into(), ..ok.clone() }.validate().unwrap_err().field,
                "name",
                "{bad:?}"
            );
        }
        let bad = CreateWorkspaceRequest { description: Some("a<b".into()), ..ok.clone() };
        assert_eq!(bad.validate().unwrap_err().field, "description");
        assert!(UpdateWorkspaceRequest { description: "x".repeat(256) }.validate().is_err());
        assert!(UpdateWorkspaceRequest { description: "为团队 A 使用".into() }.validate().is_ok());
        let pairs = |k: &str, v: &str| vec![(k.to_string(), v.to_string())];
        assert_eq!(WorkspaceListQuery::from_pairs(&pairs("limit", "101")).unwrap_err().field, "limit");
        assert_eq!(WorkspaceListQuery::from_pairs(&pairs("offset", "-1")).unwrap_err().field, "offset");
    }
}
