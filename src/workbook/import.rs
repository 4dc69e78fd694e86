//! Reading a filled workbook (XLSX) or the same layout as CSV: every problem is
//! collected and located by sheet and cell (or CSV row and column); answers are
//! checked by `scoring::read` like answers from a JSON file.

use super::{
    cell_ref, choice, fixed, list_choices, normalize, Choice, Col, DECLINED, LAYOUT_VERSION,
    META_SHEET, NA, NO_COMMITMENT_LABEL,
};
use crate::answers::{
    Answer, AnswerState, AnswerValue, Evidence, EvidenceKind, Provenance, SourceKind,
};
use crate::diagnostic::Diagnostic;
use crate::questionnaire::{AnswerSpec, Question, Questionnaire, NO_COMMITMENT};
use crate::scoring;
use crate::Text;
use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::io::Cursor;

/// The largest workbook or CSV file read.
pub const MAX_WORKBOOK_BYTES: usize = 32 * 1024 * 1024;
/// Rows searched for the header row.
const HEADER_SEARCH_ROWS: usize = 30;
/// Problems reported at most (a wholly wrong file would otherwise print thousands).
const MAX_PROBLEMS: usize = 500;

// Hostile-input limits (see ARCHITECTURE.md, "Limits"). A workbook Assay exports
// is far inside every one of them.
/// Members (files) of the XLSX zip archive read at most.
pub const MAX_ZIP_MEMBERS: usize = 1_000;
/// The most one member of the XLSX zip (a sheet's XML, sharedStrings.xml) may
/// decompress to.
pub const MAX_MEMBER_BYTES: u64 = 16 * 1024 * 1024;
/// The most all members of the XLSX zip together may decompress to.
pub const MAX_UNZIPPED_BYTES: u64 = 64 * 1024 * 1024;
/// Shared strings (distinct texts of the workbook) read at most.
pub const MAX_SHARED_STRINGS: usize = 100_000;
/// The longest text one cell may hold, in characters (Excel's own limit).
pub const MAX_CELL_CHARS: usize = 32_767;
/// Columns of a questionnaire sheet read: the exported ones plus room for a few
/// the vendor adds. A value right of them is refused.
pub const MAX_COLUMNS: u32 = 32;
/// Rows of a questionnaire sheet beyond the header search and one row per
/// question, for notes the vendor adds below. A value below is refused.
pub const EXTRA_ROWS: u32 = 200;
/// Cells (also empty, styled ones) read from one sheet at most.
pub const MAX_SHEET_CELLS: usize = 500_000;
/// Rows and columns of the metadata sheet read.
const META_MAX_ROWS: u32 = 1_000;
const META_MAX_COLUMNS: u32 = 8;

/// A cell's value as read.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Bool(bool),
    Error(String),
}

impl Cell {
    fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
    /// The cell's text as typed, not trimmed: what an id cell must match exactly.
    fn exact(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            other => other.shown(),
        }
    }
    fn shown(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.trim().to_string(),
            Cell::Number(n) => scoring::format_number(*n),
            Cell::Date(d) => d.to_string(),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::Error(e) => e.clone(),
        }
    }
}

fn from_data(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => {
            let (y, m, day, ..) = dt.to_ymd_hms_milli();
            NaiveDate::from_ymd_opt(y as i32, m as u32, day as u32)
                .map(Cell::Date)
                .unwrap_or_else(|| Cell::Error(format!("{}", dt.as_f64())))
        }
        Data::DateTimeIso(s) => NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d")
            .map(Cell::Date)
            .unwrap_or_else(|_| Cell::Text(s.clone())),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(format!("{e}")),
    }
}

/// One question row as read: the cells of the read columns with their locations.
struct Row {
    /// Where the row is, for "appears twice" messages.
    at: String,
    cells: HashMap<Col, (Cell, String)>,
}

impl Row {
    fn get(&self, c: Col) -> (&Cell, &str) {
        self.cells
            .get(&c)
            .map(|(v, at)| (v, at.as_str()))
            .unwrap_or((&Cell::Empty, ""))
    }
}

struct Problems {
    file: String,
    list: Vec<Diagnostic>,
}

/// A problem's sentence: in both languages, or (for the rare technical limits
/// of a damaged or hostile file) in English only, shown as is in both UIs.
enum Said {
    En(String),
    Both(Text),
}

impl From<String> for Said {
    fn from(s: String) -> Self {
        Said::En(s)
    }
}

impl From<&str> for Said {
    fn from(s: &str) -> Self {
        Said::En(s.to_string())
    }
}

impl From<Text> for Said {
    fn from(t: Text) -> Self {
        Said::Both(t)
    }
}

/// A sentence in English and Chinese.
fn both(en: impl Into<String>, zh_cn: impl Into<String>) -> Text {
    Text {
        en: en.into(),
        zh_cn: zh_cn.into(),
    }
}

impl Problems {
    fn at(&mut self, at: &str, message: impl Into<Said>) {
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(match message.into() {
                Said::Both(text) => Diagnostic::bilingual(&self.file, at, text),
                Said::En(en) if at.is_empty() => Diagnostic::in_file(&self.file, en),
                Said::En(en) => Diagnostic::at_path(&self.file, at, en),
            });
        } else if self.list.len() == MAX_PROBLEMS {
            let more = both(
                format!("more than {MAX_PROBLEMS} problems; the rest are not listed"),
                format!("问题超过 {MAX_PROBLEMS} 个，其余未列出"),
            );
            self.list.push(Diagnostic::bilingual(&self.file, "", more));
        }
    }
}

