//! Reading a raw answer value against its question's type, and the score (0–100)
//! the questionnaire gives it before evidence is considered.

use crate::answers::{Answer, AnswerState, AnswerValue};
use crate::questionnaire::NO_COMMITMENT;
use crate::questionnaire::{AnswerSpec, DateMeasure, Question};
use chrono::NaiveDate;
use serde::Serialize;

/// An answer value understood in terms of its question. Ids borrow from the
/// questionnaire and text from the answer: reading allocates nothing but lists.
#[derive(Debug, Clone, PartialEq)]
pub enum Given<'a> {
    /// `yes` / `partial` / `no`, or a choice option id.
    Selected(&'a str),
    /// Multi-select option ids.
    SelectedMany(Vec<&'a str>),
    Number(f64),
    /// A number question's non-numeric alternative.
    Alternative(&'a str),
    /// The vendor makes no commitment (number questions).
    NoCommitment,
    Date(NaiveDate),
    Text(&'a str),
}

/// What one answer is: given, not applicable, declined, or still open.
#[derive(Debug, Clone, PartialEq)]
pub enum Reading<'a> {
    Given(Given<'a>),
    NotApplicable(&'a str),
    /// The vendor refused to answer: a known outcome that scores 0.
    Declined,
    /// No answer yet: not asked, awaiting the vendor, or unknown after asking.
    Unanswered(Open),
}

/// Why a question has no answer yet. All three leave its score unknown (0 at the
/// point, anywhere from the floor to the ceiling).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Open {
    NotAsked,
    AwaitingVendor,
    UnknownAfterAsking,
}

const YES_NO: [&str; 2] = ["yes", "no"];
const YES_PARTIAL_NO: [&str; 3] = ["yes", "partial", "no"];

/// Interprets `answer` for `question`; `Err` is one plain sentence on why it does
/// not fit (the answers loader reports it with the answer's location).
pub fn read<'a>(question: &'a Question, answer: Option<&'a Answer>) -> Result<Reading<'a>, String> {
    let Some(answer) = answer else {
        return Ok(Reading::Unanswered(Open::NotAsked));
    };
    if let Some(state) = answer.state {
        if answer.value.is_some() || answer.na.is_some() {
            return Err(format!(
                "give a value, \"na\" or the state \"{}\", not several",
                match state {
                    AnswerState::AwaitingVendor => "awaiting_vendor",
                    AnswerState::Declined => "declined",
                    AnswerState::Unknown => "unknown",
                }
            ));
        }
        return Ok(match state {
            AnswerState::AwaitingVendor => Reading::Unanswered(Open::AwaitingVendor),
            AnswerState::Unknown => Reading::Unanswered(Open::UnknownAfterAsking),
            AnswerState::Declined => Reading::Declined,
        });
    }
    if let Some(reason) = &answer.na {
        if !question.na_allowed {
            return Err(format!(
                "question {} does not allow \"not applicable\"",
                question.id
            ));
        }
        if answer.value.is_some() {
            return Err("give either a value or \"na\" with a reason, not both".into());
        }
        if reason.trim().is_empty() {
            return Err("\"not applicable\" needs a reason".into());
        }
        return Ok(Reading::NotApplicable(reason));
    }
    let Some(value) = &answer.value else {
        return Ok(Reading::Unanswered(Open::NotAsked));
    };
    interpret(&question.answer, value).map(Reading::Given)
}

/// The id among `ids` that `typed` names, ignoring case and surrounding space.
fn find_id<'a>(ids: impl IntoIterator<Item = &'a str>, typed: &str) -> Option<&'a str> {
    let typed = typed.trim();
    ids.into_iter().find(|id| id.eq_ignore_ascii_case(typed))
}

fn interpret<'a>(spec: &'a AnswerSpec, value: &'a AnswerValue) -> Result<Given<'a>, String> {
    let expected = |ids: &[&str]| format!("one of {}", ids.join(" / "));
    match (spec, value) {
        (AnswerSpec::YesNo, AnswerValue::Text(s)) => find_id(YES_NO, s)
            .map(Given::Selected)
            .ok_or_else(|| format!("'{s}' is not {}", expected(&YES_NO))),
        (AnswerSpec::YesPartialNo, AnswerValue::Text(s)) => find_id(YES_PARTIAL_NO, s)
            .map(Given::Selected)
            .ok_or_else(|| format!("'{s}' is not {}", expected(&YES_PARTIAL_NO))),
        (AnswerSpec::Choice { options }, AnswerValue::Text(s)) => {
            find_id(options.iter().map(|o| o.id.as_str()), s)
                .map(Given::Selected)
                .ok_or_else(|| format!("'{s}' is not {}", expected(&spec.selectable_ids())))
        }
        (AnswerSpec::Multi { options }, AnswerValue::List(items)) => {
            let mut out: Vec<&str> = Vec::with_capacity(items.len());
            for item in items {
                let Some(id) = find_id(options.iter().map(|o| o.id.as_str()), item) else {
                    return Err(format!(
                        "'{item}' is not {}",
                        expected(&spec.selectable_ids())
                    ));
                };
                if out.contains(&id) {
                    return Err(format!("'{item}' is selected twice"));
                }
                out.push(id);
            }
            Ok(Given::SelectedMany(out))
        }
        (AnswerSpec::Number { .. }, AnswerValue::Number(n)) => {
            if !n.is_finite() || *n < 0.0 {
                Err(format!("{n} is not a number of 0 or more"))
            } else if *n > super::MAX_NUMBER_ANSWER {
                Err(format!(
                    "{n} is larger than {} (the largest number answer Assay accepts)",
                    super::MAX_NUMBER_ANSWER
                ))
            } else {
                Ok(Given::Number(*n))
            }
        }
        (AnswerSpec::Number { alternatives, .. }, AnswerValue::Text(s)) => {
            if s.trim().eq_ignore_ascii_case(NO_COMMITMENT) {
                return Ok(Given::NoCommitment);
            }
            if let Some(id) = find_id(alternatives.iter().map(|a| a.id.as_str()), s) {
                return Ok(Given::Alternative(id));
            }
            let mut ids = spec.selectable_ids();
            ids.push(NO_COMMITMENT);
            Err(format!("'{s}' is neither a number nor {}", expected(&ids)))
        }
        (AnswerSpec::Date { .. }, AnswerValue::Text(s)) => parse_iso_date(s)
            .map(Given::Date)
            .ok_or_else(|| format!("'{s}' is not a date in the form YYYY-MM-DD")),
        (AnswerSpec::Text, AnswerValue::Text(s)) => Ok(Given::Text(s)),
        (spec, value) => Err(format!(
            "a {} question cannot take {}",
            spec.type_name(),
            match value {
                AnswerValue::Number(_) => "a number",
                AnswerValue::Text(_) => "a text",
                AnswerValue::List(_) => "a list",
            }
        )),
    }
}

/// Why `value` is not an answer to a question of type `spec`, in both languages
/// and with the answers' labels (never their ids), as the app shows it; `None`
/// when it is one. The same rule as [`read`] (whose English sentences, with ids,
/// are what answers files and the command line report).
pub fn value_refusal(spec: &AnswerSpec, value: &AnswerValue) -> Option<crate::Text> {
    interpret(spec, value).err()?;
    use crate::Lang::{En, ZhCn};
    let text = |en: String, zh_cn: String| Some(crate::Text { en, zh_cn });
    // Every answer a user may pick, quoted: “Never” / “None”, “从不”、“无”.
    let choices = |lang: crate::Lang| -> String {
        let mut labels: Vec<String> = spec
            .selectable_ids()
            .iter()
            .map(|id| display(spec, &Given::Selected(id), lang))
            .collect();
        if matches!(spec, AnswerSpec::Number { .. }) {
            labels.push(display(spec, &Given::NoCommitment, lang));
        }
        let quoted: Vec<String> = labels.iter().map(|l| format!("“{l}”")).collect();
        match lang {
            En => quoted.join(" / "),
            ZhCn => quoted.join("、"),
        }
    };
    let not_an_answer = |given: &str| {
        text(
            format!("“{given}” is not one of the answers: {}.", choices(En)),
            format!("“{given}”不是可选的回答；可选：{}。", choices(ZhCn)),
        )
    };
    match (spec, value) {
        (AnswerSpec::Number { .. }, AnswerValue::Number(n)) if *n > super::MAX_NUMBER_ANSWER => {
            let max = format_number(super::MAX_NUMBER_ANSWER);
            text(
                format!("{n} is larger than the largest number Assay accepts ({max})."),
                format!("{n} 超过了 Assay 接受的最大数值（{max}）。"),
            )
        }
        (AnswerSpec::Number { .. }, AnswerValue::Number(n)) => text(
            format!("{n} is not a number of 0 or more."),
            format!("{n} 不是大于或等于 0 的数字。"),
        ),
        (
            AnswerSpec::Number {
                unit, alternatives, ..
            },
            AnswerValue::Text(s),
        ) => {
            let or_en = if alternatives.is_empty() {
                "or"
            } else {
                "or choose"
            };
            text(
                format!(
                    "“{s}” is not a number: type a number ({}), {or_en} {}.",
                    unit.label(En),
                    choices(En)
                ),
                format!(
                    "“{s}”不是数字：请输入数字（{}），或选择{}。",
                    unit.label(ZhCn),
                    choices(ZhCn)
                ),
            )
        }
        (AnswerSpec::Date { .. }, AnswerValue::Text(s)) => text(
            format!("“{s}” is not a date: type it as 2026-11-29."),
            format!("“{s}”不是日期：请按 2026-11-29 的格式输入。"),
        ),
        (AnswerSpec::Multi { options }, AnswerValue::List(items)) => {
            let mut seen: Vec<&str> = Vec::new();
            for item in items {
                let Some(o) = options
                    .iter()
                    .find(|o| o.id.eq_ignore_ascii_case(item.trim()))
                else {
                    return not_an_answer(item);
                };
                if seen.contains(&o.id.as_str()) {
                    return text(
                        format!("“{}” is selected twice.", o.label.get(En)),
                        format!("“{}”被选择了两次。", o.label.get(ZhCn)),
                    );
                }
                seen.push(&o.id);
            }
            not_an_answer(&items.join(", "))
        }
        (
            AnswerSpec::YesNo | AnswerSpec::YesPartialNo | AnswerSpec::Choice { .. },
            AnswerValue::Text(s),
        ) => not_an_answer(s),
        (spec, value) => {
            let (given_en, given_zh) = match value {
                AnswerValue::Number(_) => ("a number", "数字"),
                AnswerValue::Text(_) => ("text", "文字"),
                AnswerValue::List(_) => ("a list", "多项选择"),
            };
            text(
                format!(
                    "This question ({}) cannot take {given_en}.",
                    spec.type_name()
                ),
                format!("该问题（{}）不能填写{given_zh}。", spec.type_name()),
            )
        }
    }
}

/// `YYYY-MM-DD` only: `03/04/2027` means different days in different countries.
/// (chrono's format parser costs more than the rest of scoring a date answer.)
pub fn parse_iso_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        b.get(r.clone())?
            .iter()
            .all(u8::is_ascii_digit)
            .then(|| s[r].parse().ok())?
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    match (digits(0..4), digits(5..7), digits(8..10)) {
        (Some(y), Some(m), Some(d)) => NaiveDate::from_ymd_opt(y as i32, m, d),
        _ => None,
    }
}

