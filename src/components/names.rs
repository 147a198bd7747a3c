//! Names for ids: devices, deployments, workspaces, config maps and secrets appear by name on
//! every page, their id on hover. One book per browser tab (the session's) remembers every
//! name seen: lists teach it for free ([`learn`]); a page that shows ids it has not seen asks
//! for them ([`want`]), and the book looks them up with a bound on calls, so a list that
//! refreshes every 5 s stays far inside the proxy's 600 calls a minute per session:
//! one list call per kind at most every [`LIST_EVERY`], then at most [`LOOKUPS_PER_ASK`]
//! single reads per ask; an id that cannot be found is not asked for again.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use leptos::prelude::*;

use crate::api;
use crate::router::A;

/// What an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Device,
    Deployment,
    Workspace,
    ConfigMap,
    Secret,
}

/// Single reads one ask may make (the rest wait for the next ask, e.g. the next refresh).
pub const LOOKUPS_PER_ASK: usize = 5;
/// How long a kind's list read stands in for asking again, in milliseconds.
pub const LIST_EVERY: f64 = 60_000.0;

#[derive(Default)]
struct Book {
    /// `None`: looked up and not found (deleted, or not this session's to see).
    names: HashMap<(Kind, String), Option<String>>,
    asking: HashSet<(Kind, String)>,
    /// Asked for and not yet looked up, in the order asked.
    pending: Vec<(Kind, String)>,
    flushing: bool,
    listed_at: HashMap<Kind, f64>,
    /// Bumped when names arrive, so views showing ids draw again.
    revision: Option<ArcRwSignal<u32>>,
}

thread_local! {
    static BOOK: RefCell<Book> = RefCell::new(Book::default());
}

fn revision() -> ArcRwSignal<u32> {
    BOOK.with(|b| b.borrow_mut().revision.get_or_insert_with(|| ArcRwSignal::new(0)).clone())
}

fn bump() {
    revision().update(|r| *r = r.wrapping_add(1));
}

/// Remembers names the page has anyway (a list's rows).
pub fn learn<'a>(kind: Kind, pairs: impl IntoIterator<Item = (&'a str, &'a str)>) {
    let mut changed = false;
    BOOK.with(|b| {
        let mut b = b.borrow_mut();
        for (id, name) in pairs {
            if id.is_empty() || name.is_empty() {
                continue;
            }
            let slot = b.names.entry((kind, id.to_string())).or_insert(None);
            if slot.as_deref() != Some(name) {
                *slot = Some(name.to_string());
                changed = true;
            }
        }
    });
    if changed {
        bump();
    }
}

/// The name of `id`, when known (reactive: it follows names as they arrive).
pub fn name(kind: Kind, id: &str) -> Option<String> {
    revision().track();
    BOOK.with(|b| b.borrow().names.get(&(kind, id.to_string())).cloned().flatten())
}

/// The name of `id`, or the id itself until (or unless) it is known.
pub fn name_or_id(kind: Kind, id: &str) -> String {
    name(kind, id).unwrap_or_else(|| id.to_string())
}

fn now() -> f64 {
    js_sys::Date::now()
}

/// Asks for the names of `ids` not known yet, within the bound (see the module's comment).
/// Asks made while a page draws are gathered and looked up together once it has drawn.
pub fn want(kind: Kind, ids: impl IntoIterator<Item = String>) {
    let first = BOOK.with(|b| {
        let mut b = b.borrow_mut();
        let b = &mut *b;
        for id in ids {
            let key = (kind, id);
            if !key.1.is_empty() && !b.names.contains_key(&key) && !b.asking.contains(&key) {
                b.asking.insert(key.clone());
                b.pending.push(key);
            }
        }
        let first = !b.pending.is_empty() && !b.flushing;
        b.flushing |= first;
        first
    });
    if first {
        leptos::task::spawn_local(flush());
    }
}