/// Reads a filled workbook (`.xlsx`) or CSV file for one vendor. Every answer gets
/// the provenance "vendor stated, via workbook <file name> sha256:<hex>", dated
/// `imported_on`. `Err` holds every problem found; nothing is returned partially.
pub fn import(
    bytes: &[u8],
    file_name: &str,
    q: &Questionnaire,
    imported_on: NaiveDate,
) -> Result<Vec<Answer>, Vec<Diagnostic>> {
    let mut p = Problems {
        file: file_name.to_string(),
        list: Vec::new(),
    };
    if bytes.is_empty() {
        p.at(
            "",
            both(
                "the file is empty; expected a workbook exported by Assay (.xlsx) or its CSV layout",
                "文件为空；应为 Assay 导出的工作簿（.xlsx）或同样布局的 CSV 文件",
            ),
        );
        return Err(p.list);
    }
    if bytes.len() > MAX_WORKBOOK_BYTES {
        p.at(
            "",
            both(
                format!(
                    "the file is {} bytes; Assay reads workbooks up to {MAX_WORKBOOK_BYTES} bytes",
                    bytes.len()
                ),
                format!(
                    "文件大小为 {} 字节；Assay 读取的工作簿最大为 {MAX_WORKBOOK_BYTES} 字节",
                    bytes.len()
                ),
            ),
        );
        return Err(p.list);
    }
    let lower = file_name.to_lowercase();
    let rows = if bytes.starts_with(b"PK\x03\x04") {
        read_xlsx(bytes, q, &mut p)
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        p.at(
            "",
            both(
                "this is an Excel 97–2003 (.xls) or other legacy Office file, not .xlsx; open it and save it as .xlsx",
                "这是 Excel 97–2003（.xls）或其他旧版 Office 文件，不是 .xlsx；请打开后另存为 .xlsx",
            ),
        );
        None
    } else if lower.ends_with(".csv") || lower.ends_with(".txt") {
        read_csv(bytes, &mut p)
    } else {
        p.at(
            "",
            both(
                "not an XLSX workbook (it is not a zip archive) and not named .csv; was another file renamed to .xlsx?",
                "不是 XLSX 工作簿（不是 zip 压缩包），文件名也不以 .csv 结尾；是否把其他文件改名成了 .xlsx？",
            ),
        );
        None
    };
    let Some(rows) = rows else {
        return Err(p.list);
    };
    let reference = format!(
        "workbook {} sha256:{}",
        std::path::Path::new(file_name)
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| file_name.to_string()),
        crate::digest::sha256_hex(bytes)
    );
    let answers = build_answers(q, &rows, &reference, imported_on, &mut p);
    if p.list.is_empty() {
        Ok(answers)
    } else {
        Err(p.list)
    }
}

fn build_answers(
    q: &Questionnaire,
    rows: &[Row],
    reference: &str,
    imported_on: NaiveDate,
    p: &mut Problems,
) -> Vec<Answer> {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    let mut out = Vec::new();
    for row in rows {
        let (id_cell, id_at) = row.get(Col::Id);
        // Exactly as typed: "ENC-02 " is not ENC-02 (ids never hold spaces).
        let id = id_cell.exact();
        let Some(question) = q.question(&id) else {
            let (hint, hint_zh) = match q.question(id.trim()) {
                Some(near) => (
                    format!(
                        " (there are spaces or line breaks around {}; write the id exactly)",
                        near.id
                    ),
                    format!("（{} 前后有空格或换行；请准确填写编号）", near.id),
                ),
                None => (String::new(), String::new()),
            };
            let shown = id.escape_debug();
            p.at(
                id_at,
                both(
                    format!(
                        "'{shown}' is not a question of {}@{}, but its row has values{hint}",
                        q.id, q.version
                    ),
                    format!(
                        "“{shown}”不是问卷 {}@{} 中的问题，但该行填有内容{hint_zh}",
                        q.id, q.version
                    ),
                ),
            );
            continue;
        };
        if let Some(first) = seen.insert(question.id.as_str(), row.at.as_str()) {
            p.at(
                id_at,
                both(
                    format!("{} appears twice (first at {first})", question.id),
                    format!("{} 出现了两次（第一次在 {first}）", question.id),
                ),
            );
            continue;
        }
        if let Some(answer) = build_answer(question, row, reference, imported_on, p) {
            out.push(answer);
        }
    }
    out
}

fn text_of(cell: &Cell) -> Option<String> {
    (!cell.is_empty()).then(|| cell.shown())
}

