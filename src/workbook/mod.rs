//! Workbook exchange: the blank questionnaire as an XLSX file for a vendor to fill
//! in, reading it (or the same layout as CSV) back with every problem located by
//! sheet and cell, and the comparison as XLSX for buyers who continue in Excel.
//!
//! Writing uses rust_xlsxwriter, reading calamine (and csv); no hand-written XML.
//! Answers read from a workbook are checked by `scoring::read`, exactly like answers
//! from a JSON file. Nothing of the buyer's rubric (help, scores, weights, bands,
//! knockouts) enters the blank workbook: its guidance column shows each question's
//! vendor guidance.

mod export;
#[cfg(feature = "fixtures")]
pub mod fixtures;
mod follow_up;
mod import;

pub use export::{export_blank, export_comparison, ComparisonSheets, WorkbookError};
pub use follow_up::export_follow_up;
pub use import::{import, MAX_WORKBOOK_BYTES};

use crate::questionnaire::{sheet_name_problem, AnswerSpec, Lang, Questionnaire, Text};

/// The layout of workbooks this Assay writes and reads; bumped when columns or the
/// metadata sheet change meaning.
pub const LAYOUT_VERSION: &str = "assay-workbook/1";
/// Hidden sheet with the questionnaire id, version, layout and section sheet names.
pub const META_SHEET: &str = "_assay";
/// Hidden sheet holding the drop-down lists.
pub const LISTS_SHEET: &str = "_lists";

/// The language(s) of a workbook's texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WbLang {
    En,
    ZhCn,
    Both,
}

impl WbLang {
    pub fn parse(s: &str) -> Option<WbLang> {
        match s {
            "both" | "Both" | "en+zh-CN" => Some(WbLang::Both),
            other => Lang::parse(other).map(|l| match l {
                Lang::En => WbLang::En,
                Lang::ZhCn => WbLang::ZhCn,
            }),
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            WbLang::En => Lang::En.code(),
            WbLang::ZhCn => Lang::ZhCn.code(),
            WbLang::Both => "both",
        }
    }
    /// A text in this workbook's language(s): "English / 中文" for both.
    pub fn pick(self, en: &str, zh: &str) -> String {
        match self {
            WbLang::En => en.to_string(),
            WbLang::ZhCn => zh.to_string(),
            WbLang::Both if en == zh => en.to_string(),
            WbLang::Both => format!("{en} / {zh}"),
        }
    }
    pub fn text(self, t: &Text) -> String {
        self.pick(&t.en, &t.zh_cn)
    }
}

/// The columns of a section sheet (and of the CSV layout), in export order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Col {
    Id,
    Question,
    Answer,
    Unit,
    Comment,
    EvidenceId,
    Issuer,
    Expiry,
    Source,
    EvidenceRequested,
    Guidance,
}

impl Col {
    pub const ALL: [Col; 11] = [
        Col::Id,
        Col::Question,
        Col::Answer,
        Col::Unit,
        Col::Comment,
        Col::EvidenceId,
        Col::Issuer,
        Col::Expiry,
        Col::Source,
        Col::EvidenceRequested,
        Col::Guidance,
    ];
    /// The columns import reads; each must be found in the header row.
    pub const READ: [Col; 7] = [
        Col::Id,
        Col::Answer,
        Col::Comment,
        Col::EvidenceId,
        Col::Issuer,
        Col::Expiry,
        Col::Source,
    ];
    /// (English, Chinese, CSV key).
    pub fn names(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Col::Id => ("Question ID", "问题编号", "question_id"),
            Col::Question => ("Question", "问题", "question"),
            Col::Answer => ("Answer", "回答", "answer"),
            Col::Unit => ("Unit / how to answer", "单位 / 填写方式", "unit"),
            Col::Comment => ("Comment or N/A reason", "备注或不适用理由", "comment"),
            Col::EvidenceId => ("Evidence identifier", "证据编号", "evidence_identifier"),
            Col::Issuer => ("Issuer", "签发机构", "issuer"),
            Col::Expiry => ("Expiry date", "有效期至", "expiry_date"),
            Col::Source => ("Source reference", "来源", "source"),
            Col::EvidenceRequested => ("Evidence requested", "所需证据", "evidence_requested"),
            Col::Guidance => ("Guidance", "填写指引", "guidance"),
        }
    }
    /// The 0-based column on a blank section sheet.
    pub fn index(self) -> u16 {
        Col::ALL
            .iter()
            .position(|c| *c == self)
            .expect("every column is in Col::ALL") as u16
    }
    pub fn header(self, lang: WbLang) -> String {
        let (en, zh, _) = self.names();
        lang.pick(en, zh)
    }
    /// Whether `cell` names this column, in any language or as the CSV key.
    pub fn matches(self, cell: &str) -> bool {
        let (en, zh, key) = self.names();
        let cell = normalize(cell);
        [
            en.to_string(),
            zh.to_string(),
            key.to_string(),
            WbLang::Both.pick(en, zh),
        ]
        .iter()
        .any(|n| normalize(n) == cell)
    }
}

