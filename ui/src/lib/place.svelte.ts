// Where the user is in each evaluation's workspace: the tab, the vendor being
// answered and its section, the vendor whose requests are shown, and how far
// each tab was scrolled. Kept per evaluation for the session (not saved), so
// moving between tabs, or to another evaluation and back, returns to the same
// place instead of the top of a page.

/** The workspace's tabs, in their order on screen. */
export const TABS = ["overview", "vendors", "answer", "compare", "questions", "requests", "report", "history"] as const;
export type Tab = (typeof TABS)[number];

export type Place = {
  tab: Tab;
  /** The vendor open in the Answer tab; null: the first one. */
  vendor: number | null;
  /** Per vendor id: the index of the section last open in its questionnaire. */
  sections: Record<number, number>;
  /** The vendor whose request list is shown; null: the first one. */
  requestsVendor: number | null;
  /** Per tab: the window's scroll offset when the user left it. */
  scroll: Partial<Record<Tab, number>>;
};

// The map itself is not reactive (looking a place up may create it, also while
// a component derives its values); each place in it is.
const places = new Map<number, Place>();

/** The place in evaluation `id` (a reactive object: change its fields to move). */
export function placeOf(id: number): Place {
  let place = places.get(id);
  if (!place) {
    place = fresh();
    places.set(id, place);
  }
  return place;
}

function fresh(): Place {
  const place: Place = $state({ tab: "overview", vendor: null, sections: {}, requestsVendor: null, scroll: {} });
  return place;
}

/** Forgets every place (tests; a deleted evaluation needs no cleanup: its id is not reused). */
export function resetPlaces(): void {
  places.clear();
}
