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
