//! The rules of a questionnaire that its JSON Schema cannot express. Each finding
//! is one plain sentence at a JSON path; all are collected, none stops the walk.

use super::model::*;
use super::MAX_WEIGHT;
use crate::diagnostic::{Diagnostic, JsonPath};
use std::collections::{HashMap, HashSet};

/// An option id a questionnaire may not define: answers use it for "no commitment".
pub const NO_COMMITMENT: &str = "none";

/// Sheet names a section may not take: the vendor workbook's own sheets, and
/// "History", which Excel reserves.
pub const RESERVED_SHEET_NAMES: [&str; 5] =
    ["Instructions", "填写说明", "_assay", "_lists", "History"];

/// The longest sheet name Excel accepts, in UTF-16 code units.
pub const MAX_SHEET_NAME: usize = 31;

/// Why `name` cannot name a worksheet (too long, a character Excel forbids, an
/// apostrophe at either end, a reserved name), or `None` when it can.
pub fn sheet_name_problem(name: &str) -> Option<String> {
    let units = name.encode_utf16().count();
    if name.trim().is_empty() {
        Some("a sheet name cannot be empty".into())
    } else if units > MAX_SHEET_NAME {
        Some(format!(
            "\"{name}\" is {units} characters long; a sheet name has at most {MAX_SHEET_NAME}"
        ))
    } else if let Some(c) = name.chars().find(|c| "[]:*?/\\".contains(*c)) {
        Some(format!(
            "\"{name}\" contains '{c}', which Excel does not allow in a sheet name (none of [ ] : * ? / \\)"
        ))
    } else if name.starts_with('\'') || name.ends_with('\'') {
        Some(format!(
            "\"{name}\" begins or ends with an apostrophe, which Excel does not allow in a sheet name"
        ))
    } else if RESERVED_SHEET_NAMES
        .iter()
        .any(|r| r.to_lowercase() == name.trim().to_lowercase())
    {
        Some(format!(
            "\"{name}\" is reserved (the workbook uses it for another sheet, or Excel does)"
        ))
    } else {
        None
    }
}

/// Phrases that give the buyer's scoring away; vendor guidance may not use them.
const RUBRIC_PHRASES: [&str; 7] = [
    "best answer",
    "full marks",
    "knockout",
    "最佳答案",
    "满分",
    "一票否决",
    "否决项",
];

/// Lower case with whitespace collapsed: how copied text is recognised.
fn normalized(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

struct Validator<'a> {
    file: &'a str,
    out: Vec<Diagnostic>,
}

impl Validator<'_> {
    fn report(&mut self, path: &JsonPath, message: impl Into<String>) {
        self.out
            .push(Diagnostic::at_path(self.file, path.to_string(), message));
    }

    fn text(&mut self, path: &JsonPath, text: &Text) {
        if text.en.trim().is_empty() {
            self.report(&path.field("en"), "the English text is missing");
        }
        if text.zh_cn.trim().is_empty() {
            self.report(&path.field("zh-CN"), "the Chinese (zh-CN) text is missing");
        }
    }

    /// One rule for every id a questionnaire defines (sections, questions, options,
    /// profiles): answers, workbooks and conditions name them, so an id must read
    /// the same everywhere. No spaces, invisible or bidi characters, line breaks or
    /// a leading `=` (a formula in a spreadsheet). Returns whether the id is valid.
    fn id(&mut self, path: &JsonPath, what: &str, id: &str) -> bool {
        let problem = if id.is_empty() {
            Some(format!("the {what} id is empty"))
        } else if !is_id(id) {
            Some(format!(
                "{what} id \"{}\" may only hold ASCII letters, digits, '.', '_' and '-', \
                 start with a letter or digit and be at most {MAX_ID_CHARS} characters \
                 (no spaces or invisible characters)",
                id.escape_debug()
            ))
        } else {
            None
        };
        match problem {
            Some(message) => {
                self.report(path, message);
                false
            }
            None => true,
        }
    }

    fn score(&mut self, path: &JsonPath, score: f64) {
        if !(0.0..=100.0).contains(&score) {
            self.report(path, format!("score {score} is outside 0–100"));
        }
    }
}

