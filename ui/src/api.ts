// The ONE module that talks to the Rust shell. Components import these typed
// functions, never `invoke` itself (ARCHITECTURE invariant: UI code calls the
// backend only through ui/src/api.ts). One function per Tauri command; the
// command names must be those of `src-tauri/src/command_list.rs` (a shell test
// reads every `invoke("…")` here and names any missing or extra).
// The DTO types are generated from the Rust types (ts-rs) into ./bindings/.
// Failing commands reject with a `CommandError` ({ code, en, zh-CN }).
import { invoke } from "@tauri-apps/api/core";
import { getCurrentWindow } from "@tauri-apps/api/window";
import { listen } from "@tauri-apps/api/event";
import type { AnswerEdit } from "./bindings/AnswerEdit";
import type { ComparisonView } from "./bindings/ComparisonView";
import type { EvaluationEdit } from "./bindings/EvaluationEdit";
import type { DetailsEdit } from "./bindings/DetailsEdit";
import type { AuditLine } from "./bindings/AuditLine";
import type { EvaluationSummary } from "./bindings/EvaluationSummary";
import type { ErrorCode } from "./bindings/ErrorCode";
import type { EvidenceEdit } from "./bindings/EvidenceEdit";
import type { ExportResult } from "./bindings/ExportResult";
import type { FormView } from "./bindings/FormView";
import type { ImportPreview } from "./bindings/ImportPreview";
import type { QuestionnaireChoice } from "./bindings/QuestionnaireChoice";
import type { QuestionnaireFileCheck } from "./bindings/QuestionnaireFileCheck";
import type { SectionColumn } from "./bindings/SectionColumn";
import type { SaveResult } from "./bindings/SaveResult";
import type { SectionWeight } from "./bindings/SectionWeight";
import type { VendorEdit } from "./bindings/VendorEdit";
import type { VendorSummary } from "./bindings/VendorSummary";
import type { UpgradePreview } from "./bindings/UpgradePreview";
import type { SectionMarked } from "./bindings/SectionMarked";
import type { AnswersCopied } from "./bindings/AnswersCopied";
import type { CopyPlan } from "./bindings/CopyPlan";
import type { CopySource } from "./bindings/CopySource";
import type { QuestionGrid } from "./bindings/QuestionGrid";
import type { NegotiationView } from "./bindings/NegotiationView";
import type { NegotiationDecision } from "./bindings/NegotiationDecision";
import type { PdfOptions } from "./bindings/PdfOptions";
import type { TeamState } from "./bindings/TeamState";
import type { TeamNoticeView } from "./bindings/TeamNoticeView";

/** `assay_desktop::commands::CommandError`: what a failing command rejects with. */
export interface CommandError {
  /** Why it failed: `store_unavailable`, `not_found`, `read_only`, `invalid_input`, `store`, `export` or `conflict` (generated from the Rust enum). */
  code: ErrorCode;
  /** The sentence in each UI language (`errorMessage` picks the current one). */
  en: string;
  "zh-CN": string;
}

/**
 * Runs `beforeClose` when the user closes the window, then lets it close (the
 * window waits for it: Tauri holds the close while a page listener exists).
 * Needs the capability's `core:event:allow-listen` and `core:window:allow-destroy`.
 */
export function onCloseRequested(beforeClose: () => Promise<void>): Promise<() => void> {
  return getCurrentWindow().onCloseRequested(async () => {
    try {
      await beforeClose();
    } catch {
      // Closing must never be blocked by a failure here.
    }
  });
}

/** `list_questionnaires`: the bundled questionnaires, then those loaded from files in this session. */
export function listQuestionnaires(): Promise<QuestionnaireChoice[]> {
  return invoke<QuestionnaireChoice[]>("list_questionnaires");
}

/** `get_team_session`: the team database session the app is on (`session`, null on a local
 * file), else the address remembered from last time and why it did not open. */
export function getTeamSession(): Promise<TeamState> {
  return invoke<TeamState>("get_team_session");
}

/** `connect_team_database`: connects to the team database at `address` (a postgres:// URL) and
 * shows it from now on, remembered. `password`: typed (kept in memory), else from PGPASSWORD, the
 * password file or the system keyring; `rememberPassword`: keep it in the system keyring. */
export function connectTeamDatabase(address: string, password: string | null = null, rememberPassword = false): Promise<TeamState> {
  return invoke<TeamState>("connect_team_database", { address, password, rememberPassword });
}

/** `disconnect_team_database`: leaves the team database and forgets it; the local database is shown. */
export function disconnectTeamDatabase(): Promise<TeamState> {
  return invoke<TeamState>("disconnect_team_database");
}

