//! Actions on many answers at once, for evaluations of 20 vendors × the full
//! questionnaire: mark what is left of a section not applicable with one
//! reason. One transaction each, an audit row per answer; an answer already
//! given is never changed.

use super::form::{form, is_unanswered, FormView};
use crate::store::{Store, StoreError};
use serde::Serialize;
use ts_rs::TS;

type Result<T> = std::result::Result<T, StoreError>;

/// What [`mark_section_not_applicable`] did.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SectionMarked {
    /// The re-scored form.
    pub form: FormView,
    /// The questions marked not applicable.
    pub marked: Vec<String>,
    /// Visible questions left as they were: answered (a value, N/A or a state).
    pub answered: usize,
    /// Visible unanswered questions that do not allow N/A, left open.
    pub not_allowed: usize,
}

/// Marks every visible, unanswered question of `section` that allows "not
/// applicable" as N/A with `reason`, in one transaction. A comment, source or
/// evidence already recorded on such a question stays. Refused — nothing
/// written — when the reason is blank, the section does not exist or no
/// question of it can be marked.
pub fn mark_section_not_applicable(
    store: &mut Store,
    vendor_id: i64,
    section: &str,
    reason: &str,
) -> Result<SectionMarked> {
    let vendor = store.vendor(vendor_id)?;
    store.check_editable(vendor.evaluation_id)?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(StoreError::refused(
            "reason",
            "Give the reason these questions do not apply.",
            "请填写这些问题不适用的理由。",
        ));
    }
    let before = form(store, vendor_id)?;
    let Some(shown) = before.sections.iter().find(|s| s.id == section) else {
        let known: Vec<&str> = before.sections.iter().map(|s| s.id.as_str()).collect();
        return Err(StoreError::refused(
            "section",
            format!(
                "There is no section {section} (sections: {}).",
                known.join(", ")
            ),
            format!("没有章节 {section}（现有章节：{}）。", known.join("、")),
        ));
    };
    let visible = shown.questions.iter().filter(|q| q.visible).count();
    let unanswered = shown.questions.iter().filter(|q| is_unanswered(q)).count();
    let allowed = &shown.na_candidates;
    if allowed.is_empty() {
        return Err(StoreError::refused(
            "section",
            format!(
                "No question of {section} can be marked not applicable: \
                 the visible ones are answered or do not allow it."
            ),
            format!("{section} 中没有可标为不适用的问题：可见的问题均已作答或不允许标为不适用。"),
        ));
    }
    let mut answers = Vec::with_capacity(allowed.len());
    for id in allowed {
        let mut answer = store
            .answer(vendor_id, id)?
            .map(|s| s.answer)
            .unwrap_or_else(|| crate::answers::Answer {
                question: id.clone(),
                ..Default::default()
            });
        answer.na = Some(reason.to_string());
        answers.push(answer);
    }
    store.set_answers(vendor_id, &answers)?;
    Ok(SectionMarked {
        form: form(store, vendor_id)?,
        marked: allowed.clone(),
        answered: visible - unanswered,
        not_allowed: unanswered - allowed.len(),
    })
}
