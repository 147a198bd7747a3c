//! Domains in parts of their own: each domain's pages are split off the main wasm
//! (`wasm-split`, see scripts/build-wasm) and loaded on the first visit to one of them, or
//! earlier when a link to the domain is hovered or focused. A part that fails to load shows an
//! error with a retry on its page; the shell and every other page keep working, and the next
//! visit tries again.
//!
//! A domain declares its part with [`domain_part!`](crate::domain_part), and its navigation
//! entry and pages as a [`Domain`]: each page a [`PageRoute`], the path after the domain's own
//! and the part that renders it. `pages::DomainPage` finds the page the address names among
//! every domain's (`pages::page_at`): the main part carries no route code per page (the whole
//! route tree, typed per route, cost the first load 12 KB gzip; docs/choices.md).

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::thread::LocalKey;

use leptos::prelude::*;
use stylers_macro::style_sheet;

use crate::components::list::list_kit::Skeleton;
use crate::i18n::{common, tr, Txt};

/// Which of its part's pages a route is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    List,
    New,
    Detail,
    Edit,
    /// The deployment editor's form sections, and its market skill picker: parts of their own
    /// inside the editor.
    Form,
    /// A deployment's staged roll-out (`/deployments/:id/rollouts/:rollout`); its form and list are
    /// the same part's `New` and `List`, inside the deployment page's tabs.
    Rollout,
}

/// The parameters a page's path names, each in its own field: a route's path says `:id`, the
/// page reads `params.id` (a misspelt name is a compile error on the page's side, and a route
/// naming a parameter that has no field here matches nothing, which the component test of every
/// route catches). A page without parameters gets them empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageParams {
    /// `:id`: the resource the page is about (a device, deployment, skill, order, workspace,
    /// config map or secret).
    pub id: String,
    /// `:rollout`: one of the deployment `id`'s staged roll-outs.
    pub rollout: String,
    /// `:deployment`: the deployment a job or an instance belongs to.
    pub deployment: String,
    /// `:task`: a job (HiLens calls jobs tasks) of `deployment`.
    pub task: String,
    /// `:pod`: an instance (HiLens calls them pods) of `deployment`.
    pub pod: String,
}

impl PageParams {
    /// Parameters for another part's page that a page shows inside itself (a tab), about `id`.
    pub fn of_id(id: String) -> PageParams {
        PageParams { id, ..PageParams::default() }
    }

    /// The field a route's `:name` fills, if there is one.
    fn field(&mut self, name: &str) -> Option<&mut String> {
        match name {
            "id" => Some(&mut self.id),
            "rollout" => Some(&mut self.rollout),
            "deployment" => Some(&mut self.deployment),
            "task" => Some(&mut self.task),
            "pod" => Some(&mut self.pod),
            _ => None,
        }
    }
}

/// One page of a domain: `path` after the domain's own (`""`, `"new"`, `":id"`, `":id/edit"`;
/// each `:name` one of [`PageParams`]' fields), the part that renders it, and which of the
/// part's pages it is.
pub struct PageRoute {
    pub path: &'static str,
    pub part: &'static Part,
    pub page: Page,
}

impl PageRoute {
    /// The parameters of `rest` (the path's segments after the domain's) if this route takes it.
    pub fn matches(&self, rest: &[&str]) -> Option<PageParams> {
        let pattern: Vec<&'static str> = self.path.split('/').filter(|s| !s.is_empty()).collect();
        if pattern.len() != rest.len() {
            return None;
        }
        let mut params = PageParams::default();
        for (want, got) in pattern.iter().zip(rest) {
            match want.strip_prefix(':') {
                Some(name) => *params.field(name)? = decode_segment(got),
                None if want == got => {}
                None => return None,
            }
        }
        Some(params)
    }
}

/// A path segment as the page uses it (`%20` → ` `); one that does not decode stays as it is.
fn decode_segment(segment: &str) -> String {
    js_sys::decode_uri_component(segment).ok().and_then(|s| s.as_string()).unwrap_or_else(|| segment.to_string())
}

/// Renders one of a part's pages with its parameters.
pub type Render = fn(Page, &PageParams) -> AnyView;

/// Why a part could not be loaded (the loader logs the details to the browser's console).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartError;

impl From<leptos::wasm_split::SplitLoaderError> for PartError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        PartError
    }
}

pub type Loading<T> = Pin<Box<dyn Future<Output = Result<T, PartError>>>>;

/// A domain's part: how to load it, and its page renderer once loaded.
pub struct Part {
    /// Its name (its file is `split_<name>`, src/pages/parts.txt names it).
    pub name: &'static str,
    /// Loads the part (a failed load is not remembered: the next call tries again).
    pub load: fn() -> Loading<Render>,
    /// Fetches the part without rendering anything.
    pub preload: fn() -> Loading<()>,
    /// The renderer, once the part is here (so later visits render at once).
    pub loaded: &'static LocalKey<Cell<Option<Render>>>,
}

