// Component tests for the first screen, with a fake backend (vi.mock of ./api).
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/svelte";
import App from "./App.svelte";
import { connectTeamDatabase, disconnectTeamDatabase, getComparison, getTeamSession, listEvaluations, listQuestionnaires, listVendors, onCloseRequested, onTeamNotice } from "./api";
import type { TeamNoticeView } from "./bindings/TeamNoticeView";
import type { TeamSessionView } from "./bindings/TeamSessionView";
import { registerFlush } from "./lib/pending";
import { STORAGE_KEY, setLocale } from "./i18n/index.svelte";
import type { QuestionnaireChoice as QuestionnaireSummary } from "./bindings/QuestionnaireChoice";

// Every command a vi.fn(); each test says what the ones it needs answer.
vi.mock("./api");
const list = vi.mocked(listQuestionnaires);

const im: QuestionnaireSummary = {
  key: "assay-im-security",
  file: "assay-im-security.json",
  bundled: true,
  id: "assay-im-security",
  version: "1.2.0",
  title: { en: "Enterprise IM security", "zh-CN": "企业即时通讯安全" },
  sections: 12,
  questions: 88,
  profiles: [
    {
      id: "CN_SOE",
      name: { en: "Chinese SOE", "zh-CN": "中国国企" },
      description: { en: "Data stays on premises", "zh-CN": "数据留存本地" },
    },
    {
      id: "GLOBAL",
      name: { en: "Global enterprise", "zh-CN": "跨国企业" },
      description: { en: "Cross-border compliance", "zh-CN": "跨境合规" },
    },
  ],
  problems: [],
};

beforeEach(() => {
  localStorage.clear();
  setLocale("en");
  list.mockReset();
  // The evaluations screen is tested in lib/screens/Comparison.test.ts.
  vi.mocked(listEvaluations).mockResolvedValue([]);
  vi.mocked(getComparison).mockRejectedValue("not used");
  vi.mocked(listVendors).mockResolvedValue([]);
  vi.mocked(onCloseRequested).mockResolvedValue(() => {});
  vi.mocked(getTeamSession).mockResolvedValue({ session: null, remembered: null, problem: null });
  vi.mocked(onTeamNotice).mockResolvedValue(() => {});
});
afterEach(() => cleanup());

/** The app, switched to the questionnaire catalogue (the evaluations open first). */
async function openCatalogue() {
  const app = render(App);
  expect(screen.queryByTestId("questionnaire-list")).toBeNull();
  await fireEvent.click(screen.getByTestId("nav-questionnaires"));
  expect(screen.getByTestId("nav-questionnaires").getAttribute("aria-current")).toBe("page");
  return app;
}

describe("top navigation", () => {
  test("the glossary is one click away from every screen, and the evaluations keep their place", async () => {
    list.mockResolvedValue([im]);
    render(App);
    await fireEvent.click(screen.getByTestId("nav-glossary"));
    expect(screen.getByTestId("nav-glossary").getAttribute("aria-current")).toBe("page");
    expect(screen.getByTestId("glossary")).toBeTruthy();
    expect(screen.getAllByTestId("glossary-term").length).toBeGreaterThan(10);
    expect(screen.queryByTestId("questionnaire-list")).toBeNull();
    // Still mounted, only hidden: back on the evaluations nothing reloads.
    const calls = vi.mocked(listEvaluations).mock.calls.length;
    await fireEvent.click(screen.getByTestId("nav-evaluations"));
    expect(screen.queryByTestId("glossary")).toBeNull();
    expect(vi.mocked(listEvaluations).mock.calls.length).toBe(calls);
  });
});

