// Small, pure helpers for the evaluations screen.
import type { EvaluationSummary } from "../bindings/EvaluationSummary";

/** The evaluation to open first: the illustrative demo (the core marks it) if present, else the newest. */
export function defaultEvaluation(items: EvaluationSummary[]): EvaluationSummary | undefined {
  return items.find((e) => e.illustrative) ?? items[0];
}
