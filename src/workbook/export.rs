//! Writing workbooks: the blank questionnaire for a vendor, and the comparison.

use super::{
    list_choices, section_sheet_names, Col, WbLang, DECLINED, LAYOUT_VERSION, LISTS_SHEET,
    META_SHEET, NA, NO_COMMITMENT_LABEL,
};
use crate::answers::AnswerSet;
use crate::questionnaire::{AnswerSpec, Question, Questionnaire};
use crate::scoring::{self, Eligibility, QuestionStatus, ScoringContext, VendorScore, Verdict};
use crate::Lang;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, ExcelDateTime, Format,
    FormatAlign, Formula, ProtectionOptions, Workbook, Worksheet, XlsxError,
};

/// Rows above the header on a section sheet: the title, a hint, a blank line.
pub(crate) const HEADER_ROW: u32 = 3;

/// A workbook that could not be made (the XLSX writer failed), said in both
/// languages like the store's and the report's errors.
#[derive(Debug, thiserror::Error)]
#[error("the workbook could not be written: {0}")]
pub struct WorkbookError(#[from] XlsxError);

impl WorkbookError {
    pub fn text(&self) -> crate::Text {
        crate::Text {
            en: self.to_string(),
            zh_cn: format!("无法生成工作簿：{}", self.0),
        }
    }
}

/// The blank questionnaire workbook (see the module documentation).
pub fn export_blank(q: &Questionnaire, lang: WbLang) -> Result<Vec<u8>, WorkbookError> {
    Ok(write_blank(q, lang)?)
}

fn protection() -> ProtectionOptions {
    ProtectionOptions {
        select_locked_cells: true,
        select_unlocked_cells: true,
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    }
}

fn how_to_answer(question: &Question, lang: WbLang) -> String {
    let na = if question.na_allowed {
        lang.pick(
            " N/A allowed (give the reason in the comment).",
            " 可填“不适用”（在备注中说明理由）。",
        )
    } else {
        String::new()
    };
    let base = match &question.answer {
        AnswerSpec::YesNo | AnswerSpec::YesPartialNo | AnswerSpec::Choice { .. } => {
            lang.pick("Choose from the list.", "从下拉列表中选择。")
        }
        AnswerSpec::Multi { options } => {
            let labels: Vec<String> = options.iter().map(|o| lang.text(&o.label)).collect();
            format!(
                "{} {}",
                lang.pick(
                    "Type every option that applies, separated by \";\":",
                    "填写所有适用的选项，用“;”分隔："
                ),
                labels.join("; ")
            )
        }
        AnswerSpec::Number {
            unit, alternatives, ..
        } => {
            let unit_text = lang.pick(unit.label(Lang::En), unit.label(Lang::ZhCn));
            let mut words: Vec<String> = alternatives.iter().map(|a| lang.text(&a.label)).collect();
            words.push(lang.pick(NO_COMMITMENT_LABEL.0, NO_COMMITMENT_LABEL.1));
            format!(
                "{unit_text} — {} {}",
                lang.pick("a number, or:", "填数字，或："),
                words.join("; ")
            )
        }
        AnswerSpec::Date { .. } => lang.pick("A date, YYYY-MM-DD.", "日期，格式 YYYY-MM-DD。"),
        AnswerSpec::Text => lang.pick("Free text.", "自由文本。"),
    };
    base + &na
}

fn evidence_requested(question: &Question, lang: WbLang) -> String {
    let Some(rule) = &question.evidence else {
        return String::new();
    };
    // What to provide, never what its absence would cost (that is the buyer's rule).
    let (en, zh) = if rule.required {
        ("[Requested]", "【需提供】")
    } else {
        ("[Welcome if available]", "【如有，欢迎提供】")
    };
    match &rule.note {
        Some(note) => lang.pick(&format!("{en} {}", note.en), &format!("{zh}{}", note.zh_cn)),
        None => lang.pick(en, zh),
    }
}

fn instructions(q: &Questionnaire, lang: WbLang) -> Vec<String> {
    let l = |en: &str, zh: &str| lang.pick(en, zh);
    vec![
        lang.text(&q.title),
        format!(
            "{} {}@{} · {}",
            l("Questionnaire", "问卷"),
            q.id,
            q.version,
            LAYOUT_VERSION
        ),
        String::new(),
        l("How to fill in this workbook", "填写说明"),
        l("1. Each section has its own sheet. Answer every question in the 'Answer' column of its row; the 'Guidance' column says what to state and which documents to provide.",
          "1. 每个章节一张工作表。请在每个问题所在行的“回答”列作答；“填写指引”列说明应填写的内容及需提供的文件。"),
        l("2. Yes/No, Yes/Partial/No and single choices: pick from the drop-down list.",
          "2. 是/否、是/部分/否及单选题：从下拉列表中选择。"),
        l("3. Several options: type each that applies, separated by \";\" (the options are listed in the 'Unit / how to answer' column).",
          "3. 多选题：填写所有适用的选项，用“;”分隔（选项列在“单位 / 填写方式”列）。"),
        l("4. Numbers: a plain number in the unit shown (e.g. 24), or one of the words listed beside it.",
          "4. 数字题：按所示单位填写数字（如 24），或填写旁边列出的词语之一。"),
        l("5. Dates: YYYY-MM-DD (e.g. 2027-03-31). Dates such as 03/04/2027 are refused because they are ambiguous.",
          "5. 日期：YYYY-MM-DD（如 2027-03-31）。03/04/2027 这类有歧义的日期会被拒绝。"),
        l("6. N/A is accepted only where the question allows it; give the reason in the 'Comment or N/A reason' column.",
          "6. 仅在问题允许时可填“不适用”，并在“备注或不适用理由”列说明理由。"),
        l("6a. If you will not answer a question, choose or type 'Declined to answer'; a reason in the 'Comment or N/A reason' column is welcome. Leave the answer empty only if you do not know yet.",
          "6a. 如不愿回答某问题，请选择或填写“拒绝回答”，欢迎在“备注或不适用理由”列说明理由。仅在尚不清楚时留空。"),
        l("7. Evidence: where the 'Evidence requested' column asks for it, give the certificate, report or filing number, its issuer, its expiry date, and where the statement is documented ('Source reference'). Evidence lets the buyer verify the answer; give its validity dates as printed on the document.",
          "7. 证据：凡“所需证据”列有要求的，请填写证书/报告/备案编号、签发机构、有效期至，并在“来源”列注明出处。证据用于核实回答，请按文件所载填写有效期。"),
        l("8. Type values; formulas are refused. Do not rename sheets, merge cells or change the 'Question ID' column. Leave a row's answer empty if you do not know.",
          "8. 请直接填写数值，不接受公式。请勿重命名工作表、合并单元格或修改“问题编号”列。不清楚的问题请留空。"),
        l("9. Return the file as .xlsx (or as CSV with the columns question_id, answer, comment, evidence_identifier, issuer, expiry_date, source).",
          "9. 以 .xlsx 格式返回（或 CSV，列为 question_id, answer, comment, evidence_identifier, issuer, expiry_date, source）。"),
    ]
}

fn write_blank(q: &Questionnaire, lang: WbLang) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(14);
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color("#DDEBF7")
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    let locked_wrap = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_locked();
    let open = Format::new()
        .set_unlocked()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color("#FFF2CC")
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    let open_date = open.clone().set_num_format("yyyy-mm-dd");
    let open_text = open.clone().set_num_format("@");

    // Instructions.
    {
        let ws = wb.add_worksheet();
        ws.set_name(if lang == WbLang::ZhCn {
            "填写说明"
        } else {
            "Instructions"
        })?;
        ws.set_column_width(0, 120)?;
        for (i, line) in instructions(q, lang).iter().enumerate() {
            let fmt = if i == 0 || i == 3 {
                &title
            } else {
                &locked_wrap
            };
            ws.write_string_with_format(i as u32, 0, line, fmt)?;
        }
        ws.protect_with_options(&protection());
    }

    let sheet_names = section_sheet_names(q, lang);
    // Drop-down lists live on a hidden sheet: list strings are limited to 255 characters.
    let mut lists: Vec<(String, Vec<String>)> = Vec::new();
    for (si, section) in q.sections.iter().enumerate() {
        let ws = wb.add_worksheet();
        ws.set_name(&sheet_names[si])?;
        ws.write_string_with_format(0, 0, lang.text(&section.title), &title)?;
        ws.write_string_with_format(
            1,
            0,
            lang.pick(
                "Fill in the yellow cells. See the Instructions sheet.",
                "请填写黄色单元格，详见“填写说明”。",
            ),
            &locked_wrap,
        )?;
        for (c, col) in Col::ALL.iter().enumerate() {
            ws.write_string_with_format(HEADER_ROW - 1, c as u16, col.header(lang), &header)?;
        }
        let widths = [
            10.0, 60.0, 30.0, 30.0, 30.0, 22.0, 22.0, 14.0, 30.0, 40.0, 50.0,
        ];
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, *w)?;
        }
        for (i, question) in section.questions.iter().enumerate() {
            let row = HEADER_ROW + i as u32;
            ws.write_string_with_format(row, Col::Id.index(), &question.id, &locked_wrap)?;
            ws.write_string_with_format(
                row,
                Col::Question.index(),
                lang.text(&question.text),
                &locked_wrap,
            )?;
            ws.write_string_with_format(
                row,
                Col::Unit.index(),
                how_to_answer(question, lang),
                &locked_wrap,
            )?;
            ws.write_string_with_format(
                row,
                Col::EvidenceRequested.index(),
                evidence_requested(question, lang),
                &locked_wrap,
            )?;
            // Only the vendor-facing guidance: the buyer's help tells what scores best.
            if let Some(guidance) = &question.vendor_guidance {
                ws.write_string_with_format(
                    row,
                    Col::Guidance.index(),
                    lang.text(guidance),
                    &locked_wrap,
                )?;
            }
            let answer_fmt = match question.answer {
                AnswerSpec::Date { .. } => &open_date,
                AnswerSpec::Number { .. } => &open,
                _ => &open_text,
            };
            ws.write_blank(row, Col::Answer.index(), answer_fmt)?;
            for c in [Col::Comment, Col::EvidenceId, Col::Issuer, Col::Source] {
                ws.write_blank(row, c.index(), &open_text)?;
            }
            ws.write_blank(row, Col::Expiry.index(), &open_date)?;
            add_answer_validation(ws, row, Col::Answer.index(), question, lang, &mut lists)?;
            ws.add_data_validation(
                row,
                Col::Expiry.index(),
                row,
                Col::Expiry.index(),
                &date_validation(lang)?,
            )?;
        }
        ws.set_freeze_panes(HEADER_ROW, 2)?;
        ws.protect_with_options(&protection());
    }

    {
        let ws = wb.add_worksheet();
        ws.set_name(LISTS_SHEET)?;
        for (c, (_, items)) in lists.iter().enumerate() {
            for (r, item) in items.iter().enumerate() {
                ws.write_string(r as u32, c as u16, item)?;
            }
        }
        ws.set_hidden(true);
        ws.protect_with_options(&protection());
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(META_SHEET)?;
        let rows: Vec<[String; 3]> = [
            ["format".into(), LAYOUT_VERSION.into(), String::new()],
            ["questionnaire".into(), q.id.clone(), String::new()],
            ["version".into(), q.version.clone(), String::new()],
            ["lang".into(), lang.as_str().into(), String::new()],
        ]
        .into_iter()
        .chain(
            q.sections
                .iter()
                .zip(&sheet_names)
                .map(|(s, n)| ["sheet".into(), s.id.clone(), n.clone()]),
        )
        .collect();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                ws.write_string_with_format(r as u32, c as u16, v, &bold)?;
            }
        }
        ws.set_hidden(true);
        ws.protect_with_options(&protection());
    }
    wb.save_to_buffer()
}

