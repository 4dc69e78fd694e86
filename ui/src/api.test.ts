// Tests the thin IPC adapter against Tauri's JS-side IPC mock: command name,
// arguments and the returned JSON shape.
import { afterEach, expect, test } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { listQuestionnaires } from "./api";
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
