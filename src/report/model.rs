//! The report's content as plain blocks (headings, paragraphs, tables, the radar),
//! built from the report data and its scores. No geometry and no PDF types here:
//! `layout.rs` places the blocks, `pdf.rs` draws them.

use super::data::ReportData;
use crate::answers::{Answer, Evidence, EvidenceKind, SourceKind};
use crate::questionnaire::{Question, Questionnaire};
use crate::scoring::{
    self, display, format_number, Eligibility, Flag, KnockoutOutcome, QuestionStatus, Reading,
    VendorScore, EXPIRING_SOON_DAYS, FORMULA_VERSION,
};
use crate::Lang;
use chrono::{DateTime, FixedOffset, NaiveDate};

pub fn t(lang: Lang, en: &'static str, zh: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::ZhCn => zh,
    }
}

/// The symbol marking the best vendor in a row of the section matrix.
pub const BEST_MARK: &str = "★";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Normal,
    Muted,
    Strong,
    Alert,
    Good,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub text: String,
    pub tone: Tone,
}

impl Cell {
    pub fn new(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            tone: Tone::Normal,
        }
    }
    pub fn tone(text: impl Into<String>, tone: Tone) -> Cell {
        Cell {
            text: text.into(),
            tone,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Row {
    Cells(Vec<Cell>),
    /// One cell across the whole table (e.g. a section title in the matrix).
    Span(Cell),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub title: String,
    /// Relative width among the fixed columns (fraction of the page's text width).
    pub width: f32,
}

/// A table. `fixed` columns are repeated in every column group; `grouped`
/// columns (vendors) are split into groups when they would be narrower than
/// `min_group_width` points.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub fixed: Vec<Column>,
    pub grouped: Vec<String>,
    pub min_group_width: f32,
    pub rows: Vec<Row>,
    /// Lines shown per cell at most; longer text ends with "…".
    pub max_lines: usize,
    pub font_size: f32,
    /// Caption per column group, e.g. "Vendors 1–5 of 8"; `{from}`, `{to}`, `{n}`.
    pub group_caption: Option<String>,
}

impl Table {
    /// A table whose columns all fit on one page width (no vendor column groups).
    pub fn plain(fixed: Vec<Column>, rows: Vec<Row>, max_lines: usize, font_size: f32) -> Table {
        Table {
            fixed,
            grouped: vec![],
            min_group_width: 0.0,
            rows,
            max_lines,
            font_size,
            group_caption: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct RadarBlock {
    /// Short axis labels (section ids) and their long titles.
    pub axes: Vec<(String, String)>,
    /// Vendor name and one score per axis.
    pub series: Vec<(String, Vec<Option<f64>>)>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// Start a new page (landscape or portrait).
    PageBreak {
        landscape: bool,
    },
    Title(String),
    Heading(String),
    SubHeading(String),
    Paragraph(String, Tone),
    /// Label/value pairs (the cover).
    KeyValues(Vec<(String, String)>),
    Table(Table),
    Radar(RadarBlock),
    /// Sign-off lines: role labels and the column labels (name, signature, date).
    SignOff {
        roles: Vec<String>,
        columns: Vec<String>,
    },
    Spacer(f32),
}

/// The whole report, ready for layout.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportModel {
    pub lang: Lang,
    pub title: String,
    pub subject: String,
    pub keywords: Vec<String>,
    pub author: String,
    pub fingerprint: String,
    /// "Page {x} of {y}" template.
    pub page_label: String,
    pub footer_label: String,
    pub blocks: Vec<Block>,
}

fn eligibility_label(e: Eligibility, lang: Lang) -> &'static str {
    match e {
        Eligibility::Eligible => t(lang, "Eligible", "符合准入"),
        Eligibility::Undetermined => t(lang, "Undetermined", "准入待定"),
        Eligibility::NotEligible => t(lang, "NOT ELIGIBLE", "不符合准入"),
    }
}

fn flag_label(f: Flag, lang: Lang) -> &'static str {
    match f {
        Flag::Unknown => t(lang, "[UNKNOWN]", "[未知]"),
        Flag::Claimed => t(lang, "[CLAIMED]", "[仅声明]"),
        Flag::EvidenceExpired => t(lang, "[EXPIRED]", "[已过期]"),
        Flag::ExpiringSoon => t(lang, "[EXPIRING ≤90d]", "[90天内到期]"),
        Flag::DateOutOfRange => t(lang, "[DATE OUT OF RANGE]", "[日期超出范围]"),
        Flag::NoCommitment => t(lang, "[NO COMMITMENT]", "[无承诺]"),
        Flag::Invalid => t(lang, "[INVALID]", "[答案无效]"),
    }
}

fn source_label(s: SourceKind, lang: Lang) -> &'static str {
    match s {
        SourceKind::VendorStated => t(lang, "vendor statement", "供应商声明"),
        SourceKind::PublicDocumentation => t(lang, "public documentation", "公开文档"),
        SourceKind::ContractClause => t(lang, "contract clause", "合同条款"),
        SourceKind::VerifiedByBuyer => t(lang, "verified by buyer", "采购方核实"),
    }
}

