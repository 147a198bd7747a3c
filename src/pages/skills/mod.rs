//! The skill market: a filtered, paged list whose whole state lives in the URL, and a detail
//! page per skill.

mod detail;
mod list;
pub mod view_state;

pub use detail::SkillDetailPage;
pub use list::SkillListPage;
