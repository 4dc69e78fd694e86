// Component tests for the guided questionnaire, with a fake backend (vi.mock
// of ../../api): inputs per answer type, conditional questions, the saved
// state, the score breakdown and plain-sentence errors.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/svelte";
import VendorForm from "./VendorForm.svelte";
import ConfirmDialog from "../widgets/ConfirmDialog.svelte";
import { addEvidence, addEvidenceWithFile, attachEvidenceFile, getForm, keepTheirsWithComment, markSectionNotApplicable, openEvidenceFile, removeEvidence, saveAnswer } from "../../api";
import { setLocale } from "../../i18n/index.svelte";
import { flushPending } from "../pending";
import { team } from "../team.svelte";
import { opt, q, tx, view } from "../test-fixtures";
import type { FormView } from "../../bindings/FormView";
import type { InputKind } from "../../bindings/InputKind";

vi.mock("../../api");
const addEv = vi.mocked(addEvidence);
const removeEv = vi.mocked(removeEvidence);
const attachEv = vi.mocked(attachEvidenceFile);
const addWithFile = vi.mocked(addEvidenceWithFile);
const openFile = vi.mocked(openEvidenceFile);
const get = vi.mocked(getForm);
const save = vi.mocked(saveAnswer);
const keepTheirs = vi.mocked(keepTheirsWithComment);

beforeEach(() => {
  setLocale("en");
  get.mockReset();
  save.mockReset();
});
afterEach(() => cleanup());