/**
 * Calls `onnotice` with each team notice the shell emits (`team-notice`: a
 * change someone else committed, a lost or restored connection). Needs the
 * capability's `core:event:allow-listen`.
 */
export function onTeamNotice(onnotice: (notice: TeamNoticeView) => void): Promise<() => void> {
  return listen<TeamNoticeView>("team-notice", (event) => onnotice(event.payload));
}

/** `list_evaluations`: the evaluations in the database, newest first. */
export function listEvaluations(): Promise<EvaluationSummary[]> {
  return invoke<EvaluationSummary[]>("list_evaluations");
}

/** `get_comparison`: one evaluation's vendors, scored and ranked. */
export function getComparison(evaluationId: number): Promise<ComparisonView> {
  return invoke<ComparisonView>("get_comparison", { evaluationId });
}

/** `get_negotiation_points`: a vendor's negotiation points (its security schedule's gaps) and the decisions on them. */
export function getNegotiationPoints(vendorId: number): Promise<NegotiationView> {
  return invoke<NegotiationView>("get_negotiation_points", { vendorId });
}

/** `decide_negotiation`: records a decision on one point (risk accepted with why, resolved with where, or reopened); the points again. */
export function decideNegotiation(vendorId: number, decision: NegotiationDecision): Promise<NegotiationView> {
  return invoke<NegotiationView>("decide_negotiation", { vendorId, decision });
}

/** `get_question_grid`: every question × every vendor of an evaluation (the Questions tab). */
export function getQuestionGrid(evaluationId: number): Promise<QuestionGrid> {
  return invoke<QuestionGrid>("get_question_grid", { evaluationId });
}

/** `load_questionnaire_file`: asks for a questionnaire file (native dialog) and validates it; resolves to its located problems or the new choice. */
export function loadQuestionnaireFile(): Promise<QuestionnaireFileCheck> {
  return invoke<QuestionnaireFileCheck>("load_questionnaire_file");
}

/** `create_evaluation`: a new evaluation on a bundled or loaded questionnaire, with the weights set in the dialog. */
export function createEvaluation(edit: EvaluationEdit): Promise<EvaluationSummary> {
  return invoke<EvaluationSummary>("create_evaluation", { edit });
}

/** `list_vendors`: an evaluation's vendors, in the order they were added. */
export function listVendors(evaluationId: number): Promise<VendorSummary[]> {
  return invoke<VendorSummary[]>("list_vendors", { evaluationId });
}

/** `add_vendor`: adds a vendor; resolves to the evaluation's vendors. */
export function addVendor(evaluationId: number, vendor: VendorEdit): Promise<VendorSummary[]> {
  return invoke<VendorSummary[]>("add_vendor", { evaluationId, vendor });
}

/** `remove_vendor`: removes a vendor and its answers; resolves to the remaining vendors. */
export function removeVendor(vendorId: number): Promise<VendorSummary[]> {
  return invoke<VendorSummary[]>("remove_vendor", { vendorId });
}

/** `get_form`: one vendor's guided questionnaire with live scores. */
export function getForm(vendorId: number): Promise<FormView> {
  return invoke<FormView>("get_form", { vendorId });
}

/** `save_answer`: saves one answer; resolves to the re-scored form. */
export function saveAnswer(vendorId: number, edit: AnswerEdit): Promise<FormView> {
  return invoke<FormView>("save_answer", { vendorId, edit });
}

/** After a save refused over someone else's newer change: keeps theirs and adds the refused edit to its comment. */
export function keepTheirsWithComment(vendorId: number, edit: AnswerEdit, lang: ReportLang): Promise<FormView> {
  return invoke<FormView>("keep_theirs_with_comment", { vendorId, edit, lang });
}

// A cancelled save dialog is a result, not an error (generated from assay::views).
export type { ExportResult, SaveResult };
// A failing command's code (generated from assay::app::ErrorCode).
export type { ErrorCode };

/** The report languages: `assay::Lang`'s serialized names (the shell refuses any other value with `invalid_input`). */
export type ReportLang = "en" | "zh-CN";

/** `export_pdf`: asks where to save (native dialog) and writes the comparison PDF. */
export function exportPdf(
  evaluationId: number,
  lang: ReportLang,
  options: PdfOptions = { with_schedules: false, status: null, marking: null, sign: null },
): Promise<ExportResult> {
  return invoke<ExportResult>("export_pdf", { evaluationId, lang, options });
}

/** `open_exported_file`: opens a file exported in this session (PDF or workbook) in its default app. */
export function openExportedFile(path: string): Promise<void> {
  return invoke<void>("open_exported_file", { path });
}

