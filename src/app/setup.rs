//! The "new evaluation" dialog: the questionnaires it offers (the bundled ones
//! and any the user loaded from a file, validated with located errors), the
//! section weights its profiles give, and creating the evaluation with them.

use super::{EvaluationSummary, SectionColumn, SectionWeight};
use crate::questionnaire::{self, Questionnaire};
use crate::scoring::ScoringContext;
use crate::store::{NewEvaluation, Store, StoreError};
use crate::Text;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::Arc;
use ts_rs::TS;

type Result<T> = std::result::Result<T, StoreError>;

/// A questionnaire the dialog offers.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct QuestionnaireChoice {
    /// What the dialog sends back to name it: the id of a bundled questionnaire,
    /// or `sha256:<hex>` of a file loaded in this session.
    pub key: String,
    /// File name of the bundled definition (e.g. `assay-im-security.json`), or
    /// the path of the loaded file.
    pub file: String,
    /// Whether it ships with Assay (else it was loaded from `file`).
    pub bundled: bool,
    pub id: String,
    pub version: String,
    pub title: Text,
    pub sections: usize,
    pub questions: usize,
    pub profiles: Vec<ProfileChoice>,
    /// Validation problems, one sentence each; empty for a valid file.
    pub problems: Vec<String>,
}

/// A buyer profile with the one line on what it switches on.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ProfileChoice {
    pub id: String,
    pub name: Text,
    pub description: Text,
}

/// The bundled questionnaires, in shipping order.
pub fn questionnaire_choices() -> Vec<QuestionnaireChoice> {
    crate::catalog::summaries()
        .into_iter()
        .map(|s| choice(s.id.clone(), true, s))
        .collect()
}

fn choice(
    key: String,
    bundled: bool,
    s: crate::catalog::QuestionnaireSummary,
) -> QuestionnaireChoice {
    QuestionnaireChoice {
        key,
        file: s.file,
        bundled,
        id: s.id,
        version: s.version,
        title: s.title,
        sections: s.sections,
        questions: s.questions,
        profiles: s
            .profiles
            .into_iter()
            .map(|p| ProfileChoice {
                id: p.id,
                name: p.name,
                description: p.description,
            })
            .collect(),
        problems: s.problems,
    }
}

/// What loading a questionnaire file gave.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum QuestionnaireFileCheck {
    /// The open dialog was closed without a choice.
    Cancelled,
    /// The file does not load: every problem, located (`file:line:column: $.path: …`).
    Invalid { file: String, problems: Vec<String> },
    /// Valid, and now offered by the dialog under `choice.key`.
    Loaded { choice: QuestionnaireChoice },
}

/// A questionnaire file that passed validation, with its exact text (the
/// evaluation keeps that text as its snapshot).
#[derive(Debug, Clone)]
struct LoadedFile {
    choice: QuestionnaireChoice,
    text: Arc<str>,
    questionnaire: Arc<Questionnaire>,
}

/// The questionnaires loaded from files in this session. The shell keeps one;
/// the page names a loaded questionnaire only by the key it was given, so it
/// can never make the app read a path it did not open through the dialog.
#[derive(Debug, Default)]
pub struct LoadedQuestionnaires {
    files: Vec<LoadedFile>,
}

impl LoadedQuestionnaires {
    /// Reads and validates a questionnaire file. Valid files are kept (loading
    /// the same content twice keeps one); invalid ones give every located problem.
    pub fn load(&mut self, path: &Path) -> QuestionnaireFileCheck {
        match self.load_file(path) {
            Ok(choice) => QuestionnaireFileCheck::Loaded { choice },
            Err(problems) => QuestionnaireFileCheck::Invalid {
                file: path.display().to_string(),
                problems: problems.iter().map(|d| d.to_string()).collect(),
            },
        }
    }

    /// As [`LoadedQuestionnaires::load`], for the command line: the key of the
    /// loaded questionnaire, or its located problems as a store refusal.
    pub fn load_key(&mut self, path: &Path) -> Result<String> {
        self.load_file(path)
            .map(|choice| choice.key)
            .map_err(StoreError::Invalid)
    }

