//! "2. Executive summary" (ranking with ranges and coverage, failed knockouts,
//! strongest and weakest sections) and "3. Scores at a glance" (range bars of the
//! totals and of each section: the score with what is still unknown, readable
//! whatever the values; a radar would draw "no data" as a 0 at its centre).

use super::labels::{
    answer_text, eligibility_label, ensure_stop, insufficient_data, na, no_data, percent,
    rank_label, score_text, section_title, t, threshold_text, total_with_range,
};
use super::{col, find_answer, vendor_answers, BarRow, Block, Cell, RangeBars, Row, Table, Tone};
use crate::questionnaire::Questionnaire;
use crate::report::data::ReportData;
use crate::scoring::{Eligibility, KnockoutOutcome, VendorScore};
use crate::Lang;

/// Vendors drawn per section in the charts; the section matrix lists all.
const CHART_MAX: usize = 8;

/// "2. Executive summary": the ranking, then failed knockouts in plain words
/// and each vendor's strongest and weakest sections.
pub(super) fn executive_summary(
    data: &ReportData,
    scores: &[VendorScore],
    lang: Lang,
) -> Vec<Block> {
    let threshold = threshold_text(data.context().min_coverage);
    let mut b = Vec::new();
    b.push(Block::PageBreak { landscape: false });
    b.push(Block::Heading(
        t(lang, "2. Executive summary", "2. 摘要").into(),
    ));
    b.push(Block::Paragraph(
        match lang {
            Lang::En => format!(
                "Order: eligible vendors first, then undetermined, then provisionally not eligible, then not eligible; within each by total score. A must-have not met excludes a vendor whatever its total; a failure resting only on a claim without valid evidence or on a secondary source is provisional, to be confirmed. Each total is shown with its range (floor–ceiling: every open question at its worst and at its best) and its coverage (the share of the score resting on answers). Only vendors with a coverage of at least {threshold} (this evaluation's threshold) are ranked; vendors whose ranges overlap cannot be told apart and are tied within what is known (\"2= (tied)\")."
            ),
            Lang::ZhCn => format!(
                "排序：先列符合准入的供应商，其次准入待定，再次暂定不符合准入，最后不符合准入；各组内按总分排序。未满足必备项的供应商无论总分多高均不符合准入；若未通过仅基于无有效证据的声明或二手来源，则为暂定，待核实。每个总分均附其范围（下限–上限：待答问题取最差与最好时的得分）及覆盖率（分数中有回答支撑的比例）。仅对覆盖率不低于 {threshold}（本评估的阈值）的供应商排名；范围重叠的供应商无法区分，在已知范围内并列（“2=（并列）”）。"
            ),
        },
        Tone::Muted,
    ));
    if !scores.is_empty() && scores.iter().all(|s| s.rank.is_none()) {
        b.push(Block::Paragraph(
            match lang {
                Lang::En => format!(
                    "No vendor reaches the {threshold} coverage threshold: nobody is ranked yet."
                ),
                Lang::ZhCn => format!("没有供应商达到 {threshold} 的覆盖率阈值：暂不排名。"),
            },
            Tone::Alert,
        ));
    }
    let mut rank_rows = Vec::new();
    for s in scores {
        let failed: Vec<String> = s
            .failed_knockouts()
            .map(|k| {
                if k.provisional {
                    format!("{} {}", k.question, t(lang, "(provisional)", "（暂定）"))
                } else {
                    k.question.clone()
                }
            })
            .collect();
        let final_failure = s.failed_knockouts().any(|k| !k.provisional);
        let open = s.open_knockouts().count();
        let mut ko = failed.join(", ");
        if open > 0 {
            if !ko.is_empty() {
                ko.push_str("; ");
            }
            ko.push_str(&format!("{open} {}", t(lang, "unanswered", "项未回答")));
        }
        if ko.is_empty() {
            ko = t(lang, "all passed", "全部通过").into();
        }
        let tone = match s.eligibility {
            Eligibility::Eligible => Tone::Good,
            Eligibility::Undetermined | Eligibility::ProvisionallyNotEligible => Tone::Normal,
            Eligibility::NotEligible => Tone::Alert,
        };
        let rank = match s.rank {
            Some(_) => Cell::tone(rank_label(s, lang), Tone::Strong),
            None => Cell::tone(format!("—\n{}", insufficient_data(s, lang)), Tone::Muted),
        };
        rank_rows.push(Row::Cells(vec![
            rank,
            Cell::tone(s.vendor.clone(), Tone::Strong),
            Cell::tone(total_with_range(&s.range), Tone::Strong),
            Cell::new(percent(s.coverage)),
            Cell::tone(eligibility_label(s.eligibility, lang), tone),
            Cell::new(percent(s.completeness)),
            Cell::tone(
                ko,
                if final_failure {
                    Tone::Alert
                } else {
                    Tone::Normal
                },
            ),
        ]));
    }
    b.push(Block::Table(Table::plain(
        vec![
            col(t(lang, "Rank", "排名"), 0.17),
            col(t(lang, "Vendor", "供应商"), 0.18),
            col(t(lang, "Total /100 (range)", "总分 /100（范围）"), 0.15),
            col(t(lang, "Coverage", "覆盖率"), 0.09),
            col(t(lang, "Eligibility", "准入"), 0.14),
            col(t(lang, "Completeness", "完成度"), 0.12),
            col(t(lang, "Must-haves", "必备项"), 0.15),
        ],
        rank_rows,
        5,
        8.0,
    )));
    b.extend(failed_knockouts(data, scores, lang));
    b.extend(strongest_and_weakest(&data.questionnaire, scores, lang));
    b
}