describe("guided questionnaire", () => {
  test("renders an input fitting each answer type, with unit, help and knockout markers", async () => {
    const kinds: InputKind[] = ["yes_no", "yes_partial_no", "choice", "multi", "number", "date", "text"];
    const qs = kinds.map((k, i) => q(`Q-${i + 1}`, k));
    qs[4].knockouts = [
      { profiles: [], active: true, requirement: tx("At most 72 hours"), outcome: "unknown", reason: null },
      { profiles: ["HIGH-SENS"], active: false, requirement: tx("At most 24 hours"), outcome: null, reason: null },
    ];
    get.mockResolvedValue(view(qs));
    render(VendorForm, { vendorId: 7 });
    await screen.findByTestId("stepper");
    expect(screen.getByTestId("form-vendor").textContent).toBe("<b>Acme</b>");

    const byId = (id: string) => screen.getAllByTestId("question").find((el) => el.dataset.question === id)!;
    expect(within(byId("Q-1")).getAllByRole("radio")).toHaveLength(2);
    expect(within(byId("Q-2")).getAllByRole("radio")).toHaveLength(3);
    expect(within(byId("Q-2")).getByTestId("na-toggle")).toBeTruthy();
    expect(within(byId("Q-3")).getAllByRole("radio")).toHaveLength(3);
    expect(within(byId("Q-4")).getAllByRole("checkbox")).toHaveLength(3);
    const number = byId("Q-5");
    expect(within(number).getByTestId("number-input")).toBeTruthy();
    expect(within(number).getByTestId("unit").textContent).toBe("hours");
    expect(within(number).getAllByRole("radio").map((r) => (r as HTMLInputElement).value)).toEqual(["undue-delay", "none"]);
    const markers = within(number).getAllByTestId("knockout-marker");
    expect(markers[0].textContent).toContain("At most 72 hours");
    expect(markers[1].dataset.active).toBe("false");
    expect(markers[1].textContent).toContain("HIGH-SENS");
    // A text field, not WebKitGTK's date input (today in grey when empty, MM/DD/YYYY).
    const date = within(byId("Q-6")).getByTestId("date-input") as HTMLInputElement;
    expect(date.type).toBe("text");
    expect(date.value).toBe("");
    expect(date.placeholder).toBe("YYYY-MM-DD");
    expect(within(byId("Q-7")).getByTestId("text-input").tagName).toBe("TEXTAREA");
    expect(within(byId("Q-1")).getByTestId("question-help").textContent).toBe("Help for Q-1");
    const steps = screen.getAllByTestId("step");
    expect(steps.map((s) => s.dataset.section)).toEqual(["IRV", "DAT"]);
    expect(within(steps[0]).getByTestId("step-progress").textContent).toBe("0/7");
  });

  test("a conditional question appears after choosing the triggering option, and the answer is saved", async () => {
    const first = q("E2E-01", "choice");
    const follow = q("E2E-02", "yes_no", { visible: false });
    get.mockResolvedValue(view([first, follow]));
    const answered = q("E2E-01", "choice", {
      answer: { question: "E2E-01", value: "a", na: null, comment: null, source: null, reference: null, source_date: null },
      answer_text: tx("A"),
      result: { status: "answered", counts: true, raw_score: 100, factor: 1, score: 100, contribution: 50, evidence: "not_required", flags: [], open: null, range: { floor: 100, point: 100, ceiling: 100 } },
    });
    let resolve!: (v: FormView) => void;
    save.mockReturnValue(new Promise((r) => (resolve = r)));
    render(VendorForm, { vendorId: 7 });
    await screen.findByTestId("stepper");
    expect(screen.getAllByTestId("question")).toHaveLength(1);
    expect(screen.getByTestId("hidden-count").textContent).toContain("1");

    const radio = screen.getAllByRole("radio").find((r) => (r as HTMLInputElement).value === "a")!;
    await fireEvent.click(radio);
    expect(save).toHaveBeenCalledWith(7, {
      question: "E2E-01",
      value: "a",
      na: null,
      comment: null,
      source: null,
      reference: null,
      source_date: null,
    });
    expect(screen.getByTestId("saved-indicator").dataset.state).toBe("saving");

    resolve(view([answered, { ...follow, visible: true }], { total: 50, answered: 1 }));
    await vi.waitFor(() => expect(screen.getAllByTestId("question")).toHaveLength(2));
    expect(screen.getAllByTestId("question")[1].dataset.question).toBe("E2E-02");
    expect(screen.getByTestId("saved-indicator").dataset.state).toBe("saved");
    expect(screen.getByTestId("saved-indicator").textContent).toContain("All changes saved");
    expect(screen.getAllByTestId("save-state")[0].dataset.state).toBe("saved");
    expect(screen.getByTestId("form-total").textContent).toBe("50.0");
  });

  test("a number is saved on Enter without leaving the question, and a refusal is shown in plain words", async () => {
    get.mockResolvedValue(view([q("IRV-01", "number")]));
    save.mockRejectedValue({ code: "invalid_input", "zh-CN": "（中文说明）", en: "answer to IRV-01 for Acme: -3 is not a number of 0 or more" });
    render(VendorForm, { vendorId: 7 });
    const input = (await screen.findByTestId("number-input")) as HTMLInputElement;
    await fireEvent.input(input, { target: { value: "-3" } });
    await fireEvent.keyDown(input, { key: "Enter" });
    expect(save).toHaveBeenCalledWith(7, expect.objectContaining({ question: "IRV-01", value: -3 }));
    const error = await screen.findByTestId("save-error");
    expect(error.textContent).toContain("-3 is not a number of 0 or more");
    expect(screen.getByTestId("saved-indicator").dataset.state).toBe("error");
    expect(screen.getByTestId("saved-indicator").textContent?.trim()).toBe("Some changes are not saved");
  });

  test("a save over someone else's newer change (team database) is refused, theirs shown, and mine saved over it on request", async () => {
    get.mockResolvedValue(view([q("IRV-01", "number")]));
    save.mockRejectedValueOnce({
      code: "conflict",
      "zh-CN": "未保存：IRV-01 的回答已被 wang 修改",
      en: "not saved: the answer to IRV-01 was changed by wang at 2026-12-07 14:02 UTC: 48 → 24; yours: 72 — keep theirs, or save yours again over it",
    });
    render(VendorForm, { vendorId: 7 });
    const input = (await screen.findByTestId("number-input")) as HTMLInputElement;
    const loads = get.mock.calls.length;
    await fireEvent.input(input, { target: { value: "72" } });
    await fireEvent.keyDown(input, { key: "Enter" });
    const error = await screen.findByTestId("save-error");
    expect(error.textContent).toContain("changed by wang");
    // Theirs is read again to be shown; nothing is saved over it by itself.
    await vi.waitFor(() => expect(get.mock.calls.length).toBe(loads + 1));
    expect(save).toHaveBeenCalledTimes(1);
    save.mockResolvedValue(view([q("IRV-01", "number")]));
    await fireEvent.click(screen.getByTestId("save-over"));
    expect(save).toHaveBeenCalledTimes(2);
    expect(save.mock.calls[1]).toEqual(save.mock.calls[0]);
    await vi.waitFor(() => expect(screen.queryByTestId("save-error")).toBeNull());
  });

  test("after a refused save, theirs is kept and mine added to its comment on request, based on theirs", async () => {
    const at = (revision: number, value: number, comment: string | null = null) =>
      view([q("IRV-01", "number", { revision, answer: { question: "IRV-01", value, na: null, comment, source: null, reference: null, source_date: null } })]);
    get.mockResolvedValue(at(3, 48));
    save.mockRejectedValueOnce({
      code: "conflict",
      "zh-CN": "未保存：IRV-01 的回答已被 wang 修改",
      en: "not saved: the answer to IRV-01 was changed by wang at 2026-12-07 14:02 UTC: 48 → 24; yours: 72 — keep theirs, or save yours again over it",
    });
    render(VendorForm, { vendorId: 7 });
    const input = (await screen.findByTestId("number-input")) as HTMLInputElement;
    // Theirs (revision 4) is what the form reads again after the refusal.
    get.mockResolvedValue(at(4, 24));
    await fireEvent.input(input, { target: { value: "72" } });
    await fireEvent.keyDown(input, { key: "Enter" });
    await screen.findByTestId("save-error");
    await vi.waitFor(() => expect((screen.getByTestId("number-input") as HTMLInputElement).value).toBe("24"));
    keepTheirs.mockResolvedValue(at(5, 24, "zhang proposed 72"));
    await fireEvent.click(screen.getByTestId("keep-theirs-with-comment"));
    expect(keepTheirs).toHaveBeenCalledWith(7, expect.objectContaining({ question: "IRV-01", value: 72, based_on: 4 }), "en");
    expect(save).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(screen.queryByTestId("save-error")).toBeNull());
    expect((screen.getByTestId("number-input") as HTMLInputElement).value).toBe("24");
  });

  test("in team mode a read-only evaluation says why (role, membership or sign-off), not the demo's note", async () => {
    const base = view([q("IRV-01", "number")]);
    get.mockResolvedValue({ ...base, evaluation: { ...base.evaluation, read_only: true } });
    team.session = {
      address: "vera@db:5432/assay",
      user: "vera",
      roles: [{ en: "viewer", "zh-CN": "查看者" }],
      read_at: "14:02:11 UTC",
      read_only: [{ evaluation: 2, why: { en: "Read-only: signed off by ada at 2026-12-07 14:02 UTC", "zh-CN": "只读：已由 ada 签核" } }],
      may_create: false,
      may_delete: false,
      unreadable: [],
    };
    try {
      render(VendorForm, { vendorId: 7 });
      const note = await screen.findByTestId("form-read-only");
      expect(note.textContent).toContain("signed off by ada");
      expect(note.textContent).not.toContain("demo");
    } finally {
      team.session = null;
    }
  });

  test("team mode: an edit is based on the revision its input showed; someone else's newer answer replaces the input", async () => {
    const at = (revision: number, value: number) =>
      view([q("IRV-01", "number", { revision, answer: { question: "IRV-01", value, na: null, comment: null, source: null, reference: null, source_date: null } })]);
    get.mockResolvedValue(at(3, 48));
    let answered!: (v: FormView) => void;
    save.mockReturnValueOnce(new Promise<FormView>((r) => (answered = r)));
    render(VendorForm, { vendorId: 7 });
    const input = (await screen.findByTestId("number-input")) as HTMLInputElement;
    expect(input.value).toBe("48");
    await fireEvent.input(input, { target: { value: "72" } });
    await fireEvent.keyDown(input, { key: "Enter" });
    expect(save).toHaveBeenLastCalledWith(7, expect.objectContaining({ question: "IRV-01", value: 72, based_on: 3 }));
    // A second save of the same answer waits for the first, and is based on the revision it left.
    save.mockResolvedValueOnce(at(5, 96));
    await fireEvent.input(input, { target: { value: "96" } });
    await fireEvent.keyDown(input, { key: "Enter" });
    expect(save).toHaveBeenCalledTimes(1);
    answered(at(4, 72));
    await vi.waitFor(() => expect(save).toHaveBeenCalledTimes(2));
    expect(save).toHaveBeenLastCalledWith(7, expect.objectContaining({ value: 96, based_on: 4 }));
    await vi.waitFor(() => expect(screen.getByTestId("saved-indicator").dataset.state).toBe("saved"));
    // The user's own saves keep the input; a reload bringing someone else's change replaces it.
    expect(screen.getByTestId("number-input")).toBe(input);
    get.mockResolvedValue(at(6, 24));
    team.generation++;
    await vi.waitFor(() => expect((screen.getByTestId("number-input") as HTMLInputElement).value).toBe("24"));
    expect(screen.getByTestId("number-input")).not.toBe(input);
    save.mockResolvedValueOnce(at(7, 12));
    const theirs = screen.getByTestId("number-input") as HTMLInputElement;
    await fireEvent.input(theirs, { target: { value: "12" } });
    await fireEvent.keyDown(theirs, { key: "Enter" });
    expect(save).toHaveBeenLastCalledWith(7, expect.objectContaining({ value: 12, based_on: 6 }));
  });

  test("any other refusal offers no saving over", async () => {
    get.mockResolvedValue(view([q("IRV-01", "number")]));
    save.mockRejectedValue({ code: "invalid_input", "zh-CN": "（中文说明）", en: "-3 is not a number of 0 or more" });
    render(VendorForm, { vendorId: 7 });
    const input = (await screen.findByTestId("number-input")) as HTMLInputElement;
    await fireEvent.input(input, { target: { value: "-3" } });
    await fireEvent.keyDown(input, { key: "Enter" });
    await screen.findByTestId("save-error");
    expect(screen.queryByTestId("save-over")).toBeNull();
    expect(screen.queryByTestId("keep-theirs-with-comment")).toBeNull();
  });

  test("typed text is saved after a pause, shown as saving meanwhile, without leaving the field", async () => {
    get.mockResolvedValue(view([q("IRV-01", "yes_no")]));
    save.mockResolvedValue(view([q("IRV-01", "yes_no")]));
    render(VendorForm, { vendorId: 7 });
    const comment = await screen.findByTestId("comment");
    // The user opens "comment and source"; saves must not close it under their fingers.
    const details = comment.closest("details")!;
    expect(details.open).toBe(false);
    details.open = true;
    await fireEvent(details, new Event("toggle"));
    await fireEvent.input(comment, { target: { value: "DPA §7 says 24 h" } });
    expect(screen.getByTestId("saved-indicator").dataset.state).toBe("saving");
    expect(save).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(save).toHaveBeenCalledWith(7, expect.objectContaining({ comment: "DPA §7 says 24 h" })), {
      timeout: 3000,
    });
    await vi.waitFor(() => expect(screen.getByTestId("saved-indicator").dataset.state).toBe("saved"));
    expect(save).toHaveBeenCalledTimes(1);
    expect(details.open).toBe(true);
  });

  test("closing the window or leaving the section saves what is being typed at once", async () => {
    get.mockResolvedValue(view([q("IRV-01", "number")]));
    let answered!: (v: FormView) => void;
    save.mockReturnValueOnce(new Promise<FormView>((r) => (answered = r)));
    render(VendorForm, { vendorId: 7 });
    const input = await screen.findByTestId("number-input");
    await fireEvent.input(input, { target: { value: "24" } });
    // What the window's close request runs (App.svelte): the draft is sent now,
    // and the close waits until the store has it.
    let closed = false;
    const closing = flushPending(3000).then(() => (closed = true));
    expect(save).toHaveBeenCalledWith(7, expect.objectContaining({ question: "IRV-01", value: 24 }));
    await Promise.resolve();
    expect(closed).toBe(false);
    answered(view([q("IRV-01", "number")]));
    await closing;
    // Typing, then Alt+ArrowRight to the next section: saved on the way out.
    save.mockResolvedValue(view([q("IRV-01", "number")]));
    await fireEvent.input(screen.getByTestId("number-input"), { target: { value: "48" } });
    await fireEvent.keyDown(screen.getByTestId("vendor-form"), { key: "ArrowRight", altKey: true });
    expect(save).toHaveBeenLastCalledWith(7, expect.objectContaining({ question: "IRV-01", value: 48 }));
    expect(save).toHaveBeenCalledTimes(2);
  });

  test("N/A is saved only with a reason", async () => {
    get.mockResolvedValue(view([q("TRN-05", "yes_partial_no")]));
    save.mockResolvedValue(view([q("TRN-05", "yes_partial_no")]));
    render(VendorForm, { vendorId: 7 });
    await fireEvent.click(await screen.findByTestId("na-toggle"));
    expect(save).not.toHaveBeenCalled();
    expect(screen.getByTestId("na-hint")).toBeTruthy();
    const reason = screen.getByTestId("na-reason");
    await fireEvent.input(reason, { target: { value: "no bots in scope" } });
    await fireEvent.change(reason);
    expect(save).toHaveBeenCalledWith(7, expect.objectContaining({ value: null, na: "no bots in scope" }));
  });

  test("why this score? lists the questions, answers in words, weights and flags", async () => {
    const yes = q("IRV-03", "yes_no", {
      answer_text: tx("Yes", "是"),
      result: { status: "answered", counts: true, raw_score: 100, factor: 0.5, score: 50, contribution: 8.333333, evidence: "claimed", flags: ["claimed"], open: null, range: { floor: 50, point: 50, ceiling: 50 } },
    });
    get.mockResolvedValue(view([yes, q("IRV-04", "yes_no")]));
    render(VendorForm, { vendorId: 7 });
    await fireEvent.click(await screen.findByTestId("why"));
    const rows = screen.getAllByTestId("breakdown-row");
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByTestId("breakdown-answer").textContent?.trim()).toBe("Yes");
    expect(within(rows[0]).getByTestId("breakdown-score").textContent).toBe("50.0");
    expect(rows[0].textContent).toContain("claimed (no evidence)");
    expect(within(rows[1]).getByTestId("breakdown-answer").textContent?.trim()).toBe("Unanswered");
    expect(rows[1].textContent).toContain("unknown");
    expect(screen.getByTestId("breakdown-sum").textContent).toContain("9");

    await fireEvent.click(screen.getAllByTestId("step")[1]);
    expect(screen.queryByTestId("breakdown")).toBeNull();
    expect(screen.getByTestId("section-title").textContent).toContain("Data");
  });
});