describe("questionnaire list", () => {
  test("shows title, id@version, counts and profiles", async () => {
    list.mockResolvedValue([im]);
    await openCatalogue();

    expect(screen.getByTestId("app-title").textContent).toBe("Assay");
    const item = await screen.findByTestId("questionnaire-item");
    expect(within(item).getByTestId("questionnaire-title").textContent).toBe("Enterprise IM security");
    expect(within(item).getByTestId("questionnaire-id").textContent).toBe("assay-im-security@1.2.0");
    expect(within(item).getByTestId("section-count").textContent).toBe("12");
    expect(within(item).getByTestId("question-count").dataset.count).toBe("88");

    const profiles = within(item).getAllByTestId("profile");
    expect(profiles).toHaveLength(2);
    expect(profiles[0].textContent).toContain("Chinese SOE");
    expect(profiles[0].textContent).toContain("Data stays on premises");
    expect(within(item).queryByTestId("problem-list")).toBeNull();
    expect(list).toHaveBeenCalledTimes(1);
  });

  test("switching to 简体中文 translates UI and content, sets <html lang> and remembers it", async () => {
    list.mockResolvedValue([im]);
    await openCatalogue();
    await screen.findByTestId("questionnaire-item");
    expect(document.documentElement.lang).toBe("en");

    await fireEvent.click(screen.getByTestId("lang-zh-CN"));

    expect(screen.getByTestId("questionnaire-title").textContent).toBe("企业即时通讯安全");
    expect(screen.getByText("内置问卷")).toBeTruthy();
    expect(screen.getAllByTestId("profile")[1].textContent).toContain("跨境合规");
    expect(screen.getByTestId("lang-zh-CN").getAttribute("aria-pressed")).toBe("true");
    expect(screen.getByTestId("lang-en").getAttribute("aria-pressed")).toBe("false");
    expect(document.documentElement.lang).toBe("zh-CN");
    expect(localStorage.getItem(STORAGE_KEY)).toBe("zh-CN");

    await fireEvent.click(screen.getByTestId("lang-en"));
    expect(screen.getByTestId("questionnaire-title").textContent).toBe("Enterprise IM security");
    expect(document.documentElement.lang).toBe("en");
  });

  test("lists validation problems", async () => {
    list.mockResolvedValue([
      { ...im, problems: ["question TRN-01: missing zh-CN text", "section X: empty"] },
    ]);
    await openCatalogue();
    const problems = await screen.findAllByTestId("problem");
    expect(problems.map((p) => p.textContent)).toEqual([
      "question TRN-01: missing zh-CN text",
      "section X: empty",
    ]);
    expect(screen.getByTestId("problem-list").textContent).toContain("assay-im-security.json");
  });

  test("renders file text as text, never as HTML", async () => {
    const hostile = '<img src=x onerror="alert(1)"><b>bold</b>';
    list.mockResolvedValue([
      { ...im, title: { en: hostile, "zh-CN": hostile }, problems: [hostile] },
    ]);
    const { container } = await openCatalogue();
    const title = await screen.findByTestId("questionnaire-title");
    expect(title.textContent).toBe(hostile);
    expect(container.querySelector("img")).toBeNull();
    expect(container.querySelector("b")).toBeNull();
  });

  test("shows an empty state", async () => {
    list.mockResolvedValue([]);
    await openCatalogue();
    expect(await screen.findByTestId("questionnaire-empty")).toBeTruthy();
  });

  test("shows the backend error", async () => {
    list.mockRejectedValue("catalog exploded");
    await openCatalogue();
    const error = await screen.findByTestId("questionnaire-error");
    expect(error.textContent).toContain("catalog exploded");
  });

  test("shows a command's error in the UI language", async () => {
    list.mockRejectedValue({ code: "store", en: "questionnaires/ is unreadable", "zh-CN": "无法读取 questionnaires/" });
    setLocale("zh-CN");
    await openCatalogue();
    const error = await screen.findByTestId("questionnaire-error");
    expect(error.textContent).toContain("无法读取 questionnaires/");
    expect(error.textContent).not.toContain("unreadable");
  });
});

describe("closing the window", () => {
  test("first saves every draft being typed (the close waits for it)", async () => {
    list.mockResolvedValue([]);
    render(App);
    await vi.waitFor(() => expect(onCloseRequested).toHaveBeenCalled());
    const beforeClose = vi.mocked(onCloseRequested).mock.calls.at(-1)![0];
    const draft = vi.fn();
    const unregister = registerFlush(draft);
    await beforeClose();
    expect(draft).toHaveBeenCalledTimes(1);
    unregister();
  });
});

