// Tests the thin IPC adapter against Tauri's JS-side IPC mock: command name,
// arguments and the returned JSON shape.
import { afterEach, expect, test } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import {
  backupDatabase,
  applyWorkbookImport,
  exportBlankWorkbook,
  exportComparisonWorkbook,
  exportFollowUpWorkbook,
  previewWorkbookImport,
  deleteEvaluation,
  duplicateEvaluation,
  getWhatIf,
  profileWeights,
  addVendor,
  createEvaluation,
  exportPdf,
  getComparison,
  getForm,
  listEvaluations,
  listQuestionnaires,
  listVendors,
  removeVendor,
  saveAnswer,
  updateVendor,
  addEvidence,
  removeEvidence,
  attachEvidenceFile,
  loadQuestionnaireFile,
  openExportedFile,
  saveCoverageThreshold,
  upgradeChoices,
  previewQuestionnaireUpgrade,
  applyQuestionnaireUpgrade,
  saveSectionWeights,
  getBreakdown,
} from "./api";
import type { QuestionnaireChoice as QuestionnaireSummary } from "./bindings/QuestionnaireChoice";

const summary: QuestionnaireSummary = {
  key: "assay-im-security",
  file: "assay-im-security.json",
  bundled: true,
  id: "assay-im-security",
  version: "1.0.0",
  title: { en: "IM security", "zh-CN": "即时通讯安全" },
  sections: 2,
  questions: 3,
  profiles: [],
  problems: [],
};

afterEach(() => clearMocks());

/** Answers every command with `reply` (default null) and records what was invoked. */
function recordCalls(reply: (cmd: string) => unknown = () => null) {
  const calls: { cmd: string; args: unknown }[] = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: args ?? {} });
    return reply(cmd);
  });
  return calls;
}

test("listQuestionnaires invokes list_questionnaires without arguments", async () => {
  const calls = recordCalls((cmd) => {
    if (cmd === "list_questionnaires") return [summary];
    throw new Error(`unexpected command ${cmd}`);
  });

  await expect(listQuestionnaires()).resolves.toEqual([summary]);
  expect(calls).toHaveLength(1);
  expect(calls[0].cmd).toBe("list_questionnaires");
  expect(calls[0].args).toEqual({});
});

test("listQuestionnaires rejects with the command's error", async () => {
  mockIPC(() => {
    throw "backend unavailable";
  });
  await expect(listQuestionnaires()).rejects.toBe("backend unavailable");
});

test("listEvaluations and getComparison call their commands with camelCase arguments", async () => {
  const calls = recordCalls((cmd) => {
    if (cmd === "list_evaluations") return [];
    if (cmd === "get_comparison") return { vendors: [] };
    throw new Error(`unexpected command ${cmd}`);
  });
  await expect(listEvaluations()).resolves.toEqual([]);
  await expect(getComparison(7)).resolves.toEqual({ vendors: [] });
  expect(calls.map((c) => c.cmd)).toEqual(["list_evaluations", "get_comparison"]);
  expect(calls[1].args).toEqual({ evaluationId: 7 });
});

test("getComparison rejects with the command's { code, message }", async () => {
  const failure = { code: "not_found", "zh-CN": "（中文说明）", en: "there is no evaluation with id 9" };
  mockIPC(() => {
    throw failure;
  });
  await expect(getComparison(9)).rejects.toEqual(failure);
});

test("the answering commands pass their arguments in camelCase", async () => {
  const calls = recordCalls();
  const edit = { question: "IRV-01", value: 96, na: null, comment: null, source: null, reference: null, source_date: null };
  await createEvaluation({ name: "T", profiles: ["GLOBAL"], questionnaire: "q", as_of: "2027-01-01" });
  await listVendors(3);
  await addVendor(3, { name: "Acme", product: null, deployment: "saas", notes: null });
  await removeVendor(4);
  await getForm(4);
  await saveAnswer(4, edit);
  expect(calls.map((c) => c.cmd)).toEqual([
    "create_evaluation",
    "list_vendors",
    "add_vendor",
    "remove_vendor",
    "get_form",
    "save_answer",
  ]);
  expect(calls[0].args).toEqual({ edit: { name: "T", profiles: ["GLOBAL"], questionnaire: "q", as_of: "2027-01-01" } });
  expect(calls[1].args).toEqual({ evaluationId: 3 });
  expect(calls[2].args).toEqual({ evaluationId: 3, vendor: { name: "Acme", product: null, deployment: "saas", notes: null } });
  expect(calls[3].args).toEqual({ vendorId: 4 });
  expect(calls[4].args).toEqual({ vendorId: 4 });
  expect(calls[5].args).toEqual({ vendorId: 4, edit });
});

test("exportPdf invokes export_pdf with the evaluation and language; cancelled is a result", async () => {
  const saved = { status: "saved", path: "/tmp/r.pdf", bytes: 1234, pages: 2, fingerprint: "ab".repeat(32) };
  const calls = recordCalls(() => (calls.length === 1 ? saved : { status: "cancelled" }));
  await expect(exportPdf(5, "zh-CN")).resolves.toEqual(saved);
  const options = { with_schedules: true, status: "final" as const, marking: "CONFIDENTIAL", sign: null };
  await expect(exportPdf(5, "en", options)).resolves.toEqual({ status: "cancelled" });
  expect(calls).toEqual([
    { cmd: "export_pdf", args: { evaluationId: 5, lang: "zh-CN", options: { with_schedules: false, status: null, marking: null, sign: null } } },
    { cmd: "export_pdf", args: { evaluationId: 5, lang: "en", options } },
  ]);
});

