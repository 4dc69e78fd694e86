//! Must-have gates, judged apart from the weighted score: a vendor that fails one is
//! not eligible whatever its total, and each failure names the answer behind it.

use super::interpret::{display, raw_score, read, Given, Reading};
use super::{evidence_status, EvidenceStatus, ScoringContext};
use crate::answers::Answer;
use crate::questionnaire::{Knockout, KnockoutRule, Question, Questionnaire};
use crate::Text;
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Eligibility {
    /// Every active gate passed.
    Eligible,
    /// No gate failed, but at least one is unanswered.
    Undetermined,
    /// At least one gate failed.
    NotEligible,
}

impl Eligibility {
    pub(super) fn rank(self) -> u8 {
        match self {
            Eligibility::Eligible => 0,
            Eligibility::Undetermined => 1,
            Eligibility::NotEligible => 2,
        }
    }

    pub(super) fn from_results(results: &[KnockoutResult]) -> Eligibility {
        if results
            .iter()
            .any(|k| matches!(k.outcome, KnockoutOutcome::Failed { .. }))
        {
            Eligibility::NotEligible
        } else if results
            .iter()
            .any(|k| k.outcome == KnockoutOutcome::Unknown)
        {
            Eligibility::Undetermined
        } else {
            Eligibility::Eligible
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum KnockoutOutcome {
    Passed,
    /// Passed on the vendor's word: the evidence the question requires is missing.
    PassedOnClaim,
    Failed {
        reason: String,
    },
    /// Unanswered: the gate can be judged only once the vendor answers.
    Unknown,
    /// The buyer recorded the question as not applicable, with this reason.
    NotApplicable {
        reason: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KnockoutResult {
    pub question: String,
    /// The profiles that switched this gate on (empty: always on).
    pub profiles: Vec<String>,
    pub requirement: Text,
    /// The answer judged, in English words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    #[serde(flatten)]
    pub outcome: KnockoutOutcome,
}

/// Whether a gate is switched on by the active profiles.
pub fn is_active(k: &Knockout, ctx: &ScoringContext) -> bool {
    match &k.profiles {
        None => true,
        Some(ps) => ps.iter().any(|p| ctx.profiles.contains(p)),
    }
}

pub(super) fn evaluate(
    q: &Questionnaire,
    ctx: &ScoringContext,
    answers: &HashMap<&str, &Answer>,
    visible: &HashMap<&str, bool>,
) -> Vec<KnockoutResult> {
    let mut out = Vec::new();
    for (_, question) in q.questions() {
        // A hidden question's gate does not apply: its premise is absent.
        if !visible.get(question.id.as_str()).copied().unwrap_or(true) {
            continue;
        }
        for k in question.knockouts.iter().filter(|k| is_active(k, ctx)) {
            let answer = answers.get(question.id.as_str()).copied();
            let (answer_text, outcome) = judge(question, k, answer, ctx);
            out.push(KnockoutResult {
                question: question.id.clone(),
                profiles: k.profiles.clone().unwrap_or_default(),
                requirement: k.description.clone(),
                answer: answer_text,
                outcome,
            });
        }
    }
    out
}

fn judge(
    question: &Question,
    k: &Knockout,
    answer: Option<&Answer>,
    ctx: &ScoringContext,
) -> (Option<String>, KnockoutOutcome) {
    let given = match read(question, answer) {
        Ok(Reading::Given(g)) => g,
        Ok(Reading::NotApplicable(reason)) => {
            return (
                None,
                KnockoutOutcome::NotApplicable {
                    reason: reason.to_string(),
                },
            )
        }
        Ok(Reading::Unanswered) | Err(_) => return (None, KnockoutOutcome::Unknown),
    };
    let text = display(&question.answer, &given, crate::Lang::En);
    let fail = |reason: String| (Some(text.clone()), KnockoutOutcome::Failed { reason });
    if let Some(reason) = rule_failure(question, &k.rule, &given, ctx) {
        return fail(reason);
    }
    let evidence = answer.map(|a| a.evidence.as_slice()).unwrap_or(&[]);
    match evidence_status(question, evidence, ctx.as_of).0 {
        EvidenceStatus::Expired => fail("the evidence for this answer has expired".to_string()),
        EvidenceStatus::Claimed => (Some(text), KnockoutOutcome::PassedOnClaim),
        _ => (Some(text), KnockoutOutcome::Passed),
    }
}

/// Why `given` fails `rule`, or `None` when it satisfies it.
fn rule_failure(
    question: &Question,
    rule: &KnockoutRule,
    given: &Given,
    ctx: &ScoringContext,
) -> Option<String> {
    let number_text = |n: f64| super::format_number(n);
    match (rule, given) {
        (KnockoutRule::OneOf(ids), Given::Selected(id) | Given::Alternative(id)) => {
            (!ids.iter().any(|i| i == id))
                .then(|| "the answer is not one of the accepted answers".to_string())
        }
        (KnockoutRule::IncludesAll(ids), Given::SelectedMany(selected)) => {
            let missing: Vec<&str> = ids
                .iter()
                .filter(|i| !selected.contains(&i.as_str()))
                .map(String::as_str)
                .collect();
            (!missing.is_empty())
                .then(|| format!("required but not selected: {}", missing.join(", ")))
        }
        (KnockoutRule::AtMost(max), Given::Number(n)) => (n > max).then(|| {
            format!(
                "{} exceeds the maximum of {}",
                number_text(*n),
                number_text(*max)
            )
        }),
        (KnockoutRule::AtLeast(min), Given::Number(n)) => (n < min).then(|| {
            format!(
                "{} is below the minimum of {}",
                number_text(*n),
                number_text(*min)
            )
        }),
        (KnockoutRule::AtMost(_) | KnockoutRule::AtLeast(_), Given::NoCommitment) => {
            Some("the vendor makes no commitment".to_string())
        }
        (KnockoutRule::AtMost(_) | KnockoutRule::AtLeast(_), Given::Alternative(_)) => {
            Some("no number was committed".to_string())
        }
        (KnockoutRule::MinScore(min), given) => {
            let score = raw_score(&question.answer, given, ctx.as_of).score;
            (score < *min).then(|| {
                format!(
                    "the answer scores {} of the required {}",
                    number_text(score),
                    number_text(*min)
                )
            })
        }
        (KnockoutRule::OneOf(_), Given::NoCommitment) => {
            Some("the vendor makes no commitment".to_string())
        }
        _ => Some("the answer does not meet the requirement".to_string()),
    }
}
