//! A roll-out's plan, worked out when it is asked for (and for a dry run): the deployment as it
//! is, the devices in a fixed order with their names (a deployment's `node_tags` or `cluster_id`
//! targets resolved to the devices it runs on; devices to add resolved from ids or tags), the
//! refusals said up front (a roll-out already holding the deployment, jobs, skill-order units,
//! devices outside the caller's workspaces), the waves, and the new deployment's name.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use hilens_model::deployments::{Deployment, Patch, PatchDeploymentRequest, Pod};
use hilens_model::error::FieldError;
use hilens_model::nodes::Node;
use hilens_model::rollouts::{
    new_deployment_name, plan_waves, rollout_base_name, rollout_number, PlannedDevice, Rollout, RolloutRequest,
    KIND_CHANGE,
};
use hilens_model::tags::Tag;
use hilens_portal::rollouts::RolloutStore;
use hilens_portal::Grant;

use super::hilens::{Failure, HiLens};

/// Why a roll-out cannot be made as asked.
#[derive(Debug)]
pub enum Refusal {
    /// A field breaks a rule (400).
    Field(FieldError),
    /// Something named does not exist (404), the detail naming the field.
    NotFound(String),
    /// A roll-out holds the deployment already (409 `CONSOLE.0409`).
    Held(String),
    /// The deployment's state does not allow it (409): jobs, skill-order units.
    Conflict(String),
    /// Outside the caller's workspaces (403).
    Denied(String),
    /// HiLens did not answer as it should (502).
    Upstream(Failure),
    /// The state store did not answer (503).
    Store(String),
}

impl From<Failure> for Refusal {
    fn from(f: Failure) -> Refusal {
        Refusal::Upstream(f)
    }
}

/// A plan: the roll-out as it would start (no id yet).
pub struct Plan {
    pub rollout: Rollout,
}

/// Works the plan out for `user` (limited to `grant`'s workspaces), reading HiLens through `h`.
pub async fn plan(
    h: &HiLens<'_>,
    store: &Arc<RolloutStore>,
    req: &RolloutRequest,
    grant: &Grant,
    user: &str,
) -> Result<Plan, Refusal> {
    req.validate().map_err(Refusal::Field)?;
    let Some(deployment) = h.deployment(&req.deployment_id).await? else {
        return Err(Refusal::NotFound(format!("deployment_id: no deployment {}", req.deployment_id)));
    };
    let held = blocking(store, {
        let id = deployment.id.clone();
        move |s| s.holder_of(&[&id])
    })
    .await?;
    if let Some(rollout) = held {
        return Err(Refusal::Held(rollout));
    }
    let pods = h.pods(&deployment.id).await?;
    let change = req.kind() == KIND_CHANGE;
    let ids = if change { devices_of(&deployment, &pods) } else { devices_to_add(h, req, &pods).await? };
    if ids.is_empty() {
        return Err(Refusal::Field(if change {
            FieldError::new("deployment_id", "devices", "该部署没有设备可发布", "the deployment runs on no device")
        } else {
            FieldError::new(
                adding_field(req),
                "devices",
                "这些设备都已在该部署中",
                "every one of these devices is in the deployment already",
            )
        }));
    }
    let known = describe(h, &ids).await?;
    if !change {
        if let Some((i, id)) = ids.iter().enumerate().find(|(_, id)| !known.contains_key(*id)) {
            return Err(Refusal::NotFound(format!("{}[{i}]: no device {id}", adding_field(req))));
        }
    }
    outside_theirs(grant, &ids, &known)?;
    let devices: Vec<PlannedDevice> = ids
        .iter()
        .map(|id| PlannedDevice { id: id.clone(), name: known.get(id).map_or_else(|| id.clone(), |n| n.name.clone()) })
        .collect();
    let waves = plan_waves(&req.waves, &devices).map_err(Refusal::Field)?;

    let mut new_name = None;
    if change {
        let jobs = h.job_count(&deployment.id).await?;
        if jobs > 0 {
            return Err(Refusal::Conflict(format!(
                "deployment_id: the deployment has {jobs} job(s), which would stay with the old deployment; \
                 delete them (and make them again on the new one) before rolling out"
            )));
        }
        let name = next_name(h, store, &deployment.name).await?;
        let mut create = deployment.to_draft();
        create.name = name.clone();
        create.node_ids = Some(waves[0].devices.iter().map(|d| d.id.clone()).collect());
        create.cluster_id = None;
        let patch =
            PatchDeploymentRequest { version: req.version.clone(), patch: req.envs.clone().map(|envs| Patch { envs }) };
        patch.apply(&mut create.deployment.template.apps);
        create.validate().map_err(Refusal::Field)?;
        new_name = Some(name);
    }
    if deployment.source == "hlm" {
        check_units(h, &deployment, devices.len()).await?;
    }
    let now = hilens_portal::audit::now();
    let rollout = Rollout {
        kind: req.kind().to_string(),
        deployment_id: deployment.id.clone(),
        deployment_name: deployment.name.clone(),
        new_deployment_name: new_name,
        version: req.version.clone(),
        from_version: deployment.template.apps.first().and_then(|a| a.version.clone()),
        envs: req.envs.clone(),
        settings: req.settings(),
        created_by: user.to_string(),
        created_at: now.clone(),
        updated_at: now,
        device_count: devices.len(),
        waves,
        ..Rollout::default()
    };
    Ok(Plan { rollout })
}

