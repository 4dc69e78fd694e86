// Component tests for the "Export PDF" control, with a fake backend (vi.mock of ../../api).
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import ExportPdf from "./ExportPdf.svelte";
import { exportPdf, openExportedFile, type ExportResult } from "../../api";
import { setLocale } from "../../i18n/index.svelte";

vi.mock("../../api");
const exp = vi.mocked(exportPdf);
const openFile = vi.mocked(openExportedFile);

const FINGERPRINT = "0123456789abcdef" + "f".repeat(48);
const saved: ExportResult = {
  status: "saved",
  path: "/home/me/<b>report</b>.pdf",
  bytes: 42_000,
  pages: 3,
  fingerprint: FINGERPRINT,
  signed_by: null,
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
  openFile.mockReset();
  openFile.mockResolvedValue(undefined);
  localStorage.clear();
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
    expect(exp).toHaveBeenCalledWith(7, "zh-CN", { with_schedules: false, status: null, marking: null, sign: null });
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
    expect(exp).toHaveBeenCalledWith(3, "zh-CN", { with_schedules: false, status: null, marking: null, sign: null });
    const message = await screen.findByTestId("export-saved");
    expect(message.textContent).toBe(`Saved to ${saved.path} — fingerprint 0123456789abcdef…`);
  });

  test("ticking the security schedules asks for Annex C with the export", async () => {
    exp.mockResolvedValue(saved);
    render(ExportPdf, { evaluationId: 4 });
    const box = screen.getByTestId("export-with-schedules") as HTMLInputElement;
    expect(box.checked).toBe(false);
    await fireEvent.click(box);
    await fireEvent.click(screen.getByTestId("export-button"));
    expect(exp).toHaveBeenCalledWith(4, "en", { with_schedules: true, status: null, marking: null, sign: null });
  });

  test("the status and the confidentiality marking are sent; the marking is remembered for the next export", async () => {
    exp.mockResolvedValue(saved);
    render(ExportPdf, { evaluationId: 4 });
    await fireEvent.change(screen.getByTestId("export-status"), { target: { value: "final" } });
    await fireEvent.input(screen.getByTestId("export-marking"), { target: { value: "  CONFIDENTIAL — legal only " } });
    await fireEvent.click(screen.getByTestId("export-button"));
    expect(exp).toHaveBeenCalledWith(4, "en", { with_schedules: false, status: "final", marking: "CONFIDENTIAL — legal only", sign: null });
    cleanup();
    render(ExportPdf, { evaluationId: 4 });
    expect((screen.getByTestId("export-marking") as HTMLInputElement).value).toBe("CONFIDENTIAL — legal only");
    expect((screen.getByTestId("export-status") as HTMLSelectElement).value).toBe("");
  });

  test("signing sends the typed password with this export only, never stores it, and shows the signer", async () => {
    exp.mockResolvedValue({ ...saved, signed_by: "Procurement Office" });
    render(ExportPdf, { evaluationId: 4 });
    expect(screen.queryByTestId("export-sign-password")).toBeNull();
    await fireEvent.click(screen.getByTestId("export-sign"));
    const password = screen.getByTestId("export-sign-password") as HTMLInputElement;
    expect(password.type).toBe("password");
    await fireEvent.input(password, { target: { value: "s3cret 密码" } });
    await fireEvent.click(screen.getByTestId("export-button"));
    expect(exp).toHaveBeenCalledWith(4, "en", { with_schedules: false, status: null, marking: null, sign: { password: "s3cret 密码" } });
    expect((await screen.findByTestId("export-signed-by")).textContent).toBe("Signed by Procurement Office.");
    expect(JSON.stringify({ ...localStorage })).not.toContain("s3cret");
    // Unticked: the next export is not signed.
    await fireEvent.click(screen.getByTestId("export-sign"));
    await fireEvent.click(screen.getByTestId("export-button"));
    expect(exp).toHaveBeenLastCalledWith(4, "en", { with_schedules: false, status: null, marking: null, sign: null });
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
    exp.mockRejectedValue({ code: "export", "zh-CN": "（中文说明）", en: "No font for the report was found: <i>tried</i>" });
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

  test("opens the saved PDF when done, unless unticked (remembered); Open reopens it; a failure says the PDF was saved", async () => {
    exp.mockResolvedValue(saved);
    render(ExportPdf, { evaluationId: 7 });
    const tick = screen.getByTestId("export-open-when-done") as HTMLInputElement;
    expect(tick.checked).toBe(true);
    await fireEvent.click(screen.getByTestId("export-button"));
    await screen.findByTestId("export-saved");
    await vi.waitFor(() => expect(openFile).toHaveBeenCalledWith(saved.path));

    await fireEvent.click(tick);
    expect(localStorage.getItem("assay.export.openWhenDone")).toBe("false");
    await fireEvent.click(screen.getByTestId("export-button"));
    await screen.findByTestId("export-saved");
    expect(openFile).toHaveBeenCalledTimes(1);

    openFile.mockRejectedValueOnce({ code: "export", "zh-CN": "（中文说明）", en: "no viewer for PDF" });
    await fireEvent.click(screen.getByTestId("export-open"));
    expect((await screen.findByTestId("export-open-error")).textContent).toBe(
      "Saved, but it could not be opened: no viewer for PDF",
    );
    expect(openFile).toHaveBeenLastCalledWith(saved.path);
    cleanup();
    render(ExportPdf, { evaluationId: 7 });
    expect((screen.getByTestId("export-open-when-done") as HTMLInputElement).checked).toBe(false);
  });
});
