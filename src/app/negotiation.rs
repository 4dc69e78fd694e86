//! The negotiation points of one vendor's security schedule: the clauses whose
//! answer falls short of the buyer's requirement (or that no question asks),
//! each with where it stands — to negotiate, risk accepted (with the reason) or
//! resolved in the contract (with where; the vendor's answer then becomes the
//! one the clause settles on, provenance "contract clause"). Audited; the same
//! for the CLI (`assay vendor negotiation`, `assay vendor negotiate`) and the
//! app's Requests tab.

use super::{report_data, schedule::clauses_for};
use crate::answers::Answer;
use crate::report::model::answer_text;
use crate::schedule::{self, Standing};
use crate::store::{NegotiationChange, NegotiationStatus, Result, Store, StoreError};
use crate::{Lang, Text};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The longest reason or contract reference kept.
pub const MAX_NOTE_CHARS: usize = 2000;

/// One negotiation point, as the app and the command line show it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct NegotiationPoint {
    /// The clause's id in the clause file (what a decision names).
    pub clause: String,
    /// Its number in the vendor's schedule.
    pub number: usize,
    pub title: Text,
    /// The question it rests on; `None`: no question asks it (audit rights).
    pub question: Option<String>,
    /// What the vendor answered, in words (or that nothing asked it).
    pub answer: Text,
    /// The buyer's requirement: the clause as the schedule prints it.
    pub requirement: Text,
    pub status: NegotiationStatus,
    /// The reason a risk was accepted, or where the contract settles the point.
    pub note: String,
    pub updated_at: Option<String>,
    pub updated_by: Option<String>,
    /// The answer resolving it records, in words; `None`: resolving records
    /// the decision only (the clause names no single answer).
    pub settles_with: Option<Text>,
    /// The answer now meets the clause (e.g. after it was resolved): no longer
    /// a gap, listed for its decision.
    pub closed: bool,
}

/// A vendor's negotiation points, in clause order.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct NegotiationView {
    pub vendor_id: i64,
    pub vendor: String,
    pub points: Vec<NegotiationPoint>,
}

/// What the user decides about one point.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
pub struct NegotiationDecision {
    pub clause: String,
    pub status: NegotiationStatus,
    /// Required for an accepted risk (why) and a resolved point (where).
    #[serde(default)]
    pub note: String,
}

fn both(f: impl Fn(Lang) -> String) -> Text {
    Text::from_fn(f)
}

/// The vendor's negotiation points: every clause of its schedule still to
/// negotiate, and every clause a decision was recorded for.
pub fn negotiation_points(store: &mut Store, vendor_id: i64) -> Result<NegotiationView> {
    let vendor = store.vendor(vendor_id)?;
    let clauses = clauses_for(store, vendor.evaluation_id, None)?;
    let data = report_data::from_store(store, vendor.evaluation_id)?;
    let built =
        schedule::build(&data, &clauses, &vendor.name).ok_or(StoreError::NoVendor(vendor_id))?;
    let stored = store.negotiations(vendor_id)?;
    let q = &data.questionnaire;
    let points = built
        .clauses
        .iter()
        .filter_map(|c| {
            let decided = stored.iter().find(|n| n.clause == c.id);
            let (answer, closed) = match &c.standing {
                Standing::ToNegotiate { answer } => (answer.clone(), false),
                Standing::Agreed if decided.is_some() => {
                    let words = c.question.as_ref().and_then(|(id, _)| {
                        let question = q.question(id)?;
                        let answers = data.vendors.iter().find(|v| v.name == vendor.name)?;
                        let a = answers.answers.iter().rev().find(|a| &a.question == id);
                        Some(both(|lang| {
                            answer_text(question, a, lang).unwrap_or_default()
                        }))
                    });
                    (words.unwrap_or_else(|| both(|_| String::new())), true)
                }
                Standing::Agreed => return None,
            };
            let template = clauses.clauses.iter().find(|t| t.id == c.id)?;
            let settles_with = c.question.as_ref().and_then(|(id, _)| {
                let question = q.question(id)?;
                let value = template.settles_with.clone()?;
                let a = Answer {
                    question: id.clone(),
                    value: Some(value),
                    na: None,
                    state: None,
                    comment: None,
                    provenance: None,
                    evidence: Vec::new(),
                };
                Some(both(|lang| {
                    answer_text(question, Some(&a), lang).unwrap_or_default()
                }))
            });
            Some(NegotiationPoint {
                clause: c.id.clone(),
                number: c.number,
                title: c.title.clone(),
                question: c.question.as_ref().map(|(id, _)| id.clone()),
                answer,
                requirement: schedule::requirement_text(template, &vendor.name),
                status: decided.map_or(NegotiationStatus::Open, |n| n.status),
                note: decided.map(|n| n.note.clone()).unwrap_or_default(),
                updated_at: decided.map(|n| n.updated_at.clone()),
                updated_by: decided.map(|n| n.updated_by.clone()),
                settles_with,
                closed,
            })
        })
        .collect();
    Ok(NegotiationView {
        vendor_id,
        vendor: vendor.name,
        points,
    })
}