/// 403 naming the first device outside a workspace-limited caller's workspaces.
fn outside_theirs(grant: &Grant, ids: &[String], known: &HashMap<String, Node>) -> Result<(), Refusal> {
    let Some(theirs) = &grant.workspaces else { return Ok(()) };
    let outside = ids.iter().find(|id| {
        known.get(*id).and_then(|n| n.workspace_id.as_deref()).is_none_or(|w| !theirs.iter().any(|t| t == w))
    });
    match outside {
        Some(id) => Err(Refusal::Denied(format!("device {id} is not in your workspaces"))),
        None => Ok(()),
    }
}

/// Whether every one of `ids` lies in the caller's workspaces (pausing or aborting someone
/// else's roll-out needs what making it did).
pub async fn all_theirs(h: &HiLens<'_>, grant: &Grant, ids: &[String]) -> Result<(), Refusal> {
    if grant.workspaces.is_none() {
        return Ok(());
    }
    let known = describe(h, ids).await?;
    outside_theirs(grant, ids, &known)
}

fn adding_field(req: &RolloutRequest) -> &'static str {
    if req.add_node_ids.is_some() {
        "add_node_ids"
    } else {
        "add_node_tags"
    }
}

/// Runs a store call off the serving runtime.
pub async fn blocking<T: Send + 'static>(
    store: &Arc<RolloutStore>,
    work: impl FnOnce(&RolloutStore) -> Result<T, String> + Send + 'static,
) -> Result<T, Refusal> {
    let store = store.clone();
    match tokio::task::spawn_blocking(move || work(&store)).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(Refusal::Store(e)),
        Err(_) => Err(Refusal::Store("the store call stopped".into())),
    }
}

/// The devices a deployment runs on, in a fixed order: its `node_ids` as answered, then any
/// other device it has an instance on (a `node_tags` or `cluster_id` deployment), oldest first.
fn devices_of(deployment: &Deployment, pods: &[Pod]) -> Vec<String> {
    let on: HashSet<&str> = pods.iter().map(|p| p.node_id.as_str()).collect();
    let mut out: Vec<String> = Vec::new();
    for id in &deployment.node_ids {
        if on.contains(id.as_str()) && !out.contains(id) {
            out.push(id.clone());
        }
    }
    let mut rest: Vec<&Pod> = pods.iter().filter(|p| !out.contains(&p.node_id)).collect();
    rest.sort_by(|a, b| a.created_at.cmp(&b.created_at).then_with(|| a.node_id.cmp(&b.node_id)));
    for p in rest {
        if !out.contains(&p.node_id) {
            out.push(p.node_id.clone());
        }
    }
    out
}

/// The devices to add, in the order asked (by tags: every device carrying all of them, oldest
/// first), without those in the deployment already.
async fn devices_to_add(h: &HiLens<'_>, req: &RolloutRequest, pods: &[Pod]) -> Result<Vec<String>, Refusal> {
    let already: HashSet<&str> = pods.iter().map(|p| p.node_id.as_str()).collect();
    let mut out: Vec<String> = Vec::new();
    if let Some(ids) = &req.add_node_ids {
        for id in ids {
            if !already.contains(id.as_str()) && !out.contains(id) {
                out.push(id.clone());
            }
        }
    } else if let Some(tags) = &req.add_node_tags {
        let mut carrying = carrying_all(h, tags).await?;
        carrying.sort_by(|a, b| a.created_at.cmp(&b.created_at).then_with(|| a.id.cmp(&b.id)));
        if carrying.is_empty() {
            let shown: Vec<String> = tags.iter().map(|t| format!("{}={}", t.key, t.value)).collect();
            return Err(Refusal::NotFound(format!("add_node_tags: no device carries {}", shown.join(","))));
        }
        out.extend(carrying.into_iter().map(|n| n.id).filter(|id| !already.contains(id.as_str())));
    }
    Ok(out)
}

