//! The schedule as a DOCX file (docx-rs): numbered clauses, each with the
//! question and frameworks it comes from; clauses to negotiate marked; the
//! negotiation points as a table; what was left out and why. East Asian text
//! is declared in a Chinese font (SimSun, which Word and WPS have), Latin text
//! in Calibri; `both` puts each clause's Chinese under its English.

use super::{Schedule, Standing};
use crate::questionnaire::Text;
use crate::workbook::WbLang;
use crate::Lang;
use docx_rs::{Docx, Paragraph, Run, RunFonts, Table, TableCell, TableRow, WidthType};

/// Writes `schedule` in `lang` (en, zh-CN or both) as DOCX bytes.
pub fn write_docx(schedule: &Schedule, lang: WbLang) -> Result<Vec<u8>, String> {
    let langs: &[Lang] = match lang {
        WbLang::En => &[Lang::En],
        WbLang::ZhCn => &[Lang::ZhCn],
        WbLang::Both => &[Lang::En, Lang::ZhCn],
    };
    // In one language: that language's words; in both: "English / 中文".
    let say = |t: &Text| -> String {
        langs
            .iter()
            .map(|l| t.get(*l).to_string())
            .collect::<Vec<_>>()
            .join(" / ")
    };
    let w = |en: &str, zh: &str| {
        say(&Text {
            en: en.into(),
            zh_cn: zh.into(),
        })
    };

    let mut doc = Docx::new().default_fonts(
        RunFonts::new()
            .ascii("Calibri")
            .hi_ansi("Calibri")
            .east_asia("SimSun")
            .cs("Calibri"),
    );
    doc = doc.add_paragraph(
        Paragraph::new()
            .add_run(Run::new().add_text(say(&schedule.title)).bold().size(36))
            .keep_next(true),
    );
    doc = doc.add_paragraph(
        Paragraph::new().add_run(Run::new().add_text(schedule.vendor.clone()).bold().size(28)),
    );
    for line in [
        format!("{}: {}", w("Evaluation", "评估"), schedule.evaluation),
        format!("{}: {}", w("Answers as of", "回答基准日"), schedule.as_of),
        format!("{}: {}", w("Questionnaire", "问卷"), schedule.questionnaire),
        format!(
            "{}: {}",
            w("Data fingerprint (SHA-256)", "数据指纹（SHA-256）"),
            schedule.fingerprint
        ),
    ] {
        doc = doc.add_paragraph(
            Paragraph::new().add_run(Run::new().add_text(line).size(18).color("555555")),
        );
    }
    for l in langs {
        doc = doc.add_paragraph(Paragraph::new().add_run(Run::new().add_text(match l {
            Lang::En => "Each clause below comes from the vendor's answer to the question it names. Where the answer meets the buyer's requirement, the clause states the vendor's commitment as answered; where it is weaker, unknown or declined, the clause states the buyer's requirement and is marked [TO NEGOTIATE]: those clauses are listed in the negotiation points at the end.",
            Lang::ZhCn => "以下每一条款均依据供应商对所注明问题的回答拟定。回答满足采购方要求的，条款按供应商的回答写明其承诺；回答较弱、未知或拒绝回答的，条款写明采购方的要求并标注【待协商】，这些条款列于文末的协商要点中。",
        })));
    }

    for c in &schedule.clauses {
        let mut heading = format!("{}. {}", c.number, say(&c.title));
        if matches!(c.standing, Standing::ToNegotiate { .. }) {
            heading.push_str(&format!(" {}", w("[TO NEGOTIATE]", "【待协商】")));
        }
        doc = doc.add_paragraph(
            Paragraph::new()
                .add_run(Run::new().add_text(heading).bold().size(24))
                .keep_next(true),
        );
        for l in langs {
            doc = doc.add_paragraph(
                Paragraph::new()
                    .add_run(Run::new().add_text(format!("{}.1 {}", c.number, c.text.get(*l))))
                    .keep_lines(true),
            );
        }
        doc = doc.add_paragraph(
            Paragraph::new().add_run(
                Run::new()
                    .add_text(match &c.question {
                        Some((id, text)) => format!(
                            "{} {id} {} · {}",
                            w("Rests on question", "依据问题"),
                            say(text),
                            c.reference
                        ),
                        None => format!(
                            "{} · {}",
                            w(
                                "No question of the questionnaire asks this",
                                "问卷中没有询问此项的问题"
                            ),
                            c.reference
                        ),
                    })
                    .size(16)
                    .color("666666"),
            ),
        );
        if let Some(note) = &c.basis_note {
            doc = doc.add_paragraph(
                Paragraph::new().add_run(
                    Run::new()
                        .add_text(format!("{} {}", w("Note:", "注意："), say(note)))
                        .size(16)
                        .color("9A3412"),
                ),
            );
        }
    }

    // The negotiation points: where the answer falls short of the requirement.
    doc = doc.add_paragraph(
        Paragraph::new()
            .add_run(
                Run::new()
                    .add_text(w("Negotiation points", "协商要点"))
                    .bold()
                    .size(28),
            )
            .keep_next(true),
    );
    let points: Vec<_> = schedule.negotiation_points().collect();
    if points.is_empty() {
        doc = doc.add_paragraph(Paragraph::new().add_run(Run::new().add_text(w(
            "None: every clause's answer meets the buyer's requirement.",
            "无：各条款对应的回答均满足采购方要求。",
        ))));
    } else {
        let cell = |s: String, bold: bool| {
            let run = Run::new().add_text(s).size(18);
            TableCell::new().add_paragraph(Paragraph::new().add_run(if bold {
                run.bold()
            } else {
                run
            }))
        };
        let decided = !schedule.decisions.is_empty();
        let mut header = vec![
            cell(w("Clause", "条款"), true),
            cell(w("Question", "问题"), true),
            cell(w("The vendor's answer", "供应商的回答"), true),
            cell(w("The buyer's requirement", "采购方的要求"), true),
        ];
        if decided {
            header.push(cell(w("Decision", "决定"), true));
        }
        let mut rows = vec![TableRow::new(header)];
        for c in points {
            let Standing::ToNegotiate { answer } = &c.standing else {
                continue;
            };
            let mut cells = vec![
                cell(format!("{}. {}", c.number, say(&c.title)), false),
                cell(
                    c.question
                        .as_ref()
                        .map_or_else(|| w("none", "无"), |(id, _)| id.clone()),
                    false,
                ),
                cell(say(answer), false),
                cell(say(&c.text), false),
            ];
            if decided {
                let decision = schedule
                    .decisions
                    .get(&c.id)
                    .map_or_else(|| w("to negotiate", "待协商"), say);
                cells.push(cell(decision, false));
            }
            rows.push(TableRow::new(cells));
        }
        // The column grid (twentieths of a point, 9,600 ≈ A4 text width):
        // Word, WPS and other readers lay out the cells from it.
        doc = doc.add_table(
            Table::new(rows)
                .set_grid(if decided {
                    vec![1900, 900, 2200, 2800, 1800]
                } else {
                    vec![2200, 1000, 2800, 3600]
                })
                .width(5000, WidthType::Pct),
        );
    }
    if !schedule.left_out.is_empty() {
        doc = doc.add_paragraph(
            Paragraph::new()
                .add_run(
                    Run::new()
                        .add_text(w("Clauses left out", "未纳入的条款"))
                        .bold()
                        .size(24),
                )
                .keep_next(true),
        );
        for l in &schedule.left_out {
            doc = doc.add_paragraph(Paragraph::new().add_run(Run::new().add_text(format!(
                "{} ({}): {}",
                say(&l.title),
                l.question,
                say(&l.reason)
            ))));
        }
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut bytes).map_err(|e| e.to_string())?;
    Ok(bytes.into_inner())
}
