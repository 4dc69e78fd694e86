import { describe, expect, test } from "vitest";
import { formatPercent, formatScore } from "./format";

// The core rounds the PDF's and the terminal's numbers the same way
// (scoring::fixed, tests/integration/scoring.rs
// shown_numbers_round_halves_away_from_zero_as_the_screen_does): halves away
// from zero, so a number never reads differently on screen and on paper.
describe("rounding matches the core's", () => {
  test("percentages", () => {
    expect(formatPercent(0.225, "en")).toBe("23%");
    expect(formatPercent(0.125, "en")).toBe("13%");
    expect(formatPercent(0.2249, "en")).toBe("22%");
  });
  test("scores with one decimal", () => {
    expect(formatScore(72.25, "en")).toBe("72.3");
    expect(formatScore(72.24, "en")).toBe("72.2");
  });
});
