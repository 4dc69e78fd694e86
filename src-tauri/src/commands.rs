//! IPC commands. Each one is a few lines: call one core function, map the
//! error. No domain logic here; it belongs in the `assay` crate.
//! Every command must also be listed in build.rs (AppManifest) and granted in
//! capabilities/main.json, and have one typed wrapper in ui/src/api.ts.

use assay::catalog::{self, QuestionnaireSummary};

/// The questionnaires bundled with the app, for the first screen.
/// `async`: runs on the async runtime, not the main (UI) thread.
#[tauri::command(async)]
pub fn list_questionnaires() -> Vec<QuestionnaireSummary> {
    catalog::summaries()
}
