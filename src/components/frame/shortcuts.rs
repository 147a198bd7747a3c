//! Keyboard shortcuts: `/` focuses the page's search box, `g` then a letter jumps to a domain,
//! `?` lists them, Escape closes the list. Keys typed into a field are left alone.

use leptos::prelude::*;
use stylers_macro::style_sheet;
use wasm_bindgen::JsCast;

use crate::components::frame::part::Domain;
use crate::i18n::{common, tr, Txt};
use crate::router::use_navigate;

/// `g` + letter → domain: the side navigation's domains that have a letter.
fn goto(domains: &'static [&'static Domain]) -> impl Iterator<Item = (&'static str, Txt, &'static str)> {
    domains.iter().map(|d| (d.key, d.label, d.href))
}

/// How long after `g` the letter may come.
const CHORD_MS: f64 = 1500.0;

fn typing_in_a_field(ev: &web_sys::KeyboardEvent) -> bool {
    let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) else { return false };
    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || el.is_content_editable()
}

fn focus_search() -> bool {
    let found = document().query_selector("[data-search]").ok().flatten();
    match found.and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
        Some(el) => el.focus().is_ok(),
        None => false,
    }
}

/// Installs the shortcuts and renders the list when `?` opened it.
#[component]
pub fn Shortcuts(
    /// The console's domains, in the navigation's order (`pages::DOMAINS`).
    domains: &'static [&'static Domain],
) -> impl IntoView {
    let navigate = use_navigate();
    let open = RwSignal::new(false);
    // When `g` was pressed (ms since page load), while waiting for its letter.
    let chord = StoredValue::new(None::<f64>);
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let key = ev.key();
        if key == "Escape" {
            open.set(false);
            return;
        }
        // Nothing behind a modal dialog (a confirmation) is reached from the keyboard.
        if typing_in_a_field(&ev)
            || (!open.get_untracked() && document().query_selector("dialog[open]").ok().flatten().is_some())
        {
            return;
        }
        let now = ev.time_stamp();
        if let Some(at) = chord.get_value().take() {
            chord.set_value(None);
            if now - at <= CHORD_MS {
                if let Some((_, _, href)) = goto(domains).find(|(k, _, _)| *k == key) {
                    ev.prevent_default();
                    navigate(href, Default::default());
                    return;
                }
            }
        }
        match key.as_str() {
            "/" if focus_search() => ev.prevent_default(),
            "?" => open.update(|o| *o = !*o),
            "g" => chord.set_value(Some(now)),
            _ => {}
        }
    });
    on_cleanup(move || handle.remove());

    // A native modal dialog (the page behind inert; Escape closes it; the browser gives the focus
    // back).
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    Effect::new(move |_| {
        let Some(d) = dialog.get() else { return };
        if open.get() && !d.open() {
            let _ = d.show_modal();
        } else if !open.get() && d.open() {
            d.close();
        }
    });
    const _: &str = include_str!("shortcuts.css");
    let class = style_sheet!("src/components/frame/shortcuts.css");
    view! { class=class,
        <dialog
            node_ref=dialog
            class="dialog card raised"
            aria-labelledby="shortcuts-title"
            on:close=move |_| open.set(false)
        >
            <Show when=move || open.get()>
                <div data-testid="shortcuts">
                    <h2 id="shortcuts-title">{tr(common::Shortcuts)}</h2>
                    <dl>
                        <dt>
                            <kbd>"/"</kbd>
                        </dt>
                        <dd>{tr(common::ShortcutSearch)}</dd>
                        {goto(domains)
                            .map(|(k, label, _)| {
                                view! {
                                    <dt>
                                        <kbd>"g"</kbd>
                                        " "
                                        <kbd>{k}</kbd>
                                    </dt>
                                    <dd>{tr(label)}</dd>
                                }
                            })
                            .collect_view()}
                        <dt>
                            <kbd>"?"</kbd>
                        </dt>
                        <dd>{tr(common::Shortcuts)}</dd>
                        <dt>
                            <kbd>"Esc"</kbd>
                        </dt>
                        <dd>{tr(common::Close)}</dd>
                    </dl>
                    <button type="button" autofocus on:click=move |_| open.set(false)>
                        {tr(common::Close)}
                    </button>
                </div>
            </Show>
        </dialog>
    }
}