/// Every failed knockout as a sentence: the requirement, the answer, the reason.
fn failed_knockouts(data: &ReportData, scores: &[VendorScore], lang: Lang) -> Vec<Block> {
    let q = &data.questionnaire;
    let mut b = Vec::new();
    let any_failed = scores.iter().any(|s| s.failed_knockouts().next().is_some());
    if any_failed {
        b.push(Block::SubHeading(
            t(lang, "Must-haves not met", "未满足的必备项").into(),
        ));
        for s in scores {
            for k in s.failed_knockouts() {
                let KnockoutOutcome::Failed { reason } = &k.outcome else {
                    continue;
                };
                let question = q.question(&k.question);
                let answer = question
                    .and_then(|qq| {
                        answer_text(
                            qq,
                            find_answer(vendor_answers(data, &s.vendor), &k.question),
                            lang,
                        )
                    })
                    .unwrap_or_else(na);
                let provisional = if k.provisional {
                    t(
                        lang,
                        " (provisional — to be confirmed: it rests on a claim without valid evidence or a secondary source)",
                        "（暂定，待核实：依据为无有效证据的声明或二手来源）",
                    )
                } else {
                    ""
                };
                let sentence = match lang {
                    Lang::En => format!(
                        "• {} fails {}{provisional}: {} Answer given: \"{}\" — {}.",
                        s.vendor,
                        k.question,
                        ensure_stop(k.requirement.get(lang), '.'),
                        answer,
                        reason.get(lang)
                    ),
                    Lang::ZhCn => format!(
                        "• {} 未通过 {}{provisional}：{} 所给回答：“{}”——{}。",
                        s.vendor,
                        k.question,
                        ensure_stop(k.requirement.get(lang), '。'),
                        answer,
                        reason.get(lang)
                    ),
                };
                let tone = if k.provisional {
                    Tone::Normal
                } else {
                    Tone::Alert
                };
                b.push(Block::Paragraph(sentence, tone));
            }
        }
    }
    b
}

