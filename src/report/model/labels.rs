//! Words and formatted values in the report's language: labels of enums,
//! answers and evidence as printed, and small formatting helpers.

use crate::answers::{Answer, Evidence, EvidenceKind, SourceKind};
use crate::questionnaire::{Question, Questionnaire};
use crate::scoring::{
    self, display, format_number, Eligibility, Flag, Reading, EXPIRING_SOON_DAYS,
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

pub(super) fn source_label(s: SourceKind, lang: Lang) -> &'static str {
    match s {
        SourceKind::VendorStated => t(lang, "vendor statement", "供应商声明"),
        SourceKind::PublicDocumentation => t(lang, "public documentation", "公开文档"),
        SourceKind::ContractClause => t(lang, "contract clause", "合同条款"),
        SourceKind::VerifiedByBuyer => t(lang, "verified by buyer", "采购方核实"),
    }
}

pub(super) fn evidence_kind_label(k: EvidenceKind, lang: Lang) -> &'static str {
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

pub(super) fn evidence_line(e: &Evidence, as_of: NaiveDate, lang: Lang) -> String {
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

pub(super) fn score_text(x: f64) -> String {
    format!("{x:.1}")
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
