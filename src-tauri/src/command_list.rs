// THE list of the app's IPC commands: the one place a command is named.
//
// - build.rs `include!`s this file for the AppManifest, so that a command is
//   callable only when a capability grants `allow-<command>`;
// - `generate_handler!` in lib.rs must name each one (the macro needs literal
//   paths, so the list is written out there too);
// - capabilities/main.json must grant `allow-<command-with-dashes>` for each;
// - commands.rs defines each one as a `#[tauri::command]`;
// - ui/src/api.ts calls each one with `invoke("<command>")`.
// The test `command_list_is_the_one_source` in lib.rs checks all four against
// this list and names any command missing or extra.
//
// Plain `//` comments only: build.rs includes this file as items.

/// Every command the page may call, in the order `generate_handler!` lists them.
pub const COMMANDS: &[&str] = &[
    "list_questionnaires",
    "list_evaluations",
    "get_team_session",
    "connect_team_database",
    "disconnect_team_database",
    "get_comparison",
    "get_question_grid",
    "create_evaluation",
    "list_vendors",
    "add_vendor",
    "remove_vendor",
    "get_form",
    "save_answer",
    "keep_theirs_with_comment",
    "export_pdf",
    "get_what_if",
    "profile_weights",
    "duplicate_evaluation",
    "edit_evaluation_details",
    "get_audit_log",
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
    "add_evidence_with_file",
    "open_evidence_file",
    "mark_section_not_applicable",
    "copy_sources",
    "preview_copy_answers",
    "copy_answers",
    "load_questionnaire_file",
    "open_exported_file",
    "save_section_weights",
    "save_coverage_threshold",
    "upgrade_choices",
    "preview_questionnaire_upgrade",
    "apply_questionnaire_upgrade",
    "get_breakdown",
    "export_follow_up_workbook",
    "export_security_schedule",
    "get_negotiation_points",
    "decide_negotiation",
];