fn build_answer(
    question: &Question,
    row: &Row,
    reference: &str,
    imported_on: NaiveDate,
    p: &mut Problems,
) -> Option<Answer> {
    let before = p.list.len();
    for c in Col::READ {
        let (cell, at) = row.get(c);
        if let Cell::Error(e) = cell {
            p.at(
                at,
                both(
                    format!("the cell holds the error value {e}; type the value"),
                    format!("单元格中是错误值 {e}；请直接填写值"),
                ),
            );
        }
    }
    if p.list.len() > before {
        return None;
    }
    let (answer_cell, answer_at) = row.get(Col::Answer);
    let (comment_cell, comment_at) = row.get(Col::Comment);
    let comment = text_of(comment_cell);
    let identifier = text_of(row.get(Col::EvidenceId).0);
    let issuer = text_of(row.get(Col::Issuer).0);
    let source = text_of(row.get(Col::Source).0);
    let (expiry_cell, expiry_at) = row.get(Col::Expiry);
    let expires = match read_date(expiry_cell) {
        Ok(d) => d,
        Err(m) => {
            p.at(expiry_at, m);
            None
        }
    };
    let has_evidence = identifier.is_some() || issuer.is_some() || expires.is_some();
    let parsed = match parse_value(question, answer_cell) {
        Ok(v) => v,
        Err(m) => {
            p.at(answer_at, m);
            return None;
        }
    };
    let (value, na, state, comment) = match parsed {
        Parsed::Empty => {
            if comment.is_some() || has_evidence || source.is_some() {
                p.at(
                    answer_at,
                    both(
                        format!(
                            "{} has no answer, but its row has a comment, evidence or source; give the answer or clear the row",
                            question.id
                        ),
                        format!(
                            "{} 没有回答，但该行填有备注、证据或来源；请填写回答，或清空该行",
                            question.id
                        ),
                    ),
                );
            }
            return None;
        }
        Parsed::Declined => {
            if has_evidence {
                p.at(
                    answer_at,
                    both(
                        format!(
                            "{} is declined, but its row gives evidence; answer the question, or clear the evidence",
                            question.id
                        ),
                        format!(
                            "{} 标为拒绝回答，但该行提供了证据；请回答该问题，或清空证据",
                            question.id
                        ),
                    ),
                );
                return None;
            }
            // The comment, if any, is the vendor's reason for declining.
            (None, None, Some(AnswerState::Declined), comment)
        }
        Parsed::Na => match comment {
            Some(reason) => (None, Some(reason), None, None),
            None => {
                let (en, zh) = (Col::Comment.names().0, Col::Comment.names().1);
                p.at(
                    comment_at,
                    both(
                        format!("{}: N/A needs a reason in the '{en}' column", question.id),
                        format!("{}：标为不适用时须在“{zh}”列填写理由", question.id),
                    ),
                );
                return None;
            }
        },
        Parsed::Value(v) => (Some(v), None, None, comment),
    };
    let answer = Answer {
        question: question.id.clone(),
        value,
        na,
        state,
        comment,
        provenance: Some(Provenance {
            source: SourceKind::VendorStated,
            reference: Some(match &source {
                Some(s) => format!("{reference}; source: {s}"),
                None => reference.to_string(),
            }),
            as_of: Some(imported_on),
            confidence: None,
        }),
        evidence: if has_evidence {
            vec![Evidence {
                kind: EvidenceKind::Other,
                identifier,
                issuer,
                scope: None,
                issued: None,
                expires,
                url: None,
            }]
        } else {
            Vec::new()
        },
    };
    // The same check as answers from a JSON file.
    if let Err(m) = scoring::read(question, Some(&answer)) {
        p.at(answer_at, m);
        return None;
    }
    Some(answer)
}

enum Parsed {
    Empty,
    Na,
    /// The vendor wrote that it declines to answer.
    Declined,
    Value(AnswerValue),
}

fn is_declined(s: &str) -> bool {
    let n = normalize(s);
    let full = format!("{} / {}", DECLINED.0, DECLINED.1);
    [
        DECLINED.0,
        DECLINED.1,
        "declined",
        "decline",
        "拒答",
        full.as_str(),
    ]
    .iter()
    .any(|w| normalize(w) == n)
}

fn is_na(s: &str) -> bool {
    let n = normalize(s);
    ["n/a", "na", "not applicable", "不适用", "n/a / 不适用"].contains(&n.as_str())
}

/// The id whose label (either language, or both as exported) or id is `typed`.
fn find_label<'a>(choices: &'a [Choice], typed: &str) -> Option<&'a str> {
    let t = normalize(typed);
    choices
        .iter()
        .find(|(id, en, zh)| {
            normalize(id) == t
                || normalize(en) == t
                || normalize(zh) == t
                || normalize(&format!("{en} / {zh}")) == t
        })
        .map(|(id, ..)| id.as_str())
}

/// The answers a cell may hold, by their labels: English, then Chinese.
fn one_of(choices: &[Choice], na_allowed: bool) -> Text {
    let list = |label: fn(&Choice) -> &str, na: &str, declined: &str| {
        let mut labels: Vec<&str> = choices.iter().map(label).collect();
        if na_allowed {
            labels.push(na);
        }
        labels.push(declined);
        labels.join(" / ")
    };
    both(
        list(|c| c.1.as_str(), NA.0, DECLINED.0),
        list(|c| c.2.as_str(), NA.1, DECLINED.1),
    )
}

