//! The two sample evaluations Assay ships and creates, read-only, in every
//! database:
//!
//! - the public-sources demo ([`Sample::PublicSources`], `demo.json`): 8 real
//!   enterprise IM vendors, answered only where the vendor's or a standards
//!   body's own text states a fact, each answer with its source (page title and
//!   URL), as-of date and confidence. Everything else stays unanswered (*unknown –
//!   ask vendor*), so it rightly ranks nobody;
//! - the fictional example ([`Sample::Fictional`], `example.json`, written by
//!   `scripts/fictional-example.py`): four invented vendors that answered the
//!   whole questionnaire with evidence, provenance and deliberate gaps, so a
//!   newcomer sees what a finished evaluation looks like. The app opens on it.
//!
//! How both were made, and how to redo them: `docs/demo-sourcing.md`.

use super::model::{create_vendor, insert_evaluation, set_read_only, write_answer, Recorded};
use super::{ok_or_invalid, Deployment, NewEvaluation, NewVendor, Result, Store, StoreError};
use crate::answer_set;
use crate::answers::{Answer, AnswerSet, QuestionnaireRef, VendorAnswers};
use crate::catalog;
use chrono::NaiveDate;
use serde::Deserialize;

/// The public-sources demo data (the answers-file format plus evaluation and
/// vendor metadata).
pub const DEMO_JSON: &str = include_str!("demo.json");

/// The fictional example's data, in the same format.
pub const EXAMPLE_JSON: &str = include_str!("example.json");

pub use crate::samples::Sample;

/// A sample's data file: its name (for messages) and text.
fn sample_json(sample: Sample) -> (&'static str, &'static str) {
    match sample {
        Sample::PublicSources => ("demo.json", DEMO_JSON),
        Sample::Fictional => ("example.json", EXAMPLE_JSON),
    }
}

/// A sample's parsed data.
pub fn sample_file(sample: Sample) -> Result<DemoFile> {
    let (file, json) = sample_json(sample);
    serde_json::from_str(json).map_err(|e| {
        StoreError::invalid_input(file, format!("the sample data does not parse: {e}"))
    })
}

/// Names of a sample's earlier editions, replaced while they are still the
/// untouched read-only sample (see [`SUPERSEDED_DEMO_NAMES`]).
fn superseded_names(sample: Sample) -> &'static [&'static str] {
    match sample {
        Sample::PublicSources => SUPERSEDED_DEMO_NAMES,
        Sample::Fictional => &[],
    }
}

