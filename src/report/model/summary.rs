//! "1. Executive summary" (ranking, failed knockouts, strongest and weakest
//! sections) and "2. Section scores at a glance" (the radar).

use super::labels::{answer_text, eligibility_label, ensure_stop, na, section_title, t};
use super::{col, find_answer, vendor_answers, Block, Cell, RadarBlock, Row, Table, Tone};
use crate::questionnaire::Questionnaire;
use crate::report::data::ReportData;
use crate::scoring::{Eligibility, KnockoutOutcome, VendorScore};
use crate::Lang;

/// "1. Executive summary": the ranking, then failed knockouts in plain words
/// and each vendor's strongest and weakest sections.
pub(super) fn executive_summary(
    data: &ReportData,
    scores: &[VendorScore],
    lang: Lang,
) -> Vec<Block> {
    let mut b = Vec::new();
    b.push(Block::PageBreak { landscape: false });
    b.push(Block::Heading(
        t(lang, "1. Executive summary", "1. 摘要").into(),
    ));
    b.push(Block::Paragraph(
        t(
            lang,
            "Ranking: eligible vendors first, then undetermined, then not eligible; within each by total score. A failed knockout excludes a vendor whatever its total.",
            "排名规则：先列符合准入的供应商，其次准入待定，最后不符合准入；各组内按总分排序。未通过否决项的供应商无论总分多高均不符合准入。",
        )
        .into(),
        Tone::Muted,
    ));
    let mut rank_rows = Vec::new();
    for (i, s) in scores.iter().enumerate() {
        let failed: Vec<String> = s.failed_knockouts().map(|k| k.question.clone()).collect();
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
            Eligibility::Undetermined => Tone::Normal,
            Eligibility::NotEligible => Tone::Alert,
        };
        rank_rows.push(Row::Cells(vec![
            Cell::new((i + 1).to_string()),
            Cell::tone(s.vendor.clone(), Tone::Strong),
            Cell::tone(format!("{}", s.total), Tone::Strong),
            Cell::tone(eligibility_label(s.eligibility, lang), tone),
            Cell::new(format!("{:.0}%", s.completeness * 100.0)),
            Cell::tone(
                ko,
                if failed.is_empty() {
                    Tone::Normal
                } else {
                    Tone::Alert
                },
            ),
        ]));
    }
    b.push(Block::Table(Table::plain(
        vec![
            col("#", 0.05),
            col(t(lang, "Vendor", "供应商"), 0.30),
            col(t(lang, "Total /100", "总分 /100"), 0.11),
            col(t(lang, "Eligibility", "准入"), 0.15),
            col(t(lang, "Completeness", "完成度"), 0.12),
            col(t(lang, "Knockouts", "否决项"), 0.27),
        ],
        rank_rows,
        4,
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
            t(lang, "Failed knockouts", "未通过的否决项").into(),
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
                let sentence = match lang {
                    Lang::En => format!(
                        "• {} fails {}: {} Answer given: \"{}\" — {}.",
                        s.vendor,
                        k.question,
                        ensure_stop(k.requirement.get(lang), '.'),
                        answer,
                        reason.get(lang)
                    ),
                    Lang::ZhCn => format!(
                        "• {} 未通过 {}：{} 所给回答：“{}”——{}。",
                        s.vendor,
                        k.question,
                        ensure_stop(k.requirement.get(lang), '。'),
                        answer,
                        reason.get(lang)
                    ),
                };
                b.push(Block::Paragraph(sentence, Tone::Normal));
            }
        }
    }
    b
}

/// Per vendor, its three strongest and three weakest sections.
fn strongest_and_weakest(q: &Questionnaire, scores: &[VendorScore], lang: Lang) -> Vec<Block> {
    let mut b = Vec::new();
    if !scores.is_empty() {
        b.push(Block::SubHeading(
            t(lang, "Strongest and weakest sections", "最强与最弱的章节").into(),
        ));
        let mut rows = Vec::new();
        for s in scores {
            let mut secs: Vec<(&str, f64)> = s
                .sections
                .iter()
                .filter_map(|sec| sec.score.map(|x| (sec.section.as_str(), x)))
                .collect();
            secs.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
            let fmt = |items: &[(&str, f64)]| -> String {
                if items.is_empty() {
                    return "—".into();
                }
                items
                    .iter()
                    .map(|(id, x)| format!("{} {} ({:.1})", id, section_title(q, id, lang), x))
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            let strongest: Vec<_> = secs.iter().take(3).cloned().collect();
            let mut weakest: Vec<_> = secs.iter().rev().take(3).cloned().collect();
            weakest.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(b.0)));
            rows.push(Row::Cells(vec![
                Cell::tone(s.vendor.clone(), Tone::Strong),
                Cell::tone(fmt(&strongest), Tone::Good),
                Cell::tone(fmt(&weakest), Tone::Alert),
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

/// "2. Section scores at a glance": the radar of the top vendors.
pub(super) fn at_a_glance(q: &Questionnaire, scores: &[VendorScore], lang: Lang) -> Vec<Block> {
    let mut b = Vec::new();
    b.push(Block::PageBreak { landscape: false });
    b.push(Block::Heading(
        t(lang, "2. Section scores at a glance", "2. 各章节得分概览").into(),
    ));
    const RADAR_MAX: usize = 8;
    let axes: Vec<(String, String)> = q
        .sections
        .iter()
        .map(|s| (s.id.clone(), s.title.get(lang).to_string()))
        .collect();
    let series: Vec<(String, Vec<Option<f64>>)> = scores
        .iter()
        .take(RADAR_MAX)
        .map(|s| {
            (
                s.vendor.clone(),
                q.sections
                    .iter()
                    .map(|sec| s.section(&sec.id).and_then(|x| x.score))
                    .collect(),
            )
        })
        .collect();
    let note = (scores.len() > RADAR_MAX).then(|| match lang {
        Lang::En => format!(
            "The chart shows the top {RADAR_MAX} of {} vendors by rank; the section matrix lists all.",
            scores.len()
        ),
        Lang::ZhCn => format!(
            "图中显示排名前 {RADAR_MAX} 的供应商（共 {} 家）；章节得分矩阵列出全部供应商。",
            scores.len()
        ),
    });
    b.push(Block::Radar(RadarBlock { axes, series, note }));
    b
}
