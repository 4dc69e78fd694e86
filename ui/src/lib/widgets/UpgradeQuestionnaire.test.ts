// Component tests for "Upgrade questionnaire", with a fake backend (vi.mock of ../../api).
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/svelte";
import UpgradeQuestionnaire from "./UpgradeQuestionnaire.svelte";
import { applyQuestionnaireUpgrade, loadQuestionnaireFile, previewQuestionnaireUpgrade, upgradeChoices } from "../../api";
import { setLocale } from "../../i18n/index.svelte";
import type { EvaluationSummary } from "../../bindings/EvaluationSummary";
import type { QuestionnaireChoice } from "../../bindings/QuestionnaireChoice";
import type { UpgradePreview } from "../../bindings/UpgradePreview";

vi.mock("../../api");
const choices = vi.mocked(upgradeChoices);
const load = vi.mocked(loadQuestionnaireFile);
const preview = vi.mocked(previewQuestionnaireUpgrade);
const apply = vi.mocked(applyQuestionnaireUpgrade);

const HOSTILE = "<img src=x onerror=alert(1)>";

const evaluation: EvaluationSummary = {
  id: 2,
  name: "Our 2027 tender",
  notes: "",
  as_of: "2026-11-29",
  profiles: ["GLOBAL"],
  questionnaire: "assay-im-security@1.0.0",
  updated_at: "2026-11-29T10:00:00.000Z",
  illustrative: false,
  fictional: false,
  evaluators: [],
  read_only: false,
  custom_weights: false,
  custom_coverage_threshold: false,
};

const newer: QuestionnaireChoice = {
  key: "sha256:" + "ab".repeat(32),
  file: "/tmp/assay-im-security-1.1.0.json",
  bundled: false,
  id: "assay-im-security",
  version: "1.1.0",
  title: { en: "Assay IM security", "zh-CN": "Assay 即时通讯安全" },
  sections: 8,
  questions: 88,
  profiles: [],
  problems: [],
};

const planned: UpgradePreview = {
  fingerprint: "f".repeat(64),
  plan: {
    evaluation: 2,
    questionnaire: "assay-im-security",
    from_version: "1.0.0",
    to_version: "1.1.0",
    added_questions: ["TRN-10"],
    removed_questions: ["TRN-09"],
    vendors: [
      {
        vendor_id: 7,
        vendor: HOSTILE,
        carried: [
          { from: "TRN-01", to: "TRN-01", options_renamed: true },
          { from: "TRN-02", to: "TRN-02A", options_renamed: false },
          { from: "TRN-04", to: "TRN-04", options_renamed: false },
        ],
        dropped: [{ question: "TRN-09", reason: { en: "the new version has no question TRN-09", "zh-CN": "新版本没有问题 TRN-09" } }],
        newly_open: ["TRN-10"],
        rescored: [{ question: "TRN-01", before: 45, after: 90 }],
        total_before: 12.5,
        total_after: 11.25,
      },
    ],
  },
};

beforeEach(() => {
  for (const m of [choices, load, preview, apply]) m.mockReset();
  setLocale("en");
});
afterEach(() => cleanup());

