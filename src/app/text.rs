//! Plain-text renderings for the command line (the terminal's counterpart of the
//! app's DTOs): a questionnaire outline and the per-vendor score report. Pure
//! functions of their inputs, in zh-CN or en.

use crate::questionnaire::{AnswerSpec, Questionnaire};
pub use crate::report::model::section_weights_list;
use crate::report::model::t;
use crate::scoring::{
    fixed, format_number, whole_percent, Eligibility, KnockoutOutcome, KnockoutResult,
    ScoringContext, VendorScore, FORMULA_VERSION,
};
use crate::Lang;
use std::fmt::Write;

pub fn eligibility_label(e: Eligibility, lang: Lang) -> &'static str {
    match e {
        Eligibility::Eligible => t(lang, "eligible", "符合准入"),
        Eligibility::Undetermined => t(lang, "eligibility undetermined", "准入待定"),
        Eligibility::ProvisionallyNotEligible => t(
            lang,
            "provisionally not eligible (to be confirmed)",
            "暂定不符合准入（待核实）",
        ),
        Eligibility::NotEligible => t(lang, "NOT ELIGIBLE", "不符合准入"),
    }
}

/// The coverage threshold of an evaluation, as `evaluation threshold` prints it.
pub fn coverage_threshold_line(e: &crate::store::Evaluation) -> String {
    format!(
        "{}: vendors need {} % coverage to be ranked{}",
        e.name,
        format_number(
            e.coverage_threshold
                .unwrap_or(crate::scoring::DEFAULT_MIN_COVERAGE * 100.0)
        ),
        if e.coverage_threshold.is_none() {
            " (the default)"
        } else {
            ""
        }
    )
}

/// `assay questionnaire show`: sections, questions, types, weights, knockouts.
pub fn outline(q: &Questionnaire, lang: Lang) -> String {
    let mut s = String::new();
    let count = q.questions().count();
    let _ = writeln!(s, "{} — {}@{}", q.title.get(lang), q.id, q.version);
    let _ = writeln!(
        s,
        "{} {} · {} {}",
        q.sections.len(),
        t(lang, "sections", "个章节"),
        count,
        t(lang, "questions", "个问题")
    );
    let _ = writeln!(s, "\n{}:", t(lang, "Buyer profiles", "适用场景"));
    for p in &q.profiles {
        let weights: Vec<String> = q
            .sections
            .iter()
            .map(|sec| {
                format!(
                    "{} {}",
                    sec.id,
                    format_number(p.section_weights.get(&sec.id).copied().unwrap_or(0.0))
                )
            })
            .collect();
        let _ = writeln!(
            s,
            "  {:<10} {} — {}",
            p.id,
            p.name.get(lang),
            p.description.get(lang)
        );
        let _ = writeln!(s, "  {:<10} {}", "", weights.join(", "));
    }
    for section in &q.sections {
        let _ = writeln!(
            s,
            "\n[{}] {} ({} {})",
            section.id,
            section.title.get(lang),
            section.questions.len(),
            t(lang, "questions", "个问题")
        );
        for question in &section.questions {
            let mut marks = Vec::new();
            if let Some(w) = question.weight {
                marks.push(format!("w{}", format_number(w)));
            }
            marks.push(type_label(&question.answer, lang));
            if question.evidence.as_ref().is_some_and(|e| e.required) {
                marks.push(t(lang, "evidence", "需证据").to_string());
            }
            for k in &question.knockouts {
                marks.push(match &k.profiles {
                    None => "KO".to_string(),
                    Some(ps) => format!("KO:{}", ps.join("+")),
                });
            }
            if question.show_if.is_some() {
                marks.push(t(lang, "conditional", "条件显示").to_string());
            }
            let _ = writeln!(
                s,
                "  {:<9} {}  [{}]",
                question.id,
                question.text.get(lang),
                marks.join(", ")
            );
        }
    }
    s
}

