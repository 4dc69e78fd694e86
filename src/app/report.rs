//! The comparison PDF outside the app's export button: from an answers file or
//! a stored evaluation, and `verify` of a report, also against the database.

use super::report_data;
use super::score::{load_answers_file, FileOptions};
use crate::report::data::ReportData;
pub use crate::report::data::ReportStatus;
use crate::report::{self, Rendered, ReportError, ReportFont, Verification};
use crate::store::{Store, StoreError};
use crate::Lang;
use chrono::{DateTime, FixedOffset};
use serde::Deserialize;
use std::path::Path;
use ts_rs::TS;

type Result<T> = std::result::Result<T, StoreError>;

/// The report data of an answers file: named `name` on the cover (default the
/// questionnaire's title), with its evaluators.
pub fn report_data_from_file(
    path: &Path,
    options: &FileOptions,
    name: Option<String>,
    evaluators: Vec<String>,
) -> Result<ReportData> {
    let loaded = load_answers_file(path, options)?;
    Ok(ReportData::from_answer_set(
        &loaded.questionnaire,
        &loaded.answers,
        name,
        loaded.context.as_of,
        loaded.context.profiles.clone(),
        evaluators,
    ))
}

/// The report data of a stored evaluation, with its own settings.
pub fn report_data_from_store(store: &mut Store, evaluation: i64) -> Result<ReportData> {
    report_data::from_store(store, evaluation)
}

/// The report data of a stored evaluation for export: with the security
/// schedules of `schedules` as Annex C when given (an empty list: every
/// vendor's), built with the clauses shipped with its questionnaire.
pub fn report_data_for_export(
    store: &mut Store,
    evaluation: i64,
    options: &PdfOptions,
) -> Result<ReportData> {
    let mut data = report_data::from_store(store, evaluation)?;
    if options.with_schedules {
        super::schedule::add_schedule_annex(&mut data, &[], None)?;
    }
    set_status_and_marking(&mut data, options.status, options.marking.as_deref())?;
    Ok(data)
}

/// What the app's export asks for besides the language.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, TS)]
pub struct PdfOptions {
    /// Every vendor's security schedule as Annex C.
    #[serde(default)]
    pub with_schedules: bool,
    /// Draft or final, printed on every page; `None`: not stated.
    #[serde(default)]
    pub status: Option<ReportStatus>,
    /// The buyer's confidentiality marking, printed on every page.
    #[serde(default)]
    pub marking: Option<String>,
}

/// Sets the report's status and confidentiality marking (both part of the
/// fingerprinted data). A marking must be one line of at most 120 characters;
/// a shipped sample's report is never final (it is an illustration).
pub fn set_status_and_marking(
    data: &mut ReportData,
    status: Option<ReportStatus>,
    marking: Option<&str>,
) -> Result<()> {
    if let Some(problem) = marking.and_then(crate::report::data::marking_problem) {
        return Err(StoreError::refused("marking", problem.en, problem.zh_cn));
    }
    if status == Some(ReportStatus::Final)
        && crate::samples::Sample::from_name(&data.evaluation.name).is_some()
    {
        return Err(StoreError::refused(
            "status",
            "a sample shipped with Assay is an illustration: its report cannot be final",
            "Assay 自带的示例仅作演示：其报告不能标为定稿",
        ));
    }
    data.status = status;
    data.marking = marking.map(|m| m.trim().to_string());
    Ok(())
}

/// A report error as the application layer's refusal, in both languages
/// (`what`: where it happened, for the command line's prefix).
fn refused(what: &str, e: ReportError) -> StoreError {
    let text = e.text();
    StoreError::refused(what, text.en, text.zh_cn)
}

/// Renders the report and writes it to `out` (a temporary file renamed into
/// place); the report font is the shipped one.
pub fn export_pdf(
    data: &ReportData,
    generated_at: DateTime<FixedOffset>,
    lang: Lang,
    out: &Path,
) -> Result<Rendered> {
    let font = ReportFont::load_default().map_err(|e| refused("font", e))?;
    report::export_to_file(data, generated_at, lang, &font, out).map_err(|e| refused("export", e))
}

/// As [`export_pdf`], with a font already loaded (the app keeps one) and the
/// report's own error, for the app's bilingual message.
pub fn export_pdf_with_font(
    data: &ReportData,
    generated_at: DateTime<FixedOffset>,
    lang: Lang,
    font: &ReportFont,
    out: &Path,
) -> std::result::Result<Rendered, ReportError> {
    report::export_to_file(data, generated_at, lang, font, out)
}

/// What the database says about a verified report.
#[derive(Debug, Clone, PartialEq)]
pub enum StoredState {
    /// The report names no stored evaluation, or no database was given.
    NotChecked,
    /// The evaluation in the database gives the report's fingerprint.
    Unchanged { evaluation: i64 },
    /// The evaluation has changed since (its fingerprint now).
    Changed { evaluation: i64, now: String },
    /// The database could not be read or has no such evaluation.
    Unavailable { reason: String },
}

/// A PDF given to verify is read whole; reports Assay makes are a few MiB.
pub const MAX_REPORT_BYTES: u64 = 256 * 1024 * 1024;

/// Reads a PDF to verify through the bounded reader (a regular file, at most
/// [`MAX_REPORT_BYTES`]).
pub fn read_report_file(
    path: &Path,
) -> std::result::Result<Vec<u8>, crate::bounded_read::ReadError> {
    crate::bounded_read::read_regular_file(path, MAX_REPORT_BYTES)
}

/// A report checked: its own checks, and the database's view when one is given.
pub struct VerifiedReport {
    pub verification: Verification,
    pub stored: StoredState,
}

/// Checks a report's bytes (fingerprint, file digest, text) and, when `store` is
/// given, whether the evaluation it names has changed since the export.
pub fn verify_report(bytes: &[u8], store: Option<Result<Store>>) -> VerifiedReport {
    let font = ReportFont::load_default().ok();
    let verification = report::verify(bytes, font.as_ref());
    let id = verification
        .data
        .as_ref()
        .and_then(|d| d.evaluation.id.as_ref())
        .and_then(|id| id.parse::<i64>().ok());
    let stored = match (id, store) {
        (Some(evaluation), Some(store)) => {
            // The annex, status and marking asked for at export are part of the
            // report's data, not of the database: compared with them added.
            let asked = verification.data.as_ref();
            let now = store.and_then(|mut s| report_data::from_store(&mut s, evaluation));
            match now.map(|now| ReportData {
                schedules: asked.and_then(|d| d.schedules.clone()),
                status: asked.and_then(|d| d.status),
                marking: asked.and_then(|d| d.marking.clone()),
                ..now
            }) {
                Ok(now) if Some(now.fingerprint()) == verification.fingerprint => {
                    StoredState::Unchanged { evaluation }
                }
                Ok(now) => StoredState::Changed {
                    evaluation,
                    now: now.fingerprint(),
                },
                Err(e) => StoredState::Unavailable {
                    reason: e.to_string(),
                },
            }
        }
        _ => StoredState::NotChecked,
    };
    VerifiedReport {
        verification,
        stored,
    }
}
