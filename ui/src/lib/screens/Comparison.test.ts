// Component tests for the home screen's evaluations and comparison, with a
// fake backend (vi.mock of ../../api).
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/svelte";
import Comparison from "./Comparison.svelte";
import Evaluations from "./Evaluations.svelte";
import NewEvaluation from "./NewEvaluation.svelte";
import Overview from "./Overview.svelte";
import Questions from "./Questions.svelte";
import Requests from "./Requests.svelte";
import Workspace from "./Workspace.svelte";
import AuditLog from "../widgets/AuditLog.svelte";
import { placeOf, resetPlaces } from "../place.svelte";
import {
  backupDatabase,
  createEvaluation,
  deleteEvaluation,
  getBreakdown,
  duplicateEvaluation,
  editEvaluationDetails,
  exportFollowUpWorkbook,
  exportSecuritySchedule,
  getAuditLog,
  getComparison,
  getNegotiationPoints,
  getQuestionGrid,
  getWhatIf,
  listEvaluations,
  listQuestionnaires,
  listVendors,
  loadQuestionnaireFile,
  profileWeights,
  saveCoverageThreshold,
  upgradeChoices,
  previewQuestionnaireUpgrade,
  applyQuestionnaireUpgrade,
  saveSectionWeights,
} from "../../api";
import { setLocale } from "../../i18n/index.svelte";
import { startAgain } from "../restart";
import type { ComparisonView } from "../../bindings/ComparisonView";
import type { EvaluationSummary } from "../../bindings/EvaluationSummary";
import type { QuestionnaireChoice } from "../../bindings/QuestionnaireChoice";
import { q as question, vendorRow, view as formView } from "../test-fixtures";
import type { VendorRow } from "../../bindings/VendorRow";
import type { SectionCell } from "../../bindings/SectionCell";
import type { GridCell } from "../../bindings/GridCell";
import type { GridRow } from "../../bindings/GridRow";

// Every command a vi.fn(); each test says what the ones it needs answer.
vi.mock("../../api");
vi.mock("../restart");
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
  fictional: false,
  evaluators: [],
  read_only: true,
  custom_weights: false,
  custom_coverage_threshold: false,
};
const own: EvaluationSummary = {
  ...demo,
  id: 2,
  name: "Our 2027 tender",
  notes: "",
  profiles: ["CN-REG", "HIGH-SENS"],
  illustrative: false,
  fictional: false,
  read_only: false,
  custom_weights: false,
  custom_coverage_threshold: false,
};

const fictional: EvaluationSummary = {
  ...demo,
  id: 3,
  name: "Fictional example — IM platform tender (invented vendors) / 虚构示例",
  notes: "FICTIONAL: every vendor is invented.",
  profiles: ["CN-REG", "GLOBAL"],
  fictional: true,
};

/** A section cell: a score, `null` = no applicable question (n/a), "no-data" = applies, nothing answered. */
function sec(score: number | null | "no-data"): SectionCell {
  if (score === null) return { applies: false, score: null, range: null, coverage: null };
  if (score === "no-data") return { applies: true, score: null, range: { floor: 0, point: 0, ceiling: 100 }, coverage: 0 };
  return { applies: true, score, range: { floor: score, point: score, ceiling: score }, coverage: 1 };
}

