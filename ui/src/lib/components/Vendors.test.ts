// Component tests for the vendor list with a fake backend: editing a vendor's
// details sends them to update_vendor and shows the returned list as text.
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import Vendors from "./Vendors.svelte";
import { addVendor, listVendors, updateVendor } from "../../api";
import { setLocale } from "../../i18n/index.svelte";

vi.mock("../../api");
const list = vi.mocked(listVendors);
const update = vi.mocked(updateVendor);

const acme = { id: 4, evaluation_id: 2, name: "Acme", product: "Chat", deployment: "saas" as const, notes: "" };

beforeEach(() => {
  setLocale("en");
  list.mockReset();
  update.mockReset();
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