/// Looks up what was asked for: per kind, its list when due, then single reads within the bound.
async fn flush() {
    let pending = BOOK.with(|b| {
        let mut b = b.borrow_mut();
        b.flushing = false;
        std::mem::take(&mut b.pending)
    });
    let mut kinds: Vec<Kind> = pending.iter().map(|(k, _)| *k).collect();
    kinds.dedup();
    for kind in kinds {
        let ids: Vec<String> = pending.iter().filter(|(k, _)| *k == kind).map(|(_, id)| id.clone()).collect();
        let list_due = BOOK.with(|b| {
            let mut b = b.borrow_mut();
            let due = b.listed_at.get(&kind).is_none_or(|at| now() - at > LIST_EVERY);
            if due {
                b.listed_at.insert(kind, now());
            }
            due
        });
        if list_due {
            if let Some(pairs) = list(kind).await {
                learn(kind, pairs.iter().map(|(i, n)| (i.as_str(), n.as_str())));
            }
        }
        let still: Vec<String> = BOOK.with(|b| {
            ids.iter().filter(|id| !b.borrow().names.contains_key(&(kind, (*id).clone()))).cloned().collect()
        });
        for id in still.iter().take(LOOKUPS_PER_ASK) {
            let found = one(kind, id).await;
            BOOK.with(|b| match found {
                Lookup::Found(name) => drop(b.borrow_mut().names.insert((kind, id.clone()), Some(name))),
                Lookup::Gone => drop(b.borrow_mut().names.insert((kind, id.clone()), None)),
                // A failure that may pass (network, rate limit): asked again next time.
                Lookup::Failed => {}
            });
        }
        // What is left over is asked for again by the next ask (the next refresh).
        BOOK.with(|b| {
            let mut b = b.borrow_mut();
            for id in &ids {
                b.asking.remove(&(kind, id.clone()));
            }
        });
    }
    bump();
}

enum Lookup {
    Found(String),
    Gone,
    Failed,
}

fn lookup<T>(r: Result<T, api::ApiError>, name: impl FnOnce(T) -> String) -> Lookup {
    match r {
        Ok(v) => Lookup::Found(name(v)),
        Err(api::ApiError::Api { status: 403 | 404, .. }) => Lookup::Gone,
        Err(_) => Lookup::Failed,
    }
}

/// One read of one resource.
async fn one(kind: Kind, id: &str) -> Lookup {
    match kind {
        Kind::Device => lookup(api::nodes::show_node(id).await, |n| n.name),
        Kind::Deployment => lookup(api::deployments::show_deployment(id, &Default::default()).await, |d| d.name),
        Kind::Workspace => lookup(api::workspaces::show_work_space(id).await, |w| w.name),
        Kind::ConfigMap => lookup(api::configmaps::show_config_map(id).await, |c| c.configmap.name),
        Kind::Secret => lookup(api::secrets::show_secret(id).await, |s| s.secret.name),
    }
}

/// One page (the API's largest) of a kind: its newest, which most pages show.
async fn list(kind: Kind) -> Option<Vec<(String, String)>> {
    let limit = Some(100);
    Some(match kind {
        Kind::Device => {
            let q = hilens_model::nodes::NodeListQuery { limit, ..Default::default() };
            api::nodes::show_nodes(&q).await.ok()?.nodes.into_iter().map(|n| (n.id, n.name)).collect()
        }
        Kind::Deployment => {
            let q = hilens_model::deployments::DeploymentListQuery { limit, ..Default::default() };
            api::deployments::show_deployments(&q).await.ok()?.deployments.into_iter().map(|d| (d.id, d.name)).collect()
        }
        Kind::Workspace => {
            let q = hilens_model::workspaces::WorkspaceListQuery { limit, ..Default::default() };
            api::workspaces::list_work_spaces(&q)
                .await
                .ok()?
                .workspaces
                .into_iter()
                .map(|w| (w.workspace_id, w.name))
                .collect()
        }
        Kind::ConfigMap => {
            let q = hilens_model::configmaps::ConfigMapListQuery { limit, ..Default::default() };
            api::configmaps::list_config_maps(&q)
                .await
                .ok()?
                .configmaps
                .into_iter()
                .map(|c| (c.id.unwrap_or_default(), c.name))
                .collect()
        }
        Kind::Secret => {
            let q = hilens_model::secrets::SecretListQuery { limit, ..Default::default() };
            api::secrets::list_secrets(&q).await.ok()?.secrets.into_iter().map(|s| (s.id, s.name)).collect()
        }
    })
}

/// A resource by name (its id until the name is known), linking to its page at `href` when
/// given; the id is its tooltip.
#[component]
pub fn Named(
    kind: Kind,
    #[prop(into)] id: String,
    #[prop(optional, into)] href: Option<String>,
    #[prop(optional)] testid: Option<&'static str>,
) -> impl IntoView {
    want(kind, [id.clone()]);
    let (shown, title) = (id.clone(), id);
    let text = move || name_or_id(kind, &shown);
    match href {
        Some(href) => view! {
            <A href=href attr:title=title attr:data-testid=testid>
                {text}
            </A>
        }
        .into_any(),
        None => view! {
            <span title=title data-testid=testid>
                {text}
            </span>
        }
        .into_any(),
    }
}