/// Per vendor, its three strongest and three weakest sections among those with
/// data (a section nobody answered has no score and is in neither list).
fn strongest_and_weakest(q: &Questionnaire, scores: &[VendorScore], lang: Lang) -> Vec<Block> {
    let mut b = Vec::new();
    if !scores.is_empty() {
        b.push(Block::SubHeading(
            t(lang, "Strongest and weakest sections", "最强与最弱的章节").into(),
        ));
        b.push(Block::Paragraph(
            t(
                lang,
                "Among the sections with answers only; the coverage (cov.) says how much of each section is answered.",
                "仅比较有回答的章节；覆盖率（覆盖）表示该章节已回答的比例。",
            )
            .into(),
            Tone::Muted,
        ));
        let mut rows = Vec::new();
        for s in scores {
            let mut secs: Vec<(&str, f64, f64)> = s
                .sections
                .iter()
                .filter_map(|sec| {
                    let score = sec.score?;
                    Some((sec.section.as_str(), score, sec.coverage.unwrap_or(0.0)))
                })
                .collect();
            secs.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
            let fmt = |items: &[(&str, f64, f64)]| -> String {
                items
                    .iter()
                    .map(|(id, x, c)| {
                        format!(
                            "{} {} ({} · {} {})",
                            id,
                            section_title(q, id, lang),
                            score_text(*x),
                            t(lang, "cov.", "覆盖"),
                            percent(*c)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            // With fewer than six sections of data, the two lists share none.
            let strong_n = 3.min(secs.len().div_ceil(2));
            let strongest: Vec<_> = secs.iter().take(strong_n).cloned().collect();
            let weak_n = 3.min(secs.len() - strong_n);
            let mut weakest: Vec<_> = secs.iter().rev().take(weak_n).cloned().collect();
            weakest.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(b.0)));
            let (strong, weak) = if secs.is_empty() {
                let none = t(lang, "no answered sections", "无已回答的分区");
                (Cell::tone(none, Tone::Muted), Cell::tone(none, Tone::Muted))
            } else {
                let weak = if weakest.is_empty() {
                    Cell::tone("—", Tone::Muted)
                } else {
                    Cell::tone(fmt(&weakest), Tone::Alert)
                };
                (Cell::tone(fmt(&strongest), Tone::Good), weak)
            };
            rows.push(Row::Cells(vec![
                Cell::tone(s.vendor.clone(), Tone::Strong),
                strong,
                weak,
            ]));
        }
        b.push(Block::Table(Table::plain(
            vec![
                col(t(lang, "Vendor", "供应商"), 0.26),
                col(t(lang, "Three strongest", "最强的三个章节"), 0.37),
                col(t(lang, "Three weakest", "最弱的三个章节"), 0.37),
            ],
            rows,
            6,
            8.0,
        )));
    }
    b
}

/// "3. Scores at a glance": the totals as ranges with their coverage, then each
/// section's range per vendor.
pub(super) fn at_a_glance(q: &Questionnaire, scores: &[VendorScore], lang: Lang) -> Vec<Block> {
    let mut b = Vec::new();
    b.push(Block::PageBreak { landscape: false });
    b.push(Block::Heading(
        t(lang, "3. Scores at a glance", "3. 得分概览").into(),
    ));
    b.push(Block::Paragraph(
        t(
            lang,
            "Each bar runs from the floor (every open question at its worst) to the ceiling (every open question at its best); the dark mark is the score today (open questions at 0). The narrower the bar, the more of the score is known. \"no data\": nothing of the section is answered yet, so only what it could still score is drawn.",
            "每根条形从下限（待答问题取最差）延伸到上限（待答问题取最好）；深色标记为当前得分（待答问题计 0）。条形越窄，分数中已知的部分越多。“无数据”：该章节尚无任何回答，仅画出其可能得分的范围。",
        )
        .into(),
        Tone::Muted,
    ));
    let scale = t(lang, "score (0–100)", "得分（0–100）").to_string();
    b.push(Block::SubHeading(t(lang, "Totals", "总分").into()));
    let total_rows: Vec<BarRow> = scores
        .iter()
        .map(|s| {
            let rank = match s.rank {
                Some(_) => format!("{} {}", t(lang, "rank", "排名"), rank_label(s, lang)),
                None => t(lang, "not ranked", "未排名").to_string(),
            };
            BarRow::Bar {
                label: format!("{}\n{rank}", s.vendor),
                range: Some(s.range.as_score_range()),
                has_point: s.coverage > 0.0,
                text: format!(
                    "{}\n{} {}",
                    total_with_range(&s.range),
                    t(lang, "coverage", "覆盖率"),
                    percent(s.coverage)
                ),
                tone: Tone::Strong,
            }
        })
        .collect();
    if total_rows.is_empty() {
        b.push(Block::Paragraph(na(), Tone::Muted));
    } else {
        b.push(Block::RangeBars(RangeBars {
            rows: total_rows,
            scale: scale.clone(),
        }));
    }
    let shown = &scores[..scores.len().min(CHART_MAX)];
    if !shown.is_empty() {
        b.push(Block::SubHeading(t(lang, "Sections", "各章节").into()));
        let mut rows = Vec::new();
        for sec in &q.sections {
            rows.push(BarRow::Group(format!("{} {}", sec.id, sec.title.get(lang))));
            for s in shown {
                let score = s.section(&sec.id);
                let range = score.and_then(|x| x.range);
                let text = match score {
                    None | Some(crate::scoring::SectionScore { range: None, .. }) => {
                        t(lang, "n/a (nothing applies)", "不适用（无适用问题）").to_string()
                    }
                    Some(x) => {
                        let r = x.range.unwrap_or_default();
                        let span = format!("{}–{}", score_text(r.floor), score_text(r.ceiling));
                        match x.score {
                            None => format!("{} ({span})", no_data(lang)),
                            Some(p) if r.floor == r.ceiling => score_text(p),
                            Some(p) => format!(
                                "{} ({span}) · {} {}",
                                score_text(p),
                                t(lang, "cov.", "覆盖"),
                                percent(x.coverage.unwrap_or(0.0))
                            ),
                        }
                    }
                };
                let has_point = score.is_some_and(|x| x.score.is_some());
                rows.push(BarRow::Bar {
                    label: s.vendor.clone(),
                    range,
                    has_point,
                    text,
                    tone: if has_point { Tone::Normal } else { Tone::Muted },
                });
            }
        }
        b.push(Block::RangeBars(RangeBars { rows, scale }));
    }
    if scores.len() > CHART_MAX {
        b.push(Block::Paragraph(
            match lang {
                Lang::En => format!(
                    "The section charts show the first {CHART_MAX} of {} vendors in the order above; the section matrix lists all.",
                    scores.len()
                ),
                Lang::ZhCn => format!(
                    "章节图显示按上述顺序的前 {CHART_MAX} 家供应商（共 {} 家）；章节得分矩阵列出全部供应商。",
                    scores.len()
                ),
            },
            Tone::Muted,
        ));
    }
    b
}