fn evidence_kind_label(k: EvidenceKind, lang: Lang) -> &'static str {
    match k {
        EvidenceKind::Certificate => t(lang, "certificate", "证书"),
        EvidenceKind::AuditReport => t(lang, "audit report", "审计报告"),
        EvidenceKind::PentestLetter => t(lang, "pentest letter", "渗透测试函"),
        EvidenceKind::ContractClause => t(lang, "contract clause", "合同条款"),
        EvidenceKind::Screenshot => t(lang, "screenshot", "截图"),
        EvidenceKind::Url => t(lang, "URL", "网址"),
        EvidenceKind::Other => t(lang, "other", "其他"),
    }
}

/// The answer as the report prints it, in the report's language.
pub fn answer_text(q: &Question, a: Option<&Answer>, lang: Lang) -> Option<String> {
    match scoring::read(q, a) {
        Ok(Reading::Given(g)) => Some(display(&q.answer, &g, lang)),
        Ok(Reading::NotApplicable(r)) => Some(format!("{}: {r}", t(lang, "N/A", "不适用"))),
        Ok(Reading::Unanswered) => None,
        Err(_) => a.and_then(|a| a.value.as_ref()).map(|v| match v {
            crate::answers::AnswerValue::Number(n) => format_number(*n),
            crate::answers::AnswerValue::Text(s) => s.clone(),
            crate::answers::AnswerValue::List(l) => l.join("; "),
        }),
    }
}

fn evidence_line(e: &Evidence, as_of: NaiveDate, lang: Lang) -> String {
    let mut s = String::from(evidence_kind_label(e.kind, lang));
    if let Some(id) = &e.identifier {
        s.push(' ');
        s.push_str(id);
    }
    let valid = e.is_valid_at(as_of);
    match (e.expires, valid) {
        (Some(d), true) => {
            let days = (d - as_of).num_days();
            if days <= EXPIRING_SOON_DAYS {
                s.push_str(&format!(
                    " — {} {d} ({days} {})",
                    t(lang, "valid, expires", "有效，到期"),
                    t(lang, "days", "天")
                ));
            } else {
                s.push_str(&format!(" — {} {d}", t(lang, "valid until", "有效至")));
            }
        }
        (Some(d), false) if d < as_of => {
            s.push_str(&format!(" — {} {d}", t(lang, "EXPIRED", "已过期")));
        }
        (None, true) => s.push_str(&format!(" — {}", t(lang, "valid", "有效"))),
        (_, false) => s.push_str(&format!(
            " — {} {}",
            t(lang, "not yet issued", "尚未签发"),
            e.issued.map(|d| d.to_string()).unwrap_or_default()
        )),
    }
    s
}

fn score_text(x: f64) -> String {
    format!("{x:.1}")
}

fn vendor_answers<'d>(data: &'d ReportData, vendor: &str) -> &'d [Answer] {
    data.vendors
        .iter()
        .find(|v| v.name == vendor)
        .map(|v| v.answers.as_slice())
        .unwrap_or(&[])
}

fn find_answer<'a>(answers: &'a [Answer], qid: &str) -> Option<&'a Answer> {
    // Of duplicates the last counts, as in scoring.
    answers.iter().rev().find(|a| a.question == qid)
}

fn section_title(q: &Questionnaire, id: &str, lang: Lang) -> String {
    q.sections
        .iter()
        .find(|s| s.id == id)
        .map(|s| s.title.get(lang).to_string())
        .unwrap_or_else(|| id.to_string())
}