/** `get_breakdown`: one vendor's scored questionnaire under the comparison's what-if weights (empty: the stored ones), for "why this score?". */
export function getBreakdown(vendorId: number, weights: SectionWeight[]): Promise<FormView> {
  return invoke<FormView>("get_breakdown", { vendorId, weights });
}

/** `save_section_weights`: saves section weights (percent) as the evaluation's own, or with `null` goes back to its profiles'; resolves to the re-scored comparison. */
export function saveSectionWeights(evaluationId: number, weights: SectionWeight[] | null): Promise<ComparisonView> {
  return invoke<ComparisonView>("save_section_weights", { evaluationId, weights });
}

/** `save_coverage_threshold`: saves the coverage (percent, 0–100) a vendor needs to be ranked as the evaluation's own, or with `null` goes back to the default; resolves to the re-scored comparison. */
export function saveCoverageThreshold(evaluationId: number, percent: number | null): Promise<ComparisonView> {
  return invoke<ComparisonView>("save_coverage_threshold", { evaluationId, percent });
}

/** `upgrade_choices`: the newer versions of an evaluation's questionnaire, bundled or loaded in this session. */
export function upgradeChoices(evaluationId: number): Promise<QuestionnaireChoice[]> {
  return invoke<QuestionnaireChoice[]>("upgrade_choices", { evaluationId });
}

/** `preview_questionnaire_upgrade`: what upgrading to a questionnaire (a choice key) would carry, drop, open and rescore; writes nothing. */
export function previewQuestionnaireUpgrade(evaluationId: number, questionnaire: string): Promise<UpgradePreview> {
  return invoke<UpgradePreview>("preview_questionnaire_upgrade", { evaluationId, questionnaire });
}

/** `apply_questionnaire_upgrade`: applies the previewed upgrade (its fingerprint); refused if the evaluation changed since. */
export function applyQuestionnaireUpgrade(evaluationId: number, questionnaire: string, fingerprint: string): Promise<EvaluationSummary> {
  return invoke<EvaluationSummary>("apply_questionnaire_upgrade", { evaluationId, questionnaire, fingerprint });
}

/** `get_what_if`: the comparison re-scored with what-if section weights (percent); nothing is saved. */
export function getWhatIf(evaluationId: number, weights: SectionWeight[]): Promise<ComparisonView> {
  return invoke<ComparisonView>("get_what_if", { evaluationId, weights });
}

/** `profile_weights`: the section shares (0–1) the chosen profiles give a questionnaire (by its choice key). */
export function profileWeights(questionnaire: string, profiles: string[]): Promise<SectionColumn[]> {
  return invoke<SectionColumn[]>("profile_weights", { questionnaire, profiles });
}

/** `edit_evaluation_details`: changes the name, notes, profiles, as-of date or evaluators (audited). */
export async function editEvaluationDetails(evaluationId: number, edit: DetailsEdit): Promise<EvaluationSummary> {
  return invoke<EvaluationSummary>("edit_evaluation_details", { evaluationId, edit });
}

/** `get_audit_log`: the evaluation's history, newest first (who changed what, when, old → new). */
export async function getAuditLog(evaluationId: number): Promise<AuditLine[]> {
  return invoke<AuditLine[]>("get_audit_log", { evaluationId });
}

/** `duplicate_evaluation`: copies an evaluation with its vendors and answers under a new name. */
export function duplicateEvaluation(evaluationId: number, name: string): Promise<EvaluationSummary> {
  return invoke<EvaluationSummary>("duplicate_evaluation", { evaluationId, name });
}

/** `delete_evaluation`: deletes an evaluation with its vendors and answers (the audit log keeps them). */
export function deleteEvaluation(evaluationId: number): Promise<void> {
  return invoke<void>("delete_evaluation", { evaluationId });
}

/** `backup_database`: asks where to save (native dialog) and copies the database there. */
export function backupDatabase(): Promise<SaveResult> {
  return invoke<SaveResult>("backup_database");
}

/** The languages of a blank workbook: one of the UI languages, or both side by side (`assay_desktop::args::WorkbookLang`). */
export type WorkbookLang = ReportLang | "both";

/** `export_blank_workbook`: asks where to save (native dialog) and writes the evaluation's blank questionnaire workbook. */
export function exportBlankWorkbook(evaluationId: number, lang: WorkbookLang): Promise<SaveResult> {
  return invoke<SaveResult>("export_blank_workbook", { evaluationId, lang });
}

