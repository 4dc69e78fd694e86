// The plain-words layer: the glossary page lists every term in the UI's
// language, a "?" beside a term shows its entry on focus, hover and click and
// Escape hides it; what-if weights say what each one really counts for.
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import Glossary from "../screens/Glossary.svelte";
import Term from "./Term.svelte";
import WhatIfWeights from "./WhatIfWeights.svelte";
import { TERMS } from "../glossary";
import { setLocale } from "../../i18n/index.svelte";
import { tx } from "../test-fixtures";

beforeEach(() => setLocale("en"));
afterEach(() => cleanup());

describe("glossary", () => {
  test("lists every term with its explanation, in English and in Chinese", async () => {
    render(Glossary);
    const terms = screen.getAllByTestId("glossary-term");
    expect(terms.map((t) => t.dataset.term)).toEqual([...TERMS]);
    const defs = screen.getAllByTestId("glossary-def").map((d) => d.textContent ?? "");
    expect(terms[0].textContent).toBe("Must-have (knockout)");
    expect(defs[0]).toContain("whatever its score");
    for (const d of defs) expect(d.length).toBeGreaterThan(40);
    setLocale("zh-CN");
    await Promise.resolve();
    await screen.findByText("必备项（否决项）");
    for (const d of screen.getAllByTestId("glossary-def")) expect(d.textContent).toMatch(/[\u4e00-\u9fff]/);
  });

  test("a term's hint shows its entry on focus, hover and click, and Escape hides it", async () => {
    render(Term, { term: "coverage" });
    const hint = screen.getByTestId("term-hint");
    const def = screen.getByTestId("term-def");
    expect(hint.getAttribute("aria-label")).toBe("What is “Coverage”?");
    expect(hint.getAttribute("aria-describedby")).toBe(def.id);
    expect(def.hidden).toBe(true);
    await fireEvent.focus(hint);
    expect(def.hidden).toBe(false);
    expect(def.textContent).toContain("60 %");
    await fireEvent.keyDown(hint, { key: "Escape" });
    expect(def.hidden).toBe(true);
    await fireEvent.blur(hint);
    await fireEvent.mouseEnter(hint.parentElement!);
    expect(def.hidden).toBe(false);
    await fireEvent.mouseLeave(hint.parentElement!);
    expect(def.hidden).toBe(true);
    await fireEvent.click(hint);
    expect(def.hidden).toBe(false);
  });
});

describe("what-if weights", () => {
  const sections = [
    { id: "ENC", title: tx("Encryption"), share: 0.5 },
    { id: "IAM", title: tx("Identity and access"), share: 0.5 },
  ];
  const props = { sections, active: false, onchange: () => {}, onreset: () => {} };

  test("with a sum other than 100, each weight says what it counts for after scaling", async () => {
    render(WhatIfWeights, { ...props, weights: [60, 80] });
    const effective = screen.getAllByTestId("weight-effective").map((e) => e.textContent);
    // 60 / 140 = 43 %, 80 / 140 = 57 %
    expect(effective).toEqual(["→ 43% of the total", "→ 57% of the total"]);
  });

  test("with a sum of 100, nothing is scaled and nothing extra is shown", async () => {
    render(WhatIfWeights, { ...props, weights: [40, 60] });
    expect(screen.queryAllByTestId("weight-effective")).toHaveLength(0);
  });
});
