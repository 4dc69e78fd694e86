//! Caps on the text a user or a vendor supplies: names, notes, comments, evidence
//! details, and how many vendors and pieces of evidence there may be.
//!
//! Why: every such text ends up in the PDF, the workbook and the terminal. A 50 MB
//! evaluation name from a bundle made PDF export run past 120 s; 3,000 vendors in a
//! report's embedded data took 81 s and 1.2 GB to verify. And a name is shown on one
//! line: a line break, an escape code (which rewrites the terminal) or a bidi
//! control (which shows text in another order than it is stored, "Trojan Source")
//! would make what the reader sees differ from what is stored.
//!
//! Every way text gets in passes one of the two checks here: the store's checks of
//! evaluations and vendors (app, command line, bundles, demo) and
//! `answer_set::check` (answers files, workbooks, bundles, report data, the form).

/// A one-line text: a name, a product, a person, an issuer, a certificate number,
/// a reference or a URL.
pub const MAX_LINE_CHARS: usize = 1_000;

/// A free text: notes, a comment, a free-text answer, the scope of a certificate,
/// the reason a question does not apply.
pub const MAX_NOTE_CHARS: usize = 20_000;

/// Vendors in one evaluation or one answers file. Comparisons of more are not read
/// by anyone, and every vendor is one more page of the report.
pub const MAX_VENDORS: usize = 100;

/// Pieces of evidence for one answer.
pub const MAX_EVIDENCE_PER_ANSWER: usize = 50;

/// Evaluators named on one evaluation.
pub const MAX_EVALUATORS: usize = 50;

/// Characters that display as nothing or reorder text: bidi embeddings, overrides
/// and isolates (U+202A–U+202E, U+2066–U+2069), marks (U+200E, U+200F, U+061C),
/// zero-width space and word joiner (U+200B, U+2060) and the BOM (U+FEFF).
fn is_invisible_or_bidi(c: char) -> bool {
    matches!(c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        | '\u{200E}' | '\u{200F}' | '\u{061C}'
        | '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

/// The problem with a one-line text, if any: too long, or holding a line break, a
/// control character or an invisible/bidi character (zero-width joiners, used
/// in emoji and some scripts, are allowed).
pub fn line_problem(text: &str) -> Option<String> {
    length_problem(text, MAX_LINE_CHARS).or_else(|| {
        character_problem(text, |c| {
            c.is_control() || is_invisible_or_bidi(c) || matches!(c, '\u{2028}' | '\u{2029}')
        })
    })
}

/// The problem with a free text, if any: too long, or holding a control character
/// other than line breaks and tabs, or a bidi/invisible character.
pub fn note_problem(text: &str) -> Option<String> {
    length_problem(text, MAX_NOTE_CHARS).or_else(|| {
        character_problem(text, |c| {
            (c.is_control() && !matches!(c, '\n' | '\r' | '\t')) || is_invisible_or_bidi(c)
        })
    })
}

/// The problems of an evaluation's own texts (its name, notes and evaluators),
/// labelled as the store and `verify` say them. One check for an evaluation made
/// in the app or the command line, imported from a bundle, or embedded in a report.
pub fn evaluation_text_problems(
    name: &str,
    notes: &str,
    evaluators: &[String],
) -> Vec<crate::Diagnostic> {
    let mut out = Vec::new();
    let mut report = |what: &str, problem: Option<String>| {
        if let Some(problem) = problem {
            out.push(crate::Diagnostic::in_file(what, problem));
        }
    };
    report("evaluation name", line_problem(name));
    report("evaluation notes", note_problem(notes));
    if evaluators.len() > MAX_EVALUATORS {
        report(
            "evaluators",
            Some(format!(
                "{} evaluators; at most {MAX_EVALUATORS} are named",
                evaluators.len()
            )),
        );
    } else {
        for evaluator in evaluators {
            report("evaluator", line_problem(evaluator));
        }
    }
    out
}

fn length_problem(text: &str, max: usize) -> Option<String> {
    // Bytes bound characters from above: most texts are decided without counting.
    if text.len() <= max {
        return None;
    }
    let chars = text.chars().count();
    (chars > max)
        .then(|| format!("the text is {chars} characters long; at most {max} are accepted"))
}

fn character_problem(text: &str, refused: impl Fn(char) -> bool) -> Option<String> {
    let (at, c) = text.chars().enumerate().find(|(_, c)| refused(*c))?;
    let what = match c {
        '\n' | '\r' | '\u{2028}' | '\u{2029}' => "a line break",
        '\t' => "a tab",
        '\u{1B}' => "an escape code",
        c if c.is_control() => "a control character",
        _ => "an invisible or text-direction character",
    };
    Some(format!(
        "the text holds {what} (U+{:04X}) at character {}; type it as plain text",
        c as u32,
        at + 1
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_one_line_of_visible_text() {
        assert_eq!(line_problem("Contoso Talk 企业版 (EU)"), None);
        assert_eq!(line_problem("👩‍💻 team"), None, "ZWJ emoji");
        for (text, what) in [
            ("Acme\nChat", "line break"),
            ("Acme\u{1B}[2J", "escape code"),
            ("Acme\u{202E}tahC", "text-direction"),
            ("Acme\u{200B}", "invisible"),
            ("Acme\u{7}", "control character"),
        ] {
            let problem = line_problem(text).unwrap_or_default();
            assert!(problem.contains(what), "{text:?}: {problem}");
        }
        assert!(line_problem(&"x".repeat(MAX_LINE_CHARS)).is_none());
        let long = line_problem(&"名".repeat(MAX_LINE_CHARS + 1)).unwrap_or_default();
        assert!(long.contains("1001 characters"), "{long}");
    }

    #[test]
    fn notes_keep_line_breaks_and_tabs_only() {
        assert_eq!(note_problem("line one\r\nline two\tend"), None);
        assert!(note_problem("see\u{1B}]8;;http://x\u{7}").is_some());
        assert!(note_problem("\u{2066}hidden\u{2069}").is_some());
        assert!(note_problem(&"x".repeat(MAX_NOTE_CHARS + 1)).is_some());
    }
}
