// Component tests for the home screen's evaluations and comparison, with a
// fake backend (vi.mock of ../../api).
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/svelte";
import Comparison from "./Comparison.svelte";
import Evaluations from "./Evaluations.svelte";
import NewEvaluation from "./NewEvaluation.svelte";
import {
  backupDatabase,
  createEvaluation,
  deleteEvaluation,
  getBreakdown,
  duplicateEvaluation,
  getComparison,
  getWhatIf,
  listEvaluations,
  listQuestionnaires,
  listVendors,
  loadQuestionnaireFile,
  profileWeights,
  saveSectionWeights,
} from "../../api";
import { setLocale } from "../../i18n/index.svelte";
import type { ComparisonView } from "../../bindings/ComparisonView";
import type { EvaluationSummary } from "../../bindings/EvaluationSummary";
import type { QuestionnaireChoice } from "../../bindings/QuestionnaireChoice";
import { q as question, view as formView } from "../test-fixtures";
import type { VendorRow } from "../../bindings/VendorRow";

// Every command a vi.fn(); each test says what the ones it needs answer.
vi.mock("../../api");
const list = vi.mocked(listEvaluations);
const get = vi.mocked(getComparison);
const whatIf = vi.mocked(getWhatIf);

const HOSTILE = "<img src=x onerror=alert(1)>";

const demo: EvaluationSummary = {
  id: 1,
  name: "Illustrative sample — IM vendors",
  notes: "An illustration, not an assessment. 示例数据，仅作演示。",
  as_of: "2026-11-29",
  profiles: ["GLOBAL"],
  questionnaire: "assay-im-security@1.0.0",
  updated_at: "2026-11-29T10:00:00.000Z",
  illustrative: true,
  read_only: true,
  custom_weights: false,
};
const own: EvaluationSummary = {
  ...demo,
  id: 2,
  name: "Our 2027 tender",
  notes: "",
  profiles: ["CN-REG", "HIGH-SENS"],
  illustrative: false,
  read_only: false,
  custom_weights: false,
};

function vendor(rank: number, name: string, over: Partial<VendorRow> = {}): VendorRow {
  return {
    rank,
    vendor_id: rank,
    name,
    total: 50,
    eligibility: "undetermined",
    completeness: 0.5,
    section_scores: [50, 50],
    failed_knockouts: [],
    open_knockouts: 0,
    unknown: 0,
    expired_evidence: 0,
    expiring_evidence: 0,
    ...over,
  };
}

const series = (vendor: string, marker: string, dash: number[], points: [number, number][]) => ({
  vendor,
  points,
  marker,
  marker_outline: [
    [-1, -1],
    [1, -1],
    [1, 1],
    [-1, 1],
  ] as [number, number][],
  marker_stroked: marker === "cross",
  dash,
});

const view: ComparisonView = {
  what_if: false,
  radar: {
    axes: [
      { section: "TRN", x: 0, y: -1 },
      { section: "E2E", x: 0, y: 1 },
    ],
    rings: [20, 40, 60, 80, 100].map((score) => ({
      score,
      points: [
        [0, -score / 100],
        [0, score / 100],
      ] as [number, number][],
    })),
    series: [
      series("Element", "circle", [], [[0, -0.9], [0, 0.7]]),
      series(HOSTILE, "square", [4, 2], [[0, -0.64], [0, 0]]),
      series("Slack", "cross", [1, 1.5], [[0, 0], [0, 0]]),
    ],
  },
  evaluation: demo,
  formula_version: "assay-score/1",
  profiles: [{ id: "GLOBAL", name: { en: "Global enterprise", "zh-CN": "跨国企业" } }],
  sections: [
    { id: "TRN", title: { en: "Transport encryption", "zh-CN": "传输加密" }, share: 0.6 },
    { id: "E2E", title: { en: "End-to-end encryption", "zh-CN": "端到端加密" }, share: 0.4 },
  ],
  vendors: [
    vendor(1, "Element", { total: 81.25, eligibility: "eligible", completeness: 0.875, section_scores: [90, 70] }),
    vendor(2, HOSTILE, { total: 64, section_scores: [64, null], open_knockouts: 2, unknown: 17 }),
    vendor(3, "Slack", {
      total: 92.5,
      eligibility: "not_eligible",
      section_scores: [null, null],
      failed_knockouts: [
        {
          question: "CNC-01",
          requirement: { en: "Uses SM4 for data at rest", "zh-CN": "静态数据使用 SM4 加密" },
          answer: "no",
          reason: { en: "answered no", "zh-CN": "回答为否" },
        },
      ],
    }),
  ],
};

