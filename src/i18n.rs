//! The console's texts, in Chinese and English, each set a module of constants (`texts!`): the
//! ones every page shares in [`common`] (`common::Cancel`), each domain's in its folder's
//! `texts.rs` (`texts::NoDeployments` there), a component's in a `texts` module of its own
//! (`pickers::texts`). Components ask for a [`Txt`]; the current language (a signal) picks the
//! text, so switching is instant.

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

/// Declares the texts of the module it is called in as constants of that module, named by
/// their key: `crate::texts! { Cancel => "取消", "Cancel"; }` in `i18n::common` is
/// `common::Cancel`, a domain's `texts.rs` holds `texts::NoDeployments`. Callers name the module
/// (`use super::texts;`, `use crate::pages::skills::texts as skill_texts;`), never glob it:
/// its texts are called `Page`, `Item` or `None`. `ALL` lists them for the test that checks
/// both languages are there; attributes before the texts (a doc comment) go on `ALL`.
#[macro_export]
macro_rules! texts {
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

/// An API value in words where `words` has them (following the UI language), else as it is
/// (a value the console does not know). One closure type for every use, as with [`tr`].
pub fn worded(words: Option<Txt>, raw: &str) -> impl Fn() -> String + Send + Sync + 'static {
    let app = crate::state::use_app();
    let raw = raw.to_string();
    move || words.map_or_else(|| raw.clone(), |t| app.t(t).to_string())
}
