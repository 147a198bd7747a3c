//! The list kit every domain's list is built from (see `list_page`).

pub mod export;
pub mod filters;
pub mod list_kit;
pub mod list_page;
pub mod pager;
pub mod sort;
pub mod text_filter;
pub mod url_state;