pub fn validate(file: &str, q: &Questionnaire) -> Vec<Diagnostic> {
    let mut v = Validator {
        file,
        out: Vec::new(),
    };
    let root = JsonPath::root();

    if !is_identifier(&q.id) {
        v.report(
            &root.field("id"),
            format!(
                "id \"{}\" must be lower-case letters, digits and dashes",
                q.id
            ),
        );
    }
    if !is_semver(&q.version) {
        v.report(
            &root.field("version"),
            format!(
                "version \"{}\" is not a semantic version such as 1.2.0",
                q.version
            ),
        );
    }
    v.text(&root.field("title"), &q.title);
    if let Some(d) = &q.description {
        v.text(&root.field("description"), d);
    }

    let section_ids: Vec<&str> = q.sections.iter().map(|s| s.id.as_str()).collect();
    let profile_ids: HashSet<&str> = q.profiles.iter().map(|p| p.id.as_str()).collect();

    check_profiles(&mut v, q, &section_ids);
    if q.sections.is_empty() {
        v.report(&root.field("sections"), "the questionnaire has no sections");
    }

    // Questions seen so far, so that a condition can only look backwards (no cycles).
    let mut earlier: HashMap<&str, &Question> = HashMap::new();
    let mut seen_sections = HashSet::new();
    // Short titles seen so far, per language (lower case → section id).
    let mut sheet_names: [HashMap<String, &str>; 2] = Default::default();
    for (si, section) in q.sections.iter().enumerate() {
        let sp = root.field("sections").index(si);
        if !seen_sections.insert(section.id.as_str()) {
            v.report(
                &sp.field("id"),
                format!("section id \"{}\" is used twice", section.id),
            );
        }
        v.id(&sp.field("id"), "section", &section.id);
        v.text(&sp.field("title"), &section.title);
        if let Some(short) = &section.short_title {
            let stp = sp.field("short_title");
            v.text(&stp, short);
            for (li, lang) in [Lang::En, Lang::ZhCn].into_iter().enumerate() {
                let name = short.get(lang);
                if name.trim().is_empty() {
                    continue; // reported above
                }
                let at = stp.field(lang.code());
                if let Some(problem) = sheet_name_problem(name) {
                    v.report(
                        &at,
                        format!("the short title is not a usable sheet name: {problem}"),
                    );
                } else if let Some(other) =
                    sheet_names[li].insert(name.trim().to_lowercase(), section.id.as_str())
                {
                    v.report(
                        &at,
                        format!(
                            "the short title \"{name}\" is also section \"{other}\"'s; sheet names must be unique"
                        ),
                    );
                }
            }
        }
        if let Some(d) = &section.description {
            v.text(&sp.field("description"), d);
        }
        if section.questions.is_empty() {
            v.report(
                &sp.field("questions"),
                format!("section \"{}\" has no questions", section.id),
            );
        }
        for (qi, question) in section.questions.iter().enumerate() {
            let qp = sp.field("questions").index(qi);
            check_question(&mut v, &qp, question, &earlier, &profile_ids);
            if earlier.contains_key(question.id.as_str()) {
                v.report(
                    &qp.field("id"),
                    format!("question id \"{}\" is used twice", question.id),
                );
            } else {
                earlier.insert(question.id.as_str(), question);
            }
        }
    }
    check_upgrades_from(&mut v, q, &earlier);
    v.out
}

