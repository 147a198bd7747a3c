//! The confirmation every destructive action asks for: the user types the resource's name, and
//! only then may confirm. Escape or Cancel closes it without acting.

use leptos::prelude::*;
use stylers_macro::style;

use crate::i18n::{tr, Txt, T};

/// Open while `open` is true; `on_confirm` runs once the typed name equals `name`.
#[component]
pub fn ConfirmDialog(
    open: RwSignal<bool>,
    /// What is being destroyed, as the user must type it.
    #[prop(into)]
    name: Signal<String>,
    /// The action, e.g. "Delete deployment".
    title: Txt,
    #[prop(into)] on_confirm: Callback<()>,
) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let matches = move || !name.get().is_empty() && typed.get() == name.get();
    let close = move || {
        open.set(false);
        typed.set(String::new());
    };
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if matches() {
            on_confirm.run(());
            close();
        }
    };
    let class = style! {
        .confirm-overlay {
            position: fixed;
            inset: 0;
            background: rgba(0, 0, 0, 0.45);
            display: flex;
            align-items: center;
            justify-content: center;
            z-index: 40;
        }
        .confirm {
            padding: 20px 24px;
            width: 420px;
            max-width: 90vw;
        }
        .confirm h2 {
            font-size: 16px;
            margin: 0 0 8px;
        }
        .confirm input {
            width: 100%;
            margin: 8px 0 16px;
        }
        .confirm-actions {
            display: flex;
            justify-content: flex-end;
            gap: 8px;
        }
    };
    view! { class = class,
        <Show when=move || open.get()>
            <div class="confirm-overlay" on:keydown=move |ev| if ev.key() == "Escape" { close() }>
                <form class="confirm card raised" role="alertdialog" aria-modal="true" aria-labelledby="confirm-title" on:submit=confirm data-testid="confirm">
                    <h2 id="confirm-title">{tr(title)}</h2>
                    <label>
                        <span>{move || format!("{} ", tr(T::TypeToConfirm)())}<code>{move || name.get()}</code></span>
                        <input type="text" autocomplete="off" data-testid="confirm-name" prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev))/>
                    </label>
                    <div class="confirm-actions">
                        <button type="button" data-testid="confirm-cancel" on:click=move |_| close()>{tr(T::Cancel)}</button>
                        <button type="submit" class="danger" data-testid="confirm-ok" disabled=move || !matches()>{tr(title)}</button>
                    </div>
                </form>
            </div>
        </Show>
    }
}

/// A long task's progress, 0 to 100, with its label for screen readers.
#[component]
pub fn Progress(#[prop(into)] percent: Signal<u8>, label: Txt) -> impl IntoView {
    view! {
        <progress max="100" prop:value=move || f64::from(percent.get().min(100)) aria-label=tr(label) data-testid="progress">
            {move || format!("{}%", percent.get().min(100))}
        </progress>
    }
}
