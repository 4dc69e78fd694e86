//! The guided questionnaire of one vendor: every question with its input, its
//! current answer, whether it is shown (conditions are followed here, not in the
//! UI), and the live score behind it ("why this score?"). Also the edit payload
//! the UI sends back, turned into an [`Answer`] and validated with the same
//! reading the command line uses. Vendors and evidence have their own modules.

use super::vendors::VendorSummary;
use super::{profile_labels, round1, EvaluationSummary, GateFailure, Labelled};
use crate::answers::{
    Answer, AnswerState, AnswerValue, Evidence, EvidenceKind, Provenance, SourceKind,
};
use crate::questionnaire::{
    AnswerSpec, DateMeasure, EvidenceField, EvidenceRule, Question, Questionnaire, NO_COMMITMENT,
};
use crate::scoring::{
    self, display, Given, KnockoutOutcome, QuestionStatus, Reading, ScoringContext, VendorScore,
};
use crate::store::{Evaluation, Store, StoreError, Vendor};
use crate::{Lang, Text};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

type Result<T> = std::result::Result<T, StoreError>;

/// The guided questionnaire of one vendor, with its live scores.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct FormView {
    pub evaluation: EvaluationSummary,
    pub vendor: VendorSummary,
    pub formula_version: String,
    /// Active profiles with their names.
    pub profiles: Vec<Labelled>,
    /// Total, 0–100, rounded to one decimal.
    pub total: f64,
    /// The exact total: the sum of every question's contribution (10⁻⁶ point).
    pub total_points: f64,
    pub eligibility: scoring::Eligibility,
    /// Answered or N/A ÷ visible questions, 0–1.
    pub completeness: f64,
    /// Visible questions answered (or N/A), and visible questions.
    pub answered: usize,
    pub visible: usize,
    pub failed_knockouts: Vec<GateFailure>,
    /// Active knockouts still unanswered.
    pub open_knockouts: usize,
    pub sections: Vec<FormSection>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct FormSection {
    pub id: String,
    pub title: Text,
    pub description: Option<Text>,
    /// Share of the total (0–1), after leaving out sections where nothing applies.
    pub share: f64,
    /// Σ(w·s)/Σw rounded to one decimal; `None` when no question applies.
    pub score: Option<f64>,
    /// Points this section adds to the total (sum of its questions').
    pub contribution: f64,
    /// Σw of the questions that count in the score (answered or unknown).
    pub weight_sum: f64,
    /// Visible questions answered (or N/A), and visible questions.
    pub answered: usize,
    pub visible: usize,
    pub questions: Vec<FormQuestion>,
    /// The questions "mark the rest not applicable" would mark: visible,
    /// unanswered ([`is_unanswered`]) and allowing N/A (the app offers the
    /// action only when there are some).
    pub na_candidates: Vec<String>,
}

/// A visible question with no value, no N/A and no state yet (a comment,
/// source or evidence alone does not answer it).
pub(super) fn is_unanswered(q: &FormQuestion) -> bool {
    q.visible
        && q.answer
            .as_ref()
            .is_none_or(|a| a.value.is_none() && a.na.is_none() && a.state.is_none())
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct FormQuestion {
    pub id: String,
    pub text: Text,
    pub help: Option<Text>,
    /// Importance within the section; `None` for free text (not scored).
    pub weight: Option<f64>,
    pub input: InputSpec,
    pub na_allowed: bool,
    /// What evidence the claim needs, when the questionnaire says.
    pub evidence_rule: Option<EvidenceNeed>,
    /// Pieces of evidence recorded with the answer.
    pub evidence_count: usize,
    /// The pieces themselves, in order, with their validity at the as-of date.
    pub evidence: Vec<FormEvidence>,
    /// Must-have gates on this question and how the current answer fares.
    pub knockouts: Vec<KnockoutMarker>,
    /// False when its condition does not hold: hidden questions neither score nor count.
    pub visible: bool,
    /// The stored answer, in the shape the UI edits and sends back.
    pub answer: Option<AnswerEdit>,
    /// The answer in words (or the N/A reason), in both languages.
    pub answer_text: Option<Text>,
    /// When the answer was last saved (UTC).
    pub updated_at: Option<String>,
    /// Team mode: the team database's revision of the stored answer, sent
    /// back with an edit of it (`AnswerEdit::based_on`); none on a local
    /// database or while unanswered.
    pub revision: Option<i64>,
    pub result: QuestionResult,
}

/// The score of one question and why.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct QuestionResult {
    pub status: QuestionStatus,
    /// In its section's Σw (answered or unknown): the breakdown shows its numbers.
    pub counts: bool,
    /// 0–100 before evidence.
    pub raw_score: f64,
    /// Evidence multiplier (1 when supported or not required).
    pub factor: f64,
    /// 0–100 after evidence.
    pub score: f64,
    /// Points added to the total.
    pub contribution: f64,
    pub evidence: scoring::EvidenceStatus,
    pub flags: Vec<scoring::Flag>,
    /// Why an unknown question is open (not asked / awaiting / unknown after asking).
    pub open: Option<scoring::Open>,
    /// floor / point / ceiling, 0–100.
    pub range: scoring::ScoreRange,
}

