// Component tests for an evaluation's workspace, with a fake backend (vi.mock
// of ../../api): the tabs, what to do next, answering vendor after vendor, and
// the place (tab, vendor, section) kept when moving away and back.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/svelte";
import Workspace from "./Workspace.svelte";
import Evaluations from "./Evaluations.svelte";
import {
  createEvaluation,
  getAuditLog,
  getComparison,
  getForm,
  getNegotiationPoints,
  getQuestionGrid,
  listEvaluations,
  listQuestionnaires,
  listVendors,
  profileWeights,
} from "../../api";
import { setLocale } from "../../i18n/index.svelte";
import { nextSteps, VENDORS_NAMED } from "../next-steps";
import { placeOf, resetPlaces } from "../place.svelte";
import { q, vendorRow, view as formView } from "../test-fixtures";
import type { ComparisonView } from "../../bindings/ComparisonView";
import type { EvaluationSummary } from "../../bindings/EvaluationSummary";
import type { VendorRow } from "../../bindings/VendorRow";
import type { VendorSummary } from "../../bindings/VendorSummary";

vi.mock("../../api");

const own: EvaluationSummary = {
  id: 2,
  name: "Our 2027 tender",
  notes: "",
  as_of: "2027-01-15",
  profiles: ["GLOBAL"],
  evaluators: [],
  questionnaire: "assay-im-security@1.1.0",
  updated_at: "2027-01-01T00:00:00.000Z",
  illustrative: false,
  fictional: false,
  read_only: false,
  custom_weights: false,
  custom_coverage_threshold: false,
};

const row = vendorRow;

function comparison(vendors: VendorRow[], evaluation = own): ComparisonView {
  return {
    what_if: false,
    coverage_threshold: 60,
    default_coverage_threshold: 60,
    radar: { axes: [], rings: [], series: [] },
    evaluation,
    formula_version: "assay-score/1",
    profiles: [],
    available_profiles: [],
    sections: [],
    vendors,
  };
}

const request = {
  question: "TRN-01",
  question_text: { en: "TLS?", "zh-CN": "TLS？" },
  section: "TRN",
  reason: "unanswered" as const,
  open: null,
  knockout: false,
  impact: 5,
  evidence: null,
  to_pass: null,
  expired_on: null,
};

const vendorSummary = (id: number, name: string): VendorSummary => ({ id, evaluation_id: 2, name, product: null, deployment: null, notes: "" });
const VENDORS = [vendorSummary(11, "Acme"), vendorSummary(12, "Beta"), vendorSummary(13, "Gamma")];

/** The form of vendor `id`: two sections, the vendor named as in VENDORS. */
function form(id: number) {
  const v = VENDORS.find((x) => x.id === id)!;
  return formView([q("IRV-01", "yes_no")], { vendor: v });
}

beforeEach(() => {
  setLocale("en");
  resetPlaces();
  vi.mocked(getComparison).mockReset();
  vi.mocked(listVendors).mockReset().mockResolvedValue(VENDORS);
  vi.mocked(getForm).mockReset().mockImplementation(async (id) => form(id));
  vi.mocked(getAuditLog).mockResolvedValue([]);
  vi.mocked(profileWeights).mockResolvedValue([]);
  // Every tab a test opens loads its data: none may get the automock's undefined.
  vi.mocked(getNegotiationPoints).mockImplementation(async (vendorId) => ({ vendor_id: vendorId, vendor: "", points: [] }));
  vi.mocked(getQuestionGrid).mockResolvedValue({ vendors: [], rows: [] });
});
afterEach(() => cleanup());

const tab = (id: string) => screen.getByTestId(`tab-${id}`);
const selectedTab = () => screen.getAllByRole("tab").find((t) => t.getAttribute("aria-selected") === "true")?.dataset.testid;