describe("evidence editor and keyboard", () => {
  const rule = { required: true, note: tx("The DPA clause"), missing_factor: 0.5, draft: { kind: "contract_clause" as const, issued: null, expires: null } };
  const answered = { question: "IRV-01", value: 24, na: null, comment: null, source: null, reference: null, source_date: null };

  test("lists the evidence with its validity, adds, attaches and removes a piece, and shows the re-scored form", async () => {
    const claimed = q("IRV-01", "number", {
      evidence_rule: rule,
      answer: answered,
      result: { status: "answered", counts: true, raw_score: 100, factor: 0.5, score: 50, contribution: 2, evidence: "claimed", flags: ["claimed"], open: null, range: { floor: 50, point: 50, ceiling: 50 } },
    });
    get.mockResolvedValue(view([claimed], { total: 2 }));
    const piece = {
      kind: "contract_clause" as const,
      identifier: "<img src=x onerror=alert(1)>",
      issuer: null,
      scope: null,
      issued: "2026-06-01",
      expires: "2027-03-01", valid_until: "2027-03-01",
      url: null,
      file_sha256: null,
      file_name: null,
      validity: "expiring_soon" as const,
    };
    const supported = q("IRV-01", "number", {
      evidence_rule: rule,
      answer: answered,
      evidence: [piece],
      evidence_count: 1,
      result: { status: "answered", counts: true, raw_score: 100, factor: 1, score: 100, contribution: 4, evidence: "supported", flags: ["expiring_soon"], open: null, range: { floor: 100, point: 100, ceiling: 100 } },
    });
    addEv.mockResolvedValue(view([supported], { total: 4 }));
    render(VendorForm, { vendorId: 7 });
    await screen.findByTestId("evidence-editor");
    expect(screen.getByTestId("evidence-none")).toBeTruthy();

    await fireEvent.click(screen.getByTestId("evidence-add-toggle"));
    await fireEvent.change(screen.getByTestId("evidence-kind"), { target: { value: "contract_clause" } });
    await fireEvent.input(screen.getByTestId("evidence-identifier-input"), { target: { value: piece.identifier } });
    await fireEvent.input(screen.getByTestId("evidence-issued-input"), { target: { value: "2026-06-01" } });
    await fireEvent.submit(screen.getByTestId("evidence-form"));
    expect(addEv).toHaveBeenCalledWith(7, "IRV-01", {
      kind: "contract_clause",
      identifier: piece.identifier,
      issuer: null,
      scope: null,
      issued: "2026-06-01",
      expires: null,
      url: null,
    });
    const item = await screen.findByTestId("evidence-item");
    expect(item.dataset.validity).toBe("expiring_soon");
    expect(within(item).getByTestId("evidence-identifier").textContent).toBe(piece.identifier);
    expect(within(item).getByTestId("evidence-validity").textContent).toContain("expires within 90 days");
    expect(screen.getByTestId("form-total").dataset.value).toBe("4");

    const sha = "ab".repeat(32);
    attachEv.mockResolvedValue(view([{ ...supported, evidence: [{ ...piece, file_sha256: sha }] }], { total: 4 }));
    await fireEvent.click(within(item).getByTestId("evidence-attach"));
    expect(attachEv).toHaveBeenCalledWith(7, "IRV-01", 0);
    await vi.waitFor(() => expect(screen.getByTestId("evidence-file").dataset.sha).toBe(sha));
    // A file stored before names were kept shows its hash; one with a name, the name.
    expect(screen.getByTestId("evidence-file").textContent).toContain(sha.slice(0, 12));
    expect(screen.queryByTestId("evidence-attach")).toBeNull();

    // Removing asks first, in the page (window.confirm shows nothing in the app):
    // Cancel keeps the evidence, the dialog's own button removes it.
    render(ConfirmDialog);
    removeEv.mockResolvedValue(view([claimed], { total: 2 }));
    await fireEvent.click(screen.getByTestId("evidence-remove"));
    const ask = await screen.findByTestId("confirm-message");
    expect(ask.textContent).toContain("IRV-01");
    expect(ask.textContent).toContain(piece.identifier);
    await fireEvent.click(screen.getByTestId("confirm-cancel"));
    expect(screen.queryByTestId("confirm-dialog")).toBeNull();
    expect(removeEv).not.toHaveBeenCalled();
    expect(screen.getByTestId("evidence-item")).toBeTruthy();
    await fireEvent.click(screen.getByTestId("evidence-remove"));
    await fireEvent.click(await screen.findByTestId("confirm-yes"));
    await vi.waitFor(() => expect(removeEv).toHaveBeenCalledWith(7, "IRV-01", 0));
    await screen.findByTestId("evidence-none");
    expect(screen.getByTestId("form-total").dataset.value).toBe("2");
  });

  test("one step: the form starts from the question's draft, adds the piece with its file, shows the file's name and opens it", async () => {
    // CRT-02 asks for the certificate's expiry and already has it as its answer.
    const draftRule = { ...rule, draft: { kind: "certificate" as const, issued: null, expires: "2027-10-31" } };
    const crt = q("CRT-02", "date", { evidence_rule: draftRule, answer: { ...answered, question: "CRT-02", value: "2027-10-31" } });
    get.mockResolvedValue(view([crt]));
    addEv.mockClear();
    render(VendorForm, { vendorId: 7 });
    await fireEvent.click(await screen.findByTestId("evidence-add-toggle"));
    expect((screen.getByTestId("evidence-kind") as HTMLSelectElement).value).toBe("certificate");
    expect((screen.getByTestId("evidence-expires-input") as HTMLInputElement).value).toBe("2027-10-31");
    expect((screen.getByTestId("evidence-issued-input") as HTMLInputElement).value).toBe("");
    await fireEvent.input(screen.getByTestId("evidence-identifier-input"), { target: { value: "ISMS 01234" } });

    // Cancelling the file dialog adds nothing and keeps what was typed.
    addWithFile.mockResolvedValueOnce(null);
    await fireEvent.click(screen.getByTestId("evidence-submit-with-file"));
    await screen.findByTestId("evidence-notice");
    expect(addEv).not.toHaveBeenCalled();
    expect((screen.getByTestId("evidence-identifier-input") as HTMLInputElement).value).toBe("ISMS 01234");

    const sha = "cd".repeat(32);
    const withFile = {
      kind: "certificate" as const, identifier: "ISMS 01234", issuer: null, scope: null, issued: null,
      expires: "2027-10-31", valid_until: "2027-10-31", url: null, file_sha256: sha, file_name: "iso27001-certificate.pdf", validity: "valid" as const,
    };
    addWithFile.mockResolvedValueOnce(view([{ ...crt, evidence: [withFile], evidence_count: 1 }]));
    await fireEvent.click(screen.getByTestId("evidence-submit-with-file"));
    expect(addWithFile).toHaveBeenLastCalledWith(7, "CRT-02", {
      kind: "certificate", identifier: "ISMS 01234", issuer: null, scope: null, issued: null, expires: "2027-10-31", url: null,
    });
    const file = await screen.findByTestId("evidence-file");
    expect(file.textContent).toContain("iso27001-certificate.pdf");
    expect(file.textContent).not.toContain(sha.slice(0, 12));
    expect(screen.queryByTestId("evidence-form")).toBeNull();
    openFile.mockResolvedValueOnce(undefined);
    await fireEvent.click(screen.getByTestId("evidence-open"));
    expect(openFile).toHaveBeenCalledWith(sha);
  });

  test("an audit report's date is the end of its period: labelled so, with the day it stops counting", async () => {
    const report = {
      kind: "audit_report" as const, identifier: "SOC 2 Type II", issuer: null, scope: null, issued: null,
      expires: "2026-03-31", valid_until: "2027-03-31", url: null, file_sha256: null, file_name: null, validity: "valid" as const,
    };
    get.mockResolvedValue(view([q("IRV-01", "number", { evidence_rule: rule, answer: answered, evidence: [report], evidence_count: 1 })]));
    render(VendorForm, { vendorId: 7 });
    expect((await screen.findByTestId("evidence-current-until")).textContent).toBe("current until Mar 31, 2027");
    await fireEvent.click(screen.getByTestId("evidence-add-toggle"));
    await fireEvent.change(screen.getByTestId("evidence-kind"), { target: { value: "audit_report" } });
    expect(screen.getByTestId("evidence-period-hint").textContent).toBe(
      "An audit report counts for 12 months after the end of the period it covers.",
    );
    expect(screen.getByTestId("evidence-expires-input").closest("label")!.textContent).toContain("End of the period covered");
  });

  test("dates are typed as 2026-11-29 or 2026年11月29日, echoed in the UI's language; an ambiguous date is refused in words", async () => {
    get.mockResolvedValue(view([q("IRV-01", "number", { evidence_rule: rule, answer: answered })]));
    setLocale("zh-CN");
    render(VendorForm, { vendorId: 7 });
    await fireEvent.click(await screen.findByTestId("evidence-add-toggle"));
    const issued = screen.getByTestId("evidence-issued-input") as HTMLInputElement;
    expect(issued.placeholder).toBe("年-月-日");
    await fireEvent.input(issued, { target: { value: "2026年6月1日" } });
    await fireEvent.change(issued);
    expect(issued.value).toBe("2026-06-01");
    expect(screen.getByTestId("evidence-issued-input-read").textContent).toContain("2026年6月1日");
    const expires = screen.getByTestId("evidence-expires-input") as HTMLInputElement;
    await fireEvent.input(expires, { target: { value: "06/01/2028" } });
    await fireEvent.change(expires);
    expect(expires.getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByTestId("evidence-expires-input-read").textContent).toContain("不是有效日期");
    // The unreadable date is neither sent as no date nor as some other day: nothing is sent.
    addEv.mockClear();
    await fireEvent.submit(screen.getByTestId("evidence-form"));
    expect(addEv).not.toHaveBeenCalled();
    expect(screen.getByTestId("evidence-error").textContent).toContain("有日期无法识别");
    await fireEvent.input(expires, { target: { value: "2028-06-01" } });
    addEv.mockResolvedValueOnce(view([q("IRV-01", "number", { evidence_rule: rule, answer: answered })]));
    await fireEvent.submit(screen.getByTestId("evidence-form"));
    expect(addEv).toHaveBeenLastCalledWith(7, "IRV-01", expect.objectContaining({ issued: "2026-06-01", expires: "2028-06-01" }));
  });

  test("a refused piece shows the core's sentence as text, in the UI's language", async () => {
    get.mockResolvedValue(view([q("IRV-01", "number", { evidence_rule: rule, answer: answered })]));
    addEv.mockRejectedValue({
      code: "invalid_input",
      en: "The issue date 2027-03-01 is after the expiry date 2027-01-01.",
      "zh-CN": "签发日期 2027-03-01 晚于到期日期 2027-01-01。",
    });
    render(VendorForm, { vendorId: 7 });
    await fireEvent.click(await screen.findByTestId("evidence-add-toggle"));
    await fireEvent.submit(screen.getByTestId("evidence-form"));
    const error = await screen.findByTestId("evidence-error");
    expect(error.textContent).toContain("after the expiry date");
    expect(error.textContent).not.toContain("晚于");
    setLocale("zh-CN");
    await fireEvent.submit(screen.getByTestId("evidence-form"));
    await vi.waitFor(() => expect(screen.getByTestId("evidence-error").textContent).toContain("签发日期 2027-03-01 晚于到期日期"));
    expect(screen.getByTestId("evidence-error").textContent).not.toContain("after the expiry");
  });

  test("Alt+ArrowRight / Alt+ArrowLeft and PageDown / PageUp move between sections and announce them", async () => {
    get.mockResolvedValue(view([q("IRV-01", "yes_no")]));
    render(VendorForm, { vendorId: 7 });
    const form = await screen.findByTestId("vendor-form");
    await fireEvent.keyDown(form, { key: "ArrowRight", altKey: true });
    expect(screen.getByTestId("section-title").textContent).toContain("DAT");
    expect(screen.getByTestId("section-announce").textContent).toBe("Section 2 of 2: Data");
    await vi.waitFor(() => expect(document.activeElement?.id).toBe("form-section-heading"));
    await fireEvent.keyDown(form, { key: "PageDown" });
    expect(screen.getByTestId("section-title").textContent).toContain("DAT");
    await fireEvent.keyDown(form, { key: "ArrowLeft", altKey: true });
    expect(screen.getByTestId("section-title").textContent).toContain("IRV");
    await fireEvent.keyDown(form, { key: "PageDown" });
    await fireEvent.keyDown(form, { key: "PageUp" });
    expect(screen.getByTestId("section-announce").textContent).toBe("Section 1 of 2: Incident response");
    // A plain arrow is left to the radios.
    await fireEvent.keyDown(form, { key: "ArrowRight" });
    expect(screen.getByTestId("section-title").textContent).toContain("IRV");
  });

  test("Alt+ArrowDown / Alt+ArrowUp move between the questions' answers", async () => {
    const answered = { question: "IRV-02", value: "no", na: null, comment: null, source: null, reference: null, source_date: null };
    get.mockResolvedValue(view([q("IRV-01", "number"), q("IRV-02", "yes_no", { answer: answered }), q("IRV-03", "text")]));
    render(VendorForm, { vendorId: 7 });
    const form = await screen.findByTestId("vendor-form");
    const byId = (id: string) => screen.getAllByTestId("question").find((el) => el.dataset.question === id)!;
    await fireEvent.keyDown(form, { key: "ArrowDown", altKey: true });
    expect(document.activeElement).toBe(within(byId("IRV-01")).getByTestId("number-input"));
    await fireEvent.keyDown(document.activeElement!, { key: "ArrowDown", altKey: true });
    // The chosen option, not the first one.
    expect((document.activeElement as HTMLInputElement).value).toBe("no");
    expect(byId("IRV-02").contains(document.activeElement)).toBe(true);
    await fireEvent.keyDown(document.activeElement!, { key: "ArrowDown", altKey: true });
    expect(document.activeElement).toBe(within(byId("IRV-03")).getByTestId("text-input"));
    await fireEvent.keyDown(document.activeElement!, { key: "ArrowDown", altKey: true });
    expect(document.activeElement, "stays on the last").toBe(within(byId("IRV-03")).getByTestId("text-input"));
    await fireEvent.keyDown(document.activeElement!, { key: "ArrowUp", altKey: true });
    expect(byId("IRV-02").contains(document.activeElement)).toBe(true);
  });
});