/// The score of a given answer before evidence, and whether a date fell outside
/// its validity (expired certificate, stale audit).
pub struct Raw {
    pub score: f64,
    pub days: Option<i64>,
}

pub fn raw_score(spec: &AnswerSpec, given: &Given, as_of: NaiveDate) -> Raw {
    let plain = |score: f64| Raw { score, days: None };
    match (spec, given) {
        (AnswerSpec::YesNo | AnswerSpec::YesPartialNo, Given::Selected(id)) => plain(match *id {
            "yes" => 100.0,
            "partial" => 50.0,
            _ => 0.0,
        }),
        (AnswerSpec::Choice { options }, Given::Selected(id)) => plain(
            options
                .iter()
                .find(|o| o.id == *id)
                .map_or(0.0, |o| o.score),
        ),
        (AnswerSpec::Multi { options }, Given::SelectedMany(ids)) => plain(
            options
                .iter()
                .filter(|o| ids.contains(&o.id.as_str()))
                .map(|o| o.points)
                .sum::<f64>()
                .min(100.0),
        ),
        (
            AnswerSpec::Number {
                bands, otherwise, ..
            },
            Given::Number(n),
        ) => plain(
            bands
                .iter()
                .find(|b| b.matches(*n))
                .map_or(*otherwise, |b| b.score),
        ),
        (AnswerSpec::Number { alternatives, .. }, Given::Alternative(id)) => plain(
            alternatives
                .iter()
                .find(|a| a.id == *id)
                .map_or(0.0, |a| a.score),
        ),
        (
            AnswerSpec::Date {
                measure,
                bands,
                otherwise,
            },
            Given::Date(date),
        ) => {
            let days = match measure {
                DateMeasure::DaysUntil => (*date - as_of).num_days(),
                DateMeasure::DaysSince => (as_of - *date).num_days(),
            };
            // A test or audit "held" after the as-of date cannot be relied on yet.
            let score = if *measure == DateMeasure::DaysSince && days < 0 {
                0.0
            } else {
                bands
                    .iter()
                    .find(|b| b.matches(days as f64))
                    .map_or(*otherwise, |b| b.score)
            };
            Raw {
                score,
                days: Some(days),
            }
        }
        _ => plain(0.0),
    }
}