describe("workspace tabs", () => {
  test("opens on the overview; each tab shows its job; the keyboard moves between tabs", async () => {
    vi.mocked(getComparison).mockResolvedValue(comparison([row(11, "Acme", { open_questions: 4 })]));
    render(Workspace, { evaluation: own, ondetails: vi.fn() });
    expect(screen.getByTestId("evaluation-title").textContent).toBe(own.name);
    expect(selectedTab()).toBe("tab-overview");
    expect(await screen.findByTestId("next-steps")).toBeTruthy();
    expect(screen.getAllByRole("tab").map((t) => t.textContent)).toEqual([
      "Overview",
      "Vendors",
      "Answer",
      "Compare",
      "Questions",
      "Requests",
      "Report",
      "History",
    ]);
    // One tab in the tab order; the panel is labelled by it.
    expect(screen.getAllByRole("tab").map((t) => t.tabIndex)).toEqual([0, -1, -1, -1, -1, -1, -1, -1]);
    expect(screen.getByRole("tabpanel").getAttribute("aria-labelledby")).toBe("tab-overview");

    await fireEvent.click(tab("vendors"));
    expect(await screen.findByTestId("vendors")).toBeTruthy();
    expect(screen.queryByTestId("next-steps")).toBeNull();
    await fireEvent.click(tab("report"));
    expect(screen.getByTestId("report")).toBeTruthy();
    await fireEvent.keyDown(tab("report"), { key: "ArrowRight" });
    await vi.waitFor(() => expect(selectedTab()).toBe("tab-history"));
    await vi.waitFor(() => expect(document.activeElement).toBe(tab("history")));
    await fireEvent.keyDown(tab("history"), { key: "ArrowRight" }); // wraps round
    await vi.waitFor(() => expect(selectedTab()).toBe("tab-overview"));
    await fireEvent.keyDown(tab("overview"), { key: "End" });
    await vi.waitFor(() => expect(selectedTab()).toBe("tab-history"));
    setLocale("zh-CN");
    await vi.waitFor(() => expect(tab("answer").textContent).toBe("作答"));
    setLocale("en");
  });

  test("a next step opens the tab that does it, with its vendor", async () => {
    vi.mocked(getComparison).mockResolvedValue(
      comparison([row(11, "Acme"), row(12, "Beta", { open_questions: 7, requests: [request] })]),
    );
    render(Workspace, { evaluation: own, ondetails: vi.fn() });
    const steps = await screen.findAllByTestId("next-step");
    expect(steps.map((s) => s.dataset.kind)).toEqual(["answer", "request", "compare", "export"]);
    expect(within(steps[0]).getByTestId("next-step-text").textContent).toBe("Beta: 7 questions still unanswered.");
    await fireEvent.click(within(steps[0]).getByTestId("next-step-go"));
    expect(selectedTab()).toBe("tab-answer");
    expect((await screen.findByTestId("form-vendor")).textContent).toBe("Beta");
    expect((screen.getByTestId("answer-vendor") as HTMLSelectElement).value).toBe("12");

    await fireEvent.click(tab("overview"));
    const again = await screen.findAllByTestId("next-step");
    await fireEvent.click(within(again[1]).getByTestId("next-step-go"));
    expect(selectedTab()).toBe("tab-requests");
    expect(((await screen.findByTestId("requests-vendor")) as HTMLSelectElement).value).toBe("12");
  });

  test("answering: previous and next vendor, and the place (vendor, section) is kept across tabs", async () => {
    vi.mocked(getComparison).mockResolvedValue(comparison([]));
    render(Workspace, { evaluation: own, ondetails: vi.fn() });
    await fireEvent.click(tab("answer"));
    expect((await screen.findByTestId("form-vendor")).textContent).toBe("Acme");
    expect((screen.getByTestId("prev-vendor") as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId("vendor-switcher").textContent).toContain("Vendor 1 of 3");
    expect(screen.getByTestId("form-left").textContent).toBe("1 left");

    await fireEvent.click(screen.getByTestId("next-vendor"));
    await vi.waitFor(() => expect(screen.getByTestId("form-vendor").textContent).toBe("Beta"));
    await fireEvent.click(screen.getByTestId("next-vendor"));
    await vi.waitFor(() => expect(screen.getByTestId("form-vendor").textContent).toBe("Gamma"));
    expect((screen.getByTestId("next-vendor") as HTMLButtonElement).disabled).toBe(true);
    // Gamma's second section, then away to Compare and back: Gamma, second section.
    await fireEvent.click(screen.getByTestId("next-section"));
    expect(screen.getByTestId("section-title").textContent).toContain("DAT");
    await fireEvent.click(tab("compare"));
    expect(screen.queryByTestId("vendor-form")).toBeNull();
    await fireEvent.click(tab("answer"));
    await vi.waitFor(() => expect(screen.getByTestId("form-vendor").textContent).toBe("Gamma"));
    expect(screen.getByTestId("section-title").textContent).toContain("DAT");
    // Another vendor opens where it was left: Beta at its first section.
    await fireEvent.change(screen.getByTestId("answer-vendor"), { target: { value: "12" } });
    await vi.waitFor(() => expect(screen.getByTestId("form-vendor").textContent).toBe("Beta"));
    expect(screen.getByTestId("section-title").textContent).toContain("IRV");
    expect(placeOf(own.id)).toMatchObject({ tab: "answer", vendor: 12, sections: { 13: 1 } });
  });

  test("an evaluation without vendors: the overview and the Answer tab both lead to adding them", async () => {
    vi.mocked(getComparison).mockResolvedValue(comparison([]));
    vi.mocked(listVendors).mockResolvedValue([]);
    render(Workspace, { evaluation: own, ondetails: vi.fn() });
    const [step] = await screen.findAllByTestId("next-step");
    expect(step.dataset.kind).toBe("add_vendors");
    await fireEvent.click(tab("answer"));
    await fireEvent.click(await screen.findByTestId("answer-add-vendors"));
    expect(selectedTab()).toBe("tab-vendors");
    expect(await screen.findByTestId("add-vendor")).toBeTruthy();
  });

  test("a new evaluation opens on its Vendors tab, the add form first", async () => {
    const created = { ...own, id: 9, name: "Tender 2028" };
    vi.mocked(listEvaluations).mockResolvedValueOnce([]).mockResolvedValue([created]);
    vi.mocked(listQuestionnaires).mockResolvedValue([
      { key: "q", file: "q.json", bundled: true, id: "q", version: "1", title: { en: "Q", "zh-CN": "问卷" }, sections: 2, questions: 3, profiles: [], problems: [] },
    ]);
    vi.mocked(createEvaluation).mockResolvedValue(created);
    vi.mocked(listVendors).mockResolvedValue([]);
    render(Evaluations);
    await fireEvent.click(await screen.findByTestId("new-evaluation-button"));
    await fireEvent.input(await screen.findByTestId("new-eval-name"), { target: { value: "Tender 2028" } });
    await fireEvent.submit(screen.getByTestId("new-evaluation"));
    await vi.waitFor(() => expect(screen.getByTestId("evaluation-title").textContent).toBe("Tender 2028"));
    expect(selectedTab()).toBe("tab-vendors");
    const vendors = await screen.findByTestId("vendors");
    const add = within(vendors).getByTestId("add-vendor");
    expect(add.compareDocumentPosition(within(vendors).getByTestId("vendors-empty")) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });
});

describe("next steps", () => {
  test("a read-only sample says how to start one's own; many vendors are counted, not all named", () => {
    expect(nextSteps(comparison([row(1, "A", { open_questions: 3 })], { ...own, read_only: true })).map((s) => s.kind)).toEqual([
      "sample",
      "export",
    ]);
    const many = Array.from({ length: 20 }, (_, i) => row(i + 1, `V${i + 1}`, { open_questions: i + 1 }));
    const steps = nextSteps(comparison(many));
    expect(steps.filter((s) => s.kind === "answer")).toHaveLength(VENDORS_NAMED);
    expect(steps.find((s) => s.kind === "more")).toEqual({ kind: "more", tab: "answer", count: 20 - VENDORS_NAMED });
    // All answered, nothing to ask: compare and report.
    expect(nextSteps(comparison([row(1, "A")])).map((s) => s.kind)).toEqual(["compare", "export"]);
  });
});