describe("bulk: a section's unanswered questions marked not applicable", () => {
  const na = { question: "TRN-05", value: null, na: "on-premises only", comment: null, source: null, reference: null, source_date: null };
  /** The form with what the core offers to mark in IRV (`naCandidates`). */
  const withCandidates = (v: FormView, naCandidates: string[]): FormView => ({
    ...v,
    sections: v.sections.map((sec, i) => (i === 0 ? { ...sec, na_candidates: naCandidates } : sec)),
  });
  // IRV-02 is answered (N/A), IRV-03 does not allow N/A: the core offers IRV-01 only.
  const sectionOf = () =>
    withCandidates(
      view([q("IRV-01", "yes_no", { na_allowed: true }), q("IRV-02", "yes_no", { na_allowed: true, answer: { ...na, question: "IRV-02" } }), q("IRV-03", "yes_no")]),
      ["IRV-01"],
    );

  test("offers only what can be marked, sends one reason, and says what was done", async () => {
    get.mockResolvedValue(sectionOf());
    render(VendorForm, { vendorId: 7 });
    const toggle = await screen.findByTestId("bulk-na-toggle");
    // IRV-02 is answered (N/A), IRV-03 does not allow N/A: one question.
    expect(toggle.textContent).toContain("Mark the 1 unanswered question(s)");
    await fireEvent.click(toggle);
    expect(screen.getByTestId("bulk-na-form").textContent).toContain("IRV-01");
    expect(screen.getByTestId("bulk-na-form").textContent).not.toContain("IRV-03");
    // Cancel sends nothing.
    await fireEvent.click(screen.getByTestId("bulk-na-cancel"));
    expect(vi.mocked(markSectionNotApplicable)).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId("bulk-na-toggle"));
    await fireEvent.input(screen.getByTestId("bulk-na-reason"), { target: { value: "no incidents handled by the vendor" } });
    const after = view([
      q("IRV-01", "yes_no", { na_allowed: true, answer: { ...na, question: "IRV-01", na: "no incidents handled by the vendor" } }),
      q("IRV-02", "yes_no", { na_allowed: true, answer: { ...na, question: "IRV-02" } }),
      q("IRV-03", "yes_no"),
    ]);
    vi.mocked(markSectionNotApplicable).mockResolvedValueOnce({ form: after, marked: ["IRV-01"], answered: 1, not_allowed: 1 });
    await fireEvent.submit(screen.getByTestId("bulk-na-form"));
    expect(vi.mocked(markSectionNotApplicable)).toHaveBeenCalledWith(7, "IRV", "no incidents handled by the vendor");
    expect((await screen.findByTestId("bulk-na-done")).textContent).toBe("Marked 1 question(s) not applicable: IRV-01.");
    // Nothing left to mark: the action is no longer offered.
    expect(screen.queryByTestId("bulk-na-toggle")).toBeNull();
  });

  test("a refusal is shown in the UI's language; a read-only evaluation offers nothing", async () => {
    get.mockResolvedValue(sectionOf());
    setLocale("zh-CN");
    render(VendorForm, { vendorId: 7 });
    await fireEvent.click(await screen.findByTestId("bulk-na-toggle"));
    vi.mocked(markSectionNotApplicable).mockRejectedValueOnce({ code: "invalid_input", en: "Give the reason these questions do not apply.", "zh-CN": "请填写这些问题不适用的理由。" });
    await fireEvent.submit(screen.getByTestId("bulk-na-form"));
    expect((await screen.findByTestId("bulk-na-error")).textContent).toBe("请填写这些问题不适用的理由。");
    cleanup();
    const readOnly = sectionOf();
    readOnly.evaluation = { ...readOnly.evaluation, read_only: true };
    get.mockResolvedValue(readOnly);
    render(VendorForm, { vendorId: 7 });
    await screen.findByTestId("stepper");
    expect(screen.queryByTestId("bulk-na")).toBeNull();
  });
});

