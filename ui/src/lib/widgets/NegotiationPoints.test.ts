// Component tests for a vendor's negotiation points with a fake backend: the
// points as the core gives them, a decision sent as typed, resolving asks
// first (cancelled: nothing sent), the core's refusal shown in the UI's
// language, and no decision controls on a read-only evaluation.
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/svelte";
import NegotiationPoints from "./NegotiationPoints.svelte";
import ConfirmDialog from "./ConfirmDialog.svelte";
import { decideNegotiation, getNegotiationPoints } from "../../api";
import { setLocale } from "../../i18n/index.svelte";
import type { NegotiationPoint } from "../../bindings/NegotiationPoint";
import type { NegotiationView } from "../../bindings/NegotiationView";

vi.mock("../../api");
const get = vi.mocked(getNegotiationPoints);
const decide = vi.mocked(decideNegotiation);

const tx = (en: string, zh: string) => ({ en, "zh-CN": zh });
const HOSTILE = "<img src=x onerror=alert(1)>";

const incident: NegotiationPoint = {
  clause: "incident-notification",
  number: 1,
  title: tx("Notification of security incidents", "安全事件通知"),
  question: "IRV-01",
  answer: tx("96 hours", "96 小时"),
  requirement: tx("Acme shall notify within 24 hours.", "Acme 应在 24 小时内通知。"),
  status: "open",
  note: "",
  updated_at: null,
  updated_by: null,
  settles_with: tx("24 hours", "24 小时"),
  closed: false,
};
const audit: NegotiationPoint = {
  ...incident,
  clause: "audit-rights",
  number: 10,
  title: tx("The Customer's right to audit", "客户的审计权"),
  question: null,
  answer: tx("not asked in the questionnaire: to agree with the vendor", "问卷中未询问：需与供应商商定"),
  settles_with: null,
};
const view = (points: NegotiationPoint[]): NegotiationView => ({ vendor_id: 7, vendor: "Acme", points });

beforeEach(() => {
  setLocale("en");
  get.mockReset();
  decide.mockReset();
});
afterEach(() => cleanup());

const point = (clause: string) => screen.getAllByTestId("negotiation-point").find((p) => p.dataset.clause === clause)!;
const choose = (clause: string, status: string) =>
  fireEvent.click(within(point(clause)).getAllByTestId("negotiation-choice").find((c) => c.dataset.status === status)!);

test("lists each point with the vendor's answer and the requirement; an accepted risk is sent with its reason, shown as text", async () => {
  get.mockResolvedValue(view([incident, audit]));
  render(NegotiationPoints, { vendorId: 7, readonly: false });
  await screen.findAllByTestId("negotiation-point");
  expect(get).toHaveBeenCalledWith(7);
  expect(within(point("incident-notification")).getByTestId("negotiation-answer").textContent).toBe("96 hours");
  expect(point("incident-notification").textContent).toContain("Acme shall notify within 24 hours.");
  expect(within(point("audit-rights")).getByTestId("negotiation-status").textContent).toBe("to negotiate");

  decide.mockResolvedValue(view([incident, { ...audit, status: "accepted_risk", note: HOSTILE }]));
  await choose("audit-rights", "accepted_risk");
  await fireEvent.input(within(point("audit-rights")).getByTestId("negotiation-note-input"), { target: { value: HOSTILE } });
  await fireEvent.click(within(point("audit-rights")).getByTestId("negotiation-save"));
  expect(decide).toHaveBeenCalledWith(7, { clause: "audit-rights", status: "accepted_risk", note: HOSTILE });
  const note = await within(point("audit-rights")).findByTestId("negotiation-note");
  expect(note.textContent).toBe(HOSTILE);
  expect(note.querySelector("img")).toBeNull();
  expect(within(point("audit-rights")).getByTestId("negotiation-status").textContent).toBe("risk accepted");
});

test("resolving asks first, naming the answer it records; cancelled, nothing is sent; confirmed, the answer is updated", async () => {
  get.mockResolvedValue(view([incident]));
  render(ConfirmDialog);
  render(NegotiationPoints, { vendorId: 7, readonly: false });
  await screen.findAllByTestId("negotiation-point");
  await choose("incident-notification", "resolved");
  expect(screen.getByTestId("negotiation-settles").textContent).toContain("24 hours");
  await fireEvent.input(screen.getByTestId("negotiation-note-input"), { target: { value: "MSA §12.3" } });
  await fireEvent.click(screen.getByTestId("negotiation-save"));
  expect((await screen.findByTestId("confirm-message")).textContent).toBe("Record IRV-01 as “24 hours” instead of “96 hours”?");
  await fireEvent.click(screen.getByTestId("confirm-cancel"));
  await vi.waitFor(() => expect(screen.queryByTestId("confirm-dialog")).toBeNull());
  expect(decide).not.toHaveBeenCalled();

  decide.mockResolvedValue(view([{ ...incident, status: "resolved", note: "MSA §12.3", answer: tx("24 hours", "24 小时"), closed: true }]));
  await fireEvent.click(screen.getByTestId("negotiation-save"));
  await fireEvent.click(await screen.findByTestId("confirm-yes"));
  await vi.waitFor(() => expect(decide).toHaveBeenCalledWith(7, { clause: "incident-notification", status: "resolved", note: "MSA §12.3" }));
  await vi.waitFor(() => expect(screen.getByTestId("negotiation-answer").textContent).toBe("24 hours"));
  expect(screen.getByTestId("negotiation-point").dataset.status).toBe("resolved");
});

test("the core's refusal is shown in the UI's language; a read-only evaluation shows no decision controls", async () => {
  setLocale("zh-CN");
  get.mockResolvedValue(view([audit]));
  decide.mockRejectedValue({ code: "invalid_input", en: "note: say why the risk is accepted", "zh-CN": "说明：请说明接受该风险的理由" });
  render(NegotiationPoints, { vendorId: 7, readonly: false });
  await screen.findAllByTestId("negotiation-point");
  expect(screen.getByTestId("negotiation-answer").textContent).toBe("问卷中未询问：需与供应商商定");
  await choose("audit-rights", "accepted_risk");
  await fireEvent.click(screen.getByTestId("negotiation-save"));
  expect((await screen.findByTestId("negotiation-save-error")).textContent).toBe("说明：请说明接受该风险的理由");
  cleanup();
  render(NegotiationPoints, { vendorId: 7, readonly: true });
  await screen.findAllByTestId("negotiation-point");
  expect(screen.queryByTestId("negotiation-save")).toBeNull();
  expect(screen.queryAllByTestId("negotiation-choice")).toHaveLength(0);
});