fn profile_names(q: &Questionnaire, ids: &[String], lang: Lang) -> String {
    if ids.is_empty() {
        return "—".into();
    }
    ids.iter()
        .map(|id| match q.profile(id) {
            Some(p) => format!("{} ({id})", p.name.get(lang)),
            None => id.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Formats generated-at for print: `2026-05-04 10:30 +08:00`.
pub fn format_generated(at: &DateTime<FixedOffset>) -> String {
    at.format("%Y-%m-%d %H:%M %:z").to_string()
}

/// Builds the report.
pub fn build(
    data: &ReportData,
    scores: &[VendorScore],
    fingerprint: &str,
    generated_at: &DateTime<FixedOffset>,
    lang: Lang,
) -> ReportModel {
    let q = &data.questionnaire;
    let ev = &data.evaluation;
    let as_of = ev.as_of;
    let mut b: Vec<Block> = Vec::new();
    let na = || "—".to_string();

    // 1. Cover.
    b.push(Block::Title(
        t(lang, "Vendor security comparison", "供应商安全对比报告").into(),
    ));
    b.push(Block::Heading(ev.name.clone()));
    let mut kv = vec![
        (
            t(lang, "Questionnaire", "问卷").to_string(),
            format!("{} — {}@{}", q.title.get(lang), q.id, q.version),
        ),
        (
            t(lang, "Buyer profile(s)", "采购方画像").to_string(),
            profile_names(q, &ev.profiles, lang),
        ),
        (
            t(lang, "As-of date", "评估基准日").to_string(),
            as_of.to_string(),
        ),
        (
            t(lang, "Evaluators", "评估人").to_string(),
            if ev.evaluators.is_empty() {
                na()
            } else {
                ev.evaluators.join(", ")
            },
        ),
        (
            t(lang, "Generated at", "生成时间").to_string(),
            format_generated(generated_at),
        ),
        (
            t(lang, "Vendors compared", "参评供应商").to_string(),
            scores.len().to_string(),
        ),
        (
            t(lang, "Scoring formula", "评分公式").to_string(),
            FORMULA_VERSION.to_string(),
        ),
        (
            t(lang, "Report fingerprint (SHA-256)", "报告指纹（SHA-256）").to_string(),
            fingerprint.to_string(),
        ),
    ];
    if let Some(id) = &ev.id {
        kv.insert(0, (t(lang, "Evaluation id", "评估编号").into(), id.clone()));
    }
    if let Some(weights) = &ev.section_weights {
        let list = crate::report_text::section_weights_list(q, weights);
        kv.push((
            t(lang, "Section weights", "章节权重").into(),
            format!(
                "{}: {list}",
                t(
                    lang,
                    "set for this evaluation, replacing the profiles'",
                    "本次评估自定义，取代画像权重"
                )
            ),
        ));
    }
    if let Some(n) = ev.notes.as_ref().filter(|n| !n.trim().is_empty()) {
        kv.push((t(lang, "Notes", "备注").into(), n.clone()));
    }
    b.push(Block::KeyValues(kv));
    b.push(Block::Spacer(10.0));
    b.push(Block::Paragraph(
        t(
            lang,
            "This PDF embeds the exact data it was computed from (questionnaire, evaluation, answers, evidence metadata, formula version). Its fingerprint is the SHA-256 of that data; run `assay verify FILE.pdf` to recompute the scores and check that the file was not modified.",
            "本 PDF 内嵌了生成报告所依据的全部数据（问卷、评估信息、回答、证据元数据、评分公式版本）。报告指纹是这些数据的 SHA-256 值；运行 `assay verify 文件.pdf` 可重新计算得分并检查文件是否被修改。",
        )
        .into(),
        Tone::Muted,
    ));
    if scores.is_empty() {
        b.push(Block::Paragraph(
            t(
                lang,
                "No vendors are part of this evaluation yet.",
                "本次评估尚无供应商。",
            )
            .into(),
            Tone::Alert,
        ));
    }

    // 2. Executive summary.
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

    // Failed knockouts in plain words.
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

    // Strongest and weakest sections.
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

    // 3. Radar.
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

    // 4. Section matrix (landscape: up to ten vendors side by side).
    b.push(Block::PageBreak { landscape: true });
    b.push(Block::Heading(
        t(lang, "3. Section matrix", "3. 章节得分矩阵").into(),
    ));
    b.push(Block::Paragraph(
        t(
            lang,
            "Section scores (0–100) per vendor. ★ marks the best score in each row (ties are all marked); — means no question of the section applies.",
            "各供应商的章节得分（0–100）。★ 标记每行最高分（并列均标记）；— 表示该章节没有适用的问题。",
        )
        .to_string(),
        Tone::Muted,
    ));
    let shares = scoring::section_shares(q, &data.context());
    let mut rows = Vec::new();
    for sec in &q.sections {
        let vals: Vec<Option<f64>> = scores
            .iter()
            .map(|s| s.section(&sec.id).and_then(|x| x.score))
            .collect();
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
                "{:.1}%",
                shares.get(&sec.id).copied().unwrap_or(0.0) * 100.0
            )),
        ];
        for v in &vals {
            cells.push(match v {
                None => Cell::tone("—", Tone::Muted),
                Some(x) if Some(*x) == best => {
                    Cell::tone(format!("{} {}", BEST_MARK, score_text(*x)), Tone::Good)
                }
                Some(x) => Cell::new(score_text(*x)),
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
    for s in scores {
        let mark = if Some(s.total) == best_total {
            format!("{BEST_MARK} ")
        } else {
            String::new()
        };
        total_row.push(Cell::tone(format!("{mark}{}", s.total), Tone::Strong));
    }
    rows.push(Row::Cells(total_row));
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

    // 5. Answer matrix.
    b.push(Block::PageBreak { landscape: true });
    b.push(Block::Heading(
        t(lang, "4. Answer matrix", "4. 回答矩阵").into(),
    ));
    b.push(Block::Paragraph(
        t(
            lang,
            "Each cell: the answer; its score (0–100, after the evidence factor); the evidence and its validity at the as-of date; flags. [EXPIRED] evidence expired; [EXPIRING ≤90d] valid evidence expires within 90 days; [CLAIMED] evidence required but not provided; [UNKNOWN] not answered (scores 0).",
            "每格依次为：回答；得分（0–100，已计证据系数）；证据及其在基准日的有效性；标记。[已过期] 证据已过期；[90天内到期] 有效证据将在 90 天内到期；[仅声明] 要求证据但未提供；[未知] 未回答（计 0 分）。",
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
                head.push_str(t(lang, " · knockout", " · 否决项"));
            }
            let mut cells = vec![Cell::new(head)];
            for s in scores {
                let qs = s
                    .section(&section.id)
                    .and_then(|sec| sec.questions.iter().find(|x| x.question == question.id));
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

    // 6. Findings per vendor.
    b.push(Block::PageBreak { landscape: false });
    b.push(Block::Heading(
        t(lang, "5. Findings per vendor", "5. 各供应商发现").into(),
    ));
    if scores.is_empty() {
        b.push(Block::Paragraph(na(), Tone::Muted));
    }
    for s in scores {
        b.push(Block::SubHeading(format!(
            "{} — {} / 100 — {}",
            s.vendor,
            s.total,
            eligibility_label(s.eligibility, lang)
        )));
        findings(&mut b, data, s, lang);
    }

    // 7. Annex of vendor representations.
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

    // 8. Methodology.
    b.push(Block::PageBreak { landscape: false });
    b.push(Block::Heading(
        t(lang, "Annex B. Methodology", "附件 B. 方法说明").into(),
    ));
    b.push(Block::SubHeading(
        t(lang, "Buyer profiles", "采购方画像").into(),
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
            col(t(lang, "Profile", "画像"), 0.22),
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
                "{:.1}%",
                shares.get(&s.id).copied().unwrap_or(0.0) * 100.0
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

    // 9. Sign-off.
    b.push(Block::SubHeading(t(lang, "Sign-off", "签署").into()));
    b.push(Block::SignOff {
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
    });

    ReportModel {
        lang,
        title: format!(
            "{} — {}",
            t(lang, "Vendor security comparison", "供应商安全对比报告"),
            ev.name
        ),
        subject: format!("{} {}@{}", q.title.get(lang), q.id, q.version),
        keywords: vec![
            "Assay".into(),
            q.id.clone(),
            FORMULA_VERSION.into(),
            format!("sha256:{fingerprint}"),
        ],
        author: if ev.evaluators.is_empty() {
            "Assay".into()
        } else {
            ev.evaluators.join(", ")
        },
        fingerprint: fingerprint.to_string(),
        page_label: t(lang, "Page {x} of {y}", "第 {x} 页，共 {y} 页").into(),
        footer_label: t(lang, "Fingerprint SHA-256", "报告指纹 SHA-256").into(),
        blocks: b,
    }
}

fn col(title: &str, width: f32) -> Column {
    Column {
        title: title.to_string(),
        width,
    }
}

fn group_caption(lang: Lang) -> String {
    t(
        lang,
        "Vendors {from}–{to} of {n}",
        "供应商 {from}–{to}（共 {n} 家）",
    )
    .into()
}

/// `s` trimmed, ending with `stop` (a sentence's full stop in its language).
fn ensure_stop(s: &str, stop: char) -> String {
    let s = s.trim();
    if s.ends_with(stop) {
        s.to_string()
    } else {
        format!("{s}{stop}")
    }
}

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
                format!("{}\n0.0", flag_label(Flag::Unknown, lang)),
                Tone::Alert,
            )
        }
        _ => {}
    }
    if let Some(text) = answer_text(question, a, lang) {
        lines.push(text);
    }
    match qs.status {
        QuestionStatus::Answered | QuestionStatus::Unknown => {
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
                .map(|f| flag_label(*f, lang))
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

fn findings(b: &mut Vec<Block>, data: &ReportData, s: &VendorScore, lang: Lang) {
    let q = &data.questionnaire;
    let as_of = data.evaluation.as_of;
    let answers = vendor_answers(data, &s.vendor);
    let mut lines: Vec<(String, Tone)> = Vec::new();
    for k in s.failed_knockouts() {
        if let KnockoutOutcome::Failed { reason } = &k.outcome {
            lines.push((
                format!(
                    "• {} {}: {} — {}",
                    t(lang, "Failed knockout", "未通过否决项"),
                    k.question,
                    k.requirement.get(lang),
                    reason.get(lang)
                ),
                Tone::Alert,
            ));
        }
    }
    for k in s.open_knockouts() {
        lines.push((
            format!(
                "• {} {}: {}",
                t(lang, "Knockout not yet answered", "否决项尚未回答"),
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
                "Unknown (not answered, scored 0)",
                "未知（未回答，计 0 分）",
            ),
        ),
    ] {
        let ids: Vec<&str> = with(flag).iter().map(|x| x.question.as_str()).collect();
        if !ids.is_empty() {
            lines.push((
                format!("• {label} ({}): {}", ids.len(), ids.join(", ")),
                Tone::Normal,
            ));
        }
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

fn methodology_rules(lang: Lang) -> Vec<&'static str> {
    match lang {
        Lang::En => vec![
            "• Question score (0–100) = raw score × evidence factor. Yes/No 100/0; Yes/Partial/No 100/50/0; a choice scores its option; multi-select sums its options' points, capped at 100; numbers and dates score by threshold bands; \"no commitment\" scores 0; free text is shown, not scored.",
            "• Evidence factor: 1 with valid evidence or when none is required; the question's missing factor (default 0.5, flag CLAIMED) when required evidence is absent; its expired factor (default 0, flag EXPIRED) when every piece has expired at the as-of date. Valid evidence that expires within 90 days is flagged EXPIRING.",
            "• Section score = Σ(weight × score) / Σ weight over applicable questions. N/A (with a reason), hidden (condition not met) and free-text questions leave the denominator.",
            "• Unknown is not No: an unanswered question stays in the denominator at 0 and is flagged UNKNOWN; an unanswered knockout leaves eligibility undetermined, never eligible.",
            "• Section shares = the mean of the active profiles' normalised section weights (or the weights set for this evaluation, listed on the summary page), renormalised over sections with applicable questions. Total = Σ question contributions (share × w/Σw × score), each rounded to a millionth of a point, so the breakdown adds up exactly.",
            "• Knockouts are judged apart from the total: a failed gate makes a vendor not eligible whatever its score; expired evidence fails a gate; a gate passed without the required evidence passes on claim.",
            "• Completeness = (answered + N/A) ÷ visible questions, free text included.",
        ],
        Lang::ZhCn => vec![
            "• 问题得分（0–100）= 原始得分 × 证据系数。是/否 计 100/0；是/部分/否 计 100/50/0；单选按所选选项计分；多选按所选选项分值求和，上限 100；数值与日期按区间计分；“无承诺”计 0；自由文本仅展示，不计分。",
            "• 证据系数：有有效证据或无需证据时为 1；要求证据但未提供时为该题的缺失系数（默认 0.5，标记“仅声明”）；全部证据在基准日已过期时为过期系数（默认 0，标记“已过期”）。有效证据将在 90 天内到期时标记“90天内到期”。",
            "• 章节得分 = Σ(权重 × 得分) / Σ权重，仅计适用问题。不适用（须说明理由）、隐藏（条件不满足）及自由文本问题不计入分母。",
            "• 未知不等于否：未回答的问题以 0 分计入分母并标记“未知”；未回答的否决项使准入状态为“待定”，而非“符合”。",
            "• 章节占比 = 启用画像归一化章节权重的平均值（或本次评估自定义的权重，见摘要页），并在有适用问题的章节之间重新归一化。总分 = 各问题贡献之和（占比 × w/Σw × 得分），每项精确到百万分之一分，因此明细与总分严格相等。",
            "• 否决项独立于总分判定：任何否决项未通过即不符合准入，与得分无关；证据过期视为未通过；缺少所需证据而通过的视为“基于声明通过”。",
            "• 完成度 =（已答 + 不适用）÷ 显示的问题数，含自由文本问题。",
        ],
    }
}
