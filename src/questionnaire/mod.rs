//! Questionnaire definitions: the data model, loading and validation.
//!
//! Loading is four steps, each reporting every problem it finds:
//! text (size, UTF-8) → JSON syntax (line:column) → shape (JSON Schema, JSON path)
//! → meaning (`validate`, JSON path). A questionnaire is returned only when there
//! are no problems at all; loading never panics.

mod model;
mod validate;

/// The largest weight Assay accepts anywhere (a question's weight, a profile's or
/// an evaluation's section weight, a what-if weight). Weights are relative, so
/// nothing real comes near it; past it sums of weights could overflow to infinity
/// and every score would become 0 or NaN.
pub const MAX_WEIGHT: f64 = 1_000_000.0;

pub use model::*;
pub use validate::{sheet_name_problem, MAX_SHEET_NAME, NO_COMMITMENT, RESERVED_SHEET_NAMES};

use crate::diagnostic::Diagnostic;
use crate::json_document;
use crate::schema::Checker;
use std::path::Path;
use std::sync::OnceLock;

/// The result of loading a questionnaire file.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub questionnaire: Option<Questionnaire>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    fn failed(diagnostics: Vec<Diagnostic>) -> Loaded {
        Loaded {
            questionnaire: None,
            diagnostics,
        }
    }

    /// The questionnaire, or all its problems.
    pub fn into_result(self) -> Result<Questionnaire, Vec<Diagnostic>> {
        match self.questionnaire {
            Some(q) if self.diagnostics.is_empty() => Ok(q),
            _ => Err(self.diagnostics),
        }
    }
}

fn checker() -> &'static Checker {
    static CHECKER: OnceLock<Checker> = OnceLock::new();
    CHECKER.get_or_init(Checker::for_type::<Questionnaire>)
}

/// The JSON Schema shipped as `questionnaires/questionnaire.schema.json`.
pub fn schema_text() -> String {
    crate::schema::schema_text::<Questionnaire>()
}

pub fn load_file(path: &Path) -> Loaded {
    match json_document::read_text(path) {
        Ok(text) => load_str(&path.display().to_string(), &text),
        Err(d) => Loaded::failed(vec![d]),
    }
}

/// Loads questionnaire JSON; `file` is only used to name the source in diagnostics.
pub fn load_str(file: &str, text: &str) -> Loaded {
    let mut loaded = load_unlocated(file, text);
    crate::json_position::locate_all(text, &mut loaded.diagnostics);
    loaded
}

fn load_unlocated(file: &str, text: &str) -> Loaded {
    let value = match json_document::parse(file, text) {
        Ok(v) => v,
        Err(d) => return Loaded::failed(vec![d]),
    };
    let shape_problems = checker().check(file, &value);
    if !shape_problems.is_empty() {
        return Loaded::failed(explain_answer_specs(shape_problems, &value));
    }
    let questionnaire: Questionnaire = match json_document::from_value(file, value) {
        Ok(q) => q,
        Err(d) => return Loaded::failed(vec![d]),
    };
    let diagnostics = validate::validate(file, &questionnaire);
    Loaded {
        questionnaire: Some(questionnaire),
        diagnostics,
    }
}

/// A schema says only that an `answer` object matches none of the answer types;
/// deserializing it alone names the missing or unexpected field.
fn explain_answer_specs(
    mut problems: Vec<Diagnostic>,
    value: &serde_json::Value,
) -> Vec<Diagnostic> {
    for d in &mut problems {
        let Some(path) = &d.path else { continue };
        if !path.ends_with(".answer") {
            continue;
        }
        let pointer = crate::diagnostic::JsonPath::to_pointer(path);
        if let Some(answer) = value.pointer(&pointer) {
            if let Err(e) = serde_json::from_value::<AnswerSpec>(answer.clone()) {
                d.message = format!("the answer definition is not valid: {e}");
            }
        }
    }
    problems
}
