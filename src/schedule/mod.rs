//! The security schedule (安全附件): contract clauses built from the questionnaire
//! and one vendor's answers, for legal to edit in Word or WPS.
//!
//! The clauses are data: a clause file beside the questionnaire
//! (`questionnaires/<id>.clauses.json`, JSON Schema in `questionnaires/schema/`),
//! validated with located problems like a questionnaire. Each clause names the
//! question it rests on and gives two texts in both languages:
//! - `agreed`, used when the vendor's answer meets the clause's bar (its raw
//!   score reaches `accept_score` and no must-have of the question fails); the
//!   answer in words fills `{answer}`;
//! - `required`, the buyer's position, used when the answer is weaker, unknown,
//!   declined or fails a must-have: the clause is then marked for negotiation and
//!   listed in the negotiation points with what the vendor answered.
//!
//! `{vendor}` is the vendor's name in both. A question the vendor marked not
//! applicable, or one hidden by its condition, leaves its clause out, listed with
//! the reason.
//!
//! A clause may name no question (audit rights: the questionnaire asks nothing
//! the vendor could have committed to). It then has only `required`, and is
//! always a point to agree with the vendor: nothing the vendor said settles it.

mod docx;

use crate::answers::Answer;
use crate::diagnostic::Diagnostic;
use crate::json_document;
use crate::questionnaire::{Question, Questionnaire, Text};
use crate::report::data::ReportData;
use crate::report::model::labels;
use crate::scoring::{self, KnockoutOutcome, QuestionStatus, Reading, VendorScore};
use crate::Lang;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

pub use docx::write_docx;

/// A clause file: the clauses of one questionnaire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClauseFile {
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The questionnaire id the clauses refer to.
    pub questionnaire: String,
    /// The schedule's title ("Security Schedule" / "安全附件").
    pub title: Text,
    pub clauses: Vec<ClauseTemplate>,
}

/// One clause: the question it rests on and its two texts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClauseTemplate {
    /// Unique within the file, e.g. `incident-notification`.
    pub id: String,
    /// The question id, e.g. `IRV-01`; absent for a clause no question asks
    /// about (then only `required`, always to agree with the vendor).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// The frameworks or laws the clause follows (printed with it).
    pub reference: String,
    pub title: Text,
    /// The vendor's commitment as answered: `{answer}` (the answer in words) and
    /// `{vendor}` are filled in. Required with a question, absent without.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreed: Option<Text>,
    /// The buyer's position, when the answer falls short: `{vendor}` only.
    pub required: Text,
    /// The raw score (0–100, before any evidence factor) an answer needs for
    /// `agreed`; below it, the clause is to negotiate. Required with a question,
    /// absent without.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accept_score: Option<f64>,
    /// The answer the `required` text commits the vendor to (in the answers
    /// file's form: a number, an option id, …), when one answer does: a point
    /// resolved in the contract then records it as the vendor's answer, with
    /// provenance "contract clause". Must be a valid answer reaching
    /// `accept_score`. Absent: resolving records the decision only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settles_with: Option<crate::answers::AnswerValue>,
}

/// The answer `template` settles on for `question`, as a stored answer: its
/// value, a comment saying so, provenance "contract clause" with `reference`.
pub fn settling_answer(
    template: &ClauseTemplate,
    question: &Question,
    reference: &str,
    today: chrono::NaiveDate,
) -> Option<Answer> {
    let value = template.settles_with.clone()?;
    Some(Answer {
        question: question.id.clone(),
        value: Some(value),
        na: None,
        state: None,
        comment: Some(format!(
            "Agreed in the contract (security schedule clause \"{}\") / 已在合同中约定（安全附件条款“{}”）",
            template.title.en, template.title.zh_cn
        )),
        provenance: Some(crate::answers::Provenance {
            source: crate::answers::SourceKind::ContractClause,
            reference: Some(reference.to_string()),
            as_of: Some(today),
            confidence: None,
        }),
        evidence: Vec::new(),
    })
}

/// The clause file shipped for a bundled questionnaire.
pub fn bundled(questionnaire_id: &str) -> Option<(&'static str, &'static str)> {
    match questionnaire_id {
        "assay-im-security" => Some((
            "assay-im-security.clauses.json",
            include_str!("../../questionnaires/assay-im-security.clauses.json"),
        )),
        _ => None,
    }
}

/// The JSON Schema shipped as `questionnaires/schema/clauses.schema.json`.
pub fn schema_text() -> String {
    crate::schema::schema_text::<ClauseFile>()
}

const PLACEHOLDERS: &[&str] = &["{answer}", "{vendor}"];

