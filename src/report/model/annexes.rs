//! The annexes: "A. Statements relied on, by who made them" (the vendor's own
//! statements apart from other sources', and what is open), "B. Methodology" (profiles, shares, scoring rules) and the sign-off.

use super::labels::{answer_text, evidence_line, na, open_label, source_label, t};
use super::{col, find_answer, vendor_answers, Block, Cell, Row, Table, Tone};
use crate::report::data::ReportData;
use crate::scoring::{format_number, Open, QuestionStatus, VendorScore, FORMULA_VERSION};
use crate::Lang;
use std::collections::BTreeMap;

fn has_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// A text the data gives in both languages as "English / 中文" (how the samples
/// and many filled workbooks write them): its two halves, when the part before a
/// " / " has no Chinese and the part after begins in Chinese.
fn halves(text: &str) -> Option<(&str, &str)> {
    text.match_indices(" / ").find_map(|(i, _)| {
        let (en, zh) = (&text[..i], text[i + 3..].trim_start());
        let starts_chinese = zh
            .chars()
            .next()
            .is_some_and(|c| has_chinese(&c.to_string()) || "“「（《".contains(c));
        (!en.trim().is_empty() && !has_chinese(en) && starts_chinese).then_some((en, zh))
    })
}

/// A text from the data as printed in `lang`: the half in `lang` when the data
/// has both ("English / 中文"); otherwise as recorded, marked untranslated when
/// it is plainly in the other language.
fn as_recorded(text: &str, lang: Lang) -> String {
    if let Some((en, zh)) = halves(text) {
        return match lang {
            Lang::En => en.to_string(),
            Lang::ZhCn => zh.to_string(),
        };
    }
    let latin = text.chars().any(|c| c.is_ascii_alphabetic());
    match lang {
        Lang::ZhCn if !has_chinese(text) && latin => format!("{text}（原文，未翻译）"),
        Lang::En if has_chinese(text) && !latin => format!("{text} (original, untranslated)"),
        _ => text.to_string(),
    }
}