fn parse_value(question: &Question, cell: &Cell) -> Result<Parsed, Text> {
    if cell.is_empty() {
        return Ok(Parsed::Empty);
    }
    if let Cell::Text(s) = cell {
        if is_na(s) {
            return if question.na_allowed {
                Ok(Parsed::Na)
            } else {
                Err(both(
                    format!(
                        "{} does not allow N/A; answer it, or leave it empty if unknown",
                        question.id
                    ),
                    format!("{} 不允许标为不适用；请作答，未知时留空", question.id),
                ))
            };
        }
    }
    if let Cell::Text(s) = cell {
        if is_declined(s) {
            return Ok(Parsed::Declined);
        }
    }
    let shown = cell.shown();
    match &question.answer {
        spec @ (AnswerSpec::YesNo | AnswerSpec::YesPartialNo | AnswerSpec::Choice { .. }) => {
            let choices = list_choices(spec);
            let typed = match (cell, spec) {
                (Cell::Bool(true), AnswerSpec::YesNo) => "yes".to_string(),
                (Cell::Bool(false), AnswerSpec::YesNo) => "no".to_string(),
                _ => shown.clone(),
            };
            find_label(&choices, &typed)
                .map(|id| Parsed::Value(AnswerValue::Text(id.to_string())))
                .ok_or_else(|| {
                    let allowed = one_of(&choices, question.na_allowed);
                    both(
                        format!("'{shown}' is not one of {}", allowed.en),
                        format!("“{shown}”不是可选回答之一：{}", allowed.zh_cn),
                    )
                })
        }
        AnswerSpec::Multi { options } => {
            let choices: Vec<Choice> = options.iter().map(|o| choice(&o.id, &o.label)).collect();
            let mut ids = Vec::new();
            for item in shown.split([';', '；', '\n']) {
                if item.trim().is_empty() {
                    continue;
                }
                match find_label(&choices, item) {
                    Some(id) => ids.push(id.to_string()),
                    None => {
                        let labels = |label: fn(&Choice) -> &str| {
                            choices.iter().map(label).collect::<Vec<_>>().join("; ")
                        };
                        return Err(both(
                            format!(
                                "'{}' is not one of {} (separate several with \";\")",
                                item.trim(),
                                labels(|c| c.1.as_str())
                            ),
                            format!(
                                "“{}”不是可选项之一：{}（多项之间用“;”分隔）",
                                item.trim(),
                                labels(|c| c.2.as_str())
                            ),
                        ));
                    }
                }
            }
            Ok(Parsed::Value(AnswerValue::List(ids)))
        }
        AnswerSpec::Number { alternatives, .. } => match cell {
            Cell::Number(n) => Ok(Parsed::Value(AnswerValue::Number(*n))),
            Cell::Text(s) => {
                if let Ok(n) = s.trim().parse::<f64>() {
                    return Ok(Parsed::Value(AnswerValue::Number(n)));
                }
                let mut choices: Vec<Choice> = alternatives
                    .iter()
                    .map(|o| choice(&o.id, &o.label))
                    .collect();
                choices.push(fixed(NO_COMMITMENT, NO_COMMITMENT_LABEL));
                find_label(&choices, s)
                    .map(|id| Parsed::Value(AnswerValue::Text(id.to_string())))
                    .ok_or_else(|| {
                        let allowed = one_of(&choices, question.na_allowed);
                        both(
                            format!("'{shown}' is neither a number nor one of {}", allowed.en),
                            format!("“{shown}”既不是数字，也不是可选回答之一：{}", allowed.zh_cn),
                        )
                    })
            }
            _ => Err(both(
                format!("'{shown}' is not a number"),
                format!("“{shown}”不是数字"),
            )),
        },
        AnswerSpec::Date { .. } => match read_date(cell)? {
            Some(d) => Ok(Parsed::Value(AnswerValue::Text(d.to_string()))),
            None => Ok(Parsed::Empty),
        },
        AnswerSpec::Text => Ok(Parsed::Value(AnswerValue::Text(shown))),
    }
}

/// A real date cell, or ISO text; ambiguous forms such as 03/04/2027 are refused.
fn read_date(cell: &Cell) -> Result<Option<NaiveDate>, Text> {
    match cell {
        c if c.is_empty() => Ok(None),
        Cell::Date(d) => Ok(Some(*d)),
        Cell::Text(s) => {
            let s = s.trim();
            if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
                return Ok(Some(d));
            }
            let looks_numeric = s.split(['/', '.', '-']).count() == 3
                && s.chars().all(|c| c.is_ascii_digit() || "/.-".contains(c));
            if looks_numeric {
                Err(both(
                    format!("'{s}' is ambiguous (day and month could be swapped); type the date as YYYY-MM-DD, e.g. 2027-03-31"),
                    format!("“{s}”有歧义（日和月可能颠倒）；请按 YYYY-MM-DD 填写日期，例如 2027-03-31"),
                ))
            } else {
                Err(both(
                    format!("'{s}' is not a date; type it as YYYY-MM-DD, e.g. 2027-03-31"),
                    format!("“{s}”不是日期；请按 YYYY-MM-DD 填写，例如 2027-03-31"),
                ))
            }
        }
        Cell::Number(n) => {
            let n = scoring::format_number(*n);
            Err(both(
                format!("{n} is a number, not a date; type the date as YYYY-MM-DD"),
                format!("{n} 是数字，不是日期；请按 YYYY-MM-DD 填写日期"),
            ))
        }
        other => {
            let shown = other.shown();
            Err(both(
                format!("'{shown}' is not a date; type it as YYYY-MM-DD"),
                format!("“{shown}”不是日期；请按 YYYY-MM-DD 填写"),
            ))
        }
    }
}

