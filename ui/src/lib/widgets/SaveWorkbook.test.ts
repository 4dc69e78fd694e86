// Component tests for the XLSX save buttons, with a fake backend (vi.mock of ../../api).
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import SaveWorkbook from "./SaveWorkbook.svelte";
import { exportBlankWorkbook, exportComparisonWorkbook, openExportedFile } from "../../api";
import { setLocale } from "../../i18n/index.svelte";

vi.mock("../../api");
const blank = vi.mocked(exportBlankWorkbook);
const comparison = vi.mocked(exportComparisonWorkbook);

beforeEach(() => {
  blank.mockReset();
  comparison.mockReset();
  setLocale("en");
});
afterEach(() => cleanup());

describe("SaveWorkbook", () => {
  test("the blank workbook offers both languages and shows where it was saved", async () => {
    blank.mockResolvedValue({ status: "saved", path: "/tmp/<i>q</i>.xlsx", bytes: 9000 });
    render(SaveWorkbook, { evaluationId: 4, kind: "blank" });
    const select = screen.getByTestId("workbook-lang") as HTMLSelectElement;
    expect(Array.from(select.options).map((o) => o.value)).toEqual(["en", "zh-CN", "both"]);
    await fireEvent.change(select, { target: { value: "both" } });
    await fireEvent.click(screen.getByTestId("workbook-button"));
    expect(blank).toHaveBeenCalledWith(4, "both");
    const saved = await screen.findByTestId("workbook-saved");
    expect(saved.textContent).toBe("Saved to /tmp/<i>q</i>.xlsx");
    expect(saved.querySelector("i")).toBeNull();
    // Open it on request (never by itself: a workbook is for sending on).
    expect(openExportedFile).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId("workbook-open"));
    expect(openExportedFile).toHaveBeenCalledWith("/tmp/<i>q</i>.xlsx");
  });

  test("the comparison follows the UI language; a closed dialog is reported as not saved", async () => {
    setLocale("zh-CN");
    comparison.mockResolvedValue({ status: "cancelled" });
    render(SaveWorkbook, { evaluationId: 4, kind: "comparison" });
    const select = screen.getByTestId("workbook-lang") as HTMLSelectElement;
    expect(Array.from(select.options).map((o) => o.value)).toEqual(["en", "zh-CN"]);
    await fireEvent.click(screen.getByTestId("workbook-button"));
    expect(comparison).toHaveBeenCalledWith(4, "zh-CN");
    expect((await screen.findByTestId("workbook-cancelled")).textContent).toBe("未保存：保存对话框已关闭。");
  });

  test("an error is shown as text", async () => {
    blank.mockRejectedValue({ code: "not_found", "zh-CN": "（中文说明）", en: "there is no evaluation with id 4" });
    render(SaveWorkbook, { evaluationId: 4, kind: "blank" });
    await fireEvent.click(screen.getByTestId("workbook-button"));
    expect((await screen.findByTestId("workbook-error")).textContent).toBe(
      "Could not save the workbook: there is no evaluation with id 4",
    );
  });
});