function vendor(rank: number | null, name: string, over: Partial<VendorRow> = {}, id = rank ?? 99): VendorRow {
  return vendorRow(id, name, {
    rank,
    total: 50,
    range: { floor: 50, point: 50, ceiling: 50 },
    coverage: 1,
    decision: { verdict: "meets", reasons: [] },
    completeness: 0.5,
    sections: [sec(50), sec(50)],
    ...over,
  });
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
  coverage_threshold: 60,
  default_coverage_threshold: 60,
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
  available_profiles: [
    { id: "GLOBAL", name: { en: "Global enterprise", "zh-CN": "跨国企业" } },
    { id: "CN-REG", name: { en: "China-regulated", "zh-CN": "中国监管" } },
  ],
  sections: [
    { id: "TRN", title: { en: "Transport encryption", "zh-CN": "传输加密" }, share: 0.6 },
    { id: "E2E", title: { en: "End-to-end encryption", "zh-CN": "端到端加密" }, share: 0.4 },
  ],
  vendors: [
    vendor(1, "Element", { total: 81.25, eligibility: "eligible", completeness: 0.875, sections: [sec(90), sec(70)] }),
    vendor(2, HOSTILE, { total: 64, sections: [sec(64), sec(null)], open_knockouts: 2, unknown: 17 }),
    vendor(3, "Slack", {
      total: 92.5,
      eligibility: "not_eligible",
      sections: [sec(null), sec(null)],
      failed_knockouts: [
        {
          question: "CNC-01",
          requirement: { en: "Uses SM4 for data at rest", "zh-CN": "静态数据使用 SM4 加密" },
          answer: { en: "No", "zh-CN": "否" },
          reason: { en: "answered no", "zh-CN": "回答为否" },
          provisional: false,
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
  // Every tab a test opens loads its data: none may get the automock's undefined.
  vi.mocked(getNegotiationPoints).mockImplementation(async (vendorId) => ({ vendor_id: vendorId, vendor: "", points: [] }));
  vi.mocked(getQuestionGrid).mockResolvedValue({ vendors: [], rows: [] });
  resetPlaces();
});
afterEach(() => cleanup());

/** The overview tab of evaluation `evaluationId`; `ongo` records the tabs it opens. */
const overview = (evaluationId: number, over: Record<string, unknown> = {}) =>
  render(Overview, { evaluationId, ongo: vi.fn(), ...over });

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
    expect(rows.map((r) => within(r).getByTestId("why-total").textContent?.trim())).toEqual(["81.3", "64.0", "92.5"]);
    expect(within(rows[0]).getByTestId("vendor-completeness").textContent).toBe("88%");
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
    expect(screen.getByTestId("knockout-answer").textContent).toBe("否");
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
    const cells = (i: number) =>
      within(rows[i]).getAllByTestId("section-score").map((c) => (c.querySelector("button") ?? c).textContent?.trim());
    expect(cells(0)).toEqual(["90.0", "70.0"]);
    expect(cells(1)).toEqual(["64.0", "—"]);
    expect(cells(2)).toEqual(["—", "—"]);
    expect(within(rows[0]).getAllByTestId("section-coverage")[0].getAttribute("title")).toBe("100% answered");
  });

  test("lists failed knockouts, open knockouts and unknown answers per vendor", async () => {
    get.mockResolvedValue(view);
    render(Comparison, { evaluationId: 1 });
    const failed = await screen.findByTestId("failed-knockout");
    expect(within(failed).getByTestId("knockout-question").textContent).toBe("CNC-01");
    expect(within(failed).getByTestId("knockout-requirement").textContent).toBe("Uses SM4 for data at rest");
    expect(within(failed).getByTestId("knockout-answer").textContent).toBe("No");
    expect(within(failed).getByTestId("knockout-reason").textContent).toBe("answered no");
    expect(screen.getByTestId("open-knockouts").textContent).toContain("2");
    const unknown = screen.getByTestId("unknown-answers");
    expect(unknown.textContent).toContain("17");
    expect(unknown.textContent).toContain("unknown is not no");
  });

  test("flags an illustrative evaluation above every tab and shows its notes on the overview", async () => {
    get.mockResolvedValue(view);
    vi.mocked(listVendors).mockResolvedValue([]);
    vi.mocked(getAuditLog).mockResolvedValue([]);
    render(Workspace, { evaluation: demo, ondetails: vi.fn() });
    const note = await screen.findByTestId("illustrative-note");
    expect(note.textContent).toContain("Illustrative sample");
    expect((await screen.findByTestId("evaluation-notes")).textContent).toBe(demo.notes);
    for (const tab of ["vendors", "compare", "report", "history"]) {
      await fireEvent.click(screen.getByTestId(`tab-${tab}`));
      expect(screen.getByTestId("illustrative-note").textContent, tab).toContain("Illustrative sample");
    }
  });

  test("says the fictional example is invented, in both languages", async () => {
    get.mockResolvedValue({ ...view, evaluation: fictional });
    render(Workspace, { evaluation: fictional, ondetails: vi.fn() });
    const note = await screen.findByTestId("illustrative-note");
    expect(note.getAttribute("data-fictional")).toBe("true");
    expect(note.textContent).toContain("Fictional example");
    expect(note.textContent).toContain("invented");
    setLocale("zh-CN");
    await vi.waitFor(() => expect(note.textContent).toContain("虚构示例"));
    setLocale("en");
  });

  test("a real evaluation has no illustrative note", async () => {
    get.mockResolvedValue({ ...view, evaluation: own });
    render(Workspace, { evaluation: own, ondetails: vi.fn() });
    await screen.findByTestId("overview");
    expect(screen.queryByTestId("illustrative-note")).toBeNull();
  });

  test("formats numbers per locale", async () => {
    get.mockResolvedValue({ ...view, vendors: [vendor(1, "Wire", { total: 1234.5, completeness: 0.5 })] });
    render(Comparison, { evaluationId: 1 });
    expect((await screen.findByTestId("why-total")).textContent?.trim()).toBe(
      new Intl.NumberFormat("en", { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(1234.5),
    );
  });

  test("formats the as-of date per locale", async () => {
    get.mockResolvedValue(view);
    overview(1);
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

describe("edit details", () => {
  test("changes name, as-of date, profiles, evaluators and notes through the core; the list is refreshed", async () => {
    const edited = { ...own, name: "Tender 2027 (final)", evaluators: ["Li Wen", "Sam Okafor"], profiles: ["GLOBAL"] };
    vi.mocked(editEvaluationDetails).mockResolvedValue(edited);
    get.mockResolvedValue({ ...view, evaluation: own });
    const ondetails = vi.fn();
    overview(2, { ondetails });
    expect((await screen.findByTestId("evaluators")).textContent).toContain("not set");
    await fireEvent.click(screen.getByTestId("edit-details"));
    const name = screen.getByTestId("details-name") as HTMLInputElement;
    expect(name.value).toBe(own.name);
    await fireEvent.input(name, { target: { value: "  Tender 2027 (final) " } });
    await fireEvent.input(screen.getByTestId("details-evaluators"), { target: { value: "Li Wen\n\n Sam Okafor \n" } });
    await fireEvent.input(screen.getByTestId("details-as-of"), { target: { value: "2027-02-01" } });
    // CN-REG and HIGH-SENS were chosen; untick both, tick GLOBAL (HIGH-SENS is not offered: not in the questionnaire).
    const box = (id: string) => screen.getAllByTestId("details-profile").find((b) => b.getAttribute("data-profile") === id)!;
    expect((box("CN-REG") as HTMLInputElement).checked).toBe(true);
    await fireEvent.click(box("CN-REG"));
    await fireEvent.click(box("GLOBAL"));
    await fireEvent.click(screen.getByTestId("details-save"));
    await vi.waitFor(() => expect(ondetails).toHaveBeenCalledWith(edited));
    expect(editEvaluationDetails).toHaveBeenCalledWith(2, {
      name: "Tender 2027 (final)",
      as_of: "2027-02-01",
      profiles: ["GLOBAL"],
      evaluators: ["Li Wen", "Sam Okafor"],
      notes: "",
    });
    expect(screen.queryByTestId("details-form")).toBeNull();
  });

  test("an empty name is refused with a message, in the UI's language; nothing is sent", async () => {
    vi.mocked(editEvaluationDetails).mockClear();
    get.mockResolvedValue({ ...view, evaluation: own });
    overview(2);
    await fireEvent.click(await screen.findByTestId("edit-details"));
    await fireEvent.input(screen.getByTestId("details-name"), { target: { value: "  " } });
    await fireEvent.click(screen.getByTestId("details-save"));
    expect((await screen.findByTestId("details-error")).textContent).toBe("The evaluation needs a name.");
    expect(editEvaluationDetails).not.toHaveBeenCalled();
    // The core's refusal is shown as it says it.
    vi.mocked(editEvaluationDetails).mockRejectedValue({ code: "invalid_input", en: "evaluation name: reserved", "zh-CN": "评估名称：已保留" });
    await fireEvent.input(screen.getByTestId("details-name"), { target: { value: "x" } });
    setLocale("zh-CN");
    await fireEvent.click(screen.getByTestId("details-save"));
    await vi.waitFor(() => expect(screen.getByTestId("details-error").textContent).toBe("评估名称：已保留"));
    setLocale("en");
  });

  test("a read-only sample offers no edit", async () => {
    get.mockResolvedValue(view);
    overview(1);
    await screen.findByTestId("overview");
    expect(screen.queryByTestId("edit-details")).toBeNull();
  });
});

describe("history", () => {
  test("lists who changed what, newest first, narrowed by vendor and question, in both languages", async () => {
    vi.mocked(getAuditLog).mockResolvedValue([
      {
        at: "2026-12-02T09:30:00.000Z",
        who: "wang.li",
        action: "update",
        entity: "answer",
        vendor: "Acme Chat",
        question: "IRV-01",
        changes: [
          {
            field: "value",
            label: { en: "Answer", "zh-CN": "回答" },
            old: { en: "48 hours", "zh-CN": "48 小时" },
            new: { en: "24 hours", "zh-CN": "24 小时" },
          },
        ],
        imported_from: null,
      },
      {
        at: "2026-12-01T08:00:00.000Z",
        who: "li.wen",
        action: "create",
        entity: "answer",
        vendor: "Beta Talk",
        question: "TRN-01",
        changes: [{ field: "value", label: { en: "Answer", "zh-CN": "回答" }, old: null, new: { en: HOSTILE, "zh-CN": HOSTILE } }],
        imported_from: null,
      },
      {
        at: "2026-11-30T08:00:00.000Z",
        who: "li.wen",
        action: "update",
        entity: "evaluation",
        vendor: null,
        question: null,
        changes: [{ field: "name", label: { en: "Name", "zh-CN": "名称" }, old: { en: "Tender", "zh-CN": "Tender" }, new: { en: "Tender 2027", "zh-CN": "Tender 2027" } }],
        imported_from: null,
      },
    ]);
    render(AuditLog, { evaluationId: 2 });
    expect(getAuditLog).toHaveBeenCalledWith(2);
    await vi.waitFor(() => expect(screen.getAllByTestId("audit-line")).toHaveLength(3));
    const lines = () => screen.getAllByTestId("audit-line");
    const flat = (el: Element) => el.textContent!.replace(/\s+/g, " ");
    expect(flat(lines()[0])).toContain("Changed answer · Acme Chat · IRV-01");
    expect(lines()[0].textContent).toContain("48 hours → 24 hours");
    // The field in words, not its key; the answer by its label.
    expect(within(lines()[0]).getByTestId("audit-change").textContent).toMatch(/^\s*Answer: 48 hours → 24 hours/);
    // A value is text, never markup.
    expect(lines()[1].textContent).toContain(HOSTILE);
    expect(document.querySelector("img")).toBeNull();
    await fireEvent.change(screen.getByTestId("audit-vendor"), { target: { value: "Acme Chat" } });
    await vi.waitFor(() => expect(lines()).toHaveLength(1));
    expect(screen.getByTestId("audit-count").textContent).toBe("1 of 3 changes");
    await fireEvent.change(screen.getByTestId("audit-vendor"), { target: { value: "" } });
    await fireEvent.change(screen.getByTestId("audit-question"), { target: { value: "TRN-01" } });
    await vi.waitFor(() => expect(lines().map((l) => l.getAttribute("data-question"))).toEqual(["TRN-01"]));
    setLocale("zh-CN");
    await vi.waitFor(() => expect(flat(lines()[0])).toContain("创建 回答 · Beta Talk"));
    await fireEvent.change(screen.getByTestId("audit-question"), { target: { value: "" } });
    await vi.waitFor(() => expect(flat(lines()[0])).toContain("回答: 48 小时 → 24 小时"));
    setLocale("en");
  });
});

describe("evaluations", () => {
  test("opens on the fictional example when the database has it", async () => {
    list.mockResolvedValue([own, demo, fictional]);
    get.mockImplementation(async (id) => ({ ...view, evaluation: [own, demo, fictional].find((e) => e.id === id)! }));
    render(Evaluations);
    const items = await screen.findAllByTestId("evaluation-item");
    expect(items.map((i) => i.getAttribute("aria-pressed"))).toEqual(["false", "false", "true"]);
    expect((await screen.findByTestId("evaluation-title")).textContent).toBe(fictional.name);
  });

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
    expect((await screen.findByTestId("evaluation-title")).textContent).toBe(demo.name);
    expect(get).toHaveBeenLastCalledWith(1);

    await fireEvent.click(items[0]);
    await vi.waitFor(() => expect(screen.getByTestId("evaluation-title").textContent).toBe(own.name));
    expect(get).toHaveBeenLastCalledWith(2);
    expect(items[0].getAttribute("aria-pressed")).toBe("true");
  });

  test("shows why the database could not be opened", async () => {
    list.mockRejectedValue({ code: "store_unavailable", "zh-CN": "（中文说明）", en: "/x/assay.db: written by a newer Assay" });
    render(Evaluations);
    const error = await screen.findByTestId("evaluations-error");
    expect(error.textContent).toContain("written by a newer Assay");
    expect(get).not.toHaveBeenCalled();
    // Once the database is there again, the page starts afresh (the backend opens it then).
    await fireEvent.click(screen.getByTestId("evaluations-retry"));
    expect(vi.mocked(startAgain)).toHaveBeenCalledOnce();
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
      result: { status: "answered", counts: true, raw_score: 100, factor: 1, score: 100, contribution: 41.5, evidence: "not_required", flags: [], open: null, range: { floor: 100, point: 100, ceiling: 100 } },
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

describe("decision-grade comparison", () => {
  const tx = (en: string, zh: string) => ({ en, "zh-CN": zh });
  const cell = (over: Partial<GridCell> = {}): GridCell => ({
    status: "answered",
    open: null,
    answer: tx("Yes", "是"),
    score: 100,
    range: { floor: 100, point: 100, ceiling: 100 },
    evidence: "not_required",
    flags: [],
    needs_evidence: false,
    evidence_expiring: false,
    gate: null,
    ...over,
  });
  const unknown = (open: GridCell["open"] = "not_asked") =>
    cell({ status: "unknown", open, answer: null, score: null, range: { floor: 0, point: 0, ceiling: 100 }, flags: ["unknown"] });
  const row = (question: string, en: string, zh: string, cells: GridCell[], knockout = false): GridRow => ({
    question,
    section: question.slice(0, 3),
    text: tx(en, zh),
    knockout,
    weight: 3,
    cells,
  });

  const undecided = vendor(null, "Wire", {
    vendor_id: 11,
    total: 4.2,
    range: { floor: 4.2, point: 4.2, ceiling: 88.5 },
    coverage: 0.09,
    evidence_coverage: 0.5,
    open_questions: 71,
    eligibility: "provisionally_not_eligible",
    sections: [sec(12.5), sec("no-data")],
    decision: {
      verdict: "not_enough_information",
      reasons: [tx("Only 9% of the total rests on known answers (60% needed)", "总分中仅 9% 基于已知回答（需 60%）")],
    },
    gates: [
      {
        question: "TRN-01",
        requirement: tx("TLS 1.2 or later", "TLS 1.2 及以上"),
        state: "unknown",
        provisional: false,
        answer: null,
        reason: null,
        to_pass: tx("answer yes, with the TLS configuration report", "回答“是”，并提供 TLS 配置报告"),
      },
      {
        question: "E2E-01",
        requirement: tx("End-to-end encryption", "端到端加密"),
        state: "passed",
        provisional: false,
        answer: tx("Yes", "是"),
        reason: null,
        to_pass: tx("already passed", "已通过"),
      },
      {
        question: "KEY-02",
        requirement: tx("Customer-held keys", "客户持有密钥"),
        state: "failed",
        provisional: true,
        answer: tx("No", "否"),
        reason: tx("answered no (vendor's claim)", "回答为否（供应商声明）"),
        to_pass: tx("answer yes, with the KMS documentation", "回答“是”，并提供 KMS 文档"),
      },
    ],
    requests: [
      {
        question: "TRN-01",
        question_text: tx("Is TLS 1.2 or later enforced?", "是否强制 TLS 1.2 及以上？"),
        section: "TRN",
        reason: "unanswered",
        open: "awaiting_vendor",
        knockout: true,
        impact: 12.5,
        evidence: tx("TLS configuration report", "TLS 配置报告"),
        to_pass: tx("answer yes, with the TLS configuration report", "回答“是”，并提供 TLS 配置报告"),
        expired_on: null,
      },
      {
        question: "E2E-03",
        question_text: tx("Is the E2E protocol audited?", "端到端协议是否经过审计？"),
        section: "E2E",
        reason: "evidence_expired",
        open: null,
        knockout: false,
        impact: 2,
        evidence: tx("The audit report", "审计报告"),
        to_pass: null,
        expired_on: "2026-01-31",
      },
    ],
  });
  const tiedA = vendor(1, "Element", { vendor_id: 21, tied_with: ["Matrix"], decision: { verdict: "meets_with_conditions", reasons: [tx("TRN-02 passed on a claim", "TRN-02 仅凭声明通过")] } });
  const tiedB = vendor(1, "Matrix", { vendor_id: 22, tied_with: ["Element"], sections: [sec(40), sec(30)] });

  const grid = {
    vendors: ["Element", "Matrix", "Wire"],
    rows: [
      row("TRN-01", "Is TLS 1.2 or later enforced?", "是否强制 TLS 1.2 及以上？", [cell(), cell(), unknown("awaiting_vendor")], true),
      row("TRN-02", "Are weak ciphers disabled?", "是否禁用弱密码套件？", [cell({ needs_evidence: true, evidence: "claimed" }), cell(), cell()]),
      row("E2E-01", "Is end-to-end encryption on by default?", "是否默认启用端到端加密？", [cell(), cell({ status: "declined", answer: null, score: 0 }), cell()], true),
      row("E2E-03", "Is the E2E protocol audited?", "端到端协议是否经过审计？", [cell(), cell(), cell({ evidence_expiring: true })]),
      row("KEY-06", "Where are root keys held?", "根密钥保存在何处？", [cell(), unknown(), cell()]),
    ],
  };
  const decided: ComparisonView = { ...view, evaluation: own, vendors: [tiedA, tiedB, undecided] };

  const gridRows = () => screen.queryAllByTestId("grid-row").map((r) => r.dataset.question);
  const filter = (name: string) => screen.getAllByTestId("grid-filter").find((f) => f.dataset.filter === name)!;

  test("a section with nothing answered says “no data” / “无数据”, never 0.0", async () => {
    get.mockResolvedValue(decided);
    render(Comparison, { evaluationId: 2 });
    const rows = await screen.findAllByTestId("vendor-row");
    const cells = within(rows[2]).getAllByTestId("section-score");
    expect(cells[1].dataset.state).toBe("no_data");
    expect(cells[1].textContent?.trim()).toBe("no data");
    expect(cells[1].textContent).not.toContain("0.0");
    expect(within(cells[1]).queryByTestId("why-section")).toBeNull();
    expect(cells[0].dataset.state).toBe("scored");
    setLocale("zh-CN");
    await vi.waitFor(() => expect(within(rows[2]).getAllByTestId("section-score")[1].textContent?.trim()).toBe("无数据"));
    // The radar draws no-data at its centre: it says so, per vendor.
    expect(screen.getByTestId("radar-no-data").textContent).toContain("Wire: E2E");
  });

  test("a vendor below the coverage threshold is not ranked: “insufficient data — N questions open”; ties are marked", async () => {
    get.mockResolvedValue(decided);
    render(Comparison, { evaluationId: 2 });
    const rows = await screen.findAllByTestId("vendor-row");
    expect(rows.map((r) => within(r).getByTestId("vendor-rank").textContent)).toEqual(["1=", "1=", "—"]);
    expect(within(rows[2]).getByTestId("vendor-unranked").textContent).toBe("insufficient data — 71 questions open");
    expect(within(rows[0]).getByTestId("vendor-tied").textContent).toBe("tied within what is known with Matrix");
    expect(screen.getByTestId("coverage-threshold").textContent).toContain("Ranked only at ≥ 60 % coverage");
    expect(screen.getAllByTestId("ranking-item").map((r) => r.textContent)).toEqual(["1=. Element", "1=. Matrix", "Wire (insufficient data)"]);
    // The total with its range and coverage; evidence coverage apart.
    expect(within(rows[2]).getByTestId("vendor-range").textContent).toBe("range 4.2–88.5");
    expect(within(rows[2]).getByTestId("vendor-coverage").textContent).toBe("coverage 9%");
    expect(within(rows[2]).getByTestId("vendor-evidence").textContent?.trim()).toBe("50%");
    expect(within(rows[2]).getByTestId("eligibility").textContent).toContain("to be confirmed");
    expect(within(rows[2]).getByTestId("eligibility").textContent).not.toContain("Not eligible");
    setLocale("zh-CN");
    await vi.waitFor(() => expect(within(rows[2]).getByTestId("vendor-unranked").textContent).toBe("数据不足 — 71 个问题待答"));
    expect(within(rows[0]).getByTestId("vendor-tied").textContent).toContain("在已知范围内并列");
  });

  test("the coverage threshold is the evaluation's to set: saved through the core, refused out of 0–100, back to the default", async () => {
    // Saving 0 % ranks Wire too; the core answers with the re-scored comparison.
    const ranked: ComparisonView = {
      ...decided,
      evaluation: { ...own, custom_coverage_threshold: true },
      coverage_threshold: 0,
      vendors: [tiedA, tiedB, { ...undecided, rank: 3 }],
    };
    vi.mocked(saveCoverageThreshold).mockResolvedValueOnce(ranked).mockResolvedValueOnce(decided);
    get.mockResolvedValue(decided);
    render(Comparison, { evaluationId: 2 });
    const input = (await screen.findByTestId("coverage-threshold-input")) as HTMLInputElement;
    const save = screen.getByTestId("coverage-threshold-save") as HTMLButtonElement;
    expect(input.value).toBe("60");
    expect(screen.getByTestId("coverage-threshold").textContent).toContain("(the default)");
    expect(save.disabled).toBe(true);
    expect(screen.queryByTestId("coverage-threshold-default")).toBeNull();

    // Out of range: said at the field, nothing sent.
    await fireEvent.input(input, { target: { value: "150" } });
    expect(screen.getByTestId("coverage-threshold-invalid").textContent).toBe("Enter a percentage from 0 to 100.");
    expect(save.disabled).toBe(true);
    expect(saveCoverageThreshold).not.toHaveBeenCalled();

    await fireEvent.input(input, { target: { value: "0" } });
    expect(screen.queryByTestId("coverage-threshold-invalid")).toBeNull();
    await fireEvent.click(save);
    expect(saveCoverageThreshold).toHaveBeenCalledWith(2, 0);
    await vi.waitFor(() =>
      expect(screen.getAllByTestId("vendor-row").map((r) => within(r).getByTestId("vendor-rank").textContent)).toEqual(["1=", "1=", "3"]),
    );
    expect(screen.getByTestId("coverage-threshold").textContent).toContain("Ranked only at ≥ 0 % coverage");
    expect(screen.getByTestId("coverage-threshold").textContent).toContain("(set for this evaluation)");

    await fireEvent.click(screen.getByTestId("coverage-threshold-default"));
    expect(saveCoverageThreshold).toHaveBeenLastCalledWith(2, null);
    await vi.waitFor(() => expect(screen.getByTestId("coverage-threshold").textContent).toContain("≥ 60 %"));
    expect((screen.getByTestId("coverage-threshold-input") as HTMLInputElement).value).toBe("60");
  });

  test("a refused threshold shows the core's message and keeps the comparison", async () => {
    vi.mocked(saveCoverageThreshold).mockRejectedValueOnce({ code: "invalid_input", en: "The coverage threshold must be 0–100 %.", "zh-CN": "覆盖率阈值须在 0–100% 之间。" });
    get.mockResolvedValue(decided);
    render(Comparison, { evaluationId: 2 });
    const input = await screen.findByTestId("coverage-threshold-input");
    await fireEvent.input(input, { target: { value: "75" } });
    await fireEvent.click(screen.getByTestId("coverage-threshold-save"));
    expect((await screen.findByTestId("coverage-threshold-error")).textContent).toBe("The coverage threshold must be 0–100 %.");
    expect(screen.getAllByTestId("vendor-row")).toHaveLength(3);
  });

  test("the read-only demo shows its threshold without a form", async () => {
    get.mockResolvedValue({ ...decided, evaluation: demo });
    render(Comparison, { evaluationId: 1 });
    expect((await screen.findByTestId("coverage-threshold")).textContent).toContain("≥ 60 %");
    expect(screen.queryByTestId("coverage-threshold-input")).toBeNull();
  });

  test("the range bars show floor, point and ceiling with the value always written", async () => {
    get.mockResolvedValue(decided);
    render(Comparison, { evaluationId: 2 });
    const bars = await screen.findAllByTestId("range-bar");
    expect(bars.map((b) => b.dataset.vendor)).toEqual(["Element", "Matrix", "Wire"]);
    const wire = bars[2];
    expect(wire.dataset.floor).toBe("4.2");
    expect(wire.dataset.ceiling).toBe("88.5");
    expect(within(wire).getByTestId("range-bar-value").textContent?.replace(/\s+/g, " ").trim()).toBe("4.2 (4.2–88.5)");
    expect(within(wire).getByRole("img").getAttribute("aria-label")).toBe("Wire: 4.2, range 4.2–88.5");
    // The range bars come before the radar.
    const order = screen.getByTestId("range-bars").compareDocumentPosition(screen.getByTestId("radar-svg"));
    expect(order & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  test("the overview shows the decision: verdict in words, reasons, and what would pass each open gate", async () => {
    get.mockResolvedValue(decided);
    overview(2);
    const panel = await screen.findByTestId("decision");
    const cards = within(panel).getAllByTestId("decision-vendor");
    expect(cards.map((c) => within(c).getByTestId("verdict").textContent?.trim())).toEqual([
      "✓ Meets them with conditions",
      "✓ Meets the requirements",
      "? Not enough information",
    ]);
    const wire = cards[2];
    expect(within(wire).getByTestId("decision-reason").textContent).toBe("Only 9% of the total rests on known answers (60% needed)");
    const toPass = within(wire).getAllByTestId("to-pass");
    // The open and the provisionally failed gate; not the one passed.
    expect(toPass.map((p) => p.dataset.question)).toEqual(["TRN-01", "KEY-02"]);
    expect(toPass[0].textContent).toContain("TRN-01: answer yes, with the TLS configuration report");
    expect(toPass[1].textContent).toContain("to be confirmed");
    expect(wire.textContent).toContain("What would pass");
    setLocale("zh-CN");
    await vi.waitFor(() => expect(within(wire).getByTestId("verdict").textContent).toContain("信息不足"));
    expect(within(wire).getByTestId("decision-reason").textContent).toBe("总分中仅 9% 基于已知回答（需 60%）");
    expect(within(wire).getAllByTestId("to-pass")[0].textContent).toContain("回答“是”，并提供 TLS 配置报告");
    expect(wire.textContent).toContain("通过条件");
  });

  test("the request list shows a vendor's requests in order, and the follow-up workbook is saved for that vendor", async () => {
    get.mockResolvedValue(decided);
    vi.mocked(exportFollowUpWorkbook).mockReset().mockResolvedValue({ status: "saved", path: "/tmp/follow-up-11-en.xlsx", bytes: 9 });
    vi.mocked(getNegotiationPoints)
      .mockReset()
      .mockImplementation(async (vendorId) => ({ vendor_id: vendorId, vendor: "", points: [] }));
    const place = placeOf(2);
    render(Requests, { evaluationId: 2 });
    const list = await screen.findByTestId("requests");
    expect(within(list).getByTestId("requests-empty")).toBeTruthy(); // Element, first: nothing to ask
    // Below the requests, the shown vendor's negotiation points.
    expect(await screen.findByTestId("negotiation-none")).toBeTruthy();
    expect(getNegotiationPoints).toHaveBeenLastCalledWith(21);
    await fireEvent.change(within(list).getByTestId("requests-vendor"), { target: { value: "11" } });
    expect(place.requestsVendor).toBe(11); // kept for the next visit to the tab
    await vi.waitFor(() => expect(getNegotiationPoints).toHaveBeenLastCalledWith(11));
    const items = await within(list).findAllByTestId("request");
    expect(items.map((i) => i.dataset.question)).toEqual(["TRN-01", "E2E-03"]);
    expect(within(items[0]).getByTestId("request-knockout").textContent).toBe("Must-have");
    expect(within(items[0]).getByTestId("request-reason").textContent?.replace(/\s+/g, " ").trim()).toBe("unanswered · awaiting the vendor");
    expect(within(items[0]).getByTestId("request-impact").textContent?.trim()).toBe("12.5 points at stake");
    expect(items[0].textContent).toContain("Is TLS 1.2 or later enforced?");
    expect(within(items[0]).getByTestId("request-evidence").textContent).toBe("Evidence to ask for: TLS configuration report");
    expect(within(items[0]).getByTestId("request-to-pass").textContent).toContain("answer yes");
    expect(within(items[1]).getByTestId("request-reason").textContent).toContain("expired on Jan 31, 2026");
    expect(within(items[1]).queryByTestId("request-knockout")).toBeNull();

    await fireEvent.click(within(list).getByTestId("follow-up-workbook"));
    expect(exportFollowUpWorkbook).toHaveBeenCalledWith(11, "en");
    expect((await within(list).findByTestId("workbook-saved")).textContent).toContain("/tmp/follow-up-11-en.xlsx");
    // A closed dialog is not an error.
    vi.mocked(exportFollowUpWorkbook).mockResolvedValueOnce({ status: "cancelled" });
    await fireEvent.click(within(list).getByTestId("follow-up-workbook"));
    expect(await within(list).findByTestId("workbook-cancelled")).toBeTruthy();
    expect(within(list).queryByTestId("workbook-error")).toBeNull();
    // The same vendor's security schedule for the contract.
    vi.mocked(exportSecuritySchedule).mockReset().mockResolvedValue({ status: "saved", path: "/tmp/security-schedule-11-en.docx", bytes: 9 });
    await fireEvent.click(within(list).getByTestId("security-schedule"));
    expect(exportSecuritySchedule).toHaveBeenCalledWith(11, "en");
    expect((await within(list).findByTestId("schedule-saved")).textContent).toContain("/tmp/security-schedule-11-en.docx");
  });

  test("the Compare tab does not fetch the question grid: the Questions tab does, on its own", async () => {
    get.mockResolvedValue(decided);
    vi.mocked(getQuestionGrid).mockReset().mockResolvedValue(grid);
    render(Comparison, { evaluationId: 2 });
    await screen.findByTestId("ranking");
    expect(screen.queryByTestId("question-grid")).toBeNull();
    expect(getQuestionGrid).not.toHaveBeenCalled();
    cleanup();
    get.mockClear();
    render(Questions, { evaluationId: 2 });
    await screen.findByTestId("question-grid");
    expect(getQuestionGrid).toHaveBeenCalledWith(2);
    expect(get).not.toHaveBeenCalled();
  });

  test("the Questions tab says why it could not load, in the UI's language", async () => {
    vi.mocked(getQuestionGrid).mockReset().mockRejectedValue({ code: "not_found", en: "no evaluation 9", "zh-CN": "没有评估 9" });
    render(Questions, { evaluationId: 9 });
    expect((await screen.findByTestId("questions-error")).textContent).toContain("no evaluation 9");
    cleanup();
    setLocale("zh-CN");
    render(Questions, { evaluationId: 9 });
    expect((await screen.findByTestId("questions-error")).textContent).toContain("无法加载逐题对照：没有评估 9");
    setLocale("en");
  });

  test("grid: each filter narrows the rows, filters combine, and the search finds ids and both languages", async () => {
    vi.mocked(getQuestionGrid).mockReset().mockResolvedValue(grid);
    render(Questions, { evaluationId: 2 });
    const panel = await screen.findByTestId("question-grid");
    expect(gridRows()).toEqual(["TRN-01", "TRN-02", "E2E-01", "E2E-03", "KEY-06"]);
    expect(within(panel).getByTestId("grid-count").textContent).toContain("5 of 5 questions shown");
    // A cell says where an unanswered question stands, with its range.
    const cellOf = (q: string, i: number) =>
      within(screen.getAllByTestId("grid-row").find((r) => r.dataset.question === q)!).getAllByTestId("grid-cell")[i];
    expect(cellOf("TRN-01", 2).textContent).toContain("awaiting the vendor");
    expect(cellOf("TRN-01", 2).textContent).toContain("0.0–100.0");
    expect(cellOf("KEY-06", 1).textContent).toContain("not asked yet");
    expect(cellOf("E2E-01", 1).textContent).toContain("declined");

    const each: [string, string[]][] = [
      ["unanswered", ["TRN-01", "KEY-06"]],
      ["knockouts", ["TRN-01", "E2E-01"]],
      ["needs_evidence", ["TRN-02"]],
      ["evidence_expiring", ["E2E-03"]],
      ["declined", ["E2E-01"]],
    ];
    for (const [name, expected] of each) {
      await fireEvent.click(filter(name));
      await vi.waitFor(() => expect(gridRows(), name).toEqual(expected));
      await fireEvent.click(filter(name));
    }
    await vi.waitFor(() => expect(gridRows()).toHaveLength(5));

    // AND: unanswered knockouts.
    await fireEvent.click(filter("unanswered"));
    await fireEvent.click(filter("knockouts"));
    await vi.waitFor(() => expect(gridRows()).toEqual(["TRN-01"]));
    expect(within(panel).getByTestId("grid-count").dataset.shown).toBe("1");
    await fireEvent.click(filter("unanswered"));
    await fireEvent.click(filter("knockouts"));

    const search = within(panel).getByTestId("grid-search");
    await fireEvent.input(search, { target: { value: "tls" } });
    await vi.waitFor(() => expect(gridRows()).toEqual(["TRN-01"]));
    await fireEvent.input(search, { target: { value: "key-0" } });
    await vi.waitFor(() => expect(gridRows()).toEqual(["KEY-06"]));
    // Chinese text, while the UI is in English.
    await fireEvent.input(search, { target: { value: "端到端" } });
    await vi.waitFor(() => expect(gridRows()).toEqual(["E2E-01", "E2E-03"]));
    await fireEvent.input(search, { target: { value: "nothing like this" } });
    await vi.waitFor(() => expect(gridRows()).toEqual([]));
    expect(within(panel).getByTestId("grid-none")).toBeTruthy();
  });

  test("unticking a vendor drops its grid column, and its cells from the filters", async () => {
    vi.mocked(getQuestionGrid).mockReset().mockResolvedValue(grid);
    render(Questions, { evaluationId: 2 });
    await screen.findByTestId("question-grid");
    await fireEvent.click(filter("unanswered"));
    await vi.waitFor(() => expect(gridRows()).toEqual(["TRN-01", "KEY-06"]));
    await fireEvent.click(screen.getAllByTestId("vendor-toggle")[2]); // Wire
    await vi.waitFor(() => expect(gridRows()).toEqual(["KEY-06"]));
    expect(screen.getAllByTestId("grid-vendor").map((v) => v.textContent)).toEqual(["Element", "Matrix"]);
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
    await vi.waitFor(() => expect(screen.getByTestId("evaluation-title").textContent).toBe(copy.name));
  });

  test("an own evaluation offers the questionnaire upgrade, the read-only demo does not; an upgrade reloads the comparison", async () => {
    const upgraded: EvaluationSummary = { ...own, questionnaire: "assay-im-security@1.1.0" };
    list.mockResolvedValueOnce([own, demo]).mockResolvedValue([upgraded, demo]);
    get.mockImplementation(async (id) => ({ ...view, evaluation: id === 2 ? own : demo }));
    vi.mocked(upgradeChoices).mockResolvedValue([]);
    render(Evaluations);
    const items = await screen.findAllByTestId("evaluation-item");
    await fireEvent.click(items[1]);
    await vi.waitFor(() => expect(screen.getByTestId("evaluation-title").textContent).toBe(demo.name));
    expect(screen.queryByTestId("upgrade-questionnaire")).toBeNull();
    await fireEvent.click(items[0]);
    await fireEvent.click(await screen.findByTestId("upgrade-questionnaire"));
    expect(await screen.findByTestId("upgrade-none")).toBeTruthy();
    expect(upgradeChoices).toHaveBeenCalledWith(2);
    await fireEvent.click(screen.getByTestId("upgrade-cancel"));
    expect(screen.queryByTestId("upgrade-panel")).toBeNull();

    // Applied: the comparison and the vendors are loaded again (answers may have been dropped).
    const newer = questionnaire({ key: "assay-im-security-next", version: "1.1.0" });
    vi.mocked(upgradeChoices).mockResolvedValue([newer]);
    vi.mocked(previewQuestionnaireUpgrade).mockResolvedValue({
      fingerprint: "ff",
      plan: { evaluation: 2, questionnaire: "assay-im-security", from_version: "1.0.0", to_version: "1.1.0", added_questions: [], removed_questions: [], vendors: [] },
    });
    vi.mocked(applyQuestionnaireUpgrade).mockResolvedValue(upgraded);
    // The open tab (Vendors here) loads again.
    await fireEvent.click(screen.getByTestId("tab-vendors"));
    await vi.waitFor(() => expect(listVendors).toHaveBeenCalledWith(2));
    const vendorLists = vi.mocked(listVendors).mock.calls.length;
    await fireEvent.click(screen.getByTestId("upgrade-questionnaire"));
    await fireEvent.click(await screen.findByTestId("upgrade-preview"));
    await fireEvent.click(await screen.findByTestId("upgrade-apply"));
    expect(applyQuestionnaireUpgrade).toHaveBeenCalledWith(2, "assay-im-security-next", "ff");
    await vi.waitFor(() => expect(vi.mocked(listVendors).mock.calls.length).toBeGreaterThan(vendorLists));
    expect(screen.queryByTestId("upgrade-panel")).toBeNull();
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
