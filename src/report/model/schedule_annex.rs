//! "Annex C. Security schedule": when the report data asks for it, each named
//! vendor's schedule (the same clauses as the DOCX `assay vendor schedule`
//! writes), numbered, with the clauses to negotiate marked and listed.

use super::labels::t;
use super::{col, Block, Cell, Row, Table, Tone};
use crate::report::data::ReportData;
use crate::schedule::{self, Standing};
use crate::scoring::VendorScore;
use crate::Lang;

pub(super) fn security_schedules(
    data: &ReportData,
    scores: &[VendorScore],
    fingerprint: &str,
    lang: Lang,
) -> Vec<Block> {
    let Some(annex) = &data.schedules else {
        return Vec::new();
    };
    let mut b = vec![
        Block::PageBreak { landscape: false },
        Block::Heading(t(lang, "Annex C. Security schedule", "附件 C. 安全附件").into()),
        Block::Paragraph(
            t(
                lang,
                "Contract clauses built from each vendor's answers. Where the answer meets the buyer's requirement, a clause states the vendor's commitment as answered; where it is weaker, unknown or declined, or no question asks it, the clause states the buyer's requirement and is marked TO NEGOTIATE. A clause resting on an answer that did not come from the vendor itself says so. The editable version of each schedule is the DOCX file Assay writes for that vendor.",
                "以下合同条款依据各供应商的回答生成。回答满足采购方要求的，条款按回答写明供应商的承诺；回答较弱、未知、拒绝回答或问卷中未询问的，条款写明采购方的要求并标注“待协商”。条款所依据的回答并非来自供应商本身的，会予以注明。各供应商安全附件的可编辑版本为 Assay 为其生成的 DOCX 文件。",
            )
            .into(),
            Tone::Muted,
        ),
    ];
    for vendor in &annex.vendors {
        let Some(s) = schedule::build_scored(data, scores, fingerprint, &annex.clauses, vendor)
        else {
            continue; // a vendor the data does not have: refused before export
        };
        b.push(Block::SubHeading(format!(
            "{} — {}",
            s.vendor,
            s.title.get(lang)
        )));
        for c in &s.clauses {
            let mark = match c.standing {
                Standing::Agreed => String::new(),
                Standing::ToNegotiate { .. } => format!(" [{}]", t(lang, "TO NEGOTIATE", "待协商")),
            };
            b.push(Block::Paragraph(
                format!("{}. {}{mark}", c.number, c.title.get(lang)),
                match c.standing {
                    Standing::Agreed => Tone::Strong,
                    Standing::ToNegotiate { .. } => Tone::Alert,
                },
            ));
            b.push(Block::Paragraph(c.text.get(lang).to_string(), Tone::Normal));
            let basis = match &c.question {
                Some((id, text)) => format!(
                    "{} {id} {} · {}",
                    t(lang, "Rests on question", "依据问题"),
                    text.get(lang),
                    c.reference
                ),
                None => format!(
                    "{} · {}",
                    t(
                        lang,
                        "No question of the questionnaire asks this",
                        "问卷中没有询问此项的问题"
                    ),
                    c.reference
                ),
            };
            b.push(Block::Paragraph(basis, Tone::Muted));
            if let Some(note) = &c.basis_note {
                b.push(Block::Paragraph(
                    format!("{} {}", t(lang, "Note:", "注意："), note.get(lang)),
                    Tone::Alert,
                ));
            }
        }
        let points: Vec<Row> =
            s.negotiation_points()
                .filter_map(|c| match &c.standing {
                    Standing::ToNegotiate { answer } => Some(Row::Cells(vec![
                        Cell::new(format!("{}. {}", c.number, c.title.get(lang))),
                        Cell::new(c.question.as_ref().map_or_else(
                            || t(lang, "none", "无").to_string(),
                            |(id, _)| id.clone(),
                        )),
                        Cell::new(answer.get(lang).to_string()),
                    ])),
                    Standing::Agreed => None,
                })
                .collect();
        b.push(Block::Paragraph(
            t(lang, "Negotiation points", "协商要点").into(),
            Tone::Strong,
        ));
        if points.is_empty() {
            b.push(Block::Paragraph(
                t(
                    lang,
                    "None: every clause's answer meets the buyer's requirement.",
                    "无：各条款对应的回答均满足采购方要求。",
                )
                .into(),
                Tone::Normal,
            ));
        } else {
            b.push(Block::Table(Table::plain(
                vec![
                    col(t(lang, "Clause", "条款"), 0.40),
                    col(t(lang, "Question", "问题"), 0.14),
                    col(t(lang, "The vendor's answer", "供应商的回答"), 0.46),
                ],
                points,
                12,
                7.5,
            )));
        }
        for l in &s.left_out {
            b.push(Block::Paragraph(
                format!(
                    "{} {} ({}): {}",
                    t(lang, "Left out:", "未纳入："),
                    l.title.get(lang),
                    l.question,
                    l.reason.get(lang)
                ),
                Tone::Muted,
            ));
        }
    }
    b
}
