// The question × vendor grid with many rows and vendors: only the rows and
// vendor columns near the scroll position are laid out; the table still says
// how many there are, and filters and search work on all of them.
import { afterEach, describe, expect, test, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import QuestionGrid from "./QuestionGrid.svelte";
import { setLocale } from "../../i18n/index.svelte";
import type { GridCell } from "../../bindings/GridCell";
import type { GridRow } from "../../bindings/GridRow";

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

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
    // Only the laid-out rows' cells, one per vendor column laid out, are in the DOM.
    expect(screen.getAllByTestId("grid-cell").length).toBe(laid().length * screen.getAllByTestId("grid-vendor").length);
    // A filter and a search reach rows far below the window.
    await fireEvent.click(screen.getAllByTestId("grid-filter").find((f) => f.dataset.filter === "knockouts")!);
    expect(laid().map((r) => r.dataset.question)).toEqual(rows.filter((r) => r.knockout).map((r) => r.question));
    await fireEvent.click(screen.getAllByTestId("grid-filter").find((f) => f.dataset.filter === "knockouts")!);
    await fireEvent.input(screen.getByTestId("grid-search"), { target: { value: "Question 499" } });
    expect(laid().map((r) => r.dataset.question)).toEqual(["Q-499"]);
  });
});

describe("QuestionGrid, 20 vendor columns in a 1,200 px wide area", () => {
  const frame = () => new Promise((done) => requestAnimationFrame(() => done(null)));
  test("lays out only the vendor columns in view, and the others as the area scrolls right", async () => {
    setLocale("en");
    // jsdom lays nothing out: the scroll area is given its width (rem = 16 px).
    vi.spyOn(HTMLElement.prototype, "clientWidth", "get").mockImplementation(function (this: HTMLElement) {
      return this.dataset.testid === "grid-scroll" ? 1200 : 0;
    });
    render(QuestionGrid, { grid: { vendors, rows } });
    await frame();
    await frame();
    const heads = () => screen.getAllByTestId("grid-vendor");
    const table = screen.getByRole("table");
    expect(table.getAttribute("aria-colcount")).toBe("21");
    // (1,200 px / 16 − 18 rem) / 9 rem → 7 columns in view, and one beyond.
    expect(heads().map((h) => h.textContent)).toEqual(vendors.slice(0, 8));
    expect(heads().map((h) => h.getAttribute("aria-colindex"))).toEqual(["2", "3", "4", "5", "6", "7", "8", "9"]);
    const firstRow = screen.getAllByTestId("grid-row")[0];
    expect(firstRow.querySelectorAll('[data-testid="grid-cell"]').length).toBe(8);
    // The columns left out are one spacer cell each side, hidden from assistive technology.
    expect(firstRow.querySelectorAll("td.gap").length).toBe(1);
    expect(firstRow.querySelector("td.gap")!.getAttribute("aria-hidden")).toBe("true");

    // Scrolled right by ten columns (1,440 px).
    const area = screen.getByTestId("grid-scroll");
    Object.defineProperty(area, "scrollLeft", { configurable: true, value: 1440 });
    await fireEvent.scroll(area);
    expect(heads().map((h) => h.textContent)).toEqual(vendors.slice(7, 18));
    expect(heads()[0].getAttribute("aria-colindex")).toBe("9");
    const row = screen.getAllByTestId("grid-row")[0];
    expect(row.querySelectorAll("td.gap").length).toBe(2);
    expect([...row.querySelectorAll('[data-testid="grid-cell"]')].map((c) => c.getAttribute("aria-colindex"))).toEqual(
      Array.from({ length: 11 }, (_, i) => String(i + 9)),
    );
    // The spacer columns keep the table as wide as every column.
    const widths = [...table.querySelectorAll("col")].map((c) => c.style.width);
    expect(widths[1]).toBe("63rem");
    expect(widths.at(-1)).toBe("18rem");
    expect(table.style.minWidth).toBe("198rem");

    // Scrolled to the end: the last vendor is laid out.
    Object.defineProperty(area, "scrollLeft", { configurable: true, value: 198 * 16 - 1200 });
    await fireEvent.scroll(area);
    expect(heads().at(-1)!.textContent).toBe("Vendor 20");
  });
});
