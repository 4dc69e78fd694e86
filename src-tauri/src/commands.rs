//! IPC commands. Each one is a few lines: lock the state, call one core
//! function, map the error. No domain logic here; it belongs in the `assay` crate.
//! Every command is named once in command_list.rs (build.rs declares it to the
//! ACL from there), and must also be registered in lib.rs's `generate_handler!`,
//! granted in capabilities/main.json and called by one typed wrapper in
//! ui/src/api.ts: a test in lib.rs checks all of them against that list.

use assay::app::evaluations::{AuditLine, DetailsEdit};
use assay::app::negotiation::{NegotiationDecision, NegotiationView};
use assay::app::report::PdfOptions;
use assay::app::upgrade::UpgradePreview;
use assay::app::workspace::TeamState;
use assay::app::{
    self, AnswerEdit, ComparisonView, EvaluationEdit, EvaluationSummary, EvidenceEdit,
    ExportResult, FormView, ImportPreview, QuestionGrid, QuestionnaireChoice,
    QuestionnaireFileCheck, SaveResult, SectionColumn, SectionWeight, VendorEdit, VendorSummary,
};
use assay::app::{ErrorCode, StoreError, WbLang};
use assay::{Lang, Text};
use serde::Serialize;
use std::path::PathBuf;
use tauri::{AppHandle, Manager, State};

use assay::app::workspace::Workspace;

use crate::args::{Arg, WorkbookLang};
use crate::export;
use crate::state::AppState;

/// What a command returns on failure: a stable code for the UI to branch on
/// and the sentence to show, in both languages (the UI picks its own).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommandError {
    pub code: ErrorCode,
    pub en: String,
    #[serde(rename = "zh-CN")]
    pub zh_cn: String,
}

impl CommandError {
    fn new(code: ErrorCode, en: impl Into<String>, zh_cn: impl Into<String>) -> CommandError {
        CommandError {
            code,
            en: en.into(),
            zh_cn: zh_cn.into(),
        }
    }

    pub fn unavailable(text: Text) -> CommandError {
        Self::new(ErrorCode::StoreUnavailable, text.en, text.zh_cn)
    }

    pub fn invalid(en: impl Into<String>, zh_cn: impl Into<String>) -> CommandError {
        Self::new(ErrorCode::InvalidInput, en, zh_cn)
    }

    pub fn invalid_text(text: Text) -> CommandError {
        Self::new(ErrorCode::InvalidInput, text.en, text.zh_cn)
    }

    pub fn export(en: impl Into<String>, zh_cn: impl Into<String>) -> CommandError {
        Self::new(ErrorCode::Export, en, zh_cn)
    }
}

impl From<StoreError> for CommandError {
    fn from(e: StoreError) -> Self {
        let text = e.text();
        Self::new(ErrorCode::of(&e), text.en, text.zh_cn)
    }
}

/// The questionnaires the app offers: bundled, then loaded from files.
/// `async`: runs on the async runtime, not the main (UI) thread.
#[tauri::command(async)]
pub fn list_questionnaires(state: State<'_, AppState>) -> Vec<QuestionnaireChoice> {
    state.questionnaires().choices()
}

/// Asks for a questionnaire file (open dialog, from Rust) and validates it:
/// every located problem, or the new choice for the "new evaluation" dialog.
#[tauri::command(async)]
pub async fn load_questionnaire_file(
    app: AppHandle,
) -> Result<QuestionnaireFileCheck, CommandError> {
    export::blocking(move || {
        let state = app.state::<AppState>();
        let picked = state
            .questionnaire_picker
            .pick(&app, export::QUESTIONNAIRE_IN)?;
        Ok(match picked {
            Some(path) => state.questionnaires().load(&path),
            None => QuestionnaireFileCheck::Cancelled,
        })
    })
    .await
}

/// Opens a file this session exported (PDF or workbook) in its default app.
#[tauri::command(async)]
pub fn open_exported_file(state: State<'_, AppState>, path: String) -> Result<(), CommandError> {
    let path = PathBuf::from(path);
    if !state.was_exported(&path) {
        return Err(CommandError::invalid(
            "Only a file exported in this session can be opened.",
            "只能打开本次会话中导出的文件。",
        ));
    }
    state.viewer.open(&path)
}

