//! The app frame around every page: shell, domain parts, shortcuts, toasts, icons, error notice.

pub mod error_notice;
pub mod icons;
pub mod part;
pub mod shell;
pub mod shortcuts;
pub mod toasts;
