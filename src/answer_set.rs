//! Loading an answers file (`assay score ANSWERS.json`): the same four steps as a
//! questionnaire (text, syntax, shape, meaning), the meaning checked against the
//! questionnaire the file names. Every problem is reported with its JSON path.

use crate::answers::{Answer, AnswerSet, AnswerValue};
use crate::diagnostic::{Diagnostic, JsonPath};
use crate::questionnaire::Questionnaire;
use crate::schema::Checker;
use crate::text_limits::{self, MAX_EVIDENCE_PER_ANSWER, MAX_VENDORS};
use crate::{json_document, json_position, scoring};
use std::collections::HashSet;
use std::path::Path;
use std::sync::OnceLock;

fn checker() -> &'static Checker {
    static CHECKER: OnceLock<Checker> = OnceLock::new();
    CHECKER.get_or_init(Checker::for_type::<AnswerSet>)
}

/// The JSON Schema of answers files.
pub fn schema_text() -> String {
    crate::schema::schema_text::<AnswerSet>()
}

/// An answers file as read: kept with its text so that problems found later,
/// against the questionnaire, still get a line and column.
#[derive(Debug, Clone)]
pub struct AnswersFile {
    pub file: String,
    pub text: String,
    pub set: AnswerSet,
}

impl AnswersFile {
    /// Every way the answers do not fit `q`, located in the file.
    pub fn check(&self, q: &Questionnaire) -> Vec<Diagnostic> {
        let mut problems = check(&self.file, &self.set, q);
        json_position::locate_all(&self.text, &mut problems);
        problems
    }
}

/// Reads and shape-checks an answers file; the meaning is checked by
/// [`AnswersFile::check`] once the questionnaire is known.
pub fn load_file(path: &Path) -> Result<AnswersFile, Vec<Diagnostic>> {
    let text = json_document::read_text(path).map_err(|d| vec![d])?;
    load_str(&path.display().to_string(), text)
}

pub fn load_str(file: &str, text: String) -> Result<AnswersFile, Vec<Diagnostic>> {
    let value = json_document::parse(file, &text).map_err(|d| vec![d])?;
    let mut problems = checker().check(file, &value);
    if !problems.is_empty() {
        json_position::locate_all(&text, &mut problems);
        return Err(problems);
    }
    let set = json_document::from_value(file, value).map_err(|d| vec![d])?;
    Ok(AnswersFile {
        file: file.to_string(),
        text,
        set,
    })
}

/// The problems of an answer's texts (length, characters) and evidence count.
fn answer_text_problems(
    ap: &JsonPath,
    answer: &Answer,
    report: &mut impl FnMut(JsonPath, Option<String>),
) {
    use text_limits::{line_problem, note_problem};
    if let Some(AnswerValue::Text(value)) = &answer.value {
        report(ap.field("value"), note_problem(value));
    }
    if let Some(AnswerValue::List(items)) = &answer.value {
        for (i, item) in items.iter().enumerate() {
            report(ap.field("value").index(i), line_problem(item));
        }
    }
    if let Some(na) = &answer.na {
        report(ap.field("na"), note_problem(na));
    }
    if let Some(comment) = &answer.comment {
        report(ap.field("comment"), note_problem(comment));
    }
    if let Some(p) = &answer.provenance {
        let pp = ap.field("provenance");
        for (key, value) in [("reference", &p.reference), ("confidence", &p.confidence)] {
            if let Some(value) = value {
                report(pp.field(key), line_problem(value));
            }
        }
    }
    if answer.evidence.len() > MAX_EVIDENCE_PER_ANSWER {
        report(
            ap.field("evidence"),
            Some(format!(
                "{} pieces of evidence; at most {MAX_EVIDENCE_PER_ANSWER} per answer",
                answer.evidence.len()
            )),
        );
        return;
    }
    for (ei, e) in answer.evidence.iter().enumerate() {
        let ep = ap.field("evidence").index(ei);
        for (key, value) in [
            ("identifier", &e.identifier),
            ("issuer", &e.issuer),
            ("url", &e.url),
        ] {
            if let Some(value) = value {
                report(ep.field(key), line_problem(value));
            }
        }
        if let Some(scope) = &e.scope {
            report(ep.field("scope"), note_problem(scope));
        }
    }
}

