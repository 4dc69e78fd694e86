// End-to-end smoke test of the real desktop binary (WebKitGTK), driven through
// tauri-driver -> WebKitWebDriver with raw W3C WebDriver calls (Node's fetch),
// using Node's built-in test runner. No npm packages needed.
//
// Run (Linux, needs a display; scripts/test does all of this):
//   npm --prefix ui run build
//   cargo build -p assay-desktop --features custom-protocol
//   xvfb-run -a node --test tests/e2e/
//
// Environment:
//   ASSAY_APP             binary to test (default: <repo>/target/debug/assay-desktop)
//   TAURI_DRIVER          tauri-driver binary (default: from PATH, else ~/.cargo/bin)
//   ASSAY_SCREENSHOT_DIR  where to save screenshots (default: <repo>/docs/screenshots)
//
// The app is started with ASSAY_DB pointing at a fresh temporary database, so
// every run starts from scratch and the demo evaluation is created on first start.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, accessSync, constants } from "node:fs";
import { createServer } from "node:net";
import { homedir, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const APP = resolve(process.env.ASSAY_APP ?? join(REPO, "target/debug/assay-desktop"));
const SHOTS = resolve(process.env.ASSAY_SCREENSHOT_DIR ?? join(REPO, "docs/screenshots"));
const ELEMENT = "element-6066-11e4-a52e-4f735466cecf"; // W3C web element key

const STARTUP_MS = 30_000; // tauri-driver + WebKitWebDriver listening
const SESSION_MS = 60_000; // app launched and session created
const WAIT_MS = 20_000; // any element to appear
const HTTP_MS = 30_000; // any single WebDriver request

let driver; // tauri-driver child process
let driverLog = "";
let base; // http://127.0.0.1:<port>
let session; // WebDriver session id
let dbDir; // temporary directory of this run's database (ASSAY_DB)

/** The demo evaluation the app creates in a fresh database (src/store/demo.json). */
const DEMO = JSON.parse(readFileSync(join(REPO, "src/store/demo.json"), "utf8"));
const DEMO_VENDORS = DEMO.vendors.map((v) => v.name);
const ELIGIBILITY = {
  en: ["Eligible", "Undetermined", "Not eligible"],
  "zh-CN": ["符合准入", "准入待定", "不符合准入"],
};
const APP_ERRORS = ["questionnaire-error", "evaluations-error", "comparison-error"];

function findTauriDriver() {
  if (process.env.TAURI_DRIVER) return process.env.TAURI_DRIVER;
  try {
    return execFileSync("sh", ["-c", "command -v tauri-driver"], { encoding: "utf8" }).trim();
  } catch {
    const fallback = join(homedir(), ".cargo/bin/tauri-driver");
    if (existsSync(fallback)) return fallback;
    throw new Error("tauri-driver not found: run scripts/setup (cargo install tauri-driver --locked)");
  }
}

/** A free TCP port on 127.0.0.1, so a stale driver from an earlier run cannot collide. */
function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** One W3C WebDriver request; throws with the driver's error message. */
async function wd(method, path, body, timeout = HTTP_MS) {
  const url = `${base}${path}`;
  let res;
  try {
    res = await fetch(url, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeout),
    });
  } catch (e) {
    throw new Error(`WebDriver ${method} ${path} failed: ${e.message}\n--- tauri-driver output ---\n${driverLog}`);
  }
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`WebDriver ${method} ${path}: HTTP ${res.status}, not JSON: ${text.slice(0, 500)}`);
  }
  if (!res.ok || (json.value && json.value.error)) {
    const v = json.value ?? {};
    const err = new Error(`WebDriver ${method} ${path}: ${v.error ?? res.status}: ${v.message ?? text.slice(0, 500)}`);
    err.wdError = v.error;
    throw err;
  }
  return json.value;
}

const s = (path) => `/session/${session}${path}`;

async function find(selector) {
  const found = await wd("POST", s("/element"), { using: "css selector", value: selector });
  return found[ELEMENT];
}

