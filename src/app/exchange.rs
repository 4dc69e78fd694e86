//! The app's workbook exchange (issue 6): the blank workbook of an evaluation's
//! questionnaire snapshot, the preview of a filled workbook for one vendor
//! (every problem located, or the changes in words), applying it only when the
//! file is still the one previewed, and the comparison as XLSX. The workbook
//! logic itself is in `crate::workbook`; this module only adapts it for the UI.
//! Also what the app's save-dialog exports (PDF, workbooks, backup) resolve to.

use crate::answers::Answer;
use crate::diagnostic::Diagnostic;
use crate::questionnaire::Questionnaire;
use crate::store::{sha256_hex, Result, Store, StoreError, Vendor};
use crate::workbook::{self, WbLang, MAX_WORKBOOK_BYTES};
use crate::Lang;
use crate::Text;
use chrono::NaiveDate;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use ts_rs::TS;

/// One answer an import would change, in words.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ImportChange {
    pub question: String,
    /// The stored answer, in both languages; `None` when the question is unanswered now.
    pub old: Option<Text>,
    pub new: Text,
}

/// What previewing a filled workbook shows: every problem (nothing can be
/// written), or the changes an import would make.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ImportPreview {
    /// The file was not picked (the open dialog was closed).
    Cancelled,
    Problems {
        /// The file's name (not its directory).
        file: String,
        /// One located sentence each, in both languages, e.g.
        /// "Sheet 'Key management', C14: …".
        problems: Vec<Text>,
    },
    Ready {
        file: String,
        /// The full path, sent back to apply.
        path: String,
        /// SHA-256 of the previewed bytes; applying refuses another content.
        sha256: String,
        vendor: String,
        /// Answers the vendor has stored now.
        existing_answers: u32,
        /// Answers the file gives.
        answers: u32,
        /// Answers that would be written (new or different).
        changes: Vec<ImportChange>,
    },
}

/// What exporting the comparison PDF resolves to. A cancelled dialog is not an error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ExportResult {
    Saved {
        path: String,
        bytes: u64,
        pages: u64,
        /// SHA-256 of the report data, printed on every page.
        fingerprint: String,
        /// The signer's name when the report was signed.
        signed_by: Option<String>,
    },
    Cancelled,
}

/// What saving a workbook or a database backup resolves to. A cancelled dialog
/// is not an error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum SaveResult {
    Saved { path: String, bytes: u64 },
    Cancelled,
}

/// The blank workbook (XLSX bytes) of the evaluation's questionnaire snapshot.
pub fn blank_workbook(store: &mut Store, evaluation: i64, lang: WbLang) -> Result<Vec<u8>> {
    let q = store.questionnaire(evaluation)?;
    workbook::export_blank(&q, lang).map_err(|e| refused_workbook("workbook", &e))
}

/// One vendor's request list: what to ask next, most decisive first.
pub fn vendor_requests(store: &mut Store, vendor_id: i64) -> Result<Vec<super::RequestView>> {
    let vendor = store.vendor(vendor_id)?;
    let c = store.comparison(vendor.evaluation_id)?;
    let Some(score) = c.vendors.iter().find(|v| v.vendor == vendor.name) else {
        return Ok(Vec::new());
    };
    Ok(super::request_views(
        &c.questionnaire,
        score,
        c.answers_of(&vendor.name),
    ))
}

/// The follow-up workbook of one vendor (XLSX bytes): the blank workbook with
/// only the questions on its request list, imported like the blank one. Returns
/// the bytes and the number of questions; a vendor with nothing left to ask is
/// refused (an empty workbook would say nothing).
pub fn follow_up_workbook(
    store: &mut Store,
    vendor_id: i64,
    lang: WbLang,
) -> Result<(Vec<u8>, usize)> {
    let requests = vendor_requests(store, vendor_id)?;
    if requests.is_empty() {
        let vendor = store.vendor(vendor_id)?;
        return Err(crate::store::StoreError::Invalid(vec![
            crate::diagnostic::Diagnostic::in_file(
                "follow-up workbook",
                format!(
                    "nothing to ask {}: every applicable question is answered and backed by the evidence it requires",
                    vendor.name
                ),
            ),
        ]));
    }
    let vendor = store.vendor(vendor_id)?;
    let q = store.questionnaire(vendor.evaluation_id)?;
    let ids: Vec<String> = requests.iter().map(|r| r.question.clone()).collect();
    let bytes = workbook::export_follow_up(&q, lang, &ids)
        .map_err(|e| refused_workbook("follow-up workbook", &e))?;
    Ok((bytes, ids.len()))
}

/// The comparison (section and answer matrices) as XLSX bytes.
pub fn comparison_workbook(store: &mut Store, evaluation: i64, lang: Lang) -> Result<Vec<u8>> {
    let c = store.comparison(evaluation)?;
    let set = store.answer_set(evaluation)?;
    workbook::export_comparison(&comparison_sheets(&c), &set, lang)
        .map_err(|e| refused_workbook("comparison workbook", &e))
}