/// Every way the answers do not fit the questionnaire.
pub fn check(file: &str, set: &AnswerSet, q: &Questionnaire) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let root = JsonPath::root();
    if set.questionnaire.id != q.id || set.questionnaire.version != q.version {
        out.push(Diagnostic::at_path(
            file,
            root.field("questionnaire").to_string(),
            format!(
                "the answers are for {}@{}, but the questionnaire is {}@{}",
                set.questionnaire.id, set.questionnaire.version, q.id, q.version
            ),
        ));
    }
    for (i, p) in set.profiles.iter().enumerate() {
        if q.profile(p).is_none() {
            let known: Vec<&str> = q.profiles.iter().map(|p| p.id.as_str()).collect();
            out.push(Diagnostic::at_path(
                file,
                root.field("profiles").index(i).to_string(),
                format!("there is no profile \"{p}\" (known: {})", known.join(", ")),
            ));
        }
    }
    if set.vendors.len() > MAX_VENDORS {
        // Said alone: checking each of thousands of vendors costs time for nothing.
        out.push(Diagnostic::at_path(
            file,
            root.field("vendors").to_string(),
            format!(
                "{} vendors; one evaluation compares at most {MAX_VENDORS}",
                set.vendors.len()
            ),
        ));
        return out;
    }
    let mut names = HashSet::new();
    for (vi, vendor) in set.vendors.iter().enumerate() {
        let vp = root.field("vendors").index(vi);
        let mut text = |path: JsonPath, problem: Option<String>| {
            if let Some(problem) = problem {
                out.push(Diagnostic::at_path(file, path.to_string(), problem));
            }
        };
        text(vp.field("name"), text_limits::line_problem(&vendor.name));
        if let Some(product) = &vendor.product {
            text(vp.field("product"), text_limits::line_problem(product));
        }
        for (ai, answer) in vendor.answers.iter().enumerate() {
            answer_text_problems(&vp.field("answers").index(ai), answer, &mut text);
        }
        if vendor.name.trim().is_empty() {
            out.push(Diagnostic::at_path(
                file,
                vp.field("name").to_string(),
                "the vendor name is empty",
            ));
        } else if !names.insert(vendor.name.trim()) {
            out.push(Diagnostic::at_path(
                file,
                vp.field("name").to_string(),
                format!("vendor \"{}\" appears twice", vendor.name),
            ));
        }
        let mut answered = HashSet::new();
        for (ai, answer) in vendor.answers.iter().enumerate() {
            let ap = vp.field("answers").index(ai);
            let Some(question) = q.question(&answer.question) else {
                out.push(Diagnostic::at_path(
                    file,
                    ap.field("question").to_string(),
                    format!("there is no question \"{}\" in {}", answer.question, q.id),
                ));
                continue;
            };
            if !answered.insert(answer.question.as_str()) {
                out.push(Diagnostic::at_path(
                    file,
                    ap.field("question").to_string(),
                    format!(
                        "question {} is answered twice for {}",
                        answer.question, vendor.name
                    ),
                ));
            }
            if let Err(message) = scoring::read(question, Some(answer)) {
                let at = if answer.na.is_some() { "na" } else { "value" };
                out.push(Diagnostic::at_path(
                    file,
                    ap.field(at).to_string(),
                    format!("{}: {message}", answer.question),
                ));
            }
            for (ei, e) in answer.evidence.iter().enumerate() {
                if let (Some(issued), Some(expires)) = (e.issued, e.expires) {
                    if expires < issued {
                        out.push(Diagnostic::at_path(
                            file,
                            ap.field("evidence").index(ei).to_string(),
                            format!(
                                "the evidence expires ({expires}) before it was issued ({issued})"
                            ),
                        ));
                    }
                }
            }
        }
    }
    out
}