/// Team mode for the banner: the team database session the app is on, if
/// any (who the user is to the database, their roles, when the evaluations
/// shown were read, why each read-only one is so); else the address
/// remembered from last time and why it could not be opened.
#[tauri::command(async)]
pub fn get_team_session(state: State<'_, AppState>) -> Result<TeamState, CommandError> {
    let local = crate::state::local_db().ok();
    Ok(state
        .workspace()?
        .team_state(local.as_deref(), state.team_problem()))
}

/// Connects to the team database at `address` and shows it from now on,
/// remembering the address (never a password) beside the local database;
/// `password`: typed, kept in memory, and — `remember_password` — in the
/// system keyring; refused, nothing changed, when it cannot be opened. On a
/// blocking thread: the team database's client blocks.
#[tauri::command(async)]
pub async fn connect_team_database(
    app: AppHandle,
    address: String,
    password: Option<String>,
    remember_password: bool,
) -> Result<TeamState, CommandError> {
    export::blocking(move || {
        let state = app.state::<AppState>();
        let local = crate::state::local_db().map_err(CommandError::invalid_text)?;
        state.workspace()?.connect_with(
            &local,
            &address,
            password.as_deref(),
            remember_password,
        )?;
        state.clear_team_problem();
        crate::team_watch::start(app.clone());
        let shown = state.workspace()?.team_state(Some(&local), None);
        Ok(shown)
    })
    .await
}

/// Leaves the team database (nothing there changes) and forgets it, with a
/// password kept for it in the system keyring; the local database is shown
/// again (with why, if the keyring did not let the password go).
#[tauri::command(async)]
pub async fn disconnect_team_database(app: AppHandle) -> Result<TeamState, CommandError> {
    export::blocking(move || {
        let state = app.state::<AppState>();
        let local = crate::state::local_db().map_err(CommandError::invalid_text)?;
        let note = state.workspace()?.disconnect(&local)?;
        state.clear_team_problem();
        // The listener of the session left stops.
        state.next_team_generation();
        let shown = state.workspace()?.team_state(Some(&local), note);
        Ok(shown)
    })
    .await
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
    Ok(app::comparison_view(&comparison))
}

/// A vendor's negotiation points (its security schedule's gaps) and their decisions.
#[tauri::command(async)]
pub fn get_negotiation_points(
    state: State<'_, AppState>,
    vendor_id: i64,
) -> Result<NegotiationView, CommandError> {
    Ok(app::negotiation::negotiation_points(
        &mut *state.store()?,
        vendor_id,
    )?)
}

/// Records a decision on one negotiation point (audited); the points again.
#[tauri::command(async)]
pub async fn decide_negotiation(
    app: AppHandle,
    vendor_id: i64,
    decision: NegotiationDecision,
) -> Result<NegotiationView, CommandError> {
    changing(app, move |ws, _| {
        ws.change_vendor(
            vendor_id,
            |s| app::negotiation::decide_negotiation(s, vendor_id, &decision),
            |_, ws| app::negotiation::negotiation_points(ws.store(), vendor_id),
        )
    })
    .await
}

/// Runs a change (one core function through the workspace, which in team
/// mode writes it to the team database) on a blocking thread: the team
/// database's client blocks, and may not run on the async workers.
async fn changing<T: Send + 'static>(
    app: AppHandle,
    change: impl FnOnce(&mut Workspace, &AppState) -> Result<T, StoreError> + Send + 'static,
) -> Result<T, CommandError> {
    export::blocking(move || {
        let state = app.state::<AppState>();
        let mut workspace = state.workspace()?;
        Ok(change(&mut workspace, &state)?)
    })
    .await
}

/// Every question × every vendor (the Questions tab's grid).
#[tauri::command(async)]
pub fn get_question_grid(
    state: State<'_, AppState>,
    evaluation_id: i64,
) -> Result<QuestionGrid, CommandError> {
    Ok(app::evaluation_grid(&mut *state.store()?, evaluation_id)?)
}

