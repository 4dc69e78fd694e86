//! Assay desktop shell (Tauri 2). See ARCHITECTURE.md: this crate is the only
//! one that knows about IPC, windows and Tauri state.

// The one list of command names (also `include!`d by build.rs); the code reads
// it only in the test that checks every other list against it.
mod args;
#[cfg(test)]
mod command_list;
mod commands;
// The end-to-end suite's stand-ins for dialogs and the viewer; never in a user's build.
#[cfg(feature = "e2e-hooks")]
mod e2e_hooks;
mod export;
mod state;
mod team_watch;

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
            team_watch::start(app.handle().clone());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::list_questionnaires,
            commands::list_evaluations,
            commands::get_team_session,
            commands::connect_team_database,
            commands::disconnect_team_database,
            commands::get_comparison,
            commands::get_question_grid,
            commands::create_evaluation,
            commands::list_vendors,
            commands::add_vendor,
            commands::remove_vendor,
            commands::get_form,
            commands::save_answer,
            commands::keep_theirs_with_comment,
            commands::export_pdf,
            commands::get_what_if,
            commands::profile_weights,
            commands::duplicate_evaluation,
            commands::edit_evaluation_details,
            commands::get_audit_log,
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
            commands::add_evidence_with_file,
            commands::open_evidence_file,
            commands::mark_section_not_applicable,
            commands::copy_sources,
            commands::preview_copy_answers,
            commands::copy_answers,
            commands::load_questionnaire_file,
            commands::open_exported_file,
            commands::save_section_weights,
            commands::save_coverage_threshold,
            commands::upgrade_choices,
            commands::preview_questionnaire_upgrade,
            commands::apply_questionnaire_upgrade,
            commands::get_breakdown,
            commands::export_follow_up_workbook,
            commands::export_security_schedule,
            commands::get_negotiation_points,
            commands::decide_negotiation
        ])
        .run(tauri::generate_context!())
        .expect("error while running the Assay desktop app");
}

#[cfg(test)]
mod tests {
    use crate::command_list::COMMANDS;
    use std::collections::BTreeSet;

