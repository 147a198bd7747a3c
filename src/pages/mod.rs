//! One folder per domain; each has a `mod.rs` exporting its pages.

pub mod login;
pub mod not_found;
pub mod orders;
pub mod skills;
