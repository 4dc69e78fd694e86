// Section weights as the user types them (percent, relative). Display state
// only: the core validates them and normalises them to 100 when scoring.
import type { SectionWeight } from "../bindings/SectionWeight";

/** A typed weight: anything but a number of 0 or more counts as 0. */
export function parseWeight(value: string): number {
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : 0;
}

/** The plain total of the weights, as shown beside them. */
export function weightSum(weights: number[]): number {
  return weights.reduce((a, w) => a + (Number.isFinite(w) ? w : 0), 0);
}

/** Whether the total shows as 100 (one decimal); otherwise it is scaled in proportion when scoring. */
export function addsUpTo100(sum: number): boolean {
  return Math.abs(sum - 100) <= 0.05;
}

/** One weight per section, as the core takes them. */
export function sectionWeights(sections: { id: string }[], weights: number[]): SectionWeight[] {
  return sections.map((s, i) => ({ section: s.id, weight: weights[i] ?? 0 }));
}
