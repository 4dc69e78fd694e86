// Minimal typed i18n: two message catalogues, a reactive current locale that
// is remembered in localStorage, and `t()` with `{name}` placeholders.
import { en, type MessageKey, type Messages } from "./en";
import { zhCN } from "./zh-CN";
import type { Text } from "../lib/types";

export const LOCALES = ["en", "zh-CN"] as const;
export type Locale = (typeof LOCALES)[number];

/** Each language named in itself, for the language switch. */
export const LOCALE_NAMES: Record<Locale, string> = { en: "English", "zh-CN": "简体中文" };

export const catalogs: Record<Locale, Messages> = { en, "zh-CN": zhCN };

export const STORAGE_KEY = "assay.locale";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** The remembered choice, else the system language, else English. */
export function initialLocale(): Locale {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (isLocale(saved)) return saved;
  } catch {
    // Storage unavailable: fall through to the system language.
  }
  const system = globalThis.navigator?.language ?? "";
  return system.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

const state = $state({ locale: initialLocale() });

export function getLocale(): Locale {
  return state.locale;
}

export function setLocale(locale: Locale): void {
  state.locale = locale;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  } catch {
    // Not remembered, but the switch still works for this session.
  }
}

/** The message for `key` in the current locale, with `{name}` placeholders filled. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = catalogs[state.locale][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** Picks the current language from a bilingual questionnaire text. */
export function localized(text: Text): string {
  return text[state.locale] || text.en;
}
