//! Secrets: the workspace's key–value secrets that deployments read as envs or files; values
//! are masked unless revealed one at a time. The list, the form and the page are the kit's
//! (`components::entries`); this folder says what a secret is to them. Its pages are a wasm part
//! of their own.

pub mod texts;

use hilens_model::common::ProviderQuery;
use hilens_model::configmaps::validate_config_map_name;
use hilens_model::deployments::Source;
use hilens_model::error::FieldError;
use hilens_model::secrets::{
    validate_secret_key, SecretBody, SecretDetail, SecretEntry, SecretInput, SecretListQuery, MAX_ENTRIES,
};
use hilens_model::OperationId;

use crate::api::{self, ApiError};
use crate::components::entries::{Entries, EntryFilters, EntryKind};
use crate::components::frame::part::{Domain, NavGroup};
use crate::components::list::list_page::Rows;
use crate::components::list::url_state::ListState;
use crate::i18n::{common, Txt};

pub const DOMAIN: Domain = Domain {
    group: NavGroup::Config,
    label: common::NavSecrets,
    href: "/secrets",
    key: "x",
    part: &PART,
    pages: PAGES,
};

crate::entries_domain!(secrets, Secrets);

/// What a secret is to the kit's pages.
pub struct Secrets;

fn entries(s: SecretDetail) -> Entries {
    Entries {
        id: s.id,
        name: s.name,
        description: s.description,
        entries: s.secrets.into_iter().map(|e| (e.key, e.value)).collect(),
        tags: s.tags,
        workspace_id: s.workspace_id,
        created_at: s.created_at,
        updated_at: s.updated_at,
    }
}

fn body(item: Entries, workspace: &str) -> SecretBody {
    SecretBody {
        workspace_id: Some(workspace.to_string()),
        secret: SecretInput {
            name: item.name,
            description: item.description,
            secrets: item.entries.into_iter().map(|(key, value)| SecretEntry { key, value }).collect(),
            tags: item.tags,
        },
    }
}

impl EntryKind for Secrets {
    const SOURCE: Source = Source::Secret;
    const HREF: &'static str = "/secrets";
    const MAX_ENTRIES: usize = MAX_ENTRIES;
    const MASKED: bool = true;
    const TITLE: Txt = common::NavSecrets;
    const NEW: Txt = texts::New;
    const NONE: Txt = texts::None;
    const DELETE: Txt = texts::Delete;
    const CREATE: OperationId = OperationId::CreateSecret;
    const UPDATE: OperationId = OperationId::UpdateSecret;
    const REMOVE: OperationId = OperationId::DeleteSecret;
    const TAG_KIND: &'static str = "secret";
    const FIELD: &'static str = "secret";

    fn name_rule(field: &'static str, value: &str) -> Result<(), FieldError> {
        validate_config_map_name(field, value)
    }

    fn key_rule(value: &str) -> Result<(), FieldError> {
        validate_secret_key("key", value)
    }

    fn value_rule(value: &str) -> Result<(), FieldError> {
        hilens_model::secrets::validate_secret_value("value", value)
    }

    fn validate(item: &Entries, workspace: &str) -> Result<(), FieldError> {
        body(item.clone(), workspace).validate()
    }

    async fn list(view: ListState<EntryFilters>, workspace: String) -> Result<Rows<Entries>, ApiError> {
        let f = &view.filters;
        let text = |s: &String| (!s.is_empty()).then(|| s.clone());
        let query = SecretListQuery {
            offset: Some(view.offset()),
            limit: Some(view.size),
            name: text(&f.name),
            workspace_id: Some(workspace),
            tags: f.tag_list(),
            provider: text(&f.provider),
            sort: view.sort.clone(),
        };
        let list = api::secrets::list_secrets(&query).await?;
        Ok(Rows { rows: list.secrets.into_iter().map(entries).collect(), total: list.count })
    }

    async fn show(id: String) -> Result<Entries, ApiError> {
        Ok(entries(api::secrets::show_secret(&id).await?.secret))
    }

    async fn save(id: Option<String>, item: Entries, workspace: String) -> Result<String, ApiError> {
        let body = body(item, &workspace);
        let saved = match id {
            Some(id) => api::secrets::update_secret(&id, &body).await?,
            None => api::secrets::create_secret(&ProviderQuery::default(), &body).await?,
        };
        Ok(saved.secret.id)
    }

    async fn delete(id: String) -> Result<(), ApiError> {
        api::secrets::delete_secret(&id).await.map(|_| ())
    }
}
