//! Scoring outside the screens: an answers file (the `assay score` format) with
//! its questionnaire, and a stored evaluation re-scored as a what-if.

use crate::answer_set;
use crate::answers::AnswerSet;
use crate::catalog;
use crate::diagnostic::Diagnostic;
use crate::questionnaire::{self, Questionnaire};
use crate::scoring::{self, ScoringContext, VendorInput, VendorScore};
use crate::store::{self, Comparison, Store, StoreError, WhatIf};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

type Result<T> = std::result::Result<T, StoreError>;

/// How an answers file is scored; empty / `None` keeps what the file says.
#[derive(Debug, Clone, Default)]
pub struct FileOptions {
    /// The questionnaire file; `None`: the bundled one the answers name.
    pub questionnaire: Option<PathBuf>,
    /// Buyer profiles replacing the file's.
    pub profiles: Vec<String>,
    /// The as-of date replacing the file's (default: today).
    pub as_of: Option<NaiveDate>,
    /// What-if section weights (percent, relative).
    pub weights: Vec<(String, f64)>,
    /// The coverage (percent) a vendor needs to be ranked (default 60).
    pub coverage_threshold: Option<f64>,
}

/// An answers file, checked against its questionnaire, with the context it is
/// scored in.
pub struct LoadedAnswers {
    pub questionnaire: Questionnaire,
    pub answers: AnswerSet,
    pub context: ScoringContext,
}

/// An answers file scored.
pub struct ScoredFile {
    pub loaded: LoadedAnswers,
    pub vendors: Vec<VendorScore>,
}

/// Loads and checks an answers file and its questionnaire and builds the
/// context: every problem located in the file (line:column and JSON path), an
/// unknown profile at `--profile`, an unknown section at `--weight`.
pub fn load_answers_file(path: &Path, options: &FileOptions) -> Result<LoadedAnswers> {
    let file = answer_set::load_file(path).map_err(StoreError::Invalid)?;
    let named = &file.set.questionnaire;
    let q = match &options.questionnaire {
        Some(path) => questionnaire::load_file(path)
            .into_result()
            .map_err(StoreError::Invalid)?,
        None => catalog::find(&named.id, Some(&named.version)).ok_or_else(|| {
            StoreError::Invalid(vec![Diagnostic::at_path(
                &file.file,
                "$.questionnaire",
                format!(
                    "no bundled questionnaire {}@{}; name its file with --questionnaire",
                    named.id, named.version
                ),
            )])
        })?,
    };
    store::ok_or_invalid(file.check(&q))?;
    let set = file.set;
    let chosen = if options.profiles.is_empty() {
        &set.profiles
    } else {
        &options.profiles
    };
    let profiles = scoring::profiles_or_first(&q, chosen.clone());
    let unknown = scoring::unknown_profiles(&q, &profiles);
    let bad_sections = options
        .weights
        .iter()
        .filter(|(s, _)| !q.sections.iter().any(|sec| sec.id == *s))
        .map(|(s, _)| {
            Diagnostic::in_file(
                "--weight",
                format!("there is no section \"{s}\" in {}", q.id),
            )
        });
    store::ok_or_invalid(unknown.into_iter().chain(bad_sections).collect())?;
    let context = ScoringContext {
        profiles,
        as_of: options
            .as_of
            .or(set.as_of)
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
        section_weights: None,
        min_coverage: scoring::min_coverage(options.coverage_threshold),
    }
    .with_what_if(&q, &options.weights);
    Ok(LoadedAnswers {
        questionnaire: q,
        answers: set,
        context,
    })
}

/// Scores an answers file (`assay score FILE`).
pub fn score_answers_file(path: &Path, options: &FileOptions) -> Result<ScoredFile> {
    let loaded = load_answers_file(path, options)?;
    let inputs: Vec<VendorInput> = loaded
        .answers
        .vendors
        .iter()
        .map(VendorInput::from)
        .collect();
    let vendors = scoring::compare(&loaded.questionnaire, &loaded.context, &inputs);
    Ok(ScoredFile { loaded, vendors })
}

/// The result of scoring an answers file as JSON (`assay score --json`): the
/// questionnaire, formula version, context, section shares and every vendor's
/// score with its breakdown.
pub fn file_json(scored: &ScoredFile) -> serde_json::Value {
    let (q, ctx) = (&scored.loaded.questionnaire, &scored.loaded.context);
    serde_json::json!({
        "questionnaire": {"id": q.id, "version": q.version},
        "formula_version": scoring::FORMULA_VERSION,
        "as_of": ctx.as_of,
        "profiles": ctx.profiles,
        "section_shares": scoring::section_shares(q, ctx),
        "vendors": scored.vendors,
    })
}

/// A stored evaluation's comparison as JSON (`assay score --evaluation ID
/// --json`): as [`file_json`], with the evaluation and whether it is a what-if.
pub fn comparison_json(c: &Comparison) -> serde_json::Value {
    serde_json::json!({
        "evaluation": {"id": c.evaluation.id, "name": c.evaluation.name},
        "what_if": c.what_if,
        "questionnaire": {"id": c.questionnaire.id, "version": c.questionnaire.version},
        "formula_version": scoring::FORMULA_VERSION,
        "as_of": c.context.as_of,
        "profiles": c.context.profiles,
        "section_shares": scoring::section_shares(&c.questionnaire, &c.context),
        "vendors": c.vendors,
    })
}

/// Scores a stored evaluation, as stored or as a what-if (other profiles,
/// as-of date, section weights); nothing is saved.
pub fn score_evaluation(
    store: &mut Store,
    evaluation: i64,
    what_if: &WhatIf,
) -> Result<Comparison> {
    store.comparison_with(evaluation, what_if)
}
