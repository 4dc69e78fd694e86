//! Filling exported workbooks programmatically, for tests and benchmarks (the way
//! a vendor would: the same sheets and cells, with answers typed in).

use super::export::HEADER_ROW;
use super::{section_sheet_names, Col, WbLang};
use crate::answers::{Answer, AnswerValue, Evidence, EvidenceKind};
use crate::questionnaire::{AnswerSpec, Questionnaire};
use calamine::{Data, Reader, Xlsx};
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
use std::io::Cursor;

/// What to type into a cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Formula(String),
}

/// Changes to make while copying a workbook.
#[derive(Debug, Clone, Default)]
pub struct Fill {
    /// (sheet, 0-based row, 0-based column, value).
    pub cells: Vec<(String, u32, u16, Edit)>,
    /// (sheet, first row, first column, last row, last column).
    pub merges: Vec<(String, u32, u16, u32, u16)>,
    pub drop_sheets: Vec<String>,
    /// (old name, new name): the sheet is renamed, and so is its entry in the
    /// metadata sheet, as in a workbook exported under other sheet names.
    pub renames: Vec<(String, String)>,
    /// Column order on section sheets: new column of old column i is `permute[i]`.
    pub permute: Option<Vec<u16>>,
}

/// Where a question's cell is in the blank workbook exported in `lang`.
pub fn cell_of(q: &Questionnaire, lang: WbLang, question: &str, col: Col) -> (String, u32, u16) {
    let names = section_sheet_names(q, lang);
    for (si, s) in q.sections.iter().enumerate() {
        if let Some(i) = s.questions.iter().position(|x| x.id == question) {
            return (names[si].clone(), HEADER_ROW + i as u32, col.index());
        }
    }
    panic!("no question {question}");
}

/// Copies `xlsx` (values only) with the changes in `fill`.
pub fn rewrite(xlsx: &[u8], fill: &Fill) -> Vec<u8> {
    let mut src: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(xlsx)).expect("xlsx");
    let mut wb = Workbook::new();
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd");
    for name in src.sheet_names() {
        if fill.drop_sheets.contains(&name) {
            continue;
        }
        let range = src.worksheet_range(&name).expect("sheet");
        let renamed = |s: &str| {
            fill.renames
                .iter()
                .find(|(old, _)| old == s)
                .map(|(_, new)| new.clone())
        };
        let ws = wb.add_worksheet();
        ws.set_name(renamed(&name).unwrap_or_else(|| name.clone()))
            .expect("name");
        let is_meta = name == super::META_SHEET;
        let is_section = !name.starts_with('_');
        let map = |c: u16| match (&fill.permute, is_section) {
            (Some(p), true) => p.get(c as usize).copied().unwrap_or(c),
            _ => c,
        };
        if let Some((r0, c0)) = range.start() {
            for (ri, row) in range.rows().enumerate() {
                for (ci, v) in row.iter().enumerate() {
                    let (r, c) = (r0 + ri as u32, map((c0 + ci as u32) as u16));
                    match v {
                        Data::String(s) => {
                            let s = if is_meta {
                                renamed(s).unwrap_or_else(|| s.clone())
                            } else {
                                s.clone()
                            };
                            ws.write_string(r, c, s).expect("write");
                        }
                        Data::Float(f) => {
                            ws.write_number(r, c, *f).expect("write");
                        }
                        Data::Int(i) => {
                            ws.write_number(r, c, *i as f64).expect("write");
                        }
                        _ => {}
                    }
                }
            }
        }
        for (sheet, r, c, edit) in &fill.cells {
            if *sheet != name {
                continue;
            }
            let c = map(*c);
            match edit {
                Edit::Text(s) => ws.write_string(*r, c, s).map(|_| ()),
                Edit::Number(n) => ws.write_number(*r, c, *n).map(|_| ()),
                Edit::Date(d) => {
                    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
                        .and_then(|dt| {
                            ws.write_datetime_with_format(*r, c, &dt, &date_fmt)
                                .map(|_| ())
                        })
                }
                Edit::Formula(f) => ws.write_formula(*r, c, Formula::new(f)).map(|_| ()),
            }
            .expect("edit");
        }
        for (sheet, r1, c1, r2, c2) in &fill.merges {
            if *sheet == name {
                ws.merge_range(*r1, *c1, *r2, *c2, "", &Format::new())
                    .expect("merge");
            }
        }
    }
    wb.save_to_buffer().expect("save")
}

/// A fill that answers every question of `q` validly (in English labels) and the
/// answers an import of it must yield (without provenance).
pub fn fill_all(q: &Questionnaire) -> (Fill, Vec<Answer>) {
    let lang = WbLang::En;
    let mut fill = Fill::default();
    let mut expected = Vec::new();
    let date = NaiveDate::from_ymd_opt(2027, 3, 31).expect("date");
    for (n, (_, question)) in q.questions().enumerate() {
        let at = |col| cell_of(q, lang, &question.id, col);
        let mut put = |col, e: Edit| {
            let (s, r, c) = at(col);
            fill.cells.push((s, r, c, e));
        };
        let mut answer = Answer {
            question: question.id.clone(),
            ..Answer::default()
        };
        if question.na_allowed && n % 3 == 0 {
            put(Col::Answer, Edit::Text("N/A".into()));
            put(
                Col::Comment,
                Edit::Text("Not offered in this deployment".into()),
            );
            answer.na = Some("Not offered in this deployment".into());
            expected.push(answer);
            continue;
        }
        let (edit, value) = match &question.answer {
            AnswerSpec::YesNo => (Edit::Text("Yes".into()), AnswerValue::Text("yes".into())),
            AnswerSpec::YesPartialNo => (
                Edit::Text("Partial".into()),
                AnswerValue::Text("partial".into()),
            ),
            AnswerSpec::Choice { options } => {
                let o = &options[n % options.len()];
                (
                    Edit::Text(o.label.en.clone()),
                    AnswerValue::Text(o.id.clone()),
                )
            }
            AnswerSpec::Multi { options } => {
                let picked: Vec<_> = options.iter().take(2).collect();
                (
                    Edit::Text(
                        picked
                            .iter()
                            .map(|o| o.label.en.as_str())
                            .collect::<Vec<_>>()
                            .join("; "),
                    ),
                    AnswerValue::List(picked.iter().map(|o| o.id.clone()).collect()),
                )
            }
            AnswerSpec::Number { .. } => (Edit::Number(24.0), AnswerValue::Number(24.0)),
            AnswerSpec::Date { .. } => (Edit::Date(date), AnswerValue::Text("2027-03-31".into())),
            AnswerSpec::Text => (
                Edit::Text("=cmd|' /C calc'!A0 is just text".into()),
                AnswerValue::Text("=cmd|' /C calc'!A0 is just text".into()),
            ),
        };
        put(Col::Answer, edit);
        answer.value = Some(value);
        if n % 2 == 0 {
            put(
                Col::Comment,
                Edit::Text(format!("comment on {}", question.id)),
            );
            answer.comment = Some(format!("comment on {}", question.id));
        }
        if question.evidence.is_some() {
            put(Col::EvidenceId, Edit::Text(format!("CERT-{n}")));
            put(Col::Issuer, Edit::Text("BSI".into()));
            put(Col::Expiry, Edit::Date(date));
            answer.evidence.push(Evidence {
                kind: EvidenceKind::Other,
                identifier: Some(format!("CERT-{n}")),
                issuer: Some("BSI".into()),
                scope: None,
                issued: None,
                expires: Some(date),
                url: None,
            });
        }
        expected.push(answer);
    }
    (fill, expected)
}
