//! Evaluations as a whole: create, list, show, duplicate, delete, section
//! weights, the audit trail, bundles, backup and restore, the demo. One function
//! per user action, for the command line and the desktop shell alike.

use super::setup::{create_evaluation, EvaluationEdit, LoadedQuestionnaires};
use super::{EvaluationSummary, SectionWeight};
use crate::questionnaire::Questionnaire;
use crate::scoring;
use crate::store::{self, AuditEntry, Evaluation, Store, StoreError, Vendor};
use std::path::{Path, PathBuf};
use std::sync::Arc;

type Result<T> = std::result::Result<T, StoreError>;

/// The evaluations in the database, newest first.
pub fn list_evaluations(store: &Store) -> Result<Vec<EvaluationSummary>> {
    Ok(store
        .list_evaluations()?
        .iter()
        .map(EvaluationSummary::from)
        .collect())
}

/// The evaluations, newest first, each with its number of vendors.
pub fn evaluations_with_vendor_counts(store: &Store) -> Result<Vec<(Evaluation, usize)>> {
    store
        .list_evaluations()?
        .into_iter()
        .map(|e| {
            let n = store.vendors(e.id)?.len();
            Ok((e, n))
        })
        .collect()
}

/// What the command line gives to create an evaluation: a questionnaire file or
/// bundled id, and section weights for some sections (the others keep their
/// profiles' share).
#[derive(Debug, Clone, Default)]
pub struct NewEvaluationArgs {
    pub name: String,
    /// A questionnaire file, or the id of a bundled one.
    pub questionnaire: String,
    pub profiles: Vec<String>,
    /// `None`: today.
    pub as_of: Option<chrono::NaiveDate>,
    pub evaluators: Vec<String>,
    pub notes: String,
    pub weights: Vec<(String, f64)>,
}

/// Creates an evaluation from a questionnaire named by file or id: the same
/// checks as the app's "new evaluation" dialog ([`create_evaluation`]).
pub fn create_evaluation_from(
    store: &mut Store,
    args: &NewEvaluationArgs,
) -> Result<EvaluationSummary> {
    let mut library = LoadedQuestionnaires::default();
    let key = if Path::new(&args.questionnaire).exists() {
        library.load_key(Path::new(&args.questionnaire))?
    } else {
        args.questionnaire.clone()
    };
    let as_of = args
        .as_of
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let section_weights = if args.weights.is_empty() {
        None
    } else {
        let (_, q) = library.get(&key)?;
        let context = scoring::ScoringContext {
            profiles: args.profiles.clone(),
            as_of,
            section_weights: None,
            min_coverage: scoring::DEFAULT_MIN_COVERAGE,
        };
        Some(
            scoring::what_if_weights(&q, &context, &args.weights)
                .into_iter()
                .map(|(section, weight)| SectionWeight { section, weight })
                .collect(),
        )
    };
    create_evaluation(
        store,
        &library,
        &EvaluationEdit {
            name: args.name.clone(),
            profiles: args.profiles.clone(),
            questionnaire: key,
            as_of: as_of.to_string(),
            section_weights,
            notes: Some(args.notes.clone()),
            evaluators: Some(args.evaluators.clone()),
        },
    )
}

/// What "Edit details" changes (the app's form, `assay evaluation edit`): each
/// field given replaces the stored one; a field not given stays as it is.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct DetailsEdit {
    #[serde(default)]
    #[ts(optional = nullable)]
    pub name: Option<String>,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub notes: Option<String>,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub profiles: Option<Vec<String>>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub as_of: Option<String>,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub evaluators: Option<Vec<String>>,
}

/// Changes an evaluation's name, notes, profiles, as-of date or evaluators after
/// it was created (audited, old → new); refuses an edit that names nothing to
/// change, and every value the "new evaluation" dialog would refuse.
pub fn edit_details(store: &mut Store, id: i64, edit: &DetailsEdit) -> Result<EvaluationSummary> {
    if *edit == DetailsEdit::default() {
        return Err(StoreError::refused(
            "evaluation",
            "Nothing to change: give a name, notes, profiles, an as-of date or evaluators.",
            "没有要修改的内容：请提供名称、备注、适用场景、基准日期或评估人。",
        ));
    }
    let e = store.evaluation(id)?;
    let as_of = match &edit.as_of {
        Some(text) => super::setup::parse_as_of(text)?,
        None => e.as_of,
    };
    store.update_evaluation_details(
        id,
        &store::EditableDetails {
            name: edit.name.clone().unwrap_or(e.name),
            notes: edit.notes.clone().unwrap_or(e.notes),
            profiles: edit.profiles.clone().unwrap_or(e.profiles),
            as_of,
            evaluators: edit.evaluators.clone().unwrap_or(e.evaluators),
        },
    )?;
    Ok(EvaluationSummary::from(&store.evaluation(id)?))
}

