//! Words and formatted values in the report's language: labels of enums,
//! answers and evidence as printed, and small formatting helpers.

use crate::answers::{Answer, Evidence, EvidenceKind, SourceKind};
use crate::questionnaire::{Question, Questionnaire};
use crate::scoring::{
    self, display, format_number, Eligibility, Flag, Open, PointsRange, Reading, RequestReason,
    SectionScore, VendorScore, Verdict, EXPIRING_SOON_DAYS,
};
use crate::Lang;
use chrono::{DateTime, FixedOffset, NaiveDate};
use std::collections::BTreeMap;

/// The English or the Chinese of a fixed phrase.
pub fn t(lang: Lang, en: &'static str, zh: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::ZhCn => zh,
    }
}

/// What an empty field prints as.
pub(super) fn na() -> String {
    "—".to_string()
}

pub(super) fn eligibility_label(e: Eligibility, lang: Lang) -> &'static str {
    match e {
        Eligibility::Eligible => t(lang, "Eligible", "符合准入"),
        Eligibility::Undetermined => t(lang, "Undetermined", "准入待定"),
        Eligibility::ProvisionallyNotEligible => t(
            lang,
            "Provisionally not eligible — to be confirmed",
            "暂定不符合准入 — 待核实",
        ),
        Eligibility::NotEligible => t(lang, "NOT ELIGIBLE", "不符合准入"),
    }
}

pub(super) fn flag_label(f: Flag, lang: Lang) -> &'static str {
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

pub(crate) fn source_label(s: SourceKind, lang: Lang) -> &'static str {
    match s {
        SourceKind::VendorStated => t(lang, "vendor statement", "供应商声明"),
        SourceKind::PublicDocumentation => t(lang, "public documentation", "公开文档"),
        SourceKind::ContractClause => t(lang, "contract clause", "合同条款"),
        SourceKind::VerifiedByBuyer => t(lang, "verified by buyer", "采购方核实"),
    }
}

pub(crate) fn evidence_kind_label(k: EvidenceKind, lang: Lang) -> &'static str {
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

/// Where an unanswered question stands, in words.
pub fn open_label(open: Open, lang: Lang) -> &'static str {
    match open {
        Open::NotAsked => t(lang, "not asked yet", "尚未询问"),
        Open::AwaitingVendor => t(lang, "asked, awaiting the vendor", "已询问，等待供应商回复"),
        Open::UnknownAfterAsking => t(lang, "still unknown after asking", "询问后仍未知"),
    }
}

/// A verdict in plain words.
pub(super) fn verdict_label(v: Verdict, lang: Lang) -> &'static str {
    match v {
        Verdict::Meets => t(lang, "Meets the requirements", "符合要求"),
        Verdict::MeetsWithConditions => t(lang, "Meets them with conditions", "有条件符合要求"),
        Verdict::DoesNotMeet => t(lang, "Does not meet them", "不符合要求"),
        Verdict::NotEnoughInformation => t(lang, "Not enough information", "信息不足"),
    }
}

/// Why a question is on a vendor's request list, in words.
pub fn request_reason_label(reason: RequestReason, open: Option<Open>, lang: Lang) -> &'static str {
    match reason {
        RequestReason::Unanswered => match open {
            Some(o) => open_label(o, lang),
            None => t(lang, "not answered", "未回答"),
        },
        RequestReason::Declined => t(lang, "declined to answer", "拒绝回答"),
        RequestReason::NeedsEvidence => t(lang, "claimed, evidence missing", "仅声明，缺少证据"),
        RequestReason::EvidenceExpired => t(lang, "evidence expired", "证据已过期"),
        RequestReason::SecondarySource => t(
            lang,
            "secondary source, confirm with the vendor",
            "二手来源，需供应商确认",
        ),
        RequestReason::FailsKnockout => t(
            lang,
            "fails a must-have: ask for a commitment that passes, or accept the risk",
            "未满足必备项：请要求可通过的承诺，或接受该风险",
        ),
    }
}

/// A share (0–1) as a whole percentage: `30%`.
pub(super) fn percent(share: f64) -> String {
    format!("{}%", scoring::whole_percent(share))
}

/// A threshold share (0–1) as the evaluation states it: `60 %`, `62.5 %`.
pub(super) fn threshold_text(share: f64) -> String {
    format!("{} %", format_number((share * 1000.0).round() / 10.0))
}

/// A total with its range: `12.3 (4.0–61.0)`; a known total alone: `80.0`.
pub(super) fn total_with_range(r: &PointsRange) -> String {
    if r.floor == r.ceiling {
        format!("{}", r.point)
    } else {
        format!("{} ({}–{})", r.point, r.floor, r.ceiling)
    }
}

