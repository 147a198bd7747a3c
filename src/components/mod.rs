//! Pieces every page uses, in three folders by what they are, and the rest at the top:
//! - `list/`: the list kit: the list page, its filters, sort, pager, CSV export, the
//!   loading/refresh frame around the rows, and the list's view kept in the URL (`url_state`).
//! - `form/`: form pieces: the rule-checked text field, the other controls (drop-down,
//!   checkbox, key–value rows, tags), and the device and deployment pickers.
//! - `frame/`: the app frame around every page: the shell (top bar, side navigation), the
//!   domains' wasm parts, keyboard shortcuts, toasts, icons, and how a failed call is shown.
//! - here: what pages of every kind share: actions and who may do them, confirm dialogs,
//!   detail pages and their facts, badges, names for ids, formatting, live refresh, downloads,
//!   resource tags, and the config-map/secret kit (`entries`).

pub mod actions;
pub mod allowed;
pub mod badge;
pub mod confirm;
pub mod detail;
pub mod download;
pub mod entries;
pub mod facts;
pub mod form;
pub mod format;
pub mod frame;
pub mod list;
pub mod live;
pub mod names;
pub mod resource_tags;
