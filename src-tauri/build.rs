fn main() {
    // Declaring the app manifest makes app commands go through the ACL: a
    // command is callable only if a capability grants `allow-<command>`.
    // Without it every registered command is callable from any local window.
    // Keep this list in sync with `generate_handler!` in src/lib.rs (tested there).
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(
        tauri_build::AppManifest::new().commands(&[
            "list_questionnaires",
            "list_evaluations",
            "get_comparison",
            "create_evaluation",
            "list_vendors",
            "add_vendor",
            "remove_vendor",
            "get_form",
            "save_answer",
            "export_pdf",
            "get_what_if",
            "profile_weights",
            "duplicate_evaluation",
            "delete_evaluation",
            "backup_database",
            "export_blank_workbook",
            "preview_workbook_import",
            "apply_workbook_import",
            "export_comparison_workbook",
            "update_vendor",
            "add_evidence",
            "remove_evidence",
            "attach_evidence_file",
            "load_questionnaire_file",
            "open_exported_file",
            "save_section_weights",
            "get_breakdown",
        ]),
    ))
    .expect("failed to run tauri-build");
}
