// Component tests for the vendor list with a fake backend: editing a vendor's
// details sends them to update_vendor and shows the returned list as text.
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import Vendors from "./Vendors.svelte";
import ConfirmDialog from "../widgets/ConfirmDialog.svelte";
import { addVendor, listVendors, removeVendor, updateVendor } from "../../api";
import { setLocale } from "../../i18n/index.svelte";

vi.mock("../../api");
const list = vi.mocked(listVendors);
const update = vi.mocked(updateVendor);
const remove = vi.mocked(removeVendor);

const acme = { id: 4, evaluation_id: 2, name: "Acme", product: "Chat", deployment: "saas" as const, notes: "" };

beforeEach(() => {
  setLocale("en");
  list.mockReset();
  update.mockReset();
  remove.mockReset();
});
afterEach(() => cleanup());

test("a vendor is edited and the new name is shown as text", async () => {
  list.mockResolvedValue([acme]);
  const onchange = vi.fn();
  render(Vendors, { evaluationId: 2, onopen: () => {}, onchange });
  await fireEvent.click(await screen.findByTestId("edit-vendor"));
  const name = screen.getByTestId("edit-vendor-name") as HTMLInputElement;
  expect(name.value).toBe("Acme");
  await fireEvent.input(name, { target: { value: "<b>Acme 2</b>" } });
  await fireEvent.input(screen.getByTestId("edit-vendor-notes"), { target: { value: "met in March" } });
  await fireEvent.change(screen.getByTestId("edit-vendor-deployment"), { target: { value: "on_premises" } });
  update.mockResolvedValue([{ ...acme, name: "<b>Acme 2</b>", deployment: "on_premises", notes: "met in March" }]);
  await fireEvent.submit(screen.getByTestId("edit-vendor-form"));
  expect(update).toHaveBeenCalledWith(4, { name: "<b>Acme 2</b>", product: "Chat", deployment: "on_premises", notes: "met in March" });
  await vi.waitFor(() => expect(screen.getByTestId("vendor-item-name").textContent).toBe("<b>Acme 2</b>"));
  expect(screen.queryByTestId("edit-vendor-form")).toBeNull();
  expect(onchange).toHaveBeenCalled();
});

test("a new vendor is sent with what was left out as null, then the form is empty again", async () => {
  list.mockResolvedValue([]);
  vi.mocked(addVendor).mockResolvedValue([acme]);
  const onchange = vi.fn();
  render(Vendors, { evaluationId: 2, onopen: () => {}, onchange });
  await screen.findByTestId("vendors-empty");
  const name = screen.getByTestId("vendor-name-input") as HTMLInputElement;
  await fireEvent.input(name, { target: { value: "Acme" } });
  await fireEvent.submit(screen.getByTestId("add-vendor"));
  expect(addVendor).toHaveBeenCalledWith(2, { name: "Acme", product: null, deployment: null, notes: null });
  await vi.waitFor(() => expect(screen.getByTestId("vendor-item-name").textContent).toBe("Acme"));
  expect(name.value).toBe("");
  expect((screen.getByTestId("vendor-deployment-input") as HTMLSelectElement).value).toBe("");
  expect(onchange).toHaveBeenCalled();
});

test("a refused edit shows the core's sentence and keeps the form open", async () => {
  list.mockResolvedValue([acme]);
  update.mockRejectedValue({ code: "invalid_input", "zh-CN": "（中文说明）", en: 'this evaluation already has a vendor named "Beta"' });
  render(Vendors, { evaluationId: 2, onopen: () => {}, onchange: () => {} });
  await fireEvent.click(await screen.findByTestId("edit-vendor"));
  await fireEvent.submit(screen.getByTestId("edit-vendor-form"));
  expect((await screen.findByTestId("vendors-error")).textContent).toContain("already has a vendor");
  expect(screen.getByTestId("edit-vendor-form")).toBeTruthy();
});

test("removing a vendor asks in the page first: Cancel or Escape keep it, Remove vendor removes it", async () => {
  list.mockResolvedValue([acme]);
  remove.mockResolvedValue([]);
  const onchange = vi.fn();
  render(Vendors, { evaluationId: 2, onopen: () => {}, onchange });
  render(ConfirmDialog);
  await fireEvent.click(await screen.findByTestId("remove-vendor"));
  expect((await screen.findByTestId("confirm-message")).textContent).toContain("Acme");
  expect(document.activeElement).toBe(screen.getByTestId("confirm-cancel"));
  await fireEvent.click(screen.getByTestId("confirm-cancel"));
  expect(screen.queryByTestId("confirm-dialog")).toBeNull();

  await fireEvent.click(screen.getByTestId("remove-vendor"));
  await fireEvent.keyDown(await screen.findByTestId("confirm-dialog"), { key: "Escape" });
  expect(screen.queryByTestId("confirm-dialog")).toBeNull();
  expect(remove).not.toHaveBeenCalled();
  expect(screen.getByTestId("vendor-item-name").textContent).toBe("Acme");

  setLocale("zh-CN");
  await fireEvent.click(screen.getByTestId("remove-vendor"));
  expect((await screen.findByTestId("confirm-message")).textContent).toContain("删除“Acme”");
  expect(screen.getByTestId("confirm-yes").textContent).toContain("删除供应商");
  await fireEvent.click(screen.getByTestId("confirm-yes"));
  await vi.waitFor(() => expect(remove).toHaveBeenCalledWith(4));
  await screen.findByTestId("vendors-empty");
  expect(onchange).toHaveBeenCalled();
});

test("a read-only evaluation offers no add, edit, remove or import", async () => {
  list.mockResolvedValue([acme]);
  render(Vendors, { evaluationId: 2, readonly: true, onopen: () => {}, onchange: () => {} });
  await screen.findByTestId("vendor-item-name");
  for (const id of ["edit-vendor", "remove-vendor", "add-vendor", "import-workbook"]) {
    expect(screen.queryByTestId(id)).toBeNull();
  }
  expect(screen.getByTestId("open-vendor")).toBeTruthy();
});
