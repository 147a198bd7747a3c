//! Saving bytes the API answered with (a certificate package in base64) as a named file, with
//! the browser's own download, and copying text to the clipboard.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::{common, tr};

/// Decodes standard base64 (with or without padding, whitespace ignored); `None` when it is not
/// base64.
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let clean: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    let body = clean.strip_suffix(b"==").or_else(|| clean.strip_suffix(b"=")).unwrap_or(&clean);
    if body.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(body.len() * 3 / 4);
    for chunk in body.chunks(4) {
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            n |= value(*c)? << (18 - 6 * i);
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..chunk.len() - 1]);
    }
    Some(out)
}

/// Hands `bytes` to the browser as a download named `file_name`.
pub fn save_bytes(file_name: &str, bytes: &[u8], mime: &str) -> Result<(), String> {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(|e| format!("{e:?}"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| format!("{e:?}"))?;
    let link: web_sys::HtmlAnchorElement =
        document().create_element("a").map_err(|e| format!("{e:?}"))?.unchecked_into();
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    // The browser has taken the file; the object URL can go.
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// A button that copies `text` to the clipboard and says so (for install steps, ids).
#[component]
pub fn CopyButton(#[prop(into)] text: Signal<String>, #[prop(optional)] testid: &'static str) -> impl IntoView {
    let copied = RwSignal::new(false);
    let copy = move |_| {
        let clipboard = window().navigator().clipboard();
        let promise = clipboard.write_text(&text.get_untracked());
        leptos::task::spawn_local(async move {
            if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
                copied.set(true);
                set_timeout(move || copied.set(false), std::time::Duration::from_millis(2000));
            }
        });
    };
    view! {
        <button type="button" data-testid=(!testid.is_empty()).then_some(testid) on:click=copy>
            {move || if copied.get() { tr(common::Copied)() } else { tr(common::Copy)() }}
        </button>
    }
}
