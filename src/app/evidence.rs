//! The evidence of one answer, as the evidence editor changes it: add a piece
//! (checked: dates `YYYY-MM-DD`, issued ≤ expires), remove one, attach a file to
//! one. Each action is one transaction with its audit row and returns the
//! re-scored form.

use super::form::{form, nonempty, FormView};
use crate::answers::{Answer, Evidence, EvidenceKind};
use crate::scoring;
use crate::store::{Store, StoreError, Vendor};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

type Result<T> = std::result::Result<T, StoreError>;

/// What the evidence editor sends to add one piece. Empty strings count as absent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct EvidenceEdit {
    pub kind: EvidenceKind,
    #[serde(default)]
    pub identifier: Option<String>,
    #[serde(default)]
    pub issuer: Option<String>,
    #[serde(default)]
    pub scope: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub issued: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub expires: Option<String>,
    /// A URL or any reference, kept as text.
    #[serde(default)]
    pub url: Option<String>,
}

/// Checks the editor's piece: dates are `YYYY-MM-DD` and issued ≤ expires.
/// `Err` is a refusal in both languages.
pub fn evidence_from_edit(edit: &EvidenceEdit) -> Result<Evidence> {
    let date = |what_en: &str, what_zh: &str, v: &Option<String>| match nonempty(v) {
        None => Ok(None),
        Some(d) => scoring::parse_iso_date(&d).map(Some).ok_or_else(|| {
            StoreError::refused(
                "evidence",
                format!("The {what_en} '{d}' is not a date in the form YYYY-MM-DD."),
                format!("{what_zh}“{d}”不是 YYYY-MM-DD 格式的日期。"),
            )
        }),
    };
    let issued = date("issue date", "签发日期", &edit.issued)?;
    let expires = date("expiry date", "到期日期", &edit.expires)?;
    if let (Some(i), Some(x)) = (issued, expires) {
        if i > x {
            return Err(StoreError::refused(
                "evidence",
                format!("The issue date {i} is after the expiry date {x}."),
                format!("签发日期 {i} 晚于到期日期 {x}。"),
            ));
        }
    }
    Ok(Evidence {
        kind: edit.kind,
        identifier: nonempty(&edit.identifier),
        issuer: nonempty(&edit.issuer),
        scope: nonempty(&edit.scope),
        issued,
        expires,
        url: nonempty(&edit.url),
    })
}

pub(crate) fn answered(store: &Store, vendor: &Vendor, question: &str) -> Result<Answer> {
    store
        .answer(vendor.id, question)?
        .map(|a| a.answer)
        .ok_or_else(|| {
            StoreError::refused(
                "evidence",
                format!("Answer {question} before adding evidence to it."),
                format!("请先回答 {question}，再为其添加证据。"),
            )
        })
}

/// Adds one piece of evidence to an answered question (one transaction with its
/// audit row); returns the re-scored form.
pub fn add_evidence(
    store: &mut Store,
    vendor_id: i64,
    question: &str,
    edit: &EvidenceEdit,
) -> Result<FormView> {
    let vendor = store.vendor(vendor_id)?;
    store.check_editable(vendor.evaluation_id)?;
    let piece = evidence_from_edit(edit)?;
    let mut answer = answered(store, &vendor, question)?;
    answer.evidence.push(piece);
    store.set_answer(vendor_id, &answer)?;
    form(store, vendor_id)
}

fn check_index(answer: &Answer, index: usize) -> Result<()> {
    if index < answer.evidence.len() {
        return Ok(());
    }
    Err(StoreError::refused(
        "evidence",
        format!(
            "The answer to {} has no piece of evidence number {}.",
            answer.question,
            index + 1
        ),
        format!("{} 的回答没有第 {} 项证据。", answer.question, index + 1),
    ))
}

/// Removes the `index`-th piece of evidence (its file stays stored by hash; the
/// audit row keeps the record); returns the re-scored form.
pub fn remove_evidence(
    store: &mut Store,
    vendor_id: i64,
    question: &str,
    index: usize,
) -> Result<FormView> {
    let vendor = store.vendor(vendor_id)?;
    store.check_editable(vendor.evaluation_id)?;
    let mut answer = answered(store, &vendor, question)?;
    check_index(&answer, index)?;
    answer.evidence.remove(index);
    store.set_answer(vendor_id, &answer)?;
    form(store, vendor_id)
}

/// Attaches a file to the `index`-th piece of evidence (stored once under its
/// SHA-256, with an audit row); returns the re-scored form.
pub fn attach_evidence_file(
    store: &mut Store,
    vendor_id: i64,
    question: &str,
    index: usize,
    file: &std::path::Path,
) -> Result<FormView> {
    let vendor = store.vendor(vendor_id)?;
    store.check_editable(vendor.evaluation_id)?;
    let answer = answered(store, &vendor, question)?;
    check_index(&answer, index)?;
    store.attach_file(vendor_id, question, index, file)?;
    form(store, vendor_id)
}

/// Adds one piece of evidence with its file in one step: the file is read
/// (bounded, a regular file only) and stored first, then the piece and the
/// file's link are written in one transaction with their audit row, so a file
/// that cannot be read leaves no piece behind. Returns the re-scored form.
pub fn add_evidence_and_file(
    store: &mut Store,
    vendor_id: i64,
    question: &str,
    edit: &EvidenceEdit,
    file: &std::path::Path,
) -> Result<FormView> {
    let vendor = store.vendor(vendor_id)?;
    super::answers::add_evidence_with_file(store, &vendor, question, edit, Some(file))?;
    form(store, vendor_id)
}

/// The kinds of file "Open" hands to the default app: documents, sheets,
/// images and text. Anything else — a script, a `.desktop` launcher, a program —
/// could run when opened, so it stays stored (it is still in exports and
/// bundles) but is not opened.
const OPENABLE: &[&str] = &[
    "pdf", "png", "jpg", "jpeg", "gif", "webp", "bmp", "tif", "tiff", "txt", "csv", "md", "xlsx",
    "xls", "ods", "docx", "doc", "odt", "pptx", "ppt", "odp", "rtf", "eml", "msg",
];

/// Writes a copy of an attached file under the name it was attached with into
/// `dir` (checked against its hash first), for a viewer to open; returns the
/// copy's path. The stored file itself is named by its hash and never handed
/// out. Refused, nothing written, for a file whose name is unknown (attached
/// before names were kept) or not of a kind in [`OPENABLE`].
pub fn attachment_copy(
    store: &Store,
    sha256: &str,
    dir: &std::path::Path,
) -> Result<std::path::PathBuf> {
    let name = store.file_name(sha256)?.unwrap_or_default();
    let kind = name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    if !OPENABLE.contains(&kind.as_str()) {
        let shown = if name.is_empty() {
            sha256
        } else {
            name.as_str()
        };
        return Err(StoreError::refused(
            "attachment",
            format!(
                "Assay opens documents, sheets, images and text only; “{shown}” stays stored \
                 with the evidence but is not opened (a file of another kind could run)."
            ),
            format!("Assay 只打开文档、表格、图片和文本；“{shown}”仍随证据保存，但不会被打开（其他类型的文件可能被执行）。"),
        ));
    }
    store.copy_attachment(sha256, dir)
}
