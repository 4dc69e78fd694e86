//! Copying answers from another evaluation of the same product: a vendor
//! assessed last year (or by another team, in another evaluation of this
//! database) need not be answered again from scratch.
//!
//! The rules, which the preview states and the copy follows:
//! - only into questions with nothing recorded here (no answer, N/A, status,
//!   comment or evidence): what is here is never changed;
//! - only what the vendor said: a value, "not applicable" or "declined" — an
//!   "awaiting the vendor" or "still unknown" status belongs to the other
//!   evaluation's requests and is not copied;
//! - with everything that goes with it: comment, source (its date is kept, so
//!   the copy does not look newer than it is), evidence and attached files;
//! - only between evaluations of the same questionnaire; across versions, each
//!   answer is checked against this version's question and one that does not fit
//!   is listed, not copied;
//! - all in one transaction, an audit row each naming where it came from.

use super::form::{form, FormView};
use crate::answers::{Answer, AnswerState};
use crate::store::{Store, StoreError, StoredAnswer};
use crate::Text;
use serde::Serialize;
use std::collections::HashSet;
use ts_rs::TS;

type Result<T> = std::result::Result<T, StoreError>;

/// The answers a copy writes, each with its evidence's attached-file hashes.
type Writes = Vec<(Answer, Vec<Option<String>>)>;

/// A vendor in another evaluation whose answers can be copied.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CopySource {
    pub vendor_id: i64,
    pub vendor: String,
    #[ts(optional = nullable)]
    pub product: Option<String>,
    pub evaluation_id: i64,
    pub evaluation: String,
    /// The other evaluation's as-of date (ISO).
    pub as_of: String,
    pub questionnaire_version: String,
    /// Questions it has an answer to that can be copied (a value, N/A or declined).
    pub answered: usize,
    /// The same vendor name or product (case and spaces ignored): listed first.
    pub same_product: bool,
}

/// A question whose answer is not copied because it does not fit here.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct NotCopied {
    pub question: String,
    pub reason: Text,
}

/// What copying would do (the preview) or did.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CopyPlan {
    pub source: CopySource,
    /// Questions that get the source's answer.
    pub copy: Vec<String>,
    /// Questions with something recorded here already: left as they are.
    pub kept: Vec<String>,
    /// Answers that do not fit this evaluation's questionnaire version.
    pub not_fitting: Vec<NotCopied>,
}

/// What [`copy_answers`] did.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AnswersCopied {
    /// The re-scored form of the vendor copied into.
    pub form: FormView,
    pub plan: CopyPlan,
}

/// Where an audit row of a copied answer says it came from.
fn origin(source: &CopySource) -> String {
    format!(
        "“{}” (evaluation {}) › {}",
        source.evaluation, source.evaluation_id, source.vendor
    )
}

/// Whether an answer says something the vendor stated (copyable).
fn copyable(a: &Answer) -> bool {
    a.value.is_some() || a.na.is_some() || a.state == Some(AnswerState::Declined)
}

/// Whether anything is recorded for a question (then a copy leaves it alone).
fn recorded(a: &Answer) -> bool {
    a.value.is_some()
        || a.na.is_some()
        || a.state.is_some()
        || a.comment.as_deref().is_some_and(|c| !c.trim().is_empty())
        || !a.evidence.is_empty()
        || a.provenance.is_some()
}

/// A name or product folded for comparison: case and spaces ignored.
fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

fn source_for(
    store: &mut Store,
    target: &crate::store::Vendor,
    vendor_id: i64,
) -> Result<CopySource> {
    let vendor = store.vendor(vendor_id)?;
    let evaluation = store.evaluation(vendor.evaluation_id)?;
    let answered = store
        .answers(vendor_id)?
        .iter()
        .filter(|s| copyable(&s.answer))
        .count();
    let same = |a: &Option<String>, b: &Option<String>| matches!((a, b), (Some(a), Some(b)) if !fold(a).is_empty() && fold(a) == fold(b));
    Ok(CopySource {
        vendor_id,
        same_product: fold(&vendor.name) == fold(&target.name)
            || same(&vendor.product, &target.product),
        vendor: vendor.name,
        product: vendor.product,
        evaluation_id: evaluation.id,
        evaluation: evaluation.name,
        as_of: evaluation.as_of.to_string(),
        questionnaire_version: evaluation.questionnaire_version,
        answered,
    })
}

/// The vendors of other evaluations of the same questionnaire that have answers
/// to copy into `vendor_id`: the same name or product first, then the newest
/// evaluation first.
pub fn copy_sources(store: &mut Store, vendor_id: i64) -> Result<Vec<CopySource>> {
    let target = store.vendor(vendor_id)?;
    let here = store.evaluation(target.evaluation_id)?;
    let mut sources = Vec::new();
    for evaluation in store.list_evaluations()? {
        if evaluation.id == here.id || evaluation.questionnaire_id != here.questionnaire_id {
            continue;
        }
        for vendor in store.vendors(evaluation.id)? {
            let source = source_for(store, &target, vendor.id)?;
            if source.answered > 0 {
                sources.push(source);
            }
        }
    }
    // `list_evaluations` is newest first; a stable sort keeps that within each group.
    sources.sort_by_key(|s| !s.same_product);
    Ok(sources)
}