/// An evaluation with its questionnaire and vendors, each with how many of its
/// answers are stored.
pub struct EvaluationDetails {
    pub evaluation: Evaluation,
    pub questionnaire: Arc<Questionnaire>,
    pub vendors: Vec<(Vendor, usize)>,
}

/// [`EvaluationDetails`] as JSON (`assay evaluation show --json`).
pub fn details_json(d: &EvaluationDetails) -> serde_json::Value {
    serde_json::json!({
        "evaluation": d.evaluation,
        "vendors": d.vendors.iter().map(|(v, n)| serde_json::json!({
            "vendor": v,
            "answered": n,
        })).collect::<Vec<_>>(),
        "questions": d.questionnaire.questions().count(),
    })
}

pub fn evaluation_details(store: &mut Store, id: i64) -> Result<EvaluationDetails> {
    let evaluation = store.evaluation(id)?;
    let questionnaire = store.questionnaire(id)?;
    let answers = store.evaluation_answers(id)?;
    let vendors = store
        .vendors(id)?
        .into_iter()
        .map(|v| {
            let n = answers.iter().filter(|a| a.vendor_id == v.id).count();
            (v, n)
        })
        .collect();
    Ok(EvaluationDetails {
        evaluation,
        questionnaire,
        vendors,
    })
}

/// Copies an evaluation under a new name (editable, also when the original is
/// the read-only demo).
pub fn duplicate_evaluation(store: &mut Store, id: i64, name: &str) -> Result<EvaluationSummary> {
    let copy = store.duplicate_evaluation(id, name)?;
    Ok(EvaluationSummary::from(&store.evaluation(copy)?))
}

/// Deletes an evaluation with its vendors and answers (the audit trail stays).
/// The front end asks first; this does it. Returns what was deleted.
pub fn delete_evaluation(store: &mut Store, id: i64) -> Result<Evaluation> {
    let e = store.evaluation(id)?;
    store.delete_evaluation(id)?;
    Ok(e)
}

/// Sets an evaluation's own section weights for the sections named (the others
/// keep their current share), or back to its profiles' with `None`.
pub fn set_section_weights(
    store: &mut Store,
    id: i64,
    weights: Option<&[(String, f64)]>,
) -> Result<Evaluation> {
    let new = match weights {
        None => None,
        Some(w) => {
            let q = store.questionnaire(id)?;
            let context = store.evaluation(id)?.scoring_context(&q);
            Some(scoring::what_if_weights(&q, &context, w))
        }
    };
    store.set_section_weights(id, new.as_ref())?;
    store.evaluation(id)
}

/// Sets the coverage (percent) a vendor needs to be ranked, or back to the
/// default (60 %) with `None`.
pub fn set_coverage_threshold(
    store: &mut Store,
    id: i64,
    percent: Option<f64>,
) -> Result<Evaluation> {
    store.set_coverage_threshold(id, percent)?;
    store.evaluation(id)
}

pub fn audit_trail(store: &Store, id: i64) -> Result<Vec<AuditEntry>> {
    store.audit_log(id)
}

pub use super::history::{audit_lines, AuditLine, FieldChange};

/// Writes an evaluation with its files and audit trail to a bundle file.
pub fn export_bundle(store: &Store, id: i64, dest: &Path) -> Result<()> {
    store.export_evaluation(id, dest)
}

/// Imports a bundle as a new evaluation, all or nothing; returns its id.
pub fn import_bundle(store: &mut Store, src: &Path) -> Result<i64> {
    store.import_evaluation(src)
}

/// Copies the whole database to `dest` (safe while the app is open): refused
/// when `dest` exists (unless `force`) or is the database or one of its files
/// ([`super::check_output_path`]), or when the database fails its integrity check.
pub fn backup(store: &Store, dest: &Path, force: bool) -> Result<()> {
    super::check_output_path(store.path(), dest, force)?;
    store.write_backup(dest, force)
}

/// Checks that `src` is an Assay database this build can restore, before any
/// store is opened or created (a bad file must leave nothing behind).
pub fn check_restore_source(src: &Path) -> Result<()> {
    store::check_database_file(src)
}

/// Replaces the database's content with `src`; returns where the previous
/// content was saved.
pub fn restore(store: &mut Store, src: &Path) -> Result<Option<PathBuf>> {
    store.restore_from(src)
}

/// The illustrative demo evaluation (created once, read-only); returns its id.
pub fn demo(store: &mut Store) -> Result<i64> {
    store::demo::ensure_demo(store)
}

/// The fictional example evaluation (created once, read-only); returns its id.
pub fn example(store: &mut Store) -> Result<i64> {
    store::demo::ensure_example(store)
}

/// Both shipped samples, as the app creates them at start; returns the id of the
/// one to open first, the fictional example.
pub fn samples(store: &mut Store) -> Result<i64> {
    demo(store)?;
    example(store)
}
