//! The console's texts, in Chinese and English: the ones every page shares in [`common`], each
//! domain's own in its folder's `texts.rs` (`texts::X` there). Components ask for a [`Txt`]; the current language (a signal) picks
//! the text, so switching is instant.

pub mod common;

use hilens_model::Lang;

/// A text of the UI in both languages; `key` names it (tests, debugging).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Txt {
    pub key: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
}

impl Txt {
    pub fn text(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }
}

/// Declares the texts of the module it is called in as constants of that module
/// (`common::SignIn`, a domain's `texts::NoDeployments`), with `ALL` for the test that checks
/// both languages are there. Attributes before the texts (a doc comment) go on `ALL`.
///
/// The form `pub struct X { .. }` declares them as a type's constants instead (`X::Key`); it
/// goes once every set is a module.
#[macro_export]
macro_rules! texts {
    ($(#[$meta:meta])* pub struct $name:ident { $($key:ident => $zh:expr, $en:expr;)* }) => {
        $(#[$meta])*
        pub struct $name;

        #[allow(non_upper_case_globals)]
        impl $name {
            $(pub const $key: $crate::i18n::Txt = $crate::i18n::Txt { key: stringify!($key), zh: $zh, en: $en };)*
            pub const ALL: &'static [$crate::i18n::Txt] = &[$($name::$key),*];
        }
    };
    ($(#[$meta:meta])* $($key:ident => $zh:expr, $en:expr;)*) => {
        $(
            #[allow(non_upper_case_globals)]
            pub const $key: $crate::i18n::Txt = $crate::i18n::Txt { key: stringify!($key), zh: $zh, en: $en };
        )*

        /// Every text of this module, for the test that checks both languages are there.
        $(#[$meta])*
        pub const ALL: &[$crate::i18n::Txt] = &[$($key),*];
    };
}

/// The text for `key`, following the UI language, for views. Every call returns the same
/// closure type, so the bundle holds one copy of the code that renders a text (a distinct
/// `move || app.t(..)` closure per text costs a copy each). Call it inside a component.
pub fn tr(key: Txt) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let app = crate::state::use_app();
    move || app.t(key)
}
