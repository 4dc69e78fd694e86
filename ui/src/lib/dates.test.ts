import { describe, expect, test } from "vitest";
import { parseDateText } from "./dates";

describe("a date as the user types it", () => {
  test("ISO and the Chinese forms name the same day", () => {
    for (const text of ["2026-11-29", " 2026-11-29 ", "2026/11/29", "2026.11.29", "2026年11月29日", "2026 年 11 月 29 日", "2026年11月29"]) {
      expect(parseDateText(text), text).toBe("2026-11-29");
    }
    expect(parseDateText("2027-1-5")).toBe("2027-01-05");
    expect(parseDateText("2027年1月5日")).toBe("2027-01-05");
  });
  test("blank is no date, not today's", () => {
    expect(parseDateText("")).toBe("");
    expect(parseDateText("   ")).toBe("");
  });
  test("ambiguous orders and impossible days are refused, not guessed or rolled over", () => {
    for (const text of ["11/29/2026", "29/11/2026", "2026-13-01", "2026-02-29", "2026-04-31", "2026-00-10", "tomorrow", "20261129"]) {
      expect(parseDateText(text), text).toBeNull();
    }
    expect(parseDateText("2028-02-29")).toBe("2028-02-29");
  });
});