fn date_validation(lang: WbLang) -> Result<DataValidation, XlsxError> {
    // Warning style: N/A can still be typed where it is allowed; import judges.
    DataValidation::new()
        .allow_date(DataValidationRule::Between(
            ExcelDateTime::from_ymd(1990, 1, 1)?,
            ExcelDateTime::from_ymd(2199, 12, 31)?,
        ))
        .set_error_style(DataValidationErrorStyle::Warning)
        .set_error_message(lang.pick("Type a date as YYYY-MM-DD.", "请按 YYYY-MM-DD 填写日期。"))
}

fn add_answer_validation(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    question: &Question,
    lang: WbLang,
    lists: &mut Vec<(String, Vec<String>)>,
) -> Result<(), XlsxError> {
    let choices = list_choices(&question.answer);
    let validation = if !choices.is_empty() {
        let mut items: Vec<String> = choices
            .iter()
            .map(|(_, en, zh)| lang.pick(en, zh))
            .collect();
        if question.na_allowed {
            items.push(lang.pick(NA.0, NA.1));
        }
        items.push(lang.pick(DECLINED.0, DECLINED.1));
        let index = match lists.iter().position(|(_, l)| *l == items) {
            Some(i) => i,
            None => {
                lists.push((question.id.clone(), items.clone()));
                lists.len() - 1
            }
        };
        let letters = super::col_letters(index as u32);
        DataValidation::new()
            .allow_list_formula(Formula::new(format!(
                "='{LISTS_SHEET}'!${letters}$1:${letters}${}",
                items.len()
            )))
            .set_error_message(lang.pick("Choose a value from the list.", "请从列表中选择。"))?
    } else {
        match &question.answer {
            AnswerSpec::Number { .. } => DataValidation::new()
                .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
                .set_error_style(DataValidationErrorStyle::Information)
                .set_error_message(lang.pick(
                    "A number of 0 or more, or one of the words in the 'Unit / how to answer' column.",
                    "请填写不小于 0 的数字，或“单位 / 填写方式”列中的词语之一。",
                ))?,
            AnswerSpec::Date { .. } => date_validation(lang)?,
            _ => return Ok(()),
        }
    };
    ws.add_data_validation(row, col, row, col, &validation)?;
    Ok(())
}