/// Reads and checks a clause file against `q`: every problem, located
/// (file:line:column and JSON path), or the clauses.
pub fn load(file: &str, text: &str, q: &Questionnaire) -> Result<ClauseFile, Vec<Diagnostic>> {
    let value = json_document::parse(file, text).map_err(|d| vec![d])?;
    let clauses: ClauseFile = json_document::from_value(file, value).map_err(|d| {
        let mut list = vec![d];
        crate::json_position::locate_all(text, &mut list);
        list
    })?;
    let mut problems = check(file, &clauses, q);
    crate::json_position::locate_all(text, &mut problems);
    if problems.is_empty() {
        Ok(clauses)
    } else {
        Err(problems)
    }
}

/// The rules a schema cannot say: the questionnaire and questions exist, ids
/// are unique, both languages are given, placeholders are known and `{answer}`
/// appears only where there is an answer, scores are 0–100.
fn check(file: &str, c: &ClauseFile, q: &Questionnaire) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut at = |path: String, message: String| out.push(Diagnostic::at_path(file, path, message));
    if c.questionnaire != q.id {
        at(
            "$.questionnaire".into(),
            format!(
                "the clauses are for questionnaire '{}', but the evaluation uses '{}'",
                c.questionnaire, q.id
            ),
        );
    }
    check_text(&mut at, "$.title", &c.title, &[]);
    let mut ids = HashSet::new();
    for (i, clause) in c.clauses.iter().enumerate() {
        let base = format!("$.clauses[{i}]");
        if clause.id.trim().is_empty() {
            at(format!("{base}.id"), "the clause id is empty".into());
        } else if !ids.insert(clause.id.as_str()) {
            at(
                format!("{base}.id"),
                format!("the clause id '{}' appears twice", clause.id),
            );
        }
        match &clause.question {
            Some(id) => {
                match q.question(id) {
                    None => at(
                        format!("{base}.question"),
                        format!("'{id}' is not a question of {}@{}", q.id, q.version),
                    ),
                    Some(question) => {
                        if let Some(problem) = settles_with_problem(clause, question) {
                            at(format!("{base}.settles_with"), problem);
                        }
                    }
                }
                match clause.accept_score {
                    None => at(
                        base.clone(),
                        "a clause with a question needs \"accept_score\": the score its answer must reach".into(),
                    ),
                    Some(score) if !(0.0..=100.0).contains(&score) => at(
                        format!("{base}.accept_score"),
                        format!("{} is not a score from 0 to 100", scoring::format_number(score)),
                    ),
                    Some(_) => {}
                }
                match &clause.agreed {
                    None => at(
                        base.clone(),
                        "a clause with a question needs \"agreed\": the vendor's commitment as answered".into(),
                    ),
                    Some(agreed) => {
                        check_text(&mut at, &format!("{base}.agreed"), agreed, PLACEHOLDERS)
                    }
                }
            }
            None => {
                // Nothing answered can settle it: an answer-based text or bar would never be used.
                if clause.agreed.is_some() {
                    at(
                        format!("{base}.agreed"),
                        "a clause without a question has no answer to agree with: remove \"agreed\" or name the question".into(),
                    );
                }
                if clause.accept_score.is_some() {
                    at(
                        format!("{base}.accept_score"),
                        "a clause without a question has no answer to score: remove \"accept_score\" or name the question".into(),
                    );
                }
                if clause.settles_with.is_some() {
                    at(
                        format!("{base}.settles_with"),
                        "a clause without a question has no answer to settle: remove \"settles_with\" or name the question".into(),
                    );
                }
            }
        }
        check_text(&mut at, &format!("{base}.title"), &clause.title, &[]);
        check_text(
            &mut at,
            &format!("{base}.required"),
            &clause.required,
            &["{vendor}"],
        );
    }
    if c.clauses.is_empty() {
        at("$.clauses".into(), "there are no clauses".into());
    }
    out
}

/// Why `clause.settles_with` cannot be the answer its question records, if so:
/// not a valid answer, or one below the clause's own bar.
fn settles_with_problem(clause: &ClauseTemplate, question: &Question) -> Option<String> {
    let value = clause.settles_with.as_ref()?;
    let answer = Answer {
        question: question.id.clone(),
        value: Some(value.clone()),
        na: None,
        state: None,
        comment: None,
        provenance: None,
        evidence: Vec::new(),
    };
    let given = match scoring::read(question, Some(&answer)) {
        Err(why) => return Some(format!("not an answer to {}: {why}", question.id)),
        Ok(Reading::Given(given)) => given,
        Ok(_) => return Some(format!("not an answer to {}", question.id)),
    };
    // Dates score against the evaluation's as-of date; none here is such a clause.
    let score = scoring::raw_score(&question.answer, &given, chrono::NaiveDate::MIN).score;
    match clause.accept_score {
        Some(bar) if score < bar => Some(format!(
            "this answer scores {}, below the clause's accept_score {}: resolving the point would not settle it",
            scoring::format_number(score),
            scoring::format_number(bar)
        )),
        _ => None,
    }
}

