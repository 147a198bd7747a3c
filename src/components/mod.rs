//! Pieces every page uses.

pub mod error_notice;
pub mod pager;
pub mod shell;