/// The comparison re-scored with what-if section weights; nothing is saved.
#[tauri::command(async)]
pub fn get_what_if(
    state: State<'_, AppState>,
    evaluation_id: i64,
    weights: Vec<SectionWeight>,
) -> Result<ComparisonView, CommandError> {
    let mut store = state.store()?;
    Ok(app::comparison_what_if(
        &mut store,
        evaluation_id,
        &weights,
    )?)
}

/// "Why this score?" from the comparison: one vendor's questionnaire scored
/// with the comparison's what-if weights (none: the stored ones). Saves nothing.
#[tauri::command(async)]
pub fn get_breakdown(
    state: State<'_, AppState>,
    vendor_id: i64,
    weights: Vec<SectionWeight>,
) -> Result<FormView, CommandError> {
    let mut store = state.store()?;
    Ok(app::form_what_if(&mut store, vendor_id, &weights)?)
}

/// Saves section weights as the evaluation's own (`None`: back to the
/// profiles'); returns the re-scored comparison.
#[tauri::command(async)]
pub async fn save_section_weights(
    app: AppHandle,
    evaluation_id: i64,
    weights: Option<Vec<SectionWeight>>,
) -> Result<ComparisonView, CommandError> {
    changing(app, move |ws, _| {
        ws.change(
            evaluation_id,
            |s| app::save_section_weights(s, evaluation_id, weights.as_deref()),
            |_, ws| Ok(app::comparison_view(&ws.store().comparison(evaluation_id)?)),
        )
    })
    .await
}

/// Saves the coverage (percent) a vendor needs to be ranked as the
/// evaluation's own (`None`: back to the default); returns the re-scored
/// comparison.
#[tauri::command(async)]
pub async fn save_coverage_threshold(
    app: AppHandle,
    evaluation_id: i64,
    percent: Option<f64>,
) -> Result<ComparisonView, CommandError> {
    changing(app, move |ws, _| {
        ws.change(
            evaluation_id,
            |s| app::save_coverage_threshold(s, evaluation_id, percent),
            |_, ws| Ok(app::comparison_view(&ws.store().comparison(evaluation_id)?)),
        )
    })
    .await
}

/// The newer versions of an evaluation's questionnaire (bundled or loaded).
#[tauri::command(async)]
pub fn upgrade_choices(
    state: State<'_, AppState>,
    evaluation_id: i64,
) -> Result<Vec<QuestionnaireChoice>, CommandError> {
    let mut store = state.store()?;
    let library = state.questionnaires();
    Ok(app::upgrade::upgrade_choices(
        &mut store,
        &library,
        evaluation_id,
    )?)
}

/// What upgrading an evaluation to a questionnaire (a choice key) would do;
/// writes nothing.
#[tauri::command(async)]
pub fn preview_questionnaire_upgrade(
    state: State<'_, AppState>,
    evaluation_id: i64,
    questionnaire: String,
) -> Result<UpgradePreview, CommandError> {
    let mut store = state.store()?;
    let library = state.questionnaires();
    Ok(app::upgrade::preview_upgrade(
        &mut store,
        &library,
        evaluation_id,
        &questionnaire,
    )?)
}

/// Applies the previewed upgrade (refused when it is no longer the one previewed).
#[tauri::command(async)]
pub async fn apply_questionnaire_upgrade(
    app: AppHandle,
    evaluation_id: i64,
    questionnaire: String,
    fingerprint: String,
) -> Result<EvaluationSummary, CommandError> {
    changing(app, move |ws, state| {
        let library = state.questionnaires();
        ws.change(
            evaluation_id,
            |s| {
                app::upgrade::apply_previewed_upgrade(
                    s,
                    &library,
                    evaluation_id,
                    &questionnaire,
                    &fingerprint,
                )
            },
            |_, ws| {
                Ok(EvaluationSummary::from(
                    &ws.store().evaluation(evaluation_id)?,
                ))
            },
        )
    })
    .await
}