describe("team mode", () => {
  const session: TeamSessionView = {
    address: "wang@db.example:5432/assay",
    user: "wang",
    roles: [{ en: "evaluator", "zh-CN": "评估人" }],
    read_at: "14:02:11 UTC",
    read_only: [],
    may_create: true,
    may_delete: false,
    unreadable: [],
  };
  const changed = (who: string): TeamNoticeView => ({
    kind: "changed",
    who,
    evaluation: 3,
    text: { en: `14:03:00 UTC: ${who} changed evaluation 3; shown as it is now.`, "zh-CN": `${who} 修改了评估 3` },
  });

  test("on a local database there is no team banner", async () => {
    render(App);
    await vi.waitFor(() => expect(getTeamSession).toHaveBeenCalled());
    expect(screen.queryByTestId("team-banner")).toBeNull();
    expect(screen.getByTestId("team-connect-open")).toBeTruthy();
  });

  test("connecting shows the team database's evaluations afresh; a refusal is shown and changes nothing; disconnecting goes back", async () => {
    render(App);
    await fireEvent.click(await screen.findByTestId("team-connect-open"));
    const input = screen.getByTestId("team-address") as HTMLInputElement;
    // The field says how to write an address, a libpq service included.
    expect(document.getElementById(input.getAttribute("aria-describedby")!)?.textContent).toContain("postgres://?service=NAME");
    await fireEvent.input(input, { target: { value: "postgres://wang:secret@db/assay" } });
    vi.mocked(connectTeamDatabase).mockRejectedValueOnce({ code: "invalid_input", en: "a password does not belong in the address", "zh-CN": "地址中不应包含密码" });
    await fireEvent.click(screen.getByTestId("team-connect"));
    expect((await screen.findByTestId("team-error")).textContent).toContain("a password does not belong in the address");
    expect(screen.queryByTestId("team-banner")).toBeNull();
    const loads = vi.mocked(listEvaluations).mock.calls.length;
    await fireEvent.input(input, { target: { value: "postgres://wang@db/assay" } });
    vi.mocked(connectTeamDatabase).mockResolvedValueOnce({ session, remembered: "postgres://wang@db/assay", problem: null });
    await fireEvent.click(screen.getByTestId("team-connect"));
    expect(connectTeamDatabase).toHaveBeenLastCalledWith("postgres://wang@db/assay", null, false);
    expect((await screen.findByTestId("team-user")).textContent).toContain("you are wang (evaluator)");
    await vi.waitFor(() => expect(vi.mocked(listEvaluations).mock.calls.length).toBeGreaterThan(loads));
    vi.mocked(disconnectTeamDatabase).mockResolvedValueOnce({ session: null, remembered: null, problem: null });
    const again = vi.mocked(listEvaluations).mock.calls.length;
    await fireEvent.click(screen.getByTestId("team-disconnect"));
    await screen.findByTestId("team-connect-open");
    await vi.waitFor(() => expect(vi.mocked(listEvaluations).mock.calls.length).toBeGreaterThan(again));
  });

  test("a typed password goes with the connection, kept in the keyring only when asked; it is not kept in the form", async () => {
    render(App);
    await fireEvent.click(await screen.findByTestId("team-connect-open"));
    await fireEvent.input(screen.getByTestId("team-address"), { target: { value: "postgres://wang@db/assay" } });
    const remember = screen.getByTestId("team-remember-password") as HTMLInputElement;
    expect(remember.disabled).toBe(true);
    const password = screen.getByTestId("team-password") as HTMLInputElement;
    expect(password.type).toBe("password");
    await fireEvent.input(password, { target: { value: "s3cret" } });
    expect(remember.disabled).toBe(false);
    await fireEvent.click(remember);
    vi.mocked(connectTeamDatabase).mockRejectedValueOnce({ code: "team", en: "the system keyring did not keep the password: no keyring", "zh-CN": "系统钥匙串未能保存密码：没有钥匙串" });
    await fireEvent.click(screen.getByTestId("team-connect"));
    expect(connectTeamDatabase).toHaveBeenLastCalledWith("postgres://wang@db/assay", "s3cret", true);
    expect((await screen.findByTestId("team-error")).textContent).toContain("the system keyring did not keep the password");
    expect(screen.queryByTestId("team-banner")).toBeNull();
    await fireEvent.click(remember);
    vi.mocked(connectTeamDatabase).mockResolvedValueOnce({ session, remembered: "postgres://wang@db/assay", problem: null });
    await fireEvent.click(screen.getByTestId("team-connect"));
    expect(connectTeamDatabase).toHaveBeenLastCalledWith("postgres://wang@db/assay", "s3cret", false);
    await screen.findByTestId("team-user");
    // Disconnecting: the keyring's refusal to let the password go is said.
    vi.mocked(disconnectTeamDatabase).mockResolvedValueOnce({ session: null, remembered: null, problem: { en: "Disconnected. The password kept for postgres://wang@db/assay could not be removed from the system keyring", "zh-CN": "已断开。" } });
    await fireEvent.click(screen.getByTestId("team-disconnect"));
    expect((await screen.findByTestId("team-problem")).textContent).toContain("could not be removed from the system keyring");
    expect((screen.getByTestId("team-password") as HTMLInputElement).value).toBe("");
  });

  test("only what the user's roles allow is offered: a viewer gets no new evaluation and no backup; an evaluator no delete", async () => {
    vi.mocked(getTeamSession).mockResolvedValue({
      session: { ...session, user: "vera", roles: [{ en: "viewer", "zh-CN": "查看者" }], may_create: false, may_delete: false },
      remembered: null,
      problem: null,
    });
    render(App);
    await screen.findByTestId("team-banner");
    await vi.waitFor(() => expect(listEvaluations).toHaveBeenCalled());
    expect(screen.queryByTestId("new-evaluation-button")).toBeNull();
    expect(screen.queryByTestId("backup-database")).toBeNull();
    cleanup();
    vi.mocked(getTeamSession).mockResolvedValue({ session: null, remembered: null, problem: null });
    render(App);
    await vi.waitFor(() => expect(getTeamSession).toHaveBeenCalled());
    expect(await screen.findByTestId("new-evaluation-button")).toBeTruthy();
  });

  test("evaluations the team database holds but Assay cannot read are named with why, the others shown", async () => {
    const why = { en: "evaluation 9 has no questionnaire in the team database (it was not written by Assay)", "zh-CN": "团队数据库中的评估 9 没有问卷" };
    vi.mocked(getTeamSession).mockResolvedValue({ session: { ...session, unreadable: [{ evaluation: 9, name: "Imported by hand", why }] }, remembered: null, problem: null });
    render(App);
    const list = await screen.findByTestId("team-unreadable");
    expect(list.textContent).toContain("Imported by hand: evaluation 9 has no questionnaire");
    await vi.waitFor(() => expect(listEvaluations).toHaveBeenCalled());
  });

  test("a remembered team database that did not open says why, offers to connect again or forget it", async () => {
    vi.mocked(getTeamSession).mockResolvedValue({
      session: null,
      remembered: "postgres://wang@db/assay",
      problem: { en: "Could not open the team database remembered from last time (postgres://wang@db/assay): connection refused.", "zh-CN": "无法打开" },
    });
    render(App);
    expect((await screen.findByTestId("team-problem")).textContent).toContain("connection refused");
    await vi.waitFor(() => expect((screen.getByTestId("team-address") as HTMLInputElement).value).toBe("postgres://wang@db/assay"));
    vi.mocked(disconnectTeamDatabase).mockResolvedValueOnce({ session: null, remembered: null, problem: null });
    await fireEvent.click(screen.getByTestId("team-forget"));
    await screen.findByTestId("team-connect-open");
    expect(screen.queryByTestId("team-problem")).toBeNull();
  });

  test("the banner says who the user is; someone else's change reloads the screens, the user's own does not", async () => {
    vi.mocked(getTeamSession).mockResolvedValue({ session, remembered: null, problem: null });
    render(App);
    const banner = await screen.findByTestId("team-banner");
    expect(banner.textContent).toContain("Team database wang@db.example:5432/assay");
    expect(screen.getByTestId("team-user").textContent).toContain("you are wang (evaluator)");
    const notify = vi.mocked(onTeamNotice).mock.calls.at(-1)![0];
    await vi.waitFor(() => expect(listEvaluations).toHaveBeenCalled());
    const loads = vi.mocked(listEvaluations).mock.calls.length;
    notify(changed("li"));
    await vi.waitFor(() => expect(vi.mocked(listEvaluations).mock.calls.length).toBe(loads + 1));
    expect((await screen.findByTestId("team-notice")).textContent).toContain("li changed evaluation 3");
    notify(changed("wang"));
    await vi.waitFor(() => expect(screen.getByTestId("team-notice").textContent).toContain("wang changed"));
    await new Promise((r) => setTimeout(r, 20));
    expect(vi.mocked(listEvaluations).mock.calls.length).toBe(loads + 1);
    // A lost connection is said, and nothing is read again.
    notify({ kind: "lost", who: null, evaluation: null, text: { en: "the connection to the team database was lost", "zh-CN": "连接已断开" } });
    await vi.waitFor(() => expect(screen.getByTestId("team-notice").getAttribute("data-kind")).toBe("lost"));
    expect(vi.mocked(listEvaluations).mock.calls.length).toBe(loads + 1);
  });
});
