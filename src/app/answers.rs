//! Answers given outside the form: one answer typed on the command line, a
//! piece of evidence with its file, an answers file imported into an
//! evaluation. The same readers and checks as the app's screens.

use super::evidence::{add_evidence, answered, evidence_from_edit, EvidenceEdit};
use super::form::{edit_value_from_text, save_answer, AnswerEdit, FormView};
use crate::answer_set;
use crate::answers::AnswerSet;
use crate::store::{ImportSummary, Store, StoreError, Vendor};
use std::path::Path;

type Result<T> = std::result::Result<T, StoreError>;

/// A vendor of an evaluation named by its name or, failing that, its id.
pub fn find_vendor(store: &Store, evaluation: i64, vendor: &str) -> Result<Vendor> {
    match store.vendor_by_name(evaluation, vendor) {
        Ok(v) => Ok(v),
        Err(e) => match vendor.parse::<i64>() {
            Ok(id) => store
                .vendor(id)
                .ok()
                .filter(|v| v.evaluation_id == evaluation)
                .ok_or(e),
            Err(_) => Err(e),
        },
    }
}

/// Saves one answer whose value is typed as text (`--value`), read as the
/// question's type expects ([`edit_value_from_text`]); everything else as the
/// form sends it. Stored evidence stays with the answer.
pub fn save_typed_answer(
    store: &mut Store,
    vendor: &Vendor,
    mut edit: AnswerEdit,
    typed_value: Option<&str>,
) -> Result<FormView> {
    if let Some(raw) = typed_value {
        let q = store.questionnaire(vendor.evaluation_id)?;
        let question = q.question(&edit.question).ok_or_else(|| {
            StoreError::invalid_input(
                "--question",
                format!("there is no question \"{}\" in {}", edit.question, q.id),
            )
        })?;
        edit.value = Some(edit_value_from_text(&question.answer, raw));
    }
    save_answer(store, vendor.id, &edit)
}

/// Adds a piece of evidence to an answered question and, when given, attaches
/// its file. Returns the piece's number (1-based) and the file's SHA-256.
pub fn add_evidence_with_file(
    store: &mut Store,
    vendor: &Vendor,
    question: &str,
    edit: &EvidenceEdit,
    file: Option<&Path>,
) -> Result<(usize, Option<String>)> {
    let Some(file) = file else {
        let view = add_evidence(store, vendor.id, question, edit)?;
        let count = view
            .sections
            .iter()
            .flat_map(|s| &s.questions)
            .find(|q| q.id == question)
            .map_or(0, |q| q.evidence.len());
        return Ok((count, None));
    };
    // The piece and its file in one transaction: a file that cannot be read
    // (a directory, a device, a pipe, too large) leaves no evidence entry.
    store.check_editable(vendor.evaluation_id)?;
    let piece = evidence_from_edit(edit)?;
    answered(store, vendor, question)?;
    let (count, sha) = store.add_evidence_with_file(vendor.id, question, piece, file)?;
    Ok((count, Some(sha)))
}

/// An answers file read for import, with the stored answers it would replace.
pub struct AnswersImport {
    pub file: answer_set::AnswersFile,
    /// (vendor, question) of each stored answer the file changes.
    pub replaces: Vec<(String, String)>,
}

/// Reads an answers file (the `assay score` format) for an evaluation and lists
/// the stored answers it would replace; nothing is written.
pub fn preview_answers_import(
    store: &Store,
    evaluation: i64,
    path: &Path,
) -> Result<AnswersImport> {
    let file = answer_set::load_file(path).map_err(StoreError::Invalid)?;
    let replaces = replaced_answers(store, evaluation, &file.set)?;
    Ok(AnswersImport { file, replaces })
}

/// The stored answers (vendor, question) that importing `set` would change.
fn replaced_answers(
    store: &Store,
    evaluation: i64,
    set: &AnswerSet,
) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for va in &set.vendors {
        let Ok(vendor) = store.vendor_by_name(evaluation, &va.name) else {
            continue; // a new vendor: nothing of it is replaced
        };
        for a in &va.answers {
            if let Some(stored) = store.answer(vendor.id, &a.question)? {
                if stored.answer != *a {
                    out.push((vendor.name.clone(), a.question.clone()));
                }
            }
        }
    }
    Ok(out)
}

/// Imports a previewed answers file, all or nothing; problems are located in
/// the file (line:column and JSON path).
pub fn import_answers(
    store: &mut Store,
    evaluation: i64,
    import: &AnswersImport,
) -> Result<ImportSummary> {
    let file = &import.file;
    store
        .import_answers(evaluation, &file.file, &file.set)
        .map_err(|e| match e {
            StoreError::Invalid(mut problems) => {
                crate::json_position::locate_all(&file.text, &mut problems);
                StoreError::Invalid(problems)
            }
            other => other,
        })
}
