//! Form pieces: fields and controls that run the model's rules, and the pickers.

pub mod field;
#[allow(clippy::module_inception)]
pub mod form;
pub mod pickers;