/// Text that a spreadsheet could take for a formula (or a DDE payload).
pub(crate) fn risky(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r', '\n'])
}

/// Writes user text as a string cell, never as a formula; risky text also gets
/// Excel's quote prefix so that editing the cell keeps it text.
fn write_text(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    s: &str,
    quoted: &Format,
) -> Result<(), XlsxError> {
    if risky(s) {
        ws.write_string_with_format(row, col, s, quoted)?;
    } else {
        ws.write_string(row, col, s)?;
    }
    Ok(())
}

/// The comparison as a workbook: the decision (verdict, rank, range, coverage,
/// reasons, what passes the unsettled must-haves), the section matrix (scores per
/// section and vendor — "no data" where nothing is answered, never 0 — totals with
/// their ranges, coverage per section) and the answer matrix (each vendor's answer
/// and score per question; an open question reads "unknown"). Every text is
/// written as a string, never a formula.
///
/// What the comparison workbook shows: an evaluation's vendors scored in a
/// context. Plain references, so this layer needs no store.
pub struct ComparisonSheets<'a> {
    /// The evaluation's name, written on the first sheet.
    pub title: &'a str,
    pub questionnaire: &'a Questionnaire,
    pub context: &'a ScoringContext,
    /// In rank order.
    pub vendors: &'a [VendorScore],
}