/// A short rendering of a given answer for breakdowns and findings.
pub fn display(spec: &AnswerSpec, given: &Given, lang: crate::Lang) -> String {
    let label_of = |id: &str| -> String {
        match spec {
            AnswerSpec::Choice { options } => options
                .iter()
                .find(|o| o.id == id)
                .map(|o| o.label.get(lang).to_string()),
            AnswerSpec::Multi { options } => options
                .iter()
                .find(|o| o.id == id)
                .map(|o| o.label.get(lang).to_string()),
            AnswerSpec::Number { alternatives, .. } => alternatives
                .iter()
                .find(|o| o.id == id)
                .map(|o| o.label.get(lang).to_string()),
            _ => None,
        }
        .unwrap_or_else(|| yes_partial_no_label(id, lang))
    };
    match given {
        Given::Selected(id) | Given::Alternative(id) => label_of(id),
        Given::SelectedMany(ids) if ids.is_empty() => match lang {
            crate::Lang::En => "none selected".into(),
            crate::Lang::ZhCn => "未选择".into(),
        },
        Given::SelectedMany(ids) => ids
            .iter()
            .map(|i| label_of(i))
            .collect::<Vec<_>>()
            .join("; "),
        Given::Number(n) => {
            let unit = match spec {
                AnswerSpec::Number { unit, .. } => unit.label(lang),
                _ => "",
            };
            format!("{} {unit}", format_number(*n))
        }
        Given::NoCommitment => match lang {
            crate::Lang::En => "no commitment".into(),
            crate::Lang::ZhCn => "无承诺".into(),
        },
        Given::Date(d) => d.format("%Y-%m-%d").to_string(),
        Given::Text(t) => t.to_string(),
    }
}

