// Small, pure helpers for the guided questionnaire. Display state only: every
// score, visibility and validation comes from the core.

/** The save state of one question, shown beside it. */
export type SaveState =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved" }
  | { kind: "error"; message: string };

/** The overall indicator: saving while any is in flight, else an error if any, else saved. */
export function overall(states: SaveState[]): "saving" | "error" | "saved" {
  if (states.some((s) => s.kind === "saving")) return "saving";
  if (states.some((s) => s.kind === "error")) return "error";
  return "saved";
}