/// The file's name without its directory, as recorded in provenance.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Reads a workbook or CSV chosen for import, refusing files over the size cap
/// without reading them whole.
pub fn read_import_file(path: &Path) -> Result<Vec<u8>> {
    use crate::bounded_read::{read_regular_file, ReadError};
    let name = file_name(path);
    read_regular_file(path, MAX_WORKBOOK_BYTES as u64).map_err(|e| {
        let message = match e {
            ReadError::TooLarge { .. } => format!("{e}; expected a workbook exported by Assay"),
            e => e.to_string(),
        };
        StoreError::invalid_input(&name, message)
    })
}

/// A problem as one sentence: where (sheet and cell, or CSV row), then what.
/// A problem of the previewed file, located within it, in both languages (the
/// message in English where its producer gives no Chinese).
fn sentence(d: &Diagnostic) -> Text {
    let zh = d.message_zh_cn.as_deref().unwrap_or(&d.message);
    match (&d.path, d.line) {
        (Some(at), _) => Text {
            en: format!("{at}: {}", d.message),
            zh_cn: format!("{at}：{zh}"),
        },
        (None, Some(line)) => Text {
            en: format!("line {line}: {}", d.message),
            zh_cn: format!("第 {line} 行：{zh}"),
        },
        (None, None) => Text {
            en: d.message.clone(),
            zh_cn: zh.to_string(),
        },
    }
}

fn vendor_of(store: &Store, evaluation: i64, vendor_id: i64) -> Result<Vendor> {
    let vendor = store.vendor(vendor_id)?;
    if vendor.evaluation_id != evaluation {
        return Err(StoreError::NoVendor(vendor_id));
    }
    Ok(vendor)
}

/// A workbook read and checked for one vendor's import, before it is compared
/// with the store: made by [`read_for_preview`] without holding the store.
pub struct WorkbookRead {
    vendor_id: i64,
    path: PathBuf,
    file: String,
    sha256: String,
    answers: Result<Vec<Answer>>,
}

/// Step 1 of a preview, quick, with the store: the questionnaire a workbook for
/// this vendor is read against (refusing a vendor of another evaluation).
pub fn import_questionnaire(
    store: &mut Store,
    evaluation: i64,
    vendor_id: i64,
) -> Result<Arc<Questionnaire>> {
    vendor_of(store, evaluation, vendor_id)?;
    store.questionnaire(evaluation)
}

/// Step 2 of a preview, without the store: reads the file (bounded) and checks
/// it against `q`. Only an unreadable file is an error here; its problems are
/// kept for the preview to show.
pub fn read_for_preview(
    q: &Questionnaire,
    vendor_id: i64,
    path: &Path,
    today: NaiveDate,
) -> Result<WorkbookRead> {
    let bytes = read_import_file(path)?;
    let file = file_name(path);
    let answers = super::workbook_import::read_answers(&bytes, &file, q, today);
    Ok(WorkbookRead {
        vendor_id,
        path: path.to_path_buf(),
        sha256: sha256_hex(&bytes),
        file,
        answers,
    })
}

/// Step 3 of a preview, with the store: what importing the read workbook would
/// change for its vendor. Writes nothing.
fn preview_read(store: &mut Store, evaluation: i64, read: WorkbookRead) -> Result<ImportPreview> {
    let vendor = vendor_of(store, evaluation, read.vendor_id)?;
    let planned = read.answers.and_then(|answers| {
        super::workbook_import::plan_read(store, evaluation, &vendor.name, &read.file, answers)
    });
    match planned {
        Ok(plan) => Ok(ImportPreview::Ready {
            file: read.file,
            path: read.path.display().to_string(),
            sha256: read.sha256,
            vendor: plan.vendor,
            existing_answers: plan.existing_answers as u32,
            answers: plan.answers.len() as u32,
            changes: plan
                .changes
                .into_iter()
                .map(|c| ImportChange {
                    question: c.question,
                    old: c.old,
                    new: c.new,
                })
                .collect(),
        }),
        Err(StoreError::Invalid(list)) => Ok(ImportPreview::Problems {
            file: read.file,
            problems: list.iter().map(sentence).collect(),
        }),
        Err(e) => Err(e),
    }
}

/// The workbook last previewed in this session (vendor, path, SHA-256). The
/// shell keeps one: only that file may be applied, so the page cannot make the
/// app read a path it did not pick through the open dialog.
#[derive(Debug, Default)]
pub struct PreviewedImport {
    last: Option<(i64, PathBuf, String)>,
}

