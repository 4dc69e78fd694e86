//! What to ask each vendor next: the open questions and the evidence to request,
//! ordered by their effect on the decision — knockouts first, then by how many
//! points of the total they could move (the width of their range, or what valid
//! evidence would add).

use super::interpret::{display, Given};
use super::{Flag, KnockoutOutcome, Open, Points, QuestionStatus, VendorScore};
use crate::answers::Answer;
use crate::questionnaire::{AnswerSpec, KnockoutRule, Question, Questionnaire};
use crate::{Lang, Text};
use chrono::NaiveDate;
use serde::Serialize;

/// Why a question is on the request list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum RequestReason {
    /// No answer yet (not asked, awaiting the vendor, unknown after asking).
    Unanswered,
    /// A knockout question the vendor declined to answer: ask again or accept the failure.
    Declined,
    /// Answered, but the evidence the question requires is missing.
    NeedsEvidence,
    /// Answered, but every piece of evidence has expired: ask for the current one.
    EvidenceExpired,
    /// A knockout judged on a secondary source: ask the vendor to confirm.
    SecondarySource,
    /// A knockout the vendor's own answer fails: ask for a commitment that
    /// passes (what passes is the request's `to_pass`), or accept the risk.
    FailsKnockout,
}

/// One question to put to a vendor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Request {
    pub question: String,
    pub section: String,
    pub reason: RequestReason,
    /// Where an unanswered question stands (not asked / awaiting / unknown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub open: Option<Open>,
    /// The question is an active knockout for this evaluation.
    pub knockout: bool,
    /// Points of the total the answer or evidence could move.
    pub impact: Points,
    /// The evidence to ask for, in words (the questionnaire's evidence note).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Text>,
    /// For a knockout: what answer and evidence would pass it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_pass: Option<Text>,
    /// For expired evidence: the latest expiry date among the pieces given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expired_on: Option<NaiveDate>,
}

/// The request list of one scored vendor (`answers` are the ones it was scored on).
pub fn requests(q: &Questionnaire, vendor: &VendorScore, answers: &[Answer]) -> Vec<Request> {
    let answer_of = |id: &str| answers.iter().rev().find(|a| a.question == id);
    let mut out = Vec::new();
    for (section, question) in q.questions() {
        let Some(score) = vendor.question(&question.id) else {
            continue;
        };
        let gates: Vec<_> = vendor
            .knockouts
            .iter()
            .filter(|k| k.question == question.id)
            .collect();
        let knockout = !gates.is_empty();
        let open_gate = gates.iter().any(|k| k.is_unsettled());
        let failed_gate = gates
            .iter()
            .any(|k| matches!(k.outcome, KnockoutOutcome::Failed { .. }));
        let secondary = answer_of(&question.id)
            .and_then(|a| a.provenance.as_ref())
            .is_some_and(|p| p.is_secondary());
        let to_pass = gates.first().map(|k| k.to_pass.clone());
        let evidence_note = question.evidence.as_ref().and_then(|r| r.note.clone());
        let uplift = Points::from_f64(score.effective_weight * (score.raw_score - score.score));
        let reason = match score.status {
            QuestionStatus::Unknown => Some((
                RequestReason::Unanswered,
                score.contribution_range.ceiling.0 - score.contribution_range.floor.0,
            )),
            QuestionStatus::Declined if knockout => Some((RequestReason::Declined, 0)),
            QuestionStatus::Answered
                if score.flags.contains(&Flag::EvidenceExpired)
                    && score.evidence.is_unsupported() =>
            {
                Some((RequestReason::EvidenceExpired, uplift.0))
            }
            QuestionStatus::Answered if score.flags.contains(&Flag::Claimed) => {
                Some((RequestReason::NeedsEvidence, uplift.0))
            }
            QuestionStatus::Answered if knockout && open_gate && secondary => {
                Some((RequestReason::SecondarySource, 0))
            }
            QuestionStatus::Answered if failed_gate => Some((RequestReason::FailsKnockout, 0)),
            _ => None,
        };
        let Some((reason, impact)) = reason else {
            continue;
        };
        let expired_on = (reason == RequestReason::EvidenceExpired)
            .then(|| answer_of(&question.id))
            .flatten()
            .and_then(|a| a.evidence.iter().filter_map(|e| e.valid_until()).max());
        out.push(Request {
            question: question.id.clone(),
            section: section.id.clone(),
            reason,
            open: score.open,
            knockout,
            impact: Points(impact.max(0)),
            evidence: match reason {
                RequestReason::SecondarySource
                | RequestReason::Declined
                | RequestReason::FailsKnockout => None,
                _ => {
                    evidence_note.filter(|_| question.evidence.as_ref().is_some_and(|r| r.required))
                }
            },
            to_pass: if knockout { to_pass } else { None },
            expired_on,
        });
    }
    out.sort_by(|a, b| {
        b.knockout
            .cmp(&a.knockout)
            .then(b.impact.cmp(&a.impact))
            .then(a.question.cmp(&b.question))
    });
    out
}

