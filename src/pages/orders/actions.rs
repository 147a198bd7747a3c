//! What can be done to an order, from its list row or its page.

use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::actions::run_action;
use crate::pages::orders::texts;

/// Makes the order its skill's default (`pending` while it runs; a toast either way), then
/// `done` with the outcome.
pub fn make_default(order_id: String, pending: RwSignal<bool>, done: Callback<Result<(), ApiError>>) {
    run_action(
        pending,
        texts::OrderDefaultSet,
        async move { api::orders::set_default_order_form(&order_id).await },
        move |r| done.run(r.map(|_| ())),
    );
}
