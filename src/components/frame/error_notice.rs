//! How a failed call is shown: the message, the API's error code and request id (so a user can
//! quote them), and a retry. An expired session sends the user to sign-in instead.

use leptos::prelude::*;
use stylers_macro::style_sheet;

use crate::api::ApiError;
use crate::i18n::{common, tr};
use crate::state::use_app;

#[component]
pub fn ErrorNotice(error: ApiError, #[prop(into)] on_retry: Callback<()>) -> impl IntoView {
    let app = use_app();
    if matches!(error, ApiError::Unauthorized { .. }) {
        // The shell sees the session end and moves to sign-in, keeping this page's URL.
        app.set_session(None);
    }
    let (title, code, request_id) = match &error {
        ApiError::Network(_) => (common::NetworkError, String::new(), None),
        ApiError::Unauthorized { .. } => (common::SignIn, String::new(), None),
        ApiError::Api { code, request_id, .. } => (common::Retry, code.clone(), request_id.clone()),
        ApiError::Server { code, request_id, .. } => (common::ServerError, code.clone(), request_id.clone()),
    };
    // A message of the cloud behind a plain lead-in, a rule error without its API path.
    let message = error.plain();
    const _: &str = include_str!("error_notice.css");
    let class = style_sheet!("src/components/frame/error_notice.css");
    view! { class=class,
        <div class="notice danger-box" role="alert" data-testid="error">
            <strong>
                {move || if title == common::Retry { String::new() } else { format!("{}: ", app.t(title)) }}
            </strong>
            <span>{message}</span>
            <div class="detail muted">
                {(!code.is_empty())
                    .then(|| view! { <span>{tr(common::ErrorCode)} ": " <code>{code.clone()}</code> " "</span> })}
                {request_id.map(|id| view! { <span>{tr(common::RequestId)} ": " <code>{id.clone()}</code></span> })}
            </div>
            <button type="button" on:click=move |_| on_retry.run(())>
                {tr(common::Retry)}
            </button>
        </div>
    }
}
