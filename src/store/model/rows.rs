//! Row decoding shared by the aggregates: the column lists read back into an
//! `Evaluation` or a `Vendor`, raw row tuples, dates and enums stored as text,
//! and the JSON written to the audit log. A value that does not decode is a
//! `StoreError::BadRow` naming the evaluation, never a panic.

use super::evaluations::Evaluation;
use super::vendors::{Deployment, Vendor};
use crate::answers::Answer;
use crate::store::{Result, StoreError};
use chrono::NaiveDate;
use rusqlite::Row;
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub(super) const EVALUATION_COLUMNS: &str = "id, name, notes, profiles, as_of, evaluators, questionnaire_id, questionnaire_version, created_at, updated_at, section_weights, read_only, coverage_threshold";

pub(super) fn bad_row(evaluation: i64, what: impl std::fmt::Display) -> StoreError {
    StoreError::BadRow {
        evaluation,
        detail: what.to_string(),
    }
}

fn parse_date(evaluation: i64, what: &str, s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| bad_row(evaluation, format!("{what} \"{s}\" is not a date")))
}

pub(super) type RawEvaluation = (
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    bool,
    Option<f64>,
);

pub(super) fn raw_evaluation(r: &Row) -> rusqlite::Result<RawEvaluation> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(9)?,
        r.get(10)?,
        r.get(11)?,
        r.get(12)?,
    ))
}

pub(super) fn evaluation_from_raw(raw: RawEvaluation) -> Result<Evaluation> {
    let (
        id,
        name,
        notes,
        profiles,
        as_of,
        evaluators,
        qid,
        qversion,
        created_at,
        updated_at,
        weights,
        read_only,
        coverage_threshold,
    ) = raw;
    let list = |what: &str, s: &str| -> Result<Vec<String>> {
        serde_json::from_str(s).map_err(|e| bad_row(id, format!("{what}: {e}")))
    };
    Ok(Evaluation {
        id,
        name,
        notes,
        profiles: list("profiles", &profiles)?,
        as_of: parse_date(id, "as-of date", &as_of)?,
        evaluators: list("evaluators", &evaluators)?,
        questionnaire_id: qid,
        questionnaire_version: qversion,
        section_weights: weights
            .map(|w| serde_json::from_str(&w))
            .transpose()
            .map_err(|e| bad_row(id, format!("section weights: {e}")))?,
        read_only,
        coverage_threshold,
        created_at,
        updated_at,
    })
}

pub(super) const VENDOR_COLUMNS: &str =
    "id, evaluation_id, name, product, deployment, notes, created_at, updated_at";

pub(super) fn vendor_from_row(r: &Row) -> rusqlite::Result<(Vendor, Option<String>)> {
    Ok((
        Vendor {
            id: r.get(0)?,
            evaluation_id: r.get(1)?,
            name: r.get(2)?,
            product: r.get(3)?,
            deployment: None,
            notes: r.get(5)?,
            created_at: r.get(6)?,
            updated_at: r.get(7)?,
        },
        r.get(4)?,
    ))
}

pub(super) fn finish_vendor((mut v, deployment): (Vendor, Option<String>)) -> Result<Vendor> {
    v.deployment = match deployment {
        None => None,
        Some(d) => Some(Deployment::parse(&d).ok_or_else(|| {
            bad_row(
                v.evaluation_id,
                format!("vendor {}: deployment \"{d}\"", v.id),
            )
        })?),
    };
    Ok(v)
}

/// The answer's JSON for the audit log: the answer with each evidence's file hash.
pub(super) fn answer_json(answer: &Answer, files: &[Option<String>]) -> Value {
    let mut v = serde_json::to_value(answer).unwrap_or(Value::Null);
    if let Some(list) = v.get_mut("evidence").and_then(Value::as_array_mut) {
        for (e, file) in list.iter_mut().zip(files) {
            if let (Some(obj), Some(sha)) = (e.as_object_mut(), file) {
                obj.insert("file".into(), Value::String(sha.clone()));
            }
        }
    }
    v
}

pub(super) fn enum_str<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(Value::String(s)) => s,
        _ => String::new(),
    }
}

pub(super) fn enum_parse<T: for<'de> Deserialize<'de>>(s: &str) -> Option<T> {
    serde_json::from_value(Value::String(s.to_string())).ok()
}

pub(super) fn opt_date(
    evaluation: i64,
    what: &str,
    s: Option<String>,
) -> Result<Option<NaiveDate>> {
    s.map(|s| parse_date(evaluation, what, &s)).transpose()
}

/// A row's JSON for the audit log.
pub(super) fn json<T: Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}