/// Each `upgrades_from` entry names an earlier version and leads only to ids
/// this version has (the earlier ids cannot be checked here: that version is
/// not at hand).
fn check_upgrades_from(v: &mut Validator, q: &Questionnaire, questions: &HashMap<&str, &Question>) {
    let mut versions = HashSet::new();
    for (i, changes) in q.upgrades_from.iter().enumerate() {
        let cp = JsonPath::root().field("upgrades_from").index(i);
        if !is_semver(&changes.version) {
            v.report(
                &cp.field("version"),
                format!(
                    "version \"{}\" is not a semantic version such as 1.0.0",
                    changes.version
                ),
            );
        } else if changes.version == q.version {
            v.report(
                &cp.field("version"),
                format!(
                    "version {} is this questionnaire's own; name an earlier one",
                    changes.version
                ),
            );
        }
        if !versions.insert(changes.version.as_str()) {
            v.report(
                &cp.field("version"),
                format!("version {} is listed twice", changes.version),
            );
        }
        let mut targets = HashSet::new();
        for (old, new) in &changes.questions {
            let at = cp.field("questions").field(old);
            if !questions.contains_key(new.as_str()) {
                v.report(&at, format!("\"{new}\" is not a question of this version"));
            } else if !targets.insert(new.as_str()) {
                v.report(&at, format!("two questions are renamed to \"{new}\""));
            }
        }
        for (question, renamed) in &changes.options {
            let at = cp.field("options").field(question);
            let Some(x) = questions.get(question.as_str()) else {
                v.report(
                    &at,
                    format!("\"{question}\" is not a question of this version"),
                );
                continue;
            };
            let ids = x.answer.option_ids();
            for new in renamed.values() {
                if !ids.contains(&new.as_str()) {
                    v.report(
                        &at,
                        format!(
                            "\"{new}\" is not an option of {question} (its options: {})",
                            ids.join(", ")
                        ),
                    );
                }
            }
        }
    }
}

fn check_profiles(v: &mut Validator, q: &Questionnaire, section_ids: &[&str]) {
    let root = JsonPath::root().field("profiles");
    if q.profiles.is_empty() {
        v.report(&root, "at least one buyer profile is required");
    }
    let mut seen = HashSet::new();
    for (pi, profile) in q.profiles.iter().enumerate() {
        let pp = root.index(pi);
        if !seen.insert(profile.id.as_str()) {
            v.report(
                &pp.field("id"),
                format!("profile id \"{}\" is used twice", profile.id),
            );
        }
        v.id(&pp.field("id"), "profile", &profile.id);
        v.text(&pp.field("name"), &profile.name);
        v.text(&pp.field("description"), &profile.description);
        let wp = pp.field("section_weights");
        for id in section_ids {
            if !profile.section_weights.contains_key(*id) {
                v.report(
                    &wp,
                    format!("no weight for section \"{id}\" (every section needs one)"),
                );
            }
        }
        for (id, weight) in &profile.section_weights {
            if !section_ids.contains(&id.as_str()) {
                v.report(&wp.field(id), format!("there is no section \"{id}\""));
            }
            if !section_weight_in_range(*weight) {
                v.report(
                    &wp.field(id),
                    format!("weight {weight} must be 0 or more and at most {MAX_WEIGHT}"),
                );
            }
        }
        if !profile.section_weights.is_empty()
            && !profile.section_weights.values().any(|w| *w > 0.0)
        {
            v.report(
                &wp,
                "every section weight is 0; at least one section needs a weight above 0",
            );
        }
    }
}

/// A profile's section weight: 0 (the section does not count under that
/// profile, as with an evaluation's own weights) up to [`MAX_WEIGHT`].
fn section_weight_in_range(weight: f64) -> bool {
    weight.is_finite() && (0.0..=MAX_WEIGHT).contains(&weight)
}

/// A question's weight: greater than 0 and at most [`MAX_WEIGHT`].
fn weight_in_range(weight: f64) -> bool {
    weight.is_finite() && weight > 0.0 && weight <= MAX_WEIGHT
}

fn weight_out_of_range(weight: f64) -> String {
    format!("weight {weight} must be greater than 0 and at most {MAX_WEIGHT}")
}