describe("read-only evaluation (the public-sources demo)", () => {
  test("answers are shown but every control is disabled, and the page says to duplicate it", async () => {
    const answer = { question: "Q-1", value: "yes", na: null, comment: "From the vendor's page", source: null, reference: null, source_date: null };
    const rule = { required: true, note: tx("The certificate"), missing_factor: 0.5, draft: { kind: "certificate" as const, issued: null, expires: null } };
    const v = view([q("Q-1", "yes_partial_no", { answer, evidence_rule: rule })]);
    v.evaluation = { ...v.evaluation, read_only: true };
    get.mockResolvedValue(v);
    render(VendorForm, { vendorId: 7 });
    const note = await screen.findByTestId("form-read-only");
    expect(note.textContent).toContain("duplicate it");
    expect((screen.getByTestId("question-controls") as HTMLFieldSetElement).disabled).toBe(true);
    expect(screen.getByTestId("clear-answer").style.visibility).toBe("hidden");
    expect(screen.queryByTestId("evidence-add-toggle")).toBeNull();
    setLocale("zh-CN");
    await vi.waitFor(() => expect(screen.getByTestId("form-read-only").textContent).toContain("只读"));
  });

  test("an editable evaluation has no such note and its controls are enabled", async () => {
    get.mockResolvedValue(view([q("Q-1", "yes_no")]));
    render(VendorForm, { vendorId: 7 });
    await screen.findByTestId("stepper");
    expect(screen.queryByTestId("form-read-only")).toBeNull();
    expect((screen.getByTestId("question-controls") as HTMLFieldSetElement).disabled).toBe(false);
  });
});