fn type_label(spec: &AnswerSpec, lang: Lang) -> String {
    match spec {
        AnswerSpec::YesNo => t(lang, "yes/no", "是/否").into(),
        AnswerSpec::YesPartialNo => t(lang, "yes/partial/no", "是/部分/否").into(),
        AnswerSpec::Choice { options } => {
            format!("{} ({})", t(lang, "choice", "单选"), options.len())
        }
        AnswerSpec::Multi { options } => {
            format!("{} ({})", t(lang, "multi", "多选"), options.len())
        }
        AnswerSpec::Number { unit, .. } => {
            format!("{} ({})", t(lang, "number", "数值"), unit.label(lang))
        }
        AnswerSpec::Date { .. } => t(lang, "date", "日期").into(),
        AnswerSpec::Text => t(lang, "text", "文本").into(),
    }
}

/// `assay score`: per vendor, total, eligibility, failed and open knockouts, and
/// the per-section breakdown whose points add up to the total.
pub fn score_report(
    q: &Questionnaire,
    ctx: &ScoringContext,
    results: &[VendorScore],
    lang: Lang,
) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} — {}@{} · {} {FORMULA_VERSION}",
        q.title.get(lang),
        q.id,
        q.version,
        t(lang, "formula", "评分公式")
    );
    let _ = writeln!(
        s,
        "{} {} · {}: {}",
        t(lang, "As of", "评估基准日"),
        ctx.as_of,
        t(lang, "profiles", "适用场景"),
        ctx.profiles.join(", ")
    );
    if let Some(weights) = &ctx.section_weights {
        let list = section_weights_list(q, weights);
        let _ = writeln!(
            s,
            "{}: {list}",
            t(
                lang,
                "Section weights (replacing the profiles')",
                "章节权重（取代适用场景权重）"
            )
        );
    }
    let _ = writeln!(
        s,
        "{}",
        match lang {
            Lang::En => format!(
                "Ranked: only vendors with at least {} % of the score resting on answers; overlapping ranges (floor–ceiling) are tied within what is known.",
                format_number((ctx.min_coverage * 1000.0).round() / 10.0)
            ),
            Lang::ZhCn => format!(
                "排名：仅对已有回答支撑至少 {} % 分数的供应商排名；分数范围（下限–上限）重叠者在已知范围内并列。",
                format_number((ctx.min_coverage * 1000.0).round() / 10.0)
            ),
        }
    );
    for v in results {
        let rank = match v.rank {
            Some(r) if v.tied_with.is_empty() => format!("{r}."),
            Some(r) => format!(
                "{r}= ({} {})",
                t(lang, "tied with", "并列："),
                v.tied_with.join(", ")
            ),
            None => format!(
                "— {} —",
                match lang {
                    Lang::En => format!("insufficient data, {} questions open", v.open_questions),
                    Lang::ZhCn => format!("数据不足，{} 个问题待答", v.open_questions),
                }
            ),
        };
        let _ = writeln!(
            s,
            "\n{rank} {} — {} / 100 ({} {}–{}) — {} — {} {}% · {} {} — {} {}%",
            v.vendor,
            v.total,
            t(lang, "range", "范围"),
            v.range.floor,
            v.range.ceiling,
            eligibility_label(v.eligibility, lang),
            t(lang, "coverage", "覆盖率"),
            whole_percent(v.coverage),
            t(lang, "evidence coverage", "证据覆盖率"),
            v.evidence_coverage
                .map_or("—".to_string(), |e| format!("{}%", whole_percent(e))),
            t(lang, "completeness", "完成度"),
            whole_percent(v.completeness)
        );
        let _ = writeln!(
            s,
            "   {}: {}",
            t(lang, "Decision", "决定"),
            verdict_label(v.decision.verdict, lang)
        );
        for reason in &v.decision.reasons {
            let _ = writeln!(s, "     - {}", reason.get(lang));
        }
        let failed: Vec<&KnockoutResult> = v.failed_knockouts().collect();
        if !failed.is_empty() {
            let _ = writeln!(s, "   {}:", t(lang, "Must-haves not met", "未满足的必备项"));
            for k in failed {
                if let KnockoutOutcome::Failed { reason } = &k.outcome {
                    let _ = writeln!(
                        s,
                        "     {} {}: \"{}\" — {} ({}){} — {}: {}",
                        k.question,
                        profiles_label(k, lang),
                        k.answer.as_ref().map_or("", |a| a.get(lang)),
                        reason.get(lang),
                        k.requirement.get(lang),
                        if k.provisional {
                            t(lang, " — provisional, to be confirmed", " — 暂定，待核实")
                        } else {
                            ""
                        },
                        t(lang, "would pass", "通过条件"),
                        k.to_pass.get(lang)
                    );
                }
            }
        }
        let open: Vec<&KnockoutResult> = v.open_knockouts().collect();
        if !open.is_empty() {
            let _ = writeln!(
                s,
                "   {}:",
                t(
                    lang,
                    "Must-haves not yet answered (unknown)",
                    "尚未回答的必备项（未知）"
                )
            );
            for k in open {
                let _ = writeln!(
                    s,
                    "     {} {}: {} — {}: {}",
                    k.question,
                    profiles_label(k, lang),
                    k.requirement.get(lang),
                    t(lang, "would pass", "通过条件"),
                    k.to_pass.get(lang)
                );
            }
        }
        let _ = writeln!(
            s,
            "   {:<8} {:>7} {:>9} {:>13} {:>9} {:>8} {:>9}",
            t(lang, "Section", "章节"),
            t(lang, "Weight", "权重"),
            t(lang, "Score", "得分"),
            t(lang, "Range", "范围"),
            t(lang, "Coverage", "覆盖率"),
            t(lang, "Points", "贡献分"),
            t(lang, "Answered", "已答")
        );
        for sec in &v.sections {
            let score = match (sec.score, sec.coverage) {
                (Some(x), _) => fixed(x, 1),
                (None, Some(_)) => t(lang, "no data", "无数据").to_string(),
                (None, None) => t(lang, "n/a", "不适用").to_string(),
            };
            let range = sec.range.map_or("—".to_string(), |r| {
                format!("{}–{}", fixed(r.floor, 1), fixed(r.ceiling, 1))
            });
            let coverage = sec
                .coverage
                .map_or("—".to_string(), |c| format!("{}%", whole_percent(c)));
            let _ = writeln!(
                s,
                "   {:<8} {:>6.1}% {:>9} {:>13} {:>9} {:>8} {:>9}",
                sec.section,
                sec.share * 100.0,
                score,
                range,
                coverage,
                sec.contribution,
                format!("{}/{}", sec.resolved, sec.visible)
            );
        }
    }
    s
}

