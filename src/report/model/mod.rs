//! The report's content as plain blocks (headings, paragraphs, tables, range bars),
//! built from the report data and its scores. No geometry and no PDF types here:
//! `layout.rs` places the blocks, `pdf.rs` draws them.
//!
//! [`build`] puts the report's sections together, one function each, in print
//! order: `cover`, `decision` (verdicts, what passes, requests), `summary`
//! (executive summary; scores with their ranges and coverage), `matrix`
//! (section and answer matrices), `findings` (per vendor), `annexes` (vendor
//! representations, methodology, sign-off), `schedule_annex` (the security
//! schedules, when the data asks for them). `labels` holds the words in both
//! languages.

mod annexes;
mod cover;
mod decision;
mod findings;
pub(crate) mod labels;
mod matrix;
mod schedule_annex;
mod summary;
mod zh_typeset;

pub use labels::{
    answer_text, format_generated, open_label, request_reason_label, section_weights_list, t,
};

use super::data::ReportData;
use crate::answers::Answer;
use crate::scoring::{self, VendorScore, FORMULA_VERSION};
use crate::Lang;
use chrono::{DateTime, FixedOffset};

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

/// One row of a range chart.
#[derive(Debug, Clone, PartialEq)]
pub enum BarRow {
    /// A group title across the chart (a section).
    Group(String),
    Bar {
        /// Left of the bar (a vendor).
        label: String,
        /// floor / point / ceiling (0–100); `None`: no bar at all (nothing applies).
        range: Option<crate::scoring::ScoreRange>,
        /// Whether the point is a score: `false` when nothing is answered ("no
        /// data"), so only the range of what the answers could give is drawn.
        has_point: bool,
        /// Right of the bar: the figures in words.
        text: String,
        tone: Tone,
    },
}

/// Horizontal bars on a 0–100 scale: a light bar from floor to ceiling (what the
/// open questions could still make of the score) and a solid mark at the point.
#[derive(Debug, Clone, PartialEq)]
pub struct RangeBars {
    pub rows: Vec<BarRow>,
    /// The scale's caption, e.g. "score (0–100)".
    pub scale: String,
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
    RangeBars(RangeBars),
    /// The table of contents, titled: every `Heading` after it with its page.
    Contents(String),
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
    /// Printed at the top of every page: what kind of sample the report is, for
    /// the shipped samples (a page printed alone must not pass for an assessment).
    pub page_mark: Option<String>,
    pub blocks: Vec<Block>,
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

/// Builds the report: its sections in print order, then the document's metadata.
pub fn build(
    data: &ReportData,
    scores: &[VendorScore],
    fingerprint: &str,
    generated_at: &DateTime<FixedOffset>,
    lang: Lang,
) -> ReportModel {
    let q = &data.questionnaire;
    let ev = &data.evaluation;
    let shares = scoring::section_shares(q, &data.context());
    let blocks = [
        cover::cover(data, scores, fingerprint, generated_at, lang),
        vec![
            Block::PageBreak { landscape: false },
            Block::Contents(t(lang, "Contents", "目录").into()),
        ],
        decision::decision_page(data, scores, lang),
        summary::executive_summary(data, scores, lang),
        summary::at_a_glance(q, scores, lang),
        matrix::section_matrix(q, scores, &shares, lang),
        matrix::answer_matrix(data, scores, lang),
        findings::findings_per_vendor(data, scores, lang),
        annexes::vendor_representations(data, scores, lang),
        annexes::methodology(data, &shares, lang),
        schedule_annex::security_schedules(data, scores, fingerprint, lang),
        annexes::sign_off(fingerprint, lang),
    ]
    .concat();
    let blocks = match lang {
        Lang::En => blocks,
        Lang::ZhCn => blocks
            .into_iter()
            .map(|b| typeset_block(b, zh_typeset::zh_typeset))
            .collect(),
    };

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
        page_mark: page_mark(data, lang).map(|m| match lang {
            Lang::En => m,
            Lang::ZhCn => zh_typeset::zh_typeset(&m),
        }),
        blocks,
    }
}

/// `block` with every text it prints passed through `f` (the zh-CN report's
/// typesetting rules).
fn typeset_block(block: Block, f: fn(&str) -> String) -> Block {
    let cell = |c: Cell| Cell {
        text: f(&c.text),
        tone: c.tone,
    };
    match block {
        Block::Title(s) => Block::Title(f(&s)),
        Block::Heading(s) => Block::Heading(f(&s)),
        Block::SubHeading(s) => Block::SubHeading(f(&s)),
        Block::Contents(s) => Block::Contents(f(&s)),
        Block::Paragraph(s, tone) => Block::Paragraph(f(&s), tone),
        Block::KeyValues(kv) => {
            Block::KeyValues(kv.into_iter().map(|(k, v)| (f(&k), f(&v))).collect())
        }
        Block::Table(t) => Block::Table(Table {
            fixed: t
                .fixed
                .into_iter()
                .map(|c| Column {
                    title: f(&c.title),
                    width: c.width,
                })
                .collect(),
            grouped: t.grouped.iter().map(|s| f(s)).collect(),
            rows: t
                .rows
                .into_iter()
                .map(|r| match r {
                    Row::Cells(cells) => Row::Cells(cells.into_iter().map(cell).collect()),
                    Row::Span(c) => Row::Span(cell(c)),
                })
                .collect(),
            group_caption: t.group_caption.map(|s| f(&s)),
            ..t
        }),
        Block::RangeBars(r) => Block::RangeBars(RangeBars {
            rows: r
                .rows
                .into_iter()
                .map(|row| match row {
                    BarRow::Group(s) => BarRow::Group(f(&s)),
                    BarRow::Bar {
                        label,
                        range,
                        has_point,
                        text,
                        tone,
                    } => BarRow::Bar {
                        label: f(&label),
                        range,
                        has_point,
                        text: f(&text),
                        tone,
                    },
                })
                .collect(),
            scale: f(&r.scale),
        }),
        Block::SignOff { roles, columns } => Block::SignOff {
            roles: roles.iter().map(|s| f(s)).collect(),
            columns: columns.iter().map(|s| f(s)).collect(),
        },
        other @ (Block::PageBreak { .. } | Block::Spacer(_)) => other,
    }
}

/// The line at the top of every page: the report's status (draft or final),
/// the buyer's confidentiality marking, and what kind of sample a shipped
/// sample's report is (recognised by the evaluation's name). All part of the
/// embedded data: re-rendering for verification prints the same line.
fn page_mark(data: &ReportData, lang: Lang) -> Option<String> {
    use crate::report::data::ReportStatus;
    use crate::samples::Sample;
    let sample = Sample::from_name(&data.evaluation.name).map(|sample| match sample {
        Sample::Fictional => t(
            lang,
            "FICTIONAL EXAMPLE — every vendor, number and document in this report is invented",
            "虚构示例——本报告中的所有供应商、编号与文件均为虚构",
        ),
        Sample::PublicSources => t(
            lang,
            "ILLUSTRATIVE SAMPLE from public sources — not an assessment",
            "基于公开来源的示例数据——并非评估结论",
        ),
    });
    let status = data.status.map(|s| match s {
        ReportStatus::Draft => t(lang, "DRAFT — not for signature", "草稿——不作签署用"),
        ReportStatus::Final => t(lang, "FINAL", "定稿"),
    });
    let parts: Vec<&str> = [status, data.marking.as_deref(), sample]
        .into_iter()
        .flatten()
        .collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

fn col(title: &str, width: f32) -> Column {
    Column {
        title: title.to_string(),
        width,
    }
}
