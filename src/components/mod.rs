//! Pieces every page uses.

pub mod error_notice;
pub mod facts;
pub mod field;
pub mod pager;
pub mod shell;
pub mod shortcuts;
pub mod toasts;
