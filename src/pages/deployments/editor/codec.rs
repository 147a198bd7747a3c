//! The editor's JSON: the draft kept in this browser's storage and read back, the JSON tab's
//! text, the review's field-by-field comparison, and the requests the editor sends. A part of its
//! own (`deployments_codec`), which the editor fetches when it first needs one of these (the user
//! changes a field, opens the JSON tab or reviews an edit; a kept draft comes back), not with the
//! page: serde's code for the request's types was half of the editor's main part
//! (docs/choices.md, "The deployment editor's JSON is fetched when first needed").

use std::future::Future;
use std::pin::Pin;

use hilens_model::common::ProviderQuery;
use hilens_model::deployments::{Deployment, UpdateDeploymentRequest};

use super::draft::Req;
use crate::api::{self, ApiError};

crate::on_demand_part!(deployments_codec, Codec, CODEC);

/// A request on its way: the deployment as HiLens answers it.
pub type Sending = Pin<Box<dyn Future<Output = Result<Deployment, ApiError>>>>;

/// What the part hands over.
pub struct Codec {
    /// The draft as it is kept in storage.
    pub draft_text: fn(&Req) -> String,
    /// A kept draft read back (`Err`: it no longer reads as a request).
    pub read_draft: fn(&str) -> Result<Req, String>,
    /// The JSON tab's text: the create body, or for an edit (`true`) the update body.
    pub body_text: fn(&Req, bool) -> String,
    /// The JSON tab's text read into the draft (the draft as it is, for an edit); `Err` says
    /// why it cannot be.
    pub read_body: fn(&str, &Req, bool) -> Result<Req, String>,
    /// An edit's changes, from the deployment as it is to the draft: each changed field's path,
    /// and its value before and after as JSON (`-` where there is none).
    pub changes: fn(&Req, &Req) -> Vec<(String, String, String)>,
    /// Creates the deployment the draft describes.
    pub create: fn(Req) -> Sending,
    /// Applies the update to the deployment with this id.
    pub update: fn(String, UpdateDeploymentRequest) -> Sending,
}

static CODEC: Codec = Codec {
    draft_text: |d| serde_json::to_value(d).map(|v| v.to_string()).unwrap_or_default(),
    read_draft: from_text::<Req>,
    body_text,
    read_body,
    changes,
    create: |body| {
        Box::pin(async move { api::deployments::create_deployment(&ProviderQuery::default(), &body, None).await })
    },
    update: |id, body| {
        Box::pin(async move { api::deployments::update_deployment(&id, &ProviderQuery::default(), &body, None).await })
    },
};

/// Text read as JSON, then as `T`. Everything the editor reads goes through a `Value`, so serde's
/// code for the request's types is there once.
fn from_text<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("line {}:{}: {e}", e.line(), e.column()))?;
    serde_json::from_value(value).map_err(|e| e.to_string())
}

fn body_text(d: &Req, editing: bool) -> String {
    let value = if editing { serde_json::to_value(d.to_update()) } else { serde_json::to_value(d) };
    value.map(|v| format!("{v:#}")).unwrap_or_default()
}

fn read_body(text: &str, d: &Req, editing: bool) -> Result<Req, String> {
    if editing {
        let u: UpdateDeploymentRequest = from_text(text)?;
        let mut next = d.clone();
        if let Some(dep) = u.deployment {
            next.deployment = dep;
        }
        next.description = u.description.filter(|s| !s.is_empty());
        next.tags = u.tags.unwrap_or_default();
        Ok(next)
    } else {
        from_text(text)
    }
}

fn changes(before: &Req, after: &Req) -> Vec<(String, String, String)> {
    let value = |d: &Req| serde_json::to_value(d.to_update()).unwrap_or_default();
    let shown = |v: Option<serde_json::Value>| v.map(|v| v.to_string()).unwrap_or_else(|| "-".into());
    hilens_model::diff::diff(&value(before), &value(after))
        .into_iter()
        .map(|c| (c.path, shown(c.before), shown(c.after)))
        .collect()
}
