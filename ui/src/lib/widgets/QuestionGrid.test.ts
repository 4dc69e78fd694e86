// The question × vendor grid with many rows: only the rows near the scroll
// position are laid out; the table still says how many there are, and filters
// and search work on all of them.
import { afterEach, describe, expect, test } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import QuestionGrid from "./QuestionGrid.svelte";
import { setLocale } from "../../i18n/index.svelte";
import type { GridCell } from "../../bindings/GridCell";
import type { GridRow } from "../../bindings/GridRow";

afterEach(() => cleanup());

const cell = (): GridCell => ({
  status: "answered",
  open: null,
  answer: { en: "Yes", "zh-CN": "是" },
  score: 100,
  range: { floor: 100, point: 100, ceiling: 100 },
  evidence: "not_required",
  flags: [],
  needs_evidence: false,
  evidence_expiring: false,
  gate: null,
});
const vendors = Array.from({ length: 20 }, (_, i) => `Vendor ${i + 1}`);
const rows: GridRow[] = Array.from({ length: 500 }, (_, i) => ({
  question: `Q-${String(i).padStart(3, "0")}`,
  section: "Q",
  text: { en: `Question ${i}`, "zh-CN": `问题 ${i}` },
  knockout: i % 50 === 0,
  weight: 1,
  cells: vendors.map(cell),
}));

describe("QuestionGrid, 20 vendors × 500 questions", () => {
  test("lays out only the rows near the top, keeps the row count, and filters all rows", async () => {
    setLocale("en");
    render(QuestionGrid, { grid: { vendors, rows } });
    const laid = () => screen.getAllByTestId("grid-row");
    expect(laid().length).toBeLessThan(40);
    expect(laid()[0].dataset.question).toBe("Q-000");
    expect(laid()[0].getAttribute("aria-rowindex")).toBe("2");
    expect(screen.getByRole("table").getAttribute("aria-rowcount")).toBe("501");
    expect(screen.getByTestId("grid-count").dataset.shown).toBe("500");
    // Only the 20 columns of the laid-out rows are in the DOM.
    expect(screen.getAllByTestId("grid-cell").length).toBe(laid().length * 20);
    // A filter and a search reach rows far below the window.
    await fireEvent.click(screen.getAllByTestId("grid-filter").find((f) => f.dataset.filter === "knockouts")!);
    expect(laid().map((r) => r.dataset.question)).toEqual(rows.filter((r) => r.knockout).map((r) => r.question));
    await fireEvent.click(screen.getAllByTestId("grid-filter").find((f) => f.dataset.filter === "knockouts")!);
    await fireEvent.input(screen.getByTestId("grid-search"), { target: { value: "Question 499" } });
    expect(laid().map((r) => r.dataset.question)).toEqual(["Q-499"]);
  });
});
