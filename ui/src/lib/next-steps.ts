// What the overview offers to do next, read off the comparison the core
// computed (no scoring here): a read-only sample says how to start one's own;
// an evaluation without vendors asks for them; then each vendor's unanswered
// questions, then what to request from each vendor; then the comparison and the
// report. Each step names the tab that does it.
import type { ComparisonView } from "../bindings/ComparisonView";

export type NextStep =
  | { kind: "sample"; tab: "compare" }
  | { kind: "add_vendors"; tab: "vendors" }
  | { kind: "answer"; tab: "answer"; vendor: number; name: string; count: number }
  | { kind: "request"; tab: "requests"; vendor: number; name: string; count: number }
  | { kind: "more"; tab: "answer" | "requests"; count: number }
  | { kind: "compare"; tab: "compare" }
  | { kind: "export"; tab: "report" };

/** At most this many vendors are named per kind of step; the rest are counted in one line. */
export const VENDORS_NAMED = 5;

export function nextSteps(view: ComparisonView): NextStep[] {
  if (view.evaluation.read_only) return [{ kind: "sample", tab: "compare" }, { kind: "export", tab: "report" }];
  if (view.vendors.length === 0) return [{ kind: "add_vendors", tab: "vendors" }];
  const steps: NextStep[] = [];
  const unanswered = view.vendors.filter((v) => v.open_questions > 0);
  for (const v of unanswered.slice(0, VENDORS_NAMED)) {
    steps.push({ kind: "answer", tab: "answer", vendor: v.vendor_id, name: v.name, count: v.open_questions });
  }
  if (unanswered.length > VENDORS_NAMED) steps.push({ kind: "more", tab: "answer", count: unanswered.length - VENDORS_NAMED });
  const asking = view.vendors.filter((v) => v.requests.length > 0);
  for (const v of asking.slice(0, VENDORS_NAMED)) {
    steps.push({ kind: "request", tab: "requests", vendor: v.vendor_id, name: v.name, count: v.requests.length });
  }
  if (asking.length > VENDORS_NAMED) steps.push({ kind: "more", tab: "requests", count: asking.length - VENDORS_NAMED });
  steps.push({ kind: "compare", tab: "compare" }, { kind: "export", tab: "report" });
  return steps;
}