describe("answer states and honest labels", () => {
  test("an unanswered question says “not asked yet” (not the unknown badge); the state control saves “declined” with no value", async () => {
    get.mockResolvedValue(view([q("KEY-01", "yes_no")]));
    const declined = q("KEY-01", "yes_no", {
      answer: { question: "KEY-01", value: null, na: null, state: "declined", comment: null, source: null, reference: null, source_date: null },
      result: {
        status: "declined",
        counts: true,
        raw_score: 0,
        factor: 1,
        score: 0,
        contribution: 0,
        evidence: "not_required",
        flags: [],
        open: null,
        range: { floor: 0, point: 0, ceiling: 0 },
      },
    });
    save.mockResolvedValue(view([declined]));
    render(VendorForm, { vendorId: 7 });
    const question = await screen.findByTestId("question");
    const status = within(question).getByTestId("answer-status");
    expect(status.textContent).toBe("not asked yet");
    expect(status.dataset.status).toBe("not_asked");
    expect(within(question).getByTestId("flags").querySelector('[data-flag="unknown"]')).toBeNull();

    const control = within(question).getByTestId("answer-state") as HTMLSelectElement;
    expect(Array.from(control.options).map((o) => o.textContent)).toEqual([
      "not asked yet",
      "asked — awaiting the vendor",
      "vendor declined to answer",
      "unknown after asking",
    ]);
    await fireEvent.change(control, { target: { value: "declined" } });
    expect(save).toHaveBeenCalledWith(7, expect.objectContaining({ question: "KEY-01", value: null, na: null, state: "declined" }));
    await vi.waitFor(() => expect(within(screen.getByTestId("question")).getByTestId("answer-status").textContent).toBe("declined"));

    // Choosing a value replaces the state: none is sent.
    await fireEvent.click(screen.getAllByRole("radio").find((r) => (r as HTMLInputElement).value === "yes")!);
    const last = save.mock.calls.at(-1)![1];
    expect(last.value).toBe("yes");
    expect(last.state).toBeUndefined();
  });

  test("awaiting the vendor is shown as such, in both languages", async () => {
    const awaiting = q("KEY-01", "yes_no", {
      answer: { question: "KEY-01", value: null, na: null, state: "awaiting_vendor", comment: null, source: null, reference: null, source_date: null },
    });
    awaiting.result = { ...awaiting.result, open: "awaiting_vendor" };
    get.mockResolvedValue(view([awaiting]));
    render(VendorForm, { vendorId: 7 });
    const status = await screen.findByTestId("answer-status");
    expect(status.textContent).toBe("awaiting the vendor");
    expect((screen.getByTestId("answer-state") as HTMLSelectElement).value).toBe("awaiting_vendor");
    setLocale("zh-CN");
    await vi.waitFor(() => expect(screen.getByTestId("answer-status").textContent).toBe("等待供应商回复"));
  });

  test("the option “Unknown” is not labelled “claimed (no evidence)”; a real claim still is", async () => {
    const options = [opt("hsm-validated", 100), opt("software-kms", 30), opt("unknown", 0)];
    const rule = { required: true, note: tx("HSM certificate"), missing_factor: 0.5, draft: { kind: "certificate" as const, issued: null, expires: null } };
    const unknownOption = q("KEY-06", "choice", {
      input: { kind: "choice", options, unit: null, date_measure: null },
      evidence_rule: rule,
      answer: { question: "KEY-06", value: "unknown", na: null, comment: null, source: null, reference: null, source_date: null },
      answer_text: tx("Unknown", "未知"),
      result: {
        status: "answered",
        counts: true,
        raw_score: 0,
        factor: 0.5,
        score: 0,
        contribution: 0,
        evidence: "claimed",
        flags: ["claimed"],
        open: null,
        range: { floor: 0, point: 0, ceiling: 0 },
      },
    });
    const claim = q("KEY-07", "choice", {
      input: { kind: "choice", options, unit: null, date_measure: null },
      evidence_rule: rule,
      answer: { question: "KEY-07", value: "software-kms", na: null, comment: null, source: null, reference: null, source_date: null },
      result: {
        status: "answered",
        counts: true,
        raw_score: 30,
        factor: 0.5,
        score: 15,
        contribution: 1,
        evidence: "claimed",
        flags: ["claimed"],
        open: null,
        range: { floor: 15, point: 15, ceiling: 15 },
      },
    });
    get.mockResolvedValue(view([unknownOption, claim]));
    render(VendorForm, { vendorId: 7 });
    const [first, second] = await screen.findAllByTestId("question");
    expect((within(first).getAllByRole("radio").find((r) => (r as HTMLInputElement).checked) as HTMLInputElement).value).toBe("unknown");
    expect(within(first).getByTestId("flags").textContent).not.toContain("claimed (no evidence)");
    expect(within(second).getByTestId("flags").textContent).toContain("claimed (no evidence)");
  });

  test("expired evidence says the answer keeps the claim's credit and to ask for the current document", async () => {
    const piece = {
      kind: "certificate" as const,
      identifier: "ISO-123",
      issuer: null,
      scope: null,
      issued: "2023-01-01",
      expires: "2026-01-31", valid_until: "2026-01-31",
      url: null,
      file_sha256: null,
      file_name: null,
      validity: "expired" as const,
    };
    const expired = q("CMP-01", "yes_no", {
      evidence_rule: { required: true, note: tx("The certificate"), missing_factor: 0.5, draft: { kind: "certificate", issued: null, expires: null } },
      answer: { question: "CMP-01", value: "yes", na: null, comment: null, source: null, reference: null, source_date: null },
      evidence: [piece, { ...piece, identifier: "ISO-456", expires: "2028-01-01", valid_until: "2028-01-01", validity: "valid" as const }],
      evidence_count: 2,
    });
    get.mockResolvedValue(view([expired]));
    render(VendorForm, { vendorId: 7 });
    const notes = await screen.findAllByTestId("evidence-expired-note");
    expect(notes).toHaveLength(1);
    expect(notes[0].textContent?.trim()).toBe(
      "This evidence has expired (Jan 31, 2026): the answer keeps the claim's credit — ask for the current document.",
    );
    setLocale("zh-CN");
    await vi.waitFor(() =>
      expect(screen.getByTestId("evidence-expired-note").textContent?.trim()).toBe("该证据已过期（2026年1月31日）：回答按声明计分——请索取最新文件。"),
    );
  });
});
