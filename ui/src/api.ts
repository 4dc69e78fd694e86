// The ONE module that talks to the Rust shell. Components import these typed
// functions, never `invoke` itself (ARCHITECTURE invariant: UI code calls the
// backend only through ui/src/api.ts). One function per Tauri command; the
// command names must match `src-tauri/build.rs` and `src-tauri/src/commands.rs`.
import { invoke } from "@tauri-apps/api/core";
import type { QuestionnaireSummary } from "./lib/types";

/** `list_questionnaires`: the questionnaires bundled with the app. */
export function listQuestionnaires(): Promise<QuestionnaireSummary[]> {
  return invoke<QuestionnaireSummary[]>("list_questionnaires");
}
