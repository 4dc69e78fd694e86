// Small, pure helpers for the evaluations screen.
import type { EvaluationSummary } from "../bindings/EvaluationSummary";

/**
 * The evaluation to open first: the fictional example (a finished evaluation, the
 * core marks it) if present, else another shipped sample, else the newest.
 */
export function defaultEvaluation(items: EvaluationSummary[]): EvaluationSummary | undefined {
  return items.find((e) => e.fictional) ?? items.find((e) => e.illustrative) ?? items[0];
}
