//! Config maps: the workspace's key–value settings that deployments read as envs or files. The
//! list, the form and the page are the kit's (`components::entries`); this folder says what a
//! config map is to them. Its pages are a wasm part of their own.

pub mod texts;

use hilens_model::common::ProviderQuery;
use hilens_model::configmaps::{
    validate_config_map_name, Config, ConfigMap, ConfigMapBody, ConfigMapListQuery, MAX_LIMIT,
};
use hilens_model::deployments::Source;
use hilens_model::error::FieldError;
use hilens_model::rules::Hint;
use hilens_model::OperationId;

use crate::api::{self, ApiError};
use crate::components::entries::{Entries, EntryFilters, EntryKind};
use crate::components::frame::part::{Domain, NavGroup};
use crate::components::list::list_page::Rows;
use crate::components::list::url_state::ListState;
use crate::i18n::{common, Txt};

pub const DOMAIN: Domain = Domain {
    group: NavGroup::Config,
    label: common::NavConfigMaps,
    href: "/configmaps",
    key: "c",
    part: &PART,
    pages: PAGES,
};

crate::entries_domain!(configmaps, ConfigMaps);

/// What a config map is to the kit's pages.
pub struct ConfigMaps;

fn entries(m: ConfigMap) -> Entries {
    Entries {
        id: m.id.unwrap_or_default(),
        name: m.name,
        description: m.description,
        entries: m.configs.into_iter().map(|c| (c.key, c.value)).collect(),
        tags: m.tags,
        workspace_id: m.workspace_id,
        created_at: m.created_at,
        updated_at: m.updated_at,
    }
}

fn body(item: Entries, workspace: &str) -> ConfigMapBody {
    ConfigMapBody {
        configmap: ConfigMap {
            name: item.name,
            description: item.description,
            configs: item.entries.into_iter().map(|(key, value)| Config { key, value }).collect(),
            tags: item.tags,
            ..Default::default()
        },
        workspace_id: Some(workspace.to_string()),
    }
}

impl EntryKind for ConfigMaps {
    const SOURCE: Source = Source::ConfigMap;
    const HREF: &'static str = "/configmaps";
    const MAX_ENTRIES: usize = 1000;
    const MASKED: bool = false;
    const TITLE: Txt = common::NavConfigMaps;
    const NEW: Txt = texts::New;
    const NONE: Txt = texts::None;
    const DELETE: Txt = texts::Delete;
    const CREATE: OperationId = OperationId::CreateConfigMap;
    const UPDATE: OperationId = OperationId::UpdateConfigMap;
    const REMOVE: OperationId = OperationId::DeleteConfigMap;
    const HINTS: Option<fn() -> (Hint, Hint)> =
        Some(|| (hilens_model::configmaps::key_hint(), hilens_model::configmaps::value_hint()));
    const TAG_KIND: &'static str = "configmap";
    const FIELD: &'static str = "configmap";

    fn name_rule(field: &'static str, value: &str) -> Result<(), FieldError> {
        validate_config_map_name(field, value)
    }

    fn key_rule(value: &str) -> Result<(), FieldError> {
        hilens_model::configmaps::validate_config_key("key", value)
    }

    fn value_rule(value: &str) -> Result<(), FieldError> {
        hilens_model::configmaps::validate_config_value("value", value)
    }

    fn validate(item: &Entries, workspace: &str) -> Result<(), FieldError> {
        body(item.clone(), workspace).validate()
    }

    async fn list(view: ListState<EntryFilters>, workspace: String) -> Result<Rows<Entries>, ApiError> {
        let f = &view.filters;
        let text = |s: &String| (!s.is_empty()).then(|| s.clone());
        let query = ConfigMapListQuery {
            provider: text(&f.provider),
            name: text(&f.name),
            workspace_id: Some(workspace),
            limit: Some(view.size.min(MAX_LIMIT)),
            offset: Some(view.offset()),
            sort: view.sort.clone(),
            tags: f.tag_list(),
        };
        let list = api::configmaps::list_config_maps(&query).await?;
        Ok(Rows { rows: list.configmaps.into_iter().map(entries).collect(), total: list.count })
    }

    async fn show(id: String) -> Result<Entries, ApiError> {
        Ok(entries(api::configmaps::show_config_map(&id).await?.configmap))
    }

    async fn save(id: Option<String>, item: Entries, workspace: String) -> Result<String, ApiError> {
        let body = body(item, &workspace);
        let saved = match id {
            Some(id) => api::configmaps::update_config_map(&id, &body).await?,
            None => api::configmaps::create_config_map(&ProviderQuery::default(), &body).await?,
        };
        Ok(saved.configmap.id.unwrap_or_default())
    }

    async fn delete(id: String) -> Result<(), ApiError> {
        api::configmaps::delete_config_map(&id).await.map(|_| ())
    }
}