/// Finds the header row among the first rows: the one naming the question-id column.
/// Returns its index and the column of every read column, or the problems.
fn find_header(
    rows: &[Vec<Cell>],
    where_: &dyn Fn(Option<(u32, u32)>) -> String,
    p: &mut Problems,
) -> Option<(usize, HashMap<Col, u32>)> {
    let header_index = rows.iter().take(HEADER_SEARCH_ROWS).position(|r| {
        r.iter()
            .any(|c| matches!(c, Cell::Text(s) if Col::Id.matches(s)))
    });
    let Some(hi) = header_index else {
        let (en, zh) = (Col::Id.names().0, Col::Id.names().1);
        p.at(
            &where_(None),
            both(
                format!(
                    "no header row with a '{en}' column in the first {HEADER_SEARCH_ROWS} rows"
                ),
                format!("前 {HEADER_SEARCH_ROWS} 行中没有含“{zh}”列的表头行"),
            ),
        );
        return None;
    };
    let mut cols = HashMap::new();
    let before = p.list.len();
    for c in Col::READ {
        let found: Vec<u32> = rows[hi]
            .iter()
            .enumerate()
            .filter(|(_, cell)| matches!(cell, Cell::Text(s) if c.matches(s)))
            .map(|(i, _)| i as u32)
            .collect();
        match found.as_slice() {
            [one] => {
                cols.insert(c, *one);
            }
            [] => p.at(
                &where_(Some((hi as u32, u32::MAX))),
                both(
                    format!(
                        "the header row has no '{}' column; restore it (columns may be moved, not removed or renamed)",
                        c.names().0
                    ),
                    format!(
                        "表头行缺少“{}”列；请恢复该列（列可以移动，但不能删除或改名）",
                        c.names().1
                    ),
                ),
            ),
            [first, second, ..] => p.at(
                &where_(Some((hi as u32, *second))),
                both(
                    format!(
                        "the header '{}' appears twice (also in column {})",
                        c.names().0,
                        super::col_letters(*first)
                    ),
                    format!(
                        "表头“{}”出现了两次（另一处在 {} 列）",
                        c.names().1,
                        super::col_letters(*first)
                    ),
                ),
            ),
        }
    }
    (p.list.len() == before).then_some((hi, cols))
}

/// Checks the XLSX zip archive before calamine opens it: how many members, how
/// much each and all of them decompress to (really decompressed, not only the
/// sizes the archive declares), and how many shared strings it holds.
fn check_zip(bytes: &[u8], p: &mut Problems) -> bool {
    use std::io::Read;
    let mut zip = match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(z) => z,
        Err(e) => {
            p.at(
                "",
                both(
                    format!(
                        "not a readable XLSX workbook ({e}); was another file renamed to .xlsx?"
                    ),
                    format!("不是可读取的 XLSX 工作簿（{e}）；是否把其他文件改名成了 .xlsx？"),
                ),
            );
            return false;
        }
    };
    if zip.len() > MAX_ZIP_MEMBERS {
        p.at(
            "",
            format!(
                "the workbook holds {} files; a workbook exported by Assay holds about a dozen (at most {MAX_ZIP_MEMBERS} are read)",
                zip.len()
            ),
        );
        return false;
    }
    // The zip reader keeps one member per name (so the loop below would not see
    // the second), and calamine would silently read one of them.
    if let Some(name) = crate::zip_names::duplicate_name(&zip, Cursor::new(bytes)) {
        p.at(
            "",
            format!(
                "'{}' appears twice inside the workbook; a workbook holds each part once, and Assay cannot tell which one a spreadsheet program would read",
                name.escape_debug()
            ),
        );
        return false;
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let mut member = match zip.by_index(i) {
            Ok(m) => m,
            Err(e) => {
                p.at("", format!("not a readable XLSX workbook ({e})"));
                return false;
            }
        };
        let name = member.name().map(|n| n.to_string()).unwrap_or_default();
        let too_big = |size: u64| {
            format!(
                "'{name}' inside the workbook unpacks to {}{size} bytes; Assay reads at most {MAX_MEMBER_BYTES} bytes per part and {MAX_UNZIPPED_BYTES} in all (a workbook exported by Assay is far smaller)",
                if size > MAX_MEMBER_BYTES { "more than " } else { "" }
            )
        };
        if member.size() > MAX_MEMBER_BYTES {
            p.at("", too_big(member.size()));
            return false;
        }
        let is_strings = name.to_ascii_lowercase().ends_with("sharedstrings.xml");
        let mut kept = Vec::new();
        let mut limited = (&mut member).take(MAX_MEMBER_BYTES + 1);
        let read = if is_strings {
            limited.read_to_end(&mut kept).map(|n| n as u64)
        } else {
            std::io::copy(&mut limited, &mut std::io::sink())
        };
        let read = match read {
            Ok(n) => n,
            Err(e) => {
                p.at(
                    "",
                    format!("'{name}' inside the workbook cannot be unpacked ({e})"),
                );
                return false;
            }
        };
        total += read;
        if read > MAX_MEMBER_BYTES {
            p.at("", too_big(read));
            return false;
        }
        if total > MAX_UNZIPPED_BYTES {
            p.at(
                "",
                format!("the workbook unpacks to more than {MAX_UNZIPPED_BYTES} bytes; Assay reads at most that (a workbook exported by Assay is far smaller)"),
            );
            return false;
        }
        if is_strings {
            if let Err(m) = check_shared_strings(&kept) {
                p.at(&format!("'{name}'"), m);
                return false;
            }
        }
    }
    true
}

