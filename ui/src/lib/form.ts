// Small, pure helpers for the guided questionnaire. Display state only: every
// score, visibility and validation comes from the core.
import type { Flag } from "../bindings/Flag";
import type { QuestionResult } from "../bindings/QuestionResult";

/** The save state of one question, shown beside it. */
export type SaveState =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved" }
  | {
      kind: "error";
      message: string;
      /** After someone else's newer change (team mode): save mine over theirs. */
      saveOver?: () => void;
      /** … or keep theirs and add mine to its comment. */
      keepTheirsWithComment?: () => void;
    };

/** The overall indicator: saving while any is in flight, else an error if any, else saved. */
export function overall(states: SaveState[]): "saving" | "error" | "saved" {
  if (states.some((s) => s.kind === "saving")) return "saving";
  if (states.some((s) => s.kind === "error")) return "error";
  return "saved";
}

/**
 * The core's flags as a question shows them. Labelling only, no scoring:
 * "claimed (no evidence)" is shown only for a real claim (evidence status
 * claimed and a raw score above 0 — an option such as "Unknown" claims
 * nothing); with `openShown`, the "unknown" flag gives way to the open state
 * ("not asked yet", "awaiting the vendor", …) shown beside it.
 */
export function shownFlags(result: QuestionResult, openShown = false): Flag[] {
  return result.flags.filter((f) => {
    if (f === "claimed") return result.evidence === "claimed" && result.raw_score > 0;
    if (f === "unknown" && openShown) return result.open === null;
    return true;
  });
}
