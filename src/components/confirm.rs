//! Modal dialogs, native `<dialog>` opened with `showModal()`: the page behind is inert, focus
//! moves in, Tab stays inside, Escape closes, and focus returns to what opened it. On it, the
//! confirmation every disruptive action asks for: what it affects, then (for destruction) the
//! resource's name typed, before it may run.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::download::CopyButton;
use crate::i18n::{common, tr, Txt};

/// What can take focus inside `root`, in order.
fn focusables(root: &web_sys::Element) -> Vec<web_sys::HtmlElement> {
    let selector = "button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), a[href], [tabindex]:not([tabindex='-1'])";
    let Ok(list) = root.query_selector_all(selector) else { return Vec::new() };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        // Drawn ones only (a hidden section's controls cannot take focus).
        .filter(|e| e.offset_width() > 0 || e.offset_height() > 0)
        .collect()
}

/// Keeps Tab inside the dialog: past the last control it wraps to the first, and back.
fn trap_tab(ev: &web_sys::KeyboardEvent, dialog: &web_sys::Element) {
    if ev.key() != "Tab" {
        return;
    }
    let items = focusables(dialog);
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        ev.prevent_default();
        return;
    };
    let active = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
    let at = |e: &web_sys::HtmlElement| active.as_ref().is_some_and(|a| a == e.unchecked_ref::<web_sys::Element>());
    let inside = active.as_ref().is_some_and(|a| dialog.contains(Some(a)));
    if ev.shift_key() && (at(first) || !inside) {
        ev.prevent_default();
        let _ = last.focus();
    } else if !ev.shift_key() && (at(last) || !inside) {
        ev.prevent_default();
        let _ = first.focus();
    }
}

/// Moves the focus to the element with `id` once the view has drawn it (a panel just opened).
pub fn focus_soon(id: &'static str) {
    set_timeout(
        move || {
            if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id)) {
                let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
            }
        },
        std::time::Duration::ZERO,
    );
}

thread_local! {
    static NEXT_ID: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// An id no other element of the page has (for a dialog's heading).
pub fn unique_id(prefix: &str) -> String {
    let n = NEXT_ID.with(|c| {
        c.set(c.get() + 1);
        c.get()
    });
    format!("{prefix}-{n}")
}

/// A modal dialog, shown while `open` is true. `alert` makes it an `alertdialog` (it asks
/// before something happens); `labelled_by` is the id of its heading.
#[component]
pub fn Modal(
    open: RwSignal<bool>,
    labelled_by: String,
    #[prop(optional)] alert: bool,
    #[prop(optional)] testid: Option<&'static str>,
    #[prop(optional)] class: Option<&'static str>,
    children: ChildrenFn,
) -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let opener = StoredValue::new_local(None::<web_sys::HtmlElement>);
    Effect::new(move |_| {
        let Some(d) = dialog.get() else { return };
        if open.get() {
            if !d.open() {
                let active = web_sys::window().and_then(|w| w.document()).and_then(|doc| doc.active_element());
                opener.set_value(active.and_then(|a| a.dyn_into::<web_sys::HtmlElement>().ok()));
                let _ = d.show_modal();
                // The content is drawn as it opens: focus its `autofocus` control, else its first.
                set_timeout(
                    move || {
                        let Some(d) = dialog.get_untracked() else { return };
                        let first = d
                            .query_selector("[autofocus]")
                            .ok()
                            .flatten()
                            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
                        if let Some(el) = first.or_else(|| focusables(&d).into_iter().next()) {
                            let _ = el.focus();
                        }
                    },
                    std::time::Duration::ZERO,
                );
            }
        } else if d.open() {
            d.close();
        }
    });
    // Escape (the browser's cancel) and every other close end up here.
    let closed = move |_| {
        // Chromium delivers the close event with the next rendering update: when the dialog was
        // opened again meanwhile, the event belongs to the earlier closing; the new one stays.
        if dialog.get_untracked().is_some_and(|d| d.open()) {
            return;
        }
        open.set(false);
        if let Some(el) = opener.get_value() {
            if el.is_connected() {
                let _ = el.focus();
            }
        }
        opener.set_value(None);
    };
    view! {
        <dialog
            node_ref=dialog
            class=class
            role=if alert { "alertdialog" } else { "dialog" }
            aria-labelledby=labelled_by
            data-testid=testid
            on:close=closed
            on:keydown=move |ev| {
                if let Some(d) = dialog.get_untracked() {
                    trap_tab(&ev, &d)
                }
            }
        >
            // Drawn only while open, so a page's closed dialogs hold nothing to find or focus.
            <Show when=move || open.get()>{children()}</Show>
        </dialog>
    }
}

