// Small, pure helpers for the evaluations screen.
import type { EvaluationSummary } from "./types";

/** Whether the evaluation is the illustrative demo (decided by the core). */
export function isIllustrative(e: Pick<EvaluationSummary, "illustrative">): boolean {
  return e.illustrative;
}

/** The evaluation to open first: the illustrative demo if present, else the newest. */
export function defaultEvaluation(items: EvaluationSummary[]): EvaluationSummary | undefined {
  return items.find(isIllustrative) ?? items[0];
}