/// `assay vendor requests`: the request list, one question per line.
/// A vendor's negotiation points for the terminal: number, clause id and title,
/// what the vendor answered, where the point stands (and why, or where).
pub fn negotiation_points(view: &super::negotiation::NegotiationView, lang: Lang) -> String {
    let mut s = String::new();
    if view.points.is_empty() {
        let _ = writeln!(
            s,
            "{}",
            match lang {
                Lang::En => format!("No negotiation points for {}: every clause's answer meets the buyer's requirement.", view.vendor),
                Lang::ZhCn => format!("{} 没有协商要点：各条款对应的回答均满足采购方要求。", view.vendor),
            }
        );
        return s;
    }
    let _ = writeln!(
        s,
        "{}",
        match lang {
            Lang::En => format!("Negotiation points for {}:", view.vendor),
            Lang::ZhCn => format!("{} 的协商要点：", view.vendor),
        }
    );
    for p in &view.points {
        // The history's words; capitals stand out in a terminal listing.
        let status = p.status.label().get(lang).to_uppercase();
        let _ = writeln!(
            s,
            "  {}. [{}] {} ({}): {}",
            p.number,
            p.clause,
            p.title.get(lang),
            p.question.as_deref().unwrap_or("—"),
            status
        );
        let answered = match lang {
            Lang::En => "the vendor's answer",
            Lang::ZhCn => "供应商的回答",
        };
        let _ = writeln!(s, "       {answered}: {}", p.answer.get(lang));
        if !p.note.is_empty() {
            let _ = writeln!(s, "       {}", p.note);
        }
    }
    s
}

