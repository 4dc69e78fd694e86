//! What the comparison screen shows of "how much is known" (issue 13): each
//! vendor's verdict with its reasons, every active knockout with what would pass
//! it, the request list (what to ask next), and the question × vendor grid. All
//! computed in the core; the UI only lays them out and filters on the booleans.

use super::form::{answer_text, gate_outcome, GateOutcome};
use crate::answers::Answer;
use crate::questionnaire::Questionnaire;
use crate::scoring::{
    self, EvidenceStatus, Flag, Open, QuestionStatus, RequestReason, ScoreRange, VendorScore,
    Verdict,
};
use crate::store::Comparison;
use crate::Text;
use serde::Serialize;
use ts_rs::TS;

/// A vendor's verdict in plain words, with the reasons (both languages).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DecisionView {
    pub verdict: Verdict,
    pub reasons: Vec<Text>,
}

/// One active knockout of a vendor.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct GateView {
    pub question: String,
    pub requirement: Text,
    pub state: GateOutcome,
    /// Rests only on an unsupported claim or a secondary source: to be confirmed.
    pub provisional: bool,
    /// The answer judged, in words, in both languages (never an option id).
    pub answer: Option<Text>,
    /// Why it failed, or the N/A reason.
    pub reason: Option<Text>,
    /// What answer and evidence would pass it.
    pub to_pass: Text,
}

/// One question to put to a vendor, in request-list order.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct RequestView {
    pub question: String,
    pub question_text: Text,
    pub section: String,
    pub reason: RequestReason,
    pub open: Option<Open>,
    pub knockout: bool,
    /// Points of the total the answer or evidence could move (one decimal).
    pub impact: f64,
    /// The evidence to ask for.
    pub evidence: Option<Text>,
    /// For a knockout: what would pass it.
    pub to_pass: Option<Text>,
    /// Expired evidence: the latest expiry date given, `YYYY-MM-DD`.
    pub expired_on: Option<String>,
}

/// One section of one vendor: "no data" is `score: None` with `applies`.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SectionCell {
    /// Some question of the section applies (else: not applicable, shown as such).
    pub applies: bool,
    /// The point score (one decimal); `None`: no data (nothing answered) or not applicable.
    pub score: Option<f64>,
    pub range: Option<ScoreRange>,
    /// Weighted share (0–1) of its applicable questions answered.
    pub coverage: Option<f64>,
}