async function tryFind(selector) {
  try {
    return await find(selector);
  } catch (e) {
    if (e.wdError === "no such element") return null;
    throw e;
  }
}

/** Waits for `selector`; fails early with the app's own error if it shows one. */
async function waitFor(selector, timeout = WAIT_MS) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const id = await tryFind(selector);
    if (id) return id;
    const error = await tryFind(APP_ERRORS.map((e) => `[data-testid="${e}"]`).join(", "));
    if (error) {
      throw new Error(`app shows an error instead of ${selector}: ${await text(error)}`);
    }
    if (Date.now() > deadline) {
      const body = await script("return document.body ? document.body.innerText : '(no body)'");
      throw new Error(`timed out after ${timeout} ms waiting for ${selector}; page text:\n${body}`);
    }
    await sleep(200);
  }
}

async function waitUntil(what, fn, timeout = WAIT_MS) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting until ${what}`);
    await sleep(200);
  }
}

const text = (id) => wd("GET", s(`/element/${id}/text`));
const findAll = async (selector, from) => {
  const path = from ? s(`/element/${from}/elements`) : s("/elements");
  return (await wd("POST", path, { using: "css selector", value: selector })).map((e) => e[ELEMENT]);
};
const texts = async (selector, from) => Promise.all((await findAll(selector, from)).map(text));
const attr = (id, name) => wd("GET", s(`/element/${id}/attribute/${name}`));
const click = (id) => wd("POST", s(`/element/${id}/click`), {});
const script = (body, args = []) => wd("POST", s("/execute/sync"), { script: body, args });
const asyncScript = (body, args = []) => wd("POST", s("/execute/async"), { script: body, args });

/** Calls a Tauri command from the page, as the UI would; never throws. */
const invokeFromPage = (cmd, args = {}) =>
  asyncScript(
    `const done = arguments[arguments.length - 1];
     window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]).then(
       (value) => done({ ok: true, value }),
       (error) => done({ ok: false, failure: error, reason: typeof error === "string" ? error : JSON.stringify(error) }));`,
    [cmd, args],
  );

async function screenshot(name) {
  const png = Buffer.from(await wd("GET", s("/screenshot")), "base64");
  assert.ok(png.subarray(1, 4).toString() === "PNG", "screenshot is not a PNG");
  mkdirSync(SHOTS, { recursive: true });
  const file = join(SHOTS, name);
  writeFileSync(file, png);
  return file;
}

async function setLanguage(locale) {
  await click(await waitFor(`[data-testid="lang-${locale}"]`));
  await waitUntil(`<html lang> is ${locale}`, async () => (await script("return document.documentElement.lang")) === locale);
}

/** Titles of the questionnaire definition files, to compare with what the app shows. */
function fileTitles() {
  const dir = join(REPO, "questionnaires");
  const titles = [];
  for (const name of existsSync(dir) ? readdirSync(dir) : []) {
    if (!name.endsWith(".json") || name.endsWith(".schema.json")) continue;
    try {
      const title = JSON.parse(readFileSync(join(dir, name), "utf8")).title;
      if (title && typeof title.en === "string") titles.push(title);
    } catch {
      // An invalid file shows up in the app's problem list instead.
    }
  }
  return titles;
}

before(async () => {
  try {
    accessSync(APP, constants.X_OK);
  } catch {
    throw new Error(`app binary ${APP} missing: run "cargo build -p assay-desktop --features custom-protocol" (after "npm --prefix ui run build")`);
  }
  if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    throw new Error("no display: run under xvfb-run -a");
  }

  const t0 = Date.now();
  const port = await freePort();
  const nativePort = await freePort();
  base = `http://127.0.0.1:${port}`;
  dbDir = mkdtempSync(join(tmpdir(), "assay-e2e-"));
  const env = { ...process.env, ASSAY_DB: join(dbDir, "assay.db") };
  console.log(`ASSAY_DB=${env.ASSAY_DB}`);
  // tauri-driver -> WebKitWebDriver -> the app inherit this environment.
  driver = spawn(findTauriDriver(), ["--port", String(port), "--native-port", String(nativePort)], {
    stdio: ["ignore", "pipe", "pipe"],
    env,
  });
  const log = (chunk) => {
    driverLog = (driverLog + chunk).slice(-20_000);
  };
  driver.stdout.on("data", log);
  driver.stderr.on("data", log);
  const exited = new Promise((r) => driver.once("exit", (code, signal) => r({ code, signal })));

  // Wait until tauri-driver accepts connections.
  const deadline = Date.now() + STARTUP_MS;
  for (;;) {
    const early = await Promise.race([exited, sleep(250).then(() => null)]);
    if (early) throw new Error(`tauri-driver exited early (${JSON.stringify(early)}):\n${driverLog}`);
    try {
      await fetch(`${base}/status`, { signal: AbortSignal.timeout(2_000) });
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`tauri-driver did not listen on ${base} within ${STARTUP_MS} ms:\n${driverLog}`);
    }
  }

  console.log(`tauri-driver listening on ${base} after ${Date.now() - t0} ms`);
  const t1 = Date.now();
  // Only tauri:options: adding browserName makes WebKitWebDriver refuse the match.
  const created = await wd(
    "POST",
    "/session",
    { capabilities: { alwaysMatch: { "tauri:options": { application: APP } } } },
    SESSION_MS,
  );
  session = created.sessionId;
  assert.ok(session, "no session id from tauri-driver");
  console.log(`session ${session} created in ${Date.now() - t1} ms`);
  // Screenshots and layout checks at the size of the Xvfb screen (1280x1024).
  try {
    await wd("POST", s("/window/rect"), { x: 0, y: 0, width: 1280, height: 1024 });
  } catch (e) {
    console.log(`window not resized (${e.message.split("\n")[0]}); keeping the configured size`);
  }
}, { timeout: STARTUP_MS + SESSION_MS + 10_000 });

