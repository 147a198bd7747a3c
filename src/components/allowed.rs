//! Actions the signed-in user may not do stay where they are, disabled, with the reason ("needs
//! the operator role"), rather than hidden: the user learns what exists and whom to ask. Every
//! action button and link of the pages is an [`ActionButton`] or [`ActionLink`] naming what it
//! needs: the operation it calls (its permission comes from the model's table,
//! `OperationId::permission`), or one of the proxy's own permissions. The proxy decides every
//! call anyway; this only keeps the console from offering what it would refuse.
//!
//! A refused action is `aria-disabled` (still focusable, so keyboard users reach the reason),
//! described by its reason, which shows beside it on hover and focus; a click does nothing.

use std::cell::Cell;

use hilens_model::{BuiltinRole, Permission};
use leptos::prelude::*;

use crate::i18n::{common, tr, Txt};
use crate::router::A;
use crate::state::use_app;

/// What a user without `p` is told: the least built-in role that has it.
pub fn needs_role(p: Permission) -> Txt {
    match BuiltinRole::least_with(p) {
        BuiltinRole::Viewer => common::NeedsViewer,
        BuiltinRole::Operator => common::NeedsOperator,
        BuiltinRole::Admin => common::NeedsAdmin,
    }
}

thread_local! {
    static NEXT_REASON: Cell<u32> = const { Cell::new(0) };
}

/// A page-unique id for a reason's element (several rows may carry the same action).
fn reason_id() -> String {
    NEXT_REASON.with(|n| {
        n.set(n.get().wrapping_add(1));
        format!("refused-{}", n.get())
    })
}

/// A button of an action that needs `needs` (an `OperationId` or a `Permission`): disabled
/// with the reason when the user may not, else an ordinary button (disabled while `disabled`).
#[component]
pub fn ActionButton(
    #[prop(into)] needs: Permission,
    #[prop(optional)] class: &'static str,
    #[prop(optional)] testid: &'static str,
    /// Disabled for another reason as well (a call in flight, a state that does not allow it).
    #[prop(optional, into)]
    disabled: Signal<bool>,
    /// Submits its form (when allowed) instead of running `on_click`.
    #[prop(optional)]
    submit: bool,
    #[prop(optional, into)] on_click: Option<Callback<()>>,
    /// Its accessible name when the visible text alone is ambiguous (a row's "Delete").
    #[prop(optional, into)]
    aria_label: Option<Signal<String>>,
    /// A toggle's state (`aria-pressed`).
    #[prop(optional, into)]
    pressed: Option<Signal<bool>>,
    children: Children,
) -> impl IntoView {
    let app = use_app();
    let denied = Memo::new(move |_| !app.can(needs));
    let id = reason_id();
    let described = id.clone();
    let click = move |ev: leptos::ev::MouseEvent| {
        if denied.get_untracked() {
            // Also keeps a submit button from submitting its form.
            ev.prevent_default();
        } else if let Some(run) = on_click {
            run.run(());
        }
    };
    // `.guarded` and its reason's tooltip: style/main.css (shared with ActionLink).
    view! {
        <span class="guarded">
            <button
                type=if submit { "submit" } else { "button" }
                class=(!class.is_empty()).then_some(class)
                data-testid=(!testid.is_empty()).then_some(testid)
                aria-label=move || aria_label.map(|l| l.get())
                aria-pressed=move || pressed.map(|p| p.get().to_string())
                disabled=move || !denied.get() && disabled.get()
                aria-disabled=move || denied.get().then_some("true")
                aria-describedby=move || denied.get().then(|| described.clone())
                on:click=click
            >
                {children()}
            </button>
            // The reason, shown on hover and focus; the button's accessible description.
            {move || {
                denied
                    .get()
                    .then(|| {
                        view! {
                            <span class="refused-reason" role="tooltip" id=id.clone() data-testid="refused-reason">
                                {tr(needs_role(needs))}
                            </span>
                        }
                    })
            }}
        </span>
    }
}

/// A link to a page whose whole point is an action that needs `needs` (a registration wizard,
/// a creation form): disabled with the reason when the user may not, else the router's link.
#[component]
pub fn ActionLink(
    #[prop(into)] needs: Permission,
    /// A console path (the router adds the prefix).
    #[prop(into)]
    href: String,
    #[prop(optional)] class: &'static str,
    #[prop(optional)] testid: &'static str,
    children: ChildrenFn,
) -> impl IntoView {
    let app = use_app();
    let denied = Memo::new(move |_| !app.can(needs));
    let id = reason_id();
    let children = StoredValue::new(children);
    let class = (!class.is_empty()).then_some(class);
    let testid = (!testid.is_empty()).then_some(testid);
    move || {
        if denied.get() {
            let described = id.clone();
            view! {
                // Its reason opens leftwards: such links sit at a page's right end.
                <span class="guarded at-end">
                    // No href: nothing to follow; focusable so the reason can be reached.
                    <a
                        role="link"
                        tabindex="0"
                        class=class
                        data-testid=testid
                        aria-disabled="true"
                        aria-describedby=described
                    >
                        {children.with_value(|c| c())}
                    </a>
                    <span class="refused-reason" role="tooltip" id=id.clone() data-testid="refused-reason">
                        {tr(needs_role(needs))}
                    </span>
                </span>
            }
            .into_any()
        } else {
            let href = crate::paths::to(&href);
            view! {
                <A href=href attr:class=class attr:data-testid=testid>
                    {children.with_value(|c| c())}
                </A>
            }
            .into_any()
        }
    }
}
