//! A list's text filter, one hook for one concern (leptos-use's shape): what the user types is
//! a draft, checked as they type by the filter's own rule (its `url_state!` line, written once),
//! written to the URL only when searched, and following the URL (back/forward, reset).
//!
//! ```ignore
//! let name = use_text_filter(ctx, "name", |f| &mut f.name);
//! <FilterForm testid="x-filters" on_search=move |_| ctx.search(&[name]) on_reset=move |_| ctx.reset()>
//!     <TextField state=name.state label=texts::Name testid="x-filter-name"/>
//! </FilterForm>
//! ```

use hilens_model::query::Params;
use hilens_model::FieldError;
use leptos::prelude::*;

use crate::components::form::field::FieldState;
use crate::components::list::list_page::ListCtx;
use crate::components::list::url_state::UrlState;

/// A text filter's draft (`state`, for its `TextField`) and where its value goes in `F`.
pub struct TextFilter<F> {
    pub state: FieldState,
    slot: fn(&mut F) -> &mut String,
}

// By hand: a derive would ask `F` to be `Copy` too.
impl<F> Clone for TextFilter<F> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<F> Copy for TextFilter<F> {}

/// The draft of the filter `key` (its URL parameter), kept in `slot` of the list's filters.
pub fn use_text_filter<F: UrlState + Params>(
    ctx: ListCtx<F>,
    key: &'static str,
    slot: fn(&mut F) -> &mut String,
) -> TextFilter<F> {
    let state = FieldState::for_param(key, param_rule::<F>);
    Effect::new(move |_| {
        let mut filters = ctx.state.get().filters;
        state.value.set(std::mem::take(slot(&mut filters)));
    });
    TextFilter { state, slot }
}

/// Parameter `key`'s rule in `F` (its `url_state!` line).
fn param_rule<F: Params>(key: &'static str, value: &str) -> Result<(), FieldError> {
    F::default().read(key, value)
}

impl<F: UrlState> ListCtx<F> {
    /// Searches with the text filters' drafts: each shows its verdict, and when all keep their
    /// rules they are written, trimmed, back on page 1.
    pub fn search(&self, drafts: &[TextFilter<F>]) {
        let keep = drafts.iter().fold(true, |keep, d| d.state.check() && keep);
        if keep {
            self.set(|f| {
                for d in drafts {
                    *(d.slot)(f) = d.state.value.get_untracked().trim().to_string();
                }
            });
        }
    }

    /// Every filter cleared, back on page 1.
    pub fn reset(&self) {
        self.go.run(Default::default());
    }
}