/// What copying `from_vendor`'s answers into `to_vendor` would do; nothing written.
pub fn plan_copy_answers(store: &mut Store, from_vendor: i64, to_vendor: i64) -> Result<CopyPlan> {
    Ok(plan(store, from_vendor, to_vendor)?.0)
}

/// The plan and the answers (with their files) it would write.
fn plan(store: &mut Store, from_vendor: i64, to_vendor: i64) -> Result<(CopyPlan, Writes)> {
    let target = store.vendor(to_vendor)?;
    if from_vendor == to_vendor {
        return Err(StoreError::refused(
            "source",
            "Choose another vendor to copy from: this is the vendor being answered.",
            "请选择另一个供应商作为来源：这正是当前作答的供应商。",
        ));
    }
    let source = source_for(store, &target, from_vendor)?;
    let (here, there) = (
        store.evaluation(target.evaluation_id)?,
        store.evaluation(source.evaluation_id)?,
    );
    if here.questionnaire_id != there.questionnaire_id {
        return Err(StoreError::refused(
            "source",
            format!(
                "“{}” uses another questionnaire ({}; this evaluation: {}): its answers are to other questions.",
                there.name, there.questionnaire_id, here.questionnaire_id
            ),
            format!(
                "“{}”使用另一份问卷（{}；本评估：{}），其回答对应的是其他问题。",
                there.name, there.questionnaire_id, here.questionnaire_id
            ),
        ));
    }
    let questionnaire = store.questionnaire(here.id)?;
    let recorded_here: HashSet<String> = store
        .answers(to_vendor)?
        .into_iter()
        .filter(|s| recorded(&s.answer))
        .map(|s| s.answer.question)
        .collect();
    let mut plan = CopyPlan {
        source,
        copy: Vec::new(),
        kept: Vec::new(),
        not_fitting: Vec::new(),
    };
    let mut writes = Vec::new();
    // In the questionnaire's order, so the lists read like the form.
    let order = |q: &str| questionnaire.questions().position(|(_, x)| x.id == q);
    let mut stored: Vec<StoredAnswer> = store.answers(from_vendor)?;
    stored.retain(|s| copyable(&s.answer));
    stored.sort_by_key(|s| {
        (
            order(&s.answer.question).unwrap_or(usize::MAX),
            s.answer.question.clone(),
        )
    });
    for s in stored {
        let id = s.answer.question.clone();
        if recorded_here.contains(&id) {
            plan.kept.push(id);
            continue;
        }
        if questionnaire.question(&id).is_none() {
            plan.not_fitting.push(NotCopied {
                reason: Text {
                    en: format!("not a question of version {}", here.questionnaire_version),
                    zh_cn: format!("{} 版问卷中没有此问题", here.questionnaire_version),
                },
                question: id,
            });
            continue;
        }
        if let Err(e) = store.check_answer_for(to_vendor, &s.answer) {
            let why = e.text();
            plan.not_fitting.push(NotCopied {
                reason: Text {
                    en: format!(
                        "the answer does not fit version {}'s question: {}",
                        here.questionnaire_version, why.en
                    ),
                    zh_cn: format!(
                        "该回答不符合 {} 版问卷的此问题：{}",
                        here.questionnaire_version, why.zh_cn
                    ),
                },
                question: id,
            });
            continue;
        }
        plan.copy.push(id);
        writes.push((s.answer, s.files));
    }
    Ok((plan, writes))
}

/// Copies `from_vendor`'s answers into `to_vendor` by the rules above, in one
/// transaction. Refused — nothing written — when there is nothing to copy.
pub fn copy_answers(store: &mut Store, from_vendor: i64, to_vendor: i64) -> Result<AnswersCopied> {
    store.check_editable(store.vendor(to_vendor)?.evaluation_id)?;
    let (plan, writes) = plan(store, from_vendor, to_vendor)?;
    if writes.is_empty() {
        return Err(StoreError::refused(
            "source",
            format!(
                "Nothing to copy from {}: {} question(s) already recorded here stay as they are, {} do not fit.",
                plan.source.vendor,
                plan.kept.len(),
                plan.not_fitting.len()
            ),
            format!(
                "没有可从 {} 复制的回答：此处已记录的 {} 个问题保持不变，{} 个不适用于本问卷。",
                plan.source.vendor,
                plan.kept.len(),
                plan.not_fitting.len()
            ),
        ));
    }
    store.copy_answers_in(to_vendor, &writes, &origin(&plan.source))?;
    Ok(AnswersCopied {
        form: form(store, to_vendor)?,
        plan,
    })
}
