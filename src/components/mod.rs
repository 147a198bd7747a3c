//! Pieces every page uses.

pub mod actions;
pub mod allowed;
pub mod badge;
pub mod confirm;
pub mod detail;
pub mod download;
pub mod entries;
pub mod error_notice;
pub mod export;
pub mod facts;
pub mod field;
pub mod filters;
pub mod form;
pub mod format;
pub mod list_kit;
pub mod list_page;
pub mod live;
pub mod pager;
pub mod part;
pub mod resource_tags;
pub mod shell;
pub mod shortcuts;
pub mod sort;
pub mod toasts;
pub mod url_state;