/// "Annex A": per vendor, what the report relies on, by who said it — the
/// vendor's own statements (its representations, with a countersignature
/// block), statements from other sources (with source, confidence and date),
/// and the questions still open.
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
            "Annex A. Statements relied on, by who made them",
            "附件 A. 所依据的陈述（按陈述方）",
        )
        .into(),
    ));
    b.push(Block::Paragraph(
        t(
            lang,
            "For each vendor: A.1 the vendor's own statements to the buyer (in its questionnaire or workbook, or in a contract clause), with where and when it made them — only these are the vendor's representations, and only these may be incorporated into the contract as such, once the vendor countersigns them; A.2 statements the buyer relied on from other sources (public documentation, secondary reports, the buyer's own verification), with their source, confidence tag (V vendor or standards text, S secondary, S-low weak secondary) and date — not statements by the vendor; A.3 the questions still open.",
            "每家供应商分三部分：A.1 供应商本身向采购方作出的陈述（见于其填写的问卷或工作簿，或合同条款），注明作出的地点与时间——仅此部分为供应商的陈述与保证，且须经供应商会签后方可作为陈述与保证纳入合同；A.2 采购方依据的其他来源的陈述（公开文档、二手报道、采购方自行核实），注明来源、可信度标记（V 供应商或标准原文，S 二手来源，S-low 较弱的二手来源）与日期——并非供应商的陈述；A.3 仍未解决的问题。",
        )
        .into(),
        Tone::Muted,
    ));
    for s in scores {
        b.push(Block::SubHeading(s.vendor.clone()));
        let answers = vendor_answers(data, &s.vendor);
        let (mut own, mut others) = (Vec::new(), Vec::new());
        for (_, question) in q.questions() {
            let Some(a) = find_answer(answers, &question.id) else {
                continue;
            };
            let Some(text) = answer_text(question, Some(a), lang) else {
                continue;
            };
            let mut answer = text;
            if let Some(c) = a.comment.as_ref().filter(|c| !c.trim().is_empty()) {
                answer.push_str(&format!(
                    "\n{}{}",
                    t(lang, "Comment: ", "说明："),
                    as_recorded(c, lang)
                ));
            }
            let reference = a
                .provenance
                .as_ref()
                .and_then(|p| p.reference.as_deref())
                .map(|r| as_recorded(r, lang));
            let source = match &a.provenance {
                None => t(lang, "not recorded", "未记录").to_string(),
                Some(p) => {
                    let mut s = source_label(p.source, lang).to_string();
                    if let Some(r) = &reference {
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
                t(lang, "none", "无").to_string()
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
            let question_cell = Cell::new(format!("{} {}", question.id, question.text.get(lang)));
            if a.provenance.as_ref().is_some_and(|p| p.is_vendors_own()) {
                own.push(Row::Cells(vec![
                    question_cell,
                    Cell::new(answer),
                    Cell::new(format!("{source}\n{date}")),
                    Cell::new(evidence),
                ]));
            } else {
                let confidence = a
                    .provenance
                    .as_ref()
                    .and_then(|p| p.confidence.clone())
                    .unwrap_or_else(na);
                others.push(Row::Cells(vec![
                    question_cell,
                    Cell::new(answer),
                    Cell::new(source),
                    Cell::new(confidence),
                    Cell::new(date),
                    Cell::new(evidence),
                ]));
            }
        }
        // A.1 the vendor's own statements, to be countersigned.
        b.push(Block::Paragraph(
            format!(
                "{} {}",
                t(lang, "A.1 Representations by", "A.1 陈述与保证："),
                s.vendor
            ),
            Tone::Strong,
        ));
        if own.is_empty() {
            b.push(Block::Paragraph(
                t(
                    lang,
                    "None: nothing this report relies on was stated by the vendor itself. Nothing here may be presented as the vendor's representation.",
                    "无：本报告所依据的内容均非供应商本身的陈述，本附件中的任何内容均不得作为供应商的陈述与保证。",
                )
                .into(),
                Tone::Muted,
            ));
        } else {
            b.push(Block::Table(Table::plain(
                vec![
                    col(t(lang, "Question", "问题"), 0.30),
                    col(t(lang, "The vendor's answer", "供应商的回答"), 0.30),
                    col(t(lang, "Where and when", "出处与日期"), 0.18),
                    col(t(lang, "Evidence", "证据"), 0.22),
                ],
                own,
                30,
                7.5,
            )));
            b.push(Block::Paragraph(
                format!(
                    "{}{}",
                    s.vendor,
                    t(
                        lang,
                        " represents that each statement in A.1 is true and complete as of the date shown.",
                        " 声明：A.1 中的每项陈述在所示日期真实、完整。",
                    )
                ),
                Tone::Normal,
            ));
            b.push(Block::SignOff {
                roles: vec![format!("{} {}", t(lang, "For", "代表"), s.vendor)],
                columns: vec![
                    t(lang, "Name and title", "姓名与职务").into(),
                    t(lang, "Signature", "签名").into(),
                    t(lang, "Date", "日期").into(),
                ],
            });
        }
        // A.2 statements from other sources.
        b.push(Block::Paragraph(
            t(
                lang,
                "A.2 Statements relied on from other sources (not the vendor's representations)",
                "A.2 所依据的其他来源陈述（并非供应商的陈述与保证）",
            )
            .into(),
            Tone::Strong,
        ));
        if others.is_empty() {
            b.push(Block::Paragraph(
                t(lang, "None.", "无。").into(),
                Tone::Muted,
            ));
        } else {
            b.push(Block::Table(Table::plain(
                vec![
                    col(t(lang, "Question", "问题"), 0.24),
                    col(t(lang, "Answer relied on", "所依据的回答"), 0.24),
                    col(t(lang, "Source", "来源"), 0.18),
                    col(t(lang, "Confidence", "可信度"), 0.08),
                    col(t(lang, "As of", "日期"), 0.09),
                    col(t(lang, "Evidence", "证据"), 0.17),
                ],
                others,
                30,
                7.5,
            )));
        }
        // A.3 what is still open, by where it stands (the answer matrix has the
        // questions' texts).
        let open: Vec<(&str, Option<Open>)> = s
            .sections
            .iter()
            .flat_map(|sec| &sec.questions)
            .filter(|x| x.status == QuestionStatus::Unknown)
            .map(|x| (&*x.question, x.open))
            .collect();
        b.push(Block::Paragraph(
            format!(
                "{} ({})",
                t(lang, "A.3 Open questions", "A.3 仍未解决的问题"),
                open.len()
            ),
            Tone::Strong,
        ));
        if open.is_empty() {
            b.push(Block::Paragraph(
                t(lang, "None.", "无。").into(),
                Tone::Muted,
            ));
        }
        for state in [
            None,
            Some(Open::NotAsked),
            Some(Open::AwaitingVendor),
            Some(Open::UnknownAfterAsking),
        ] {
            let ids: Vec<&str> = open
                .iter()
                .filter(|(_, o)| *o == state)
                .map(|(id, _)| *id)
                .collect();
            if ids.is_empty() {
                continue;
            }
            let label = state.map_or(t(lang, "not answered", "未回答"), |o| {
                open_label(o, lang)
            });
            let sep = t(lang, ", ", "、");
            b.push(Block::Paragraph(
                format!("• {label} ({}): {}", ids.len(), ids.join(sep)),
                Tone::Normal,
            ));
        }
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
/// The sign-off: what a signature attests (this exact report, by its
/// fingerprint, the Assay version and scoring formula that made it), then a
/// line per role for name, role and organisation, decision, signature, date.
pub(super) fn sign_off(fingerprint: &str, lang: Lang) -> Vec<Block> {
    let version = env!("CARGO_PKG_VERSION");
    let attestation = match lang {
        Lang::En => format!(
            "By signing below, each signatory confirms having reviewed this report — fingerprint SHA-256 {fingerprint}, made with Assay {version}, scoring formula {FORMULA_VERSION} — and records a decision on it: approve, approve with conditions, or reject. A printed copy is this report only if the fingerprint on its pages is the one above; anyone can check a PDF with the command assay verify."
        ),
        Lang::ZhCn => format!(
            "签署人在下方签署，即确认已审阅本报告（报告指纹 SHA-256 {fingerprint}，由 Assay {version} 生成，评分公式 {FORMULA_VERSION}），并记录其决定：批准、附条件批准或不批准。打印件仅在其各页指纹与上述指纹一致时方为本报告；任何人均可用命令 assay verify 核对 PDF。"
        ),
    };
    vec![
        Block::SubHeading(t(lang, "Sign-off", "签署").into()),
        Block::Paragraph(attestation, Tone::Normal),
        Block::SignOff {
            roles: vec![
                t(lang, "Prepared by", "编制").into(),
                t(lang, "Reviewed by", "审核").into(),
                t(lang, "Approved by", "批准").into(),
            ],
            columns: vec![
                t(lang, "Name", "姓名").into(),
                t(lang, "Role and organisation", "职务与单位").into(),
                t(lang, "Decision", "决定").into(),
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
            "• Evidence factor: 1 with valid evidence or when none is required; the question's missing factor (default 0.5, flag CLAIMED) when required evidence is absent. Evidence never makes a score worse than none: when every piece has expired at the as-of date the answer keeps at least the claim's credit (flag EXPIRED, and the current document is requested). Valid evidence that expires within 90 days is flagged EXPIRING. An audit report (SOC 2, STAR attestation) is dated by the end of the period it covers and counts for 12 months after it. An answer that earns no credit (no certificate, no report) needs no evidence.",
            "• Section score = Σ(weight × score) / Σ weight over applicable questions. N/A (with a reason), hidden (condition not met) and free-text questions leave the denominator. A section nobody answered has no score (\"no data\"), never 0.",
            "• Unknown is not No: an unanswered question counts 0 in today's score and is flagged UNKNOWN; every score is also a range, from the floor (each open question at its worst, 0) to the ceiling (each at its best answer, with evidence). Coverage is the share of the score resting on known answers; an unanswered must-have leaves eligibility undetermined, never eligible.",
            "• Section shares = the mean of the active profiles' normalised section weights (or the weights set for this evaluation, listed on the cover), renormalised over sections with applicable questions. Total = Σ question contributions (share × w/Σw × score), each rounded to a millionth of a point, so the breakdown adds up exactly.",
            "• Must-haves (knockouts) are judged apart from the total: one not met makes a vendor not eligible whatever its score. A failure resting only on a claim without valid evidence or on a secondary source is provisional (\"provisionally not eligible\", to be confirmed), never final; a gate passed without the required valid evidence passes on claim, provisionally.",
            "• Rank: only vendors whose coverage reaches the evaluation's threshold (default 60 %) are ranked; vendors of the same eligibility whose ranges overlap cannot be told apart and share a rank (tied within what is known).",
            "• Verdict: a must-have finally not met → does not meet the requirements; coverage below the threshold, an open must-have or a provisional failure → not enough information; otherwise meets them, with conditions when a must-have is met on the vendor's word only, evidence is missing or expired, the vendor declined a question, or questions are open.",
            "• Completeness = (answered + N/A) ÷ visible questions, free text included.",
        ],
        Lang::ZhCn => vec![
            "• 问题得分（0–100）= 原始得分 × 证据系数。是/否 计 100/0；是/部分/否 计 100/50/0；单选按所选选项计分；多选按所选选项分值求和，上限 100；数值与日期按区间计分；“无承诺”计 0；自由文本仅展示，不计分。供应商拒绝回答的问题作为已知结果计 0 分，并视为未通过其否决项。",
            "• 证据系数：有有效证据或无需证据时为 1；要求证据但未提供时为该题的缺失系数（默认 0.5，标记“仅声明”）。证据绝不会使得分低于无证据：全部证据在基准日已过期时，回答至少保留声明的得分（标记“已过期”，并索取最新文件）。有效证据将在 90 天内到期时标记“90天内到期”。审计报告（SOC 2、STAR 鉴证）以其审计期间的截止日为准，自截止日起 12 个月内有效。不得分的回答（如无证书、无报告）无需证据。",
            "• 章节得分 = Σ(权重 × 得分) / Σ权重，仅计适用问题。不适用（须说明理由）、隐藏（条件不满足）及自由文本问题不计入分母。尚无任何回答的章节没有得分（“无数据”），绝不显示为 0。",
            "• 未知不等于否：未回答的问题在当前得分中计 0 并标记“未知”；每个得分同时给出范围：下限（待答问题取最差，0 分）至上限（待答问题取最佳回答并有证据）。覆盖率为分数中由已知回答支撑的比例；未回答的必备项使准入状态为“待定”，而非“符合”。",
            "• 章节占比 = 启用适用场景归一化章节权重的平均值（或本次评估自定义的权重，见封面），并在有适用问题的章节之间重新归一化。总分 = 各问题贡献之和（占比 × w/Σw × 得分），每项精确到百万分之一分，因此明细与总分严格相等。",
            "• 必备项（否决项）独立于总分判定：任何必备项未满足即不符合准入，与得分无关。若未通过仅基于无有效证据的声明或二手来源，则为暂定（“暂定不符合准入”，待核实），并非最终结论；缺少所需有效证据而通过的视为“基于声明通过”，亦为暂定。",
            "• 排名：仅对覆盖率达到本评估阈值（默认 60 %）的供应商排名；准入状态相同且得分范围重叠的供应商无法区分，共享同一名次（在已知范围内并列）。",
            "• 决定：必备项最终未满足 → 不符合要求；覆盖率低于阈值、必备项尚未回答或暂定未满足 → 信息不足；否则符合要求，若有必备项仅凭声明满足、证据缺失或过期、供应商拒绝回答某些问题、或仍有待答问题，则为有条件符合。",
            "• 完成度 =（已答 + 不适用）÷ 显示的问题数，含自由文本问题。",
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_in_both_languages_is_printed_in_the_reports_language() {
        let both = "Off by default. / 默认关闭。";
        assert_eq!(as_recorded(both, Lang::En), "Off by default.");
        assert_eq!(as_recorded(both, Lang::ZhCn), "默认关闭。");
        // A " / " that does not separate the languages stays.
        let path = "Settings / Security / 2FA";
        assert_eq!(as_recorded(path, Lang::En), path);
        assert_eq!(
            as_recorded(path, Lang::ZhCn),
            format!("{path}（原文，未翻译）")
        );
        assert_eq!(
            as_recorded("仅私有化部署", Lang::En),
            "仅私有化部署 (original, untranslated)"
        );
        assert_eq!(as_recorded("DPA 第7条", Lang::ZhCn), "DPA 第7条");
    }
}
