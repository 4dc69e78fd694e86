//! The report data of a stored evaluation: the store read into the report's
//! input (the report itself knows no store).

use crate::report::data::{EvaluationMeta, ReportData};
use crate::store::{Store, StoreError};

/// Snapshot of evaluation `id` as the store holds it now.
pub fn from_store(store: &mut Store, id: i64) -> Result<ReportData, StoreError> {
    let e = store.evaluation(id)?;
    let q = store.questionnaire(id)?;
    let set = store.answer_set(id)?;
    let evaluation = EvaluationMeta {
        id: Some(e.id.to_string()),
        name: e.name,
        profiles: crate::scoring::profiles_or_first(&q, e.profiles),
        as_of: e.as_of,
        evaluators: e.evaluators,
        notes: (!e.notes.trim().is_empty()).then_some(e.notes),
        section_weights: e.section_weights,
        coverage_threshold: e.coverage_threshold,
    };
    Ok(ReportData::new(&q, evaluation, set.vendors))
}
