//! The comparison: every vendor of an evaluation scored from the stored answers
//! by `scoring::compare`, recomputed on every call and never stored, so nothing
//! can drift. `WhatIf` re-scores with other profiles, another as-of date or
//! what-if section weights, without saving anything.

use super::answers::answers_by_vendor;
use super::evaluations::{check_section_weights, Evaluation};
use crate::answers::Answer;
use crate::questionnaire::Questionnaire;
use crate::scoring::{self, ScoringContext, VendorInput, VendorScore};
use crate::store::{ok_or_invalid, Result, Store, StoreError};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Scores recomputed from the stored answers.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub evaluation: Evaluation,
    pub questionnaire: Arc<Questionnaire>,
    pub context: ScoringContext,
    pub vendors: Vec<VendorScore>,
    /// Scored with what-if weights (not the evaluation's own).
    pub what_if: bool,
    /// Each vendor's id by name (names are unique within an evaluation).
    pub vendor_ids: BTreeMap<String, i64>,
    /// The answers each vendor was scored on, by name.
    pub answers: BTreeMap<String, Vec<Answer>>,
}

impl Comparison {
    /// The answers a vendor was scored on (none: empty).
    pub fn answers_of(&self, vendor: &str) -> &[Answer] {
        self.answers.get(vendor).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// How a stored evaluation is re-scored for a look, without saving anything
/// (`assay score --evaluation ID --profile … --as-of … --weight …`, the app's
/// what-if weights). Empty / `None` keeps the evaluation's own.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WhatIf {
    pub profiles: Vec<String>,
    pub as_of: Option<NaiveDate>,
    /// Section id → weight in percent (relative); other sections keep their share.
    pub weights: Vec<(String, f64)>,
    /// The coverage (percent) a vendor needs to be ranked, instead of the evaluation's.
    pub coverage_threshold: Option<f64>,
}

impl WhatIf {
    /// Nothing asked: the evaluation as stored.
    pub fn is_empty(&self) -> bool {
        self.profiles.is_empty()
            && self.as_of.is_none()
            && self.weights.is_empty()
            && self.coverage_threshold.is_none()
    }
}

impl Store {
    /// Scores every vendor from the stored answers (nothing is cached or stored).
    pub fn comparison(&mut self, evaluation: i64) -> Result<Comparison> {
        let mark = self.change_mark()?;
        if let Some((cached_mark, cached)) = self.comparisons.get(&evaluation) {
            if *cached_mark == mark {
                return Ok(cached.clone());
            }
        }
        let fresh = self.comparison_what_if(evaluation, &[])?;
        self.comparisons.insert(evaluation, (mark, fresh.clone()));
        Ok(fresh)
    }

    /// Like [`Store::comparison`], with what-if section weights (percent, relative)
    /// replacing the evaluation's shares (its own weights, else its profiles') for
    /// the given sections (`scoring::what_if_weights`). Nothing is written.
    /// Empty `overrides` is the stored comparison.
    pub fn comparison_what_if(
        &mut self,
        evaluation: i64,
        overrides: &[(String, f64)],
    ) -> Result<Comparison> {
        self.comparison_with(
            evaluation,
            &WhatIf {
                weights: overrides.to_vec(),
                ..WhatIf::default()
            },
        )
    }

    /// The comparison scored as asked in `what_if` — other profiles, another
    /// as-of date, what-if section weights — without saving anything. Unknown
    /// profiles and sections, and weights that leave nothing weighted, are
    /// refused (located at `--profile` / `--weight`). `what_if` is set when any
    /// of them differs from the evaluation's own.
    pub fn comparison_with(&mut self, evaluation: i64, what_if: &WhatIf) -> Result<Comparison> {
        let e = self.evaluation(evaluation)?;
        let q = self.questionnaire(evaluation)?;
        let mut context = e.scoring_context(&q);
        if !what_if.profiles.is_empty() {
            ok_or_invalid(scoring::unknown_profiles(&q, &what_if.profiles))?;
            context.profiles = what_if.profiles.clone();
            // Other profiles weigh sections their own way, unless the
            // evaluation has weights of its own (they stay, as in the app).
        }
        if let Some(as_of) = what_if.as_of {
            context.as_of = as_of;
        }
        if let Some(percent) = what_if.coverage_threshold {
            super::evaluations::check_coverage_threshold(percent)?;
            context.min_coverage = scoring::min_coverage(Some(percent));
        }
        if !what_if.weights.is_empty() {
            let full = scoring::what_if_weights(&q, &context, &what_if.weights);
            check_section_weights(&q, &full).map_err(|e| match e {
                StoreError::Invalid(problems) => StoreError::Invalid(
                    problems
                        .into_iter()
                        .map(|mut d| {
                            d.file = "--weight".to_string();
                            d
                        })
                        .collect(),
                ),
                other => other,
            })?;
            context.section_weights = Some(full);
        }
        let vendors = self.vendors(evaluation)?;
        let by_vendor = answers_by_vendor(&self.conn, evaluation)?;
        let empty: Vec<Answer> = Vec::new();
        let inputs: Vec<VendorInput> = vendors
            .iter()
            .map(|v| VendorInput {
                name: &v.name,
                answers: by_vendor.get(&v.id).unwrap_or(&empty),
            })
            .collect();
        let scores = scoring::compare(&q, &context, &inputs);
        Ok(Comparison {
            evaluation: e,
            questionnaire: q,
            context,
            vendors: scores,
            what_if: !what_if.is_empty(),
            vendor_ids: vendors.iter().map(|v| (v.name.clone(), v.id)).collect(),
            answers: vendors
                .iter()
                .map(|v| {
                    let answers = by_vendor.get(&v.id).cloned().unwrap_or_default();
                    (v.name.clone(), answers)
                })
                .collect(),
        })
    }
}