/// The section shares the chosen profiles give a bundled questionnaire.
#[tauri::command(async)]
pub fn profile_weights(
    state: State<'_, AppState>,
    questionnaire: String,
    profiles: Vec<String>,
) -> Result<Vec<SectionColumn>, CommandError> {
    let library = state.questionnaires();
    Ok(app::profile_weights(&library, &questionnaire, &profiles)?)
}

/// Copies an evaluation with its vendors and answers under a new name.
#[tauri::command(async)]
pub async fn duplicate_evaluation(
    app: AppHandle,
    evaluation_id: i64,
    name: String,
) -> Result<EvaluationSummary, CommandError> {
    changing(app, move |ws, _| {
        ws.create_evaluation(Some(evaluation_id), |s| {
            s.duplicate_evaluation(evaluation_id, &name)
        })
    })
    .await
}

/// Changes an evaluation's name, notes, profiles, as-of date or evaluators (audited).
#[tauri::command(async)]
pub async fn edit_evaluation_details(
    app: AppHandle,
    evaluation_id: i64,
    edit: DetailsEdit,
) -> Result<EvaluationSummary, CommandError> {
    changing(app, move |ws, _| {
        ws.change(
            evaluation_id,
            |s| app::evaluations::edit_details(s, evaluation_id, &edit),
            |_, ws| {
                Ok(EvaluationSummary::from(
                    &ws.store().evaluation(evaluation_id)?,
                ))
            },
        )
    })
    .await
}

/// An evaluation's history, newest first: who changed what, when, old → new.
#[tauri::command(async)]
pub fn get_audit_log(
    state: State<'_, AppState>,
    evaluation_id: i64,
) -> Result<Vec<AuditLine>, CommandError> {
    let mut store = state.store()?;
    Ok(app::evaluations::audit_lines(&mut store, evaluation_id)?)
}

/// Deletes an evaluation with its vendors and answers (the audit log keeps them).
#[tauri::command(async)]
pub async fn delete_evaluation(app: AppHandle, evaluation_id: i64) -> Result<(), CommandError> {
    changing(app, move |ws, _| {
        ws.change(
            evaluation_id,
            |s| s.delete_evaluation(evaluation_id),
            |done, _| Ok(done),
        )
    })
    .await
}

/// Backs the database up to a file chosen in the native save dialog (a cancel
/// resolves to `cancelled`); the copy is made off the async workers.
#[tauri::command(async)]
pub async fn backup_database(app: AppHandle) -> Result<SaveResult, CommandError> {
    let name = export::backup_name(chrono::Local::now().naive_local());
    let Some(path) = export::ask_save_path(&app, name, export::DATABASE).await? else {
        return Ok(SaveResult::Cancelled);
    };
    export::blocking(move || export::backup(&app, path)).await
}

/// Creates an evaluation on a bundled or loaded questionnaire, with the
/// section weights the user set.
#[tauri::command(async)]
pub async fn create_evaluation(
    app: AppHandle,
    edit: EvaluationEdit,
) -> Result<EvaluationSummary, CommandError> {
    changing(app, move |ws, state| {
        let library = state.questionnaires();
        ws.create_evaluation(None, |s| Ok(app::create_evaluation(s, &library, &edit)?.id))
    })
    .await
}

/// The vendors of an evaluation.
#[tauri::command(async)]
pub fn list_vendors(
    state: State<'_, AppState>,
    evaluation_id: i64,
) -> Result<Vec<VendorSummary>, CommandError> {
    let store = state.store()?;
    Ok(app::vendor_list(&store, evaluation_id)?)
}

/// Adds a vendor; returns the evaluation's vendors.
#[tauri::command(async)]
pub async fn add_vendor(
    app: AppHandle,
    evaluation_id: i64,
    vendor: VendorEdit,
) -> Result<Vec<VendorSummary>, CommandError> {
    changing(app, move |ws, _| {
        ws.change(
            evaluation_id,
            |s| app::add_vendor(s, evaluation_id, &vendor),
            |_, ws| app::vendor_list(ws.store(), evaluation_id),
        )
    })
    .await
}