/// Both languages present, and only the `allowed` placeholders.
fn check_text(at: &mut impl FnMut(String, String), path: &str, t: &Text, allowed: &[&str]) {
    for (lang, key, s) in [(Lang::En, "en", &t.en), (Lang::ZhCn, "zh-CN", &t.zh_cn)] {
        let field = format!("{path}[\"{key}\"]");
        let field = if lang == Lang::En {
            format!("{path}.en")
        } else {
            field
        };
        if s.trim().is_empty() {
            at(field, format!("the {key} text is empty"));
            continue;
        }
        let mut rest = s.as_str();
        while let Some(open) = rest.find('{') {
            let close = rest[open..].find('}').map(|c| open + c + 1);
            let Some(close) = close else {
                at(field.clone(), "a '{' is not closed by '}'".into());
                break;
            };
            let name = &rest[open..close];
            if !allowed.contains(&name) {
                at(
                    field.clone(),
                    if allowed.is_empty() {
                        format!("{name} cannot be filled in here (no placeholders)")
                    } else {
                        format!(
                            "{name} is not a placeholder here (use {})",
                            allowed.join(" or ")
                        )
                    },
                );
            }
            rest = &rest[close..];
        }
    }
}

/// Where a clause stands for this vendor.
#[derive(Debug, Clone, PartialEq)]
pub enum Standing {
    /// The vendor's answer meets the clause's bar: its commitment, as answered.
    Agreed,
    /// The answer is weaker, unknown, declined or fails a must-have (or no
    /// question asks about it): the buyer's position, to negotiate. `answer` is
    /// what the vendor answered, in words (or that nothing asked it).
    ToNegotiate { answer: Text },
}

/// One clause of a vendor's schedule, filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    /// 1-based, in the clause file's order.
    pub number: usize,
    pub id: String,
    /// The question it rests on, with its text; `None`: no question asks it.
    pub question: Option<(String, Text)>,
    pub reference: String,
    pub title: Text,
    pub text: Text,
    pub standing: Standing,
    /// Set when the answer did not come from the vendor itself (public
    /// documentation, a secondary source, the buyer's verification, or no source
    /// recorded): the clause then rests on what others say, to confirm with the
    /// vendor before signing.
    pub basis_note: Option<Text>,
}

/// A clause left out, with the reason (the question does not apply).
#[derive(Debug, Clone, PartialEq)]
pub struct LeftOut {
    pub title: Text,
    pub question: String,
    pub reason: Text,
}

/// One vendor's security schedule.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    pub title: Text,
    pub vendor: String,
    pub evaluation: String,
    pub as_of: String,
    pub questionnaire: String,
    /// The report data's fingerprint: which data the schedule was built from.
    pub fingerprint: String,
    pub clauses: Vec<Clause>,
    pub left_out: Vec<LeftOut>,
    /// The decision recorded on each negotiation point, by clause id, in
    /// words ("risk accepted: …"); empty when none is known (the PDF annex,
    /// built from the report's data alone).
    pub decisions: std::collections::BTreeMap<String, Text>,
}

impl Schedule {
    /// The clauses to negotiate.
    pub fn negotiation_points(&self) -> impl Iterator<Item = &Clause> {
        self.clauses
            .iter()
            .filter(|c| matches!(c.standing, Standing::ToNegotiate { .. }))
    }
}

/// The buyer's requirement of `template`, for `vendor` (its `required` text).
pub fn requirement_text(template: &ClauseTemplate, vendor: &str) -> Text {
    fill(&template.required, vendor, None)
}

fn fill(t: &Text, vendor: &str, answer: Option<&Text>) -> Text {
    Text::from_fn(|lang| {
        let s = t.get(lang).replace("{vendor}", vendor);
        match answer {
            Some(a) => s.replace("{answer}", a.get(lang)),
            None => s,
        }
    })
}

/// An answer in words, both languages, as the report prints it; an unanswered
/// question by where it stands.
fn answer_words(question: &Question, answer: Option<&Answer>) -> Text {
    Text::from_fn(|lang| {
        labels::answer_text(question, answer, lang).unwrap_or_else(|| {
            match scoring::read(question, answer) {
                Ok(Reading::Unanswered(open)) => labels::open_label(open, lang).to_string(),
                _ => labels::open_label(scoring::Open::NotAsked, lang).to_string(),
            }
        })
    })
}

