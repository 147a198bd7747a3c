//! A device's certificate package, as the registration and a re-issue answer it: saved by the
//! browser as `<device name>.tar.gz`, then the install steps and the device's state, live until
//! it reports in. The private key exists only in this answer, so until it is saved, leaving the
//! page asks first: a link, the back button, closing or reloading the tab.

use leptos::ev;
use leptos::prelude::*;
use stylers_macro::style_sheet;
use wasm_bindgen::JsCast;

use crate::api;
use crate::components::download::{base64_decode, save_bytes, CopyButton};
use crate::components::live::use_poll;
use crate::i18n::{tr, Txt};
use crate::pages::devices::texts;
use crate::pages::devices::view::state_badge;
use crate::state::use_app;

/// The commands of the install steps, for a package named `file`.
fn unpack_command(file: &str) -> String {
    format!("sudo mkdir -p /opt/hilens && sudo tar -xzf {file} -C /opt/hilens")
}
const START_COMMAND: &str = "sudo systemctl restart hilens-agent";

/// Keeps the user from leaving while `unsaved` is true: `beforeunload` for the tab, a
/// confirmation for links inside the page, and a guard history entry for the back button.
fn guard_leaving(unsaved: Signal<bool>, question: Txt) {
    let app = use_app();
    let ask = move || window().confirm_with_message(app.t_untracked(question)).unwrap_or(true);
    let unload = window_event_listener(ev::beforeunload, move |e: web_sys::BeforeUnloadEvent| {
        if unsaved.get_untracked() {
            e.prevent_default();
            e.set_return_value("leave");
        }
    });
    // Links: asked before the router sees the click (a capturing listener).
    let on_click = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |e: web_sys::MouseEvent| {
        if !unsaved.get_untracked() {
            return;
        }
        let link = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("a[href]").ok().flatten());
        if link.is_some_and(|a| !a.has_attribute("download")) && !ask() {
            e.prevent_default();
            e.stop_immediate_propagation();
        }
    });
    let _ = document().add_event_listener_with_callback_and_bool("click", on_click.as_ref().unchecked_ref(), true);
    // Kept with the view (and dropped with it), removed on clean-up.
    let on_click = StoredValue::new_local(on_click);
    // Back: a second entry of this same address; going back from it lands here again, and
    // staying puts the entry back.
    let history = window().history().ok();
    if let Some(h) = &history {
        let _ = h.push_state_with_url(&wasm_bindgen::JsValue::from_str("hilens-guard"), "", None);
    }
    let popstate = window_event_listener(ev::popstate, move |_| {
        if unsaved.get_untracked() {
            if ask() {
                // Leaving after all: the step back the user asked for.
                let _ = window().history().map(|h| h.back());
            } else if let Ok(h) = window().history() {
                let _ = h.push_state_with_url(&wasm_bindgen::JsValue::from_str("hilens-guard"), "", None);
            }
        }
    });
    // Once saved, the guard entry goes, so one Back leaves as usual.
    Effect::new(move |_| {
        if !unsaved.get() {
            if let Ok(h) = window().history() {
                if h.state().ok().and_then(|s| s.as_string()).as_deref() == Some("hilens-guard") {
                    let _ = h.back();
                }
            }
        }
    });
    on_cleanup(move || {
        unload.remove();
        popstate.remove();
        on_click.with_value(|c| {
            let _ = document().remove_event_listener_with_callback_and_bool("click", c.as_ref().unchecked_ref(), true);
        });
    });
}

/// The package of device `node_id` (`name`), with the download, the install steps and the live
/// state line.
#[component]
pub fn CertificatePackage(node_id: String, name: String, package: String) -> impl IntoView {
    let app = use_app();
    let downloaded = RwSignal::new(false);
    let failed = RwSignal::new(None::<String>);
    guard_leaving(Signal::derive(move || !downloaded.get()), texts::LeaveUnsaved);
    let file = format!("{name}.tar.gz");
    let (file_for_save, package) = (file.clone(), StoredValue::new(package));
    let save = move |_| match package.with_value(|p| base64_decode(p)) {
        Some(bytes) => match save_bytes(&file_for_save, &bytes, "application/gzip") {
            Ok(()) => {
                downloaded.set(true);
                app.toast_ok(app.t_untracked(texts::DownloadedOk).to_string());
            }
            Err(e) => failed.set(Some(e)),
        },
        None => failed.set(Some("the package is not base64".into())),
    };
    // The device's state until it reports in (polled only while the tab is visible).
    let id = StoredValue::new(node_id.clone());
    let state = LocalResource::new(move || {
        let id = id.get_value();
        async move { api::nodes::show_node(&id).await.map(|n| n.state) }
    });
    use_poll(std::time::Duration::from_secs(2), move || {
        if state.get_untracked().and_then(Result::ok).as_deref() != Some("RUNNING") {
            state.refetch();
        }
    });
    let unpack = unpack_command(&file);
    let device_page = crate::paths::to(&format!("/devices/{node_id}"));
    const _: &str = include_str!("certificate_package.css");
    let class = style_sheet!("src/pages/devices/certificate_package.css");
    view! { class=class,
        <div class="cert" data-testid="certificate">
            <p class="cert-warning danger-box" role="note">
                {tr(texts::OnlyOnce)}
            </p>
            <div>
                <button type="button" class="primary" data-testid="download-package" on:click=save>
                    {tr(texts::Download)}
                </button>
                " "
                <code>{file.clone()}</code>
                {move || {
                    downloaded
                        .get()
                        .then(|| {
                            view! {
                                " "
                                <span class="badge badge-ok" data-testid="downloaded">
                                    {tr(texts::DownloadedOk)}
                                </span>
                            }
                        })
                }}
                {move || {
                    failed
                        .get()
                        .map(|e| {
                            view! {
                                <p class="danger-text" role="alert">
                                    {e}
                                </p>
                            }
                        })
                }}
            </div>
            <h2>{tr(texts::InstallSteps)}</h2>
            <ol>
                <li>{tr(texts::InstallUnpack)}<br /><pre>{unpack.clone()}</pre><CopyButton text=unpack.clone() /></li>
                <li>{tr(texts::InstallPlace)}</li>
                <li>
                    {tr(texts::InstallStart)}<br /><pre>{START_COMMAND}</pre>
                    <CopyButton text=START_COMMAND.to_string() />
                </li>
            </ol>
            <p role="status" aria-live="polite" data-testid="device-status-line">
                {tr(texts::StatusNow)}
                ": "
                {move || state.get().and_then(Result::ok).map(|s| state_badge(&s))}
                " "
                <a href=device_page data-testid="open-device">
                    {tr(texts::OpenDevice)}
                </a>
            </p>
        </div>
    }
}
