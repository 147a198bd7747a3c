//! The emulator's clock; the formats live in the model (`hilens_model::time`).

use std::time::{SystemTime, UNIX_EPOCH};

pub use hilens_model::time::{iso8601, market_time};

pub fn now_secs() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

pub fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}