/// The shared-string table: how many it declares and holds, and how long each is.
fn check_shared_strings(xml: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(xml);
    if let Some(at) = text.find("uniqueCount=") {
        let digits: String = text[at + "uniqueCount=".len()..]
            .chars()
            .skip(1)
            .take_while(|c| c.is_ascii_digit())
            .take(20)
            .collect();
        if digits
            .parse::<u128>()
            .map_or(true, |n| n > MAX_SHARED_STRINGS as u128)
            && !digits.is_empty()
        {
            return Err(format!(
                "the workbook declares {digits} shared strings; Assay reads at most {MAX_SHARED_STRINGS}"
            ));
        }
    }
    let mut count = 0usize;
    let mut last = 0usize;
    let mut longest = 0usize;
    for (at, _) in text.match_indices("<si") {
        // "<si>" or "<si/>" or "<si " (not "<sizes…").
        if !matches!(text.as_bytes().get(at + 3), Some(b'>' | b'/' | b' ')) {
            continue;
        }
        count += 1;
        longest = longest.max(at - last);
        last = at;
        if count > MAX_SHARED_STRINGS {
            return Err(format!(
                "the workbook holds more than {MAX_SHARED_STRINGS} shared strings; Assay reads at most that many"
            ));
        }
    }
    longest = longest.max(text.len() - last);
    // Markup and up to 4 bytes a character: a generous bound on one cell's text.
    let max_bytes = MAX_CELL_CHARS * 8 + 4096;
    if longest > max_bytes {
        return Err(format!(
            "a shared string is {longest} bytes long; a cell holds at most {MAX_CELL_CHARS} characters"
        ));
    }
    Ok(())
}

/// The cells of one sheet, read one by one (never the sheet's declared or used
/// range): values and formulas by position, within `max_rows` × `max_cols`.
/// A value outside is refused with its location; so is a sheet of more than
/// [`MAX_SHEET_CELLS`] cells.
struct SheetCells {
    values: HashMap<(u32, u32), Cell>,
    formulas: HashMap<(u32, u32), String>,
}

fn read_cells(
    wb: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    max_rows: u32,
    max_cols: u32,
    p: &mut Problems,
) -> Option<SheetCells> {
    let at_sheet = format!("Sheet '{name}'");
    let mut reader = match wb.worksheet_cells_reader(name) {
        Ok(r) => r,
        Err(e) => {
            p.at(&at_sheet, format!("cannot be read ({e})"));
            return None;
        }
    };
    let mut out = SheetCells {
        values: HashMap::new(),
        formulas: HashMap::new(),
    };
    let mut n = 0usize;
    loop {
        let cell = match reader.next_cell_with_formula() {
            Ok(Some(c)) => c,
            Ok(None) => break,
            Err(e) => {
                p.at(&at_sheet, format!("cannot be read ({e})"));
                return None;
            }
        };
        n += 1;
        if n > MAX_SHEET_CELLS {
            p.at(
                &at_sheet,
                format!("the sheet has more than {MAX_SHEET_CELLS} cells; a questionnaire sheet has a few per question"),
            );
            return None;
        }
        let (r, c) = cell.pos;
        if let Some(t) = calamine::DataType::get_string(&cell.value) {
            let chars = t.chars().count();
            if chars > MAX_CELL_CHARS {
                p.at(
                    &format!("{at_sheet}, {}", cell_ref(r, c)),
                    both(
                        format!("the text is {chars} characters long; a cell holds at most {MAX_CELL_CHARS}"),
                        format!("文本长 {chars} 个字符；一个单元格最多 {MAX_CELL_CHARS} 个字符"),
                    ),
                );
                return None;
            }
        }
        let value = from_data(&Data::from(cell.value));
        let formula = cell.formula.filter(|f| !f.is_empty());
        if value.is_empty() && formula.is_none() {
            continue;
        }
        if r >= max_rows || c >= max_cols {
            p.at(
                &format!("{at_sheet}, {}", cell_ref(r, c)),
                both(
                    format!(
                        "a value outside the questionnaire's layout (it has {} columns and {} rows at most); delete it and keep answers in the questions' rows",
                        super::col_letters(max_cols - 1),
                        max_rows
                    ),
                    format!(
                        "此值位于问卷布局之外（最多到 {} 列、{} 行）；请删除它，并只在问题所在行填写回答",
                        super::col_letters(max_cols - 1),
                        max_rows
                    ),
                ),
            );
            return None;
        }
        if let Some(f) = formula {
            out.formulas.insert((r, c), f);
        }
        out.values.insert((r, c), value);
    }
    Some(out)
}