pub fn request_list(vendor: &str, requests: &[super::RequestView], lang: Lang) -> String {
    let mut s = String::new();
    if requests.is_empty() {
        let _ = writeln!(
            s,
            "{}",
            match lang {
                Lang::En => format!(
                    "Nothing to ask {vendor}: every applicable question is answered and backed."
                ),
                Lang::ZhCn => format!("无需再向 {vendor} 询问：所有适用问题均已回答并有证据支持。"),
            }
        );
        return s;
    }
    let _ = writeln!(
        s,
        "{}",
        match lang {
            Lang::En => format!(
                "Ask {vendor} ({} questions; must-haves first, then by points at stake):",
                requests.len()
            ),
            Lang::ZhCn => format!(
                "向 {vendor} 询问（{} 个问题；必备项优先，其次按影响分值）：",
                requests.len()
            ),
        }
    );
    for (i, r) in requests.iter().enumerate() {
        let why = crate::report::model::request_reason_label(r.reason, r.open, lang);
        let _ = writeln!(
            s,
            "{:>3}. {}{} — {}{} — {} {} — {}",
            i + 1,
            r.question,
            if r.knockout {
                t(lang, " [must-have]", " [必备项]")
            } else {
                ""
            },
            why,
            r.expired_on
                .as_ref()
                .map_or(String::new(), |d| format!(" {d}")),
            format_number(r.impact),
            t(lang, "points at stake", "分影响"),
            r.question_text.get(lang)
        );
        if let Some(e) = &r.evidence {
            let _ = writeln!(
                s,
                "       {}: {}",
                t(lang, "evidence to ask for", "需索取的证据"),
                e.get(lang)
            );
        }
        if let Some(p) = &r.to_pass {
            let _ = writeln!(
                s,
                "       {}: {}",
                t(lang, "would pass", "通过条件"),
                p.get(lang)
            );
        }
    }
    s
}

/// A verdict in plain words.
pub fn verdict_label(v: crate::scoring::Verdict, lang: Lang) -> &'static str {
    use crate::scoring::Verdict;
    match v {
        Verdict::Meets => t(lang, "meets the requirements", "符合要求"),
        Verdict::MeetsWithConditions => t(lang, "meets them with conditions", "有条件符合要求"),
        Verdict::DoesNotMeet => t(lang, "does not meet them", "不符合要求"),
        Verdict::NotEnoughInformation => t(lang, "not enough information", "信息不足"),
    }
}

fn profiles_label(k: &KnockoutResult, lang: Lang) -> String {
    if k.profiles.is_empty() {
        format!("[{}]", t(lang, "always", "通用"))
    } else {
        format!("[{}]", k.profiles.join("+"))
    }
}

/// `assay evaluation list`: one line per evaluation.
pub fn evaluation_list(list: &[(crate::store::Evaluation, usize)]) -> String {
    if list.is_empty() {
        return "no evaluations (create one with `assay evaluation create --name …`, or `assay demo`)\n"
            .to_string();
    }
    let mut out = String::new();
    for (e, vendors) in list {
        let _ = writeln!(
            out,
            "{:>4}  {}  ({}@{}, as of {}, {} vendor(s))",
            e.id, e.name, e.questionnaire_id, e.questionnaire_version, e.as_of, vendors
        );
    }
    out
}

/// `assay evaluation show`: the settings, then the vendors with what they answered.
pub fn evaluation_details(d: &super::evaluations::EvaluationDetails) -> String {
    let (e, q) = (&d.evaluation, &d.questionnaire);
    let total = q.questions().count();
    let mut out = String::new();
    let _ = writeln!(out, "Evaluation {}: {}", e.id, e.name);
    if e.read_only {
        let _ = writeln!(
            out,
            "  read-only (a sample shipped with Assay): duplicate it to edit"
        );
    }
    if !e.notes.is_empty() {
        let _ = writeln!(out, "  notes: {}", e.notes);
    }
    let _ = writeln!(
        out,
        "  questionnaire: {}@{} ({} questions)",
        q.id, q.version, total
    );
    let profiles = if e.profiles.is_empty() {
        "(the questionnaire's first)".to_string()
    } else {
        e.profiles.join(", ")
    };
    let _ = writeln!(out, "  profiles: {profiles}");
    let _ = writeln!(out, "  {}", section_weights_line(q, e));
    let _ = writeln!(out, "  as of: {}", e.as_of);
    if !e.evaluators.is_empty() {
        let _ = writeln!(out, "  evaluators: {}", e.evaluators.join(", "));
    }
    let _ = writeln!(out, "  created {} · updated {}", e.created_at, e.updated_at);
    let _ = writeln!(out, "  vendors:");
    for (v, n) in &d.vendors {
        let _ = writeln!(out, "  {}  {n}/{total} answered", vendor_line(v));
    }
    out
}

