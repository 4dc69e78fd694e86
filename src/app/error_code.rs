//! Why an action failed, as a stable code the app's UI branches on (the
//! sentence to show comes with it, in both languages). The shell sends it with
//! every refusal; its TypeScript type is generated into ui/src/bindings.

use crate::store::StoreError;
use serde::Serialize;
use ts_rs::TS;

/// Why a command failed: a stable code for the UI to branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The database did not open.
    StoreUnavailable,
    /// No such evaluation or vendor.
    NotFound,
    /// The evaluation is the read-only demo: duplicate it to edit.
    ReadOnly,
    /// The request or the file it names is not acceptable.
    InvalidInput,
    /// The database or the disk failed.
    Store,
    /// A file could not be made, written or opened.
    Export,
    /// Someone else saved a newer change to the same answer in the team
    /// database: theirs is kept and shown; saving again saves over it.
    Conflict,
}

impl ErrorCode {
    /// The code of an application-layer refusal.
    pub fn of(e: &StoreError) -> ErrorCode {
        match e {
            StoreError::NoEvaluation(_) | StoreError::NoVendor(_) => ErrorCode::NotFound,
            StoreError::ReadOnly { .. } => ErrorCode::ReadOnly,
            StoreError::Team(
                crate::store::team::TeamError::Conflict { .. }
                | crate::store::team::TeamError::ChangedMeanwhile { .. },
            ) => ErrorCode::Conflict,
            e if e.is_user_error() => ErrorCode::InvalidInput,
            _ => ErrorCode::Store,
        }
    }
}