/// Which shipped sample `e` is, if any: a read-only evaluation with a sample's
/// name. An editable one of the same name (only a crafted bundle can make one:
/// create, duplicate and rename refuse the names) is the user's, never the sample.
pub fn sample_of(e: &super::Evaluation) -> Option<Sample> {
    e.read_only.then(|| Sample::from_name(&e.name)).flatten()
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoFile {
    pub evaluation: DemoEvaluation,
    pub questionnaire: QuestionnaireRef,
    pub vendors: Vec<DemoVendor>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoEvaluation {
    pub name: String,
    pub notes: String,
    pub profiles: Vec<String>,
    pub as_of: NaiveDate,
    pub evaluators: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoVendor {
    pub name: String,
    pub product: Option<String>,
    pub deployment: Option<Deployment>,
    pub notes: String,
    pub answers: Vec<Answer>,
}

/// The parsed public-sources demo data.
pub fn demo_file() -> Result<DemoFile> {
    sample_file(Sample::PublicSources)
}

impl DemoFile {
    /// The answers as an answers file, for `answer_set::check`.
    pub fn answer_set(&self) -> AnswerSet {
        AnswerSet {
            schema: None,
            questionnaire: self.questionnaire.clone(),
            as_of: Some(self.evaluation.as_of),
            profiles: self.evaluation.profiles.clone(),
            vendors: self
                .vendors
                .iter()
                .map(|v| VendorAnswers {
                    name: v.name.clone(),
                    product: v.product.clone(),
                    answers: v.answers.clone(),
                })
                .collect(),
        }
    }
}

/// The exact text of the bundled questionnaire the demo is written against.
fn bundled_text(file: &str, r: &QuestionnaireRef) -> Result<&'static str> {
    catalog::find_with_text(&r.id, Some(&r.version))
        .map(|(text, _)| text)
        .ok_or_else(|| {
            StoreError::invalid_input(
                file,
                format!(
                    "the demo needs the bundled questionnaire {}@{}",
                    r.id, r.version
                ),
            )
        })
}

/// Whether `e` is one of the shipped sample evaluations (recognised by its name,
/// which is how `ensure_sample` finds it too).
pub fn is_demo(e: &super::Evaluation) -> bool {
    sample_of(e).is_some()
}

/// Names of earlier editions of the demo. A database made by an earlier Assay
/// still holds that edition, with facts an audit has since withdrawn (e.g. two
/// vendors printed not eligible on inferences). `ensure_demo` removes such an
/// edition while it is still the untouched read-only sample, so nobody reads a
/// withdrawn fact as current; a copy the user made is theirs and stays. When the
/// demo's facts change, give it a new name and add the old one here.
pub const SUPERSEDED_DEMO_NAMES: &[&str] =
    &["Illustrative sample — IM vendors (public sources, 2026-11)"];

/// Creates the public-sources demo unless it exists; returns its id.
pub fn ensure_demo(store: &mut Store) -> Result<i64> {
    ensure_sample(store, Sample::PublicSources)
}

/// Creates the fictional example unless it exists; returns its id.
pub fn ensure_example(store: &mut Store) -> Result<i64> {
    ensure_sample(store, Sample::Fictional)
}

/// Creates `sample` unless an evaluation with its name exists; returns its id.
/// Idempotent, and all in one transaction: a crash never leaves half a sample.
/// Earlier read-only editions are deleted first (audited, see
/// [`SUPERSEDED_DEMO_NAMES`]).
pub fn ensure_sample(store: &mut Store, sample: Sample) -> Result<i64> {
    let (file, _) = sample_json(sample);
    let demo = sample_file(sample)?;
    for old in store.list_evaluations()? {
        if old.read_only && superseded_names(sample).contains(&old.name.as_str()) {
            store.delete_evaluation(old.id)?;
        }
    }
    if let Some(e) = store
        .list_evaluations()?
        .into_iter()
        .find(|e| sample_of(e) == Some(sample))
    {
        return Ok(e.id);
    }
    let text = bundled_text(file, &demo.questionnaire)?;
    let q = super::model::questionnaire_from_text("bundled questionnaire", text)?;
    ok_or_invalid(answer_set::check(file, &demo.answer_set(), &q))?;
    let who = "assay demo".to_string();
    let tx = store.begin()?;
    let id = insert_evaluation(
        &tx,
        &who,
        &NewEvaluation {
            name: demo.evaluation.name.clone(),
            notes: demo.evaluation.notes.clone(),
            profiles: demo.evaluation.profiles.clone(),
            as_of: demo.evaluation.as_of,
            evaluators: demo.evaluation.evaluators.clone(),
            questionnaire_json: text.to_string(),
            section_weights: None,
        },
        &q,
    )?;
    for v in &demo.vendors {
        let vendor = create_vendor(
            &tx,
            &who,
            id,
            &NewVendor {
                name: v.name.clone(),
                product: v.product.clone(),
                deployment: v.deployment,
                notes: v.notes.clone(),
            },
            "create",
        )?;
        for a in &v.answers {
            write_answer(&tx, &who, &vendor, a, None, Recorded::Edit)?;
        }
    }
    // Last: until now the writes above needed it editable.
    set_read_only(&tx, id, true)?;
    tx.commit()?;
    Ok(id)
}