beforeEach(() => {
  localStorage.clear();
  setLocale("en");
  list.mockReset();
  get.mockReset();
  whatIf.mockReset();
  vi.mocked(listVendors).mockResolvedValue([]);
});
afterEach(() => cleanup());

describe("comparison", () => {
  test("shows vendors in the core's rank order with total, eligibility and completeness", async () => {
    get.mockResolvedValue(view);
    render(Comparison, { evaluationId: 1 });

    const table = await screen.findByTestId("comparison-table");
    expect(get).toHaveBeenCalledWith(1);
    const rows = within(table).getAllByTestId("vendor-row");
    expect(rows.map((r) => within(r).getByTestId("vendor-name").textContent)).toEqual(["Element", HOSTILE, "Slack"]);
    expect(rows.map((r) => within(r).getByTestId("vendor-rank").textContent)).toEqual(["1", "2", "3"]);
    // Not re-sorted by total: the not-eligible vendor stays last despite 92.5.
    expect(rows.map((r) => within(r).getByTestId("vendor-total").textContent?.trim())).toEqual(["81.3", "64.0", "92.5"]);
    expect(within(rows[0]).getByTestId("vendor-completeness").textContent).toBe("88%");
    expect(screen.getByTestId("formula-version").textContent).toContain("assay-score/1");
    expect(screen.getByTestId("active-profile").textContent).toContain("Global enterprise");
  });

  test("eligibility is spelled out in both languages, not only coloured", async () => {
    get.mockResolvedValue(view);
    render(Comparison, { evaluationId: 1 });
    await screen.findByTestId("comparison-table");
    const badges = () => screen.getAllByTestId("eligibility").map((b) => b.textContent?.replace(/\s+/g, " ").trim());
    expect(badges()).toEqual(["✓ Eligible", "? Undetermined", "✗ Not eligible"]);

    setLocale("zh-CN");
    await Promise.resolve();
    await vi.waitFor(() => expect(badges()).toEqual(["✓ 符合准入", "? 准入待定", "✗ 不符合准入"]));
    expect(screen.getByTestId("col-vendor").textContent).toBe("供应商");
    expect(screen.getByTestId("col-total").textContent).toBe("总分");
    expect(screen.getByTestId("knockout-requirement").textContent).toBe("静态数据使用 SM4 加密");
    expect(screen.getByTestId("knockout-reason").textContent).toBe("回答为否");
    expect(screen.getAllByTestId("col-section")[0].querySelector("abbr")?.getAttribute("title")).toBe("传输加密");
  });

  test("renders vendor names as text, never as HTML", async () => {
    get.mockResolvedValue(view);
    const { container } = render(Comparison, { evaluationId: 1 });
    const names = await screen.findAllByTestId("vendor-name");
    expect(names[1].textContent).toBe(HOSTILE);
    expect(screen.getAllByTestId("gate-vendor-name")[1].textContent).toBe(HOSTILE);
    expect(container.querySelector("img")).toBeNull();
  });

  test("shows — for sections with no applicable question", async () => {
    get.mockResolvedValue(view);
    render(Comparison, { evaluationId: 1 });
    const rows = await screen.findAllByTestId("vendor-row");
    const cells = (i: number) => within(rows[i]).getAllByTestId("section-score").map((c) => c.textContent?.trim());
    expect(cells(0)).toEqual(["90.0", "70.0"]);
    expect(cells(1)).toEqual(["64.0", "—"]);
    expect(cells(2)).toEqual(["—", "—"]);
  });

  test("lists failed knockouts, open knockouts and unknown answers per vendor", async () => {
    get.mockResolvedValue(view);
    render(Comparison, { evaluationId: 1 });
    const failed = await screen.findByTestId("failed-knockout");
    expect(within(failed).getByTestId("knockout-question").textContent).toBe("CNC-01");
    expect(within(failed).getByTestId("knockout-requirement").textContent).toBe("Uses SM4 for data at rest");
    expect(within(failed).getByTestId("knockout-answer").textContent).toBe("no");
    expect(within(failed).getByTestId("knockout-reason").textContent).toBe("answered no");
    expect(screen.getByTestId("open-knockouts").textContent).toContain("2");
    const unknown = screen.getByTestId("unknown-answers");
    expect(unknown.textContent).toContain("17");
    expect(unknown.textContent).toContain("unknown is not no");
  });

  test("flags an illustrative evaluation and shows its notes", async () => {
    get.mockResolvedValue(view);
    render(Comparison, { evaluationId: 1 });
    const note = await screen.findByTestId("illustrative-note");
    expect(note.textContent).toContain("Illustrative sample");
    expect(within(note).getByTestId("evaluation-notes").textContent).toBe(demo.notes);
  });

  test("a real evaluation has no illustrative note", async () => {
    get.mockResolvedValue({ ...view, evaluation: own });
    render(Comparison, { evaluationId: 2 });
    await screen.findByTestId("comparison-table");
    expect(screen.queryByTestId("illustrative-note")).toBeNull();
  });

  test("formats numbers per locale", async () => {
    get.mockResolvedValue({ ...view, vendors: [vendor(1, "Wire", { total: 1234.5, completeness: 0.5 })] });
    render(Comparison, { evaluationId: 1 });
    expect((await screen.findByTestId("vendor-total")).textContent?.trim()).toBe(
      new Intl.NumberFormat("en", { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(1234.5),
    );
  });

  test("formats the as-of date per locale", async () => {
    get.mockResolvedValue(view);
    render(Comparison, { evaluationId: 1 });
    const facts = await screen.findByTestId("formula-version");
    const dt = () => facts.closest("div")!.querySelector("dt")!.textContent ?? "";
    expect(dt()).toContain(new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" }).format(Date.UTC(2026, 10, 29)));
    setLocale("zh-CN");
    await vi.waitFor(() => expect(dt()).toContain("2026年11月29日"));
    setLocale("en");
  });

  test("shows the backend's error message", async () => {
    get.mockRejectedValue({ code: "store_unavailable", "zh-CN": "（中文说明）", en: "/tmp/x.db: not an SQLite database" });
    render(Comparison, { evaluationId: 1 });
    const error = await screen.findByTestId("comparison-error");
    expect(error.textContent).toContain("/tmp/x.db: not an SQLite database");
  });
});

describe("evaluations", () => {
  test("lists evaluations and selects the illustrative demo by default", async () => {
    list.mockResolvedValue([own, demo]);
    get.mockImplementation(async (id) => ({ ...view, evaluation: id === 2 ? own : demo }));
    render(Evaluations);

    const items = await screen.findAllByTestId("evaluation-item");
    expect(items.map((i) => within(i).getByTestId("evaluation-name").textContent)).toEqual([own.name, demo.name]);
    expect(items[1].getAttribute("aria-pressed")).toBe("true");
    expect(items[0].getAttribute("aria-pressed")).toBe("false");
    // Dates in the UI language's style (the stored value stays ISO).
    expect(within(items[1]).getByTestId("evaluation-as-of").textContent).toContain("Nov 29, 2026");
    expect(within(items[0]).getByTestId("evaluation-profiles").textContent).toBe("CN-REG, HIGH-SENS");
    expect((await screen.findByTestId("comparison-title")).textContent).toBe(demo.name);
    expect(get).toHaveBeenLastCalledWith(1);

    await fireEvent.click(items[0]);
    await vi.waitFor(() => expect(screen.getByTestId("comparison-title").textContent).toBe(own.name));
    expect(get).toHaveBeenLastCalledWith(2);
    expect(items[0].getAttribute("aria-pressed")).toBe("true");
  });

  test("shows why the database could not be opened", async () => {
    list.mockRejectedValue({ code: "store_unavailable", "zh-CN": "（中文说明）", en: "/x/assay.db: written by a newer Assay" });
    render(Evaluations);
    const error = await screen.findByTestId("evaluations-error");
    expect(error.textContent).toContain("written by a newer Assay");
    expect(get).not.toHaveBeenCalled();
  });

  test("shows an empty state", async () => {
    list.mockResolvedValue([]);
    render(Evaluations);
    expect(await screen.findByTestId("evaluations-empty")).toBeTruthy();
  });
});

describe("compare", () => {
  const ranking = () => screen.getAllByTestId("ranking-item").map((r) => r.textContent);

  test("draws one radar polygon per vendor with a title, description and black-and-white legend", async () => {
    get.mockResolvedValue(view);
    const { container } = render(Comparison, { evaluationId: 1 });
    const svg = await screen.findByTestId("radar-svg");
    expect(svg.getAttribute("role")).toBe("img");
    expect(svg.querySelector("title")?.textContent).toContain("Radar chart");
    expect(svg.querySelector("desc")?.textContent).toContain("3 vendors over 2 sections");
    const polys = screen.getAllByTestId("radar-series");
    expect(polys.map((p) => p.getAttribute("data-vendor"))).toEqual(["Element", HOSTILE, "Slack"]);
    // The core's unit coordinates scaled: Element's first point is 0.9 of the radius above the centre.
    const first = polys[0].querySelector("polygon")?.getAttribute("points")?.split(" ")[0];
    expect(first).toBe("190.00,64.00");
    // Dash patterns from the core (PDF points × 1.6), solid for the first series.
    expect(polys[0].querySelector("polygon")?.getAttribute("stroke-dasharray")).toBeNull();
    expect(polys[1].querySelector("polygon")?.getAttribute("stroke-dasharray")).toBe("6.4 3.2");
    const legend = screen.getAllByTestId("radar-legend-item");
    expect(legend.map((l) => l.textContent?.trim())).toEqual(["Element", HOSTILE, "Slack"]);
    expect(container.querySelector("img")).toBeNull();
  });

  test("unticking a vendor hides its row, polygon and gates; the ranking stays complete", async () => {
    get.mockResolvedValue(view);
    render(Comparison, { evaluationId: 1 });
    const toggles = await screen.findAllByTestId("vendor-toggle");
    expect(toggles).toHaveLength(3);
    await fireEvent.click(toggles[2]); // Slack
    await vi.waitFor(() => expect(screen.getAllByTestId("vendor-row")).toHaveLength(2));
    expect(screen.getAllByTestId("radar-series").map((p) => p.getAttribute("data-vendor"))).toEqual(["Element", HOSTILE]);
    expect(screen.getAllByTestId("vendor-gate")).toHaveLength(2);
    expect(ranking()).toEqual(["1. Element", `2. ${HOSTILE}`, "3. Slack"]);
    await fireEvent.click(toggles[2]);
    await vi.waitFor(() => expect(screen.getAllByTestId("vendor-row")).toHaveLength(3));
  });

  test("what-if weights re-rank through the core, are marked as not saved, and reset", async () => {
    get.mockResolvedValue(view);
    const reranked: ComparisonView = {
      ...view,
      what_if: true,
      sections: [
        { ...view.sections[0], share: 0 },
        { ...view.sections[1], share: 1 },
      ],
      vendors: [vendor(1, HOSTILE, { total: 90 }), vendor(2, "Element", { total: 70 }), view.vendors[2]],
    };
    whatIf.mockResolvedValue(reranked);
    render(Comparison, { evaluationId: 1 });
    const inputs = await screen.findAllByTestId("weight-input");
    expect(inputs.map((i) => (i as HTMLInputElement).value)).toEqual(["60", "40"]);
    expect(screen.getByTestId("weight-sum").textContent).toContain("100.0%");
    expect(screen.queryByTestId("what-if-marker")).toBeNull();
    expect(ranking()).toEqual(["1. Element", `2. ${HOSTILE}`, "3. Slack"]);

    await fireEvent.change(inputs[0], { target: { value: "0" } });
    expect(whatIf).toHaveBeenCalledWith(1, [
      { section: "TRN", weight: 0 },
      { section: "E2E", weight: 40 },
    ]);
    await vi.waitFor(() => expect(ranking()).toEqual([`1. ${HOSTILE}`, "2. Element", "3. Slack"]));
    expect(screen.getByTestId("what-if-marker").textContent).toBe("what-if — not saved");
    expect(screen.getByTestId("weight-sum").textContent).toContain("40.0%");
    expect(screen.getByTestId("weight-sum").textContent).toContain("scaled to 100%");

    await fireEvent.click(screen.getByTestId("what-if-reset"));
    await vi.waitFor(() => expect(ranking()).toEqual(["1. Element", `2. ${HOSTILE}`, "3. Slack"]));
    expect(screen.queryByTestId("what-if-marker")).toBeNull();
    expect((screen.getAllByTestId("weight-input")[0] as HTMLInputElement).value).toBe("60");
  });

  test("what-if weights are saved as the evaluation's own on request, and the profiles' come back", async () => {
    const mine: ComparisonView = { ...view, evaluation: own };
    get.mockResolvedValue(mine);
    whatIf.mockResolvedValue({ ...mine, what_if: true });
    const custom: ComparisonView = {
      ...mine,
      evaluation: { ...own, custom_weights: true },
      sections: [
        { ...view.sections[0], share: 0 },
        { ...view.sections[1], share: 1 },
      ],
    };
    vi.mocked(saveSectionWeights).mockResolvedValueOnce(custom).mockResolvedValueOnce(mine);
    render(Comparison, { evaluationId: 2 });
    const inputs = await screen.findAllByTestId("weight-input");
    expect(screen.getByTestId("weights-source").textContent).toContain("the profiles'");
    expect((screen.getByTestId("what-if-save") as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.change(inputs[0], { target: { value: "0" } });
    await screen.findByTestId("what-if-marker");
    await fireEvent.click(screen.getByTestId("what-if-save"));
    expect(saveSectionWeights).toHaveBeenCalledWith(2, [
      { section: "TRN", weight: 0 },
      { section: "E2E", weight: 40 },
    ]);
    await vi.waitFor(() => expect(screen.getByTestId("weights-source").textContent).toContain("set for this evaluation"));
    expect(screen.queryByTestId("what-if-marker")).toBeNull();
    expect(screen.getAllByTestId("weight-input").map((i) => (i as HTMLInputElement).value)).toEqual(["0", "100"]);

    await fireEvent.click(screen.getByTestId("weights-use-profiles"));
    expect(saveSectionWeights).toHaveBeenLastCalledWith(2, null);
    await vi.waitFor(() => expect(screen.getByTestId("weights-source").textContent).toContain("the profiles'"));
  });

  test("the illustrative demo offers no saving of weights", async () => {
    get.mockResolvedValue({ ...view, evaluation: demo });
    render(Comparison, { evaluationId: 1 });
    await screen.findAllByTestId("weight-input");
    expect(screen.queryByTestId("what-if-save")).toBeNull();
  });

  test("any score opens its breakdown: the total by section, a section by question, with the what-if weights in force", async () => {
    get.mockResolvedValue(view);
    const answered = question("IRV-01", "yes_no", {
      answer_text: { en: "Yes", "zh-CN": "是" },
      result: { status: "answered", counts: true, raw_score: 100, factor: 1, score: 100, contribution: 41.5, evidence: "not_required", flags: [] },
    });
    const form = formView([answered], { total: 81.3, total_points: 81.25 });
    form.sections[0].contribution = 41.5;
    form.sections[0].score = 100;
    form.sections[1].contribution = 39.75;
    form.sections[1].score = 79.5;
    vi.mocked(getBreakdown).mockResolvedValue(form);
    render(Comparison, { evaluationId: 1 });

    // The total of the first vendor: each section's score, share and points, adding up.
    const totals = await screen.findAllByTestId("why-total");
    await fireEvent.click(totals[0]);
    expect(getBreakdown).toHaveBeenCalledWith(1, []);
    const panel = await screen.findByTestId("score-breakdown");
    expect(panel.dataset.section).toBe("total");
    const rows = await within(panel).findAllByTestId("total-breakdown-row");
    expect(rows.map((r) => Number(r.dataset.points))).toEqual([41.5, 39.75]);
    expect(within(panel).getByTestId("total-breakdown-sum").textContent).toBe("81.25");
    await vi.waitFor(() => expect(document.activeElement).toBe(panel));
    // A section's questions, on request.
    await fireEvent.click(within(rows[0]).getByTestId("total-breakdown-open"));
    expect(within(panel).getByTestId("breakdown").dataset.section).toBe("IRV");
    // Escape closes it and gives the focus back to the score.
    await fireEvent.keyDown(window, { key: "Escape" });
    expect(screen.queryByTestId("score-breakdown")).toBeNull();
    expect(document.activeElement).toBe(totals[0]);

    // With what-if weights in force, the breakdown is scored with them too.
    whatIf.mockResolvedValue({ ...view, what_if: true });
    await fireEvent.change(screen.getAllByTestId("weight-input")[0], { target: { value: "0" } });
    await screen.findByTestId("what-if-marker");
    await fireEvent.click(screen.getAllByTestId("why-section")[0]);
    expect(getBreakdown).toHaveBeenLastCalledWith(1, [
      { section: "TRN", weight: 0 },
      { section: "E2E", weight: 40 },
    ]);
    expect((await screen.findByTestId("score-breakdown")).dataset.section).toBe("TRN");
  });

  test("a refused what-if shows the core's sentence", async () => {
    get.mockResolvedValue(view);
    whatIf.mockRejectedValue({ code: "invalid_input", "zh-CN": "（中文说明）", en: "at least one section needs a weight above 0" });
    render(Comparison, { evaluationId: 1 });
    const inputs = await screen.findAllByTestId("weight-input");
    await fireEvent.change(inputs[0], { target: { value: "0" } });
    expect((await screen.findByTestId("what-if-error")).textContent).toContain("weight above 0");
  });

  test("evidence expired and expiring are counted per vendor", async () => {
    get.mockResolvedValue({ ...view, vendors: [vendor(1, "Wire", { expired_evidence: 2, expiring_evidence: 1 })] });
    render(Comparison, { evaluationId: 1 });
    const counts = await screen.findByTestId("evidence-counts");
    expect(counts.getAttribute("data-expired")).toBe("2");
    expect(counts.textContent).toContain("evidence expired: 2");
    expect(counts.textContent).toContain("expiring within 90 days: 1");
  });
});

describe("home operations", () => {
  beforeEach(() => {
    vi.mocked(duplicateEvaluation).mockReset();
    vi.mocked(deleteEvaluation).mockReset();
    vi.mocked(backupDatabase).mockReset();
  });

  test("duplicate asks for a name and selects the copy", async () => {
    const copy: EvaluationSummary = { ...own, id: 3, name: "Our 2027 tender (copy)" };
    list.mockResolvedValueOnce([own, demo]).mockResolvedValue([copy, own, demo]);
    get.mockImplementation(async (id) => ({ ...view, evaluation: id === 3 ? copy : id === 2 ? own : demo }));
    vi.mocked(duplicateEvaluation).mockResolvedValue(copy);
    render(Evaluations);
    const items = await screen.findAllByTestId("evaluation-item");
    await fireEvent.click(items[0]);
    await fireEvent.click(screen.getByTestId("duplicate-evaluation"));
    const name = screen.getByTestId("duplicate-name") as HTMLInputElement;
    expect(name.value).toBe("Our 2027 tender (copy)");
    await fireEvent.click(screen.getByTestId("duplicate-confirm"));
    expect(duplicateEvaluation).toHaveBeenCalledWith(2, "Our 2027 tender (copy)");
    await vi.waitFor(() => expect(screen.getAllByTestId("evaluation-item")).toHaveLength(3));
    await vi.waitFor(() => expect(screen.getByTestId("comparison-title").textContent).toBe(copy.name));
  });

  test("delete asks first; cancelling keeps it; the demo note says it comes back", async () => {
    list.mockResolvedValueOnce([own, demo]).mockResolvedValue([demo]);
    get.mockImplementation(async (id) => ({ ...view, evaluation: id === 2 ? own : demo }));
    vi.mocked(deleteEvaluation).mockResolvedValue(undefined);
    render(Evaluations);
    await screen.findAllByTestId("evaluation-item");
    await fireEvent.click(screen.getByTestId("delete-evaluation"));
    expect(screen.getByTestId("delete-confirm").textContent).toContain(demo.name);
    expect(screen.getByTestId("delete-demo-note").textContent).toContain("created again");
    await fireEvent.click(screen.getByTestId("delete-cancel"));
    expect(screen.queryByTestId("delete-confirm")).toBeNull();
    expect(deleteEvaluation).not.toHaveBeenCalled();

    await fireEvent.click(screen.getAllByTestId("evaluation-item")[0]);
    await fireEvent.click(screen.getByTestId("delete-evaluation"));
    expect(screen.queryByTestId("delete-demo-note")).toBeNull();
    await fireEvent.click(screen.getByTestId("delete-confirm-yes"));
    expect(deleteEvaluation).toHaveBeenCalledWith(2);
    await vi.waitFor(() => expect(screen.getAllByTestId("evaluation-item")).toHaveLength(1));
  });

  test("backup reports the saved path, a cancel, or the error", async () => {
    list.mockResolvedValue([demo]);
    get.mockResolvedValue(view);
    render(Evaluations);
    await screen.findAllByTestId("evaluation-item");
    vi.mocked(backupDatabase).mockResolvedValueOnce({ status: "saved", path: "/tmp/b.db", bytes: 10 });
    await fireEvent.click(screen.getByTestId("backup-database"));
    expect((await screen.findByTestId("backup-saved")).textContent).toContain("/tmp/b.db");
    vi.mocked(backupDatabase).mockResolvedValueOnce({ status: "cancelled" });
    await fireEvent.click(screen.getByTestId("backup-database"));
    expect(await screen.findByTestId("backup-cancelled")).toBeTruthy();
    vi.mocked(backupDatabase).mockRejectedValueOnce({ code: "invalid_input", "zh-CN": "（中文说明）", en: "/tmp/b.db: already exists" });
    await fireEvent.click(screen.getByTestId("backup-database"));
    expect((await screen.findByTestId("actions-error")).textContent).toContain("already exists");
  });
});

/** A bundled two-section questionnaire choice, as list_questionnaires gives it. */
function questionnaire(over: Partial<QuestionnaireChoice> = {}): QuestionnaireChoice {
  return {
    key: "q",
    file: "q.json",
    bundled: true,
    id: "q",
    version: "1",
    title: { en: "Q", "zh-CN": "问卷" },
    sections: 2,
    questions: 3,
    profiles: [],
    problems: [],
    ...over,
  };
}

describe("new evaluation weights", () => {
  test("prefilled from the profiles by the core, summed live, saved with the evaluation when changed", async () => {
    vi.mocked(listQuestionnaires).mockResolvedValue([
      questionnaire({ profiles: [{ id: "GLOBAL", name: { en: "Global", "zh-CN": "全球" }, description: { en: "d", "zh-CN": "说明" } }] }),
    ]);
    vi.mocked(profileWeights).mockImplementation(async (_q, profiles) => [
      { ...view.sections[0], share: profiles.length ? 0.7 : 0.6 },
      { ...view.sections[1], share: profiles.length ? 0.3 : 0.4 },
    ]);
    vi.mocked(createEvaluation).mockResolvedValue(own);
    const oncreated = vi.fn();
    render(NewEvaluation, { oncreated, oncancel: vi.fn() });
    const values = () => screen.getAllByTestId("new-eval-weight").map((i) => (i as HTMLInputElement).value);
    await vi.waitFor(() => expect(values()).toEqual(["60", "40"]));
    expect(profileWeights).toHaveBeenCalledWith("q", []);
    expect(screen.getByTestId("new-eval-weight-sum").textContent).toContain("adds up to 100");

    await fireEvent.click(screen.getByTestId("new-eval-profile"));
    await vi.waitFor(() => expect(values()).toEqual(["70", "30"]));
    expect(profileWeights).toHaveBeenLastCalledWith("q", ["GLOBAL"]);

    await fireEvent.input(screen.getAllByTestId("new-eval-weight")[1], { target: { value: "20" } });
    const sum = screen.getByTestId("new-eval-weight-sum");
    expect(sum.getAttribute("data-sum")).toBe("90");
    expect(sum.textContent).toContain("scaled in proportion");

    await fireEvent.input(screen.getByTestId("new-eval-name"), { target: { value: "T" } });
    await fireEvent.submit(screen.getByTestId("new-evaluation"));
    await vi.waitFor(() => expect(oncreated).toHaveBeenCalledWith(own));
    expect(createEvaluation).toHaveBeenCalledWith({
      name: "T",
      profiles: ["GLOBAL"],
      questionnaire: "q",
      as_of: expect.any(String),
      section_weights: [
        { section: view.sections[0].id, weight: 70 },
        { section: view.sections[1].id, weight: 20 },
      ],
    });
  });

  test("a weight typed before the profiles' prefill arrives is kept", async () => {
    vi.mocked(listQuestionnaires).mockResolvedValue([
      questionnaire({ profiles: [{ id: "GLOBAL", name: { en: "Global", "zh-CN": "全球" }, description: { en: "d", "zh-CN": "说明" } }] }),
    ]);
    const cols = (a: number) => [
      { ...view.sections[0], share: a },
      { ...view.sections[1], share: 1 - a },
    ];
    let late!: (c: ReturnType<typeof cols>) => void;
    vi.mocked(profileWeights)
      .mockReset()
      .mockResolvedValueOnce(cols(0.6))
      .mockReturnValueOnce(new Promise((r) => (late = r)));
    render(NewEvaluation, { oncreated: vi.fn(), oncancel: vi.fn() });
    const values = () => screen.getAllByTestId("new-eval-weight").map((i) => (i as HTMLInputElement).value);
    await vi.waitFor(() => expect(values()).toEqual(["60", "40"]));
    await fireEvent.click(screen.getByTestId("new-eval-profile")); // asks again; the reply is slow
    await fireEvent.input(screen.getAllByTestId("new-eval-weight")[0], { target: { value: "5" } });
    late(cols(0.7));
    await vi.waitFor(() => expect(profileWeights).toHaveBeenCalledTimes(2));
    await new Promise((r) => setTimeout(r, 0));
    expect(values()).toEqual(["5", "40"]);
  });

  test("a questionnaire file: its located problems are listed as text; a valid one is offered and chosen", async () => {
    const bundled = questionnaire();
    vi.mocked(listQuestionnaires).mockResolvedValue([bundled]);
    vi.mocked(profileWeights).mockResolvedValue(view.sections);
    const problem = `/tmp/${HOSTILE}.json:12:9: $.sections[0].questions[1].id: "Q1" is used twice`;
    vi.mocked(loadQuestionnaireFile)
      .mockResolvedValueOnce({ status: "invalid", file: `/tmp/${HOSTILE}.json`, problems: [problem] })
      .mockResolvedValueOnce({
        status: "loaded",
        choice: { ...bundled, key: "sha256:ab", file: "/tmp/own.json", bundled: false, id: "own", title: { en: "Own", "zh-CN": "自有" } },
      });
    render(NewEvaluation, { oncreated: vi.fn(), oncancel: vi.fn() });
    await vi.waitFor(() => expect(profileWeights).toHaveBeenCalledWith("q", []));

    await fireEvent.click(screen.getByTestId("new-eval-load-file"));
    const box = await screen.findByTestId("new-eval-file-problems");
    expect(box.textContent).toContain("1 problem(s)");
    expect(screen.getByTestId("new-eval-file-problem").textContent).toBe(problem);
    expect(box.querySelector("img")).toBeNull();
    expect((screen.getByTestId("new-eval-questionnaire") as HTMLSelectElement).value).toBe("q");

    await fireEvent.click(screen.getByTestId("new-eval-load-file"));
    await screen.findByTestId("new-eval-file-loaded");
    expect(screen.queryByTestId("new-eval-file-problems")).toBeNull();
    const select = screen.getByTestId("new-eval-questionnaire") as HTMLSelectElement;
    await vi.waitFor(() => expect(select.value).toBe("sha256:ab"));
    expect(select.selectedOptions[0].textContent).toContain("Own (own@1) — from a file");
    await vi.waitFor(() => expect(profileWeights).toHaveBeenLastCalledWith("sha256:ab", []));
  });
});
