// Locale-aware number formatting for scores and shares (Intl.NumberFormat).
// Display only: the numbers themselves come computed from the core.
import { getLocale, type Locale } from "../i18n/index.svelte";

const cache = new Map<string, Intl.NumberFormat>();

const OPTIONS = {
  score: { minimumFractionDigits: 1, maximumFractionDigits: 1 },
  points: { minimumFractionDigits: 2, maximumFractionDigits: 2 },
  percent: { style: "percent", maximumFractionDigits: 0 },
} satisfies Record<string, Intl.NumberFormatOptions>;

function formatter(locale: Locale, kind: keyof typeof OPTIONS): Intl.NumberFormat {
  const key = `${locale}/${kind}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, OPTIONS[kind]);
    cache.set(key, f);
  }
  return f;
}

/** A 0–100 score with one decimal, e.g. `72.5`; `—` for none (no applicable question). */
export function formatScore(value: number | null, locale: Locale): string {
  return value === null ? "—" : formatter(locale, "score").format(value);
}

/** The points a question or section adds to a total, with two decimals, e.g. `41.50`. */
export function formatPoints(value: number, locale: Locale): string {
  return formatter(locale, "points").format(value);
}

/** A 0–1 fraction as a whole percentage, e.g. `0.47` → `47%`. */
export function formatPercent(value: number, locale: Locale): string {
  return formatter(locale, "percent").format(value);
}

/**
 * A `YYYY-MM-DD` date in the locale's style (`Jan 15, 2027` / `2027年1月15日`),
 * with the ISO form kept for anything that does not parse. Read and shown as a
 * calendar day (UTC), so no time zone can move it by a day.
 */
export function formatDate(iso: string, locale: Locale): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (Number.isNaN(day.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(day);
}

/**
 * The sentence to show for a rejected command, in the UI's language: a
 * `CommandError` carries it in both (`en`, `zh-CN`); a string or an Error as is.
 */
export function errorMessage(error: unknown): string {
  if (typeof error === "string") return error;
  if (error instanceof Error) return error.message;
  if (error && typeof error === "object") {
    const e = error as Record<string, unknown>;
    const said = e[getLocale()] ?? e.en ?? e.message;
    if (typeof said === "string") return said;
  }
  return JSON.stringify(error);
}
