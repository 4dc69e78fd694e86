//! A verdict per vendor in plain words, with the reasons behind it. The order of
//! the rules is the order of their weight for a buyer: a final knockout failure
//! decides alone; then too little is known to say; then what would still have to
//! be confirmed.

use super::{Eligibility, Flag, KnockoutOutcome, QuestionStatus, ScoringContext, VendorScore};
use crate::Text;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Every must-have passes on evidence, every question is answered and backed.
    Meets,
    /// Every must-have passes, with conditions: claims to back with evidence,
    /// expired evidence to renew, questions the vendor declined, questions still open.
    MeetsWithConditions,
    /// A must-have fails on a known answer.
    DoesNotMeet,
    /// Coverage is below the threshold, or a must-have is open or fails only
    /// provisionally.
    #[default]
    NotEnoughInformation,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Decision {
    pub verdict: Verdict,
    /// Why, one sentence each, in both languages.
    pub reasons: Vec<Text>,
}

fn both(en: String, zh: String) -> Text {
    Text { en, zh_cn: zh }
}

fn percent(share: f64) -> String {
    format!("{} %", super::whole_percent(share))
}

pub(super) fn decide(ctx: &ScoringContext, v: &VendorScore) -> Decision {
    let gate = |outcome: fn(&KnockoutOutcome) -> bool, provisional: bool| {
        v.knockouts
            .iter()
            .filter(move |k| outcome(&k.outcome) && k.provisional == provisional)
    };
    let failed = |o: &KnockoutOutcome| matches!(o, KnockoutOutcome::Failed { .. });
    let mut reasons = Vec::new();

    if v.eligibility == Eligibility::NotEligible {
        for k in gate(failed, false) {
            let KnockoutOutcome::Failed { reason } = &k.outcome else {
                continue;
            };
            reasons.push(both(
                format!("{} fails a must-have: {}.", k.question, reason.en),
                format!("{} 未满足必备项：{}。", k.question, reason.zh_cn),
            ));
        }
        return Decision {
            verdict: Verdict::DoesNotMeet,
            reasons,
        };
    }

    let below = v.coverage + 1e-12 < ctx.min_coverage || v.coverage == 0.0;
    if below {
        reasons.push(both(
            format!(
                "Only {} of the score rests on answers (this evaluation needs {}): {} questions open.",
                percent(v.coverage),
                percent(ctx.min_coverage),
                v.open_questions
            ),
            format!(
                "仅 {} 的分数基于已有回答（本评估要求 {}）：{} 个问题待答。",
                percent(v.coverage),
                percent(ctx.min_coverage),
                v.open_questions
            ),
        ));
    }
    for k in gate(failed, true) {
        if let KnockoutOutcome::Failed { reason } = &k.outcome {
            reasons.push(both(
                format!(
                    "{} fails a must-have provisionally ({}), on a claim without valid evidence or a secondary source: confirm with the vendor.",
                    k.question, reason.en
                ),
                format!(
                    "{} 暂未满足必备项（{}），依据为无有效证据的声明或二手来源：请向供应商核实。",
                    k.question, reason.zh_cn
                ),
            ));
        }
    }
    for k in gate(|o| *o == KnockoutOutcome::Unknown, false) {
        reasons.push(both(
            format!("{} (a must-have) is not answered yet.", k.question),
            format!("{}（必备项）尚未回答。", k.question),
        ));
    }
    if !reasons.is_empty() {
        return Decision {
            verdict: Verdict::NotEnoughInformation,
            reasons,
        };
    }

    for k in gate(|o| *o == KnockoutOutcome::PassedOnClaim, true) {
        reasons.push(both(
            format!(
                "{} passes a must-have on the vendor's word only: ask for evidence.",
                k.question
            ),
            format!("{} 仅凭供应商声明通过必备项：请索取证据。", k.question),
        ));
    }
    let count = |flag: Flag| {
        v.questions()
            .filter(|q| q.status == QuestionStatus::Answered && q.flags.contains(&flag))
            .count()
    };
    let (claimed, expired) = (count(Flag::Claimed), count(Flag::EvidenceExpired));
    if claimed > 0 {
        reasons.push(both(
            format!("{claimed} answers are claimed without the evidence they require."),
            format!("{claimed} 个回答缺少所要求的证据，仅为声明。"),
        ));
    }
    if expired > 0 {
        reasons.push(both(
            format!("{expired} answers rest on expired evidence: ask for the current documents."),
            format!("{expired} 个回答的证据已过期：请索取最新文件。"),
        ));
    }
    let declined: Vec<&str> = v
        .questions()
        .filter(|q| q.status == QuestionStatus::Declined)
        .map(|q| &*q.question)
        .collect();
    if !declined.is_empty() {
        reasons.push(both(
            format!(
                "The vendor declined to answer {} ({}), scored 0: ask again, or accept the gap.",
                declined.join(", "),
                declined.len()
            ),
            format!(
                "供应商拒绝回答 {}（{} 个问题），计 0 分：请再次询问，或接受该缺口。",
                declined.join("、"),
                declined.len()
            ),
        ));
    }
    if v.open_questions > 0 {
        reasons.push(both(
            format!(
                "{} questions are still open ({} of the score is known).",
                v.open_questions,
                percent(v.coverage)
            ),
            format!(
                "仍有 {} 个问题待答（已知部分占分数的 {}）。",
                v.open_questions,
                percent(v.coverage)
            ),
        ));
    }
    if !reasons.is_empty() {
        return Decision {
            verdict: Verdict::MeetsWithConditions,
            reasons,
        };
    }
    reasons.push(both(
        "Every must-have passes on evidence and every question is answered.".into(),
        "所有必备项均有证据支持并通过，所有问题均已回答。".into(),
    ));
    Decision {
        verdict: Verdict::Meets,
        reasons,
    }
}
