//! Questionnaire files as a user names them: a path, or the id of a bundled
//! questionnaire. Checking, outlining and the blank workbook for vendors.

use crate::diagnostic::Diagnostic;
use crate::questionnaire::{self, Questionnaire};
use crate::store::StoreError;
use crate::workbook::{self, WbLang};
use crate::{catalog, json_document};
use std::path::Path;

type Result<T> = std::result::Result<T, StoreError>;

/// The questionnaires bundled with Assay, with their summaries.
pub fn bundled() -> Vec<catalog::QuestionnaireSummary> {
    catalog::summaries()
}

/// Which file format's JSON Schema `assay questionnaire schema` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaOf {
    Questionnaire,
    Answers,
    /// Contract clause files (the security schedule).
    Clauses,
}

/// The JSON Schema of questionnaire, answers or clause files.
pub fn schema(of: SchemaOf) -> String {
    match of {
        SchemaOf::Questionnaire => questionnaire::schema_text(),
        SchemaOf::Answers => crate::answer_set::schema_text(),
        SchemaOf::Clauses => crate::schedule::schema_text(),
    }
}

/// A questionnaire file that loaded without a problem, in one line's worth.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedQuestionnaire {
    pub id: String,
    pub version: String,
    pub sections: usize,
    pub questions: usize,
    pub profiles: usize,
}

/// Loads and validates one questionnaire file: its summary, or every problem,
/// located (`file:line:column: $.path: message`).
pub fn check_file(path: &Path) -> std::result::Result<CheckedQuestionnaire, Vec<Diagnostic>> {
    questionnaire::load_file(path)
        .into_result()
        .map(|q| CheckedQuestionnaire {
            id: q.id.clone(),
            version: q.version.clone(),
            sections: q.sections.len(),
            questions: q.questions().count(),
            profiles: q.profiles.len(),
        })
}

fn no_such(name: &str) -> StoreError {
    StoreError::invalid_input(
        name,
        "no such file, and no bundled questionnaire has this id (see `assay questionnaire list`)",
    )
}

/// A path to a questionnaire file, or the id of a bundled questionnaire.
pub fn resolve(name: &str) -> Result<Questionnaire> {
    let path = Path::new(name);
    if path.exists() {
        return questionnaire::load_file(path)
            .into_result()
            .map_err(StoreError::Invalid);
    }
    catalog::find(name, None).ok_or_else(|| no_such(name))
}

/// The exact text of a questionnaire named as in [`resolve`] (what an
/// evaluation keeps as its snapshot).
pub fn text(name: &str) -> Result<String> {
    let path = Path::new(name);
    if path.exists() {
        return json_document::read_text(path).map_err(|d| StoreError::Invalid(vec![d]));
    }
    catalog::find_with_text(name, None)
        .map(|(text, _)| text.to_string())
        .ok_or_else(|| no_such(name))
}

/// The blank workbook of a questionnaire named as in [`resolve`], for a vendor
/// to fill in; with the questionnaire, for the summary line.
pub fn blank_workbook(name: &str, lang: WbLang) -> Result<(Questionnaire, Vec<u8>)> {
    let q = resolve(name)?;
    let bytes = workbook::export_blank(&q, lang)
        .map_err(|e| super::exchange::refused_workbook(name, &e))?;
    Ok((q, bytes))
}
