//! Skill orders: the project's orders, filtered by skill name and form and paged (all in the
//! URL), and one order's detail; an order can be made its skill's default from either.

mod detail;
mod list;

pub use detail::OrderDetailPage;
pub use list::OrderListPage;
