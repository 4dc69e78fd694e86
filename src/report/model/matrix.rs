//! "4. Section matrix" and "5. Answer matrix": landscape tables with a column
//! per vendor (split into column groups by the layout).

use super::labels::{
    answer_text, evidence_line, flag_label, group_caption, no_data, open_label, percent,
    rank_label, score_text, section_score_text, t, total_with_range,
};
use super::{col, find_answer, vendor_answers, Block, Cell, Row, Table, Tone, BEST_MARK};
use crate::answers::Answer;
use crate::questionnaire::{Question, Questionnaire};
use crate::report::data::ReportData;
use crate::scoring::{self, format_number, Flag, Open, QuestionStatus, VendorScore};
use crate::Lang;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// "4. Section matrix": section scores per vendor with their shares and coverage,
/// best marked; "no data" where nothing is answered, never 0.
pub(super) fn section_matrix(
    q: &Questionnaire,
    scores: &[VendorScore],
    shares: &BTreeMap<String, f64>,
    lang: Lang,
) -> Vec<Block> {
    let mut b = Vec::new();
    b.push(Block::PageBreak { landscape: true });
    b.push(Block::Heading(
        t(lang, "4. Section matrix", "4. 章节得分矩阵").into(),
    ));
    b.push(Block::Paragraph(
        t(
            lang,
            "Section scores (0–100) per vendor; below 100 %, the coverage (cov.: the share of the section answered) is shown under the score. ★ marks the best score in each row (ties are all marked); \"no data\" means nothing of the section is answered yet (not a score of 0); — means no question of the section applies. The total is shown with its range (floor–ceiling) and coverage.",
            "各供应商的章节得分（0–100）；未全部回答时，得分下方注明覆盖率（覆盖：该章节已回答的比例）。★ 标记每行最高分（并列均标记）；“无数据”表示该章节尚无任何回答（并非 0 分）；— 表示该章节没有适用的问题。总分附其范围（下限–上限）与覆盖率。",
        )
        .to_string(),
        Tone::Muted,
    ));
    let mut rows = Vec::new();
    for sec in &q.sections {
        let secs: Vec<Option<&scoring::SectionScore>> =
            scores.iter().map(|s| s.section(&sec.id)).collect();
        let vals: Vec<Option<f64>> = secs.iter().map(|x| x.and_then(|x| x.score)).collect();
        let best = vals
            .iter()
            .flatten()
            .cloned()
            .fold(None::<f64>, |m, x| Some(m.map_or(x, |m| m.max(x))));
        // Marked only when it stands out: not when every vendor scores the same.
        let all_same = vals.iter().all(|v| *v == vals[0]);
        let best = if all_same { None } else { best };
        let mut cells = vec![
            Cell::new(format!("{} {}", sec.id, sec.title.get(lang))),
            Cell::new(format!(
                "{}%",
                crate::scoring::fixed(shares.get(&sec.id).copied().unwrap_or(0.0) * 100.0, 1)
            )),
        ];
        for (x, v) in secs.iter().zip(&vals) {
            let text = x.and_then(|x| section_score_text(x, lang));
            cells.push(match (text, v) {
                (None, _) => Cell::tone("—", Tone::Muted),
                (Some(_), None) => Cell::tone(no_data(lang), Tone::Muted),
                (Some(text), Some(v)) if Some(*v) == best => {
                    Cell::tone(format!("{BEST_MARK} {text}"), Tone::Good)
                }
                (Some(text), Some(_)) => Cell::new(text),
            });
        }
        rows.push(Row::Cells(cells));
    }
    let best_total = scores
        .iter()
        .map(|s| s.total)
        .max()
        .filter(|b| scores.iter().any(|s| s.total != *b));
    let mut total_row = vec![
        Cell::tone(t(lang, "Total", "总分"), Tone::Strong),
        Cell::new("100%"),
    ];
    let mut rank_row = vec![
        Cell::tone(t(lang, "Rank", "排名"), Tone::Strong),
        Cell::new(""),
    ];
    for s in scores {
        let mark = if Some(s.total) == best_total {
            format!("{BEST_MARK} ")
        } else {
            String::new()
        };
        let mut text = format!("{mark}{}", total_with_range(&s.range));
        if s.range.floor != s.range.ceiling {
            // The range on its own line: "★ 12.3\n(4.0–61.0)".
            text = text.replacen(" (", "\n(", 1);
        }
        text.push_str(&format!(
            "\n{} {}",
            t(lang, "cov.", "覆盖"),
            percent(s.coverage)
        ));
        total_row.push(Cell::tone(text, Tone::Strong));
        rank_row.push(match s.rank {
            Some(_) => Cell::tone(rank_label(s, lang), Tone::Strong),
            None => Cell::tone(
                t(lang, "— (insufficient data)", "—（数据不足）"),
                Tone::Muted,
            ),
        });
    }
    rows.push(Row::Cells(total_row));
    rows.push(Row::Cells(rank_row));
    b.push(Block::Table(Table {
        fixed: vec![
            col(t(lang, "Section", "章节"), 0.22),
            col(t(lang, "Share", "占比"), 0.06),
        ],
        grouped: scores.iter().map(|s| s.vendor.clone()).collect(),
        min_group_width: 54.0,
        rows,
        max_lines: 4,
        font_size: 8.0,
        group_caption: Some(group_caption(lang)),
    }));
    b
}