fn check_question(
    v: &mut Validator,
    qp: &JsonPath,
    question: &Question,
    earlier: &HashMap<&str, &Question>,
    profile_ids: &HashSet<&str>,
) {
    v.id(&qp.field("id"), "question", &question.id);
    v.text(&qp.field("text"), &question.text);
    if let Some(help) = &question.help {
        v.text(&qp.field("help"), help);
    }
    if let Some(guidance) = &question.vendor_guidance {
        check_vendor_guidance(
            v,
            &qp.field("vendor_guidance"),
            guidance,
            question.help.as_ref(),
        );
    }
    let scored = question.answer.is_scored();
    match (scored, question.weight) {
        (true, None) => v.report(qp, "a scored question needs a weight"),
        (true, Some(w)) if !weight_in_range(w) => {
            v.report(&qp.field("weight"), weight_out_of_range(w))
        }
        (false, Some(_)) => v.report(
            &qp.field("weight"),
            "a free-text question is not scored and takes no weight",
        ),
        _ => {}
    }
    check_answer(v, &qp.field("answer"), &question.answer);

    if let Some(rule) = &question.evidence {
        let ep = qp.field("evidence");
        for (name, factor) in [
            ("missing_factor", rule.missing_factor),
            ("expired_factor", rule.expired_factor),
        ] {
            if !(0.0..=1.0).contains(&factor) {
                v.report(
                    &ep.field(name),
                    format!("{name} {factor} must be between 0 and 1"),
                );
            }
        }
        if let Some(note) = &rule.note {
            v.text(&ep.field("note"), note);
        }
    }

    for (ki, knockout) in question.knockouts.iter().enumerate() {
        let kp = qp.field("knockouts").index(ki);
        v.text(&kp.field("description"), &knockout.description);
        if let Some(profiles) = &knockout.profiles {
            if profiles.is_empty() {
                v.report(
                    &kp.field("profiles"),
                    "an empty profile list never applies; leave \"profiles\" out for an always-on knockout",
                );
            }
            for (i, p) in profiles.iter().enumerate() {
                if !profile_ids.contains(p.as_str()) {
                    v.report(
                        &kp.field("profiles").index(i),
                        format!("there is no profile \"{p}\""),
                    );
                }
            }
        }
        check_knockout_rule(v, &kp.field("rule"), &knockout.rule, &question.answer);
    }

    if question.mappings.is_empty() {
        v.report(
            &qp.field("mappings"),
            "every question needs at least one framework mapping",
        );
    }
    for (mi, m) in question.mappings.iter().enumerate() {
        let mp = qp.field("mappings").index(mi);
        for (name, value) in [
            ("framework", &m.framework),
            ("version", &m.version),
            ("ref", &m.reference),
        ] {
            if value.trim().is_empty() {
                v.report(&mp.field(name), format!("the mapping's {name} is empty"));
            }
        }
    }

    if let Some(cond) = &question.show_if {
        check_condition(
            v,
            &qp.field("show_if"),
            cond,
            &question.id,
            earlier,
            profile_ids,
        );
    }
}

/// Vendor guidance is shown to the vendor: both languages, neither a copy of the
/// buyer's help nor words that give the scoring away.
fn check_vendor_guidance(v: &mut Validator, gp: &JsonPath, guidance: &Text, help: Option<&Text>) {
    v.text(gp, guidance);
    for lang in [Lang::En, Lang::ZhCn] {
        let text = normalized(guidance.get(lang));
        if text.is_empty() {
            continue; // reported above
        }
        let at = gp.field(lang.code());
        let help_text = help.map(|h| normalized(h.get(lang))).unwrap_or_default();
        if !help_text.is_empty() && text.contains(&help_text) {
            v.report(
                &at,
                "the vendor guidance repeats the buyer's help, which the vendor must not see; say what to state and which document to provide",
            );
        } else if let Some(phrase) = RUBRIC_PHRASES.iter().find(|p| text.contains(*p)) {
            v.report(
                &at,
                format!("the vendor guidance says \"{phrase}\"; the vendor sees it, so it must not reveal how answers are scored"),
            );
        }
    }
}