describe("UpgradeQuestionnaire", () => {
  test("no newer version: says so; a loaded file that is not newer is refused by name; a broken one lists its problems", async () => {
    choices.mockResolvedValue([]);
    render(UpgradeQuestionnaire, { evaluation, onupgraded: vi.fn(), oncancel: vi.fn() });
    expect((await screen.findByTestId("upgrade-none")).textContent).toContain("No newer version");
    load.mockResolvedValueOnce({ status: "invalid", file: "/tmp/q.json", problems: ["/tmp/q.json:3:7: $.version: missing"] });
    await fireEvent.click(screen.getByTestId("upgrade-load-file"));
    expect((await screen.findByTestId("upgrade-file-problems")).textContent).toContain("/tmp/q.json:3:7: $.version: missing");
    load.mockResolvedValueOnce({ status: "loaded", choice: { ...newer, version: "1.0.0", key: "sha256:old" } });
    await fireEvent.click(screen.getByTestId("upgrade-load-file"));
    expect((await screen.findByTestId("upgrade-not-newer")).textContent).toContain("assay-im-security 1.0.0: not a newer version");
    expect(preview).not.toHaveBeenCalled();
  });

  test("preview lists carried, dropped, newly open and rescored; cancel applies nothing", async () => {
    choices.mockResolvedValueOnce([]).mockResolvedValueOnce([newer]);
    load.mockResolvedValueOnce({ status: "loaded", choice: newer });
    preview.mockResolvedValue(planned);
    const oncancel = vi.fn();
    render(UpgradeQuestionnaire, { evaluation, onupgraded: vi.fn(), oncancel });
    await screen.findByTestId("upgrade-none");
    await fireEvent.click(screen.getByTestId("upgrade-load-file"));
    expect(((await screen.findByTestId("upgrade-choice")) as HTMLSelectElement).value).toBe(newer.key);
    await fireEvent.click(screen.getByTestId("upgrade-preview"));
    expect(preview).toHaveBeenCalledWith(2, newer.key);
    expect((await screen.findByTestId("upgrade-summary")).textContent).toContain("assay-im-security 1.0.0 → 1.1.0: 3 answer(s) carried, 1 dropped.");
    const vendor = screen.getByTestId("upgrade-vendor");
    // User text is text: the vendor's name is shown, never parsed as HTML.
    expect(vendor.querySelector("img")).toBeNull();
    expect(vendor.textContent).toContain(HOSTILE);
    expect(within(vendor).getAllByTestId("upgrade-carried").map((li) => li.textContent?.replace(/\s+/g, " ").trim())).toEqual([
      "Carried TRN-01 as TRN-01 (options renamed)",
      "Carried TRN-02 as TRN-02A",
    ]);
    expect(within(vendor).getByTestId("upgrade-dropped").textContent?.trim()).toBe("Dropped TRN-09: the new version has no question TRN-09");
    expect(within(vendor).getByTestId("upgrade-newly-open").textContent?.trim()).toBe("Newly open: TRN-10");
    expect(within(vendor).getByTestId("upgrade-rescored").textContent?.trim()).toBe("Rescored TRN-01: 45.0 → 90.0");
    setLocale("zh-CN");
    await vi.waitFor(() => expect(within(vendor).getByTestId("upgrade-dropped").textContent?.trim()).toBe("舍弃 TRN-09：新版本没有问题 TRN-09"));
    await fireEvent.click(screen.getByTestId("upgrade-apply-cancel"));
    expect(oncancel).toHaveBeenCalled();
    expect(apply).not.toHaveBeenCalled();
  });

  test("a refreshed evaluation (same id, new object) keeps the choice being made", async () => {
    // Seen in the end-to-end run under load: saving the coverage threshold refreshes
    // the evaluation list after the user opened this panel and loaded a file; the
    // panel reloaded its choices and the loaded file's choice was gone.
    choices.mockResolvedValueOnce([]).mockResolvedValue([newer]);
    load.mockResolvedValueOnce({ status: "loaded", choice: newer });
    const view = render(UpgradeQuestionnaire, { evaluation, onupgraded: vi.fn(), oncancel: vi.fn() });
    await screen.findByTestId("upgrade-none");
    await fireEvent.click(screen.getByTestId("upgrade-load-file"));
    expect(((await screen.findByTestId("upgrade-choice")) as HTMLSelectElement).value).toBe(newer.key);
    const calls = choices.mock.calls.length;
    await view.rerender({ evaluation: { ...evaluation, custom_coverage_threshold: true } });
    await new Promise((r) => setTimeout(r, 20));
    expect(choices.mock.calls.length).toBe(calls);
    expect((screen.getByTestId("upgrade-choice") as HTMLSelectElement).value).toBe(newer.key);
  });

  test("apply sends back the previewed fingerprint; a refusal is shown and nothing is reported as upgraded", async () => {
    choices.mockResolvedValue([newer]);
    preview.mockResolvedValue(planned);
    apply
      .mockRejectedValueOnce({ code: "refused", en: "The evaluation changed since the upgrade was previewed; preview it again.", "zh-CN": "预览之后评估已有改动；请重新预览升级。" })
      .mockResolvedValueOnce({ ...evaluation, questionnaire: "assay-im-security@1.1.0" });
    const onupgraded = vi.fn();
    render(UpgradeQuestionnaire, { evaluation, onupgraded, oncancel: vi.fn() });
    await fireEvent.click(await screen.findByTestId("upgrade-preview"));
    await fireEvent.click(await screen.findByTestId("upgrade-apply"));
    expect(apply).toHaveBeenCalledWith(2, newer.key, planned.fingerprint);
    expect((await screen.findByTestId("upgrade-error")).textContent).toContain("changed since the upgrade was previewed");
    expect(onupgraded).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId("upgrade-apply"));
    await vi.waitFor(() => expect(onupgraded).toHaveBeenCalledWith({ ...evaluation, questionnaire: "assay-im-security@1.1.0" }));
  });
});