after(async () => {
  const t0 = Date.now();
  if (session) {
    try {
      await wd("DELETE", `/session/${session}`);
      console.log(`session deleted in ${Date.now() - t0} ms`);
    } catch (e) {
      console.error(`could not delete the WebDriver session: ${e.message}`);
    }
  }
  if (driver && driver.exitCode === null && driver.signalCode === null) {
    // SIGTERM, never SIGKILL: tauri-driver then stops WebKitWebDriver too;
    // a killed driver leaves WebKitWebDriver holding its port.
    const exited = new Promise((r) => driver.once("exit", r));
    driver.kill("SIGTERM");
    const stopped = await Promise.race([exited.then(() => true), sleep(10_000, null, { ref: false }).then(() => false)]);
    if (stopped) console.log(`tauri-driver stopped ${Date.now() - t0} ms after teardown began`);
    else console.error(`tauri-driver (pid ${driver.pid}) did not stop within 10 s after SIGTERM`);
  }
  if (dbDir) rmSync(dbDir, { recursive: true, force: true });
}, { timeout: 30_000 });

/** Checks the comparison of the demo evaluation; returns the rows' vendor names. */
async function checkDemoComparison(locale) {
  const table = await waitFor('[data-testid="comparison-table"]');
  const rows = await findAll('[data-testid="vendor-row"]', table);
  assert.equal(rows.length, DEMO_VENDORS.length, `expected ${DEMO_VENDORS.length} vendor rows, got ${rows.length}`);
  const names = [];
  for (const row of rows) {
    const [name] = await texts('[data-testid="vendor-name"]', row);
    const [total] = await texts('[data-testid="vendor-total"]', row);
    const [eligibility] = await texts('[data-testid="eligibility"]', row);
    names.push(name);
    assert.match(total, /^\d+([.,]\d)?$/, `${name}: total ${JSON.stringify(total)} is not a one-decimal number`);
    assert.ok(
      ELIGIBILITY[locale].some((label) => eligibility.includes(label)),
      `${name}: eligibility ${JSON.stringify(eligibility)} has no ${locale} text`,
    );
  }
  assert.deepEqual([...names].sort(), [...DEMO_VENDORS].sort(), "the rows are not the demo vendors");
  assert.ok(names.includes("Slack"), "Slack is not in the comparison");
  assert.ok(names.some((n) => n.startsWith("DingTalk")), "DingTalk is not in the comparison");
  const ranks = (await texts('[data-testid="vendor-rank"]', table)).map(Number);
  assert.deepEqual(ranks, ranks.map((_, i) => i + 1), "rows are not in rank order");
  return names;
}