fn check_answer(v: &mut Validator, ap: &JsonPath, answer: &AnswerSpec) {
    match answer {
        AnswerSpec::YesNo | AnswerSpec::YesPartialNo | AnswerSpec::Text => {}
        AnswerSpec::Choice { options } => {
            if options.len() < 2 {
                v.report(&ap.field("options"), "a choice needs at least two options");
            }
            let mut seen = HashSet::new();
            for (i, o) in options.iter().enumerate() {
                let op = ap.field("options").index(i);
                check_option_id(v, &op, &o.id, &mut seen);
                v.text(&op.field("label"), &o.label);
                v.score(&op.field("score"), o.score);
            }
        }
        AnswerSpec::Multi { options } => {
            if options.is_empty() {
                v.report(&ap.field("options"), "a multi-select needs options");
            }
            let mut seen = HashSet::new();
            for (i, o) in options.iter().enumerate() {
                let op = ap.field("options").index(i);
                check_option_id(v, &op, &o.id, &mut seen);
                v.text(&op.field("label"), &o.label);
                if !(0.0..=100.0).contains(&o.points) {
                    v.report(
                        &op.field("points"),
                        format!("points {} are outside 0–100", o.points),
                    );
                }
            }
        }
        AnswerSpec::Number {
            bands,
            otherwise,
            alternatives,
            ..
        } => {
            check_bands(v, ap, bands, *otherwise);
            let mut seen = HashSet::new();
            for (i, o) in alternatives.iter().enumerate() {
                let op = ap.field("alternatives").index(i);
                check_option_id(v, &op, &o.id, &mut seen);
                v.text(&op.field("label"), &o.label);
                v.score(&op.field("score"), o.score);
            }
        }
        AnswerSpec::Date {
            bands, otherwise, ..
        } => check_bands(v, ap, bands, *otherwise),
    }
}

fn check_option_id<'a>(v: &mut Validator, op: &JsonPath, id: &'a str, seen: &mut HashSet<&'a str>) {
    if !v.id(&op.field("id"), "option", id) {
        // Said by the id rule.
    } else if id == NO_COMMITMENT {
        v.report(
            &op.field("id"),
            "\"none\" is reserved for \"no commitment\"; choose another option id",
        );
    } else if !seen.insert(id) {
        v.report(&op.field("id"), format!("option id \"{id}\" is used twice"));
    }
}

fn check_bands(v: &mut Validator, ap: &JsonPath, bands: &[Band], otherwise: f64) {
    let bp = ap.field("bands");
    if bands.is_empty() {
        v.report(&bp, "at least one band is required");
    }
    v.score(&ap.field("otherwise"), otherwise);
    let mut previous: Option<(bool, f64)> = None; // (is_at_most, bound)
    for (i, band) in bands.iter().enumerate() {
        let p = bp.index(i);
        v.score(&p.field("score"), band.score);
        let (is_at_most, bound) = match (band.at_most, band.at_least) {
            (Some(max), None) => (true, max),
            (None, Some(min)) => (false, min),
            _ => {
                v.report(
                    &p,
                    "a band needs exactly one of \"at_most\" or \"at_least\"",
                );
                continue;
            }
        };
        if !bound.is_finite() {
            v.report(&p, "the band's bound is not a finite number");
            continue;
        }
        if let Some((prev_at_most, prev_bound)) = previous {
            if prev_at_most != is_at_most {
                v.report(
                    &p,
                    "all bands of a question must use the same bound (\"at_most\" or \"at_least\")",
                );
            } else if is_at_most && bound <= prev_bound {
                v.report(
                    &p.field("at_most"),
                    format!("bands are out of order: at_most {bound} must be greater than the previous {prev_bound}"),
                );
            } else if !is_at_most && bound >= prev_bound {
                v.report(
                    &p.field("at_least"),
                    format!("bands are out of order: at_least {bound} must be less than the previous {prev_bound}"),
                );
            }
        }
        previous = Some((is_at_most, bound));
    }
}

