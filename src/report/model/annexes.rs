//! The annexes: "A. Vendor representations" (the answers relied on, with source
//! and date), "B. Methodology" (profiles, shares, scoring rules) and the sign-off.

use super::labels::{answer_text, evidence_line, na, source_label, t};
use super::{col, find_answer, vendor_answers, Block, Cell, Row, Table, Tone};
use crate::report::data::ReportData;
use crate::scoring::{format_number, VendorScore, FORMULA_VERSION};
use crate::Lang;
use std::collections::BTreeMap;

/// "Annex A. Vendor representations": per vendor, the answers relied on.
pub(super) fn vendor_representations(
    data: &ReportData,
    scores: &[VendorScore],
    lang: Lang,
) -> Vec<Block> {
    let q = &data.questionnaire;
    let as_of = data.evaluation.as_of;
    let mut b = Vec::new();
    b.push(Block::PageBreak { landscape: false });
    b.push(Block::Heading(
        t(
            lang,
            "Annex A. Vendor representations",
            "附件 A. 供应商陈述",
        )
        .into(),
    ));
    b.push(Block::Paragraph(
        t(
            lang,
            "For each vendor, the answers the buyer relied on in this evaluation, with their source and date. The buyer may incorporate this annex into the contract by reference: the vendor represents that each statement is true and complete as of the date shown.",
            "以下按供应商列出采购方在本次评估中所依据的回答，以及其来源与日期。采购方可将本附件通过引用纳入合同：供应商声明每项陈述在所示日期真实、完整。",
        )
        .into(),
        Tone::Muted,
    ));
    for s in scores {
        b.push(Block::SubHeading(s.vendor.clone()));
        let answers = vendor_answers(data, &s.vendor);
        let mut rows = Vec::new();
        for (_, question) in q.questions() {
            let Some(a) = find_answer(answers, &question.id) else {
                continue;
            };
            let Some(text) = answer_text(question, Some(a), lang) else {
                continue;
            };
            let mut answer = text;
            if let Some(c) = a.comment.as_ref().filter(|c| !c.trim().is_empty()) {
                answer.push_str(&format!("\n{}: {c}", t(lang, "Comment", "说明")));
            }
            let source = match &a.provenance {
                None => t(lang, "not recorded", "未记录").to_string(),
                Some(p) => {
                    let mut s = source_label(p.source, lang).to_string();
                    if let Some(r) = &p.reference {
                        s.push_str(&format!("\n{r}"));
                    }
                    s
                }
            };
            let date = a
                .provenance
                .as_ref()
                .and_then(|p| p.as_of)
                .map(|d| d.to_string())
                .unwrap_or_else(na);
            let evidence = if a.evidence.is_empty() {
                na()
            } else {
                a.evidence
                    .iter()
                    .map(|e| {
                        let mut line = evidence_line(e, as_of, lang);
                        if let Some(i) = &e.issuer {
                            line.push_str(&format!("; {} {i}", t(lang, "issuer", "签发方")));
                        }
                        line
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            rows.push(Row::Cells(vec![
                Cell::new(format!("{} {}", question.id, question.text.get(lang))),
                Cell::new(answer),
                Cell::new(source),
                Cell::new(date),
                Cell::new(evidence),
            ]));
        }
        if rows.is_empty() {
            b.push(Block::Paragraph(
                t(lang, "No answers recorded.", "没有记录的回答。").into(),
                Tone::Muted,
            ));
            continue;
        }
        b.push(Block::Table(Table::plain(
            vec![
                col(t(lang, "Question", "问题"), 0.26),
                col(t(lang, "Answer relied on", "所依据的回答"), 0.28),
                col(t(lang, "Source", "来源"), 0.15),
                col(t(lang, "Date", "日期"), 0.10),
                col(t(lang, "Evidence", "证据"), 0.21),
            ],
            rows,
            30,
            7.5,
        )));
    }
    b
}

/// "Annex B. Methodology": buyer profiles, section shares, the scoring rules.
pub(super) fn methodology(
    data: &ReportData,
    shares: &BTreeMap<String, f64>,
    lang: Lang,
) -> Vec<Block> {
    let q = &data.questionnaire;
    let ev = &data.evaluation;
    let mut b = Vec::new();
    b.push(Block::PageBreak { landscape: false });
    b.push(Block::Heading(
        t(lang, "Annex B. Methodology", "附件 B. 方法说明").into(),
    ));
    b.push(Block::SubHeading(
        t(lang, "Buyer profiles", "适用场景").into(),
    ));
    let mut rows = Vec::new();
    for p in &q.profiles {
        let active = ev.profiles.contains(&p.id);
        let weights = q
            .sections
            .iter()
            .map(|s| {
                format!(
                    "{} {}",
                    s.id,
                    format_number(p.section_weights.get(&s.id).copied().unwrap_or(0.0))
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        rows.push(Row::Cells(vec![
            Cell::tone(
                format!(
                    "{} {}{}",
                    p.id,
                    p.name.get(lang),
                    if active {
                        t(lang, " (active)", "（启用）")
                    } else {
                        ""
                    }
                ),
                if active { Tone::Strong } else { Tone::Normal },
            ),
            Cell::new(p.description.get(lang)),
            Cell::new(weights),
        ]));
    }
    b.push(Block::Table(Table::plain(
        vec![
            col(t(lang, "Profile", "适用场景"), 0.22),
            col(t(lang, "What it switches on", "说明"), 0.38),
            col(t(lang, "Section weights", "章节权重"), 0.40),
        ],
        rows,
        12,
        7.5,
    )));
    b.push(Block::SubHeading(
        t(lang, "Section shares in this report", "本报告中各章节占比").into(),
    ));
    let mut rows = Vec::new();
    for s in &q.sections {
        let scored = s.questions.iter().filter(|x| x.answer.is_scored()).count();
        rows.push(Row::Cells(vec![
            Cell::new(format!("{} {}", s.id, s.title.get(lang))),
            Cell::new(format!(
                "{}%",
                crate::scoring::fixed(shares.get(&s.id).copied().unwrap_or(0.0) * 100.0, 1)
            )),
            Cell::new(format!("{} / {}", scored, s.questions.len())),
        ]));
    }
    b.push(Block::Table(Table::plain(
        vec![
            col(t(lang, "Section", "章节"), 0.6),
            col(t(lang, "Share of total", "占总分比例"), 0.2),
            col(t(lang, "Scored / questions", "计分题 / 总题数"), 0.2),
        ],
        rows,
        3,
        7.5,
    )));
    b.push(Block::SubHeading(format!(
        "{} ({FORMULA_VERSION})",
        t(lang, "Scoring rules", "评分规则")
    )));
    for rule in methodology_rules(lang) {
        b.push(Block::Paragraph(rule.to_string(), Tone::Normal));
    }
    b
}

/// The sign-off lines: prepared, reviewed, approved.
pub(super) fn sign_off(lang: Lang) -> Vec<Block> {
    vec![
        Block::SubHeading(t(lang, "Sign-off", "签署").into()),
        Block::SignOff {
            roles: vec![
                t(lang, "Prepared by", "编制").into(),
                t(lang, "Reviewed by", "审核").into(),
                t(lang, "Approved by", "批准").into(),
            ],
            columns: vec![
                t(lang, "Name", "姓名").into(),
                t(lang, "Signature", "签名").into(),
                t(lang, "Date", "日期").into(),
            ],
        },
    ]
}

/// The scoring rules as printed in the methodology annex.
fn methodology_rules(lang: Lang) -> Vec<&'static str> {
    match lang {
        Lang::En => vec![
            "• Question score (0–100) = raw score × evidence factor. Yes/No 100/0; Yes/Partial/No 100/50/0; a choice scores its option; multi-select sums its options' points, capped at 100; numbers and dates score by threshold bands; \"no commitment\" scores 0; free text is shown, not scored. A question the vendor declined to answer scores 0 as a known outcome and fails its knockouts.",
            "• Evidence factor: 1 with valid evidence or when none is required; the question's missing factor (default 0.5, flag CLAIMED) when required evidence is absent. Evidence never makes a score worse than none: when every piece has expired at the as-of date the answer keeps at least the claim's credit (flag EXPIRED, and the current document is requested). Valid evidence that expires within 90 days is flagged EXPIRING. An answer that earns no credit (no certificate, no report) needs no evidence.",
            "• Section score = Σ(weight × score) / Σ weight over applicable questions. N/A (with a reason), hidden (condition not met) and free-text questions leave the denominator. A section nobody answered has no score (\"no data\"), never 0.",
            "• Unknown is not No: an unanswered question counts 0 in today's score and is flagged UNKNOWN; every score is also a range, from the floor (each open question at its worst, 0) to the ceiling (each at its best answer, with evidence). Coverage is the share of the score resting on known answers; an unanswered knockout leaves eligibility undetermined, never eligible.",
            "• Section shares = the mean of the active profiles' normalised section weights (or the weights set for this evaluation, listed on the cover), renormalised over sections with applicable questions. Total = Σ question contributions (share × w/Σw × score), each rounded to a millionth of a point, so the breakdown adds up exactly.",
            "• Knockouts are judged apart from the total: a failed gate makes a vendor not eligible whatever its score. A failure resting only on a claim without valid evidence or on a secondary source is provisional (\"provisionally not eligible\", to be confirmed), never final; a gate passed without the required valid evidence passes on claim, provisionally.",
            "• Rank: only vendors whose coverage reaches the evaluation's threshold (default 60 %) are ranked; vendors of the same eligibility whose ranges overlap cannot be told apart and share a rank (tied within what is known).",
            "• Verdict: a final knockout failure → does not meet the requirements; coverage below the threshold, an open knockout or a provisional failure → not enough information; otherwise meets them, with conditions when a knockout passes on a claim, evidence is missing or expired, the vendor declined a question, or questions are open.",
            "• Completeness = (answered + N/A) ÷ visible questions, free text included.",
        ],
        Lang::ZhCn => vec![
            "• 问题得分（0–100）= 原始得分 × 证据系数。是/否 计 100/0；是/部分/否 计 100/50/0；单选按所选选项计分；多选按所选选项分值求和，上限 100；数值与日期按区间计分；“无承诺”计 0；自由文本仅展示，不计分。供应商拒绝回答的问题作为已知结果计 0 分，并视为未通过其否决项。",
            "• 证据系数：有有效证据或无需证据时为 1；要求证据但未提供时为该题的缺失系数（默认 0.5，标记“仅声明”）。证据绝不会使得分低于无证据：全部证据在基准日已过期时，回答至少保留声明的得分（标记“已过期”，并索取最新文件）。有效证据将在 90 天内到期时标记“90天内到期”。不得分的回答（如无证书、无报告）无需证据。",
            "• 章节得分 = Σ(权重 × 得分) / Σ权重，仅计适用问题。不适用（须说明理由）、隐藏（条件不满足）及自由文本问题不计入分母。尚无任何回答的章节没有得分（“无数据”），绝不显示为 0。",
            "• 未知不等于否：未回答的问题在当前得分中计 0 并标记“未知”；每个得分同时给出范围：下限（待答问题取最差，0 分）至上限（待答问题取最佳回答并有证据）。覆盖率为分数中由已知回答支撑的比例；未回答的否决项使准入状态为“待定”，而非“符合”。",
            "• 章节占比 = 启用适用场景归一化章节权重的平均值（或本次评估自定义的权重，见封面），并在有适用问题的章节之间重新归一化。总分 = 各问题贡献之和（占比 × w/Σw × 得分），每项精确到百万分之一分，因此明细与总分严格相等。",
            "• 否决项独立于总分判定：任何否决项未通过即不符合准入，与得分无关。若未通过仅基于无有效证据的声明或二手来源，则为暂定（“暂定不符合准入”，待核实），并非最终结论；缺少所需有效证据而通过的视为“基于声明通过”，亦为暂定。",
            "• 排名：仅对覆盖率达到本评估阈值（默认 60 %）的供应商排名；准入状态相同且得分范围重叠的供应商无法区分，共享同一名次（在已知范围内并列）。",
            "• 决定：否决项最终未通过 → 不符合要求；覆盖率低于阈值、否决项尚未回答或暂定未通过 → 信息不足；否则符合要求，若有否决项仅凭声明通过、证据缺失或过期、供应商拒绝回答某些问题、或仍有待答问题，则为有条件符合。",
            "• 完成度 =（已答 + 不适用）÷ 显示的问题数，含自由文本问题。",
        ],
    }
}
