// Calendar dates as a user types them. The stored form is ISO `YYYY-MM-DD`; a
// user may type it that way or as 2026/11/29, 2026.11.29 or 2026年11月29日
// (month and day with one or two digits). Anything else is not guessed at:
// 11/29/2026 and 29/11/2026 read differently in different countries, so they
// are refused with a message rather than read one way silently.

/** The ISO date a user's text names; `""` for blank text; `null` when it names no date. */
export function parseDateText(text: string): string | null {
  const s = text.trim();
  if (s === "") return "";
  const m = /^(\d{4})\s*(?:[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?)$/.exec(s);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2] ?? m[4]);
  const day = Number(m[3] ?? m[5]);
  if (month < 1 || month > 12 || day < 1) return null;
  // Day 31 of a 30-day month, 29 February of a common year: refused, not rolled over.
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  return `${m[1]}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/**
 * The first date field in `form` whose text names no date (DateField marks it
 * `data-unreadable`), focused and its error shown; `null` when every date reads.
 * A form checks this before sending, so a mistyped date is never sent as the
 * last day it read or as no date.
 */
export function unreadableDateField(form: HTMLElement): HTMLInputElement | null {
  const field = form.querySelector<HTMLInputElement>('input[data-unreadable="true"]');
  if (field) {
    field.dispatchEvent(new Event("change", { bubbles: true }));
    field.focus();
  }
  return field;
}
