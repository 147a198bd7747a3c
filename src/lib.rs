//! The HiLens console: a Leptos single-page app.
//!
//! - `app`: configuration, session and routes;
//! - `api/`: one typed function per API operation over one fetch helper;
//! - `state/`: what the whole app shares (session, language, theme, workspace, toasts);
//! - `components/`: pieces every page uses (shell, pager, fields, toasts, shortcuts);
//! - `pages/`: one folder per domain, each with its list and detail views;
//! - `paths`: the path prefix the console is served under.

pub mod api;
pub mod app;
pub mod components;
pub mod i18n;
pub mod pages;
pub mod paths;
pub mod router;
pub mod state;