/// One piece of evidence as the evidence editor lists it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct FormEvidence {
    pub kind: EvidenceKind,
    pub identifier: Option<String>,
    pub issuer: Option<String>,
    pub scope: Option<String>,
    /// `YYYY-MM-DD`.
    pub issued: Option<String>,
    /// `YYYY-MM-DD`: the expiry; for an audit report, the end of the period it covers.
    pub expires: Option<String>,
    /// `YYYY-MM-DD`: the last day it counts (for an audit report, 12 months
    /// after its period ends; otherwise `expires`).
    pub valid_until: Option<String>,
    pub url: Option<String>,
    /// SHA-256 of the attached file, if any.
    pub file_sha256: Option<String>,
    /// The attached file's name as it was attached (`None` for files stored
    /// before names were kept: the editor then shows the hash).
    pub file_name: Option<String>,
    /// Its validity at the evaluation's as-of date.
    pub validity: EvidenceValidity,
}

/// Whether a piece of evidence counts at the as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceValidity {
    Valid,
    /// Valid, but expires within 90 days of the as-of date.
    ExpiringSoon,
    Expired,
    /// Issued after the as-of date.
    NotYetValid,
}

/// The validity of one piece at `as_of` (the same rule the scoring applies).
pub fn evidence_validity(e: &Evidence, as_of: chrono::NaiveDate) -> EvidenceValidity {
    if e.issued.is_some_and(|d| d > as_of) {
        EvidenceValidity::NotYetValid
    } else if !e.is_valid_at(as_of) {
        EvidenceValidity::Expired
    } else if scoring::runs_out_soon(e, as_of) {
        EvidenceValidity::ExpiringSoon
    } else {
        EvidenceValidity::Valid
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct EvidenceNeed {
    pub required: bool,
    pub note: Option<Text>,
    /// Score multiplier for a claim without evidence.
    pub missing_factor: f64,
    /// What a new piece of evidence starts as: the kind the questionnaire's
    /// `ask_for` points to and the dates the answer already gives.
    pub draft: EvidenceDraft,
}

/// The starting values of the evidence editor's "add" form for one question.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct EvidenceDraft {
    pub kind: EvidenceKind,
    /// `YYYY-MM-DD`: the answer's date when the question asks for a date of
    /// issue (or of a test) and the evidence for that date.
    pub issued: Option<String>,
    /// `YYYY-MM-DD`: the answer's date when the question asks for an expiry
    /// date and the evidence for it (e.g. the ISO/IEC 27001 certificate's).
    pub expires: Option<String>,
}

/// The evidence kind the fields a question asks for point to: a certificate
/// number (or accreditation, edition, filing number) → a certificate; a report
/// period or opinion → an audit report; a contract clause → the clause; only a
/// verification URL → a URL; anything else → other (the user picks).
pub fn evidence_kind_for(ask_for: &[EvidenceField]) -> EvidenceKind {
    use EvidenceField as F;
    let asks = |f: &[F]| ask_for.iter().any(|a| f.contains(a));
    if asks(&[F::CertificateNumber, F::AccreditationBody, F::Edition]) {
        EvidenceKind::Certificate
    } else if asks(&[F::ReportPeriod, F::Opinion]) {
        EvidenceKind::AuditReport
    } else if asks(&[F::ContractClause]) {
        EvidenceKind::ContractClause
    } else if asks(&[F::FilingNumber]) {
        EvidenceKind::Certificate
    } else if asks(&[F::VerificationUrl])
        && ask_for
            .iter()
            .all(|a| matches!(a, F::VerificationUrl | F::IssueDate))
    {
        EvidenceKind::Url
    } else {
        EvidenceKind::Other
    }
}

/// The add form's starting values for `question` with its current `answer`:
/// a date already answered is not typed twice.
pub fn evidence_draft(
    question: &Question,
    rule: &EvidenceRule,
    answer: Option<&Answer>,
) -> EvidenceDraft {
    let answered_date = match (&question.answer, answer.and_then(|a| a.value.as_ref())) {
        (AnswerSpec::Date { measure, .. }, Some(AnswerValue::Text(d))) => {
            scoring::parse_iso_date(d).map(|d| (*measure, d.to_string()))
        }
        _ => None,
    };
    let asks = |f: EvidenceField| rule.ask_for.contains(&f);
    let (issued, expires) = match answered_date {
        Some((DateMeasure::DaysUntil, d)) if asks(EvidenceField::ExpiryDate) => (None, Some(d)),
        Some((DateMeasure::DaysSince, d)) if asks(EvidenceField::IssueDate) => (Some(d), None),
        _ => (None, None),
    };
    EvidenceDraft {
        kind: evidence_kind_for(&rule.ask_for),
        issued,
        expires,
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct KnockoutMarker {
    /// Profiles that switch the gate on; empty: always on.
    pub profiles: Vec<String>,
    /// Whether the evaluation's profiles switch it on.
    pub active: bool,
    pub requirement: Text,
    /// How the current answer fares (`None` when the gate is off or the question hidden).
    pub outcome: Option<GateOutcome>,
    /// Why it failed (in both languages) or is N/A (the buyer's reason, as typed).
    pub reason: Option<Text>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum GateOutcome {
    Passed,
    /// Passed on the vendor's word or a secondary source: provisional.
    PassedOnClaim,
    Failed,
    Unknown,
    NotApplicable,
}

/// A knockout's outcome as the screens show it, with why it failed (both
/// languages) or the N/A reason (the buyer's, as typed).
pub fn gate_outcome(o: &KnockoutOutcome) -> (GateOutcome, Option<Text>) {
    match o {
        KnockoutOutcome::Passed => (GateOutcome::Passed, None),
        KnockoutOutcome::PassedOnClaim => (GateOutcome::PassedOnClaim, None),
        KnockoutOutcome::Failed { reason } => (GateOutcome::Failed, Some(reason.clone())),
        KnockoutOutcome::Unknown => (GateOutcome::Unknown, None),
        KnockoutOutcome::NotApplicable { reason } => (
            GateOutcome::NotApplicable,
            Some(Text {
                en: reason.clone(),
                zh_cn: reason.clone(),
            }),
        ),
    }
}

/// How to ask a question.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct InputSpec {
    pub kind: InputKind,
    /// yes/no, yes/partial/no, choice, multi: the options in order; number: its
    /// non-numeric alternatives followed by "no commitment" (`none`).
    pub options: Vec<InputOption>,
    /// Number questions: the unit.
    pub unit: Option<Text>,
    /// Date questions: `days_until` (an expiry) or `days_since` (a test or audit).
    pub date_measure: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum InputKind {
    YesNo,
    YesPartialNo,
    Choice,
    Multi,
    Number,
    Date,
    Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct InputOption {
    pub id: String,
    pub label: Text,
    /// The option's score (choice, alternative) or points (multi).
    pub score: f64,
}

/// What the UI sends to save one answer (and receives as the current answer).
/// Empty strings count as absent.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
pub struct AnswerEdit {
    pub question: String,
    /// An option id, `yes`/`partial`/`no`, a number, an alternative id or `none`,
    /// a `YYYY-MM-DD` date, a list of option ids, or free text.
    #[serde(default)]
    pub value: Option<EditValue>,
    /// Not applicable, with the reason.
    #[serde(default)]
    pub na: Option<String>,
    /// With no value and no N/A: asked and awaiting the vendor, declined, or
    /// unknown after asking (absent: not asked yet).
    #[serde(default)]
    #[ts(optional)]
    pub state: Option<AnswerState>,
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(default)]
    pub source: Option<SourceKind>,
    /// URL or document reference of the source.
    #[serde(default)]
    pub reference: Option<String>,
    /// When the source said so, `YYYY-MM-DD`.
    #[serde(default)]
    pub source_date: Option<String>,
    /// Confidence of the source: `V`, `S` or `S-low`; absent keeps the stored one.
    #[serde(default)]
    #[ts(optional)]
    pub confidence: Option<String>,
    /// Team mode: the revision of the stored answer the user was shown when
    /// they made this edit (the form's `revision`); a save based on an older
    /// one than the team database holds is refused. Ignored on a local
    /// database, where one person saves at a time.
    #[serde(default)]
    #[ts(optional)]
    pub based_on: Option<i64>,
}

/// The confidence tags a source may carry (domain reference: V verified from the
/// vendor's or a standard's text, S secondary, S-low secondary and weak).
pub const CONFIDENCE_TAGS: [&str; 3] = ["V", "S", "S-low"];

/// An answer typed as text (the command line's `--value`), read the way the
/// question's type expects: a comma-separated list for several options, a number
/// where one is asked (anything else is kept as text for the reader to judge).
pub fn edit_value_from_text(spec: &AnswerSpec, raw: &str) -> EditValue {
    match spec {
        AnswerSpec::Multi { .. } => EditValue::List(
            raw.split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
        ),
        AnswerSpec::Number { .. } => match raw.trim().parse::<f64>() {
            Ok(n) => EditValue::Number(n),
            Err(_) => EditValue::Text(raw.to_string()),
        },
        _ => EditValue::Text(raw.to_string()),
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(untagged)]
pub enum EditValue {
    Number(f64),
    Text(String),
    List(Vec<String>),
}

pub fn input_spec(spec: &AnswerSpec) -> InputSpec {
    let pick = |ids: &[&str]| -> Vec<InputOption> {
        ids.iter()
            .map(|id| InputOption {
                id: id.to_string(),
                label: Text::from_fn(|l| display(spec, &Given::Selected(id), l)),
                score: match *id {
                    "yes" => 100.0,
                    "partial" => 50.0,
                    _ => 0.0,
                },
            })
            .collect()
    };
    let (kind, options, unit, date_measure) = match spec {
        AnswerSpec::YesNo => (InputKind::YesNo, pick(&["yes", "no"]), None, None),
        AnswerSpec::YesPartialNo => (
            InputKind::YesPartialNo,
            pick(&["yes", "partial", "no"]),
            None,
            None,
        ),
        AnswerSpec::Choice { options } => (
            InputKind::Choice,
            options
                .iter()
                .map(|o| InputOption {
                    id: o.id.clone(),
                    label: o.label.clone(),
                    score: o.score,
                })
                .collect(),
            None,
            None,
        ),
        AnswerSpec::Multi { options } => (
            InputKind::Multi,
            options
                .iter()
                .map(|o| InputOption {
                    id: o.id.clone(),
                    label: o.label.clone(),
                    score: o.points,
                })
                .collect(),
            None,
            None,
        ),
        AnswerSpec::Number {
            unit, alternatives, ..
        } => {
            let mut options: Vec<InputOption> = alternatives
                .iter()
                .map(|o| InputOption {
                    id: o.id.clone(),
                    label: o.label.clone(),
                    score: o.score,
                })
                .collect();
            options.push(InputOption {
                id: NO_COMMITMENT.to_string(),
                label: Text::from_fn(|l| display(spec, &Given::NoCommitment, l)),
                score: 0.0,
            });
            (
                InputKind::Number,
                options,
                Some(Text::from_fn(|l| unit.label(l).to_string())),
                None,
            )
        }
        AnswerSpec::Date { measure, .. } => (
            InputKind::Date,
            vec![],
            None,
            Some(
                match measure {
                    DateMeasure::DaysUntil => "days_until",
                    DateMeasure::DaysSince => "days_since",
                }
                .to_string(),
            ),
        ),
        AnswerSpec::Text => (InputKind::Text, vec![], None, None),
    };
    InputSpec {
        kind,
        options,
        unit,
        date_measure,
    }
}

/// The stored answer as the UI edits it.
pub fn edit_of(a: &Answer) -> AnswerEdit {
    AnswerEdit {
        question: a.question.clone(),
        value: a.value.as_ref().map(|v| match v {
            AnswerValue::Number(n) => EditValue::Number(*n),
            AnswerValue::Text(s) => EditValue::Text(s.clone()),
            AnswerValue::List(l) => EditValue::List(l.clone()),
        }),
        na: a.na.clone(),
        state: a.state,
        comment: a.comment.clone(),
        source: a.provenance.as_ref().map(|p| p.source),
        reference: a.provenance.as_ref().and_then(|p| p.reference.clone()),
        source_date: a
            .provenance
            .as_ref()
            .and_then(|p| p.as_of)
            .map(|d| d.to_string()),
        confidence: a.provenance.as_ref().and_then(|p| p.confidence.clone()),
        based_on: None,
    }
}

pub(super) fn answer_text(question: &Question, answer: Option<&Answer>) -> Option<Text> {
    match scoring::read(question, answer) {
        Ok(Reading::Given(g)) => Some(Text::from_fn(|l| display(&question.answer, &g, l))),
        Ok(Reading::NotApplicable(reason)) => Some(Text::from_fn(|l| match l {
            Lang::En => format!("N/A: {reason}"),
            Lang::ZhCn => format!("不适用：{reason}"),
        })),
        Ok(Reading::Declined) => Some(Text {
            en: "declined to answer".into(),
            zh_cn: "拒绝回答".into(),
        }),
        _ => None,
    }
}

/// Builds the form of one vendor from its questionnaire, answers and score in
/// `ctx` (the evaluation's [`Evaluation::scoring_context`], or that with what-if
/// weights).
pub fn form_view(
    evaluation: &Evaluation,
    q: &Questionnaire,
    ctx: &ScoringContext,
    vendor: &Vendor,
    answers: &[crate::store::StoredAnswer],
) -> FormView {
    let plain: Vec<Answer> = answers.iter().map(|a| a.answer.clone()).collect();
    let score: VendorScore = scoring::score_vendor(q, ctx, &vendor.name, &plain);
    let find = |id: &str| answers.iter().find(|a| a.answer.question == id);
    let sections = q
        .sections
        .iter()
        .map(|s| {
            let scored = score.section(&s.id);
            let questions: Vec<FormQuestion> = s
                .questions
                .iter()
                .map(|question| {
                    let stored = find(&question.id);
                    let result = scored
                        .and_then(|r| r.questions.iter().find(|x| *x.question == *question.id));
                    form_question(question, stored, result, &score, ctx)
                })
                .collect();
            FormSection {
                id: s.id.clone(),
                title: s.title.clone(),
                description: s.description.clone(),
                share: scored.map_or(0.0, |r| r.share),
                score: scored.and_then(|r| r.score).map(round1),
                contribution: scored.map_or(0.0, |r| r.contribution.as_f64()),
                weight_sum: scored.map_or(0.0, scoring::SectionScore::weight_sum),
                answered: scored.map_or(0, |r| r.resolved),
                visible: scored.map_or(0, |r| r.visible),
                na_candidates: questions
                    .iter()
                    .filter(|q| q.na_allowed && is_unanswered(q))
                    .map(|q| q.id.clone())
                    .collect(),
                questions,
            }
        })
        .collect();
    FormView {
        evaluation: EvaluationSummary::from(evaluation),
        vendor: VendorSummary::from(vendor),
        formula_version: scoring::FORMULA_VERSION.to_string(),
        profiles: profile_labels(q, ctx),
        total: round1(score.total.as_f64()),
        total_points: score.total.as_f64(),
        eligibility: score.eligibility,
        completeness: score.completeness,
        answered: score.sections.iter().map(|r| r.resolved).sum(),
        visible: score.sections.iter().map(|r| r.visible).sum(),
        failed_knockouts: super::gate_failures(&score),
        open_knockouts: score.open_knockouts().count(),
        sections,
    }
}

fn form_question(
    question: &Question,
    stored: Option<&crate::store::StoredAnswer>,
    result: Option<&scoring::QuestionScore>,
    score: &VendorScore,
    ctx: &ScoringContext,
) -> FormQuestion {
    let answer = stored.map(|s| &s.answer);
    let visible = result.is_none_or(|r| r.status != QuestionStatus::Hidden);
    let knockouts = question
        .knockouts
        .iter()
        .map(|k| {
            let profiles = k.profiles.clone().unwrap_or_default();
            let active = profiles.is_empty() || profiles.iter().any(|p| ctx.profiles.contains(p));
            let judged = score
                .knockouts
                .iter()
                .find(|r| r.question == question.id && r.requirement == k.description);
            let (outcome, reason) = match judged.map(|r| gate_outcome(&r.outcome)) {
                None => (None, None),
                Some((outcome, reason)) => (Some(outcome), reason),
            };
            KnockoutMarker {
                profiles,
                active,
                requirement: k.description.clone(),
                outcome,
                reason,
            }
        })
        .collect();
    FormQuestion {
        id: question.id.clone(),
        text: question.text.clone(),
        help: question.help.clone(),
        weight: question.weight,
        input: input_spec(&question.answer),
        na_allowed: question.na_allowed,
        evidence_rule: question.evidence.as_ref().map(|r| EvidenceNeed {
            required: r.required,
            note: r.note.clone(),
            missing_factor: r.missing_factor,
            draft: evidence_draft(question, r, answer),
        }),
        evidence_count: answer.map_or(0, |a| a.evidence.len()),
        evidence: stored.map_or_else(Vec::new, |s| {
            s.answer
                .evidence
                .iter()
                .enumerate()
                .map(|(i, e)| FormEvidence {
                    kind: e.kind,
                    identifier: e.identifier.clone(),
                    issuer: e.issuer.clone(),
                    scope: e.scope.clone(),
                    issued: e.issued.map(|d| d.to_string()),
                    expires: e.expires.map(|d| d.to_string()),
                    valid_until: e.valid_until().map(|d| d.to_string()),
                    url: e.url.clone(),
                    file_sha256: s.files.get(i).cloned().flatten(),
                    file_name: s.file_names.get(i).cloned().flatten(),
                    validity: evidence_validity(e, ctx.as_of),
                })
                .collect()
        }),
        knockouts,
        visible,
        answer: answer.map(edit_of),
        answer_text: answer_text(question, answer),
        updated_at: stored.map(|s| s.updated_at.clone()),
        revision: None,
        result: match result {
            Some(r) => QuestionResult {
                status: r.status,
                counts: r.status.counts_in_score(),
                raw_score: r.raw_score,
                factor: r.factor,
                score: r.score,
                contribution: r.contribution.as_f64(),
                evidence: r.evidence,
                flags: r.flags.to_vec(),
                open: r.open,
                range: r.range,
            },
            None => QuestionResult {
                status: QuestionStatus::Unknown,
                counts: true,
                raw_score: 0.0,
                factor: 1.0,
                score: 0.0,
                contribution: 0.0,
                evidence: scoring::EvidenceStatus::NotRequired,
                flags: vec![],
                open: None,
                range: scoring::ScoreRange::default(),
            },
        },
    }
}

pub(super) fn nonempty(s: &Option<String>) -> Option<String> {
    s.as_ref()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// Turns the UI's edit into an answer to `q`, keeping the evidence (and source
/// confidence) of `existing`. `Err` is the plain sentence the command line gives
/// for the same value (from [`scoring::read`]).
pub fn answer_from_edit(
    q: &Questionnaire,
    edit: &AnswerEdit,
    existing: Option<&Answer>,
) -> std::result::Result<Answer, String> {
    let question = q.question(&edit.question).ok_or_else(|| {
        format!(
            "there is no question \"{}\" in {}@{}",
            edit.question, q.id, q.version
        )
    })?;
    let value = answer_value(question, edit.value.as_ref());
    let source_date = match nonempty(&edit.source_date) {
        None => None,
        Some(d) => Some(
            scoring::parse_iso_date(&d)
                .ok_or_else(|| format!("'{d}' is not a date in the form YYYY-MM-DD"))?,
        ),
    };
    let reference = nonempty(&edit.reference);
    let provenance = match edit.source {
        Some(source) => Some(Provenance {
            source,
            reference,
            as_of: source_date,
            confidence: match nonempty(&edit.confidence) {
                Some(c) if CONFIDENCE_TAGS.contains(&c.as_str()) => Some(c),
                Some(c) => {
                    return Err(format!(
                        "'{c}' is not a confidence tag; use {}",
                        CONFIDENCE_TAGS.join(", ")
                    ))
                }
                None => existing
                    .and_then(|a| a.provenance.as_ref())
                    .and_then(|p| p.confidence.clone()),
            },
        }),
        None if reference.is_some()
            || source_date.is_some()
            || nonempty(&edit.confidence).is_some() =>
        {
            return Err(
                "choose the kind of source before giving its reference, date or confidence".into(),
            )
        }
        None => None,
    };
    let answer = Answer {
        question: question.id.clone(),
        value,
        // N/A: the reason as typed; an empty one is refused by `read`.
        na: edit.na.clone(),
        state: edit.state,
        comment: nonempty(&edit.comment),
        provenance,
        evidence: existing.map(|a| a.evidence.clone()).unwrap_or_default(),
    };
    scoring::read(question, Some(&answer))?;
    Ok(answer)
}

/// The value an edit gives `question`: scored text trimmed, blank text none.
fn answer_value(question: &Question, value: Option<&EditValue>) -> Option<AnswerValue> {
    match value? {
        EditValue::Number(n) => Some(AnswerValue::Number(*n)),
        EditValue::Text(s) if s.trim().is_empty() => None,
        EditValue::Text(s) => Some(AnswerValue::Text(if question.answer.is_scored() {
            s.trim().to_string()
        } else {
            s.clone()
        })),
        EditValue::List(l) => Some(AnswerValue::List(l.clone())),
    }
}

fn is_empty(a: &Answer) -> bool {
    a.value.is_none()
        && a.na.is_none()
        && a.state.is_none()
        && a.comment.is_none()
        && a.provenance.is_none()
        && a.evidence.is_empty()
}

/// The form of one vendor, scored from the stored answers.
pub fn form(store: &mut Store, vendor_id: i64) -> Result<FormView> {
    let vendor = store.vendor(vendor_id)?;
    let evaluation = store.evaluation(vendor.evaluation_id)?;
    let q = store.questionnaire(vendor.evaluation_id)?;
    let answers = store.answers(vendor_id)?;
    Ok(form_view(
        &evaluation,
        &q,
        &evaluation.scoring_context(&q),
        &vendor,
        &answers,
    ))
}

/// The form of one vendor scored with what-if section weights (as
/// [`super::comparison_what_if`] takes them; none: the stored weights), for the
/// comparison's "why this score?". Nothing is saved.
pub fn form_what_if(
    store: &mut Store,
    vendor_id: i64,
    weights: &[super::SectionWeight],
) -> Result<FormView> {
    let vendor = store.vendor(vendor_id)?;
    let evaluation = store.evaluation(vendor.evaluation_id)?;
    let q = store.questionnaire(vendor.evaluation_id)?;
    let overrides = super::compare::check_weights(&q, weights)?;
    let ctx = evaluation.scoring_context(&q).with_what_if(&q, &overrides);
    let answers = store.answers(vendor_id)?;
    Ok(form_view(&evaluation, &q, &ctx, &vendor, &answers))
}

/// Saves one edit (one transaction with its audit row; an edit that empties the
/// answer removes it) and returns the re-scored form.
pub fn save_answer(store: &mut Store, vendor_id: i64, edit: &AnswerEdit) -> Result<FormView> {
    let vendor = store.vendor(vendor_id)?;
    // "Read-only" is the answer to any edit of the demo, whatever its content.
    store.check_editable(vendor.evaluation_id)?;
    let q = store.questionnaire(vendor.evaluation_id)?;
    let existing = store.answer(vendor_id, &edit.question)?;
    // A value the question cannot take is refused first, in both languages and
    // with the answers' labels (`answer_from_edit` says it with ids, in English,
    // as answers files do).
    if let Some(question) = q.question(&edit.question) {
        let value = answer_value(question, edit.value.as_ref());
        if let Some(why) = value.and_then(|v| scoring::value_refusal(&question.answer, &v)) {
            let (id, vendor) = (&question.id, &vendor.name);
            return Err(StoreError::refused(
                "answer",
                format!("{id} for {vendor}: {}", why.en),
                format!("{id}（{vendor}）：{}", why.zh_cn),
            ));
        }
    }
    let answer = answer_from_edit(&q, edit, existing.as_ref().map(|s| &s.answer)).map_err(|m| {
        StoreError::invalid_input(
            &format!("answer to {} for {}", edit.question, vendor.name),
            m,
        )
    })?;
    if !is_empty(&answer) {
        store.set_answer(vendor_id, &answer)?;
    } else if existing.is_some() {
        store.clear_answer(vendor_id, &answer.question)?;
    }
    form(store, vendor_id)
}

/// After a save was refused over someone else's newer change (team mode):
/// keeps their answer and adds the one this user meant to save to its
/// comment — "wang.li proposed 72 (2026-12-07 14:05 UTC): …" in `lang` —
/// so both stay on record and nobody's is silently lost. `mine` is the
/// refused edit. Refused when there is no stored answer left to comment on.
pub fn keep_theirs_with_comment(
    store: &mut Store,
    vendor_id: i64,
    mine: &AnswerEdit,
    lang: Lang,
) -> Result<FormView> {
    let vendor = store.vendor(vendor_id)?;
    store.check_editable(vendor.evaluation_id)?;
    let q = store.questionnaire(vendor.evaluation_id)?;
    let Some(theirs) = store.answer(vendor_id, &mine.question)? else {
        return Err(StoreError::refused(
            "answer",
            format!("{} for {} has no stored answer to add a comment to (it was cleared): save yours, or leave it unanswered", mine.question, vendor.name),
            format!("{}（{}）没有可添加备注的已存回答（已被清除）：请保存您的回答，或保持未回答", mine.question, vendor.name),
        ));
    };
    let proposed = answer_from_edit(&q, mine, Some(&theirs.answer)).map_err(|m| {
        StoreError::invalid_input(
            &format!("answer to {} for {}", mine.question, vendor.name),
            m,
        )
    })?;
    let words = q
        .question(&mine.question)
        .and_then(|question| answer_text(question, Some(&proposed)))
        .map(|t| t.get(lang).to_string())
        .unwrap_or_else(|| "—".to_string());
    let when = chrono::Utc::now().format("%Y-%m-%d %H:%M UTC");
    let who = store.actor().to_string();
    let own_comment = mine
        .comment
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|c| format!(" — {c}"))
        .unwrap_or_default();
    let note = match lang {
        Lang::En => format!("{who} proposed {words} ({when}){own_comment}"),
        Lang::ZhCn => format!("{who} 提议：{words}（{when}）{own_comment}"),
    };
    let mut kept = theirs.answer;
    kept.comment = Some(match kept.comment.as_deref().map(str::trim) {
        Some(c) if !c.is_empty() => format!("{c}\n{note}"),
        _ => note,
    });
    store.set_answer(vendor_id, &kept)?;
    form(store, vendor_id)
}
