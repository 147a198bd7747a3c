//! Staged roll-outs, the team portal's `/portal/rollouts` (not HiLens'): the plan's dry run,
//! creation, the list (of a deployment, in a state), one roll-out, and a person's actions.

use hilens_model::console::{ROLLOUTS_PATH, ROLLOUT_ACTION_PATH, ROLLOUT_PATH};
use hilens_model::query::{encode_component, Params};
use hilens_model::rollouts::{ResumeRequest, Rollout, RolloutAction, RolloutList, RolloutQuery, RolloutRequest};

use serde::de::DeserializeOwned;

use super::{get_json, post_json, ApiError};

/// The roll-out `req` would be (an empty `id`, each wave's devices by name): nothing is made.
pub async fn plan(req: &RolloutRequest) -> Result<Rollout, ApiError> {
    post_json(&format!("{ROLLOUTS_PATH}?dry_run=1"), req).await
}

/// Starts a roll-out; the proxy drives it from here on.
pub async fn create(req: &RolloutRequest) -> Result<Rollout, ApiError> {
    post_json(ROLLOUTS_PATH, req).await
}

/// Roll-outs, newest first (without their devices and timeline), each read as `R`
/// ([`Rollout`], or [`hilens_model::rollouts::RolloutHolder`] for which deployments it holds).
pub async fn list<R: DeserializeOwned>(query: &RolloutQuery) -> Result<RolloutList<R>, ApiError> {
    get_json(&format!("{ROLLOUTS_PATH}?{}", query.to_query_string())).await
}

/// One roll-out: its waves with their devices, and its timeline.
pub async fn show(id: &str) -> Result<Rollout, ApiError> {
    get_json(&ROLLOUT_PATH.replace("{id}", &encode_component(id))).await
}

/// Asks `action` of a roll-out (`resume` may carry a fixed version); the answer is the roll-out
/// now.
pub async fn act(id: &str, action: RolloutAction, resume: Option<&ResumeRequest>) -> Result<Rollout, ApiError> {
    let path = ROLLOUT_ACTION_PATH.replace("{id}", &encode_component(id)).replace("{action}", action.name());
    match resume {
        Some(body) => post_json(&path, body).await,
        None => post_json(&path, &serde_json::json!({})).await,
    }
}
