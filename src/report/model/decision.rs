//! "1. Decision", first after the cover: per vendor the verdict in plain words
//! with its reasons, what would pass each must-have that is not settled, and the
//! top of the request list (what to ask the vendor next).

use super::labels::{
    eligibility_label, insufficient_data, percent, rank_label, request_reason_label, t,
    threshold_text, verdict_label,
};
use super::{col, vendor_answers, Block, Cell, Row, Table, Tone};
use crate::report::data::ReportData;
use crate::scoring::{self, KnockoutOutcome, KnockoutResult, RequestReason, VendorScore, Verdict};
use crate::Lang;

/// Requests printed per vendor; the rest are in the app's request list.
pub const REQUESTS_SHOWN: usize = 10;

/// "1. Decision": verdicts, reasons, what passes, and the first requests.
pub(super) fn decision_page(data: &ReportData, scores: &[VendorScore], lang: Lang) -> Vec<Block> {
    let q = &data.questionnaire;
    let threshold = threshold_text(data.context().min_coverage);
    let mut b = vec![
        Block::PageBreak { landscape: false },
        Block::Heading(t(lang, "1. Decision", "1. 决定").into()),
        Block::Paragraph(
            match lang {
                Lang::En => format!(
                    "A verdict per vendor, in this order of weight: a must-have (knockout) that fails on a known answer means it does not meet the requirements; with less than {threshold} of the score resting on answers, an open must-have or a failure resting only on an unsupported claim, there is not enough information to decide; otherwise it meets them, with the conditions listed (claims to back with evidence, expired evidence, open questions), or without any."
                ),
                Lang::ZhCn => format!(
                    "按以下先后判定每家供应商：必备项（否决项）在已知回答上未通过，即不符合要求；分数中有回答支撑的部分不足 {threshold}、必备项尚未回答，或仅因缺乏证据的声明而未通过，则信息不足，无法判定；否则符合要求，并列出所附条件（需补充证据的声明、已过期的证据、待答问题），或无条件符合。"
                ),
            },
            Tone::Muted,
        ),
    ];
    if scores.is_empty() {
        b.push(Block::Paragraph("—".into(), Tone::Muted));
    }
    for s in scores {
        let tone = match s.decision.verdict {
            Verdict::Meets => Tone::Good,
            Verdict::MeetsWithConditions | Verdict::NotEnoughInformation => Tone::Normal,
            Verdict::DoesNotMeet => Tone::Alert,
        };
        b.push(Block::SubHeading(format!(
            "{} — {}",
            s.vendor,
            verdict_label(s.decision.verdict, lang)
        )));
        let rank = match s.rank {
            Some(_) => format!("{} {}", t(lang, "rank", "排名"), rank_label(s, lang)),
            None => format!(
                "{}{}",
                t(lang, "not ranked: ", "未排名："),
                insufficient_data(s, lang)
            ),
        };
        let range = if s.range.floor == s.range.ceiling {
            String::new()
        } else {
            match lang {
                Lang::En => format!(" (range {}–{})", s.range.floor, s.range.ceiling),
                Lang::ZhCn => format!("（范围 {}–{}）", s.range.floor, s.range.ceiling),
            }
        };
        b.push(Block::Paragraph(
            format!(
                "{} {} / 100{range} · {} {} · {} · {}",
                t(lang, "Score", "得分"),
                s.range.point,
                t(lang, "coverage", "覆盖率"),
                percent(s.coverage),
                eligibility_label(s.eligibility, lang),
                rank
            ),
            Tone::Strong,
        ));
        for reason in &s.decision.reasons {
            b.push(Block::Paragraph(format!("• {}", reason.get(lang)), tone));
        }
        let unsettled: Vec<&KnockoutResult> =
            s.knockouts.iter().filter(|k| k.is_unsettled()).collect();
        if !unsettled.is_empty() {
            b.push(Block::Paragraph(
                t(
                    lang,
                    "Must-haves not settled — what would pass it, for each:",
                    "尚未确定的必备项 — 各自的通过条件：",
                )
                .into(),
                Tone::Strong,
            ));
            for k in unsettled {
                b.push(Block::Paragraph(
                    match lang {
                        Lang::En => format!(
                            "• {} ({}): {}",
                            k.question,
                            knockout_state(k, lang),
                            k.to_pass.get(lang)
                        ),
                        Lang::ZhCn => format!(
                            "• {}（{}）：{}",
                            k.question,
                            knockout_state(k, lang),
                            k.to_pass.get(lang)
                        ),
                    },
                    Tone::Normal,
                ));
            }
        }
        let requests = scoring::requests(q, s, vendor_answers(data, &s.vendor));
        if requests.is_empty() {
            b.push(Block::Paragraph(
                t(
                    lang,
                    "Nothing to ask: every applicable question is answered and backed.",
                    "无需再询问：所有适用问题均已回答并有证据支持。",
                )
                .into(),
                Tone::Muted,
            ));
            continue;
        }
        b.push(Block::Paragraph(
            match lang {
                Lang::En => format!(
                    "To ask {} next ({} requests; must-haves first, then by points at stake):",
                    s.vendor,
                    requests.len()
                ),
                Lang::ZhCn => format!(
                    "接下来向 {} 询问（共 {} 项；必备项优先，其次按影响分值）：",
                    s.vendor,
                    requests.len()
                ),
            },
            Tone::Strong,
        ));
        let rows = requests
            .iter()
            .take(REQUESTS_SHOWN)
            .enumerate()
            .map(|(i, r)| {
                let text = q
                    .question(&r.question)
                    .map(|x| x.text.get(lang))
                    .unwrap_or("");
                let mut why = request_reason_label(r.reason, r.open, lang).to_string();
                if let Some(d) = r.expired_on {
                    why.push_str(&format!(" ({d})"));
                }
                if r.knockout {
                    why.push_str(t(lang, "\nmust-have", "\n必备项"));
                }
                // What passes a knockout is listed above the table.
                let ask = match (&r.evidence, r.reason) {
                    (Some(e), _) => e.get(lang).to_string(),
                    (None, RequestReason::Unanswered) => t(lang, "an answer", "回答").into(),
                    (None, RequestReason::Declined) => t(
                        lang,
                        "an answer, or accept the failure",
                        "回答，或接受未通过",
                    )
                    .into(),
                    (None, RequestReason::SecondarySource) => {
                        t(lang, "the vendor's own confirmation", "供应商本人确认").into()
                    }
                    (None, RequestReason::FailsKnockout) => t(
                        lang,
                        "a commitment that passes (above)",
                        "可通过的承诺（见上）",
                    )
                    .into(),
                    (None, _) => t(lang, "valid evidence", "有效证据").into(),
                };
                Row::Cells(vec![
                    Cell::new((i + 1).to_string()),
                    Cell::new(format!("{} {text}", r.question)),
                    Cell::tone(
                        why,
                        if r.knockout {
                            Tone::Alert
                        } else {
                            Tone::Normal
                        },
                    ),
                    Cell::new(ask),
                    Cell::new(format!("{}", r.impact)),
                ])
            })
            .collect();
        b.push(Block::Table(Table::plain(
            vec![
                col("#", 0.04),
                col(t(lang, "Question", "问题"), 0.34),
                col(t(lang, "Why", "原因"), 0.18),
                col(t(lang, "To ask for", "需索取"), 0.34),
                col(t(lang, "Points at stake", "影响分值"), 0.10),
            ],
            rows,
            3,
            7.5,
        )));
        if requests.len() > REQUESTS_SHOWN {
            let more = requests.len() - REQUESTS_SHOWN;
            b.push(Block::Paragraph(
                match lang {
                    Lang::En => format!("{more} more in the app's request list."),
                    Lang::ZhCn => format!("另有 {more} 项，见应用中的询问清单。"),
                },
                Tone::Muted,
            ));
        }
    }
    b
}

/// A must-have's state in words: failed (final or provisional), passed on a
/// claim, or not answered yet.
fn knockout_state(k: &KnockoutResult, lang: Lang) -> &'static str {
    match (&k.outcome, k.provisional) {
        (KnockoutOutcome::Failed { .. }, true) => t(
            lang,
            "failed provisionally — to be confirmed",
            "暂定未通过 — 待核实",
        ),
        (KnockoutOutcome::Failed { .. }, false) => t(lang, "failed", "未通过"),
        (KnockoutOutcome::Unknown, _) => t(lang, "not answered yet", "尚未回答"),
        _ => t(
            lang,
            "passed on the vendor's word only — provisional",
            "仅凭供应商声明通过 — 暂定",
        ),
    }
}
