//! Assay desktop shell (Tauri 2). See ARCHITECTURE.md: this crate is the only
//! one that knows about IPC, windows and Tauri state.

mod commands;
mod export;
mod state;

use tauri::Manager;

/// Builds and runs the app. Blocks until the last window closes.
pub fn run() {
    tauri::Builder::default()
        // Used from Rust only (export_pdf's save dialog): the capability grants
        // the web page none of the plugin's commands.
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            // Opening the database never aborts startup: a failure is kept in the
            // state and every command returns it, so the window shows the reason.
            app.manage(state::AppState::open());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::list_questionnaires,
            commands::list_evaluations,
            commands::get_comparison,
            commands::create_evaluation,
            commands::list_vendors,
            commands::add_vendor,
            commands::remove_vendor,
            commands::get_form,
            commands::save_answer,
            commands::export_pdf,
            commands::get_what_if,
            commands::profile_weights,
            commands::duplicate_evaluation,
            commands::delete_evaluation,
            commands::backup_database,
            commands::export_blank_workbook,
            commands::preview_workbook_import,
            commands::apply_workbook_import,
            commands::export_comparison_workbook,
            commands::update_vendor,
            commands::add_evidence,
            commands::remove_evidence,
            commands::attach_evidence_file,
            commands::load_questionnaire_file,
            commands::open_exported_file,
            commands::save_section_weights,
            commands::get_breakdown
        ])
        .run(tauri::generate_context!())
        .expect("error while running the Assay desktop app");
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    /// The text between `start` and the next `]` after it.
    fn list<'a>(text: &'a str, start: &str) -> &'a str {
        let from = text.find(start).expect(start) + start.len();
        &text[from..from + text[from..].find(']').unwrap()]
    }

    /// A command registered here but not declared in build.rs's AppManifest, or
    /// not granted by the capability, is refused at run time: keep all four equal.
    #[test]
    fn every_command_is_declared_and_granted() {
        let registered: BTreeSet<String> = list(include_str!("lib.rs"), "generate_handler![")
            .split(',')
            .filter_map(|c| c.trim().strip_prefix("commands::"))
            .map(str::to_string)
            .collect();
        let declared: BTreeSet<String> = list(include_str!("../build.rs"), ".commands(&[")
            .split(',')
            .map(|c| c.trim().trim_matches('"').to_string())
            .filter(|c| !c.is_empty())
            .collect();
        let capability: serde_json::Value =
            serde_json::from_str(include_str!("../capabilities/main.json")).unwrap();
        let granted: BTreeSet<String> = capability["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p.as_str()?.strip_prefix("allow-"))
            .map(|c| c.replace('-', "_"))
            .collect();
        let written = include_str!("commands.rs")
            .matches("#[tauri::command")
            .count();
        assert_eq!(registered.len(), written);
        assert_eq!(declared, registered);
        assert_eq!(granted, registered);
    }
}