/// Asks before `on_confirm` runs. `impact` says what the action affects (by name). A
/// destruction (`name` given) is confirmed by typing the resource's name; a disruption that can
/// be undone (`name` empty: stop, pause) by one press, Cancel having the focus first.
#[component]
pub fn ConfirmDialog(
    open: RwSignal<bool>,
    /// What is being destroyed, as the user must type it; empty: no typing.
    #[prop(into)]
    name: Signal<String>,
    /// The action, e.g. "Delete deployment".
    title: Txt,
    #[prop(into)] on_confirm: Callback<()>,
    /// What the action affects, above the confirmation.
    #[prop(optional, into)]
    impact: ViewFn,
    /// Holds the confirm button back (what it affects is still being read).
    #[prop(optional, into)]
    busy: Signal<bool>,
) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let typing = move || !name.with(String::is_empty);
    let matches = move || !typing() || typed.get() == name.get();
    // Each opening starts empty.
    Effect::new(move |_| {
        if open.get() {
            typed.set(String::new());
        }
    });
    let impact = StoredValue::new(impact);
    let heading = unique_id("confirm-title");
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if matches() && !busy.get_untracked() {
            open.set(false);
            on_confirm.run(());
        }
    };
    // Its look: `.dialog-panel` and `.confirm` in style/main.css (the dialog is Modal's element,
    // which a style of this component would not reach).
    view! {
        <Modal open=open labelled_by=heading.clone() alert=true testid="confirm-dialog" class="dialog-panel confirm">
            <form on:submit=confirm data-testid="confirm">
                <h2 id=heading.clone()>{tr(title)}</h2>
                <div class="confirm-impact" data-testid="confirm-impact">
                    {impact.with_value(|i| i.run())}
                </div>
                <Show when=typing>
                    <label>
                        <span>
                            {move || format!("{} ", tr(common::TypeToConfirm)())}<code>{move || name.get()}</code>
                        </span>
                        // A long name (64 Chinese characters) need not be typed by hand.
                        " "
                        <CopyButton text=name testid="confirm-copy" />
                        <input
                            type="text"
                            autocomplete="off"
                            data-testid="confirm-name"
                            prop:value=move || typed.get()
                            on:input=move |ev| typed.set(event_target_value(&ev))
                        />
                    </label>
                </Show>
                <div class="dialog-actions">
                    <button
                        type="button"
                        data-testid="confirm-cancel"
                        autofocus=!typing()
                        on:click=move |_| open.set(false)
                    >
                        {tr(common::Cancel)}
                    </button>
                    <button
                        type="submit"
                        class="danger"
                        data-testid="confirm-ok"
                        disabled=move || !matches() || busy.get()
                    >
                        {tr(title)}
                    </button>
                </div>
            </form>
        </Modal>
    }
}

/// A long task's progress, 0 to 100, with its label for screen readers.
#[component]
pub fn Progress(#[prop(into)] percent: Signal<u8>, label: Txt) -> impl IntoView {
    view! {
        <progress
            max="100"
            prop:value=move || f64::from(percent.get().min(100))
            aria-label=tr(label)
            data-testid="progress"
        >
            {move || format!("{}%", percent.get().min(100))}
        </progress>
    }
}