impl Part {
    /// Starts fetching the part in the background (a link to it is about to be followed).
    pub fn preload_soon(&'static self) {
        if self.loaded.with(Cell::get).is_none() {
            leptos::task::spawn_local(async move {
                let _ = (self.preload)().await;
            });
        }
    }
}

/// A part that a page fetches when one of its features is first used rather than with the page
/// (the deployment editor's JSON, `deployments_codec`): `T` is what the part hands over, a table
/// of functions. Declared with [`on_demand_part!`](crate::on_demand_part); src/pages/parts.txt
/// names it (`on-demand`) and the page that fetches it.
pub struct OnDemand<T: 'static> {
    /// Fetches the part (a failed fetch is not remembered: the next call tries again; callers
    /// at the same time share one fetch).
    pub fetch: fn() -> Loading<&'static T>,
    /// What it hands over, once it is here.
    pub loaded: &'static LocalKey<Cell<Option<&'static T>>>,
}

impl<T> OnDemand<T> {
    /// What the part hands over, if it is here already.
    pub fn get(&self) -> Option<&'static T> {
        self.loaded.with(Cell::get)
    }

    /// What the part hands over, fetched first when it is not here.
    pub async fn load(&self) -> Result<&'static T, PartError> {
        if let Some(here) = self.get() {
            return Ok(here);
        }
        let here = (self.fetch)().await?;
        self.loaded.with(|l| l.set(Some(here)));
        Ok(here)
    }

    /// Runs `then` with what the part hands over: at once when it is here, else once it is
    /// fetched; `failed` when it cannot be.
    pub fn with(&'static self, then: impl FnOnce(&'static T) + 'static, failed: impl FnOnce() + 'static) {
        match self.get() {
            Some(here) => then(here),
            None => leptos::task::spawn_local(async move {
                match self.load().await {
                    Ok(here) => then(here),
                    Err(_) => failed(),
                }
            }),
        }
    }
}

/// The side navigation's groups, in its order (a domain names its own; `pages::DOMAINS` lists
/// each group's domains together).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NavGroup {
    /// The overview, above every group, without a heading.
    Home,
    Fleet,
    Apps,
    Config,
    Market,
    Team,
}

impl NavGroup {
    /// The id of the group's heading in the page.
    pub fn id(self) -> &'static str {
        match self {
            NavGroup::Home => "nav-group-home",
            NavGroup::Fleet => "nav-group-fleet",
            NavGroup::Apps => "nav-group-apps",
            NavGroup::Config => "nav-group-config",
            NavGroup::Market => "nav-group-market",
            NavGroup::Team => "nav-group-team",
        }
    }

    /// The group's heading (none for the overview's).
    pub fn label(self) -> Option<Txt> {
        Some(match self {
            NavGroup::Home => return None,
            NavGroup::Fleet => common::NavGroupFleet,
            NavGroup::Apps => common::NavGroupApps,
            NavGroup::Config => common::NavGroupConfig,
            NavGroup::Market => common::NavGroupMarket,
            NavGroup::Team => common::NavGroupTeam,
        })
    }
}

/// A domain in the side navigation: its label, where it lives, the letter `g` then jumps to it
/// with, and its part (preloaded when the link is hovered or focused).
pub struct Domain {
    /// The side navigation's group it is listed under.
    pub group: NavGroup,
    pub label: Txt,
    pub href: &'static str,
    pub key: &'static str,
    pub part: &'static Part,
    /// Its pages, most specific first.
    pub pages: &'static [PageRoute],
}

impl Domain {
    /// The page at `path` (the console's own, without its prefix) and its parameters, if it is
    /// one of this domain's.
    pub fn page_at(&self, path: &[&str]) -> Option<(&'static PageRoute, PageParams)> {
        let own: Vec<&str> = self.href.split('/').filter(|s| !s.is_empty()).collect();
        let rest = path.strip_prefix(own.as_slice())?;
        self.pages.iter().find_map(|route| route.matches(rest).map(|params| (route, params)))
    }
}

/// Declares the current module's part, named `$name` (its file is `split_<name>`): `$render`
/// renders its pages ([`Render`]) and is the part's one entry point. Without `--cfg hilens_split`
/// (component tests, `cargo check`) nothing is split and the part is "loaded" at once.
#[macro_export]
macro_rules! domain_part {
    ($name:ident, $render:path) => {
        #[cfg(hilens_split)]
        #[::leptos::wasm_split::wasm_split($name, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_part))]
        fn $name(
        ) -> ::core::result::Result<$crate::components::frame::part::Render, $crate::components::frame::part::PartError>
        {
            Ok($render)
        }

        #[cfg(not(hilens_split))]
        async fn $name(
        ) -> ::core::result::Result<$crate::components::frame::part::Render, $crate::components::frame::part::PartError>
        {
            Ok($render)
        }

        #[cfg(not(hilens_split))]
        async fn preload_part() -> ::core::result::Result<(), $crate::components::frame::part::PartError> {
            Ok(())
        }

        thread_local! {
            static LOADED: ::std::cell::Cell<Option<$crate::components::frame::part::Render>> =
                const { ::std::cell::Cell::new(None) };
        }

        pub static PART: $crate::components::frame::part::Part = $crate::components::frame::part::Part {
            name: stringify!($name),
            load: || ::std::boxed::Box::pin($name()),
            preload: || {
                ::std::boxed::Box::pin(async {
                    preload_part().await.map_err($crate::components::frame::part::PartError::from)
                })
            },
            loaded: &LOADED,
        };
    };
}

