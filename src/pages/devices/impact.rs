//! What stopping or deleting devices affects, said before it happens: the deployments whose app
//! instances run on them, by name for up to [`BY_NAME`] devices, counted above that.

use std::collections::BTreeMap;

use hilens_model::deployments::{Pod, PodListQuery};
use leptos::prelude::*;

use super::texts;
use crate::api::{self, ApiError};
use crate::components::names::{self, Kind, Named};
use crate::i18n::{tr, Txt};
use crate::state::use_app;

/// Up to this many devices, the dialog names them and their deployments.
pub const BY_NAME: usize = 20;
/// Pages of 100 instances read at most (a fleet's instances beyond that are not counted).
const MOST_PAGES: u32 = 50;

/// The app instances on some devices, by deployment.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Impact {
    /// Each deployment with instances on the devices, and how many.
    pub deployments: Vec<(String, usize)>,
    pub instances: usize,
    /// False when there were more instances than were read (the counts are a floor).
    pub complete: bool,
}

impl Impact {
    fn of(pods: &[Pod], complete: bool) -> Impact {
        let mut by: BTreeMap<&str, usize> = BTreeMap::new();
        for p in pods {
            *by.entry(p.deployment_id.as_str()).or_default() += 1;
        }
        Impact {
            deployments: by.into_iter().map(|(d, n)| (d.to_string(), n)).collect(),
            instances: pods.len(),
            complete,
        }
    }
}

/// Every page of instances a query finds (at most [`MOST_PAGES`]); true when that was all.
async fn all_pods(mut query: PodListQuery) -> Result<(Vec<Pod>, bool), ApiError> {
    let mut pods = Vec::new();
    for page in 0..MOST_PAGES {
        query.offset = Some(page * 100);
        query.limit = Some(100);
        let list = api::deployments::show_deployment_pods(&query).await?;
        let n = list.pods.len();
        pods.extend(list.pods);
        if n < 100 || pods.len() as u64 >= list.count {
            return Ok((pods, true));
        }
    }
    Ok((pods, false))
}

/// The instances on `ids`: asked device by device for a few, read from the workspace's
/// instances for many.
pub async fn impact(ids: Vec<String>, workspace: String) -> Result<Impact, ApiError> {
    if ids.len() <= BY_NAME {
        let mut pods = Vec::new();
        let mut complete = true;
        for id in &ids {
            let (found, all) = all_pods(PodListQuery { node_id: Some(id.clone()), ..Default::default() }).await?;
            pods.extend(found);
            complete &= all;
        }
        let impact = Impact::of(&pods, complete);
        // The deployments by name: read now (at most BY_NAME), the dialog names them.
        for (id, _) in impact.deployments.iter().take(BY_NAME) {
            if names::name(Kind::Deployment, id).is_none() {
                if let Ok(d) = api::deployments::show_deployment(id, &Default::default()).await {
                    names::learn(Kind::Deployment, [(d.id.as_str(), d.name.as_str())]);
                }
            }
        }
        Ok(impact)
    } else {
        let query = PodListQuery { workspace_id: Some(workspace), ..Default::default() };
        let (pods, complete) = all_pods(query).await?;
        let on: Vec<Pod> = pods.into_iter().filter(|p| ids.contains(&p.node_id)).collect();
        Ok(Impact::of(&on, complete))
    }
}

/// What an action on the devices `ids` affects, for its confirmation: the devices by name, then
/// the deployments with instances on them (`consequence` says what happens to those). `busy` is
/// true while it is being read.
#[component]
pub fn DeviceImpact(
    #[prop(into)] ids: Signal<Vec<String>>,
    /// Read only while true (the dialog is open).
    #[prop(into)]
    open: Signal<bool>,
    consequence: Txt,
    busy: RwSignal<bool>,
) -> impl IntoView {
    let app = use_app();
    let found = LocalResource::new(move || {
        let (ids, open) = (ids.get(), open.get());
        let workspace = app.workspace.get_untracked();
        async move {
            if !open || ids.is_empty() {
                return None;
            }
            Some(impact(ids, workspace).await)
        }
    });
    Effect::new(move |_| busy.set(open.get() && !matches!(found.get(), Some(Some(_)))));
    let devices = move || {
        let ids = ids.get();
        (ids.len() <= BY_NAME).then(|| {
            view! {
                <p data-testid="impact-devices">
                    {tr(texts::ImpactDevices)} " "
                    {ids
                        .into_iter()
                        .enumerate()
                        .map(|(i, id)| {
                            view! {
                                {(i > 0).then_some(", ")}
                                <strong>
                                    <Named kind=Kind::Device id=id />
                                </strong>
                            }
                        })
                        .collect_view()}
                </p>
            }
        })
    };
    let many = move || ids.with(|i| i.len() > BY_NAME);
    view! {
        {devices}
        <div data-testid="impact" role="status">
            {move || match found.get() {
                None | Some(None) => view! { <p class="muted">{tr(texts::ImpactChecking)}</p> }.into_any(),
                Some(Some(Err(e))) => {
                    view! { <p class="danger-text">{tr(texts::ImpactUnknown)} " " {e.plain()}</p> }.into_any()
                }
                Some(Some(Ok(i))) if i.instances == 0 => view! { <p>{tr(texts::ImpactNothing)}</p> }.into_any(),
                Some(Some(Ok(i))) if many() => {
                    let (n, m) = (i.instances, i.deployments.len());
                    let floor = if i.complete { "" } else { "≥ " };
                    view! {
                        <p class="danger-text">{tr(consequence)}</p>
                        <p data-testid="impact-counts">{move || texts::instances_of(n, m, floor, app.lang.get())}</p>
                    }
                        .into_any()
                }
                Some(Some(Ok(i))) => {
                    view! {
                        <p class="danger-text">{tr(consequence)}</p>
                        <ul data-testid="impact-deployments">
                            {i
                                .deployments
                                .into_iter()
                                .map(|(id, n)| {
                                    let href = crate::paths::to(&format!("/deployments/{id}"));
                                    view! {
                                        <li>
                                            <Named kind=Kind::Deployment id=id href=href />
                                            " · "
                                            {move || texts::instances_count(n, app.lang.get())}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}