    fn load_file(
        &mut self,
        path: &Path,
    ) -> std::result::Result<QuestionnaireChoice, Vec<crate::Diagnostic>> {
        let file = path.display().to_string();
        let text = crate::json_document::read_text(path).map_err(|d| vec![d])?;
        let loaded = questionnaire::load_str(&file, &text);
        let summary = crate::catalog::summarize(&file, &loaded);
        let q = match loaded.questionnaire {
            Some(q) if loaded.diagnostics.is_empty() => q,
            _ => return Err(loaded.diagnostics),
        };
        let key = format!("sha256:{}", crate::store::sha256_hex(text.as_bytes()));
        if let Some(known) = self.files.iter().find(|f| f.choice.key == key) {
            return Ok(known.choice.clone());
        }
        let choice = choice(key, false, summary);
        self.files.push(LoadedFile {
            choice: choice.clone(),
            text: text.into(),
            questionnaire: Arc::new(q),
        });
        Ok(choice)
    }

    /// The bundled questionnaires, then the loaded ones in loading order.
    pub fn choices(&self) -> Vec<QuestionnaireChoice> {
        let mut all = questionnaire_choices();
        all.extend(self.files.iter().map(|f| f.choice.clone()));
        all
    }

    /// The exact text and the parsed questionnaire behind a choice's key.
    pub(crate) fn get(&self, key: &str) -> Result<(Arc<str>, Arc<Questionnaire>)> {
        if let Some(f) = self.files.iter().find(|f| f.choice.key == key) {
            return Ok((f.text.clone(), f.questionnaire.clone()));
        }
        crate::catalog::find_with_text(key, None)
            .map(|(text, q)| (Arc::from(text), Arc::new(q)))
            .ok_or_else(|| {
                StoreError::refused(
                    "questionnaire",
                    format!(
                        "There is no questionnaire \"{key}\" (neither bundled nor loaded in this session)."
                    ),
                    format!("没有问卷“{key}”（既非内置，也未在本次会话中加载）。"),
                )
            })
    }
}

/// The section shares (0–1, summing to 1) that the chosen profiles give a
/// questionnaire: the "new evaluation" dialog's starting point. With no profile
/// chosen, the questionnaire's first profile applies (as in scoring).
pub fn profile_weights(
    library: &LoadedQuestionnaires,
    questionnaire: &str,
    profiles: &[String],
) -> Result<Vec<SectionColumn>> {
    let (_, q) = library.get(questionnaire)?;
    let ctx = ScoringContext {
        profiles: profiles.to_vec(),
        as_of: chrono::NaiveDate::default(),
        section_weights: None,
        min_coverage: crate::scoring::DEFAULT_MIN_COVERAGE,
    };
    Ok(super::section_columns(&q, &ctx))
}

/// What the "new evaluation" dialog sends.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
pub struct EvaluationEdit {
    pub name: String,
    pub profiles: Vec<String>,
    /// A [`QuestionnaireChoice::key`]: a bundled id or a loaded file's key.
    pub questionnaire: String,
    /// `YYYY-MM-DD`.
    pub as_of: String,
    /// The evaluation's own section weights (percent, relative), when the user
    /// changed the profiles'; `None` keeps the profiles' weights.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub section_weights: Option<Vec<SectionWeight>>,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub notes: Option<String>,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub evaluators: Option<Vec<String>>,
}

/// An as-of date the user typed (`YYYY-MM-DD`), or a refusal that says so.
pub(super) fn parse_as_of(text: &str) -> Result<chrono::NaiveDate> {
    crate::scoring::parse_iso_date(text).ok_or_else(|| {
        StoreError::refused(
            "as-of date",
            format!("'{text}' is not a date in the form YYYY-MM-DD."),
            format!("“{text}”不是 YYYY-MM-DD 格式的日期。"),
        )
    })
}

/// Creates an evaluation on a bundled or loaded questionnaire (its exact text
/// becomes the evaluation's snapshot); returns its summary.
pub fn create_evaluation(
    store: &mut Store,
    library: &LoadedQuestionnaires,
    edit: &EvaluationEdit,
) -> Result<EvaluationSummary> {
    if edit.name.trim().is_empty() {
        return Err(StoreError::refused(
            "evaluation",
            "The evaluation needs a name.",
            "评估需要一个名称。",
        ));
    }
    let (text, _) = library.get(&edit.questionnaire)?;
    let as_of = parse_as_of(&edit.as_of)?;
    let section_weights = edit
        .section_weights
        .as_deref()
        .map(super::compare::weight_map);
    let id = store.create_evaluation(&NewEvaluation {
        name: edit.name.trim().to_string(),
        notes: edit.notes.clone().unwrap_or_default(),
        profiles: edit.profiles.clone(),
        as_of,
        evaluators: edit.evaluators.clone().unwrap_or_default(),
        questionnaire_json: text.to_string(),
        section_weights,
    })?;
    Ok(EvaluationSummary::from(&store.evaluation(id)?))
}
