// Component tests for the "Export PDF" control, with a fake backend (vi.mock of ../../api).
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import ExportPdf from "./ExportPdf.svelte";
import { exportPdf, type ExportResult } from "../../api";
import { setLocale } from "../../i18n/index.svelte";

vi.mock("../../api", () => ({ exportPdf: vi.fn() }));
const exp = vi.mocked(exportPdf);

const FINGERPRINT = "0123456789abcdef" + "f".repeat(48);
const saved: ExportResult = {
  status: "saved",
  path: "/home/me/<b>report</b>.pdf",
  bytes: 42_000,
  pages: 3,
  fingerprint: FINGERPRINT,
};

/** A promise the test settles itself, to look at the busy state. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

beforeEach(() => {
  exp.mockReset();
  setLocale("en");
});
afterEach(() => cleanup());

describe("ExportPdf", () => {
  test("defaults to the UI language, shows busy, then the path and 16 hex of the fingerprint", async () => {
    setLocale("zh-CN");
    const pending = deferred<ExportResult>();
    exp.mockReturnValue(pending.promise);
    render(ExportPdf, { evaluationId: 7 });
    const select = screen.getByTestId("export-lang") as HTMLSelectElement;
    expect(select.value).toBe("zh-CN");
    const button = screen.getByTestId("export-button") as HTMLButtonElement;
    expect(button.textContent).toContain("导出 PDF");

    await fireEvent.click(button);
    expect(exp).toHaveBeenCalledWith(7, "zh-CN");
    expect(screen.getByTestId("export-busy")).toBeTruthy();
    expect(button.disabled).toBe(true);
    await fireEvent.click(button); // ignored while busy
    expect(exp).toHaveBeenCalledTimes(1);

    pending.resolve(saved);
    const message = await screen.findByTestId("export-saved");
    expect(message.textContent).toBe(`已保存到 ${saved.path} — 指纹 0123456789abcdef…`);
    expect(message.getAttribute("data-fingerprint")).toBe(FINGERPRINT);
    // The path is text, never markup.
    expect(message.querySelector("b")).toBeNull();
    expect(button.disabled).toBe(false);
    expect(screen.queryByTestId("export-busy")).toBeNull();
  });

  test("the chosen language is sent, whatever the UI language", async () => {
    exp.mockResolvedValue(saved);
    render(ExportPdf, { evaluationId: 3 });
    const select = screen.getByTestId("export-lang") as HTMLSelectElement;
    expect(select.value).toBe("en");
    await fireEvent.change(select, { target: { value: "zh-CN" } });
    await fireEvent.click(screen.getByTestId("export-button"));
    expect(exp).toHaveBeenCalledWith(3, "zh-CN");
    const message = await screen.findByTestId("export-saved");
    expect(message.textContent).toBe(`Saved to ${saved.path} — fingerprint 0123456789abcdef…`);
  });

  test("a cancelled dialog shows a quiet note, no error", async () => {
    exp.mockResolvedValue({ status: "cancelled" });
    render(ExportPdf, { evaluationId: 1 });
    await fireEvent.click(screen.getByTestId("export-button"));
    expect((await screen.findByTestId("export-cancelled")).textContent).toMatch(/Not exported/);
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.queryByTestId("export-error")).toBeNull();
  });

  test("a failure shows the backend's sentence as text", async () => {
    exp.mockRejectedValue({ code: "export", message: "No font for the report was found: <i>tried</i>" });
    render(ExportPdf, { evaluationId: 1 });
    await fireEvent.click(screen.getByTestId("export-button"));
    const error = await screen.findByRole("alert");
    expect(error.textContent).toBe("Could not export the PDF: No font for the report was found: <i>tried</i>");
    expect(error.querySelector("i")).toBeNull();
    expect(screen.queryByTestId("export-saved")).toBeNull();
    // A retry clears the error.
    exp.mockResolvedValue(saved);
    await fireEvent.click(screen.getByTestId("export-button"));
    await screen.findByTestId("export-saved");
    expect(screen.queryByRole("alert")).toBeNull();
  });
});
