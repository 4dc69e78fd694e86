//! The illustrative demo evaluation (filled in later).
use super::{Result, Store};

pub fn ensure_demo(_store: &mut Store) -> Result<i64> {
    Err(super::StoreError::invalid_input(
        "demo",
        "not yet available",
    ))
}