impl PreviewedImport {
    /// Previews a workbook read by [`read_for_preview`] (steps 1 and 2 ran
    /// without holding the store); a preview that is ready is remembered for
    /// [`PreviewedImport::apply`].
    pub fn preview(
        &mut self,
        store: &mut Store,
        evaluation: i64,
        read: WorkbookRead,
    ) -> Result<ImportPreview> {
        let (vendor_id, path) = (read.vendor_id, read.path.clone());
        let preview = preview_read(store, evaluation, read)?;
        if let ImportPreview::Ready { sha256, .. } = &preview {
            self.last = Some((vendor_id, path, sha256.clone()));
        }
        Ok(preview)
    }

    /// Previews the workbook at `path` with the store held throughout (the three
    /// steps of a preview in one; the app runs step 2 without the store).
    pub fn preview_path(
        &mut self,
        store: &mut Store,
        evaluation: i64,
        vendor_id: i64,
        path: &Path,
        today: NaiveDate,
    ) -> Result<ImportPreview> {
        let q = import_questionnaire(store, evaluation, vendor_id)?;
        let read = read_for_preview(&q, vendor_id, path, today)?;
        self.preview(store, evaluation, read)
    }

    /// Applies the previewed workbook at `path` with the store held throughout.
    pub fn apply_path(
        &mut self,
        store: &mut Store,
        evaluation: i64,
        vendor_id: i64,
        path: &Path,
        sha256: &str,
        today: NaiveDate,
    ) -> Result<u32> {
        self.check_previewed(vendor_id, path, sha256)?;
        let q = import_questionnaire(store, evaluation, vendor_id)?;
        let read = read_for_preview(&q, vendor_id, path, today)?;
        self.apply(store, evaluation, read, sha256)
    }

    /// Refuses to read any file but the one previewed last for this vendor, with
    /// this content hash: the page names the path, so only a file the user
    /// picked through the open dialog may be read again.
    pub fn check_previewed(&self, vendor_id: i64, path: &Path, sha256: &str) -> Result<()> {
        let previewed = self
            .last
            .as_ref()
            .is_some_and(|(v, p, s)| (*v, p.as_path(), s.as_str()) == (vendor_id, path, sha256));
        if !previewed {
            return Err(StoreError::refused(
                "import",
                "Preview this file for this vendor before applying it.",
                "请先为该供应商预览此文件，再导入。",
            ));
        }
        Ok(())
    }

    /// Imports the previewed workbook, read again by [`read_for_preview`] (after
    /// [`PreviewedImport::check_previewed`], without holding the store), all or
    /// nothing, provided its content still has the previewed SHA-256; returns the
    /// number of answers written. Afterwards it must be previewed again.
    pub fn apply(
        &mut self,
        store: &mut Store,
        evaluation: i64,
        read: WorkbookRead,
        sha256: &str,
    ) -> Result<u32> {
        self.check_previewed(read.vendor_id, &read.path, sha256)?;
        if !read.sha256.eq_ignore_ascii_case(sha256.trim()) {
            return Err(StoreError::invalid_input(
                &read.file,
                "the file changed since the preview; nothing was imported — preview it again",
            ));
        }
        let vendor = vendor_of(store, evaluation, read.vendor_id)?;
        let answers = read.answers?;
        let plan = super::workbook_import::plan_read(
            store,
            evaluation,
            &vendor.name,
            &read.file,
            answers,
        )?;
        let written = super::workbook_import::apply_import(store, &plan)?.answers_written as u32;
        self.last = None;
        Ok(written)
    }
}

/// The command line's workbook import, step one: reads the file (size-capped)
/// and plans importing it for the vendor named (created when missing). Writes
/// nothing; [`apply_workbook_import`] writes the plan.
pub fn plan_workbook_import(
    store: &mut Store,
    evaluation: i64,
    vendor: &str,
    path: &Path,
    today: NaiveDate,
) -> Result<super::workbook_import::ImportPlan> {
    let bytes = read_import_file(path)?;
    super::workbook_import::plan_import(store, evaluation, vendor, &file_name(path), &bytes, today)
}

/// Writes a planned workbook import, all or nothing.
pub fn apply_workbook_import(
    store: &mut Store,
    plan: &super::workbook_import::ImportPlan,
) -> Result<crate::store::ImportSummary> {
    super::workbook_import::apply_import(store, plan)
}

/// What the comparison workbook shows of a stored comparison.
pub fn comparison_sheets(c: &crate::store::Comparison) -> workbook::ComparisonSheets<'_> {
    workbook::ComparisonSheets {
        title: &c.evaluation.name,
        questionnaire: &c.questionnaire,
        context: &c.context,
        vendors: &c.vendors,
    }
}

/// A workbook error as the application layer's refusal, in both languages.
pub(crate) fn refused_workbook(what: &str, e: &workbook::WorkbookError) -> StoreError {
    let text = e.text();
    StoreError::refused(what, text.en, text.zh_cn)
}
