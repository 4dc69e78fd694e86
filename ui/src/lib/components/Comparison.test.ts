// Component tests for the home screen's evaluations and comparison, with a
// fake backend (vi.mock of ../../api).
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/svelte";
import Comparison from "./Comparison.svelte";
import Evaluations from "./Evaluations.svelte";
import { getComparison, listEvaluations } from "../../api";
import { setLocale } from "../../i18n/index.svelte";
import type { ComparisonView } from "../../bindings/ComparisonView";
import type { EvaluationSummary } from "../../bindings/EvaluationSummary";
import type { VendorRow } from "../../bindings/VendorRow";

vi.mock("../../api", () => ({
  listQuestionnaires: vi.fn(),
  listEvaluations: vi.fn(),
  getComparison: vi.fn(),
  listVendors: vi.fn(() => Promise.resolve([])),
  addVendor: vi.fn(),
  removeVendor: vi.fn(),
  createEvaluation: vi.fn(),
  getForm: vi.fn(),
  saveAnswer: vi.fn(),
  exportPdf: vi.fn(),
}));
const list = vi.mocked(listEvaluations);
const get = vi.mocked(getComparison);

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
};
const own: EvaluationSummary = {
  ...demo,
  id: 2,
  name: "Our 2027 tender",
  notes: "",
  profiles: ["CN-REG", "HIGH-SENS"],
  illustrative: false,
};

function vendor(rank: number, name: string, over: Partial<VendorRow> = {}): VendorRow {
  return {
    rank,
    name,
    total: 50,
    eligibility: "undetermined",
    completeness: 0.5,
    section_scores: [50, 50],
    failed_knockouts: [],
    open_knockouts: 0,
    unknown: 0,
    ...over,
  };
}

const view: ComparisonView = {
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

  test("shows the backend's error message", async () => {
    get.mockRejectedValue({ code: "store_unavailable", message: "/tmp/x.db: not an SQLite database" });
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
    expect(within(items[1]).getByTestId("evaluation-as-of").textContent).toContain("2026-11-29");
    expect(within(items[0]).getByTestId("evaluation-profiles").textContent).toBe("CN-REG, HIGH-SENS");
    expect((await screen.findByTestId("comparison-title")).textContent).toBe(demo.name);
    expect(get).toHaveBeenLastCalledWith(1);

    await fireEvent.click(items[0]);
    await vi.waitFor(() => expect(screen.getByTestId("comparison-title").textContent).toBe(own.name));
    expect(get).toHaveBeenLastCalledWith(2);
    expect(items[0].getAttribute("aria-pressed")).toBe("true");
  });

  test("shows why the database could not be opened", async () => {
    list.mockRejectedValue({ code: "store_unavailable", message: "/x/assay.db: written by a newer Assay" });
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