/// What answer (and evidence) passes a knockout, in both languages, e.g.
/// "at most 72 hours, backed by: a contract clause …".
pub fn what_passes(question: &Question, rule: &KnockoutRule) -> Text {
    let label = |id: &str, lang: Lang| -> String {
        let given = match &question.answer {
            AnswerSpec::Multi { .. } => Given::SelectedMany(vec![id]),
            AnswerSpec::Number { .. } => Given::Alternative(id),
            _ => Given::Selected(id),
        };
        display(&question.answer, &given, lang)
    };
    let labels = |ids: &[String], lang: Lang, sep: &str| -> String {
        ids.iter()
            .map(|id| format!("“{}”", label(id, lang)))
            .collect::<Vec<_>>()
            .join(sep)
    };
    let unit = |lang: Lang| match &question.answer {
        AnswerSpec::Number { unit, .. } => format!(" {}", unit.label(lang)),
        _ => String::new(),
    };
    let n = super::format_number;
    let (en, zh) = match rule {
        KnockoutRule::OneOf(ids) => (
            format!("the answer {}", labels(ids, Lang::En, " or ")),
            format!("回答为{}", labels(ids, Lang::ZhCn, "或")),
        ),
        KnockoutRule::IncludesAll(ids) => (
            format!("all of {} selected", labels(ids, Lang::En, ", ")),
            format!("须全部选择{}", labels(ids, Lang::ZhCn, "、")),
        ),
        KnockoutRule::AtMost(max) => (
            format!(
                "a committed figure of at most {}{}",
                n(*max),
                unit(Lang::En)
            ),
            format!("承诺不超过 {}{}", n(*max), unit(Lang::ZhCn)),
        ),
        KnockoutRule::AtLeast(min) => (
            format!(
                "a committed figure of at least {}{}",
                n(*min),
                unit(Lang::En)
            ),
            format!("承诺不少于 {}{}", n(*min), unit(Lang::ZhCn)),
        ),
        KnockoutRule::MinScore(min) => {
            let passing: Vec<String> = match &question.answer {
                AnswerSpec::Choice { options } => options
                    .iter()
                    .filter(|o| o.score >= *min)
                    .map(|o| o.id.clone())
                    .collect(),
                AnswerSpec::YesNo | AnswerSpec::YesPartialNo => [("yes", 100.0), ("partial", 50.0)]
                    .iter()
                    .filter(|(_, s)| *s >= *min)
                    .map(|(id, _)| id.to_string())
                    .collect(),
                _ => Vec::new(),
            };
            if passing.is_empty() {
                (
                    format!("an answer scoring at least {}", n(*min)),
                    format!("得分不低于 {} 的回答", n(*min)),
                )
            } else {
                (
                    format!("the answer {}", labels(&passing, Lang::En, " or ")),
                    format!("回答为{}", labels(&passing, Lang::ZhCn, "或")),
                )
            }
        }
    };
    match question.evidence.as_ref().filter(|r| r.required) {
        Some(rule) => {
            let (note_en, note_zh) = rule
                .note
                .as_ref()
                .map(|t| (t.en.clone(), t.zh_cn.clone()))
                .unwrap_or_else(|| ("valid evidence".into(), "有效证据".into()));
            Text {
                en: format!("{en}, backed by: {note_en}"),
                zh_cn: format!("{zh}，并提供：{note_zh}"),
            }
        }
        None => Text { en, zh_cn: zh },
    }
}
