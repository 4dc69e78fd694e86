//! The security schedule of one vendor (DOCX), from the stored evaluation: its
//! questionnaire's clause file (bundled, or a file the user names), checked
//! first; the schedule built from the same data the PDF report uses.

use super::report_data;
use crate::questionnaire::Questionnaire;
use crate::report::data::{ReportData, ScheduleAnnex};
use crate::schedule::{self, ClauseFile};
use crate::store::{NegotiationStatus, Result, Store, StoreError};
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
    clauses_for_questionnaire(&q, file)
}

/// The clause file for questionnaire `q`: `file` when given, else the shipped one.
pub fn clauses_for_questionnaire(q: &Questionnaire, file: Option<&Path>) -> Result<ClauseFile> {
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
    schedule::load(&name, &text, q).map_err(StoreError::Invalid)
}

/// Adds the security-schedule annex (Annex C) to a report's data: the
/// schedules of `vendors` (empty: every vendor, in name order), with the
/// clause file `file` or the one shipped with the questionnaire, checked
/// first. A vendor the data does not have is refused, naming the ones it has.
pub fn add_schedule_annex(
    data: &mut ReportData,
    vendors: &[String],
    file: Option<&Path>,
) -> Result<()> {
    let mut clauses = clauses_for_questionnaire(&data.questionnaire, file)?;
    clauses.schema = None;
    let known: Vec<&str> = data.vendors.iter().map(|v| v.name.as_str()).collect();
    let unknown: Vec<&String> = vendors
        .iter()
        .filter(|v| !known.contains(&v.as_str()))
        .collect();
    if !unknown.is_empty() {
        let listed = |names: Vec<&str>| names.join(", ");
        let missing = listed(unknown.iter().map(|s| s.as_str()).collect());
        return Err(StoreError::refused(
            "schedule",
            format!(
                "no vendor named {missing} in \"{}\"; its vendors: {}",
                data.evaluation.name,
                listed(known.clone())
            ),
            format!(
                "“{}”中没有名为 {missing} 的供应商；其供应商为：{}",
                data.evaluation.name,
                listed(known.clone())
            ),
        ));
    }
    if known.is_empty() {
        return Err(StoreError::refused(
            "schedule",
            "the evaluation has no vendors: there is no schedule to print",
            "该评估没有供应商：没有可打印的安全附件",
        ));
    }
    let vendors = if vendors.is_empty() {
        known.iter().map(|s| s.to_string()).collect()
    } else {
        let mut unique = Vec::new();
        for v in vendors {
            if !unique.contains(v) {
                unique.push(v.clone());
            }
        }
        unique
    };
    data.schedules = Some(ScheduleAnnex { vendors, clauses });
    Ok(())
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
    let mut built =
        schedule::build(&data, &clauses, &vendor.name).ok_or(StoreError::NoVendor(vendor_id))?;
    // The decisions recorded on its negotiation points (Requests tab, `vendor negotiate`).
    for n in store.negotiations(vendor_id)? {
        if n.status == NegotiationStatus::Open {
            continue;
        }
        let label = n.status.label();
        let words = crate::Text {
            en: format!("{}: {}", label.en, n.note),
            zh_cn: format!("{}：{}", label.zh_cn, n.note),
        };
        built.decisions.insert(n.clause, words);
    }
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