/// The question × vendor grid with what its filters need.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct QuestionGrid {
    /// Column order: the comparison's vendor order.
    pub vendors: Vec<String>,
    pub rows: Vec<GridRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct GridRow {
    pub question: String,
    pub section: String,
    pub text: Text,
    /// An active knockout for this evaluation.
    pub knockout: bool,
    pub weight: Option<f64>,
    pub cells: Vec<GridCell>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct GridCell {
    pub status: QuestionStatus,
    pub open: Option<Open>,
    /// The answer in words, both languages (`None`: no answer).
    pub answer: Option<Text>,
    /// 0–100 after evidence; `None` unless answered or declined.
    pub score: Option<f64>,
    pub range: ScoreRange,
    pub evidence: EvidenceStatus,
    pub flags: Vec<Flag>,
    /// Filter "needs evidence": answered, evidence required, none valid.
    pub needs_evidence: bool,
    /// Filter "evidence expiring": some evidence expired at the as-of date or
    /// runs out within 90 days of it.
    pub evidence_expiring: bool,
    /// The knockout on this question fails (finally or provisionally) or is open.
    pub gate: Option<GateOutcome>,
}

pub(super) fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn rounded(r: ScoreRange) -> ScoreRange {
    ScoreRange {
        floor: round1(r.floor),
        point: round1(r.point),
        ceiling: round1(r.ceiling),
    }
}

pub fn decision_view(v: &VendorScore) -> DecisionView {
    DecisionView {
        verdict: v.decision.verdict,
        reasons: v.decision.reasons.clone(),
    }
}

pub fn gate_views(v: &VendorScore) -> Vec<GateView> {
    v.knockouts
        .iter()
        .map(|k| {
            let (state, reason) = gate_outcome(&k.outcome);
            GateView {
                question: k.question.clone(),
                requirement: k.requirement.clone(),
                state,
                provisional: k.provisional,
                answer: k.answer.clone(),
                reason,
                to_pass: k.to_pass.clone(),
            }
        })
        .collect()
}

pub fn request_views(q: &Questionnaire, v: &VendorScore, answers: &[Answer]) -> Vec<RequestView> {
    scoring::requests(q, v, answers)
        .into_iter()
        .map(|r| RequestView {
            question_text: q
                .question(&r.question)
                .map(|x| x.text.clone())
                .unwrap_or_else(|| Text {
                    en: r.question.clone(),
                    zh_cn: r.question.clone(),
                }),
            question: r.question,
            section: r.section,
            reason: r.reason,
            open: r.open,
            knockout: r.knockout,
            impact: round1(r.impact.as_f64()),
            evidence: r.evidence,
            to_pass: r.to_pass,
            expired_on: r.expired_on.map(|d| d.to_string()),
        })
        .collect()
}

pub fn section_cells(q: &Questionnaire, v: &VendorScore) -> Vec<SectionCell> {
    q.sections
        .iter()
        .map(|s| match v.section(&s.id) {
            Some(r) => SectionCell {
                applies: r.coverage.is_some(),
                score: r.score.map(round1),
                range: r.range.map(rounded),
                coverage: r.coverage,
            },
            None => SectionCell {
                applies: false,
                score: None,
                range: None,
                coverage: None,
            },
        })
        .collect()
}

/// The question × vendor grid of a comparison (vendors in its order).
pub fn question_grid(c: &Comparison) -> QuestionGrid {
    let q: &Questionnaire = &c.questionnaire;
    let as_of = c.context.as_of;
    let rows = q
        .questions()
        .map(|(section, question)| {
            let cells: Vec<GridCell> = c
                .vendors
                .iter()
                .map(|v| {
                    let answers = c.answers_of(&v.vendor);
                    let answer = answers.iter().rev().find(|a| a.question == question.id);
                    let score = v.question(&question.id);
                    let gate = v
                        .knockouts
                        .iter()
                        .find(|k| k.question == question.id)
                        .map(|k| gate_outcome(&k.outcome).0);
                    let evidence_expiring = answer.is_some_and(|a| {
                        a.evidence
                            .iter()
                            .any(|e| !e.is_valid_at(as_of) || scoring::runs_out_soon(e, as_of))
                    });
                    match score {
                        Some(s) => GridCell {
                            status: s.status,
                            open: s.open,
                            answer: answer_text(question, answer),
                            score: s.status.is_known().then(|| round1(s.score)),
                            range: rounded(s.range),
                            evidence: s.evidence,
                            flags: s.flags.to_vec(),
                            needs_evidence: s.status == QuestionStatus::Answered
                                && s.evidence.is_unsupported(),
                            evidence_expiring,
                            gate,
                        },
                        None => GridCell {
                            status: QuestionStatus::Hidden,
                            open: None,
                            answer: None,
                            score: None,
                            range: ScoreRange::default(),
                            evidence: EvidenceStatus::NotRequired,
                            flags: Vec::new(),
                            needs_evidence: false,
                            evidence_expiring,
                            gate,
                        },
                    }
                })
                .collect();
            GridRow {
                question: question.id.clone(),
                section: section.id.clone(),
                text: question.text.clone(),
                knockout: question
                    .knockouts
                    .iter()
                    .any(|k| scoring::knockout_is_active(k, &c.context)),
                weight: question.weight,
                cells,
            }
        })
        .collect();
    QuestionGrid {
        vendors: c.vendors.iter().map(|v| v.vendor.clone()).collect(),
        rows,
    }
}