test("home opens on the demo evaluation's comparison (English)", { timeout: 90_000 }, async () => {
  await waitFor('[data-testid="app-title"]');
  await setLanguage("en"); // the choice is remembered from earlier runs; start from English
  assert.equal(await text(await find('[data-testid="app-title"]')), "Assay");

  // A fresh database: the demo was created on first start, is listed and selected.
  await waitFor('[data-testid="evaluation-item"]');
  const items = await findAll('[data-testid="evaluation-item"]');
  assert.equal(items.length, 1, `a fresh database should hold only the demo, got ${items.length} evaluations`);
  assert.equal(await text((await findAll('[data-testid="evaluation-name"]', items[0]))[0]), DEMO.evaluation.name);
  assert.equal(await attr(items[0], "aria-pressed"), "true", "the demo evaluation is not selected");

  await waitFor('[data-testid="comparison-title"]');
  assert.equal(await text(await find('[data-testid="comparison-title"]')), DEMO.evaluation.name);
  const note = await text(await find('[data-testid="illustrative-note"]'));
  assert.match(note, /Illustrative sample/);
  assert.ok(note.includes("unknown"), "the demo's notes are not shown");
  const names = await checkDemoComparison("en");
  const headers = await texts("[data-testid^='col-']");
  assert.deepEqual(headers.slice(0, 5), ["Rank", "Vendor", "Total", "Knockout gates", "Answered"]);
  assert.equal(headers.length, 5 + 8, `expected 8 section columns, got headers ${JSON.stringify(headers)}`);
  const gates = await findAll('[data-testid="vendor-gate"]');
  assert.equal(gates.length, DEMO_VENDORS.length, "knockout details are not listed per vendor");
  console.log(`ranked: ${names.join(" > ")}`);

  // The table fits the window: no horizontal scrolling of the page at 1280 px.
  const overflow = await script(
    "const w = document.querySelector('.table-wrap'); return [innerWidth, w.scrollWidth, w.clientWidth]",
  );
  console.log(`viewport ${overflow[0]} px; table ${overflow[1]} px in ${overflow[2]} px`);
  if (overflow[0] >= 1200) assert.ok(overflow[1] <= overflow[2], `the table overflows at ${overflow[0]} px`);

  // The bundled questionnaires stay listed below, as a secondary section.
  await waitFor('[data-testid="questionnaire-list"]');
  const title = await text(await find('[data-testid="questionnaire-title"]'));
  assert.match(title, /\bIM\b/, `questionnaire title ${JSON.stringify(title)} does not mention IM`);
  const known = fileTitles();
  if (known.length > 0) {
    assert.ok(known.some((t) => t.en === title), `title ${JSON.stringify(title)} matches no questionnaires/*.json title`);
  }
  const questions = Number(await attr(await find('[data-testid="question-count"]'), "data-count"));
  const sections = Number(await attr(await find('[data-testid="section-count"]'), "data-count"));
  assert.ok(questions >= 80, `question count is ${questions}, expected the 87-question default questionnaire`);
  assert.equal(sections, 8, `section count is ${sections}`);

  // The stylesheet was allowed by the CSP and applied.
  const bg = await script("return getComputedStyle(document.documentElement).backgroundColor");
  assert.equal(bg, "rgb(244, 245, 247)", "app.css not applied (CSP or asset problem?)");

  await script("window.scrollTo(0, 0)");
  console.log(`screenshot: ${await screenshot("home-en.png")}`);
});

