//! Toasts: short notices of what just happened. Successes fade after a few seconds; errors stay
//! until closed and carry the API's error code and request id, which a user can copy.

use crate::api::ApiError;

/// How long a success stays on screen.
pub const SUCCESS_MS: u64 = 5000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToastKind {
    Success,
    Error,
}

/// What a toast offers to do about what it reports (undo a stop: start again).
#[derive(Clone, Copy)]
pub struct ToastAction {
    pub label: crate::i18n::Txt,
    pub run: leptos::prelude::Callback<()>,
}

impl std::fmt::Debug for ToastAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label.key)
    }
}

impl PartialEq for ToastAction {
    fn eq(&self, other: &Self) -> bool {
        self.label == other.label
    }
}
impl Eq for ToastAction {}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toast {
    pub id: u32,
    pub kind: ToastKind,
    pub text: String,
    pub code: Option<String>,
    pub request_id: Option<String>,
    pub action: Option<ToastAction>,
}

impl Toast {
    /// The error's details as one line to paste into a ticket.
    pub fn copy_text(&self) -> String {
        let mut out = self.text.clone();
        if let Some(code) = &self.code {
            out.push_str(&format!(" [error_code {code}]"));
        }
        if let Some(id) = &self.request_id {
            out.push_str(&format!(" [X-Request-Id {id}]"));
        }
        out
    }

    pub fn from_error(id: u32, error: &ApiError) -> Toast {
        let (code, request_id) = match error {
            ApiError::Api { code, request_id, .. } | ApiError::Server { code, request_id, .. } => {
                ((!code.is_empty()).then(|| code.clone()), request_id.clone())
            }
            _ => (None, None),
        };
        Toast { id, kind: ToastKind::Error, text: error.plain(), code, request_id, action: None }
    }
}
