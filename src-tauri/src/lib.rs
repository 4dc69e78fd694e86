//! Assay desktop shell (Tauri 2). See ARCHITECTURE.md: this crate is the only
//! one that knows about IPC, windows and Tauri state.

mod commands;

/// Builds and runs the app. Blocks until the last window closes.
pub fn run() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![commands::list_questionnaires])
        .run(tauri::generate_context!())
        .expect("error while running the Assay desktop app");
}
