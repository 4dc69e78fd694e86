// English UI messages. The key set is the reference: zh-CN.ts must have exactly
// the same keys (checked by the type below and by i18n.test.ts).
// Questionnaire content (titles, profiles, questions) is NOT here: it is
// bilingual in the questionnaire definition files themselves.
export const en = {
  "app.tagline": "Security due diligence for enterprise instant-messaging vendors",
  "lang.label": "Language",
  "catalog.heading": "Bundled questionnaires",
  "catalog.loading": "Loading questionnaires…",
  "catalog.empty": "No questionnaires are bundled with this build.",
  "catalog.loadError": "Could not load the questionnaires: {error}",
  "catalog.sections": "Sections",
  "catalog.questions": "Questions",
  "catalog.profiles": "Buyer profiles",
  "catalog.problems": "Problems found in {file}",
} as const;

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;