impl SheetCells {
    /// The absolute grid of values: rows up to the last one holding a value.
    fn grid(&self) -> Vec<Vec<Cell>> {
        let rows = self.values.keys().map(|(r, _)| r + 1).max().unwrap_or(0) as usize;
        let mut grid: Vec<Vec<Cell>> = vec![Vec::new(); rows];
        for ((r, c), v) in &self.values {
            let row = &mut grid[*r as usize];
            if row.len() <= *c as usize {
                row.resize(*c as usize + 1, Cell::Empty);
            }
            row[*c as usize] = v.clone();
        }
        grid
    }
}

fn read_xlsx(bytes: &[u8], q: &Questionnaire, p: &mut Problems) -> Option<Vec<Row>> {
    if !check_zip(bytes, p) {
        return None;
    }
    let mut wb: Xlsx<_> = match calamine::open_workbook_from_rs(Cursor::new(bytes)) {
        Ok(wb) => wb,
        Err(e) => {
            p.at(
                "",
                both(
                    format!(
                        "not a readable XLSX workbook ({e}); was another file renamed to .xlsx?"
                    ),
                    format!("不是可读取的 XLSX 工作簿（{e}）；是否把其他文件改名成了 .xlsx？"),
                ),
            );
            return None;
        }
    };
    let sheet_names = wb.sheet_names();
    // The metadata sheet says which questionnaire and layout the workbook is for.
    if !sheet_names.iter().any(|n| n == META_SHEET) {
        p.at(
            "",
            both(
                format!("this workbook was not exported by Assay (it has no '{META_SHEET}' sheet); export a blank one with `assay questionnaire export-xlsx` and fill that in"),
                format!("此工作簿不是 Assay 导出的（没有“{META_SHEET}”工作表）；请从 Assay 导出空白工作簿（应用中的“导出空白工作簿”或 `assay questionnaire export-xlsx`）后填写"),
            ),
        );
        return None;
    }
    let meta = read_cells(&mut wb, META_SHEET, META_MAX_ROWS, META_MAX_COLUMNS, p)?.grid();
    let mut info: HashMap<String, String> = HashMap::new();
    let mut expected_sheets: Vec<(String, String)> = Vec::new();
    for r in &meta {
        if r.is_empty() {
            continue;
        }
        let cell = |i: usize| r.get(i).map(Cell::shown).unwrap_or_default();
        if cell(0) == "sheet" {
            expected_sheets.push((cell(1), cell(2)));
        } else {
            info.insert(cell(0), cell(1));
        }
    }
    let get = |k: &str| info.get(k).cloned().unwrap_or_default();
    if get("format") != LAYOUT_VERSION {
        p.at(
            &format!("Sheet '{META_SHEET}'"),
            both(
                format!(
                    "the workbook layout is '{}', but this Assay reads '{LAYOUT_VERSION}'; export a new blank workbook",
                    get("format")
                ),
                format!(
                    "工作簿的布局版本为“{}”，本版 Assay 读取“{LAYOUT_VERSION}”；请重新导出空白工作簿",
                    get("format")
                ),
            ),
        );
        return None;
    }
    if get("questionnaire") != q.id || get("version") != q.version {
        p.at(
            "",
            both(
                format!(
                    "this workbook is for questionnaire {}@{}, but the evaluation uses {}@{}; export the blank workbook from this evaluation's questionnaire",
                    get("questionnaire"),
                    get("version"),
                    q.id,
                    q.version
                ),
                format!(
                    "此工作簿对应问卷 {}@{}，而本评估使用 {}@{}；请从本评估的问卷导出空白工作簿",
                    get("questionnaire"),
                    get("version"),
                    q.id,
                    q.version
                ),
            ),
        );
        return None;
    }
    let max_rows = HEADER_SEARCH_ROWS as u32 + q.questions().count() as u32 + EXTRA_ROWS;
    let mut rows_out = Vec::new();
    for (section_id, name) in &expected_sheets {
        if !sheet_names.iter().any(|n| n == name) {
            let ids: Vec<&str> = q
                .sections
                .iter()
                .find(|s| s.id == *section_id)
                .map(|s| s.questions.iter().map(|q| q.id.as_str()).collect())
                .unwrap_or_default();
            let (holds, holds_zh) = match (ids.first(), ids.last()) {
                (Some(a), Some(b)) => (format!("questions {a} … {b}"), format!("问题 {a} … {b}")),
                _ => (
                    format!("section {section_id}"),
                    format!("章节 {section_id}"),
                ),
            };
            p.at(
                &format!("Sheet '{name}'"),
                both(
                    format!("the sheet is missing (it holds {holds}); do not rename or delete the questionnaire's sheets"),
                    format!("缺少该工作表（其中是{holds_zh}）；请勿重命名或删除问卷的工作表"),
                ),
            );
        }
    }
    for name in &sheet_names {
        if !expected_sheets.iter().any(|(_, n)| n == name) {
            // Instructions, lists, and sheets the vendor added: not read.
            continue;
        }
        read_sheet(&mut wb, name, max_rows, p, &mut rows_out);
    }
    Some(rows_out)
}