fn check_knockout_rule(v: &mut Validator, rp: &JsonPath, rule: &KnockoutRule, answer: &AnswerSpec) {
    let type_name = answer.type_name();
    let ids = answer.selectable_ids();
    let unknown_ids = |v: &mut Validator, list: &[String], key: &str| {
        if list.is_empty() {
            v.report(&rp.field(key), "the list is empty");
        }
        for (i, id) in list.iter().enumerate() {
            if !ids.contains(&id.as_str()) {
                v.report(
                    &rp.field(key).index(i),
                    format!(
                        "\"{id}\" is not an answer of this question (expected one of: {})",
                        ids.join(", ")
                    ),
                );
            }
        }
    };
    match rule {
        KnockoutRule::OneOf(list) => match answer {
            AnswerSpec::YesNo
            | AnswerSpec::YesPartialNo
            | AnswerSpec::Choice { .. }
            | AnswerSpec::Number { .. } => unknown_ids(v, list, "one_of"),
            _ => v.report(
                rp,
                format!("\"one_of\" does not apply to a {type_name} question"),
            ),
        },
        KnockoutRule::IncludesAll(list) => match answer {
            AnswerSpec::Multi { .. } => unknown_ids(v, list, "includes_all"),
            _ => v.report(
                rp,
                format!("\"includes_all\" applies to multi-select questions, not {type_name}"),
            ),
        },
        KnockoutRule::AtMost(_) | KnockoutRule::AtLeast(_) => {
            if !matches!(answer, AnswerSpec::Number { .. }) {
                v.report(
                    rp,
                    format!("\"at_most\"/\"at_least\" apply to number questions, not {type_name}"),
                );
            }
        }
        KnockoutRule::MinScore(s) => {
            if !answer.is_scored() {
                v.report(
                    rp,
                    "a free-text question is not scored and cannot be a knockout",
                );
            }
            v.score(&rp.field("min_score"), *s);
        }
    }
}

fn check_condition(
    v: &mut Validator,
    cp: &JsonPath,
    cond: &Condition,
    own_id: &str,
    earlier: &HashMap<&str, &Question>,
    profile_ids: &HashSet<&str>,
) {
    match cond {
        Condition::Answer { question, one_of } => {
            let target = earlier.get(question.as_str());
            match target {
                None if question == own_id => v.report(
                    &cp.field("question"),
                    "a question cannot depend on its own answer",
                ),
                None => v.report(
                    &cp.field("question"),
                    format!("\"{question}\" is not a question that comes before this one"),
                ),
                Some(target) => {
                    let ids = target.answer.selectable_ids();
                    if one_of.is_empty() {
                        v.report(&cp.field("one_of"), "the list is empty");
                    }
                    for (i, id) in one_of.iter().enumerate() {
                        if !ids.contains(&id.as_str()) {
                            v.report(
                                &cp.field("one_of").index(i),
                                format!("\"{id}\" is not an answer of question \"{question}\""),
                            );
                        }
                    }
                }
            }
        }
        Condition::Profile { profile } => {
            if !profile_ids.contains(profile.as_str()) {
                v.report(
                    &cp.field("profile"),
                    format!("there is no profile \"{profile}\""),
                );
            }
        }
        Condition::All { all: list } | Condition::Any { any: list } => {
            let key = if matches!(cond, Condition::All { .. }) {
                "all"
            } else {
                "any"
            };
            if list.is_empty() {
                v.report(&cp.field(key), "the list of conditions is empty");
            }
            for (i, c) in list.iter().enumerate() {
                check_condition(v, &cp.field(key).index(i), c, own_id, earlier, profile_ids);
            }
        }
    }
}

/// The longest id a questionnaire may define.
pub const MAX_ID_CHARS: usize = 64;

/// A section, question, option or profile id: `[A-Za-z0-9][A-Za-z0-9._-]{0,63}`.
pub fn is_id(s: &str) -> bool {
    s.len() <= MAX_ID_CHARS
        && s.starts_with(|c: char| c.is_ascii_alphanumeric())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_ID_CHARS
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn is_semver(s: &str) -> bool {
    let core = s.split(['-', '+']).next().unwrap_or("");
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}
