//! What pausing or deleting deployments affects, said before it happens: each deployment by
//! name with its instances and the devices they run on (for up to [`BY_NAME`] deployments),
//! counted above that.

use hilens_model::deployments::Deployment;
use leptos::prelude::*;

use super::texts;
use crate::api::{self, ApiError};
use crate::components::names::{self, Kind, Named};
use crate::i18n::{tr, Txt};
use crate::state::use_app;

/// Up to this many deployments (and devices of each), the dialog names them.
pub const BY_NAME: usize = 20;

async fn read(ids: Vec<String>) -> Result<Vec<Deployment>, ApiError> {
    let mut out = Vec::new();
    for id in ids.iter().take(BY_NAME) {
        let d = api::deployments::show_deployment(id, &Default::default()).await?;
        names::learn(Kind::Deployment, [(d.id.as_str(), d.name.as_str())]);
        out.push(d);
    }
    Ok(out)
}

/// The deployments `ids` and what runs of them where, for a confirmation; `busy` while read.
#[component]
pub fn DeploymentImpact(
    #[prop(into)] ids: Signal<Vec<String>>,
    #[prop(into)] open: Signal<bool>,
    consequence: Txt,
    busy: RwSignal<bool>,
) -> impl IntoView {
    let app = use_app();
    let found = LocalResource::new(move || {
        let (ids, open) = (ids.get(), open.get());
        async move {
            if open && !ids.is_empty() {
                Some(read(ids).await)
            } else {
                None
            }
        }
    });
    Effect::new(move |_| busy.set(open.get() && !matches!(found.get(), Some(Some(_)))));
    let many = move || ids.with(Vec::len);
    view! {
        <p class="danger-text">{tr(consequence)}</p>
        <div data-testid="impact" role="status">
            {move || match found.get() {
                None | Some(None) => view! { <p class="muted">{tr(texts::ImpactChecking)}</p> }.into_any(),
                Some(Some(Err(e))) => view! { <p class="danger-text">{e.plain()}</p> }.into_any(),
                Some(Some(Ok(list))) => {
                    let more = many().saturating_sub(list.len());
                    view! {
                        <ul data-testid="impact-deployments">
                            {list
                                .into_iter()
                                .map(|d| {
                                    let (ready, replicas) = (d.ready_replicas, d.replicas);
                                    let devices = d.node_ids.clone();
                                    let extra = devices.len().saturating_sub(BY_NAME);
                                    view! {
                                        <li>
                                            <strong>{d.name.clone()}</strong>
                                            " · "
                                            {move || format!("{} {ready} / {replicas}", app.t(texts::Instances))}
                                            {(!devices.is_empty())
                                                .then(|| {
                                                    view! {
                                                        " · "
                                                        {tr(texts::RolloutDevice)}
                                                        ": "
                                                        {devices
                                                            .into_iter()
                                                            .take(BY_NAME)
                                                            .enumerate()
                                                            .map(|(i, id)| {
                                                                view! {
                                                                    {(i > 0).then_some(", ")}
                                                                    <Named kind=Kind::Device id=id />
                                                                }
                                                            })
                                                            .collect_view()}
                                                        {(extra > 0).then(|| format!(" … +{extra}"))}
                                                    }
                                                })}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                        {(more > 0).then(|| view! { <p>{format!("+{more}")}</p> })}
                    }
                        .into_any()
                }
            }}
        </div>
    }
}
