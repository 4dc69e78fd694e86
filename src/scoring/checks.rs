//! Checks of scoring inputs against a questionnaire: the profiles and section
//! weights a user names. Plain problems (no store, no file), located at the
//! flag or field they came from.

use crate::diagnostic::Diagnostic;
use crate::questionnaire::Questionnaire;
use std::collections::BTreeMap;

fn not_in<'a>(
    what: &str,
    id: &str,
    q: &Questionnaire,
    known: impl Iterator<Item = &'a str>,
) -> String {
    let known: Vec<&str> = known.collect();
    format!(
        "there is no {what} \"{id}\" in {} (known: {})",
        q.id,
        known.join(", ")
    )
}

/// Profiles the questionnaire does not define, each located at `--profile`.
pub fn unknown_profiles(q: &Questionnaire, profiles: &[String]) -> Vec<Diagnostic> {
    profiles
        .iter()
        .filter(|p| q.profile(p).is_none())
        .map(|p| {
            Diagnostic::in_file(
                "--profile",
                not_in("profile", p, q, q.profiles.iter().map(|p| p.id.as_str())),
            )
        })
        .collect()
}

/// Section weights that do not fit: an unknown section, a weight that is not a
/// number of 0 or more, or nothing weighted at all.
pub fn section_weight_problems(
    q: &Questionnaire,
    weights: &BTreeMap<String, f64>,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (section, weight) in weights {
        if q.sections.iter().all(|s| &s.id != section) {
            problems.push(Diagnostic::in_file(
                "section weights",
                not_in(
                    "section",
                    section,
                    q,
                    q.sections.iter().map(|s| s.id.as_str()),
                ),
            ));
        } else if !weight.is_finite() || *weight < 0.0 || *weight > super::MAX_WEIGHT {
            problems.push(Diagnostic::in_file(
                "section weights",
                format!(
                    "the weight of section {section} must be a number of 0 or more and at most {}, not {weight}",
                    super::MAX_WEIGHT
                ),
            ));
        }
    }
    if problems.is_empty() && weights.values().all(|w| *w == 0.0) {
        problems.push(Diagnostic::in_file(
            "section weights",
            "at least one section needs a weight above 0",
        ));
    }
    problems
}
