// The ONE module that talks to the Rust shell. Components import these typed
// functions, never `invoke` itself (ARCHITECTURE invariant: UI code calls the
// backend only through ui/src/api.ts). One function per Tauri command; the
// command names must match `src-tauri/build.rs` and `src-tauri/src/commands.rs`.
// Failing commands reject with a `CommandError` ({ code, message }).
import { invoke } from "@tauri-apps/api/core";
import type { ComparisonView, EvaluationSummary, QuestionnaireSummary } from "./lib/types";

/** `list_questionnaires`: the questionnaires bundled with the app. */
export function listQuestionnaires(): Promise<QuestionnaireSummary[]> {
  return invoke<QuestionnaireSummary[]>("list_questionnaires");
}

/** `list_evaluations`: the evaluations in the database, newest first. */
export function listEvaluations(): Promise<EvaluationSummary[]> {
  return invoke<EvaluationSummary[]>("list_evaluations");
}

/** `get_comparison`: one evaluation's vendors, scored and ranked. */
export function getComparison(evaluationId: number): Promise<ComparisonView> {
  return invoke<ComparisonView>("get_comparison", { evaluationId });
}
