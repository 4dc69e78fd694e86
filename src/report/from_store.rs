//! The report data of a stored evaluation.

use super::data::{EvaluationMeta, ReportData, VendorData};
use crate::store::{Store, StoreError};

impl ReportData {
    /// Snapshot of evaluation `id` as the store holds it now.
    pub fn from_store(store: &mut Store, id: i64) -> Result<ReportData, StoreError> {
        let e = store.evaluation(id)?;
        let q = store.questionnaire(id)?;
        let set = store.answer_set(id)?;
        let mut profiles = e.profiles.clone();
        if profiles.is_empty() {
            profiles.extend(q.profiles.first().map(|p| p.id.clone()));
        }
        let evaluation = EvaluationMeta {
            id: Some(e.id.to_string()),
            name: e.name,
            profiles,
            as_of: e.as_of,
            evaluators: e.evaluators,
            notes: (!e.notes.trim().is_empty()).then_some(e.notes),
            section_weights: e.section_weights,
        };
        let vendors = set
            .vendors
            .into_iter()
            .map(|v| VendorData {
                name: v.name,
                product: v.product,
                answers: v.answers,
            })
            .collect();
        Ok(ReportData::new(&q, evaluation, vendors))
    }
}