/// Removes a vendor and its answers; returns the remaining vendors.
#[tauri::command(async)]
pub async fn remove_vendor(
    app: AppHandle,
    vendor_id: i64,
) -> Result<Vec<VendorSummary>, CommandError> {
    changing(app, move |ws, _| {
        let evaluation_id = ws.store().vendor(vendor_id)?.evaluation_id;
        ws.change(
            evaluation_id,
            |s| app::remove_vendor(s, vendor_id),
            |_, ws| app::vendor_list(ws.store(), evaluation_id),
        )
    })
    .await
}

/// One vendor's guided questionnaire with its live scores.
#[tauri::command(async)]
pub fn get_form(state: State<'_, AppState>, vendor_id: i64) -> Result<FormView, CommandError> {
    Ok(state.workspace()?.form(vendor_id)?)
}

/// Saves one answer (one transaction with its audit row; in team mode in the
/// team database, refused over someone else's newer change); returns the
/// re-scored form. On a blocking thread: the team database's client blocks,
/// and may not run on the async workers.
#[tauri::command(async)]
pub async fn save_answer(
    app: AppHandle,
    vendor_id: i64,
    edit: AnswerEdit,
) -> Result<FormView, CommandError> {
    export::blocking(move || {
        Ok(app
            .state::<AppState>()
            .workspace()?
            .save_answer(vendor_id, &edit)?)
    })
    .await
}

/// After a save refused over someone else's newer change (team mode): keeps
/// theirs and adds the refused edit to its comment, in the page's language;
/// returns the re-scored form. On a blocking thread, as a save.
#[tauri::command(async)]
pub async fn keep_theirs_with_comment(
    app: AppHandle,
    vendor_id: i64,
    edit: AnswerEdit,
    lang: Lang,
) -> Result<FormView, CommandError> {
    changing(app, move |ws, _| {
        ws.keep_theirs_with_comment(vendor_id, &edit, lang)
    })
    .await
}

/// Changes a vendor's details; returns the evaluation's vendors.
#[tauri::command(async)]
pub async fn update_vendor(
    app: AppHandle,
    vendor_id: i64,
    vendor: VendorEdit,
) -> Result<Vec<VendorSummary>, CommandError> {
    changing(app, move |ws, _| {
        let evaluation_id = ws.store().vendor(vendor_id)?.evaluation_id;
        ws.change(
            evaluation_id,
            |s| app::update_vendor(s, vendor_id, &vendor),
            |_, ws| app::vendor_list(ws.store(), evaluation_id),
        )
    })
    .await
}

/// Adds a piece of evidence to an answer; returns the re-scored form.
#[tauri::command(async)]
pub async fn add_evidence(
    app: AppHandle,
    vendor_id: i64,
    question: String,
    evidence: EvidenceEdit,
) -> Result<FormView, CommandError> {
    changing(app, move |ws, _| {
        ws.change_vendor(
            vendor_id,
            |s| app::add_evidence(s, vendor_id, &question, &evidence),
            |_, ws| ws.form(vendor_id),
        )
    })
    .await
}

/// Removes a piece of evidence from an answer; returns the re-scored form.
#[tauri::command(async)]
pub async fn remove_evidence(
    app: AppHandle,
    vendor_id: i64,
    question: String,
    index: usize,
) -> Result<FormView, CommandError> {
    changing(app, move |ws, _| {
        ws.change_vendor(
            vendor_id,
            |s| app::remove_evidence(s, vendor_id, &question, index),
            |_, ws| ws.form(vendor_id),
        )
    })
    .await
}