/// Every device of the project carrying all of `tags`.
async fn carrying_all(h: &HiLens<'_>, tags: &[Tag]) -> Result<Vec<Node>, Refusal> {
    let first = format!("{}.{}", tags[0].key, tags[0].value);
    let mut found = Vec::new();
    for workspace in h.workspaces().await? {
        let mut offset = 0;
        loop {
            let page = h.nodes_page(&workspace, Some(&first), offset).await?;
            let n = page.nodes.len();
            offset += n;
            found.extend(page.nodes.into_iter().filter(|node| tags.iter().all(|t| node.tags.iter().any(|nt| nt == t))));
            if n == 0 || offset >= page.count as usize {
                break;
            }
        }
    }
    Ok(found)
}

/// Names and workspaces of `ids`: one by one for a few, else read workspace by workspace until
/// every one is found. A device that no longer exists is left out.
async fn describe(h: &HiLens<'_>, ids: &[String]) -> Result<HashMap<String, Node>, Refusal> {
    let mut known = HashMap::new();
    if ids.len() <= 20 {
        for id in ids {
            if let Some(node) = h.node(id).await? {
                known.insert(id.clone(), node);
            }
        }
        return Ok(known);
    }
    let wanted: HashSet<&str> = ids.iter().map(String::as_str).collect();
    'workspaces: for workspace in h.workspaces().await? {
        let mut offset = 0;
        loop {
            let page = h.nodes_page(&workspace, None, offset).await?;
            let n = page.nodes.len();
            offset += n;
            for node in page.nodes {
                if wanted.contains(node.id.as_str()) {
                    known.insert(node.id.clone(), node);
                }
            }
            if known.len() == wanted.len() {
                break 'workspaces;
            }
            if n == 0 || offset >= page.count as usize {
                break;
            }
        }
    }
    Ok(known)
}

/// The new deployment's name: the old one's base and the next roll-out number that neither a
/// deployment nor another roll-out has taken.
async fn next_name(h: &HiLens<'_>, store: &Arc<RolloutStore>, old: &str) -> Result<String, Refusal> {
    let base = rollout_base_name(old).to_string();
    let mut names: Vec<String> = h.deployments_named(&base).await?.into_iter().map(|(_, name)| name).collect();
    let prefix = format!("{base}-r");
    names.extend(blocking(store, move |s| s.names_taken(&prefix)).await?);
    let highest = names.iter().filter_map(|n| rollout_number(&base, n)).max().unwrap_or(1);
    Ok(new_deployment_name(old, highest.saturating_add(1).max(2)))
}

/// A market deployment's apps each hold a unit of a skill order per device; for a while the two
/// deployments hold them at once, so each app's order needs `devices` free units.
async fn check_units(h: &HiLens<'_>, deployment: &Deployment, devices: usize) -> Result<(), Refusal> {
    for (i, app) in deployment.template.apps.iter().enumerate() {
        let field = format!("deployment.template.apps[{i}].app_order_id");
        let free = |o: &hilens_model::orders::SkillOrderInfo| o.amount.unwrap_or(0) - o.used_amount.unwrap_or(0);
        let best = match &app.app_order_id {
            Some(id) => h.order(id).await?.map(|o| (o.order_id.clone(), free(&o))),
            None => {
                let orders = h.orders_of(&app.name).await?;
                orders.iter().map(|o| (o.order_id.clone(), free(o))).max_by_key(|(_, f)| *f)
            }
        };
        match best {
            Some((_, left)) if left >= devices as i64 => {}
            Some((order, left)) => {
                return Err(Refusal::Conflict(format!(
                    "{field}: skill order {order} has {left} free unit(s); the roll-out holds {devices} more \
                     while both deployments run (one per device)"
                )))
            }
            None => {
                return Err(Refusal::Conflict(format!("{field}: no skill order of {} to take units from", app.name)))
            }
        }
    }
    Ok(())
}
