// Component tests for "Import workbook", with a fake backend (vi.mock of ../../api).
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { tick } from "svelte";
import ImportWorkbook from "./ImportWorkbook.svelte";
import { applyWorkbookImport, previewWorkbookImport } from "../../api";
import { setLocale } from "../../i18n/index.svelte";
import type { ImportPreview } from "../../bindings/ImportPreview";

vi.mock("../../api");
const preview = vi.mocked(previewWorkbookImport);
const apply = vi.mocked(applyWorkbookImport);

const ready: ImportPreview = {
  status: "ready",
  file: "acme.csv",
  path: "/tmp/acme.csv",
  sha256: "ab".repeat(32),
  vendor: "Acme",
  existing_answers: 1,
  answers: 3,
  changes: [
    { question: "TRN-02", old: null, new: { en: "Yes", "zh-CN": "是" } },
    { question: "IRV-01", old: { en: "24 hours", "zh-CN": "24 小时" }, new: { en: "96 hours", "zh-CN": "96 小时" } },
  ],
};

beforeEach(() => {
  preview.mockReset();
  apply.mockReset();
  setLocale("en");
});
afterEach(() => cleanup());

describe("ImportWorkbook", () => {
  test("a file that only adds answers says Apply; Close writes nothing", async () => {
    preview.mockResolvedValue({ ...ready, existing_answers: 0, changes: [ready.status === "ready" ? ready.changes[0] : (null as never)] });
    render(ImportWorkbook, { evaluationId: 3, vendorId: 9, onimported: vi.fn() });
    await fireEvent.click(screen.getByTestId("import-button"));
    expect((await screen.findByTestId("import-apply")).textContent?.trim()).toBe("Apply 1 changes");
    expect(screen.queryByTestId("import-replace-note")).toBeNull();
    await fireEvent.click(screen.getByTestId("import-close"));
    expect(screen.queryByTestId("import-preview")).toBeNull();
    expect(apply).not.toHaveBeenCalled();
  });

  test("a broken file lists every located problem as text and offers no apply", async () => {
    preview.mockResolvedValue({
      status: "problems",
      file: "broken.csv",
      problems: [
        { en: "row 2, column answer: 'Maybe' is not one of Yes / No", "zh-CN": "row 2, column answer：“Maybe”不是可选回答之一：是 / 否" },
        { en: "Sheet 'Key <b>management</b>', C14: unknown", "zh-CN": "Sheet 'Key <b>management</b>', C14：未知" },
      ],
    });
    const onimported = vi.fn();
    render(ImportWorkbook, { evaluationId: 3, vendorId: 9, onimported });
    await fireEvent.click(screen.getByTestId("import-button"));
    expect(preview).toHaveBeenCalledWith(3, 9);
    const box = await screen.findByTestId("import-problems");
    expect(box.textContent).toContain("broken.csv cannot be imported; nothing was written. Problems found: 2");
    const items = screen.getAllByTestId("import-problem");
    expect(items.map((li) => li.textContent)).toEqual([
      "row 2, column answer: 'Maybe' is not one of Yes / No",
      "Sheet 'Key <b>management</b>', C14: unknown",
    ]);
    expect(box.querySelector("b")).toBeNull();
    // In Chinese, the core's Chinese sentences.
    setLocale("zh-CN");
    await tick();
    expect(screen.getAllByTestId("import-problem")[0].textContent).toBe("row 2, column answer：“Maybe”不是可选回答之一：是 / 否");
    expect(screen.queryByTestId("import-apply")).toBeNull();
    expect(apply).not.toHaveBeenCalled();
    expect(onimported).not.toHaveBeenCalled();
  });

  test("preview shows old → new per question, then applying sends the previewed path and SHA-256", async () => {
    preview.mockResolvedValue(ready);
    apply.mockResolvedValue(2);
    const onimported = vi.fn();
    render(ImportWorkbook, { evaluationId: 3, vendorId: 9, onimported });
    await fireEvent.click(screen.getByTestId("import-button"));
    await screen.findByTestId("import-preview");
    expect(screen.getByTestId("import-summary").textContent).toBe(
      "acme.csv for Acme: 3 answers in the file, 2 to write (1 stored now).",
    );
    const rows = screen.getAllByTestId("import-change").map((r) => Array.from((r as HTMLTableRowElement).cells).map((c) => c.textContent));
    expect(rows).toEqual([
      ["TRN-02", "(unanswered)", "Yes"],
      ["IRV-01", "24 hours", "96 hours"],
    ]);
    // IRV-01 has a stored answer: the button says it replaces it, and a note explains.
    const button = screen.getByTestId("import-apply");
    expect(button.textContent?.trim()).toBe("Replace stored answers (1 of 2 changes)");
    expect(button.dataset.replaces).toBe("1");
    expect(screen.getByTestId("import-replace-note").textContent).toContain("Close changes nothing");
    await fireEvent.click(button);
    expect(apply).toHaveBeenCalledWith(3, 9, "/tmp/acme.csv", ready.status === "ready" ? ready.sha256 : "");
    expect((await screen.findByTestId("import-applied")).textContent).toBe("Imported 2 answers from acme.csv.");
    expect(onimported).toHaveBeenCalledWith(2);
  });

  test("a closed open dialog is not an error; a refused apply shows the reason", async () => {
    preview.mockResolvedValueOnce({ status: "cancelled" });
    render(ImportWorkbook, { evaluationId: 3, vendorId: 9, onimported: vi.fn() });
    await fireEvent.click(screen.getByTestId("import-button"));
    expect((await screen.findByTestId("import-cancelled")).textContent).toBe(
      "Nothing imported: the open dialog was closed.",
    );
    preview.mockResolvedValueOnce(ready);
    apply.mockRejectedValue({ code: "invalid_input", "zh-CN": "（中文说明）", en: "acme.csv: the file changed since the preview" });
    await fireEvent.click(screen.getByTestId("import-button"));
    await fireEvent.click(await screen.findByTestId("import-apply"));
    expect((await screen.findByTestId("import-error")).textContent).toContain("the file changed since the preview");
  });

  test("in Chinese", async () => {
    setLocale("zh-CN");
    preview.mockResolvedValue(ready);
    render(ImportWorkbook, { evaluationId: 3, vendorId: 9, onimported: vi.fn() });
    expect(screen.getByTestId("import-button").textContent?.trim()).toBe("导入工作簿");
    await fireEvent.click(screen.getByTestId("import-button"));
    expect((await screen.findByTestId("import-apply")).textContent?.trim()).toBe("替换已保存的回答（2 项变更中的 1 项）");
    const rows = screen.getAllByTestId("import-change").map((r) => Array.from((r as HTMLTableRowElement).cells).map((c) => c.textContent));
    expect(rows[1]).toEqual(["IRV-01", "24 小时", "96 小时"]);
  });
});