test("switching to 简体中文 shows Chinese and is remembered", { timeout: 90_000 }, async () => {
  await setLanguage("zh-CN");
  await waitUntil("the table headers are Chinese", async () => (await text(await find('[data-testid="col-vendor"]'))) === "供应商");
  const headers = await texts("[data-testid^='col-']");
  assert.deepEqual(headers.slice(0, 5), ["排名", "供应商", "总分", "否决项", "已作答"]);
  await checkDemoComparison("zh-CN");
  assert.match(await text(await find('[data-testid="illustrative-note"]')), /示例数据/);
  assert.equal(await text(await find("#evaluations-heading")), "评估");
  assert.equal(await text(await find("#catalog-heading")), "内置问卷");

  const title = await text(await find('[data-testid="questionnaire-title"]'));
  assert.match(title, /[\u4e00-\u9fff]/, `zh-CN questionnaire title ${JSON.stringify(title)} has no Chinese`);
  const known = fileTitles();
  if (known.length > 0) {
    assert.ok(known.some((t) => t["zh-CN"] === title), `title ${JSON.stringify(title)} matches no zh-CN title`);
  }
  assert.equal(await attr(await find('[data-testid="lang-zh-CN"]'), "aria-pressed"), "true");
  await script("window.scrollTo(0, 0)");
  console.log(`screenshot: ${await screenshot("home-zh-CN.png")}`);

  // Remembered across a reload (localStorage); the demo is still the only evaluation.
  await wd("POST", s("/refresh"), {});
  await waitFor('[data-testid="comparison-table"]');
  assert.equal(await script("return document.documentElement.lang"), "zh-CN");
  assert.equal(await text(await find('[data-testid="col-vendor"]')), "供应商");
  assert.equal((await findAll('[data-testid="evaluation-item"]')).length, 1, "the demo was created twice");

  await setLanguage("en"); // leave the default for the next run
});

test("security: CSP and frozen prototypes are in force", { timeout: 30_000 }, async () => {
  // An injected inline script must be refused by the CSP (default-src 'self').
  const inlineRan = await script(`
    window.__assayCspProbe = false;
    const el = document.createElement("script");
    el.textContent = "window.__assayCspProbe = true";
    document.head.appendChild(el);
    el.remove();
    return window.__assayCspProbe;`);
  assert.equal(inlineRan, false, "an inline script ran: the CSP is missing or too loose");
  assert.equal(await script("return Object.isFrozen(Object.prototype)"), true, "freezePrototype is off");
});

test("the capability allows the app's commands and nothing else", { timeout: 30_000 }, async () => {
  const allowed = await invokeFromPage("list_questionnaires");
  assert.equal(allowed.ok, true, `list_questionnaires refused: ${allowed.reason}`);
  assert.ok(Array.isArray(allowed.value) && allowed.value.length > 0, "no bundled questionnaires");

  const evaluations = await invokeFromPage("list_evaluations");
  assert.equal(evaluations.ok, true, `list_evaluations refused: ${evaluations.reason}`);
  assert.equal(evaluations.value.length, 1);
  const comparison = await invokeFromPage("get_comparison", { evaluationId: evaluations.value[0].id });
  assert.equal(comparison.ok, true, `get_comparison refused: ${comparison.reason}`);
  assert.equal(comparison.value.vendors.length, DEMO_VENDORS.length);

  // A failing command rejects with { code, message }.
  const missing = await invokeFromPage("get_comparison", { evaluationId: 999_999 });
  assert.equal(missing.ok, false, "get_comparison of a missing evaluation succeeded");
  assert.equal(missing.failure?.code, "not_found", `unexpected error ${missing.reason}`);
  assert.match(missing.failure?.message ?? "", /999999/);

  // core:default is not granted: a core plugin command must be refused by the ACL.
  const denied = await invokeFromPage("plugin:window|title", { label: "main" });
  assert.equal(denied.ok, false, "plugin:window|title was allowed; capabilities are wider than intended");
  assert.match(denied.reason, /not allowed/i);
});
