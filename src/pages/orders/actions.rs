//! What can be done to an order, from its list row or its page.

use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::state::use_app;
use crate::pages::orders::texts::O;

/// Makes the order its skill's default: a toast either way, then `done` with the outcome.
pub fn make_default(order_id: String, done: Callback<Result<(), ApiError>>) {
    let app = use_app();
    leptos::task::spawn_local(async move {
        match api::orders::set_default_order_form(&order_id).await {
            Ok(_) => {
                app.toast_ok(format!("{}: {order_id}", app.t_untracked(O::OrderDefaultSet)));
                done.run(Ok(()));
            }
            Err(e) => {
                app.toast_error(&e);
                done.run(Err(e));
            }
        }
    });
}