/// Records a decision on one point: an accepted risk needs its reason, a
/// resolution where the contract settles it (and then writes the answer the
/// clause settles on, when it names one, in the same transaction). A clause
/// that is not one of the vendor's points is refused, naming those that are.
pub fn decide_negotiation(
    store: &mut Store,
    vendor_id: i64,
    decision: &NegotiationDecision,
) -> Result<NegotiationView> {
    let view = negotiation_points(store, vendor_id)?;
    let Some(point) = view.points.iter().find(|p| p.clause == decision.clause) else {
        let ids: Vec<&str> = view.points.iter().map(|p| p.clause.as_str()).collect();
        let listed = if ids.is_empty() {
            "none".to_string()
        } else {
            ids.join(", ")
        };
        let listed_zh = if ids.is_empty() {
            "无".to_string()
        } else {
            ids.join("、")
        };
        return Err(StoreError::refused(
            "clause",
            format!(
                "'{}' is not a negotiation point of {}; its points: {listed}",
                decision.clause, view.vendor
            ),
            format!(
                "“{}”不是{}的协商要点；其协商要点为：{listed_zh}",
                decision.clause, view.vendor
            ),
        ));
    };
    let note = decision.note.trim();
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(StoreError::refused(
            "note",
            format!("the note is longer than {MAX_NOTE_CHARS} characters"),
            format!("说明超过 {MAX_NOTE_CHARS} 个字符"),
        ));
    }
    match decision.status {
        NegotiationStatus::AcceptedRisk if note.is_empty() => return Err(StoreError::refused(
            "note",
            "say why the risk is accepted (it is kept with the decision and shown in the schedule)",
            "请说明接受该风险的理由（随决定保存，并显示在安全附件中）",
        )),
        NegotiationStatus::Resolved if note.is_empty() => {
            return Err(StoreError::refused(
                "note",
                "say where the contract settles it, e.g. \"MSA §12.3\"",
                "请说明合同中约定该事项的位置，例如“主协议第12.3条”",
            ))
        }
        _ => {}
    }
    let answer = match (decision.status, &point.question) {
        (NegotiationStatus::Resolved, Some(question)) => {
            let vendor = store.vendor(vendor_id)?;
            let clauses = clauses_for(store, vendor.evaluation_id, None)?;
            let q = store.questionnaire(vendor.evaluation_id)?;
            let template = clauses.clauses.iter().find(|t| t.id == point.clause);
            match (template, q.question(question)) {
                (Some(template), Some(question)) => {
                    let reference = format!(
                        "{note} (security schedule clause {} / 安全附件第 {} 条)",
                        point.number, point.number
                    );
                    let mut settled = schedule::settling_answer(
                        template,
                        question,
                        &reference,
                        chrono::Local::now().date_naive(),
                    );
                    // Its evidence is the contract clause; the vendor's earlier
                    // answer (and what backed it) stays in the history, and the
                    // comment says what it was.
                    if let Some(a) = settled.as_mut() {
                        a.evidence = vec![crate::answers::Evidence {
                            kind: crate::answers::EvidenceKind::ContractClause,
                            identifier: Some(reference),
                            issuer: None,
                            scope: None,
                            issued: None,
                            expires: None,
                            url: None,
                        }];
                        if let Some(c) = a.comment.as_mut() {
                            c.push_str(&format!(
                                ". Before: {} / 此前的回答：{}",
                                point.answer.en, point.answer.zh_cn
                            ));
                        }
                    }
                    settled
                }
                _ => None,
            }
        }
        _ => None,
    };
    store.set_negotiation(
        vendor_id,
        &NegotiationChange {
            clause: &point.clause,
            question: point.question.as_deref(),
            status: decision.status,
            note,
            answer: answer.as_ref(),
        },
    )?;
    negotiation_points(store, vendor_id)
}
