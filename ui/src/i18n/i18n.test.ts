import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { en } from "./en";
import { zhCN } from "./zh-CN";
import { STORAGE_KEY, getLocale, initialLocale, localized, setLocale, t } from "./index.svelte";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("message catalogues", () => {
  test("en and zh-CN have identical key sets", () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
  });

  test("no message is empty", () => {
    for (const catalog of [en, zhCN]) {
      for (const [key, value] of Object.entries(catalog)) {
        expect(value.trim(), key).not.toBe("");
      }
    }
  });

  test("each message uses the same placeholders in both languages", () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(zhCN[key]), key).toEqual(placeholders(en[key]));
    }
  });

  test("zh-CN messages are actually Chinese", () => {
    const cjk = /[\u4e00-\u9fff]/;
    for (const [key, value] of Object.entries(zhCN)) {
      expect(cjk.test(value), key).toBe(true);
    }
  });
});

describe("locale state", () => {
  beforeEach(() => {
    localStorage.clear();
    setLocale("en");
  });
  afterEach(() => vi.unstubAllGlobals());

  test("setLocale switches messages and is remembered", () => {
    expect(t("catalog.heading")).toBe(en["catalog.heading"]);
    setLocale("zh-CN");
    expect(getLocale()).toBe("zh-CN");
    expect(t("catalog.heading")).toBe(zhCN["catalog.heading"]);
    expect(localStorage.getItem(STORAGE_KEY)).toBe("zh-CN");
    expect(initialLocale()).toBe("zh-CN");
  });

  test("an unknown stored value is ignored: the system language decides", () => {
    localStorage.setItem(STORAGE_KEY, "fr");
    vi.stubGlobal("navigator", { language: "zh-TW" });
    expect(initialLocale()).toBe("zh-CN");
    vi.stubGlobal("navigator", { language: "fr-FR" });
    expect(initialLocale()).toBe("en");
  });

  test("t fills placeholders and leaves unknown ones alone", () => {
    expect(t("catalog.loadError", { error: "boom" })).toBe("Could not load the questionnaires: boom");
    expect(t("catalog.loadError")).toContain("{error}");
  });

  test("localized picks the current language", () => {
    const text = { en: "Hello", "zh-CN": "你好" };
    expect(localized(text)).toBe("Hello");
    setLocale("zh-CN");
    expect(localized(text)).toBe("你好");
  });
});