/** `export_follow_up_workbook`: asks where to save (native dialog) and writes one vendor's follow-up workbook: the blank workbook reduced to the questions on its request list. */
export function exportFollowUpWorkbook(vendorId: number, lang: WorkbookLang): Promise<SaveResult> {
  return invoke<SaveResult>("export_follow_up_workbook", { vendorId, lang });
}

/** `export_security_schedule`: asks where to save (native dialog) and writes one vendor's security schedule (安全附件, DOCX): contract clauses from its answers, the ones to negotiate marked. */
export function exportSecuritySchedule(vendorId: number, lang: WorkbookLang): Promise<SaveResult> {
  return invoke<SaveResult>("export_security_schedule", { vendorId, lang });
}

/** `export_comparison_workbook`: asks where to save (native dialog) and writes the comparison as XLSX. */
export function exportComparisonWorkbook(evaluationId: number, lang: ReportLang): Promise<SaveResult> {
  return invoke<SaveResult>("export_comparison_workbook", { evaluationId, lang });
}

/** `preview_workbook_import`: asks for a filled workbook or CSV (native dialog); resolves to its problems or its changes. Writes nothing. */
export function previewWorkbookImport(evaluationId: number, vendorId: number): Promise<ImportPreview> {
  return invoke<ImportPreview>("preview_workbook_import", { evaluationId, vendorId });
}

/** `apply_workbook_import`: imports the previewed file if unchanged (same SHA-256); resolves to the number of answers written. */
export function applyWorkbookImport(evaluationId: number, vendorId: number, path: string, sha256: string): Promise<number> {
  return invoke<number>("apply_workbook_import", { evaluationId, vendorId, path, sha256 });
}

/** `update_vendor`: changes a vendor's name, product, deployment and notes; resolves to the evaluation's vendors. */
export function updateVendor(vendorId: number, vendor: VendorEdit): Promise<VendorSummary[]> {
  return invoke<VendorSummary[]>("update_vendor", { vendorId, vendor });
}

/** `add_evidence`: adds a piece of evidence to an answered question; resolves to the re-scored form. */
export function addEvidence(vendorId: number, question: string, evidence: EvidenceEdit): Promise<FormView> {
  return invoke<FormView>("add_evidence", { vendorId, question, evidence });
}

/** `remove_evidence`: removes the `index`-th piece of evidence; resolves to the re-scored form. */
export function removeEvidence(vendorId: number, question: string, index: number): Promise<FormView> {
  return invoke<FormView>("remove_evidence", { vendorId, question, index });
}

/** `attach_evidence_file`: asks for a file (native dialog) and attaches it; resolves to the re-scored form, or null when cancelled. */
export function attachEvidenceFile(vendorId: number, question: string, index: number): Promise<FormView | null> {
  return invoke<FormView | null>("attach_evidence_file", { vendorId, question, index });
}

/** `add_evidence_with_file`: asks for a file (native dialog) and adds the piece with it in one step; resolves to the re-scored form, or null when cancelled (nothing added). */
export function addEvidenceWithFile(vendorId: number, question: string, evidence: EvidenceEdit): Promise<FormView | null> {
  return invoke<FormView | null>("add_evidence_with_file", { vendorId, question, evidence });
}

/** `open_evidence_file`: opens a copy of an attached file, under the name it was attached with, in its default app. */
export function openEvidenceFile(sha256: string): Promise<void> {
  return invoke<void>("open_evidence_file", { sha256 });
}

/** `copy_sources`: the vendors of other evaluations of the same questionnaire with answers to copy into this vendor, the same product first. */
export function copySources(vendorId: number): Promise<CopySource[]> {
  return invoke<CopySource[]>("copy_sources", { vendorId });
}

/** `preview_copy_answers`: what copying another vendor's answers into this one would copy, keep and leave out; nothing written. */
export function previewCopyAnswers(fromVendorId: number, vendorId: number): Promise<CopyPlan> {
  return invoke<CopyPlan>("preview_copy_answers", { fromVendorId, vendorId });
}

/** `copy_answers`: copies another vendor's answers into this vendor's blank questions; resolves to the re-scored form and what was copied. */
export function copyAnswers(fromVendorId: number, vendorId: number): Promise<AnswersCopied> {
  return invoke<AnswersCopied>("copy_answers", { fromVendorId, vendorId });
}

/** `mark_section_not_applicable`: marks the unanswered questions of a section that allow it N/A with one reason (answered ones are never changed); resolves to the re-scored form and what was marked. */
export function markSectionNotApplicable(vendorId: number, section: string, reason: string): Promise<SectionMarked> {
  return invoke<SectionMarked>("mark_section_not_applicable", { vendorId, section, reason });
}