fn yes_partial_no_label(id: &str, lang: crate::Lang) -> String {
    match (id, lang) {
        ("yes", crate::Lang::En) => "Yes".into(),
        ("partial", crate::Lang::En) => "Partial".into(),
        ("no", crate::Lang::En) => "No".into(),
        ("yes", crate::Lang::ZhCn) => "是".into(),
        ("partial", crate::Lang::ZhCn) => "部分".into(),
        ("no", crate::Lang::ZhCn) => "否".into(),
        (other, _) => other.to_string(),
    }
}

/// `x` with `decimals` decimals, halves rounded away from zero: the rule of the
/// app's `Intl.NumberFormat` (rounding mode "halfExpand"), so the screen, the
/// PDF and the terminal show the same digits (Rust's `{:.1}` alone rounds
/// halves to even: 72.25 → "72.2" where the screen shows 72.3).
pub fn fixed(x: f64, decimals: usize) -> String {
    let scale = 10f64.powi(decimals as i32);
    format!("{:.*}", decimals, (x * scale).round() / scale)
}

/// A 0–1 share as a whole percentage without the sign, rounded as [`fixed`].
pub fn whole_percent(share: f64) -> String {
    fixed(share * 100.0, 0)
}

pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// The best score before evidence any answer to `spec` can get: an unknown
/// question's ceiling (its floor is 0).
pub fn best_raw_score(spec: &AnswerSpec) -> f64 {
    let best = |scores: &mut dyn Iterator<Item = f64>| scores.fold(0.0_f64, f64::max);
    match spec {
        AnswerSpec::YesNo | AnswerSpec::YesPartialNo => 100.0,
        AnswerSpec::Choice { options } => best(&mut options.iter().map(|o| o.score)),
        AnswerSpec::Multi { options } => options
            .iter()
            .map(|o| o.points.max(0.0))
            .sum::<f64>()
            .min(100.0),
        AnswerSpec::Number {
            bands,
            otherwise,
            alternatives,
            ..
        } => best(
            &mut bands
                .iter()
                .map(|b| b.score)
                .chain(alternatives.iter().map(|a| a.score))
                .chain([*otherwise]),
        ),
        AnswerSpec::Date {
            bands, otherwise, ..
        } => best(&mut bands.iter().map(|b| b.score).chain([*otherwise])),
        AnswerSpec::Text => 0.0,
    }
}
