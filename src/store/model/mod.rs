//! Evaluations, vendors, answers, evidence and the audit log: the rows and the
//! actions on them. Every action is one IMMEDIATE transaction with its audit rows.
//!
//! One file per aggregate, so that each can be read on its own: `evaluations`
//! (the evaluation, its questionnaire snapshot, section weights, read-only flag),
//! `vendors`, `answers` (answers with their evidence), `audit` (the trail),
//! `comparison` (scores recomputed from the stored answers) and `rows` (column
//! lists and row decoding they share). This module only re-exports what the
//! rest of the store and the crate use (`store::Evaluation`,
//! `model::write_answer`, …) and opens the transaction every action runs in.

mod answers;
mod audit;
mod comparison;
mod evaluations;
mod exports;
mod negotiations;
mod rows;
mod vendors;

pub(crate) use answers::{check_answer, put_answer_row, required_answer, write_answer, Recorded};
pub use answers::{ImportSummary, StoredAnswer};
pub use audit::AuditEntry;
pub(crate) use audit::{audit, insert_audit, AuditRow};
pub use comparison::{Comparison, WhatIf};
pub use evaluations::{
    check_coverage_threshold, check_section_weights, questionnaire_from_text, EditableDetails,
    Evaluation, NewEvaluation,
};
pub(crate) use evaluations::{
    check_new_evaluation, ensure_editable, insert_evaluation, insert_evaluation_row, set_read_only,
};
pub use exports::{ExportRecord, NewExport};
pub(crate) use negotiations::{load_negotiations, put_negotiation_row};
pub use negotiations::{Negotiation, NegotiationChange, NegotiationStatus};
pub(crate) use vendors::{create_vendor, insert_vendor};
pub use vendors::{Deployment, NewVendor, Vendor};

use crate::store::{Result, Store};
use rusqlite::TransactionBehavior;

impl Store {
    pub(crate) fn begin(&mut self) -> Result<rusqlite::Transaction<'_>> {
        Ok(self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?)
    }
}