/// Asks for a file to attach as evidence (native open dialog, from Rust; the page
/// never names a path), then runs `act` on the store with it, on a blocking
/// thread. `None` when the dialog is cancelled: nothing is changed.
async fn with_picked_attachment(
    app: AppHandle,
    vendor_id: i64,
    act: impl FnOnce(&mut app::Store, &std::path::Path) -> Result<FormView, StoreError> + Send + 'static,
) -> Result<Option<FormView>, CommandError> {
    export::blocking(move || {
        let state = app.state::<AppState>();
        let Some(path) = state.attacher.pick(&app, export::ANY_FILE)? else {
            return Ok(None);
        };
        let form = state.workspace()?.change_vendor(
            vendor_id,
            |s| act(s, &path),
            |_, ws| ws.form(vendor_id),
        )?;
        Ok(Some(form))
    })
    .await
}

/// Asks for a file (native open dialog, from Rust) and attaches it to a piece
/// of evidence; resolves to the re-scored form, or `None` when cancelled.
#[tauri::command(async)]
pub async fn attach_evidence_file(
    app: AppHandle,
    vendor_id: i64,
    question: String,
    index: usize,
) -> Result<Option<FormView>, CommandError> {
    with_picked_attachment(app, vendor_id, move |store, path| {
        app::attach_evidence_file(store, vendor_id, &question, index, path)
    })
    .await
}

/// Adds a piece of evidence and its file in one step: asks for the file (native
/// open dialog, from Rust), then stores both in one transaction; resolves to the
/// re-scored form, or `None` when the dialog is cancelled (nothing is added).
#[tauri::command(async)]
pub async fn add_evidence_with_file(
    app: AppHandle,
    vendor_id: i64,
    question: String,
    evidence: EvidenceEdit,
) -> Result<Option<FormView>, CommandError> {
    with_picked_attachment(app, vendor_id, move |store, path| {
        app::add_evidence_and_file(store, vendor_id, &question, &evidence, path)
    })
    .await
}

/// Marks what is left of a section not applicable with one reason (answered
/// questions are never changed); resolves to the re-scored form and the counts.
#[tauri::command(async)]
pub async fn mark_section_not_applicable(
    app: AppHandle,
    vendor_id: i64,
    section: String,
    reason: String,
) -> Result<app::SectionMarked, CommandError> {
    changing(app, move |ws, _| {
        ws.change_vendor(
            vendor_id,
            |s| app::mark_section_not_applicable(s, vendor_id, &section, &reason),
            |marked, ws| {
                let form = ws.form(vendor_id)?;
                Ok(app::SectionMarked { form, ..marked })
            },
        )
    })
    .await
}

/// The vendors of other evaluations of the same questionnaire whose answers can
/// be copied into this vendor, the same product first.
#[tauri::command(async)]
pub fn copy_sources(
    state: State<'_, AppState>,
    vendor_id: i64,
) -> Result<Vec<app::CopySource>, CommandError> {
    let mut store = state.store()?;
    Ok(app::copy_sources(&mut store, vendor_id)?)
}

/// What copying another vendor's answers into this one would do; nothing written.
#[tauri::command(async)]
pub fn preview_copy_answers(
    state: State<'_, AppState>,
    from_vendor_id: i64,
    vendor_id: i64,
) -> Result<app::CopyPlan, CommandError> {
    let mut store = state.store()?;
    Ok(app::plan_copy_answers(
        &mut store,
        from_vendor_id,
        vendor_id,
    )?)
}

/// Copies another vendor's answers into this vendor's blank questions (what is
/// recorded here never changes); resolves to the re-scored form and the plan done.
#[tauri::command(async)]
pub async fn copy_answers(
    app: AppHandle,
    from_vendor_id: i64,
    vendor_id: i64,
) -> Result<app::AnswersCopied, CommandError> {
    changing(app, move |ws, _| {
        let from = ws.store().vendor(from_vendor_id)?.evaluation_id;
        let evaluation_id = ws.store().vendor(vendor_id)?.evaluation_id;
        ws.change_reading(
            evaluation_id,
            &[from],
            |s| app::copy_answers(s, from_vendor_id, vendor_id),
            |copied, ws| {
                let form = ws.form(vendor_id)?;
                Ok(app::AnswersCopied { form, ..copied })
            },
        )
    })
    .await
}

