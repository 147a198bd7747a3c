//! Doing things: one helper every mutation goes through (pending state, a toast either way,
//! then the caller's refetch), and bulk actions over many resources with one grouped progress
//! notice (n of m, failures listed by resource, cancellable), paced so a long run stays well
//! inside the proxy's per-session rate limit.

use std::future::Future;
use std::time::Duration;

use leptos::prelude::*;
use stylers_macro::style_sheet;

use crate::api::ApiError;
use crate::components::confirm::Progress;
use crate::components::list::list_page::BulkAction;
use crate::components::names::{Kind, Named};
use crate::i18n::{common, tr, Txt};
use crate::state::toasts::ToastAction;
use crate::state::use_app;

/// Runs `call`; while it runs `pending` is true; success toasts `done` and runs `then`, failure
/// toasts the error (with its code and request id) and hands it to `then`.
pub fn run_action<Fut, V>(
    pending: RwSignal<bool>,
    done: Txt,
    call: Fut,
    then: impl FnOnce(Result<V, ApiError>) + 'static,
) where
    Fut: Future<Output = Result<V, ApiError>> + 'static,
    V: 'static,
{
    run_undoable(pending, done, None, call, then);
}

/// [`run_action`] whose success toast offers `undo` (start again after a stop).
pub fn run_undoable<Fut, V>(
    pending: RwSignal<bool>,
    done: Txt,
    undo: Option<ToastAction>,
    call: Fut,
    then: impl FnOnce(Result<V, ApiError>) + 'static,
) where
    Fut: Future<Output = Result<V, ApiError>> + 'static,
    V: 'static,
{
    let app = use_app();
    pending.set(true);
    leptos::task::spawn_local(async move {
        let outcome = call.await;
        let _ = pending.try_set(false);
        match &outcome {
            Ok(_) => app.toast_ok_with(app.t_untracked(done).to_string(), undo),
            Err(e) => app.toast_error(e),
        }
        then(outcome);
    });
}

/// A bulk run as it goes: how many are done, which failed and why, and whether it was cancelled.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BulkRun {
    pub label: Option<Txt>,
    pub total: usize,
    pub done: usize,
    pub failures: Vec<(String, String)>,
    pub cancelled: bool,
    pub finished: bool,
    /// What the keys are ids of, so failures are listed by name.
    pub kind: Option<Kind>,
    /// While a followed run waits for what it started: how far along that is, 0 to 100.
    pub following: Option<u8>,
}

impl BulkRun {
    /// The keys it was run on (`keys`, in order) that did not fail: the first `done` of them.
    pub fn succeeded(&self, keys: &[String]) -> Vec<String> {
        keys.iter().take(self.done).filter(|k| !self.failures.iter().any(|(f, _)| f == *k)).cloned().collect()
    }
}

/// A list's bulk runs, one helper for what every list with bulk actions does: the run's progress
/// (`run`, shown by [`BulkNotice`]), failures listed by name (`kind`), the list read again after.
///
/// ```ignore
/// let bulk = Bulk::new(Some(Kind::Device), ctx.refetch);
/// let actions = vec![bulk.each(texts::Start, "bulk-start", Op::SwitchNodeConnection, |id| switch(id, "start"))];
/// // beside the list: <BulkNotice run=bulk.run/>
/// ```
#[derive(Clone, Copy)]
pub struct Bulk {
    pub run: RwSignal<Option<BulkRun>>,
    kind: Option<Kind>,
    refetch: Callback<()>,
}

impl Bulk {
    pub fn new(kind: Option<Kind>, refetch: Callback<()>) -> Bulk {
        Bulk { run: RwSignal::new(None), kind, refetch }
    }

