//! "6. Findings per vendor": failed and open knockouts, expired and expiring
//! evidence, claims without evidence, unknowns, and the lowest-scoring items.

use super::labels::{
    answer_text, eligibility_label, evidence_line, na, percent, score_text, t, total_with_range,
};
use super::{find_answer, vendor_answers, Block, Tone};
use crate::report::data::ReportData;
use crate::scoring::{self, Flag, KnockoutOutcome, QuestionStatus, VendorScore};
use crate::Lang;

/// "6. Findings per vendor": one sub-heading and its findings per vendor.
pub(super) fn findings_per_vendor(
    data: &ReportData,
    scores: &[VendorScore],
    lang: Lang,
) -> Vec<Block> {
    let mut b = Vec::new();
    b.push(Block::PageBreak { landscape: false });
    b.push(Block::Heading(
        t(lang, "6. Findings per vendor", "6. 各供应商发现").into(),
    ));
    if scores.is_empty() {
        b.push(Block::Paragraph(na(), Tone::Muted));
    }
    for s in scores {
        b.push(Block::SubHeading(format!(
            "{} — {} / 100 — {} {} — {}",
            s.vendor,
            total_with_range(&s.range),
            t(lang, "coverage", "覆盖率"),
            percent(s.coverage),
            eligibility_label(s.eligibility, lang)
        )));
        vendor_findings(&mut b, data, s, lang);
    }
    b
}

/// One vendor's findings, as bullet paragraphs.
fn vendor_findings(b: &mut Vec<Block>, data: &ReportData, s: &VendorScore, lang: Lang) {
    let q = &data.questionnaire;
    let as_of = data.evaluation.as_of;
    let answers = vendor_answers(data, &s.vendor);
    let mut lines: Vec<(String, Tone)> = Vec::new();
    for k in s.failed_knockouts() {
        if let KnockoutOutcome::Failed { reason } = &k.outcome {
            let (label, tone) = if k.provisional {
                (
                    t(
                        lang,
                        "Must-have not met, provisionally (to be confirmed)",
                        "必备项暂定未满足（待核实）",
                    ),
                    Tone::Normal,
                )
            } else {
                (t(lang, "Must-have not met", "未满足必备项"), Tone::Alert)
            };
            lines.push((
                format!(
                    "• {label} {}: {} — {}",
                    k.question,
                    k.requirement.get(lang),
                    reason.get(lang)
                ),
                tone,
            ));
        }
    }
    for k in s.open_knockouts() {
        lines.push((
            format!(
                "• {} {}: {}",
                t(lang, "Must-have not yet answered", "必备项尚未回答"),
                k.question,
                k.requirement.get(lang)
            ),
            Tone::Normal,
        ));
    }
    let with = |f: Flag| -> Vec<&scoring::QuestionScore> {
        s.questions().filter(|x| x.flags.contains(&f)).collect()
    };
    for (flag, label) in [
        (
            Flag::EvidenceExpired,
            t(lang, "Expired evidence", "证据已过期"),
        ),
        (
            Flag::ExpiringSoon,
            t(lang, "Expires within 90 days", "90 天内到期"),
        ),
    ] {
        for qs in with(flag) {
            let ev = find_answer(answers, &qs.question)
                .map(|a| {
                    a.evidence
                        .iter()
                        .map(|e| evidence_line(e, as_of, lang))
                        .collect::<Vec<_>>()
                        .join("; ")
                })
                .unwrap_or_default();
            lines.push((format!("• {label} {}: {ev}", qs.question), Tone::Alert));
        }
    }
    for (flag, label) in [
        (
            Flag::Claimed,
            t(
                lang,
                "Claimed without the required evidence",
                "要求证据但仅有声明",
            ),
        ),
        (
            Flag::Unknown,
            t(
                lang,
                "Unknown (not answered: 0 today, counted in the range)",
                "未知（未回答：当前计 0 分，计入范围）",
            ),
        ),
    ] {
        let ids: Vec<&str> = with(flag).iter().map(|x| &*x.question).collect();
        if !ids.is_empty() {
            lines.push((
                format!("• {label} ({}): {}", ids.len(), ids.join(", ")),
                Tone::Normal,
            ));
        }
    }
    let declined: Vec<&str> = s
        .questions()
        .filter(|x| x.status == QuestionStatus::Declined)
        .map(|x| &*x.question)
        .collect();
    if !declined.is_empty() {
        lines.push((
            format!(
                "• {} ({}): {}",
                t(lang, "Declined to answer (scored 0)", "拒绝回答（计 0 分）"),
                declined.len(),
                declined.join(", ")
            ),
            Tone::Alert,
        ));
    }
    let mut lowest: Vec<&scoring::QuestionScore> = s
        .questions()
        .filter(|x| x.status == QuestionStatus::Answered && x.weight > 0.0 && x.score < 100.0)
        .collect();
    lowest.sort_by(|a, b| {
        a.score
            .total_cmp(&b.score)
            .then(b.weight.total_cmp(&a.weight))
            .then(a.question.cmp(&b.question))
    });
    if !lowest.is_empty() {
        lines.push((
            t(lang, "Lowest-scoring answered items:", "得分最低的已答项：").into(),
            Tone::Strong,
        ));
        for qs in lowest.iter().take(5) {
            let question = q.question(&qs.question);
            let text = question.map(|x| x.text.get(lang)).unwrap_or("");
            let answer = question
                .and_then(|qq| answer_text(qq, find_answer(answers, &qs.question), lang))
                .unwrap_or_default();
            lines.push((
                format!(
                    "• {} {} — {} — {} {}",
                    qs.question,
                    text,
                    answer,
                    t(lang, "score", "得分"),
                    score_text(qs.score)
                ),
                Tone::Normal,
            ));
        }
    }
    if lines.is_empty() {
        lines.push((t(lang, "No findings.", "无发现。").into(), Tone::Muted));
    }
    for (l, tone) in lines {
        b.push(Block::Paragraph(l, tone));
    }
}