test("the compare and home commands send camelCase arguments", async () => {
  const calls = recordCalls((cmd) => {
    if (cmd === "backup_database") return { status: "cancelled" };
    if (cmd === "delete_evaluation") return null;
    return { ok: cmd };
  });
  const weights = [{ section: "E2E", weight: 50 }];
  await getWhatIf(4, weights);
  await profileWeights("assay-im-security", ["GLOBAL"]);
  await duplicateEvaluation(4, "Copy");
  await deleteEvaluation(4);
  await expect(backupDatabase()).resolves.toEqual({ status: "cancelled" });
  expect(calls.map((c) => c.cmd)).toEqual([
    "get_what_if",
    "profile_weights",
    "duplicate_evaluation",
    "delete_evaluation",
    "backup_database",
  ]);
  expect(calls[0].args).toEqual({ evaluationId: 4, weights });
  expect(calls[1].args).toEqual({ questionnaire: "assay-im-security", profiles: ["GLOBAL"] });
  expect(calls[2].args).toEqual({ evaluationId: 4, name: "Copy" });
  expect(calls[3].args).toEqual({ evaluationId: 4 });
});

test("the workbook commands pass their arguments in camelCase", async () => {
  const calls = recordCalls((cmd) => {
    if (cmd === "export_blank_workbook" || cmd === "export_comparison_workbook") return { status: "cancelled" };
    if (cmd === "export_follow_up_workbook") return { status: "saved", path: "/tmp/f.xlsx", bytes: 9 };
    if (cmd === "preview_workbook_import") return { status: "cancelled" };
    if (cmd === "apply_workbook_import") return 2;
    throw new Error(`unexpected command ${cmd}`);
  });
  await expect(exportBlankWorkbook(3, "both")).resolves.toEqual({ status: "cancelled" });
  await expect(exportComparisonWorkbook(3, "en")).resolves.toEqual({ status: "cancelled" });
  await expect(exportFollowUpWorkbook(6, "zh-CN")).resolves.toEqual({ status: "saved", path: "/tmp/f.xlsx", bytes: 9 });
  await expect(previewWorkbookImport(3, 5)).resolves.toEqual({ status: "cancelled" });
  await expect(applyWorkbookImport(3, 5, "/tmp/a.csv", "ab")).resolves.toBe(2);
  expect(calls).toEqual([
    { cmd: "export_blank_workbook", args: { evaluationId: 3, lang: "both" } },
    { cmd: "export_comparison_workbook", args: { evaluationId: 3, lang: "en" } },
    { cmd: "export_follow_up_workbook", args: { vendorId: 6, lang: "zh-CN" } },
    { cmd: "preview_workbook_import", args: { evaluationId: 3, vendorId: 5 } },
    { cmd: "apply_workbook_import", args: { evaluationId: 3, vendorId: 5, path: "/tmp/a.csv", sha256: "ab" } },
  ]);
});

test("the vendor and evidence commands send camelCase arguments", async () => {
  const calls = recordCalls();
  const piece = { kind: "contract_clause" as const, identifier: "DPA §7", issuer: null, scope: null, issued: "2026-01-01", expires: null, url: null };
  await updateVendor(4, { name: "Acme 2", product: null, deployment: null, notes: "n" });
  await addEvidence(4, "IRV-01", piece);
  await removeEvidence(4, "IRV-01", 0);
  await expect(attachEvidenceFile(4, "IRV-01", 1)).resolves.toBeNull();
  expect(calls).toEqual([
    { cmd: "update_vendor", args: { vendorId: 4, vendor: { name: "Acme 2", product: null, deployment: null, notes: "n" } } },
    { cmd: "add_evidence", args: { vendorId: 4, question: "IRV-01", evidence: piece } },
    { cmd: "remove_evidence", args: { vendorId: 4, question: "IRV-01", index: 0 } },
    { cmd: "attach_evidence_file", args: { vendorId: 4, question: "IRV-01", index: 1 } },
  ]);
});

test("the questionnaire-file, open, weights and breakdown commands send camelCase arguments", async () => {
  const invalid = { status: "invalid", file: "/tmp/q.json", problems: ["/tmp/q.json:3:7: $.id: missing"] };
  const calls = recordCalls((cmd) => (cmd === "load_questionnaire_file" ? invalid : null));
  await expect(loadQuestionnaireFile()).resolves.toEqual(invalid);
  await openExportedFile("/tmp/r.pdf");
  await saveSectionWeights(4, [{ section: "E2E", weight: 60 }]);
  await saveSectionWeights(4, null);
  await saveCoverageThreshold(4, 75);
  await saveCoverageThreshold(4, null);
  await upgradeChoices(4);
  await previewQuestionnaireUpgrade(4, "sha256:ab");
  await applyQuestionnaireUpgrade(4, "sha256:ab", "ff");
  await getBreakdown(7, [{ section: "E2E", weight: 60 }]);
  expect(calls).toEqual([
    { cmd: "load_questionnaire_file", args: {} },
    { cmd: "open_exported_file", args: { path: "/tmp/r.pdf" } },
    { cmd: "save_section_weights", args: { evaluationId: 4, weights: [{ section: "E2E", weight: 60 }] } },
    { cmd: "save_section_weights", args: { evaluationId: 4, weights: null } },
    { cmd: "save_coverage_threshold", args: { evaluationId: 4, percent: 75 } },
    { cmd: "save_coverage_threshold", args: { evaluationId: 4, percent: null } },
    { cmd: "upgrade_choices", args: { evaluationId: 4 } },
    { cmd: "preview_questionnaire_upgrade", args: { evaluationId: 4, questionnaire: "sha256:ab" } },
    { cmd: "apply_questionnaire_upgrade", args: { evaluationId: 4, questionnaire: "sha256:ab", fingerprint: "ff" } },
    { cmd: "get_breakdown", args: { vendorId: 7, weights: [{ section: "E2E", weight: 60 }] } },
  ]);
});