/// Declares the current module's on-demand part ([`OnDemand`]), named `$name` (its file is
/// `split_<name>`): what it hands over is the static `$value`, of type `$ty`, and everything only
/// `$value`'s functions reach goes into the part. Without `--cfg hilens_split` the part is here
/// from the start.
#[macro_export]
macro_rules! on_demand_part {
    ($name:ident, $ty:ty, $value:path) => {
        #[cfg(hilens_split)]
        #[::leptos::wasm_split::wasm_split($name, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $name() -> ::core::result::Result<&'static $ty, $crate::components::frame::part::PartError> {
            Ok(&$value)
        }

        #[cfg(not(hilens_split))]
        async fn $name() -> ::core::result::Result<&'static $ty, $crate::components::frame::part::PartError> {
            Ok(&$value)
        }

        #[cfg(hilens_split)]
        thread_local! {
            static LOADED: ::std::cell::Cell<Option<&'static $ty>> = const { ::std::cell::Cell::new(None) };
        }

        #[cfg(not(hilens_split))]
        thread_local! {
            static LOADED: ::std::cell::Cell<Option<&'static $ty>> = const { ::std::cell::Cell::new(Some(&$value)) };
        }

        pub static PART: $crate::components::frame::part::OnDemand<$ty> =
            $crate::components::frame::part::OnDemand { fetch: || ::std::boxed::Box::pin($name()), loaded: &LOADED };
    };
}

/// How long a part may take before its page offers the retry.
const STALLED_AFTER: std::time::Duration = std::time::Duration::from_secs(12);

/// What a load attempt has come to.
#[derive(Clone, Copy)]
enum State {
    Loading,
    Loaded(Render),
    Failed,
}

/// Page `page` of `part`: at once when the part is here, else a skeleton while it loads, and an
/// error with a retry when it cannot be loaded.
#[component]
pub fn PartPage(part: &'static Part, page: Page, #[prop(optional)] params: PageParams) -> impl IntoView {
    let state = RwSignal::new(match part.loaded.with(Cell::get) {
        Some(render) => State::Loaded(render),
        None => State::Loading,
    });
    let attempt = StoredValue::new(0u32);
    let load = move || {
        state.set(State::Loading);
        attempt.update_value(|a| *a += 1);
        let this_attempt = attempt.get_value();
        // A fetch that neither arrives nor fails (a stalled network) is shown as a failure after a
        // while, with the retry; should the part still arrive, it is rendered then.
        set_timeout(
            move || {
                let current = attempt.try_get_value() == Some(this_attempt);
                if current && matches!(state.try_get_untracked(), Some(State::Loading)) {
                    let _ = state.try_set(State::Failed);
                }
            },
            STALLED_AFTER,
        );
        leptos::task::spawn_local(async move {
            let outcome = (part.load)().await;
            // The page may be gone by now (the user went elsewhere); the part is kept anyway.
            if let Ok(render) = outcome {
                part.loaded.with(|l| l.set(Some(render)));
            }
            match outcome {
                Ok(render) => drop(state.try_set(State::Loaded(render))),
                // A failure of an attempt the user has since retried says nothing of the retry.
                Err(_) if attempt.try_get_value() == Some(this_attempt) => drop(state.try_set(State::Failed)),
                Err(_) => {}
            }
        });
    };
    if matches!(state.get_untracked(), State::Loading) {
        load();
    }
    move || match state.get() {
        State::Loaded(render) => render(page, &params),
        State::Loading => view! { <Skeleton /> }.into_any(),
        State::Failed => view! { <PartFailed on_retry=Callback::new(move |()| load()) /> }.into_any(),
    }
}

/// A part that could not be loaded, with the retry.
#[component]
pub fn PartFailed(on_retry: Callback<()>) -> impl IntoView {
    const _: &str = include_str!("part_page.css");
    let class = style_sheet!("src/components/frame/part_page.css");
    view! { class=class,
        <div class="part-failed danger-box" role="alert" data-testid="part-failed">
            <p>{tr(common::PartFailed)}</p>
            <button type="button" data-testid="part-retry" on:click=move |_| on_retry.run(())>
                {tr(common::Retry)}
            </button>
        </div>
    }
}