/// `section weights: …` as `evaluation show` and `evaluation weights` print it.
pub fn section_weights_line(q: &Questionnaire, e: &crate::store::Evaluation) -> String {
    match &e.section_weights {
        None => "section weights: the profiles'".to_string(),
        Some(w) => format!(
            "section weights: set for this evaluation — {}",
            section_weights_list(q, w)
        ),
    }
}

/// `  12  Acme — Enterprise [saas]`: a vendor as `vendor list` and `evaluation show` print it.
pub fn vendor_line(v: &crate::store::Vendor) -> String {
    format!(
        "{:>4}  {}{}{}",
        v.id,
        v.name,
        v.product
            .as_deref()
            .map(|p| format!(" — {p}"))
            .unwrap_or_default(),
        v.deployment
            .map(|d| format!(" [{}]", d.as_str()))
            .unwrap_or_default()
    )
}

/// `assay evaluation audit`: who changed what, when, old → new; a row that came
/// from an imported bundle ends with `[imported from <bundle> (exported <time>)]`.
/// Texts are printed with control and bidirectional-override characters escaped:
/// an imported row says whatever its bundle says.
pub fn audit_trail(log: &[crate::store::AuditEntry]) -> String {
    let show = |v: &Option<serde_json::Value>| {
        v.as_ref()
            .map(|v| v.to_string())
            .unwrap_or_else(|| "—".into())
    };
    let mut out = String::new();
    for a in log {
        let line = format!(
            "{}  {}  {} {}{}{}: {} → {}{}",
            a.at,
            a.who,
            a.action,
            a.entity,
            a.vendor_name
                .as_ref()
                .map(|n| format!(" {n}"))
                .unwrap_or_default(),
            a.question
                .as_ref()
                .map(|q| format!(" {q}"))
                .unwrap_or_default(),
            show(&a.old),
            show(&a.new),
            a.imported_from
                .as_ref()
                .map(|b| match a.action.as_str() {
                    "copy" => format!("  [copied from {b}]"),
                    _ => format!("  [imported from {b}]"),
                })
                .unwrap_or_default()
        );
        let _ = writeln!(out, "{}", printable(&line));
    }
    out
}

/// `text` with control characters (escape sequences, line breaks) and the
/// bidirectional overrides that reorder what a terminal shows escaped.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            let bidi = matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
            if c.is_control() || bidi {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// `assay evaluation upgrade`: what the upgrade does, vendor by vendor.
pub fn upgrade_preview(plan: &super::upgrade::UpgradePlan) -> String {
    let list = |ids: &[String]| {
        if ids.is_empty() {
            "none".to_string()
        } else {
            ids.join(", ")
        }
    };
    let mut out = format!(
        "{} {} → {}\nquestions added: {}\nquestions removed: {}\n",
        plan.questionnaire,
        plan.from_version,
        plan.to_version,
        list(&plan.added_questions),
        list(&plan.removed_questions)
    );
    for v in &plan.vendors {
        out.push_str(&format!(
            "\n{}: {} answer(s) carried, {} dropped; total {} → {}\n",
            v.vendor,
            v.carried.len(),
            v.dropped.len(),
            fixed(v.total_before, 1),
            fixed(v.total_after, 1)
        ));
        for c in v
            .carried
            .iter()
            .filter(|c| c.from != c.to || c.options_renamed)
        {
            let how = if c.options_renamed {
                " (options renamed)"
            } else {
                ""
            };
            out.push_str(&format!("  carried {} → {}{how}\n", c.from, c.to));
        }
        for d in &v.dropped {
            out.push_str(&format!("  dropped {}: {}\n", d.question, d.reason.en));
        }
        for r in &v.rescored {
            out.push_str(&format!(
                "  rescored {}: {} → {}\n",
                r.question,
                fixed(r.before, 1),
                fixed(r.after, 1)
            ));
        }
        if !v.newly_open.is_empty() {
            out.push_str(&format!("  newly open: {}\n", v.newly_open.join(", ")));
        }
    }
    out
}