/// "5. Answer matrix": every question, each vendor's answer, score, evidence, flags.
pub(super) fn answer_matrix(data: &ReportData, scores: &[VendorScore], lang: Lang) -> Vec<Block> {
    let q = &data.questionnaire;
    let as_of = data.evaluation.as_of;
    let mut b = Vec::new();
    b.push(Block::PageBreak { landscape: true });
    b.push(Block::Heading(
        t(lang, "5. Answer matrix", "5. 回答矩阵").into(),
    ));
    b.push(Block::Paragraph(
        t(
            lang,
            "Each cell: the answer; its score (0–100, after the evidence factor); the evidence and its validity at the as-of date; flags. [EXPIRED] evidence expired; [EXPIRING ≤90d] valid evidence expires within 90 days; [CLAIMED] evidence required but not provided; [UNKNOWN] not answered: 0 today, anywhere in the range shown once answered.",
            "每格依次为：回答；得分（0–100，已计证据系数）；证据及其在基准日的有效性；标记。[已过期] 证据已过期；[90天内到期] 有效证据将在 90 天内到期；[仅声明] 要求证据但未提供；[未知] 未回答：当前计 0 分，回答后可为所示范围内任意得分。",
        )
        .into(),
        Tone::Muted,
    ));
    let mut rows = Vec::new();
    for section in &q.sections {
        rows.push(Row::Span(Cell::tone(
            format!("{} {}", section.id, section.title.get(lang)),
            Tone::Strong,
        )));
        for question in &section.questions {
            let mut head = format!("{} {}", question.id, question.text.get(lang));
            if let Some(w) = question.weight {
                head.push_str(&format!(
                    "\n{} {}",
                    t(lang, "weight", "权重"),
                    format_number(w)
                ));
            }
            if !question.knockouts.is_empty() {
                head.push_str(t(lang, " · must-have", " · 必备项"));
            }
            let mut cells = vec![Cell::new(head)];
            for s in scores {
                let qs = s
                    .section(&section.id)
                    .and_then(|sec| sec.questions.iter().find(|x| *x.question == *question.id));
                let answers = vendor_answers(data, &s.vendor);
                let a = find_answer(answers, &question.id);
                cells.push(matrix_cell(question, a, qs, as_of, lang));
            }
            rows.push(Row::Cells(cells));
        }
    }
    b.push(Block::Table(Table {
        fixed: vec![col(t(lang, "Question", "问题"), 0.24)],
        grouped: scores.iter().map(|s| s.vendor.clone()).collect(),
        min_group_width: 112.0,
        rows,
        max_lines: 10,
        font_size: 7.5,
        group_caption: Some(group_caption(lang)),
    }));
    b
}

/// One cell of the answer matrix: answer, score, evidence, flags.
fn matrix_cell(
    question: &Question,
    a: Option<&Answer>,
    qs: Option<&scoring::QuestionScore>,
    as_of: NaiveDate,
    lang: Lang,
) -> Cell {
    let Some(qs) = qs else {
        return Cell::tone("—", Tone::Muted);
    };
    let mut lines: Vec<String> = Vec::new();
    match qs.status {
        QuestionStatus::Hidden => {
            return Cell::tone(
                t(
                    lang,
                    "not shown (condition not met)",
                    "不显示（条件不满足）",
                ),
                Tone::Muted,
            )
        }
        QuestionStatus::Unknown if !qs.flags.contains(&Flag::Invalid) => {
            return Cell::tone(
                format!(
                    "{} — {}\n{} 0–{}",
                    flag_label(Flag::Unknown, lang),
                    open_label(qs.open.unwrap_or(Open::NotAsked), lang),
                    t(lang, "range", "范围"),
                    score_text(qs.range.ceiling)
                ),
                Tone::Alert,
            )
        }
        QuestionStatus::Declined => {
            return Cell::tone(
                format!(
                    "{}\n{} 0.0",
                    t(lang, "declined to answer", "拒绝回答"),
                    t(lang, "score", "得分")
                ),
                Tone::Alert,
            )
        }
        _ => {}
    }
    if let Some(text) = answer_text(question, a, lang) {
        lines.push(text);
    }
    match qs.status {
        QuestionStatus::Answered | QuestionStatus::Unknown | QuestionStatus::Declined => {
            let mut s = format!("{} {}", t(lang, "score", "得分"), score_text(qs.score));
            if qs.factor != 1.0 {
                s.push_str(&format!(
                    " ({} × {})",
                    score_text(qs.raw_score),
                    format_number(qs.factor)
                ));
            }
            lines.push(s);
        }
        QuestionStatus::NotApplicable => {
            lines.push(t(lang, "not scored (N/A)", "不计分（不适用）").into())
        }
        QuestionStatus::Unscored => lines.push(t(lang, "not scored", "不计分").into()),
        QuestionStatus::Hidden => {}
    }
    if let Some(a) = a {
        for e in &a.evidence {
            lines.push(evidence_line(e, as_of, lang));
        }
    }
    if !qs.flags.is_empty() {
        lines.push(
            qs.flags
                .iter()
                .map(|f| flag_label(f, lang))
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
    let alert = qs.flags.iter().any(|f| {
        matches!(
            f,
            Flag::EvidenceExpired
                | Flag::ExpiringSoon
                | Flag::Claimed
                | Flag::Invalid
                | Flag::DateOutOfRange
        )
    });
    Cell::tone(
        lines.join("\n"),
        if alert { Tone::Alert } else { Tone::Normal },
    )
}