pub fn export_comparison(
    c: &ComparisonSheets<'_>,
    answers: &AnswerSet,
    lang: Lang,
) -> Result<Vec<u8>, WorkbookError> {
    Ok(write_comparison(c, answers, lang)?)
}

fn write_comparison(
    c: &ComparisonSheets<'_>,
    set: &AnswerSet,
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let q = c.questionnaire;
    let l = |en: &str, zh: &str| if lang == Lang::ZhCn { zh } else { en }.to_string();
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let quoted = Format::new().set_quote_prefix();
    let num = Format::new().set_num_format("0.0");
    let wrap = Format::new().set_text_wrap();
    let threshold = format!(
        "{} %",
        scoring::format_number((c.context.min_coverage * 1000.0).round() / 10.0)
    );
    let heading = format!(
        "{}@{} · {} · {} {} · {}",
        q.id,
        q.version,
        scoring::FORMULA_VERSION,
        l("as of", "评估基准日"),
        c.context.as_of,
        c.context.profiles.join(", ")
    );
    let eligibility = |e: Eligibility| match e {
        Eligibility::Eligible => l("eligible", "符合"),
        Eligibility::Undetermined => l("undetermined", "待定"),
        Eligibility::ProvisionallyNotEligible => l(
            "provisionally not eligible — to be confirmed",
            "暂定不符合 — 待核实",
        ),
        Eligibility::NotEligible => l("not eligible", "不符合"),
    };
    let unranked = |v: &VendorScore| match lang {
        Lang::En => format!("— insufficient data, {} questions open", v.open_questions),
        Lang::ZhCn => format!("— 数据不足，{} 个问题待答", v.open_questions),
    };
    let no_data = l("no data", "无数据");
    {
        // The decision first, as in the report.
        let ws = wb.add_worksheet();
        ws.set_name(l("Decision", "决定"))?;
        write_text(ws, 0, 0, c.title, &quoted)?;
        ws.write_string(1, 0, &heading)?;
        ws.write_string(
            2,
            0,
            match lang {
                Lang::En => format!(
                    "Ranked: only vendors with at least {threshold} of the score resting on answers; vendors whose ranges (floor–ceiling) overlap are tied within what is known."
                ),
                Lang::ZhCn => format!(
                    "排名：仅对已有回答支撑至少 {threshold} 分数的供应商排名；分数范围（下限–上限）重叠者在已知范围内并列。"
                ),
            },
        )?;
        let headers = [
            l("Vendor", "供应商"),
            l("Decision", "决定"),
            l("Rank", "排名"),
            l("Tied with", "并列"),
            l("Total", "总分"),
            l("Floor", "下限"),
            l("Ceiling", "上限"),
            l("Coverage (%)", "覆盖率 (%)"),
            l("Evidence coverage (%)", "证据覆盖率 (%)"),
            l("Open questions", "待答问题"),
            l("Eligibility", "准入"),
            l("Reasons", "理由"),
            l(
                "Must-haves not settled: what would pass",
                "未确定的必备项：通过条件",
            ),
        ];
        for (i, h) in headers.iter().enumerate() {
            ws.write_string_with_format(4, i as u16, h, &bold)?;
        }
        for (vi, v) in c.vendors.iter().enumerate() {
            let row = 5 + vi as u32;
            write_text(ws, row, 0, &v.vendor, &quoted)?;
            ws.write_string(row, 1, verdict(v.decision.verdict, lang))?;
            match v.rank {
                Some(r) => ws.write_number(row, 2, r as f64)?,
                None => ws.write_string(row, 2, unranked(v))?,
            };
            if !v.tied_with.is_empty() {
                write_text(ws, row, 3, &v.tied_with.join(", "), &quoted)?;
            }
            ws.write_number_with_format(row, 4, v.range.point.as_f64(), &num)?;
            ws.write_number_with_format(row, 5, v.range.floor.as_f64(), &num)?;
            ws.write_number_with_format(row, 6, v.range.ceiling.as_f64(), &num)?;
            ws.write_number_with_format(row, 7, v.coverage * 100.0, &num)?;
            match v.evidence_coverage {
                Some(e) => ws.write_number_with_format(row, 8, e * 100.0, &num)?,
                None => ws.write_string(row, 8, "—")?,
            };
            ws.write_number(row, 9, v.open_questions as f64)?;
            ws.write_string(row, 10, eligibility(v.eligibility))?;
            let reasons: Vec<&str> = v.decision.reasons.iter().map(|r| r.get(lang)).collect();
            write_text(ws, row, 11, &reasons.join("\n"), &quoted)?;
            let gates: Vec<String> = v
                .knockouts
                .iter()
                .filter(|k| k.is_unsettled())
                .map(|k| format!("{}: {}", k.question, k.to_pass.get(lang)))
                .collect();
            write_text(ws, row, 12, &gates.join("\n"), &quoted)?;
        }
        ws.set_column_width(0, 28)?;
        ws.set_column_width(1, 26)?;
        ws.set_column_width(2, 14)?;
        ws.set_column_format(11, &wrap)?;
        ws.set_column_width(11, 60)?;
        ws.set_column_format(12, &wrap)?;
        ws.set_column_width(12, 60)?;
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(l("Sections", "章节矩阵"))?;
        write_text(ws, 0, 0, c.title, &quoted)?;
        ws.write_string(1, 0, &heading)?;
        ws.write_string(
            2,
            0,
            l(
                "Section scores 0–100. \"no data\": nothing of the section is answered yet (not 0); —: no question of the section applies.",
                "章节得分 0–100。“无数据”：该章节尚无任何回答（并非 0 分）；—：该章节没有适用的问题。",
            ),
        )?;
        ws.write_string_with_format(3, 0, l("Section", "章节"), &bold)?;
        for (vi, v) in c.vendors.iter().enumerate() {
            let col = 1 + vi as u16;
            if risky(&v.vendor) {
                ws.write_string_with_format(3, col, &v.vendor, &quoted.clone().set_bold())?;
            } else {
                ws.write_string_with_format(3, col, &v.vendor, &bold)?;
            }
        }
        let mut row = 4;
        for s in &q.sections {
            ws.write_string(row, 0, format!("{} {}", s.id, s.title.get(lang)))?;
            for (vi, v) in c.vendors.iter().enumerate() {
                let col = 1 + vi as u16;
                let sec = v.section(&s.id);
                match (sec.and_then(|x| x.score), sec.and_then(|x| x.coverage)) {
                    (Some(score), _) => ws.write_number_with_format(row, col, score, &num)?,
                    (None, Some(_)) => ws.write_string(row, col, &no_data)?,
                    (None, None) => ws.write_string(row, col, "—")?,
                };
            }
            row += 1;
        }
        let labels = [
            l("Total", "总分"),
            l("Eligibility", "准入"),
            l("Completeness", "完整度"),
            l("Total: floor", "总分下限"),
            l("Total: ceiling", "总分上限"),
            l("Coverage (%)", "覆盖率 (%)"),
            l("Rank", "排名"),
            l("Decision", "决定"),
        ];
        for (i, label) in labels.iter().enumerate() {
            ws.write_string_with_format(row + i as u32, 0, label, &bold)?;
        }
        for (vi, v) in c.vendors.iter().enumerate() {
            let col = 1 + vi as u16;
            ws.write_number_with_format(row, col, v.total.as_f64(), &num)?;
            ws.write_string(row + 1, col, eligibility(v.eligibility))?;
            ws.write_number_with_format(row + 2, col, v.completeness * 100.0, &num)?;
            ws.write_number_with_format(row + 3, col, v.range.floor.as_f64(), &num)?;
            ws.write_number_with_format(row + 4, col, v.range.ceiling.as_f64(), &num)?;
            ws.write_number_with_format(row + 5, col, v.coverage * 100.0, &num)?;
            match v.rank {
                Some(r) if v.tied_with.is_empty() => ws.write_number(row + 6, col, r as f64)?,
                Some(r) => {
                    ws.write_string(row + 6, col, format!("{r}={}", l(" (tied)", "（并列）")))?
                }
                None => ws.write_string(row + 6, col, unranked(v))?,
            };
            ws.write_string(row + 7, col, verdict(v.decision.verdict, lang))?;
        }
        // Coverage per section: how much of each score rests on answers.
        let mut row = row + labels.len() as u32 + 1;
        ws.write_string_with_format(
            row,
            0,
            l(
                "Coverage per section (% answered)",
                "各章节覆盖率（已回答 %）",
            ),
            &bold,
        )?;
        row += 1;
        for s in &q.sections {
            ws.write_string(row, 0, format!("{} {}", s.id, s.title.get(lang)))?;
            for (vi, v) in c.vendors.iter().enumerate() {
                let col = 1 + vi as u16;
                match v.section(&s.id).and_then(|x| x.coverage) {
                    Some(cov) => ws.write_number_with_format(row, col, cov * 100.0, &num)?,
                    None => ws.write_string(row, col, "—")?,
                };
            }
            row += 1;
        }
        ws.set_column_width(0, 45)?;
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(l("Answers", "回答矩阵"))?;
        ws.write_string_with_format(0, 0, l("Question ID", "问题编号"), &bold)?;
        ws.write_string_with_format(0, 1, l("Question", "问题"), &bold)?;
        for (vi, v) in c.vendors.iter().enumerate() {
            let col = 2 + 2 * vi as u16;
            write_text(ws, 0, col, &v.vendor, &quoted)?;
            ws.write_string_with_format(0, col + 1, l("score", "得分"), &bold)?;
        }
        let answers: Vec<std::collections::HashMap<&str, &crate::answers::Answer>> = c
            .vendors
            .iter()
            .map(|v| {
                set.vendors
                    .iter()
                    .find(|va| va.name == v.vendor)
                    .map(|va| {
                        va.answers
                            .iter()
                            .map(|a| (a.question.as_str(), a))
                            .collect()
                    })
                    .unwrap_or_default()
            })
            .collect();
        for (i, (_, question)) in q.questions().enumerate() {
            let row = 1 + i as u32;
            ws.write_string(row, 0, &question.id)?;
            write_text(ws, row, 1, question.text.get(lang), &quoted)?;
            for (vi, v) in c.vendors.iter().enumerate() {
                let col = 2 + 2 * vi as u16;
                let qs = v.question(&question.id);
                let shown = match answers[vi].get(question.id.as_str()) {
                    Some(a) => match scoring::read(question, Some(a)) {
                        Ok(scoring::Reading::Given(g)) => {
                            scoring::display(&question.answer, &g, lang)
                        }
                        Ok(scoring::Reading::NotApplicable(r)) => {
                            format!("{}: {r}", l("N/A", "不适用"))
                        }
                        Ok(scoring::Reading::Declined) => l("declined to answer", "拒绝回答"),
                        _ => String::new(),
                    },
                    None => String::new(),
                };
                write_text(ws, row, col, &shown, &quoted)?;
                match qs.map(|qs| (qs.status, qs.score)) {
                    Some((QuestionStatus::Answered | QuestionStatus::Declined, score)) => {
                        ws.write_number_with_format(row, col + 1, score, &num)?;
                    }
                    // Unknown is not 0: it is open.
                    Some((QuestionStatus::Unknown, _)) => {
                        ws.write_string(row, col + 1, l("unknown", "未知"))?;
                    }
                    _ => {}
                }
            }
        }
        ws.set_column_width(1, 60)?;
    }
    wb.save_to_buffer()
}

/// A verdict in plain words (the comparison's own copy: the workbook layer does
/// not use the report's labels).
fn verdict(v: Verdict, lang: Lang) -> &'static str {
    let (en, zh) = match v {
        Verdict::Meets => ("meets the requirements", "符合要求"),
        Verdict::MeetsWithConditions => ("meets them with conditions", "有条件符合要求"),
        Verdict::DoesNotMeet => ("does not meet them", "不符合要求"),
        Verdict::NotEnoughInformation => ("not enough information", "信息不足"),
    };
    if lang == Lang::ZhCn {
        zh
    } else {
        en
    }
}
