//! The cover page: what was compared, when, by whom, and the fingerprint.

use super::labels::{format_generated, na, profile_names, section_weights_list, t, threshold_text};
use super::{Block, Tone};
use crate::report::data::ReportData;
use crate::scoring::{VendorScore, FORMULA_VERSION};
use crate::Lang;
use chrono::{DateTime, FixedOffset};

/// The cover: title, evaluation, questionnaire, profiles, dates, fingerprint.
pub(super) fn cover(
    data: &ReportData,
    scores: &[VendorScore],
    fingerprint: &str,
    generated_at: &DateTime<FixedOffset>,
    lang: Lang,
) -> Vec<Block> {
    let q = &data.questionnaire;
    let ev = &data.evaluation;
    let as_of = ev.as_of;
    let mut b = Vec::new();
    b.push(Block::Title(
        t(lang, "Vendor security comparison", "供应商安全对比报告").into(),
    ));
    b.push(Block::Heading(ev.name.clone()));
    let mut kv = Vec::new();
    if let Some(status) = data.status {
        use crate::report::data::ReportStatus;
        kv.push((
            t(lang, "Status", "状态").to_string(),
            match status {
                ReportStatus::Draft => t(
                    lang,
                    "Draft, for review — not for signature",
                    "草稿，供审阅——不作签署用",
                ),
                ReportStatus::Final => t(lang, "Final, for signature", "定稿，供签署"),
            }
            .to_string(),
        ));
    }
    if let Some(marking) = &data.marking {
        kv.push((t(lang, "Marking", "保密标识").to_string(), marking.clone()));
    }
    kv.extend([
        (
            t(lang, "Questionnaire", "问卷").to_string(),
            format!("{} — {}@{}", q.title.get(lang), q.id, q.version),
        ),
        (
            t(lang, "Buyer profile(s)", "适用场景").to_string(),
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
    ]);
    if let Some(id) = &ev.id {
        kv.insert(0, (t(lang, "Evaluation id", "评估编号").into(), id.clone()));
    }
    if let Some(weights) = &ev.section_weights {
        let list = section_weights_list(q, weights);
        kv.push((
            t(lang, "Section weights", "章节权重").into(),
            format!(
                "{}: {list}",
                t(
                    lang,
                    "set for this evaluation, replacing the profiles'",
                    "本次评估自定义，取代适用场景权重"
                )
            ),
        ));
    }
    kv.push((
        t(lang, "Coverage needed for a rank", "排名所需覆盖率").into(),
        format!(
            "{} ({})",
            threshold_text(data.context().min_coverage),
            if ev.coverage_threshold.is_some() {
                t(lang, "set for this evaluation", "本次评估设定")
            } else {
                t(lang, "default", "默认")
            }
        ),
    ));
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
    b
}
