// Component tests for "Copy answers from another evaluation", with a fake backend.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import CopyAnswers from "./CopyAnswers.svelte";
import { copyAnswers, copySources, previewCopyAnswers } from "../../api";
import { setLocale } from "../../i18n/index.svelte";
import type { CopyPlan } from "../../bindings/CopyPlan";
import type { CopySource } from "../../bindings/CopySource";
import type { FormView } from "../../bindings/FormView";

vi.mock("../../api");
const sources = vi.mocked(copySources);
const preview = vi.mocked(previewCopyAnswers);
const copy = vi.mocked(copyAnswers);

const source = (id: number, vendor: string, same: boolean): CopySource => ({
  vendor_id: id,
  vendor,
  product: null,
  evaluation_id: 2,
  evaluation: "Tender 2026",
  as_of: "2026-06-01",
  questionnaire_version: "1.1.0",
  answered: 40,
  same_product: same,
});
const plan: CopyPlan = {
  source: source(11, "Acme Chat", true),
  copy: ["TRN-01", "TRN-03"],
  kept: ["TRN-02"],
  not_fitting: [{ question: "E2E-08", reason: { en: "not a question of version 1.1.0", "zh-CN": "1.1.0 版问卷中没有此问题" } }],
};

beforeEach(() => {
  for (const m of [sources, preview, copy]) m.mockReset();
  setLocale("en");
});
afterEach(() => cleanup());

describe("CopyAnswers", () => {
  test("the same product is offered first; the preview says what is copied, kept and left out; Cancel writes nothing", async () => {
    sources.mockResolvedValue([source(11, "Acme Chat", true), source(12, "Bolt", false)]);
    preview.mockResolvedValue(plan);
    render(CopyAnswers, { vendorId: 5, onform: vi.fn() });
    await fireEvent.click(screen.getByTestId("copy-toggle"));
    const select = (await screen.findByTestId("copy-source")) as HTMLSelectElement;
    const groups = [...select.querySelectorAll("optgroup")].map((g) => g.label);
    expect(groups).toEqual(["Same vendor or product", "Other vendors"]);
    expect(select.querySelectorAll("option")[1].textContent).toBe("Acme Chat — Tender 2026 (as of Jun 1, 2026; 40 answers)");
    expect((screen.getByTestId("copy-submit") as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.change(select, { target: { value: "11" } });
    expect(preview).toHaveBeenCalledWith(11, 5);
    const shown = await screen.findByTestId("copy-plan");
    expect(shown.textContent).toContain("2 answer(s) will be copied.");
    expect(shown.textContent).toContain("1 question(s) already recorded here stay as they are: TRN-02.");
    expect(shown.textContent).toContain("E2E-08 not a question of version 1.1.0");
    expect(screen.getByTestId("copy-submit").textContent).toBe("Copy 2 answer(s)");
    await fireEvent.click(screen.getByTestId("copy-cancel"));
    expect(screen.queryByTestId("copy-panel")).toBeNull();
    expect(copy).not.toHaveBeenCalled();
  });

  test("copying hands the re-scored form back and says what was done; a refusal is shown in words", async () => {
    sources.mockResolvedValue([source(11, "Acme Chat", true)]);
    preview.mockResolvedValue(plan);
    const form = { answered: 3 } as unknown as FormView;
    copy.mockResolvedValueOnce({ form, plan });
    copy.mockRejectedValueOnce({ code: "invalid_input", en: "Nothing to copy from Acme Chat", "zh-CN": "没有可从 Acme Chat 复制的回答" });
    const onform = vi.fn();
    render(CopyAnswers, { vendorId: 5, onform });
    await fireEvent.click(screen.getByTestId("copy-toggle"));
    await fireEvent.change(await screen.findByTestId("copy-source"), { target: { value: "11" } });
    await screen.findByTestId("copy-plan");
    await fireEvent.click(screen.getByTestId("copy-submit"));
    expect(copy).toHaveBeenCalledWith(11, 5);
    expect((await screen.findByTestId("copy-done")).textContent).toBe("Copied 2 answer(s) from Acme Chat in “Tender 2026”.");
    expect(onform).toHaveBeenCalledWith(form);
    // Again, refused by the core: its words, nothing handed back.
    setLocale("zh-CN");
    await fireEvent.click(screen.getByTestId("copy-toggle"));
    await fireEvent.change(await screen.findByTestId("copy-source"), { target: { value: "11" } });
    await screen.findByTestId("copy-plan");
    await fireEvent.click(screen.getByTestId("copy-submit"));
    expect((await screen.findByTestId("copy-error")).textContent).toBe("没有可从 Acme Chat 复制的回答");
    expect(onform).toHaveBeenCalledTimes(1);
  });

  test("with no other evaluation to copy from it says so", async () => {
    sources.mockResolvedValue([]);
    render(CopyAnswers, { vendorId: 5, onform: vi.fn() });
    await fireEvent.click(screen.getByTestId("copy-toggle"));
    expect((await screen.findByTestId("copy-none")).textContent).toBe("No other evaluation of this questionnaire has answers to copy.");
  });
});
