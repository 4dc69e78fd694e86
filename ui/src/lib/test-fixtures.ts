// FormView and comparison-row builders shared by the component tests (not a test file itself).
import type { FormQuestion } from "../bindings/FormQuestion";
import type { FormView } from "../bindings/FormView";
import type { InputKind } from "../bindings/InputKind";
import type { VendorRow } from "../bindings/VendorRow";

export const tx = (en: string, zh = `中${en}`) => ({ en, "zh-CN": zh });
export const opt = (id: string, score = 0) => ({ id, label: tx(id.toUpperCase()), score });

export function q(id: string, kind: InputKind, over: Partial<FormQuestion> = {}): FormQuestion {
  const options =
    kind === "yes_no"
      ? [opt("yes", 100), opt("no")]
      : kind === "yes_partial_no"
        ? [opt("yes", 100), opt("partial", 50), opt("no")]
        : kind === "choice" || kind === "multi"
          ? [opt("a", 100), opt("b", 40), opt("c")]
          : kind === "number"
            ? [opt("undue-delay", 30), opt("none")]
            : [];
  return {
    id,
    text: tx(`Question ${id}?`),
    help: tx(`Help for ${id}`),
    weight: kind === "text" ? null : 3,
    input: {
      kind,
      options,
      unit: kind === "number" ? tx("hours", "小时") : null,
      date_measure: kind === "date" ? "days_until" : null,
    },
    na_allowed: kind === "yes_partial_no",
    evidence_rule: null,
    evidence_count: 0,
    evidence: [],
    knockouts: [],
    visible: true,
    answer: null,
    answer_text: null,
    updated_at: null,
    revision: null,
    result: {
      status: kind === "text" ? "unscored" : "unknown",
      counts: kind !== "text",
      raw_score: 0,
      factor: 1,
      score: 0,
      contribution: 0,
      evidence: "not_required",
      flags: kind === "text" ? [] : ["unknown"],
      open: kind === "text" ? null : "not_asked",
      range: { floor: 0, point: 0, ceiling: kind === "text" ? 0 : 100 },
    },
    ...over,
  };
}

export function view(questions: FormQuestion[], over: Partial<FormView> = {}): FormView {
  const visible = questions.filter((x) => x.visible).length;
  return {
    evaluation: {
      id: 2,
      name: "Tender",
      notes: "",
      as_of: "2027-01-15",
      profiles: ["GLOBAL"],
      questionnaire: "assay-im-security@1.0.0",
      updated_at: "2027-01-01T00:00:00.000Z",
      illustrative: false,
      fictional: false,
      evaluators: [],
      read_only: false,
      custom_weights: false,
      custom_coverage_threshold: false,
    },
    vendor: { id: 7, evaluation_id: 2, name: "<b>Acme</b>", product: null, deployment: null, notes: "" },
    formula_version: "assay-score/1",
    profiles: [],
    total: 0,
    total_points: 0,
    eligibility: "undetermined",
    completeness: 0,
    answered: 0,
    visible,
    failed_knockouts: [],
    open_knockouts: 1,
    sections: [
      {
        id: "IRV",
        title: tx("Incident response"),
        description: null,
        share: 0.5,
        score: 0,
        contribution: 0,
        weight_sum: 9,
        answered: 0,
        visible,
        questions,
        na_candidates: [],
      },
      {
        id: "DAT",
        title: tx("Data"),
        description: null,
        share: 0.5,
        score: null,
        contribution: 0,
        weight_sum: 0,
        answered: 0,
        visible: 0,
        questions: [],
        na_candidates: [],
      },
    ],
    ...over,
  };
}


/** A comparison row of vendor `id` with nothing known yet (no rank, no coverage); `over` sets the rest. */
export function vendorRow(id: number, name: string, over: Partial<VendorRow> = {}): VendorRow {
  return {
    rank: null,
    tied_with: [],
    vendor_id: id,
    name,
    total: 0,
    range: { floor: 0, point: 0, ceiling: 100 },
    coverage: 0,
    evidence_coverage: null,
    open_questions: 0,
    decision: { verdict: "not_enough_information", reasons: [] },
    eligibility: "undetermined",
    completeness: 0,
    sections: [],
    gates: [],
    requests: [],
    failed_knockouts: [],
    open_knockouts: 0,
    unknown: 0,
    expired_evidence: 0,
    expiring_evidence: 0,
    ...over,
  };
}
