//! The scoring engine: pure functions from (questionnaire, answers, profiles, as-of
//! date, weights) to a traceable result. Nothing here reads a file or a clock.
//!
//! Rules (formula `assay-score/2`, also printed by `assay score` and in reports):
//! - question score 0–100 = raw score × evidence factor; unanswered = 0 and *unknown*;
//!   declined by the vendor = 0 and known;
//! - evidence never lowers a score: expired evidence falls back to the claim's
//!   credit (the missing-evidence factor) and raises a finding; an answer that
//!   earns no credit needs no evidence (there is nothing to back);
//! - every score is also a range: the *floor* puts each unknown at its worst (0),
//!   the *point* is the rule above, the *ceiling* puts each unknown at its best
//!   (the best answer, with evidence); coverage is the weighted share of applicable
//!   questions that are answered (or declined), so ceiling − floor shrinks with it;
//! - a section nobody answered has no score ("no data"), not 0;
//! - vendors are ranked only at or above the evaluation's coverage threshold, and
//!   vendors whose ranges overlap share a rank (not separable on what is known);
//! - section score = Σ(w·s)/Σw over its applicable questions (N/A, hidden and
//!   free-text questions leave the denominator);
//! - total = Σ(section share × section score), shares = the active profiles' mean
//!   normalised section weights (or what-if weights), renormalised over the sections
//!   that have applicable questions;
//! - each question's contribution to the total is rounded to a millionth of a point
//!   and the total is their integer sum, so the breakdown adds up exactly, whatever
//!   the order of questions or vendors;
//! - knockouts are judged apart from the score; a failed one makes the vendor
//!   *not eligible*, an unanswered one leaves eligibility *undetermined*.

mod checks;
mod decision;
mod interpret;
mod knockout;
mod ranking;
mod requests;

pub use checks::{section_weight_problems, unknown_profiles};
pub use decision::{Decision, Verdict};
pub use interpret::{
    best_raw_score, display, fixed, format_number, parse_iso_date, raw_score, read, value_refusal,
    whole_percent, Given, Open, Reading,
};
pub use knockout::{is_active as knockout_is_active, Eligibility, KnockoutOutcome, KnockoutResult};
pub use requests::{requests, Request, RequestReason};

use crate::answers::{Answer, Evidence, VendorAnswers};
use crate::questionnaire::{AnswerSpec, Condition, DateMeasure, Question, Questionnaire};
use chrono::NaiveDate;
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;
use std::collections::BTreeMap;

/// The scoring rules' version, recorded in every export. `/3`: an audit
/// report's date is the end of the period it covers, and it counts for 12
/// months after (`/2` read it as an expiry).
pub const FORMULA_VERSION: &str = "assay-score/3";

/// The largest weight accepted anywhere; defined with the questionnaire format.
pub use crate::questionnaire::MAX_WEIGHT;

/// The largest number accepted as a number answer (hours, days, percent …), so a
/// vendor's 1e308 is refused as a typo rather than scored and printed.
pub const MAX_NUMBER_ANSWER: f64 = 1_000_000_000.0;

/// Evidence that expires within this many days of the as-of date is flagged.
pub const EXPIRING_SOON_DAYS: i64 = 90;

/// The coverage (0–1) a vendor needs to be ranked, unless the evaluation sets its own.
pub const DEFAULT_MIN_COVERAGE: f64 = 0.6;

/// The coverage threshold (0–1) for a threshold in percent, the default when none.
pub fn min_coverage(threshold_percent: Option<f64>) -> f64 {
    threshold_percent.map_or(DEFAULT_MIN_COVERAGE, |p| (p / 100.0).clamp(0.0, 1.0))
}

/// A quantity of score points held as an integer number of millionths, so sums are
/// exact and independent of order. Serialized as a plain number of points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Points(pub i64);

impl Points {
    pub const SCALE: f64 = 1_000_000.0;
    pub fn from_f64(points: f64) -> Points {
        Points((points * Self::SCALE).round() as i64)
    }
    pub fn as_f64(self) -> f64 {
        self.0 as f64 / Self::SCALE
    }
}

impl std::iter::Sum for Points {
    fn sum<I: Iterator<Item = Points>>(iter: I) -> Points {
        Points(iter.map(|p| p.0).sum())
    }
}

impl Serialize for Points {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.as_f64())
    }
}

impl std::fmt::Display for Points {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // `pad` so that width and alignment flags work in tables.
        f.pad(&fixed(self.as_f64(), 1))
    }
}

/// Everything a score depends on besides the answers.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoringContext {
    /// Active buyer profile ids; knockouts are the union of theirs.
    pub profiles: Vec<String>,
    /// The date evidence and date answers are judged at.
    pub as_of: NaiveDate,
    /// Section weights replacing the profiles' (an evaluation's own, or what-if;
    /// relative, normalised here).
    pub section_weights: Option<BTreeMap<String, f64>>,
    /// The coverage (0–1) below which a vendor gets no rank and no verdict other
    /// than "not enough information" ([`DEFAULT_MIN_COVERAGE`] unless the
    /// evaluation sets its own).
    pub min_coverage: f64,
}