/// Lower case, trimmed, inner whitespace collapsed: how typed labels are compared.
pub(crate) fn normalize(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Labels of the fixed answers.
pub(crate) const YES: (&str, &str) = ("Yes", "是");
pub(crate) const PARTIAL: (&str, &str) = ("Partial", "部分");
pub(crate) const NO: (&str, &str) = ("No", "否");
pub(crate) const NA: (&str, &str) = ("N/A", "不适用");
/// The vendor refuses to answer: recorded as the state "declined", which scores
/// 0 and fails the question's knockouts (an empty cell stays "not known yet").
pub(crate) const DECLINED: (&str, &str) = ("Declined to answer", "拒绝回答");
pub(crate) const NO_COMMITMENT_LABEL: (&str, &str) = ("No commitment", "不作承诺");

/// An answer a vendor may type: (id, English label, Chinese label).
pub(crate) type Choice = (String, String, String);

/// A questionnaire option as a choice.
pub(crate) fn choice(id: &str, label: &Text) -> Choice {
    (id.to_string(), label.en.clone(), label.zh_cn.clone())
}

/// A choice with one of the fixed labels above.
pub(crate) fn fixed(id: &str, (en, zh): (&str, &str)) -> Choice {
    (id.to_string(), en.to_string(), zh.to_string())
}

/// The choices a drop-down offers for a question, N/A excluded; empty for
/// numbers, dates, multi-select and text.
pub(crate) fn list_choices(spec: &AnswerSpec) -> Vec<Choice> {
    match spec {
        AnswerSpec::YesNo => vec![fixed("yes", YES), fixed("no", NO)],
        AnswerSpec::YesPartialNo => vec![
            fixed("yes", YES),
            fixed("partial", PARTIAL),
            fixed("no", NO),
        ],
        AnswerSpec::Choice { options } => options.iter().map(|o| choice(&o.id, &o.label)).collect(),
        _ => Vec::new(),
    }
}

/// Sheet names for the sections, in the workbook's language (English in a
/// bilingual workbook, whose sheets give both titles in their first row): the
/// section's short title; without one, its title when that is a legal sheet name,
/// else its id, else "Section N". A title is never cut short. Names are unique
/// (case-insensitively, as Excel compares them) and never one of the workbook's
/// own sheet names.
pub(crate) fn section_sheet_names(q: &Questionnaire, lang: WbLang) -> Vec<String> {
    let pick = |t: &Text| match lang {
        WbLang::ZhCn => t.zh_cn.trim().to_string(),
        _ => t.en.trim().to_string(),
    };
    let taken =
        |name: &str, out: &[String]| out.iter().any(|o| o.to_lowercase() == name.to_lowercase());
    let mut out: Vec<String> = Vec::new();
    for (i, s) in q.sections.iter().enumerate() {
        let numbered = match lang {
            WbLang::ZhCn => format!("第{}部分", i + 1),
            _ => format!("Section {}", i + 1),
        };
        let candidates = s.short_title.iter().map(pick).chain([
            pick(&s.title),
            s.id.trim().to_string(),
            numbered.clone(),
        ]);
        let name = candidates
            .filter(|c| sheet_name_problem(c).is_none())
            .find(|c| !taken(c, &out))
            .unwrap_or_else(|| {
                (2..)
                    .map(|n| format!("{numbered} ({n})"))
                    .find(|c| !taken(c, &out))
                    .expect("some number is free")
            });
        out.push(name);
    }
    out
}

/// "A", "B", … "AA": the letters of a 0-based column.
pub(crate) fn col_letters(mut c: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// "C14" for 0-based row 13, column 2.
pub(crate) fn cell_ref(row: u32, col: u32) -> String {
    format!("{}{}", col_letters(col), row + 1)
}
