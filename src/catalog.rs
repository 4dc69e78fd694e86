//! The questionnaires shipped with Assay, compiled into the binary so that the
//! command line and the app work from any directory and offline.

use crate::questionnaire::{load_str, Loaded, Questionnaire};

/// File name and contents of every shipped questionnaire.
pub const BUNDLED: &[(&str, &str)] = &[(
    "assay-im-security.json",
    include_str!("../questionnaires/assay-im-security.json"),
)];

/// Loads every bundled questionnaire. A shipped file that fails validation is a
/// build defect (a test guards it), so it is reported, not hidden.
pub fn bundled() -> Vec<Loaded> {
    BUNDLED
        .iter()
        .map(|(name, text)| load_str(name, text))
        .collect()
}

/// The bundled questionnaire `id`, at `version` when one is named.
pub fn find(id: &str, version: Option<&str>) -> Option<Questionnaire> {
    find_with_text(id, version).map(|(_, q)| q)
}

/// As [`find`], with the exact shipped text (what an evaluation keeps as its snapshot).
pub fn find_with_text(id: &str, version: Option<&str>) -> Option<(&'static str, Questionnaire)> {
    BUNDLED
        .iter()
        .zip(bundled())
        .filter_map(|((_, text), l)| l.into_result().ok().map(|q| (*text, q)))
        .find(|(_, q)| q.id == id && version.is_none_or(|v| q.version == v))
}

/// What the app's first screen lists about a questionnaire.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct QuestionnaireSummary {
    pub file: String,
    pub id: String,
    pub version: String,
    pub title: crate::Text,
    pub sections: usize,
    pub questions: usize,
    pub profiles: Vec<ProfileSummary>,
    /// Validation problems, one sentence each; empty for a valid file.
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ProfileSummary {
    pub id: String,
    pub name: crate::Text,
    pub description: crate::Text,
}

/// Summaries of the bundled questionnaires, in shipping order.
pub fn summaries() -> Vec<QuestionnaireSummary> {
    BUNDLED
        .iter()
        .zip(bundled())
        .map(|((file, _), loaded)| summarize(file, &loaded))
        .collect()
}

/// What the app lists about a loaded file (bundled or chosen by the user).
pub fn summarize(file: &str, loaded: &Loaded) -> QuestionnaireSummary {
    let problems = loaded.diagnostics.iter().map(|d| d.to_string()).collect();
    match &loaded.questionnaire {
        Some(q) => QuestionnaireSummary {
            file: file.to_string(),
            id: q.id.clone(),
            version: q.version.clone(),
            title: q.title.clone(),
            sections: q.sections.len(),
            questions: q.questions().count(),
            profiles: q
                .profiles
                .iter()
                .map(|p| ProfileSummary {
                    id: p.id.clone(),
                    name: p.name.clone(),
                    description: p.description.clone(),
                })
                .collect(),
            problems,
        },
        None => QuestionnaireSummary {
            file: file.to_string(),
            id: String::new(),
            version: String::new(),
            title: crate::Text {
                en: file.to_string(),
                zh_cn: file.to_string(),
            },
            sections: 0,
            questions: 0,
            profiles: vec![],
            problems,
        },
    }
}