/// The rank as printed: `2`, `2= (tied)` / `2=（并列）`, or `—` when the vendor is
/// not ranked (coverage below the threshold).
pub(super) fn rank_label(s: &VendorScore, lang: Lang) -> String {
    match s.rank {
        Some(r) if s.tied_with.is_empty() => r.to_string(),
        Some(r) => format!("{r}={}", t(lang, " (tied)", "（并列）")),
        None => "—".into(),
    }
}

/// Why a vendor has no rank: `insufficient data — 12 questions open`.
pub(super) fn insufficient_data(s: &VendorScore, lang: Lang) -> String {
    match lang {
        Lang::En => format!("insufficient data — {} questions open", s.open_questions),
        Lang::ZhCn => format!("数据不足 — {} 个问题待答", s.open_questions),
    }
}

/// The word for a section nobody answered: never printed as 0.
pub(super) fn no_data(lang: Lang) -> &'static str {
    t(lang, "no data", "无数据")
}

/// A section's score as printed: `45.0`, with the share known below 100 %
/// (`45.0\ncov. 30%`); `no data` when nothing is answered; `None` when no question
/// of the section applies (the caller prints its n/a mark).
pub(super) fn section_score_text(sec: &SectionScore, lang: Lang) -> Option<String> {
    let coverage = sec.coverage?;
    Some(match sec.score {
        None => no_data(lang).to_string(),
        Some(x) if coverage >= 1.0 - 1e-9 => score_text(x),
        Some(x) => format!(
            "{}\n{} {}",
            score_text(x),
            t(lang, "cov.", "覆盖"),
            percent(coverage)
        ),
    })
}

/// The answer as the report prints it, in the report's language.
pub fn answer_text(q: &Question, a: Option<&Answer>, lang: Lang) -> Option<String> {
    match scoring::read(q, a) {
        Ok(Reading::Given(g)) => Some(display(&q.answer, &g, lang)),
        Ok(Reading::NotApplicable(r)) => Some(format!("{}: {r}", t(lang, "N/A", "不适用"))),
        Ok(Reading::Declined) => Some(t(lang, "declined to answer", "拒绝回答").into()),
        Ok(Reading::Unanswered(_)) => None,
        Err(_) => a.and_then(|a| a.value.as_ref()).map(|v| match v {
            crate::answers::AnswerValue::Number(n) => format_number(*n),
            crate::answers::AnswerValue::Text(s) => s.clone(),
            crate::answers::AnswerValue::List(l) => l.join("; "),
        }),
    }
}

pub(super) fn evidence_line(e: &Evidence, as_of: NaiveDate, lang: Lang) -> String {
    let mut s = String::from(evidence_kind_label(e.kind, lang));
    if let Some(id) = &e.identifier {
        s.push(' ');
        s.push_str(id);
    }
    let valid = e.is_valid_at(as_of);
    if e.kind == EvidenceKind::AuditReport {
        if let Some(end) = e.expires {
            s.push_str(&format!(
                " — {} {end}",
                t(lang, "period ended", "审计期间截至")
            ));
        }
    }
    match (e.valid_until(), valid) {
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

pub(super) fn score_text(x: f64) -> String {
    scoring::fixed(x, 1)
}

pub(super) fn section_title(q: &Questionnaire, id: &str, lang: Lang) -> String {
    q.sections
        .iter()
        .find(|s| s.id == id)
        .map(|s| s.title.get(lang).to_string())
        .unwrap_or_else(|| id.to_string())
}

pub(super) fn profile_names(q: &Questionnaire, ids: &[String], lang: Lang) -> String {
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

pub(super) fn group_caption(lang: Lang) -> String {
    t(
        lang,
        "Vendors {from}–{to} of {n}",
        "供应商 {from}–{to}（共 {n} 家）",
    )
    .into()
}

/// `s` trimmed, ending with `stop` (a sentence's full stop in its language).
pub(super) fn ensure_stop(s: &str, stop: char) -> String {
    let s = s.trim();
    if s.ends_with(stop) {
        s.to_string()
    } else {
        format!("{s}{stop}")
    }
}

/// `TRN 20, E2E 10, …`: section weights in questionnaire order (to two
/// decimals), as the PDF, `assay score` and `assay evaluation show` print them.
/// Only the questionnaire's sections: saved weights were checked against it.
pub fn section_weights_list(q: &Questionnaire, weights: &BTreeMap<String, f64>) -> String {
    q.sections
        .iter()
        .filter_map(|s| {
            let w = weights.get(&s.id)?;
            Some(format!(
                "{} {}",
                s.id,
                format_number((w * 100.0).round() / 100.0)
            ))
        })
        .collect::<Vec<_>>()
        .join(", ")
}
