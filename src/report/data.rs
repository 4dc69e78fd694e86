//! What a report is computed from, as one serializable value, and its canonical
//! JSON and SHA-256 fingerprint. The PDF embeds exactly these bytes; `assay verify`
//! re-reads them, recomputes the fingerprint and the scores.

use crate::answers::{AnswerSet, VendorAnswers};
use crate::digest::sha256_hex;
use crate::questionnaire::Questionnaire;
use crate::scoring::{self, ScoringContext, VendorInput, VendorScore};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Version of the embedded data format (not of the scoring formula).
pub const DATA_FORMAT: &str = "assay-report-data/1";

/// Everything the report depends on except the rendering choices (language,
/// generated-at). Its canonical JSON is hashed into the report fingerprint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportData {
    pub format: String,
    pub formula_version: String,
    pub evaluation: EvaluationMeta,
    pub questionnaire: Questionnaire,
    pub vendors: Vec<VendorAnswers>,
    /// The security schedules printed as an annex, when asked for: which
    /// vendors', and the clauses they were built with. Absent otherwise, so a
    /// report without the annex keeps the fingerprint it always had.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedules: Option<ScheduleAnnex>,
    /// Draft or final, printed on every page and the cover when given. Part of
    /// the data: a draft cannot be re-stamped final without a new fingerprint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ReportStatus>,
    /// The buyer's confidentiality marking (e.g. "CONFIDENTIAL — procurement
    /// and legal only"), printed on every page when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marking: Option<String>,
}

/// Where a report stands: a draft for review, or the final version to sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    Draft,
    Final,
}

/// The longest confidentiality marking (one line at the top of each page).
pub const MAX_MARKING_CHARS: usize = 120;

/// Why `marking` cannot be printed, if so: empty, more than one line, or too long.
pub fn marking_problem(marking: &str) -> Option<crate::Text> {
    let t = |en: &str, zh: &str| crate::Text {
        en: en.to_string(),
        zh_cn: zh.to_string(),
    };
    if marking.trim().is_empty() {
        Some(t("the confidentiality marking is empty", "保密标识为空"))
    } else if marking.contains(['\n', '\r']) {
        Some(t(
            "the confidentiality marking must be one line",
            "保密标识必须为单行",
        ))
    } else if marking.chars().count() > MAX_MARKING_CHARS {
        Some(crate::Text {
            en: format!(
                "the confidentiality marking is longer than {MAX_MARKING_CHARS} characters"
            ),
            zh_cn: format!("保密标识超过 {MAX_MARKING_CHARS} 个字符"),
        })
    } else {
        None
    }
}

/// What the report's security-schedule annex is built from: part of the data,
/// so the fingerprint covers the clauses and `verify` re-renders the annex.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduleAnnex {
    /// The vendors whose schedules are printed, in print order.
    pub vendors: Vec<String>,
    /// The clauses, as checked against the questionnaire (no `$schema`).
    pub clauses: crate::schedule::ClauseFile,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct EvaluationMeta {
    /// The store's evaluation id, when the report comes from the store.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub name: String,
    /// Active buyer profile ids.
    pub profiles: Vec<String>,
    pub as_of: NaiveDate,
    #[serde(default)]
    pub evaluators: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// What-if section weights, when the report was made with them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section_weights: Option<BTreeMap<String, f64>>,
    /// The coverage (percent) a vendor needed to be ranked; absent in reports made
    /// before it existed (they are re-scored with the default, 60 %).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coverage_threshold: Option<f64>,
}

impl ReportData {
    /// Builds the snapshot in canonical order: vendors by name, answers by question
    /// id (stable, so of duplicates the last still counts), no `$schema`.
    pub fn new(
        questionnaire: &Questionnaire,
        evaluation: EvaluationMeta,
        vendors: Vec<VendorAnswers>,
    ) -> ReportData {
        let mut questionnaire = questionnaire.clone();
        questionnaire.schema = None;
        let mut vendors = vendors;
        for v in &mut vendors {
            v.answers.sort_by(|a, b| a.question.cmp(&b.question));
        }
        vendors.sort_by(|a, b| a.name.cmp(&b.name));
        ReportData {
            format: DATA_FORMAT.to_string(),
            formula_version: scoring::FORMULA_VERSION.to_string(),
            evaluation,
            questionnaire,
            vendors,
            schedules: None,
            status: None,
            marking: None,
        }
    }

    /// From an `assay score` answers file (no store): the name is the
    /// questionnaire's title unless given.
    pub fn from_answer_set(
        q: &Questionnaire,
        set: &AnswerSet,
        name: Option<String>,
        as_of: NaiveDate,
        profiles: Vec<String>,
        evaluators: Vec<String>,
    ) -> ReportData {
        let evaluation = EvaluationMeta {
            id: None,
            name: name.unwrap_or_else(|| q.title.en.clone()),
            profiles,
            as_of,
            evaluators,
            notes: None,
            section_weights: None,
            coverage_threshold: None,
        };
        ReportData::new(q, evaluation, set.vendors.clone())
    }

    pub fn context(&self) -> ScoringContext {
        ScoringContext {
            profiles: self.evaluation.profiles.clone(),
            as_of: self.evaluation.as_of,
            section_weights: self.evaluation.section_weights.clone(),
            min_coverage: scoring::min_coverage(self.evaluation.coverage_threshold),
        }
    }

    /// The scores, ranked, exactly as the report prints them.
    pub fn scores(&self) -> Vec<VendorScore> {
        let inputs: Vec<VendorInput> = self.vendors.iter().map(VendorInput::from).collect();
        scoring::compare(&self.questionnaire, &self.context(), &inputs)
    }

    pub fn canonical_json(&self) -> String {
        canonical_json(&serde_json::to_value(self).expect("report data serializes"))
    }

    /// SHA-256 of the canonical JSON, lower-case hex.
    pub fn fingerprint(&self) -> String {
        sha256_hex(self.canonical_json().as_bytes())
    }
}

/// The results a report printed, recorded beside the data so `verify` can say
/// which number differs after recomputing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordedResult {
    pub rank: usize,
    pub vendor: String,
    /// Total in millionths of a point (exact).
    pub total_micro: i64,
    pub eligibility: String,
    pub completeness_permille: i64,
}

pub fn recorded_results(scores: &[VendorScore]) -> Vec<RecordedResult> {
    scores
        .iter()
        .enumerate()
        .map(|(i, s)| RecordedResult {
            rank: i + 1,
            vendor: s.vendor.clone(),
            total_micro: s.total.0,
            eligibility: serde_json::to_value(s.eligibility)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            completeness_permille: (s.completeness * 1000.0).round() as i64,
        })
        .collect()
}

/// Canonical JSON: object keys sorted by their UTF-8 bytes, no whitespace,
/// strings escaped by serde_json, numbers as serde_json prints them (integers as
/// integers, floats in the shortest form that reads back to the same f64).
pub fn canonical_json(v: &serde_json::Value) -> String {
    let mut out = String::new();
    write_canonical(v, &mut out);
    out
}

fn write_canonical(v: &serde_json::Value, out: &mut String) {
    use serde_json::Value;
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => out.push_str(&serde_json::to_string(s).expect("string")),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::to_string(k).expect("key"));
                out.push(':');
                write_canonical(&map[k], out);
            }
            out.push('}');
        }
    }
}