/// Builds `vendor`'s schedule from the report data (the evaluation, its
/// questionnaire and answers) and checked clauses. `None` when the data has no
/// such vendor.
pub fn build(data: &ReportData, clauses: &ClauseFile, vendor: &str) -> Option<Schedule> {
    build_scored(data, &data.scores(), &data.fingerprint(), clauses, vendor)
}

/// [`build`] with the data's scores and fingerprint already computed (the PDF
/// report's annex builds every vendor's schedule from the same ones).
pub fn build_scored(
    data: &ReportData,
    scores: &[VendorScore],
    fingerprint: &str,
    clauses: &ClauseFile,
    vendor: &str,
) -> Option<Schedule> {
    let score: &VendorScore = scores.iter().find(|s| s.vendor == vendor)?;
    let q = &data.questionnaire;
    let answers: &[Answer] = data
        .vendors
        .iter()
        .find(|v| v.name == vendor)
        .map_or(&[], |v| &v.answers);
    let mut out = Schedule {
        title: clauses.title.clone(),
        vendor: vendor.to_string(),
        evaluation: data.evaluation.name.clone(),
        as_of: data.evaluation.as_of.to_string(),
        questionnaire: format!("{}@{}", q.id, q.version),
        fingerprint: fingerprint.to_string(),
        clauses: Vec::new(),
        left_out: Vec::new(),
        decisions: Default::default(),
    };
    for template in &clauses.clauses {
        let Some(id) = &template.question else {
            out.clauses.push(Clause {
                basis_note: None,
                number: out.clauses.len() + 1,
                id: template.id.clone(),
                question: None,
                reference: template.reference.clone(),
                title: template.title.clone(),
                text: fill(&template.required, vendor, None),
                standing: Standing::ToNegotiate {
                    answer: Text::from_fn(|lang| match lang {
                        Lang::En => {
                            "not asked in the questionnaire: to agree with the vendor".into()
                        }
                        Lang::ZhCn => "问卷中未询问：需与供应商商定".into(),
                    }),
                },
            });
            continue;
        };
        let (Some(question), Some(agreed), Some(accept_score)) =
            (q.question(id), &template.agreed, template.accept_score)
        else {
            continue; // refused by `load`
        };
        let answer = answers.iter().find(|a| a.question == question.id);
        let result = score
            .sections
            .iter()
            .flat_map(|s| &s.questions)
            .find(|x| &*x.question == question.id.as_str());
        let status = result.map_or(QuestionStatus::Unknown, |r| r.status);
        if matches!(
            status,
            QuestionStatus::NotApplicable | QuestionStatus::Hidden
        ) {
            out.left_out.push(LeftOut {
                title: template.title.clone(),
                question: question.id.clone(),
                reason: match status {
                    QuestionStatus::Hidden => Text::from_fn(|lang| match lang {
                        Lang::En => {
                            "the question does not apply given the vendor's other answers".into()
                        }
                        Lang::ZhCn => "根据供应商的其他回答，该问题不适用".into(),
                    }),
                    _ => answer_words(question, answer),
                },
            });
            continue;
        }
        let fails_must_have = score.knockouts.iter().any(|k| {
            k.question == question.id && matches!(k.outcome, KnockoutOutcome::Failed { .. })
        });
        let meets = status == QuestionStatus::Answered
            && result.is_some_and(|r| r.raw_score >= accept_score)
            && !fails_must_have;
        let words = answer_words(question, answer);
        let (text, standing) = if meets {
            (fill(agreed, vendor, Some(&words)), Standing::Agreed)
        } else {
            (
                fill(&template.required, vendor, None),
                Standing::ToNegotiate { answer: words },
            )
        };
        let basis_note = match answer.and_then(|a| a.provenance.as_ref()) {
            _ if status != QuestionStatus::Answered => None,
            Some(p) if p.is_vendors_own() => None,
            Some(p) => {
                let source = p.source;
                Some(Text::from_fn(|lang| {
                    let said = labels::source_label(source, lang);
                    match lang {
                        Lang::En => format!("the answer comes from {said}, not from the vendor itself: confirm it with the vendor before signing"),
                        Lang::ZhCn => format!("该回答来自{said}，并非供应商本身的陈述：签署前请与供应商确认"),
                    }
                }))
            }
            None => Some(Text::from_fn(|lang| {
                match lang {
                Lang::En => "no source is recorded for the answer: confirm it with the vendor before signing".into(),
                Lang::ZhCn => "该回答未记录来源：签署前请与供应商确认".into(),
            }
            })),
        };
        out.clauses.push(Clause {
            basis_note,
            number: out.clauses.len() + 1,
            id: template.id.clone(),
            question: Some((question.id.clone(), question.text.clone())),
            reference: template.reference.clone(),
            title: template.title.clone(),
            text,
            standing,
        });
    }
    Some(out)
}
