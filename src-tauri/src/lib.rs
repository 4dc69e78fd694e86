//! Assay desktop shell (Tauri 2). See ARCHITECTURE.md: this crate is the only
//! one that knows about IPC, windows and Tauri state.

mod commands;
mod state;

use tauri::Manager;

/// Builds and runs the app. Blocks until the last window closes.
pub fn run() {
    tauri::Builder::default()
        .setup(|app| {
            // Opening the database never aborts startup: a failure is kept in the
            // state and every command returns it, so the window shows the reason.
            app.manage(state::AppState::open());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::list_questionnaires,
            commands::list_evaluations,
            commands::get_comparison
        ])
        .run(tauri::generate_context!())
        .expect("error while running the Assay desktop app");
}
