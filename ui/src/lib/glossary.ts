// The terms the glossary explains, in the order it lists them. Each has
// `glossary.<id>.term` and `glossary.<id>.def` in both languages (the i18n test
// checks every key exists in both).
export const TERMS = [
  "must_have",
  "on_claim",
  "claimed",
  "unknown",
  "declined",
  "na",
  "coverage",
  "range",
  "weights",
  "as_of",
  "fingerprint",
  "formula",
] as const;

export type TermId = (typeof TERMS)[number];