fn read_sheet(
    wb: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    max_rows: u32,
    p: &mut Problems,
    out: &mut Vec<Row>,
) {
    let at_sheet = format!("Sheet '{name}'");
    let Some(sheet) = read_cells(wb, name, max_rows, MAX_COLUMNS, p) else {
        return;
    };
    if sheet.values.is_empty() {
        p.at(&at_sheet, both("the sheet is empty", "工作表为空"));
        return;
    }
    let grid = sheet.grid();
    let where_ = |pos: Option<(u32, u32)>| match pos {
        Some((r, c)) if c != u32::MAX => format!("{at_sheet}, {}", cell_ref(r, c)),
        Some((r, _)) => format!("{at_sheet}, row {}", r + 1),
        None => at_sheet.clone(),
    };
    let Some((hi, cols)) = find_header(&grid, &where_, p) else {
        return;
    };
    let merged: Vec<calamine::Dimensions> = wb.merge_cells_by_sheet_name(name).unwrap_or_default();
    let read_cols: Vec<(Col, u32)> = Col::READ.iter().map(|c| (*c, cols[c])).collect();
    for m in &merged {
        let touches = m.end.0 as usize > hi
            && read_cols
                .iter()
                .any(|(_, c)| m.start.1 <= *c && *c <= m.end.1);
        if touches {
            p.at(
                &format!(
                    "{at_sheet}, {}:{}",
                    cell_ref(m.start.0, m.start.1),
                    cell_ref(m.end.0, m.end.1)
                ),
                both(
                    "these cells are merged; unmerge them so that each question keeps its own cells",
                    "这些单元格已合并；请取消合并，使每个问题保留各自的单元格",
                ),
            );
        }
    }
    for (ri, row) in grid.iter().enumerate().skip(hi + 1) {
        let r = ri as u32;
        let mut cells = HashMap::new();
        let mut any = false;
        for (c, ci) in &read_cols {
            let value = row.get(*ci as usize).cloned().unwrap_or(Cell::Empty);
            let at = format!("{at_sheet}, {}", cell_ref(r, *ci));
            if let Some(f) = sheet.formulas.get(&(r, *ci)) {
                if !f.is_empty() {
                    p.at(
                        &at,
                        both(
                            format!(
                                "{} holds a formula (={f}); type the value",
                                cell_ref(r, *ci)
                            ),
                            format!("{} 中是公式（={f}）；请直接填写值", cell_ref(r, *ci)),
                        ),
                    );
                    any = false;
                    cells.clear();
                    break;
                }
            }
            any |= !value.is_empty();
            cells.insert(*c, (value, at));
        }
        if !any {
            continue;
        }
        let id_empty = cells.get(&Col::Id).is_none_or(|(v, _)| v.is_empty());
        if id_empty {
            p.at(
                &format!("{at_sheet}, row {}", r + 1),
                both(
                    format!(
                        "the row has values but no question id in column {}; put answers only on the questions' rows",
                        super::col_letters(cols[&Col::Id])
                    ),
                    format!(
                        "该行填有内容，但 {} 列没有问题编号；请只在问题所在行填写回答",
                        super::col_letters(cols[&Col::Id])
                    ),
                ),
            );
            continue;
        }
        out.push(Row {
            at: format!("{at_sheet}, {}", cell_ref(r, cols[&Col::Id])),
            cells,
        });
    }
}

fn read_csv(bytes: &[u8], p: &mut Problems) -> Option<Vec<Row>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if std::str::from_utf8(bytes).is_err() {
        p.at(
            "",
            both(
                "the CSV file is not UTF-8 text; save it as \"CSV UTF-8\"",
                "CSV 文件不是 UTF-8 文本；请另存为“CSV UTF-8”",
            ),
        );
        return None;
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut grid: Vec<Vec<Cell>> = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        match rec {
            Ok(r) => grid.push(
                r.iter()
                    .map(|s| {
                        if s.is_empty() {
                            Cell::Empty
                        } else {
                            Cell::Text(s.to_string())
                        }
                    })
                    .collect(),
            ),
            Err(e) => {
                p.at(&format!("row {}", i + 1), format!("not valid CSV ({e})"));
                return None;
            }
        }
    }
    let where_ = |pos: Option<(u32, u32)>| match pos {
        Some((r, c)) if c != u32::MAX => format!("row {}, column {}", r + 1, c + 1),
        Some((r, _)) => format!("row {}", r + 1),
        None => String::new(),
    };
    let (hi, cols) = find_header(&grid, &where_, p)?;
    let mut out = Vec::new();
    for (ri, row) in grid.iter().enumerate().skip(hi + 1) {
        let mut cells = HashMap::new();
        let mut any = false;
        for c in Col::READ {
            let ci = cols[&c];
            let value = row.get(ci as usize).cloned().unwrap_or(Cell::Empty);
            any |= !value.is_empty();
            cells.insert(
                c,
                (value, format!("row {}, column {}", ri + 1, c.names().2)),
            );
        }
        if !any {
            continue;
        }
        if cells.get(&Col::Id).is_none_or(|(v, _)| v.is_empty()) {
            p.at(
                &format!("row {}", ri + 1),
                both(
                    "the row has values but no question_id",
                    "该行填有内容，但没有 question_id",
                ),
            );
            continue;
        }
        out.push(Row {
            at: format!("row {}", ri + 1),
            cells,
        });
    }
    Some(out)
}
