// Tests the thin IPC adapter against Tauri's JS-side IPC mock: command name,
// arguments and the returned JSON shape.
import { afterEach, expect, test } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { getComparison, listEvaluations, listQuestionnaires } from "./api";
import type { QuestionnaireSummary } from "./lib/types";

const summary: QuestionnaireSummary = {
  file: "assay-im-security.json",
  id: "assay-im-security",
  version: "1.0.0",
  title: { en: "IM security", "zh-CN": "即时通讯安全" },
  sections: 2,
  questions: 3,
  profiles: [],
  problems: [],
};

afterEach(() => clearMocks());

test("listQuestionnaires invokes list_questionnaires without arguments", async () => {
  const calls: { cmd: string; args: unknown }[] = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args });
    if (cmd === "list_questionnaires") return [summary];
    throw new Error(`unexpected command ${cmd}`);
  });

  await expect(listQuestionnaires()).resolves.toEqual([summary]);
  expect(calls).toHaveLength(1);
  expect(calls[0].cmd).toBe("list_questionnaires");
  expect(calls[0].args ?? {}).toEqual({});
});

test("listQuestionnaires rejects with the command's error", async () => {
  mockIPC(() => {
    throw "backend unavailable";
  });
  await expect(listQuestionnaires()).rejects.toBe("backend unavailable");
});

test("listEvaluations and getComparison call their commands with camelCase arguments", async () => {
  const calls: { cmd: string; args: unknown }[] = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args });
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
  const failure = { code: "not_found", message: "there is no evaluation with id 9" };
  mockIPC(() => {
    throw failure;
  });
  await expect(getComparison(9)).rejects.toEqual(failure);
});