/// Opens an attached file in its default app: a copy under the name it was
/// attached with, in the system's temporary folder (the stored file is named by
/// its hash, which no viewer can place).
#[tauri::command(async)]
pub fn open_evidence_file(state: State<'_, AppState>, sha256: String) -> Result<(), CommandError> {
    let dir = std::env::temp_dir().join("assay-attachments");
    let copy = app::attachment_copy(&*state.store()?, &sha256, &dir)?;
    state.viewer.open(&copy)
}

/// Exports the comparison PDF: loads the evaluation under the lock, asks where
/// to save (native dialog; a cancel resolves to `cancelled`), then renders and
/// writes outside the lock on a blocking thread.
#[tauri::command(async)]
pub async fn export_pdf(
    app: AppHandle,
    state: State<'_, AppState>,
    evaluation_id: i64,
    lang: Arg<Lang>,
    options: PdfOptions,
) -> Result<ExportResult, CommandError> {
    let Arg(lang) = lang;
    // Asks the team database, if any: its client blocks, so off the async workers.
    let asking = app.clone();
    export::blocking(move || Ok(asking.state::<AppState>().workspace()?.check_may_export()?))
        .await?;
    let data = app::report::report_data_for_export(&mut *state.store()?, evaluation_id, &options)?;
    let signer = match &options.sign {
        Some(sign) => match export::ask_certificate(&app, sign.password.clone()).await? {
            Some(identity) => Some(identity),
            None => return Ok(ExportResult::Cancelled),
        },
        None => None,
    };
    let name = export::suggested_name(evaluation_id, lang);
    let Some(path) = export::ask_save_path(&app, name, export::PDF).await? else {
        return Ok(ExportResult::Cancelled);
    };
    export::blocking(move || {
        export::write_pdf(&app, evaluation_id, &data, lang, path, signer.as_ref())
    })
    .await
}

/// Saves the blank workbook of the evaluation's questionnaire snapshot for a
/// vendor to fill in (`lang`: `en`, `zh-CN` or `both`), via the save dialog.
#[tauri::command(async)]
pub async fn export_blank_workbook(
    app: AppHandle,
    state: State<'_, AppState>,
    evaluation_id: i64,
    lang: Arg<WorkbookLang>,
) -> Result<SaveResult, CommandError> {
    let wb_lang = WbLang::from(lang.0);
    let bytes = app::blank_workbook(&mut *state.store()?, evaluation_id, wb_lang)?;
    let name = export::workbook_name("questionnaire", evaluation_id, wb_lang.as_str());
    let Some(path) = export::ask_save_path(&app, name, export::XLSX).await? else {
        return Ok(SaveResult::Cancelled);
    };
    export::blocking(move || export::write_bytes(&app, path, &bytes)).await
}

/// Saves one vendor's follow-up workbook (only the questions on its request
/// list; `lang`: `en`, `zh-CN` or `both`), via the save dialog.
#[tauri::command(async)]
pub async fn export_follow_up_workbook(
    app: AppHandle,
    state: State<'_, AppState>,
    vendor_id: i64,
    lang: Arg<WorkbookLang>,
) -> Result<SaveResult, CommandError> {
    let wb_lang = WbLang::from(lang.0);
    let (bytes, _) = app::follow_up_workbook(&mut *state.store()?, vendor_id, wb_lang)?;
    let name = export::workbook_name("follow-up", vendor_id, wb_lang.as_str());
    let Some(path) = export::ask_save_path(&app, name, export::XLSX).await? else {
        return Ok(SaveResult::Cancelled);
    };
    export::blocking(move || export::write_bytes(&app, path, &bytes)).await
}

/// Saves one vendor's security schedule (contract clauses from its answers,
/// DOCX; `lang`: `en`, `zh-CN` or `both`), via the save dialog.
#[tauri::command(async)]
pub async fn export_security_schedule(
    app: AppHandle,
    state: State<'_, AppState>,
    vendor_id: i64,
    lang: Arg<WorkbookLang>,
) -> Result<SaveResult, CommandError> {
    let wb_lang = WbLang::from(lang.0);
    let done = app::schedule::security_schedule(&mut *state.store()?, vendor_id, wb_lang, None)?;
    let name = format!("security-schedule-{vendor_id}-{}.docx", wb_lang.as_str());
    let Some(path) = export::ask_save_path(&app, name, export::DOCX).await? else {
        return Ok(SaveResult::Cancelled);
    };
    export::blocking(move || export::write_bytes(&app, path, &done.bytes)).await
}