    /// The text between `start` and the next `]` after it.
    fn list<'a>(text: &'a str, start: &str) -> &'a str {
        let from = text.find(start).expect(start) + start.len();
        &text[from..from + text[from..].find(']').unwrap()]
    }

    /// The identifier at the start of `text`.
    fn ident(text: &str) -> &str {
        let end = text
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(text.len());
        &text[..end]
    }

    /// The functions marked `#[tauri::command]` in commands.rs.
    fn defined(commands_rs: &str) -> Vec<String> {
        commands_rs
            .split("#[tauri::command")
            .skip(1)
            .map(|after| {
                let at = after.find("fn ").expect("a command attribute before a fn") + 3;
                ident(&after[at..]).to_string()
            })
            .collect()
    }

    /// The command names of `invoke("name"` / `invoke<T>("name"` calls in api.ts
    /// (comment lines skipped).
    fn invoked(api_ts: &str) -> Vec<String> {
        let code: String = api_ts
            .lines()
            .filter(|line| {
                let line = line.trim_start();
                !(line.starts_with("//") || line.starts_with("/*") || line.starts_with('*'))
            })
            .flat_map(|line| [line, "\n"])
            .collect();
        let mut names = Vec::new();
        for (at, _) in code.match_indices("invoke") {
            let mut rest = code[at + "invoke".len()..].trim_start();
            if rest.starts_with('<') {
                // Skip the type argument, nested `<…>` included.
                let mut depth = 0;
                let end = rest.char_indices().find_map(|(i, c)| {
                    match c {
                        '<' => depth += 1,
                        '>' => depth -= 1,
                        _ => {}
                    }
                    (depth == 0).then_some(i)
                });
                rest = rest[end.expect("a closed type argument") + 1..].trim_start();
            }
            if let Some(call) = rest.strip_prefix("(\"") {
                names.push(call[..call.find('"').unwrap()].to_string());
            }
        }
        names
    }

    /// Where `found` differs from `COMMANDS`: the names missing and extra, each
    /// as `show` writes it (e.g. `allow-add-vendor`).
    fn differences(
        place: &str,
        found: &[String],
        show: impl Fn(&str) -> String,
        problems: &mut Vec<String>,
    ) {
        let found_set: BTreeSet<&str> = found.iter().map(String::as_str).collect();
        let source: BTreeSet<&str> = COMMANDS.iter().copied().collect();
        let missing: Vec<String> = source.difference(&found_set).map(|c| show(c)).collect();
        let extra: Vec<String> = found_set.difference(&source).map(|c| show(c)).collect();
        if !missing.is_empty() {
            problems.push(format!("{place} lacks {}", missing.join(", ")));
        }
        if !extra.is_empty() {
            problems.push(format!(
                "{place} has {}, which src-tauri/src/command_list.rs does not list",
                extra.join(", ")
            ));
        }
        if found.len() != found_set.len() {
            problems.push(format!("{place} names a command twice"));
        }
    }

    /// A command registered but not declared in build.rs's AppManifest, or not
    /// granted by the capability, is refused at run time; one defined but not
    /// registered, or called by the page but not defined, fails too. So every
    /// list of commands must be `COMMANDS` exactly.
    #[test]
    fn command_list_is_the_one_source() {
        let mut problems = Vec::new();
        let unique: BTreeSet<&str> = COMMANDS.iter().copied().collect();
        if unique.len() != COMMANDS.len() {
            problems.push("src-tauri/src/command_list.rs names a command twice".to_string());
        }

        let registered: Vec<String> = list(include_str!("lib.rs"), "generate_handler![")
            .split(',')
            .filter_map(|c| c.trim().strip_prefix("commands::"))
            .map(str::to_string)
            .collect();
        differences(
            "generate_handler! in src-tauri/src/lib.rs",
            &registered,
            |c| format!("commands::{c}"),
            &mut problems,
        );

        differences(
            "src-tauri/src/commands.rs",
            &defined(include_str!("commands.rs")),
            |c| format!("#[tauri::command] fn {c}"),
            &mut problems,
        );

        let capability: serde_json::Value =
            serde_json::from_str(include_str!("../capabilities/main.json")).unwrap();
        let granted: Vec<String> = capability["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p.as_str()?.strip_prefix("allow-"))
            .map(|c| c.replace('-', "_"))
            .collect();
        differences(
            "src-tauri/capabilities/main.json",
            &granted,
            |c| format!("\"allow-{}\"", c.replace('_', "-")),
            &mut problems,
        );

        let called: BTreeSet<String> = invoked(include_str!("../../ui/src/api.ts"))
            .into_iter()
            .collect();
        differences(
            "ui/src/api.ts",
            &called.into_iter().collect::<Vec<_>>(),
            |c| format!("invoke(\"{c}\")"),
            &mut problems,
        );

        let build_rs = include_str!("../build.rs");
        if !(build_rs.contains("include!(\"src/command_list.rs\")")
            && build_rs.contains(".commands(COMMANDS)"))
        {
            problems.push(
                "src-tauri/build.rs must declare the AppManifest's commands from src/command_list.rs"
                    .to_string(),
            );
        }

        assert!(
            problems.is_empty(),
            "the commands differ from src-tauri/src/command_list.rs:\n  {}",
            problems.join("\n  ")
        );
    }

    #[test]
    fn the_checks_find_every_name() {
        let api = r#"import { invoke } from "x";
            // Never `invoke("commented")` itself.
            /** invoke("in_docs") */
            invoke<FormView | null>("a_b", { x });
            invoke<Array<Map<string, number>>>("c");
            invoke("d");"#;
        assert_eq!(invoked(api), ["a_b", "c", "d"]);
        let rs = "#[tauri::command(async)]\npub async fn one(\n#[tauri::command]\npub fn two_2()";
        assert_eq!(defined(rs), ["one", "two_2"]);
        let mut problems = Vec::new();
        let mut found: Vec<String> = COMMANDS[1..].iter().map(|c| c.to_string()).collect();
        found.push("nope".into());
        differences("here", &found, |c| format!("<{c}>"), &mut problems);
        assert_eq!(
            problems,
            [
                format!("here lacks <{}>", COMMANDS[0]),
                "here has <nope>, which src-tauri/src/command_list.rs does not list".to_string(),
            ]
        );
    }
}