    /// Runs `op` on every id in turn ([`run_bulk_of`]), then reads the list again.
    pub fn start<Fut>(self, label: Txt, ids: Vec<String>, op: impl Fn(String) -> Fut + 'static)
    where
        Fut: Future<Output = Result<(), ApiError>> + 'static,
    {
        run_bulk_of(self.run, label, self.kind, ids, op, move || self.refetch.run(()));
    }

    /// [`Bulk::start`] whose success toast (`done`) offers `undo` on the ids it succeeded on.
    pub fn start_undoable<Fut>(
        self,
        label: Txt,
        ids: Vec<String>,
        op: impl Fn(String) -> Fut + 'static,
        done: Txt,
        undo: Callback<Vec<String>>,
    ) where
        Fut: Future<Output = Result<(), ApiError>> + 'static,
    {
        let (app, run, keys) = (use_app(), self.run, ids.clone());
        run_bulk_of(run, label, self.kind, ids, op, move || {
            self.refetch.run(());
            let succeeded = run.with_untracked(|r| r.as_ref().map(|r| r.succeeded(&keys))).unwrap_or_default();
            if !succeeded.is_empty() {
                let undo =
                    ToastAction { label: common::Undo, run: Callback::new(move |_| undo.run(succeeded.clone())) };
                app.toast_ok_with(app.t_untracked(done).to_string(), Some(undo));
            }
        });
    }

    /// An action on the selected rows that runs `op` on each at once.
    pub fn each<Fut>(
        self,
        label: Txt,
        testid: &'static str,
        needs: impl Into<hilens_model::Permission>,
        op: impl Fn(String) -> Fut + Clone + Send + Sync + 'static,
    ) -> BulkAction
    where
        Fut: Future<Output = Result<(), ApiError>> + 'static,
    {
        BulkAction::new(label, testid, needs, move |ids| self.start(label, ids, op.clone()))
    }
}

/// The pause between two calls of a bulk run: 5 calls a second, far below the proxy's limit.
pub const BULK_PACE: Duration = Duration::from_millis(200);

/// Runs `op` on every key in turn, recording progress in `run`; stops early when the notice's
/// Cancel is pressed. Each key's outcome stands on its own: a failure is listed, the others are
/// still done. `then` runs at the end (to refetch).
pub fn run_bulk<Fut>(
    run: RwSignal<Option<BulkRun>>,
    label: Txt,
    keys: Vec<String>,
    op: impl Fn(String) -> Fut + 'static,
    then: impl FnOnce() + 'static,
) where
    Fut: Future<Output = Result<(), ApiError>> + 'static,
{
    run_bulk_of(run, label, None, keys, op, then);
}

/// [`run_bulk`] over ids of `kind` (failures listed by name).
pub fn run_bulk_of<Fut>(
    run: RwSignal<Option<BulkRun>>,
    label: Txt,
    kind: Option<Kind>,
    keys: Vec<String>,
    op: impl Fn(String) -> Fut + 'static,
    then: impl FnOnce() + 'static,
) where
    Fut: Future<Output = Result<(), ApiError>> + 'static,
{
    run.set(Some(BulkRun { label: Some(label), total: keys.len(), kind, ..Default::default() }));
    leptos::task::spawn_local(async move {
        for (i, key) in keys.into_iter().enumerate() {
            if run.with_untracked(|r| r.as_ref().is_none_or(|r| r.cancelled)) {
                break;
            }
            if i > 0 {
                sleep(BULK_PACE).await;
            }
            let outcome = op(key.clone()).await;
            run.update(|r| {
                if let Some(r) = r {
                    r.done += 1;
                    if let Err(e) = outcome {
                        r.failures.push((key, e.plain()));
                    }
                }
            });
        }
        run.update(|r| {
            if let Some(r) = r {
                r.finished = true;
            }
        });
        then();
    });
}

/// How a started change is doing on one resource (a firmware upgrade on a device).
#[derive(Debug, Clone, PartialEq)]
pub enum Followed {
    /// Still going, this far (0 to 100).
    Going(u8),
    Done,
    Failed(String),
}

/// How long a followed run waits for what it started before it gives up on the stragglers.
pub const FOLLOW_AT_MOST: Duration = Duration::from_secs(30 * 60);

/// A bulk run whose calls only start something (a firmware upgrade): each key's call, then
/// each started key followed with `check` until it has succeeded or failed, so the notice ends
/// only when every one has. `done` counts the keys that have ended; the progress bar shows how
/// far the rest are. Checks go one key at a time at [`BULK_PACE`], so a large run stays inside
/// the proxy's rate limit; Cancel stops the calls and the following (not what was started).
pub fn run_bulk_followed<Fut, Chk>(
    run: RwSignal<Option<BulkRun>>,
    label: Txt,
    kind: Option<Kind>,
    keys: Vec<String>,
    op: impl Fn(String) -> Fut + 'static,
    check: impl Fn(String) -> Chk + 'static,
    then: impl FnOnce() + 'static,
) where
    Fut: Future<Output = Result<(), ApiError>> + 'static,
    Chk: Future<Output = Result<Followed, ApiError>> + 'static,
{
    let app = use_app();
    run.set(Some(BulkRun { label: Some(label), total: keys.len(), kind, following: Some(0), ..Default::default() }));
    let cancelled = move || run.with_untracked(|r| r.as_ref().is_none_or(|r| r.cancelled));
    let end = move |key: String, failure: Option<String>| {
        run.update(|r| {
            if let Some(r) = r {
                r.done += 1;
                if let Some(why) = failure {
                    r.failures.push((key, why));
                }
            }
        })
    };
    leptos::task::spawn_local(async move {
        let mut going: Vec<(String, u8)> = Vec::new();
        for (i, key) in keys.into_iter().enumerate() {
            if cancelled() {
                break;
            }
            if i > 0 {
                sleep(BULK_PACE).await;
            }
            match op(key.clone()).await {
                Ok(()) => going.push((key, 0)),
                Err(e) => end(key, Some(e.plain())),
            }
        }
        let started = js_sys::Date::now();
        while !going.is_empty() && !cancelled() {
            if js_sys::Date::now() - started > FOLLOW_AT_MOST.as_millis() as f64 {
                for (key, _) in std::mem::take(&mut going) {
                    end(key, Some(app.t_untracked(common::NoAnswer).to_string()));
                }
                break;
            }
            let mut still = Vec::new();
            for (key, before) in std::mem::take(&mut going) {
                sleep(BULK_PACE).await;
                match check(key.clone()).await {
                    Ok(Followed::Done) => end(key, None),
                    Ok(Followed::Failed(why)) => end(key, Some(why)),
                    Ok(Followed::Going(p)) => still.push((key, p)),
                    // A check that fails (the network) is tried again next round.
                    Err(_) => still.push((key, before)),
                }
            }
            going = still;
            let average = if going.is_empty() {
                100
            } else {
                (going.iter().map(|(_, p)| u32::from(*p)).sum::<u32>() / going.len() as u32) as u8
            };
            run.update(|r| {
                if let Some(r) = r {
                    r.following = Some(average);
                }
            });
        }
        run.update(|r| {
            if let Some(r) = r {
                r.finished = true;
            }
        });
        then();
    });
}

/// Waits `d` (a browser timeout, so the page stays responsive).
pub async fn sleep(d: Duration) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        set_timeout(move || drop(resolve.call0(&wasm_bindgen::JsValue::NULL)), d);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The grouped notice of a bulk run: "3 of 10", a progress bar, the failures by resource, and
/// Cancel while it runs (Close once it is over).
#[component]
pub fn BulkNotice(run: RwSignal<Option<BulkRun>>) -> impl IntoView {
    let app = use_app();
    const _: &str = include_str!("bulk_notice.css");
    let class = style_sheet!("src/components/bulk_notice.css");
    move || {
        run.get().map(|r| {
            // A followed run: the ended ones, and how far the others are.
            let percent = match r.following.filter(|_| r.total > r.done) {
                Some(going) => ((r.done * 100 + (r.total - r.done) * usize::from(going)) / r.total) as u8,
                None if r.total == 0 => 100,
                None => (r.done * 100 / r.total) as u8,
            };
            let label = r.label.map(|l| app.t(l)).unwrap_or_default();
            let state = if r.cancelled {
                app.t(common::Cancelled)
            } else if r.finished {
                app.t(common::Finished)
            } else {
                app.t(common::Running)
            };
            let failures = r.failures.clone();
            let kind = r.kind;
            let running = !r.finished && !r.cancelled;
            view! { class=class,
                <div class="bulk-notice card" role="status" aria-live="polite" data-testid="bulk-notice">
                    <div class="bulk-line">
                        <strong>{label}</strong>
                        <span data-testid="bulk-count">{format!("{} / {}", r.done, r.total)}</span>
                        <span class="muted">{state}</span>
                        <Progress percent=percent label=common::Progress />
                        {if running {
                            view! {
                                <button
                                    type="button"
                                    data-testid="bulk-cancel"
                                    on:click=move |_| {
                                        run.update(|r| {
                                            if let Some(r) = r {
                                                r.cancelled = true;
                                            }
                                        })
                                    }
                                >
                                    {tr(common::Cancel)}
                                </button>
                            }
                                .into_any()
                        } else {
                            view! {
                                <button type="button" data-testid="bulk-close" on:click=move |_| run.set(None)>
                                    {tr(common::Close)}
                                </button>
                            }
                                .into_any()
                        }}
                    </div>
                    {(!failures.is_empty())
                        .then(|| {
                            view! { class=class,
                                <ul data-testid="bulk-failures">
                                    {failures
                                        .into_iter()
                                        .map(|(key, why)| {
                                            let who = match kind {
                                                Some(kind) => view! { <Named kind=kind id=key /> }.into_any(),
                                                None => view! { <code>{key}</code> }.into_any(),
                                            };
                                            view! { <li>{who} ": " {why}</li> }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                        })}
                </div>
            }
        })
    }
}
