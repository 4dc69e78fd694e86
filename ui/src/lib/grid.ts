// The question × vendor grid's filters: display only. Every flag a filter
// reads (status, knockout, needs evidence, evidence expiring) comes computed
// from the core (assay::app::decision); this only chooses which rows to show.
import type { GridCell } from "../bindings/GridCell";
import type { GridRow } from "../bindings/GridRow";

/** The grid's filters, in the order the screen offers them. */
export const GRID_FILTERS = ["unanswered", "knockouts", "needs_evidence", "evidence_expiring", "declined"] as const;
export type GridFilter = (typeof GRID_FILTERS)[number];

const CELL: Record<Exclude<GridFilter, "knockouts">, (c: GridCell) => boolean> = {
  unanswered: (c) => c.status === "unknown",
  needs_evidence: (c) => c.needs_evidence,
  evidence_expiring: (c) => c.evidence_expiring,
  declined: (c) => c.status === "declined",
};

/** Whether a row passes one filter: a cell filter passes when any vendor's cell matches. */
function passes(row: GridRow, filter: GridFilter, vendors: (i: number) => boolean): boolean {
  if (filter === "knockouts") return row.knockout;
  const test = CELL[filter];
  return row.cells.some((c, i) => vendors(i) && test(c));
}

/** Lower-cased, for a search that ignores case. */
const fold = (s: string) => s.toLocaleLowerCase();

/**
 * The rows to show: every chosen filter passes (AND), and the search (if any)
 * is found in the question id or its text in either language. `vendors` says
 * which columns are on screen (default: all).
 */
export function filterRows(
  rows: GridRow[],
  filters: readonly GridFilter[],
  search: string,
  vendors: (i: number) => boolean = () => true,
): GridRow[] {
  const needle = fold(search.trim());
  return rows.filter(
    (row) =>
      filters.every((f) => passes(row, f, vendors)) &&
      (needle === "" || [row.question, row.text.en, row.text["zh-CN"]].some((s) => fold(s).includes(needle))),
  );
}
