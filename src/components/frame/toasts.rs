//! The toast stack in the page's corner: successes and errors, newest last. An error shows its
//! code and request id and can be copied whole.

use leptos::prelude::*;
use stylers_macro::style_sheet;

use crate::i18n::{common, tr};
use crate::state::toasts::{Toast, ToastKind};
use crate::state::use_app;

fn copy(text: &str) {
    if let Some(w) = web_sys::window() {
        // The promise's outcome does not matter: the text stays visible either way.
        let _ = w.navigator().clipboard().write_text(text);
    }
}

#[component]
pub fn Toasts() -> impl IntoView {
    let app = use_app();
    const _: &str = include_str!("toasts.css");
    let class = style_sheet!("src/components/frame/toasts.css");
    view! { class=class,
        <div class="toasts" role="region" aria-live="polite" aria-label=tr(common::Notifications) data-testid="toasts">
            <For each=move || app.toasts.get() key=|t| t.id let:toast>
                {
                    let Toast { id, kind, ref text, ref code, ref request_id, action } = toast;
                    let error = kind == ToastKind::Error;
                    let line = toast.copy_text();
                    let text = text.clone();
                    let ids = (code.is_some() || request_id.is_some())
                        .then(|| {
                            let (code, request_id) = (code.clone(), request_id.clone());
                            view! { class=class,
                                <span class="ids muted">
                                    {code
                                        .map(|c| {
                                            view! {
                                                <span>{tr(common::ErrorCode)} ": " <code>{c.clone()}</code> " "</span>
                                            }
                                        })}
                                    {request_id
                                        .map(|r| {
                                            view! { <span>{tr(common::RequestId)} ": " <code>{r.clone()}</code></span> }
                                        })}
                                </span>
                            }
                        });
                    view! { class=class,
                        <div
                            class=if error { "toast card raised toast-error" } else { "toast card raised toast-ok" }
                            role=if error { "alert" } else { "status" }
                            data-testid=if error { "toast-error" } else { "toast-ok" }
                        >
                            <div class="body">{text}{ids}</div>
                            {action
                                .map(|a| {
                                    view! {
                                        <button
                                            type="button"
                                            data-testid="toast-action"
                                            on:click=move |_| {
                                                app.dismiss_toast(id);
                                                a.run.run(());
                                            }
                                        >
                                            {tr(a.label)}
                                        </button>
                                    }
                                })}
                            {error
                                .then(|| {
                                    view! {
                                        <button type="button" data-testid="toast-copy" on:click=move |_| copy(&line)>
                                            {tr(common::Copy)}
                                        </button>
                                    }
                                })}
                            <button type="button" aria-label=tr(common::Close) on:click=move |_| app.dismiss_toast(id)>
                                "×"
                            </button>
                        </div>
                    }
                }
            </For>
        </div>
    }
}
