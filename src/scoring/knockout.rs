//! Must-have gates, judged apart from the weighted score: a vendor that fails one is
//! not eligible whatever its total, and each failure names the answer behind it.

use super::interpret::{display, raw_score, read, Given, Reading};
use super::{evidence_status, EvidenceStatus, ScoringContext};
use crate::answers::Answer;
use crate::questionnaire::{Knockout, KnockoutRule, Question};
use crate::Text;
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

/// Knockout gates, judged apart from the score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Eligibility {
    /// Every active gate passed.
    Eligible,
    /// No gate failed, but at least one is unanswered.
    Undetermined,
    /// A gate failed, but only on an unsupported claim or a secondary source:
    /// to be confirmed before it is final.
    ProvisionallyNotEligible,
    /// At least one gate failed on a known answer (stated with evidence where the
    /// question requires it, or declined by the vendor).
    NotEligible,
}

impl Eligibility {
    pub(super) fn rank(self) -> u8 {
        match self {
            Eligibility::Eligible => 0,
            Eligibility::Undetermined => 1,
            Eligibility::ProvisionallyNotEligible => 2,
            Eligibility::NotEligible => 3,
        }
    }

    pub(super) fn from_results(results: &[KnockoutResult]) -> Eligibility {
        let failed = |provisional: bool| {
            results.iter().any(|k| {
                matches!(k.outcome, KnockoutOutcome::Failed { .. }) && k.provisional == provisional
            })
        };
        if failed(false) {
            Eligibility::NotEligible
        } else if failed(true) {
            Eligibility::ProvisionallyNotEligible
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
    /// (Provisional: also when the evidence has expired, or the answer comes from a
    /// secondary source without valid evidence.)
    PassedOnClaim,
    Failed {
        /// Why, in both languages (e.g. "96 exceeds the maximum of 72").
        reason: Text,
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
    /// The answer judged, in words, in both languages (option labels, numbers
    /// with their unit; never an option id).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<Text>,
    #[serde(flatten)]
    pub outcome: KnockoutOutcome,
    /// The outcome rests only on the vendor's unsupported claim (evidence required,
    /// none valid) or on a secondary source: to be confirmed, never final.
    pub provisional: bool,
    /// What answer and evidence would pass the gate, in both languages.
    pub to_pass: Text,
}

impl KnockoutResult {
    /// Not settled: failed, unanswered, or resting on an unsupported claim or a
    /// secondary source. What the decision page, the request list and the
    /// workbook's decision sheet list with what would pass it.
    pub fn is_unsettled(&self) -> bool {
        self.provisional
            || matches!(
                self.outcome,
                KnockoutOutcome::Failed { .. } | KnockoutOutcome::Unknown
            )
    }
}

/// Whether a gate is switched on by the active profiles.
pub fn is_active(k: &Knockout, ctx: &ScoringContext) -> bool {
    match &k.profiles {
        None => true,
        Some(ps) => ps.iter().any(|p| ctx.profiles.contains(p)),
    }
}

/// A question with knockouts, and what passes each of them.
pub(super) struct Gated<'q> {
    pub question: &'q Question,
    pub to_pass: Vec<Text>,
}

pub(super) fn evaluate(
    gated: &[Gated],
    ctx: &ScoringContext,
    answers: &HashMap<&str, &Answer>,
    visible: &HashMap<&str, bool>,
) -> Vec<KnockoutResult> {
    let mut out = Vec::new();
    for &Gated {
        question,
        ref to_pass,
    } in gated
    {
        // A hidden question's gate does not apply: its premise is absent.
        if !super::is_shown(question, visible) {
            continue;
        }
        for (k, to_pass) in question
            .knockouts
            .iter()
            .zip(to_pass)
            .filter(|(k, _)| is_active(k, ctx))
        {
            let answer = answers.get(question.id.as_str()).copied();
            let (answer_text, outcome) = judge(question, k, answer, ctx);
            let provisional = match &outcome {
                KnockoutOutcome::PassedOnClaim => true,
                KnockoutOutcome::Failed { .. } => {
                    answer.is_some_and(|a| rests_on_claim(question, a, ctx))
                }
                _ => false,
            };
            out.push(KnockoutResult {
                question: question.id.clone(),
                profiles: k.profiles.clone().unwrap_or_default(),
                requirement: k.description.clone(),
                answer: answer_text,
                outcome,
                provisional,
                to_pass: to_pass.clone(),
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
) -> (Option<Text>, KnockoutOutcome) {
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
        Ok(Reading::Declined) => {
            return (
                Some(both("declined to answer", "拒绝回答")),
                KnockoutOutcome::Failed {
                    reason: both("the vendor declined to answer", "供应商拒绝回答"),
                },
            )
        }
        Ok(Reading::Unanswered(_)) | Err(_) => return (None, KnockoutOutcome::Unknown),
    };
    let text = in_words(question, &given);
    let fail = |reason: Text| (Some(text.clone()), KnockoutOutcome::Failed { reason });
    if let Some(reason) = rule_failure(question, &k.rule, &given, ctx) {
        return fail(reason);
    }
    // Expired evidence is no worse than none: the gate passes on the claim,
    // provisionally, and the expired evidence is a finding.
    if answer.is_some_and(|a| rests_on_claim(question, a, ctx)) {
        (Some(text), KnockoutOutcome::PassedOnClaim)
    } else {
        (Some(text), KnockoutOutcome::Passed)
    }
}

/// Whether an answer rests only on the vendor's unsupported claim (evidence
/// required, none valid) or on a secondary source without valid evidence.
pub(super) fn rests_on_claim(question: &Question, answer: &Answer, ctx: &ScoringContext) -> bool {
    if answer.state.is_some() {
        return false; // declined: the vendor's own refusal, final
    }
    match evidence_status(question, &answer.evidence, ctx.as_of).0 {
        EvidenceStatus::Supported => false,
        EvidenceStatus::Claimed | EvidenceStatus::Expired => true,
        EvidenceStatus::NotRequired => answer.provenance.as_ref().is_some_and(|p| p.is_secondary()),
    }
}

/// Both languages of a reason.
fn both(en: impl Into<String>, zh: impl Into<String>) -> Text {
    Text {
        en: en.into(),
        zh_cn: zh.into(),
    }
}

/// An answer in words, in both languages.
fn in_words(question: &Question, given: &Given) -> Text {
    both(
        display(&question.answer, given, crate::Lang::En),
        display(&question.answer, given, crate::Lang::ZhCn),
    )
}

/// Labels in one language, each in quotation marks, joined by `sep`.
fn quoted_list(labels: &[Text], lang: crate::Lang, sep: &str) -> String {
    labels
        .iter()
        .map(|l| format!("“{}”", l.get(lang)))
        .collect::<Vec<_>>()
        .join(sep)
}

/// Why `given` fails `rule`, in both languages, or `None` when it satisfies it:
/// the rule itself, with the answer's and the limit's unit, or the accepted
/// answers by their labels.
fn rule_failure(
    question: &Question,
    rule: &KnockoutRule,
    given: &Given,
    ctx: &ScoringContext,
) -> Option<Text> {
    let n = super::format_number;
    let no_commitment = || both("the vendor makes no commitment", "供应商未作承诺");
    match (rule, given) {
        (KnockoutRule::OneOf(ids), Given::Selected(id) | Given::Alternative(id)) => {
            (!ids.iter().any(|i| i == id)).then(|| {
                let answer = in_words(question, given);
                let accepted: Vec<Text> = ids
                    .iter()
                    .map(|i| in_words(question, &Given::Selected(i)))
                    .collect();
                let list = |lang, sep| quoted_list(&accepted, lang, sep);
                both(
                    format!(
                        "“{}” is not accepted; accepted: {}",
                        answer.en,
                        list(crate::Lang::En, " or ")
                    ),
                    format!(
                        "“{}”不符合要求；可接受：{}",
                        answer.zh_cn,
                        list(crate::Lang::ZhCn, "或")
                    ),
                )
            })
        }
        (KnockoutRule::IncludesAll(ids), Given::SelectedMany(selected)) => {
            let missing: Vec<Text> = ids
                .iter()
                .filter(|i| !selected.contains(&i.as_str()))
                .map(|i| in_words(question, &Given::Selected(i)))
                .collect();
            let list = |lang, sep| quoted_list(&missing, lang, sep);
            (!missing.is_empty()).then(|| {
                both(
                    format!("required but not selected: {}", list(crate::Lang::En, ", ")),
                    format!("必选项未选择：{}", list(crate::Lang::ZhCn, "、")),
                )
            })
        }
        (KnockoutRule::AtMost(max), Given::Number(v)) => (v > max).then(|| {
            let (v, max) = (
                in_words(question, given),
                in_words(question, &Given::Number(*max)),
            );
            both(
                format!("{} exceeds the maximum of {}", v.en, max.en),
                format!("{}，超过上限 {}", v.zh_cn, max.zh_cn),
            )
        }),
        (KnockoutRule::AtLeast(min), Given::Number(v)) => (v < min).then(|| {
            let (v, min) = (
                in_words(question, given),
                in_words(question, &Given::Number(*min)),
            );
            both(
                format!("{} is below the minimum of {}", v.en, min.en),
                format!("{}，低于下限 {}", v.zh_cn, min.zh_cn),
            )
        }),
        (KnockoutRule::AtMost(_) | KnockoutRule::AtLeast(_), Given::NoCommitment) => {
            Some(no_commitment())
        }
        (KnockoutRule::AtMost(_) | KnockoutRule::AtLeast(_), Given::Alternative(_)) => {
            Some(both("no number was committed", "未承诺具体数值"))
        }
        (KnockoutRule::MinScore(min), given) => {
            let score = raw_score(&question.answer, given, ctx.as_of).score;
            (score < *min).then(|| {
                both(
                    format!("the answer scores {} of the required {}", n(score), n(*min)),
                    format!("回答得分 {}，要求至少 {}", n(score), n(*min)),
                )
            })
        }
        (KnockoutRule::OneOf(_), Given::NoCommitment) => Some(no_commitment()),
        _ => Some(both(
            "the answer does not meet the requirement",
            "回答不满足要求",
        )),
    }
}
