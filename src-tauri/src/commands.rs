//! IPC commands. Each one is a few lines: lock the state, call one core
//! function, map the error. No domain logic here; it belongs in the `assay` crate.
//! Every command must also be listed in build.rs (AppManifest) and granted in
//! capabilities/main.json, and have one typed wrapper in ui/src/api.ts.

use assay::catalog::{self, QuestionnaireSummary};
use assay::store::StoreError;
use assay::views::{self, ComparisonView, EvaluationSummary};
use serde::Serialize;
use tauri::State;

use crate::state::AppState;

/// What a command returns on failure: a stable code for the UI to branch on
/// and a plain sentence to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommandError {
    /// `store_unavailable` (the database did not open), `not_found`,
    /// `invalid_input`, or `store` (the database or disk failed).
    pub code: &'static str,
    pub message: String,
}

impl CommandError {
    pub fn unavailable(message: String) -> CommandError {
        CommandError {
            code: "store_unavailable",
            message,
        }
    }
}

impl From<StoreError> for CommandError {
    fn from(e: StoreError) -> Self {
        let code = match &e {
            StoreError::NoEvaluation(_) | StoreError::NoVendor(_) => "not_found",
            e if e.is_user_error() => "invalid_input",
            _ => "store",
        };
        CommandError {
            code,
            message: e.to_string(),
        }
    }
}

/// The questionnaires bundled with the app, for the first screen.
/// `async`: runs on the async runtime, not the main (UI) thread.
#[tauri::command(async)]
pub fn list_questionnaires() -> Vec<QuestionnaireSummary> {
    catalog::summaries()
}

/// The evaluations in the database, for the home screen's list.
#[tauri::command(async)]
pub fn list_evaluations(
    state: State<'_, AppState>,
) -> Result<Vec<EvaluationSummary>, CommandError> {
    let store = state.store()?;
    let evaluations = store.list_evaluations()?;
    Ok(evaluations.iter().map(EvaluationSummary::from).collect())
}

/// One evaluation's vendors, scored and ranked, with their knockout gates.
#[tauri::command(async)]
pub fn get_comparison(
    state: State<'_, AppState>,
    evaluation_id: i64,
) -> Result<ComparisonView, CommandError> {
    let mut store = state.store()?;
    let comparison = store.comparison(evaluation_id)?;
    Ok(views::comparison_view(&comparison))
}