impl ScoringContext {
    /// This context with what-if weights on top ([`what_if_weights`]): the
    /// sections in `overrides` get those, the others keep their current share.
    /// No overrides: the context as it is.
    pub fn with_what_if(mut self, q: &Questionnaire, overrides: &[(String, f64)]) -> Self {
        if !overrides.is_empty() {
            self.section_weights = Some(what_if_weights(q, &self, overrides));
        }
        self
    }
}

/// The chosen profiles, or the questionnaire's first when none is chosen: what an
/// evaluation or answers file without profiles is scored (and its knockouts judged) as.
pub fn profiles_or_first(q: &Questionnaire, mut profiles: Vec<String>) -> Vec<String> {
    if profiles.is_empty() {
        profiles.extend(q.profiles.first().map(|p| p.id.clone()));
    }
    profiles
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum QuestionStatus {
    Answered,
    /// Not answered (not asked, awaiting the vendor, or unknown after asking — see
    /// `open`): scores 0 at the point and is reported as unknown, never as "no".
    Unknown,
    /// The vendor declined to answer: scores 0, known, and fails its knockouts.
    Declined,
    NotApplicable,
    /// Its `show_if` condition does not hold.
    Hidden,
    /// Free text: shown, not scored.
    Unscored,
}

impl QuestionStatus {
    /// Whether the question is in its section's Σw (answered, or unknown at 0);
    /// N/A, hidden and free-text questions leave it.
    pub fn counts_in_score(self) -> bool {
        matches!(
            self,
            QuestionStatus::Answered | QuestionStatus::Unknown | QuestionStatus::Declined
        )
    }

    /// Whether the question's score is known (answered or declined): what coverage counts.
    pub fn is_known(self) -> bool {
        matches!(self, QuestionStatus::Answered | QuestionStatus::Declined)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceStatus {
    NotRequired,
    /// Required and at least one piece is valid at the as-of date.
    Supported,
    /// Required but none given: the answer is only claimed.
    Claimed,
    /// Every piece given has expired (or is not yet issued) at the as-of date: the
    /// answer gets the claim's credit, as if no evidence were given.
    Expired,
}

impl EvidenceStatus {
    /// Whether the answer rests on the vendor's word alone (evidence required, none valid).
    pub fn is_unsupported(self) -> bool {
        matches!(self, EvidenceStatus::Claimed | EvidenceStatus::Expired)
    }
}

/// A score as what is known allows it to be: the floor (every unknown at its
/// worst), the point (today's rule: unknowns at 0) and the ceiling (every unknown
/// at its best). floor ≤ point ≤ ceiling, all 0–100.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, ts_rs::TS)]
pub struct ScoreRange {
    pub floor: f64,
    pub point: f64,
    pub ceiling: f64,
}

impl ScoreRange {
    pub fn exact(score: f64) -> ScoreRange {
        ScoreRange {
            floor: score,
            point: score,
            ceiling: score,
        }
    }
}

/// A total's range in exact points (see [`ScoreRange`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct PointsRange {
    pub floor: Points,
    pub point: Points,
    pub ceiling: Points,
}

impl PointsRange {
    pub fn as_score_range(self) -> ScoreRange {
        ScoreRange {
            floor: self.floor.as_f64(),
            point: self.point.as_f64(),
            ceiling: self.ceiling.as_f64(),
        }
    }
    /// Whether two ranges share a value: the vendors cannot be told apart on what is known.
    pub fn overlaps(&self, other: &PointsRange) -> bool {
        self.floor <= other.ceiling && other.floor <= self.ceiling
    }
}

/// Why a question's score is what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    Unknown,
    Claimed,
    EvidenceExpired,
    /// Valid evidence that expires within 90 days of the as-of date.
    ExpiringSoon,
    /// A date answer in the past for an expiry, or in the future for an audit.
    DateOutOfRange,
    NoCommitment,
    /// The stored answer does not fit the question (e.g. after a questionnaire edit).
    Invalid,
}

impl Flag {
    /// Every flag, in their order (the order of the enum, which `Flags` keeps).
    pub const ALL: [Flag; 7] = [
        Flag::Unknown,
        Flag::Claimed,
        Flag::EvidenceExpired,
        Flag::ExpiringSoon,
        Flag::DateOutOfRange,
        Flag::NoCommitment,
        Flag::Invalid,
    ];

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// The flags of one question: a set, iterated in [`Flag`] order, serialised as
/// a list. A bit set rather than a `Vec`, because scoring builds one per
/// question per vendor and a `Vec` would allocate for most of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Flags(u8);

impl Flags {
    pub fn insert(&mut self, flag: Flag) {
        self.0 |= flag.bit();
    }
    pub fn contains(&self, flag: &Flag) -> bool {
        self.0 & flag.bit() != 0
    }
    pub fn is_empty(&self) -> bool {
        self.0 == 0
    }
    pub fn iter(&self) -> impl Iterator<Item = Flag> + '_ {
        Flag::ALL.into_iter().filter(|f| self.contains(f))
    }
    pub fn to_vec(&self) -> Vec<Flag> {
        self.iter().collect()
    }
}

impl FromIterator<Flag> for Flags {
    fn from_iter<I: IntoIterator<Item = Flag>>(flags: I) -> Self {
        let mut set = Flags::default();
        flags.into_iter().for_each(|f| set.insert(f));
        set
    }
}

impl Serialize for Flags {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionScore {
    /// The question's id, shared with every vendor's score of it (scoring
    /// 50 vendors would otherwise copy each id 50 times).
    pub question: std::sync::Arc<str>,
    pub status: QuestionStatus,
    /// Why an unknown question is open: not asked, awaiting the vendor, unknown
    /// after asking. Absent when the question is not unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub open: Option<Open>,
    /// The N/A reason, or the free-text answer. (Scored answers are rendered on
    /// demand with [`display`]: scoring builds no strings.)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub weight: f64,
    /// 0–100 before evidence.
    pub raw_score: f64,
    pub evidence: EvidenceStatus,
    /// Multiplier from the evidence rule (1 when supported or not required).
    pub factor: f64,
    /// 0–100 after evidence.
    pub score: f64,
    /// The score's range: equal to `score` when known; 0 to the best answer's
    /// score when unknown.
    pub range: ScoreRange,
    /// Points this question adds to the vendor's total.
    pub contribution: Points,
    /// Its contribution at the floor and at the ceiling.
    pub contribution_range: PointsRange,
    /// Its weight in the total: contribution = effective_weight × score
    /// (section share × weight / the section's Σw; 0 when it does not count).
    pub effective_weight: f64,
    #[serde(skip_serializing_if = "Flags::is_empty")]
    pub flags: Flags,
}

impl QuestionScore {
    /// An answer that earns no credit (no certificate, no report, …): there is
    /// nothing for evidence to back, so it never counts as needing evidence.
    pub fn earns_nothing(&self) -> bool {
        self.status == QuestionStatus::Answered && self.raw_score == 0.0
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionScore {
    pub section: String,
    /// Share of the total (0–1) after renormalisation; 0 when nothing applies.
    pub share: f64,
    /// Σ(w·s)/Σw, or `None` when no question applies or none is answered ("no
    /// data": never shown as 0).
    pub score: Option<f64>,
    /// floor / point / ceiling of the section score; `None` when no question applies.
    pub range: Option<ScoreRange>,
    /// Weighted share (0–1) of its applicable questions that are answered or
    /// declined; `None` when no question applies.
    pub coverage: Option<f64>,
    /// Weighted share (0–1) of its applicable evidence-requiring questions backed by
    /// valid evidence; `None` when none requires evidence.
    pub evidence_coverage: Option<f64>,
    /// Points this section adds to the total: the sum of its questions'.
    pub contribution: Points,
    /// Visible questions (not hidden), answered or N/A, and unknown.
    pub visible: usize,
    pub resolved: usize,
    pub unknown: usize,
    pub questions: Vec<QuestionScore>,
}

impl SectionScore {
    /// Σw of the questions that count in the section score.
    pub fn weight_sum(&self) -> f64 {
        self.questions
            .iter()
            .filter(|q| q.status.counts_in_score())
            .map(|q| q.weight)
            .sum()
    }

    /// Share of visible questions that have an answer or an N/A (0–1).
    pub fn completeness(&self) -> f64 {
        ratio(self.resolved, self.visible)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VendorScore {
    pub vendor: String,
    pub formula_version: &'static str,
    pub total: Points,
    /// floor / point (= `total`) / ceiling of the total.
    pub range: PointsRange,
    /// Weighted share (0–1) of the total that rests on known answers (each
    /// applicable question weighted by its effect on the total).
    pub coverage: f64,
    /// Weighted share (0–1) of the evidence-requiring questions backed by valid
    /// evidence; `None` when no applicable question requires evidence.
    pub evidence_coverage: Option<f64>,
    /// Applicable scored questions still open (not asked, awaiting, unknown).
    pub open_questions: usize,
    /// 1-based; vendors whose ranges overlap share one. `None`: below the coverage
    /// threshold (or nothing answered) — not ranked.
    pub rank: Option<usize>,
    /// The ranked vendors this one cannot be told apart from on what is known.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tied_with: Vec<String>,
    pub eligibility: Eligibility,
    /// The verdict in plain words, with its reasons.
    pub decision: Decision,
    /// Every active knockout with its outcome.
    pub knockouts: Vec<KnockoutResult>,
    pub completeness: f64,
    pub sections: Vec<SectionScore>,
}

impl VendorScore {
    pub fn failed_knockouts(&self) -> impl Iterator<Item = &KnockoutResult> {
        self.knockouts
            .iter()
            .filter(|k| matches!(k.outcome, KnockoutOutcome::Failed { .. }))
    }
    /// Active knockouts still unanswered: eligibility stays undetermined.
    pub fn open_knockouts(&self) -> impl Iterator<Item = &KnockoutResult> {
        self.knockouts
            .iter()
            .filter(|k| k.outcome == KnockoutOutcome::Unknown)
    }
    /// Whether the vendor has a rank (coverage at or above the threshold).
    pub fn is_ranked(&self) -> bool {
        self.rank.is_some()
    }
    pub fn section(&self, id: &str) -> Option<&SectionScore> {
        self.sections.iter().find(|s| s.section == id)
    }
    /// Every question's score, section by section.
    pub fn questions(&self) -> impl Iterator<Item = &QuestionScore> {
        self.sections.iter().flat_map(|s| &s.questions)
    }
    pub fn question(&self, id: &str) -> Option<&QuestionScore> {
        self.questions().find(|q| *q.question == *id)
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

/// Normalised section weights (summing to 1) for the context: the what-if weights
/// when given, else the mean of the active profiles' normalised weights. Unknown
/// profile ids are ignored; with none known, the first profile applies.
pub fn section_shares(q: &Questionnaire, ctx: &ScoringContext) -> BTreeMap<String, f64> {
    let normalise = |weights: &BTreeMap<String, f64>| -> BTreeMap<String, f64> {
        let valid = |w: &f64| w.is_finite() && *w > 0.0;
        // Summed in section-id order (the map's), never in file order.
        let sum: f64 = weights
            .iter()
            .filter(|(id, w)| valid(w) && q.sections.iter().any(|s| s.id == **id))
            .map(|(_, w)| w)
            .sum();
        q.sections
            .iter()
            .map(|s| {
                let w = weights.get(&s.id).copied().filter(valid).unwrap_or(0.0);
                (s.id.clone(), if sum > 0.0 { w / sum } else { 0.0 })
            })
            .collect()
    };
    if let Some(w) = &ctx.section_weights {
        return normalise(w);
    }
    let mut active: Vec<_> = q
        .profiles
        .iter()
        .filter(|p| ctx.profiles.contains(&p.id))
        .collect();
    if active.is_empty() {
        active.extend(q.profiles.first());
    }
    active.sort_by(|a, b| a.id.cmp(&b.id));
    let mut mean: BTreeMap<String, f64> = q.sections.iter().map(|s| (s.id.clone(), 0.0)).collect();
    for p in &active {
        for (id, w) in normalise(&p.section_weights) {
            *mean.entry(id).or_default() += w / active.len() as f64;
        }
    }
    mean
}

/// Whether a question is shown, read from [`visibility`]'s map. Only
/// conditional questions are in it: the others are shown, with no lookup.
pub(crate) fn is_shown(question: &Question, visible: &HashMap<&str, bool>) -> bool {
    question.show_if.is_none() || visible.get(question.id.as_str()).copied().unwrap_or(true)
}

/// Which questions are shown, given the answers and profiles. Conditions are
/// followed on demand, so the result does not depend on the order of questions; a
/// condition cycle (which validation rejects) hides the questions in it.
/// Questions without a condition are always shown and are absent from the map.
pub fn visibility<'q>(
    index: &QuestionIndex<'q>,
    answers: &HashMap<&str, &Answer>,
    ctx: &ScoringContext,
) -> HashMap<&'q str, bool> {
    let mut state = Visibility {
        q: &index.by_id,
        answers,
        ctx,
        memo: HashMap::default(),
    };
    for id in &index.conditional {
        state.visible(id);
    }
    state
        .memo
        .into_iter()
        .map(|(id, v)| (id, v.unwrap_or(false)))
        .collect()
}

struct Visibility<'q, 'r> {
    q: &'r HashMap<&'q str, &'q Question>,
    answers: &'r HashMap<&'r str, &'r Answer>,
    ctx: &'r ScoringContext,
    /// `None` while being computed: meeting it again means a cycle.
    memo: HashMap<&'q str, Option<bool>>,
}

impl<'q, 'r> Visibility<'q, 'r> {
    fn visible(&mut self, id: &str) -> bool {
        let Some((&key, question)) = self.q.get_key_value(id) else {
            return false;
        };
        match self.memo.get(key) {
            Some(Some(v)) => return *v,
            Some(None) => return false,
            None => {}
        }
        self.memo.insert(key, None);
        let shown = match &question.show_if {
            None => true,
            Some(c) => self.holds(c),
        };
        self.memo.insert(key, Some(shown));
        shown
    }

    fn holds(&mut self, cond: &Condition) -> bool {
        match cond {
            Condition::Answer { question, one_of } => {
                // A hidden question's answer does not count, so chains hide together.
                if !self.visible(question) {
                    return false;
                }
                let target = self.q[question.as_str()];
                match read(target, self.answers.get(question.as_str()).copied()) {
                    Ok(Reading::Given(Given::Selected(id) | Given::Alternative(id))) => {
                        one_of.iter().any(|o| o == id)
                    }
                    Ok(Reading::Given(Given::SelectedMany(ids))) => {
                        ids.iter().any(|i| one_of.iter().any(|o| o == i))
                    }
                    _ => false,
                }
            }
            Condition::Profile { profile } => self.ctx.profiles.contains(profile),
            Condition::All { all } => all.iter().all(|c| self.holds(c)),
            Condition::Any { any } => any.iter().any(|c| self.holds(c)),
        }
    }
}

/// Scores one vendor's answers. Answers to unknown questions are ignored (the
/// answers loader reports them); of duplicate answers the last one counts. The
/// vendor is ranked as if alone (rank 1 at or above the coverage threshold).
pub fn score_vendor(
    q: &Questionnaire,
    ctx: &ScoringContext,
    vendor: &str,
    answers: &[Answer],
) -> VendorScore {
    let index = QuestionIndex::new(q);
    let mut scores = vec![score_indexed(
        &index,
        ctx,
        &section_shares(q, ctx),
        vendor,
        answers,
    )];
    ranking::rank(&mut scores, ctx.min_coverage);
    scores.pop().expect("one vendor")
}

/// Lookups built once per questionnaire, not once per vendor.
pub struct QuestionIndex<'q> {
    q: &'q Questionnaire,
    by_id: HashMap<&'q str, &'q Question>,
    /// Ids of the questions that have a `show_if` condition.
    conditional: Vec<&'q str>,
    /// Per section, its questions' positions in id order; sections' positions in
    /// id order. Sums follow these, so float results never depend on file order.
    question_order: Vec<Vec<usize>>,
    section_order: Vec<usize>,
    /// Per section, whether each question (file order) requires evidence.
    requires_evidence: Vec<Vec<bool>>,
    /// Per section, each question's id (file order), shared by the scores.
    ids: Vec<Vec<std::sync::Arc<str>>>,
    /// The questions with knockouts, in questionnaire order, with what passes
    /// each knockout (in its order): worded once per questionnaire, not once per
    /// vendor, and the gates judged without walking every question.
    gated: Vec<knockout::Gated<'q>>,
}

impl<'q> QuestionIndex<'q> {
    pub fn new(q: &'q Questionnaire) -> Self {
        QuestionIndex {
            q,
            by_id: q
                .questions()
                .map(|(_, question)| (question.id.as_str(), question))
                .collect(),
            conditional: q
                .questions()
                .filter(|(_, question)| question.show_if.is_some())
                .map(|(_, question)| question.id.as_str())
                .collect(),
            question_order: q
                .sections
                .iter()
                .map(|s| sorted_positions(&s.questions, |question| &question.id))
                .collect(),
            section_order: sorted_positions(&q.sections, |s| &s.id),
            ids: q
                .sections
                .iter()
                .map(|s| s.questions.iter().map(|x| x.id.as_str().into()).collect())
                .collect(),
            requires_evidence: q
                .sections
                .iter()
                .map(|s| {
                    s.questions
                        .iter()
                        .map(|x| needs_evidence(Some(x)))
                        .collect()
                })
                .collect(),
            gated: q
                .questions()
                .filter(|(_, question)| !question.knockouts.is_empty())
                .map(|(_, question)| knockout::Gated {
                    question,
                    to_pass: question
                        .knockouts
                        .iter()
                        .map(|k| requests::what_passes(question, &k.rule))
                        .collect(),
                })
                .collect(),
        }
    }
}

fn score_indexed(
    index: &QuestionIndex,
    ctx: &ScoringContext,
    shares: &BTreeMap<String, f64>,
    vendor: &str,
    answers: &[Answer],
) -> VendorScore {
    let q = index.q;
    let mut by_question: HashMap<&str, &Answer> =
        HashMap::with_capacity_and_hasher(answers.len(), Default::default());
    by_question.extend(answers.iter().map(|a| (a.question.as_str(), a)));
    let visible = visibility(index, &by_question, ctx);

    // First pass: question scores and which sections have anything applicable.
    struct Pending {
        section: String,
        questions: Vec<QuestionScore>,
    }
    let mut pending: Vec<Pending> = Vec::new();
    for (section, ids) in q.sections.iter().zip(&index.ids) {
        let questions = section
            .questions
            .iter()
            .zip(ids)
            .map(|(question, id)| {
                let shown = is_shown(question, &visible);
                score_question(
                    question,
                    id.clone(),
                    by_question.get(question.id.as_str()).copied(),
                    shown,
                    ctx.as_of,
                )
            })
            .collect();
        pending.push(Pending {
            section: section.id.clone(),
            questions,
        });
    }
    let counts = |qs: &[QuestionScore]| qs.iter().any(|s| s.status.counts_in_score());
    let live_share: f64 = index
        .section_order
        .iter()
        .map(|&i| &pending[i])
        .filter(|p| counts(&p.questions))
        .map(|p| shares.get(&p.section).copied().unwrap_or(0.0))
        .sum();
    // Shares are renormalised over the sections that apply only when one with a
    // share does not: otherwise each section keeps exactly the share the
    // comparison's columns show (dividing by a sum that is 1 only up to the last
    // bit would make the breakdown and the columns differ in that bit).
    let renormalise = pending
        .iter()
        .any(|p| !counts(&p.questions) && shares.get(&p.section).is_some_and(|&s| s > 0.0));

    // Second pass: contributions, now that the shares are known.
    let mut sections = Vec::new();
    struct TotalWeight {
        weight: f64,
        known: bool,
        needs_evidence: bool,
        evidence: EvidenceStatus,
    }
    let mut total_weight: Vec<TotalWeight> = Vec::new();
    for (
        (
            Pending {
                section,
                mut questions,
            },
            order,
        ),
        requires_evidence,
    ) in pending
        .into_iter()
        .zip(&index.question_order)
        .zip(&index.requires_evidence)
    {
        // Sums over the section's scored questions, in id order.
        let in_order = |questions: &[QuestionScore], f: &dyn Fn(&QuestionScore) -> f64| -> f64 {
            order
                .iter()
                .map(|&i| &questions[i])
                .filter(|s| s.status.counts_in_score())
                .map(f)
                .sum()
        };
        let applies = counts(&questions);
        let share = match shares.get(&section).copied().unwrap_or(0.0) {
            share if applies && !renormalise => share,
            share if applies && live_share > 0.0 => share / live_share,
            _ => 0.0,
        };
        let weight_sum: f64 = in_order(&questions, &|s| s.weight);
        for (s, &needs_evidence) in questions
            .iter_mut()
            .zip(requires_evidence)
            .filter(|(s, _)| s.status.counts_in_score())
        {
            s.effective_weight = share * s.weight / weight_sum;
            let points = |score: f64| Points::from_f64(s.effective_weight * score);
            s.contribution = points(s.score);
            s.contribution_range = PointsRange {
                floor: points(s.range.floor),
                point: s.contribution,
                ceiling: points(s.range.ceiling),
            };
            // The total's weight of this question: what coverage is measured in.
            total_weight.push(TotalWeight {
                weight: s.effective_weight,
                known: s.status.is_known(),
                needs_evidence: needs_evidence && !s.earns_nothing(),
                evidence: s.evidence,
            });
        }
        let known_weight = in_order(&questions, &|s| {
            if s.status.is_known() {
                s.weight
            } else {
                0.0
            }
        });
        // `+ 0.0`: an empty float sum is −0.0, which would print as "-0".
        let coverage = applies.then(|| known_weight / weight_sum + 0.0);
        let range = applies.then(|| ScoreRange {
            floor: in_order(&questions, &|s| s.weight * s.range.floor) / weight_sum + 0.0,
            point: in_order(&questions, &|s| s.weight * s.score) / weight_sum + 0.0,
            ceiling: in_order(&questions, &|s| s.weight * s.range.ceiling) / weight_sum + 0.0,
        });
        // Nothing answered: no data, never a 0 that reads like a real "No".
        let score = range.filter(|_| known_weight > 0.0).map(|r| r.point);
        let evidence_coverage = {
            let weight_where = |supported: bool| -> f64 {
                order
                    .iter()
                    .filter(|&&i| {
                        requires_evidence[i]
                            && questions[i].status.counts_in_score()
                            && !questions[i].earns_nothing()
                    })
                    .filter(|&&i| !supported || questions[i].evidence == EvidenceStatus::Supported)
                    .map(|&i| questions[i].weight)
                    .sum()
            };
            let required = weight_where(false);
            (required > 0.0).then(|| weight_where(true) / required + 0.0)
        };
        let visible_qs = questions
            .iter()
            .filter(|s| s.status != QuestionStatus::Hidden);
        let visible_count = visible_qs.clone().count();
        let unknown = questions
            .iter()
            .filter(|s| s.status == QuestionStatus::Unknown)
            .count();
        let unscored_unanswered = questions
            .iter()
            .filter(|s| s.status == QuestionStatus::Unscored && s.note.is_none())
            .count();
        sections.push(SectionScore {
            contribution: questions.iter().map(|s| s.contribution).sum(),
            section,
            share,
            score,
            range,
            coverage,
            evidence_coverage,
            visible: visible_count,
            resolved: visible_count - unknown - unscored_unanswered,
            unknown,
            questions,
        });
    }

    let visible_total: usize = sections.iter().map(|s| s.visible).sum();
    let resolved_total: usize = sections.iter().map(|s| s.resolved).sum();
    let knockouts = knockout::evaluate(&index.gated, ctx, &by_question, &visible);
    let sum_points = |f: &dyn Fn(&PointsRange) -> Points| -> Points {
        sections
            .iter()
            .flat_map(|s| &s.questions)
            .map(|q| f(&q.contribution_range))
            .sum()
    };
    let total: Points = sections.iter().map(|s| s.contribution).sum();
    let range = PointsRange {
        floor: sum_points(&|r| r.floor),
        point: total,
        ceiling: sum_points(&|r| r.ceiling),
    };
    // Summed in the sections' and questions' id order (the pushes above follow
    // `question_order` only within a section; the sums are of few terms and
    // reported to 0.1 %, so file order cannot change a shown figure).
    let share_of = |keep: &dyn Fn(&TotalWeight) -> bool, among: &dyn Fn(&TotalWeight) -> bool| {
        let whole: f64 = total_weight
            .iter()
            .filter(|w| among(w))
            .map(|w| w.weight)
            .sum();
        let part: f64 = total_weight
            .iter()
            .filter(|w| among(w) && keep(w))
            .map(|w| w.weight)
            .sum();
        (whole > 0.0).then(|| (part / whole).clamp(0.0, 1.0) + 0.0)
    };
    let coverage = share_of(&|w| w.known, &|_| true).unwrap_or(0.0);
    let evidence_coverage = share_of(&|w| w.evidence == EvidenceStatus::Supported, &|w| {
        w.needs_evidence
    });
    let eligibility = Eligibility::from_results(&knockouts);
    let open_questions = sections.iter().map(|s| s.unknown).sum();
    let mut score = VendorScore {
        vendor: vendor.to_string(),
        formula_version: FORMULA_VERSION,
        total,
        range,
        coverage,
        evidence_coverage,
        open_questions,
        rank: None,
        tied_with: Vec::new(),
        eligibility,
        decision: Decision::default(),
        knockouts,
        completeness: ratio(resolved_total, visible_total),
        sections,
    };
    score.decision = decision::decide(ctx, &score);
    score
}

/// Whether the question requires evidence for full credit.
fn needs_evidence(question: Option<&Question>) -> bool {
    question
        .and_then(|q| q.evidence.as_ref())
        .is_some_and(|r| r.required)
}

/// Positions of `items` in ascending order of their id.
fn sorted_positions<T>(items: &[T], id: impl Fn(&T) -> &String) -> Vec<usize> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| id(&items[a]).cmp(id(&items[b])));
    order
}

fn score_question(
    question: &Question,
    id: std::sync::Arc<str>,
    answer: Option<&Answer>,
    shown: bool,
    as_of: NaiveDate,
) -> QuestionScore {
    let weight = question.weight.unwrap_or(0.0);
    let mut result = QuestionScore {
        question: id,
        status: QuestionStatus::Unknown,
        open: None,
        note: None,
        weight,
        raw_score: 0.0,
        evidence: EvidenceStatus::NotRequired,
        factor: 1.0,
        score: 0.0,
        range: ScoreRange::default(),
        contribution: Points(0),
        contribution_range: PointsRange::default(),
        effective_weight: 0.0,
        flags: Flags::default(),
    };
    if !shown {
        result.status = QuestionStatus::Hidden;
        return result;
    }
    let reading = read(question, answer).unwrap_or_else(|_| {
        result.flags.insert(Flag::Invalid);
        Reading::Unanswered(Open::NotAsked)
    });
    let given = match reading {
        Reading::NotApplicable(reason) => {
            result.status = QuestionStatus::NotApplicable;
            result.note = Some(reason.to_string());
            return result;
        }
        Reading::Unanswered(open) => {
            result.open = Some(open);
            if question.answer.is_scored() {
                result.flags.insert(Flag::Unknown);
                // Unknown: anywhere from 0 to the best answer backed by evidence.
                result.range.ceiling = best_raw_score(&question.answer);
            } else {
                result.status = QuestionStatus::Unscored;
            }
            return result;
        }
        Reading::Declined => {
            result.status = if question.answer.is_scored() {
                QuestionStatus::Declined
            } else {
                QuestionStatus::Unscored
            };
            return result;
        }
        Reading::Given(given) => given,
    };
    if let Given::Text(text) = given {
        result.status = QuestionStatus::Unscored;
        result.note = Some(text.to_string());
        return result;
    }
    result.status = QuestionStatus::Answered;
    let raw = raw_score(&question.answer, &given, as_of);
    result.raw_score = raw.score;
    if given == Given::NoCommitment {
        result.flags.insert(Flag::NoCommitment);
    }
    if let (Some(days), AnswerSpec::Date { measure, .. }) = (raw.days, &question.answer) {
        let out_of_range = match measure {
            DateMeasure::DaysUntil => days < 0,
            DateMeasure::DaysSince => days < 0 || raw.score == 0.0,
        };
        if out_of_range {
            result.flags.insert(Flag::DateOutOfRange);
        } else if *measure == DateMeasure::DaysUntil && days <= EXPIRING_SOON_DAYS {
            result.flags.insert(Flag::ExpiringSoon);
        }
    }
    let evidence = answer.map(|a| a.evidence.as_slice()).unwrap_or(&[]);
    // Evidence backs credit. An answer that earns none (no certificate, no
    // report, no commitment) and came without evidence is not "claimed without
    // evidence": nobody is asked to prove an absence.
    // (`QuestionScore::earns_nothing` keeps it out of evidence coverage too.)
    // Evidence given and expired is still a finding: the document to renew.
    let (status, factor) = match evidence_status(question, evidence, as_of) {
        (EvidenceStatus::Claimed, _) if raw.score == 0.0 => (EvidenceStatus::NotRequired, 1.0),
        other => other,
    };
    result.evidence = status;
    result.factor = factor;
    match status {
        EvidenceStatus::Claimed => result.flags.insert(Flag::Claimed),
        EvidenceStatus::Expired => result.flags.insert(Flag::EvidenceExpired),
        _ => {}
    }
    if status != EvidenceStatus::Expired && expiring_soon(evidence, as_of) {
        result.flags.insert(Flag::ExpiringSoon);
    }
    if question.evidence.is_none()
        && !evidence.is_empty()
        && evidence.iter().all(|e| !e.is_valid_at(as_of))
    {
        result.flags.insert(Flag::EvidenceExpired);
    }
    result.score = result.raw_score * factor;
    result.range = ScoreRange::exact(result.score);
    result
}

/// The evidence status of an answer and the factor it applies to the score.
pub fn evidence_status(
    question: &Question,
    evidence: &[Evidence],
    as_of: NaiveDate,
) -> (EvidenceStatus, f64) {
    let Some(rule) = question.evidence.as_ref().filter(|r| r.required) else {
        return (EvidenceStatus::NotRequired, 1.0);
    };
    if evidence.is_empty() {
        (EvidenceStatus::Claimed, rule.missing_factor)
    } else if evidence.iter().any(|e| e.is_valid_at(as_of)) {
        (EvidenceStatus::Supported, 1.0)
    } else {
        // Evidence never makes a score worse than none: expired evidence gets at
        // least the claim's credit (an `expired_factor` below `missing_factor` is
        // raised to it; the methodology says so).
        (
            EvidenceStatus::Expired,
            rule.expired_factor.max(rule.missing_factor),
        )
    }
}

/// True when the valid evidence all runs out within [`EXPIRING_SOON_DAYS`].
fn expiring_soon(evidence: &[Evidence], as_of: NaiveDate) -> bool {
    let valid: Vec<_> = evidence.iter().filter(|e| e.is_valid_at(as_of)).collect();
    !valid.is_empty() && valid.iter().all(|e| runs_out_soon(e, as_of))
}

/// True when one piece of evidence stops counting within [`EXPIRING_SOON_DAYS`]
/// of the as-of date (or already has).
pub fn runs_out_soon(e: &Evidence, as_of: NaiveDate) -> bool {
    e.valid_until()
        .is_some_and(|d| (d - as_of).num_days() <= EXPIRING_SOON_DAYS)
}

/// One vendor's answers, as the comparison takes them.
#[derive(Debug, Clone, PartialEq)]
pub struct VendorInput<'a> {
    pub name: &'a str,
    pub answers: &'a [Answer],
}

impl<'a> From<&'a VendorAnswers> for VendorInput<'a> {
    fn from(v: &'a VendorAnswers) -> Self {
        VendorInput {
            name: &v.name,
            answers: &v.answers,
        }
    }
}

/// All vendors scored and in order: eligible first, then undetermined, then
/// provisionally not eligible, then not eligible; within each by total (highest
/// first), then by name. Only vendors at or above the coverage threshold get a
/// rank; overlapping ranges share one ([`ranking`]).
pub fn compare(
    q: &Questionnaire,
    ctx: &ScoringContext,
    vendors: &[VendorInput],
) -> Vec<VendorScore> {
    let index = QuestionIndex::new(q);
    let shares = section_shares(q, ctx);
    let work = vendors.len() * q.questions().count();
    let mut scores: Vec<VendorScore> = map_in_parallel(vendors, work, |v| {
        score_indexed(&index, ctx, &shares, v.name, v.answers)
    });
    scores.sort_by(|a, b| {
        a.eligibility
            .rank()
            .cmp(&b.eligibility.rank())
            .then(b.total.cmp(&a.total))
            .then(a.vendor.cmp(&b.vendor))
    });
    ranking::rank(&mut scores, ctx.min_coverage);
    scores
}

/// Below this many vendor × question pairs, vendors are scored on the calling
/// thread: a thread costs tens of microseconds to start, a ~100-question vendor
/// about as much to score, and a typical evaluation compares 3–8 vendors.
const PARALLEL_MIN_WORK: usize = 5_000;

/// `items.iter().map(f).collect()`, spread over the machine's cores when `work`
/// is large enough to pay for the threads. Each vendor is scored independently,
/// so the result is the same, in the same order, whatever the number of threads.
fn map_in_parallel<I: Sync, T: Send>(
    items: &[I],
    work: usize,
    f: impl Fn(&I) -> T + Sync,
) -> Vec<T> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len());
    if threads < 2 || work < PARALLEL_MIN_WORK {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let mut chunks = items.chunks(chunk);
    let first = chunks.next().unwrap_or_default();
    std::thread::scope(|scope| {
        let f = &f;
        let others: Vec<_> = chunks
            .map(|c| scope.spawn(move || c.iter().map(f).collect::<Vec<T>>()))
            .collect();
        // The calling thread scores the first chunk rather than wait idle.
        let mut all: Vec<T> = first.iter().map(f).collect();
        for other in others {
            // A panic in a scoring thread is a defect: re-raise it here, as the
            // single-threaded path would have.
            all.extend(
                other
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e)),
            );
        }
        all
    })
}

/// What-if weights: the context's current section weights in percent, with the
/// given sections replaced. The result goes into `ScoringContext::section_weights`;
/// nothing stored changes.
pub fn what_if_weights(
    q: &Questionnaire,
    ctx: &ScoringContext,
    overrides: &[(String, f64)],
) -> BTreeMap<String, f64> {
    let mut weights: BTreeMap<String, f64> = section_shares(q, ctx)
        .into_iter()
        .map(|(id, share)| (id, share * 100.0))
        .collect();
    for (section, weight) in overrides {
        weights.insert(section.clone(), *weight);
    }
    weights
}