/// Saves the comparison (section and answer matrices) as XLSX, via the save dialog.
#[tauri::command(async)]
pub async fn export_comparison_workbook(
    app: AppHandle,
    state: State<'_, AppState>,
    evaluation_id: i64,
    lang: Arg<Lang>,
) -> Result<SaveResult, CommandError> {
    let Arg(lang) = lang;
    let bytes = app::comparison_workbook(&mut *state.store()?, evaluation_id, lang)?;
    let name = export::workbook_name("comparison", evaluation_id, lang.code());
    let Some(path) = export::ask_save_path(&app, name, export::XLSX).await? else {
        return Ok(SaveResult::Cancelled);
    };
    export::blocking(move || export::write_bytes(&app, path, &bytes)).await
}

/// Asks for a filled workbook or CSV (open dialog) and previews importing it
/// into one vendor: every located problem, or the changes. Writes nothing.
#[tauri::command(async)]
pub async fn preview_workbook_import(
    app: AppHandle,
    evaluation_id: i64,
    vendor_id: i64,
) -> Result<ImportPreview, CommandError> {
    export::blocking(move || {
        let state = app.state::<AppState>();
        let Some(path) = state.opener.pick(&app, export::WORKBOOK_IN)? else {
            return Ok(ImportPreview::Cancelled);
        };
        let today = chrono::Local::now().date_naive();
        let q = app::import_questionnaire(&mut *state.store()?, evaluation_id, vendor_id)?;
        // Read and checked without holding the store: a large sheet takes seconds.
        let read = app::read_for_preview(&q, vendor_id, &path, today)?;
        let mut store = state.store()?;
        let mut previewed = state.previewed_import();
        Ok(previewed.preview(&mut store, evaluation_id, read)?)
    })
    .await
}

/// Imports the previewed file, all or nothing, if it is still the previewed
/// content (same SHA-256); returns the number of answers written.
#[tauri::command(async)]
pub async fn apply_workbook_import(
    app: AppHandle,
    evaluation_id: i64,
    vendor_id: i64,
    path: String,
    sha256: String,
) -> Result<u32, CommandError> {
    let (path, today) = (PathBuf::from(path), chrono::Local::now().date_naive());
    export::blocking(move || {
        let state = app.state::<AppState>();
        // Only the previewed file is read again, and without holding the store.
        state
            .previewed_import()
            .check_previewed(vendor_id, &path, &sha256)?;
        let q = app::import_questionnaire(&mut *state.store()?, evaluation_id, vendor_id)?;
        let read = app::read_for_preview(&q, vendor_id, &path, today)?;
        let mut workspace = state.workspace()?;
        let mut previewed = state.previewed_import();
        Ok(workspace.change(
            evaluation_id,
            |s| previewed.apply(s, evaluation_id, read, &sha256),
            |written, _| Ok(written),
        )?)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_serialize_in_snake_case() {
        let error = CommandError::from(StoreError::NoEvaluation(9));
        let json = serde_json::to_value(&error).unwrap();
        assert_eq!(json["code"], "not_found");
        assert_eq!(json["en"], error.en);
        assert_eq!(json["zh-CN"], error.zh_cn);
        let codes = [
            (ErrorCode::StoreUnavailable, "store_unavailable"),
            (ErrorCode::NotFound, "not_found"),
            (ErrorCode::ReadOnly, "read_only"),
            (ErrorCode::InvalidInput, "invalid_input"),
            (ErrorCode::Store, "store"),
            (ErrorCode::Export, "export"),
        ];
        for (code, name) in codes {
            assert_eq!(serde_json::to_value(code).unwrap(), name);
        }
    }
}
