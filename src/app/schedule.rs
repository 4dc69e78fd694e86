//! The security schedule of one vendor (DOCX), from the stored evaluation: its
//! questionnaire's clause file (bundled, or a file the user names), checked
//! first; the schedule built from the same data the PDF report uses.

use super::report_data;
use crate::schedule::{self, ClauseFile};
use crate::store::{Result, Store, StoreError};
use crate::workbook::WbLang;
use std::path::Path;

/// What writing a schedule did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleWritten {
    pub bytes: Vec<u8>,
    pub clauses: usize,
    pub to_negotiate: usize,
    pub left_out: usize,
}

/// The clause file for `evaluation`: `file` when given, else the one shipped
/// with its bundled questionnaire; checked against the questionnaire, every
/// problem located.
pub fn clauses_for(store: &mut Store, evaluation: i64, file: Option<&Path>) -> Result<ClauseFile> {
    let q = store.questionnaire(evaluation)?;
    let (name, text) = match file {
        Some(path) => (
            path.display().to_string(),
            crate::json_document::read_text(path).map_err(|d| StoreError::Invalid(vec![d]))?,
        ),
        None => match schedule::bundled(&q.id) {
            Some((name, text)) => (name.to_string(), text.to_string()),
            None => {
                return Err(StoreError::refused(
                    "clauses",
                    format!(
                        "Assay ships no contract clauses for questionnaire '{}': give a clause file (see questionnaires/schema/clauses.schema.json).",
                        q.id
                    ),
                    format!(
                        "Assay 未随附问卷“{}”的合同条款：请提供条款文件（见 questionnaires/schema/clauses.schema.json）。",
                        q.id
                    ),
                ))
            }
        },
    };
    schedule::load(&name, &text, &q).map_err(StoreError::Invalid)
}

/// Builds `vendor_id`'s security schedule in `lang` as DOCX bytes.
pub fn security_schedule(
    store: &mut Store,
    vendor_id: i64,
    lang: WbLang,
    clauses: Option<&Path>,
) -> Result<ScheduleWritten> {
    let vendor = store.vendor(vendor_id)?;
    let clauses = clauses_for(store, vendor.evaluation_id, clauses)?;
    let data = report_data::from_store(store, vendor.evaluation_id)?;
    let built =
        schedule::build(&data, &clauses, &vendor.name).ok_or(StoreError::NoVendor(vendor_id))?;
    let bytes = schedule::write_docx(&built, lang).map_err(|e| {
        StoreError::refused(
            "schedule",
            format!("the schedule could not be written as DOCX: {e}"),
            format!("无法将安全附件写为 DOCX：{e}"),
        )
    })?;
    Ok(ScheduleWritten {
        bytes,
        to_negotiate: built.negotiation_points().count(),
        clauses: built.clauses.len(),
        left_out: built.left_out.len(),
    })
}
