// End-to-end smoke test of the real desktop binary (WebKitGTK), driven through
// tauri-driver -> WebKitWebDriver with raw W3C WebDriver calls (Node's fetch),
// using Node's built-in test runner. No npm packages needed.
//
// Run (Linux, needs a display; scripts/test does all of this; scripts/e2e-repeat N
// runs it N times on the current build):
//   npm --prefix ui run build
//   scripts/build-e2e-app   # cargo build -p assay-desktop --features custom-protocol,e2e-hooks,
//                           # copied to $CARGO_TARGET_DIR/e2e/assay-desktop
//   xvfb-run -a -s "-screen 0 1366x768x24" node --test tests/e2e/
//
// Environment:
//   ASSAY_APP             binary to test, built with the feature e2e-hooks (default:
//                         $CARGO_TARGET_DIR/e2e/assay-desktop, else <repo>/target/e2e/assay-desktop)
//   TAURI_DRIVER          tauri-driver binary (default: from PATH, else ~/.cargo/bin)
//   ASSAY_SCREENSHOTS     where to save screenshots (default: a new temporary folder, named
//                         in the output; a test run changes no file of the repository).
//                         ASSAY_SCREENSHOTS=docs/screenshots refreshes the committed ones.
//                         ASSAY_SCREENSHOT_DIR is the older name, still read.
//   ASSAY_CLI             the `assay` command line, for `assay verify` of exported PDFs
//                         (default: $CARGO_TARGET_DIR/debug/assay, else <repo>/target/debug/assay;
//                         scripts/test builds it with `cargo test -p assay`)
//
// The app is started with ASSAY_DB pointing at a fresh temporary database, so
// every run starts from scratch and the demo evaluation is created on first start,
// with ASSAY_E2E_EXPORT_DIR set to a temporary directory: "Export PDF" then
// writes there instead of opening the native save dialog (which WebDriver cannot drive),
// and with ASSAY_E2E_IMPORT_FILE set to a CSV this test writes: "Import workbook"
// reads it instead of opening the native open dialog, and with ASSAY_E2E_ATTACH_FILE
// set to a file this test writes: "Attach file…" of a piece of evidence attaches it,
// with ASSAY_E2E_QUESTIONNAIRE_FILES set to two questionnaire files (a broken one,
// then a valid one): "Load a questionnaire file…" reads them in turn, and with
// ASSAY_E2E_OPEN_LOG set: "open the PDF when done" appends the path there
// instead of launching a PDF viewer. Only a build with the cargo feature e2e-hooks
// reads these variables (src-tauri/src/e2e_hooks.rs); the app users run ignores them.
import { test, before, beforeEach, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, accessSync, constants } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { ELEMENT, SESSION_MS, STARTUP_MS, startApp } from "./webdriver.mjs";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const TARGET = resolve(REPO, process.env.CARGO_TARGET_DIR ?? "target");
const APP = resolve(process.env.ASSAY_APP ?? join(TARGET, "e2e/assay-desktop"));
const CLI = resolve(process.env.ASSAY_CLI ?? join(TARGET, "debug/assay"));
const SHOTS_ENV = process.env.ASSAY_SCREENSHOTS || process.env.ASSAY_SCREENSHOT_DIR;
// Relative to the directory the test was started from, like any path on a command line.
const SHOTS = SHOTS_ENV ? resolve(SHOTS_ENV) : mkdtempSync(join(tmpdir(), "assay-e2e-screenshots-"));

const WAIT_MS = 20_000; // any element to appear

let session; // WebDriver session id
let dbDir; // temporary directory of this run's database (ASSAY_DB)
let exportDir; // where "Export PDF" writes (ASSAY_E2E_EXPORT_DIR)
let importFile; // what "Import workbook" reads (ASSAY_E2E_IMPORT_FILE)
let attachFile; // what "Attach file…" of a piece of evidence reads (ASSAY_E2E_ATTACH_FILE)
let questionnaireFiles; // what "Load a questionnaire file…" reads, in turn (ASSAY_E2E_QUESTIONNAIRE_FILES)
let openLog; // the PDFs the app was asked to open (ASSAY_E2E_OPEN_LOG)
let certificateFile; // the organisation's certificate a signed export uses (ASSAY_E2E_CERTIFICATE_FILE)
const CERTIFICATE_PASSWORD = "e2e 证书 password";
let tmpForApp; // the app's TMPDIR: attachments opened are copied there

/** The two samples the app creates in a fresh database: the public-sources demo
 * (src/store/demo.json) and the fictional example it opens on (src/store/example.json). */
const DEMO = JSON.parse(readFileSync(join(REPO, "src/store/demo.json"), "utf8"));
const DEMO_VENDORS = DEMO.vendors.map((v) => v.name);
const EXAMPLE = JSON.parse(readFileSync(join(REPO, "src/store/example.json"), "utf8"));
const EXAMPLE_VENDORS = EXAMPLE.vendors.map((v) => v.name);
/** The bundled questionnaire (the demo is written against it): its section and question counts. */
const SHIPPED = JSON.parse(readFileSync(join(REPO, "questionnaires/assay-im-security.json"), "utf8"));
const SHIPPED_SECTIONS = SHIPPED.sections.length;
const SHIPPED_QUESTIONS = SHIPPED.sections.reduce((n, s) => n + s.questions.length, 0);
const ELIGIBILITY = {
  en: ["Eligible", "Undetermined", "Provisionally not eligible", "Not eligible"],
  "zh-CN": ["符合准入", "准入待定", "暂不符合准入", "不符合准入"],
};
/** A failed knockout: final, or provisional when it rests on a claim without its evidence. */
const NOT_ELIGIBLE = /^(provisionally_)?not_eligible$/;
/** A ranking item's vendor name: without "1. ", "2=. " or " (insufficient data)". */
const rankedName = (item) => item.replace(/^\d+=?\. /, "").replace(/ \((insufficient data|数据不足)\)$/, "");
const APP_ERRORS = ["evidence-error", "questionnaire-error", "evaluations-error", "comparison-error", "overview-error", "requests-error", "answer-error", "form-error", "save-error", "new-eval-error", "vendors-error", "export-error", "actions-error", "what-if-error", "workbook-error", "import-error", "upgrade-error", "coverage-threshold-error"];

// The WebDriver client of the running app (tests/e2e/webdriver.mjs), and the calls this
// suite makes through it.
let client;
const wd = (...args) => client.wd(...args);
const s = (path) => client.s(path);

/** One look for `selector`, no waiting: for "is it there right now?" questions. */
async function findNow(selector) {
  const found = await wd("POST", s("/element"), { using: "css selector", value: selector });
  return found[ELEMENT];
}

/**
 * Finds `selector`, waiting for it like `waitFor`. Every screen fills in after an IPC call
 * returns, so an element looked up once right after a click may simply not be there yet on
 * a loaded machine (CI once failed on the questionnaire titles, which arrive after their
 * heading). Absence checks use `tryFind`/`findAll`, which do not wait.
 */
const find = (selector) => waitFor(selector);
const tryFind = (selector) => client.tryFind(selector);
/** Waits for `selector`; fails early with the app's own error (APP_ERRORS) if it shows one. */
const waitFor = (selector, timeout = WAIT_MS) => client.waitFor(selector, timeout);
/** Waits until `fn` is truthy; an element not there yet, or replaced meanwhile, is "not yet". */
const waitUntil = (what, fn, timeout = WAIT_MS) => client.waitUntil(what, fn, timeout);

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

// Why a screenshot needs the page to paint (the cause of the flaky export test, see
// docs/e2e-stability.md): the app runs WebKitGTK without accelerated compositing
// (src-tauri/src/main.rs), and there WebKitGTK 2.50 answers a WebDriver screenshot only
// after the next paint of the page: the web process's DrawingAreaCoordinatedGraphics::
// dispatchAfterEnsuringDrawing schedules a display, finds nothing to repaint and keeps the
// request until some later paint. A page that is idle when the screenshot is asked for
// (the export test waits seconds for pdftotext and `assay verify`, then scrolls to where it
// already is) never paints again, and the request hangs until our timeout. So while a
// screenshot is pending, the page repaints one fully transparent pixel every 50 ms: the
// request is answered at the first paint after it arrives, and the image is unchanged.
const PAINT_START = `
  let el = document.getElementById("assay-e2e-paint");
  if (!el) {
    el = document.createElement("div");
    el.id = "assay-e2e-paint";
    el.setAttribute("aria-hidden", "true");
    Object.assign(el.style, {
      position: "fixed", right: "0", bottom: "0", width: "1px", height: "1px",
      pointerEvents: "none", backgroundColor: "rgba(0, 0, 0, 0)",
    });
    document.body.appendChild(el);
  }
  let odd = false;
  clearInterval(window.__assayE2ePaint);
  window.__assayE2ePaint = setInterval(() => {
    odd = !odd;
    el.style.backgroundColor = odd ? "rgba(255, 255, 255, 0)" : "rgba(0, 0, 0, 0)";
  }, 50);`;
const PAINT_STOP = `clearInterval(window.__assayE2ePaint); document.getElementById("assay-e2e-paint")?.remove();`;

async function screenshot(name) {
  await script(PAINT_START);
  let base64;
  try {
    base64 = await wd("GET", s("/screenshot"));
  } catch (e) {
    await script(PAINT_STOP).catch(() => {}); // report the screenshot's error, not this one's
    throw e;
  }
  await script(PAINT_STOP);
  const png = Buffer.from(base64, "base64");
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
    if (!name.endsWith(".json") || name.endsWith(".schema.json") || name.endsWith(".clauses.json")) continue;
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
    accessSync(CLI, constants.X_OK);
  } catch {
    throw new Error(`assay command line ${CLI} missing: run "cargo build -p assay" (scripts/test builds it with "cargo test -p assay"), or set ASSAY_CLI`);
  }
  try {
    accessSync(APP, constants.X_OK);
  } catch {
    throw new Error(`app binary ${APP} missing: run scripts/build-e2e-app (after "npm --prefix ui run build")`);
  }
  // Without the hooks the app would open native dialogs no one can answer.
  if (!readFileSync(APP).includes("ASSAY_E2E_EXPORT_DIR")) {
    throw new Error(`app binary ${APP} was built without the test hooks: run scripts/build-e2e-app (cargo feature e2e-hooks)`);
  }
  if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    throw new Error("no display: run under xvfb-run -a");
  }

  const t0 = Date.now();
  dbDir = mkdtempSync(join(tmpdir(), "assay-e2e-"));
  exportDir = join(dbDir, "exports");
  // A vendor's filled answers in the workbook's CSV layout (src/workbook: Col names):
  // TRN-02 yes, IRV-01 96 hours (fails the 72-hour knockout).
  importFile = join(dbDir, "gamma-answers.csv");
  writeFileSync(
    importFile,
    "question_id,answer,comment,evidence_identifier,issuer,expiry_date,source\nTRN-02,yes,,,,,\nIRV-01,96,,,,,\n",
  );
  attachFile = join(dbDir, "dpa-signed.pdf");
  writeFileSync(attachFile, "%PDF-1.7 signed DPA, clause 7.2: notify within 24 hours\n");
  // The shipped questionnaire as a buyer's own version, and a copy broken by a
  // duplicate question id (the second TRN-02 becomes TRN-01).
  const shipped = readFileSync(join(REPO, "questionnaires/assay-im-security.json"), "utf8");
  questionnaireFiles = [join(dbDir, "broken-questionnaire.json"), join(dbDir, "buyer-questionnaire.json")];
  writeFileSync(questionnaireFiles[0], shipped.replace('"id": "TRN-02"', '"id": "TRN-01"'));
  writeFileSync(questionnaireFiles[1], shipped.replace('"version": "1.1.0"', '"version": "1.2.0-buyer"'));
  openLog = join(dbDir, "opened.txt");
  // A trial certificate made by the command line, as a user makes one.
  certificateFile = join(dbDir, "e2e-buyer.p12");
  run(CLI, ["certificate", "trial", "--organisation", "E2E Buyer", "--out", certificateFile], {
    env: { ...process.env, ASSAY_SIGN_PASSWORD: CERTIFICATE_PASSWORD },
  });
  tmpForApp = join(dbDir, "tmp");
  mkdirSync(tmpForApp);
  const env = {
    ...process.env,
    TMPDIR: tmpForApp, // where "Open" of an attachment writes its copy
    ASSAY_E2E_QUESTIONNAIRE_FILES: questionnaireFiles.join(":"),
    ASSAY_E2E_OPEN_LOG: openLog,
    ASSAY_E2E_ATTACH_FILE: attachFile,
    ASSAY_DB: join(dbDir, "assay.db"),
    ASSAY_E2E_EXPORT_DIR: exportDir,
    ASSAY_E2E_IMPORT_FILE: importFile,
    ASSAY_E2E_CERTIFICATE_FILE: certificateFile,
  };
  console.log(`ASSAY_DB=${env.ASSAY_DB} ASSAY_E2E_EXPORT_DIR=${exportDir} ASSAY_E2E_IMPORT_FILE=${importFile}`);
  console.log(`screenshots: ${SHOTS}${SHOTS_ENV ? "" : " (set ASSAY_SCREENSHOTS=docs/screenshots to refresh the committed ones)"}`);
  // tauri-driver -> WebKitWebDriver -> the app inherit this environment.
  client = await startApp({ app: APP, env, errors: APP_ERRORS });
  session = client.session;
  console.log(`session ${session} created ${Date.now() - t0} ms after the start`);
  // Screenshots and layout checks at a common laptop's size, the size of the Xvfb screen
  // (scripts/e2e): 1366x768.
  try {
    await wd("POST", s("/window/rect"), { x: 0, y: 0, width: 1366, height: 768 });
  } catch (e) {
    console.log(`window not resized (${e.message.split("\n")[0]}); keeping the configured size`);
  }
}, { timeout: STARTUP_MS + SESSION_MS + 10_000 });

/** Pids of app processes this run started (found by the ASSAY_DB in their environment). */
function ourAppProcesses(db) {
  const pids = [];
  for (const pid of readdirSync("/proc").filter((n) => /^\d+$/.test(n))) {
    try {
      const env = readFileSync(`/proc/${pid}/environ`, "latin1").split("\0");
      if (env.includes(`ASSAY_DB=${db}`) && readFileSync(`/proc/${pid}/comm`, "latin1").trim() === "assay-desktop") {
        pids.push(Number(pid));
      }
    } catch {
      // The process ended, or is not ours to read.
    }
  }
  return pids;
}

// Every test starts where a user starts: on the evaluations screen. Without this, a test
// that fails half-way (say, on the questionnaire catalogue) fails every test after it, and
// the report no longer says which behaviour broke.
beforeEach(async () => {
  if (!session) return;
  const nav = await waitFor('[data-testid="nav-evaluations"]').catch(() => null);
  if (nav) await click(nav);
});

after(async () => {
  if (client) await client.stop({ appGone: !session });
  // Closing the session normally ends the app. If it is still running, end it, so
  // that its inherited stdout does not keep this test process alive, and say so.
  if (dbDir) {
    const db = join(dbDir, "assay.db");
    for (let i = 0; i < 20 && ourAppProcesses(db).length; i++) await sleep(250, null, { ref: false });
    const left = ourAppProcesses(db);
    if (left.length) {
      console.error(`app process(es) ${left.join(", ")} still running after the session ended: sending SIGTERM`);
      for (const pid of left) {
        try {
          process.kill(pid, "SIGTERM");
        } catch {
          // Already gone.
        }
      }
    }
  }
  if (dbDir) rmSync(dbDir, { recursive: true, force: true });
}, { timeout: 30_000 });

/** Checks the comparison of the demo evaluation; returns the rows' vendor names. */
async function checkDemoComparison(locale) {
  const names = await checkComparison(locale, DEMO_VENDORS);
  assert.ok(names.includes("Slack"), "Slack is not in the comparison");
  assert.ok(names.some((n) => n.startsWith("DingTalk")), "DingTalk is not in the comparison");
  return names;
}

/** Checks the shown comparison has a row per vendor of `expected`, each with a total and an
 * eligibility in `locale`, ranked rows first in rank order; returns the rows' vendor names. */
async function checkComparison(locale, expected) {
  const table = await waitFor('[data-testid="comparison-table"]');
  const rows = await findAll('[data-testid="vendor-row"]', table);
  assert.equal(rows.length, expected.length, `expected ${expected.length} vendor rows, got ${rows.length}`);
  const names = [];
  for (const row of rows) {
    const [name] = await texts('[data-testid="vendor-name"]', row);
    const [total] = await texts('[data-testid="why-total"]', row);
    const [eligibility] = await texts('[data-testid="eligibility"]', row);
    names.push(name);
    assert.match(total, /^\d+([.,]\d)?$/, `${name}: total ${JSON.stringify(total)} is not a one-decimal number`);
    assert.ok(
      ELIGIBILITY[locale].some((label) => eligibility.includes(label)),
      `${name}: eligibility ${JSON.stringify(eligibility)} has no ${locale} text`,
    );
  }
  assert.deepEqual([...names].sort(), [...expected].sort(), "the rows are not the evaluation's vendors");
  // Ranked vendors first, in rank order (ties share one: "2="); a vendor below the
  // coverage threshold has no rank: "insufficient data — N questions open".
  const ranks = await texts('[data-testid="vendor-rank"]', table);
  const unranked = await texts('[data-testid="vendor-unranked"]', table);
  assert.equal(ranks.filter((r) => r === "—").length, unranked.length, `ranks ${JSON.stringify(ranks)}`);
  for (const u of unranked) assert.match(u, locale === "en" ? /^insufficient data — \d+ questions open$/ : /^数据不足 — \d+ 个问题待答$/);
  const numbers = ranks.filter((r) => r !== "—").map((r) => Number(r.replace(/=$/, "")));
  assert.ok(ranks.slice(0, numbers.length).every((r) => r !== "—"), "an unranked vendor is listed before a ranked one");
  assert.deepEqual(numbers, [...numbers].sort((a, b) => a - b), "rows are not in rank order");
  return names;
}

test("home opens on the fictional example; the public-sources demo is listed beside it (English)", { timeout: 90_000 }, async () => {
  await waitFor('[data-testid="app-title"]');
  await setLanguage("en"); // the choice is remembered from earlier runs; start from English
  assert.equal(await text(await find('[data-testid="app-title"]')), "Assay");

  // A fresh database: both samples were created on first start; the fictional example is selected.
  await waitFor('[data-testid="evaluation-item"]');
  const items = await findAll('[data-testid="evaluation-item"]');
  assert.equal(items.length, 2, `a fresh database should hold the two samples, got ${items.length} evaluations`);
  const listed = [];
  for (const item of items) listed.push([await text((await findAll('[data-testid="evaluation-name"]', item))[0]), await attr(item, "aria-pressed")]);
  assert.deepEqual(
    listed.sort(),
    [[DEMO.evaluation.name, "false"], [EXAMPLE.evaluation.name, "true"]].sort(),
    "the fictional example is not the one selected",
  );

  await waitFor('[data-testid="evaluation-title"]');
  assert.equal(await text(await find('[data-testid="evaluation-title"]')), EXAMPLE.evaluation.name);
  // It opens on the example's Overview: what it is, and what to do next.
  assert.equal(await attr(await find('[data-testid="workspace"]'), "data-tab"), "overview");
  assert.match(await text(await waitFor('[data-testid="start-hint"]')), /fictional example shows a finished evaluation/);
  const fictionalNote = await waitFor('[data-testid="illustrative-note"]');
  assert.equal(await attr(fictionalNote, "data-fictional"), "true");
  assert.match(await text(fictionalNote), /^Fictional example — every vendor, number and document here is invented/);
  const steps = await Promise.all((await findAll('[data-testid="next-step"]')).map((el) => attr(el, "data-kind")));
  assert.deepEqual(steps, ["sample", "export"], "a read-only sample's next steps");
  await script("window.scrollTo(0, 0)");
  console.log(`screenshot: ${await screenshot("home-en.png")}`);
  // A finished evaluation: every invented vendor (named so) is ranked, and the decision
  // page has a verdict for each — one of them fails a must-have on its 96-hour clause.
  await openTab("compare");
  const fictionalNames = await checkComparison("en", EXAMPLE_VENDORS);
  for (const n of fictionalNames) assert.match(n, /\(fictional · 虚构\)$/, `${n} is not marked fictional`);
  assert.equal((await findAll('[data-testid="vendor-unranked"]')).length, 0, "a vendor of the complete example is unranked");

  // The public-sources demo: mostly unknown, so it ranks few vendors or none. It opens on
  // its own Overview: each evaluation keeps its own place.
  await selectEvaluation(DEMO.evaluation.name);
  assert.equal(await attr(await find('[data-testid="workspace"]'), "data-tab"), "overview");
  const note = await text(await waitFor('[data-testid="illustrative-note"]'));
  assert.match(note, /Illustrative sample/);
  assert.ok((await text(await waitFor('[data-testid="evaluation-notes"]'))).includes("unknown"), "the demo's notes are not shown");
  await openTab("compare");
  const names = await checkDemoComparison("en");
  const headers = await texts("[data-testid^='col-']");
  assert.deepEqual(headers.slice(0, 6), ["Rank", "Vendor", "Total", "Evidence", "Must-haves", "Answered"]);
  assert.equal(headers.length, 6 + SHIPPED_SECTIONS, `expected ${SHIPPED_SECTIONS} section columns, got headers ${JSON.stringify(headers)}`);
  const gates = await findAll('[data-testid="vendor-gate"]');
  assert.equal(gates.length, DEMO_VENDORS.length, "knockout details are not listed per vendor");
  console.log(`ranked: ${names.join(" > ")}`);

  // The table fits the window: no horizontal scrolling of the page at 1366 px.
  const overflow = await script(
    "const w = document.querySelector('.table-wrap'); return [innerWidth, w.scrollWidth, w.clientWidth]",
  );
  console.log(`viewport ${overflow[0]} px; table ${overflow[1]} px in ${overflow[2]} px`);
  if (overflow[0] >= 1200) assert.ok(overflow[1] <= overflow[2], `the table overflows at ${overflow[0]} px`);

  // The bundled questionnaires have their own place, beside the evaluations.
  await click(await find('[data-testid="nav-questionnaires"]'));
  await waitFor('[data-testid="questionnaire-list"]');
  const title = await text(await find('[data-testid="questionnaire-title"]'));
  assert.match(title, /\bIM\b/, `questionnaire title ${JSON.stringify(title)} does not mention IM`);
  const known = fileTitles();
  if (known.length > 0) {
    assert.ok(known.some((t) => t.en === title), `title ${JSON.stringify(title)} matches no questionnaires/*.json title`);
  }
  const questions = Number(await attr(await find('[data-testid="question-count"]'), "data-count"));
  const sections = Number(await attr(await find('[data-testid="section-count"]'), "data-count"));
  assert.equal(questions, SHIPPED_QUESTIONS, `question count is ${questions}, expected the ${SHIPPED_QUESTIONS}-question default questionnaire`);
  assert.equal(sections, SHIPPED_SECTIONS, `section count is ${sections}`);
  // Back to the evaluations: the demo, on the tab it was left at.
  await click(await find('[data-testid="nav-evaluations"]'));
  await waitFor('[data-testid="comparison-table"]');
  assert.equal(await text(await find('[data-testid="evaluation-title"]')), DEMO.evaluation.name);

  // The stylesheet was allowed by the CSP and applied.
  const bg = await script("return getComputedStyle(document.documentElement).backgroundColor");
  assert.equal(bg, "rgb(244, 245, 247)", "app.css not applied (CSP or asset problem?)");
});

test("switching to 简体中文 shows Chinese and is remembered", { timeout: 90_000 }, async () => {
  await setLanguage("zh-CN");
  await waitUntil("the table headers are Chinese", async () => (await text(await find('[data-testid="col-vendor"]'))) === "供应商");
  const headers = await texts("[data-testid^='col-']");
  assert.deepEqual(headers.slice(0, 6), ["排名", "供应商", "总分", "证据覆盖", "必备项", "已作答"]);
  await checkDemoComparison("zh-CN");
  assert.match(await text(await find('[data-testid="illustrative-note"]')), /示例数据/);
  assert.equal(await text(await find("#evaluations-heading")), "评估");
  assert.deepEqual(await texts('[role="tab"]'), ["概览", "供应商", "作答", "比较", "逐题对照", "待补材料", "报告", "历史"]);
  await click(await find('[data-testid="nav-questionnaires"]'));
  assert.equal(await text(await waitFor("#catalog-heading")), "内置问卷");

  const title = await text(await find('[data-testid="questionnaire-title"]'));
  assert.match(title, /[\u4e00-\u9fff]/, `zh-CN questionnaire title ${JSON.stringify(title)} has no Chinese`);
  const known = fileTitles();
  if (known.length > 0) {
    assert.ok(known.some((t) => t["zh-CN"] === title), `title ${JSON.stringify(title)} matches no zh-CN title`);
  }
  assert.equal(await attr(await find('[data-testid="lang-zh-CN"]'), "aria-pressed"), "true");
  console.log(`screenshot: ${await screenshot("questionnaires-zh-CN.png")}`);
  await click(await find('[data-testid="nav-evaluations"]'));

  // Remembered across a reload (localStorage); the samples were not created twice, and
  // the app opens on the fictional example's overview again, saying so in Chinese.
  await wd("POST", s("/refresh"), {});
  await waitFor('[data-testid="illustrative-note"]');
  assert.equal(await script("return document.documentElement.lang"), "zh-CN");
  assert.equal((await findAll('[data-testid="evaluation-item"]')).length, 2, "a sample was created twice");
  assert.match(await text(await find('[data-testid="illustrative-note"]')), /^虚构示例——/);
  assert.match(await text(await find('[data-testid="next-steps"]')), /下一步/);
  await script("window.scrollTo(0, 0)");
  console.log(`screenshot: ${await screenshot("home-zh-CN.png")}`);
  await openTab("compare");
  assert.equal(await text(await waitFor('[data-testid="col-vendor"]')), "供应商");

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
  assert.equal(evaluations.value.length, 2);
  const demoId = evaluations.value.find((e) => e.name === DEMO.evaluation.name).id;
  assert.deepEqual(
    evaluations.value.map((e) => [e.name, e.illustrative, e.fictional]).sort(),
    [[DEMO.evaluation.name, true, false], [EXAMPLE.evaluation.name, true, true]].sort(),
  );
  const comparison = await invokeFromPage("get_comparison", { evaluationId: demoId });
  assert.equal(comparison.ok, true, `get_comparison refused: ${comparison.reason}`);
  assert.equal(comparison.value.vendors.length, DEMO_VENDORS.length);

  // A failing command rejects with { code, message }.
  const missing = await invokeFromPage("get_comparison", { evaluationId: 999_999 });
  assert.equal(missing.ok, false, "get_comparison of a missing evaluation succeeded");
  assert.equal(missing.failure?.code, "not_found", `unexpected error ${missing.reason}`);
  // In both languages: the UI shows the one it speaks.
  assert.equal(missing.failure?.en, "there is no evaluation with id 999999");
  assert.equal(missing.failure?.["zh-CN"], "没有编号为 999999 的评估");

  // core:default is not granted: a core plugin command must be refused by the ACL.
  const denied = await invokeFromPage("plugin:window|title", { label: "main" });
  assert.equal(denied.ok, false, "plugin:window|title was allowed; capabilities are wider than intended");
  assert.match(denied.reason, /not allowed/i);

  // The save dialog is opened from Rust by export_pdf: the page itself may not open dialogs.
  const dialog = await invokeFromPage("plugin:dialog|save", { options: {} });
  assert.equal(dialog.ok, false, "plugin:dialog|save was allowed; no dialog permission should be granted");
  assert.match(dialog.reason, /not allowed/i);
  const open = await invokeFromPage("plugin:dialog|open", { options: {} });
  assert.equal(open.ok, false, "plugin:dialog|open was allowed; the workbook import opens its dialog from Rust");
  assert.match(open.reason, /not allowed/i);
  // Applying an import needs the preview of that very file first: the page cannot name another path.
  const unpreviewed = await invokeFromPage("apply_workbook_import", {
    evaluationId: demoId,
    vendorId: 1,
    path: "/etc/passwd",
    sha256: "00",
  });
  assert.equal(unpreviewed.ok, false, "apply_workbook_import ran without a preview");
  assert.equal(unpreviewed.failure?.code, "invalid_input", `unexpected error ${unpreviewed.reason}`);
  // Only a PDF this session exported may be opened: the page cannot launch other files.
  const launch = await invokeFromPage("open_exported_file", { path: "/usr/bin/xterm" });
  assert.equal(launch.ok, false, "open_exported_file opened a file the app never exported");
  assert.equal(launch.failure?.code, "invalid_input", `unexpected error ${launch.reason}`);
  const badLang = await invokeFromPage("export_pdf", { evaluationId: demoId, lang: "fr" });
  assert.equal(badLang.ok, false, "export_pdf accepted an unknown language");
  assert.equal(badLang.failure?.code, "invalid_input", `unexpected error ${badLang.reason}`);
});

// ---------------------------------------------------------------- PDF export

/** Runs a command line tool; returns its stdout, or fails with its whole output. */
function run(cmd, args, options = {}) {
  try {
    return execFileSync(cmd, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, ...options });
  } catch (e) {
    throw new Error(`${cmd} ${args.join(" ")} failed (exit ${e.status}):\n${e.stdout ?? ""}${e.stderr ?? e.message}`);
  }
}

/** Waits until the app asked for `path` to be opened in its default app (ASSAY_E2E_OPEN_LOG). */
const opened = (path) =>
  waitUntil(`${path} is opened`, async () => existsSync(openLog) && readFileSync(openLog, "utf8").split("\n").includes(path));

/** Exports the shown evaluation's report in `lang` through its Report tab; returns the saved file's path and fingerprint. */
async function exportThroughUi(lang) {
  await openTab("report");
  await setField('[data-testid="export-lang"]', lang);
  await click(await find('[data-testid="export-button"]'));
  // The file name ends in the report language, so a message left from an earlier export does not count.
  const saved = await waitUntil(
    `the ${lang} PDF is saved`,
    async () => {
      const el = await tryFind('[data-testid="export-saved"]');
      if (el && (await attr(el, "data-path")).endsWith(`-${lang}.pdf`)) return el;
      const error = await tryFind('[data-testid="export-error"]');
      if (error) throw new Error(`export failed in the app: ${await text(error)}`);
      return null;
    },
    120_000, // the first export parses the CJK font (debug build)
  );
  const path = await attr(saved, "data-path");
  const fingerprint = await attr(saved, "data-fingerprint");
  assert.match(fingerprint, /^[0-9a-f]{64}$/);
  const message = await text(saved);
  assert.ok(message.includes(path), `the message ${JSON.stringify(message)} does not name the file`);
  assert.ok(message.includes(`${fingerprint.slice(0, 16)}…`), `the message ${JSON.stringify(message)} lacks the fingerprint`);
  return { path, fingerprint, message };
}

test("export the comparison PDF in Chinese and English; poppler and `assay verify` accept it", { timeout: 300_000 }, async () => {
  await setLanguage("en");
  // The fictional example (the app opened on it again after the reload): every page says it is invented.
  await selectEvaluation(EXAMPLE.evaluation.name);
  await openTab("report");
  const select = await waitFor('[data-testid="export-lang"]');
  assert.equal(await wd("GET", s(`/element/${select}/property/value`)), "en", "the report language does not default to the UI language");

  for (const [lang, heading] of [["zh-CN", "摘要"], ["en", "Executive summary"]]) {
    const t0 = Date.now();
    const { path, fingerprint, message } = await exportThroughUi(lang);
    console.log(`${lang}: ${message} (${Date.now() - t0} ms)`);
    assert.equal(dirname(path), exportDir, `the PDF was not written to ASSAY_E2E_EXPORT_DIR: ${path}`);
    // "Open the PDF when done" is on by default: the app asked for it to be opened.
    await opened(path);
    const bytes = readFileSync(path);
    assert.equal(bytes.subarray(0, 5).toString(), "%PDF-", `${path} is not a PDF`);

    const pdfText = run("pdftotext", [path, "-"]);
    for (const vendor of ["Skerrymoor Relay", "Tidewhistle Chat"]) assert.ok(pdfText.includes(vendor), `${lang}: ${vendor} is not in the PDF text`);
    assert.ok(pdfText.includes(heading), `${lang}: the heading ${heading} is not in the PDF text`);
    const mark = lang === "en" ? "FICTIONAL EXAMPLE" : "虚构示例";
    const pages = pdfText.split("\f").filter((p) => p.trim() !== "");
    pages.forEach((page, i) => assert.ok(page.includes(mark), `${lang}: page ${i + 1} does not say it is fictional`));
    if (lang === "zh-CN") assert.match(pdfText, /[\u4e00-\u9fff]/, "no Chinese text in the zh-CN PDF");

    // Every font embedded, subset and with a ToUnicode map (emb sub uni = yes yes yes).
    const fonts = run("pdffonts", [path]).trim().split("\n").slice(2);
    assert.ok(fonts.length > 0, "pdffonts lists no font");
    for (const line of fonts) assert.match(line, /\byes\s+yes\s+yes\b/, `${lang}: font not embedded+subset+unicode: ${line}`);

    // The command line checks digest, embedded data, scores and a byte-for-byte re-render,
    // and (with the app's database) that the evaluation is unchanged since the export.
    const verified = run(CLI, ["verify", path], { env: { ...process.env, ASSAY_DB: join(dbDir, "assay.db") } });
    assert.ok(verified.includes(`${path}: OK`), `assay verify did not say OK:\n${verified}`);
    assert.ok(verified.includes(fingerprint), `assay verify reports another fingerprint:\n${verified}`);
    assert.doesNotMatch(verified, /MODIFIED|CHANGED/, verified);
  }
  // With every vendor's security schedule as Annex C (ticked for this export only):
  // the contract clauses in the report's language, and the report still verifies.
  await click(await find('[data-testid="export-with-schedules"]'));
  const annexed = await exportThroughUi("zh-CN");
  const annexText = run("pdftotext", [annexed.path, "-"]);
  assert.ok(annexText.includes("附件 C. 安全附件"), "the zh-CN PDF has no security-schedule annex");
  assert.ok(annexText.includes("客户的审计权 [待协商]"), "the audit-rights clause is not marked to negotiate");
  for (const vendor of ["Skerrymoor Relay", "Tidewhistle Chat"]) assert.ok(annexText.includes(`${vendor}`), `${vendor} has no schedule`);
  const annexVerified = run(CLI, ["verify", annexed.path], { env: { ...process.env, ASSAY_DB: join(dbDir, "assay.db") } });
  assert.ok(annexVerified.includes(`${annexed.path}: OK`), `assay verify did not say OK:\n${annexVerified}`);
  await click(await find('[data-testid="export-with-schedules"]'));
  // A shipped sample's report is never final: the core says why.
  await setField('[data-testid="export-status"]', "final");
  await click(await find('[data-testid="export-button"]'));
  // (waitUntil, not waitFor: this error is the expected outcome.)
  const refusal = await waitUntil("the final export is refused", () => tryFind('[data-testid="export-error"]'));
  assert.match(await text(refusal), /cannot be final/);
  // A draft with the buyer's confidentiality marking: both on every page.
  await setField('[data-testid="export-status"]', "draft");
  await setField('[data-testid="export-marking"]', "CONFIDENTIAL — E2E buyer");
  const drafted = await exportThroughUi("en");
  const draftPages = run("pdftotext", [drafted.path, "-"]).split("\f").filter((p) => p.trim() !== "");
  draftPages.forEach((page, i) =>
    assert.ok(page.includes("DRAFT — not for signature · CONFIDENTIAL — E2E buyer"), `page ${i + 1} lacks the status and marking`));
  await setField('[data-testid="export-status"]', "");
  await setField('[data-testid="export-marking"]', "");
  // Signed with the organisation's certificate (a trial one): the password typed here,
  // the file from ASSAY_E2E_CERTIFICATE_FILE; poppler and `assay verify` find it valid.
  await click(await find('[data-testid="export-sign"]'));
  await setField('[data-testid="export-sign-password"]', CERTIFICATE_PASSWORD);
  const signed = await exportThroughUi("zh-CN");
  const signedBy = await text(await find('[data-testid="export-signed-by"]'));
  assert.ok(signedBy.includes("E2E Buyer (Assay trial)"), `the export does not say who signed: ${signedBy}`);
  const signature = run("pdfsig", [signed.path]);
  assert.ok(signature.includes("Signature is Valid.") && signature.includes("Total document signed"), signature);
  const signedVerified = run(CLI, ["verify", signed.path], { env: { ...process.env, ASSAY_DB: join(dbDir, "assay.db") } });
  assert.ok(signedVerified.includes("Added later: 1 signature by E2E Buyer (Assay trial) (valid)."), signedVerified);
  assert.ok(signedVerified.includes("this exact report was exported from evaluation"), signedVerified);
  assert.ok(signedVerified.includes(`${signed.path}: OK`), signedVerified);
  await click(await find('[data-testid="export-sign"]'));
  await script("window.scrollTo(0, 0)");
  console.log(`screenshot: ${await screenshot("export-en.png")}`);
  await setLanguage("zh-CN");
  await script("window.scrollTo(0, 0)");
  console.log(`screenshot: ${await screenshot("export-zh-CN.png")}`);
  await setLanguage("en");
});

// ---------------------------------------------------------------- answering flow

/** Sets a form field's value as typing would (input + change events), once the field is there. */
const setField = async (selector, value) => {
  await waitFor(selector);
  return script(
    `const el = document.querySelector(arguments[0]);
     if (!el) throw new Error("no element " + arguments[0]);
     el.focus(); el.value = arguments[1];
     el.dispatchEvent(new Event("input", { bubbles: true }));
     el.dispatchEvent(new Event("change", { bubbles: true }));`,
    [selector, value],
  );
};
const typeInto = async (id, keys) => wd("POST", s(`/element/${id}/value`), { text: keys });
const question = (id) => `[data-testid="question"][data-question="${id}"]`;
const formTotal = async () => Number(await attr(await waitFor('[data-testid="form-total"]'), "data-value"));
const savedAll = () =>
  waitUntil("every change is saved", async () => (await attr(await find('[data-testid="saved-indicator"]'), "data-state")) === "saved");

/** Opens the "new evaluation" dialog and types the name. */
async function openNewEvaluation(name) {
  await click(await waitFor('[data-testid="new-evaluation-button"]'));
  await waitFor('[data-testid="new-evaluation"]');
  // The profiles' weights arrive after the form: wait, or they push the buttons down mid-click.
  await waitFor('[data-testid="new-eval-weight"]');
  await typeInto(await find('[data-testid="new-eval-name"]'), name);
}

/** Creates an evaluation on the bundled questionnaire, GLOBAL profile, as of 2027-01-15, and waits until it is shown. */
async function createEvaluation(name) {
  await openNewEvaluation(name);
  await click(await waitFor('[data-testid="new-eval-profile"][data-profile="GLOBAL"]'));
  await setField('[data-testid="new-eval-as-of"]', "2027-01-15");
  await submitNewEvaluation(name);
}

/** Adds a vendor to the shown evaluation (on its Vendors tab) and waits until it is listed. */
async function addVendor(name) {
  await openTab("vendors");
  await typeInto(await waitFor('[data-testid="vendor-name-input"]'), name);
  await click(await find('[data-testid="add-vendor-submit"]'));
  await waitUntil(`${name} is listed`, async () => (await texts('[data-testid="vendor-item-name"]')).includes(name));
}

/** Presses "Create" and waits until the new evaluation's workspace is shown. */
async function submitNewEvaluation(name) {
  await click(await find('[data-testid="new-eval-create"]'));
  await waitUntil("the new evaluation is selected", async () => {
    const title = await tryFind('[data-testid="evaluation-title"]');
    return title && (await text(title)) === name;
  });
}

test("create an evaluation, add vendors, answer with a knockout failure, see scores and the breakdown", { timeout: 180_000 }, async () => {
  await setLanguage("en");
  // Create without a name: the app says why (WebKit shows nothing for a bare `required`).
  await click(await waitFor('[data-testid="new-evaluation-button"]'));
  // Once the profiles' weights have arrived (they push the button down as they render).
  await waitFor('[data-testid="new-eval-weights"] [data-testid="new-eval-weight"]');
  await click(await waitFor('[data-testid="new-eval-create"]'));
  const nameless = await waitUntil("the missing name is reported", () => tryFind('[data-testid="new-eval-error"]'));
  assert.equal(await text(nameless), "Could not create the evaluation: The evaluation needs a name.");
  await click(await find('[data-testid="new-eval-cancel"]'));
  await waitUntil("the dialog is closed", async () => !(await tryFind('[data-testid="new-evaluation"]')));
  await createEvaluation("E2E tender 2027");
  // A new evaluation opens on its Vendors tab: the add form is the first thing on it.
  assert.equal(await attr(await find('[data-testid="workspace"]'), "data-tab"), "vendors");
  await waitFor('[data-testid="vendors-empty"]');
  const addForm = await script("return document.querySelector('[data-testid=add-vendor]').getBoundingClientRect().bottom");
  assert.ok(addForm <= (await script("return innerHeight")), `the add-vendor form is below the fold (${addForm} px)`);

  for (const name of ["Acme Chat", "Beta Talk"]) await addVendor(name);
  await openTab("compare");
  await waitUntil("both vendors are compared", async () => (await findAll('[data-testid="vendor-row"]')).length === 2);
  // The overview says what to do next: answer both vendors' questions.
  await openTab("overview");
  const next = await waitFor('[data-testid="next-step"][data-kind="answer"]');
  assert.match(await text(next), /^Acme Chat: \d+ questions still unanswered\./);

  // Open Acme Chat's questionnaire from the vendor list.
  await openTab("vendors");
  const items = await findAll('[data-testid="vendor-item"]');
  await click((await findAll('[data-testid="open-vendor"]', items[0]))[0]);
  await waitFor('[data-testid="stepper"]');
  assert.equal(await attr(await find('[data-testid="workspace"]'), "data-tab"), "answer");
  assert.equal(await text(await find('[data-testid="form-vendor"]')), "Acme Chat");
  assert.equal(await formTotal(), 0);
  const left = Number(await attr(await find('[data-testid="form-left"]'), "data-count"));
  assert.ok(left > 0, "no count of what is left");

  // A conditional question appears once E2E-01 says end-to-end encryption exists.
  await click(await find('[data-testid="step"][data-section="E2E"]'));
  await waitFor(question("E2E-01"));
  assert.equal(await tryFind(question("E2E-02")), null, "E2E-02 is shown before E2E-01 is answered");
  await click(await find(`${question("E2E-01")} [data-option="default-all"]`));
  await waitFor(question("E2E-02"));
  await savedAll();
  const afterE2E = await formTotal();
  assert.ok(afterE2E > 0, `the total did not rise after a good answer (${afterE2E})`);

  // Incident response: IRV-03 yes, then IRV-01 = 96 hours fails the 72-hour gate.
  await click(await find('[data-testid="step"][data-section="IRV"]'));
  await waitFor(question("IRV-01"));
  await click(await find(`${question("IRV-03")} [data-option="yes"]`));
  await savedAll();
  const beforeGate = await formTotal();
  assert.ok(beforeGate > afterE2E, "the total did not change after answering IRV-03");
  const hours = await find(`${question("IRV-01")} [data-testid="number-input"]`);
  await typeInto(hours, "96\uE007"); // Enter saves, and stays on the page
  await waitUntil("the knockout failure shows", async () =>
    NOT_ELIGIBLE.test(await attr(await find('[data-testid="form-eligibility"]'), "data-eligibility")));
  await savedAll();
  assert.ok(await tryFind('[data-testid="stepper"]'), "Enter left the questionnaire");
  const failed = await texts('[data-testid="form-failed-knockout"]');
  assert.ok(failed.some((f) => f.includes("IRV-01")), `failed knockouts: ${JSON.stringify(failed)}`);
  const marker = await find(`${question("IRV-01")} [data-testid="knockout-marker"]`);
  assert.equal(await attr(marker, "data-outcome"), "failed");

  // Why this score? The breakdown lists IRV-01's answer in words with its flag.
  await click(await find('[data-testid="why"]'));
  const row = await waitFor('[data-testid="breakdown-row"][data-question="IRV-01"]');
  assert.match(await text(row), /96 hours/);
  // 96 hours scores 0: there is no credit a claim could keep, so it is not labelled "claimed".
  assert.doesNotMatch(await text(row), /claimed/);
  const irv03 = await text(await find('[data-testid="breakdown-row"][data-question="IRV-03"]'));
  assert.match(irv03, /Yes/);
  const step = await find('[data-testid="step"][data-section="IRV"]');
  assert.equal(await attr(step, "data-answered"), "2");
  await click(await find('[data-testid="why"]')); // hide it: the screenshot shows the questions
  await waitUntil("the breakdown is hidden", async () => !(await tryFind('[data-testid="breakdown"]')));

  await script("window.scrollTo(0, 0)");
  console.log(`screenshot: ${await screenshot("answer-en.png")}`);
  await setLanguage("zh-CN");
  await waitUntil("the form is in Chinese", async () => /为什么/.test(await text(await find('[data-testid="why"]'))));
  await script("window.scrollTo(0, 0)");
  console.log(`screenshot: ${await screenshot("answer-zh-CN.png")}`);
  await setLanguage("en");

  // The next vendor is one click away, and Acme Chat is where it was left (IRV) on return.
  await click(await find('[data-testid="next-vendor"]'));
  await waitUntil("Beta Talk's questionnaire is open", async () => (await text(await find('[data-testid="form-vendor"]'))) === "Beta Talk");
  await click(await find('[data-testid="prev-vendor"]'));
  await waitUntil("Acme Chat's questionnaire is open", async () => (await text(await find('[data-testid="form-vendor"]'))) === "Acme Chat");
  assert.match(await text(await waitFor('[data-testid="section-title"]')), /^IRV/);

  // To the comparison: Acme Chat is not eligible, whatever its total.
  await openTab("compare");
  await waitFor('[data-testid="comparison-table"]');
  await waitUntil("Acme Chat is ranked not eligible", async () => {
    for (const r of await findAll('[data-testid="vendor-row"]')) {
      const [name] = await texts('[data-testid="vendor-name"]', r);
      if (name === "Acme Chat") {
        const [badge] = await texts('[data-testid="eligibility"]', r);
        return NOT_ELIGIBLE.test(await attr(r, "data-eligibility")) && /not eligible/i.test(badge);
      }
    }
    return false;
  });
  const rows = await findAll('[data-testid="vendor-row"]');
  assert.equal((await texts('[data-testid="vendor-name"]', rows[1]))[0], "Acme Chat", "a not-eligible vendor ranks last");
});

// ---------------------------------------------------------------- compare, what-if, home operations

/** Selects the evaluation named `name` in the home list and waits for its comparison. */
async function selectEvaluation(name) {
  const item = await waitUntil(`${name} is listed`, async () => {
    for (const el of await findAll('[data-testid="evaluation-item"]')) {
      if ((await texts('[data-testid="evaluation-name"]', el))[0] === name) return el;
    }
    return null;
  });
  await click(item);
  await waitUntil(`${name} is compared`, async () => {
    const title = await tryFind('[data-testid="evaluation-title"]');
    return title && (await text(title)) === name;
  });
}

/** Opens tab `tab` of the shown evaluation's workspace and waits until it is the one shown. */
async function openTab(tab) {
  await click(await waitFor(`[data-testid="tab-${tab}"]`));
  await waitUntil(`the ${tab} tab is open`, async () => (await attr(await find('[data-testid="workspace"]'), "data-tab")) === tab);
}

/** Scrolls so the vendor choice, ranking, radar and what-if weights fill the window. */
async function scrollToCompare() {
  await script("const el = document.querySelector('[data-testid=vendor-filter]'); window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 8)");
  await sleep(300);
}

const rankingNames = async () => texts('[data-testid="ranking-item"]');
const whatIfShown = async () => (await attr(await find('[data-testid="ranking"]'), "data-what-if")) === "true";

test("compare: the radar has a polygon per demo vendor; what-if weights re-rank without saving", { timeout: 180_000 }, async () => {
  await setLanguage("en");
  await selectEvaluation(DEMO.evaluation.name);
  await openTab("compare");
  await waitFor('[data-testid="radar-svg"]');
  const polygons = await findAll('[data-testid="radar-series"]');
  assert.equal(polygons.length, 8, `expected 8 radar polygons for the demo, got ${polygons.length}`);
  assert.equal(await attr(await find('[data-testid="radar-svg"]'), "role"), "img");
  assert.match(await script("return document.querySelector('[data-testid=radar-svg] > title').textContent"), /Radar chart/);
  const markers = new Set(await Promise.all(polygons.map((p) => attr(p, "data-marker"))));
  assert.equal(markers.size, 8, "every vendor needs its own marker");
  assert.equal((await findAll('[data-testid="radar-legend-item"]')).length, 8);

  // Choose which vendors to show: unticking one removes its polygon and row.
  const toggles = await findAll('[data-testid="vendor-toggle"]');
  await click(toggles[0]);
  await waitUntil("7 polygons", async () => (await findAll('[data-testid="radar-series"]')).length === 7);
  assert.equal((await findAll('[data-testid="vendor-row"]')).length, 7);
  await click(toggles[0]);
  await waitUntil("8 polygons again", async () => (await findAll('[data-testid="radar-series"]')).length === 8);

  // Any score opens its breakdown: the first vendor's total, section by section.
  const firstTotal = Number(await attr(await find('[data-testid="vendor-total"]'), "data-value"));
  await click(await find('[data-testid="why-total"]'));
  const sum = await waitFor('[data-testid="total-breakdown-sum"]');
  assert.ok(Math.abs(Number(await attr(sum, "data-points")) - firstTotal) < 0.051, "the breakdown does not add up to the total shown");
  const parts = await Promise.all((await findAll('[data-testid="total-breakdown-row"]')).map((r) => attr(r, "data-points")));
  assert.equal(parts.length, SHIPPED_SECTIONS, "the total's breakdown has a row per section");
  await click(await find('[data-testid="total-breakdown-open"]'));
  await waitFor('[data-testid="score-breakdown"] [data-testid="breakdown-row"]');
  await script("document.querySelector('[data-testid=score-breakdown]').scrollIntoView()");
  console.log(`screenshot: ${await screenshot("why-score-en.png")}`);
  await click(await find('[data-testid="score-breakdown-close"]'));
  await waitUntil("the breakdown is closed", async () => (await tryFind('[data-testid="score-breakdown"]')) === null);

  const original = await rankingNames();
  const originalText = await text(await find('[data-testid="ranking"]'));
  assert.equal(original.length, 8);
  assert.equal(await whatIfShown(), false);
  const sections = await Promise.all((await findAll('[data-testid="weight-input"]')).map((i) => attr(i, "data-section-id")));
  assert.equal(sections.length, SHIPPED_SECTIONS);

  // Put the weight on one section at a time until the ranking changes.
  let changed = null;
  for (const section of sections) {
    await setField(`[data-testid="weight-input"][data-section-id="${section}"]`, "100");
    await waitUntil("the what-if ranking shows", whatIfShown);
    await waitFor('[data-testid="what-if-marker"]');
    const now = await rankingNames();
    if (JSON.stringify(now) !== JSON.stringify(original)) {
      changed = { section, now };
      break;
    }
    await click(await find('[data-testid="what-if-reset"]'));
    await waitUntil("the stored ranking is back", async () => !(await whatIfShown()));
  }
  assert.ok(changed, "no section weight changed the demo's ranking");
  console.log(`what-if ${changed.section}=100: ${changed.now.join(" > ")}`);
  assert.match(await text(await find('[data-testid="what-if-marker"]')), /what-if — not saved/);
  assert.notEqual(await text(await find('[data-testid="ranking"]')), originalText, "the ranking text did not change");

  // Screenshots of the compare screen, what-if active.
  await scrollToCompare();
  console.log(`screenshot: ${await screenshot("compare-en.png")}`);
  await setLanguage("zh-CN");
  await waitUntil("the compare screen is Chinese", async () => /未保存/.test(await text(await find('[data-testid="what-if-marker"]'))));
  await scrollToCompare();
  console.log(`screenshot: ${await screenshot("compare-zh-CN.png")}`);
  await setLanguage("en");

  // Nothing was saved: the stored comparison and a reload show the original ranking.
  const evaluations = await invokeFromPage("list_evaluations");
  const demoId = evaluations.value.find((e) => e.name === DEMO.evaluation.name).id;
  const stored = await invokeFromPage("get_comparison", { evaluationId: demoId });
  assert.deepEqual(stored.value.vendors.map((v) => v.name), original.map(rankedName));
  assert.equal(stored.value.what_if, false);
  await wd("POST", s("/refresh"), {});
  await selectEvaluation(DEMO.evaluation.name);
  await openTab("compare");
  await waitFor('[data-testid="ranking"]');
  assert.deepEqual(await rankingNames(), original, "the ranking changed after a reload");
  assert.equal(await whatIfShown(), false);
  assert.equal(await tryFind('[data-testid="what-if-marker"]'), null);
});

test("decision page, request list and follow-up workbook, grid filters", { timeout: 180_000 }, async () => {
  await setLanguage("en");
  // The fictional example is complete: a verdict per vendor, the 96-hour clause failing a must-have.
  await selectEvaluation(EXAMPLE.evaluation.name);
  await openTab("overview");
  const finished = await waitFor('[data-testid="decision"]');
  const verdicts = {};
  for (const card of await findAll('[data-testid="decision-vendor"]', finished)) {
    verdicts[await attr(card, "data-vendor")] = [await attr(card, "data-verdict"), (await texts('[data-testid="decision-reason"]', card)).join(" ")];
  }
  assert.deepEqual(Object.keys(verdicts).sort(), [...EXAMPLE_VENDORS].sort());
  const [tideVerdict, tideWhy] = verdicts[EXAMPLE_VENDORS.find((n) => n.startsWith("Tidewhistle"))];
  assert.equal(tideVerdict, "does_not_meet");
  assert.match(tideWhy, /IRV-01/, "the 96-hour clause is not named as the reason");
  assert.ok(
    Object.values(verdicts).some(([v]) => v === "meets" || v === "meets_with_conditions"),
    `nobody in the complete example meets the must-haves: ${JSON.stringify(verdicts)}`,
  );
  await script("document.querySelector('[data-testid=decision]').scrollIntoView()");
  console.log(`screenshot: ${await screenshot("decision-en.png")}`);

  await selectEvaluation(DEMO.evaluation.name);

  // The decision is on the overview: the demo answers too little (coverage 3–9 %) for any verdict.
  await openTab("overview");
  const decision = await waitFor('[data-testid="decision"]');
  const cards = await findAll('[data-testid="decision-vendor"]', decision);
  assert.equal(cards.length, DEMO_VENDORS.length, `expected a decision per demo vendor, got ${cards.length}`);
  for (const card of cards) {
    assert.equal(await attr(card, "data-verdict"), "not_enough_information");
    const [verdict] = await texts('[data-testid="verdict"]', card);
    assert.match(verdict, /Not enough information/);
  }
  // Nobody is ranked below the threshold: the note says what it is.
  await openTab("compare");
  assert.match(await text(await waitFor('[data-testid="coverage-threshold"]')), /Ranked only at ≥ \d+ % coverage/);
  assert.ok((await findAll('[data-testid="vendor-unranked"]')).length > 0, "no vendor says insufficient data");

  // The grid, on its own tab: "knockouts" narrows the rows; the search finds TRN-01 by "TLS".
  assert.equal((await findAll('[data-testid="question-grid"]')).length, 0, "the Compare tab no longer carries the grid");
  await openTab("questions");
  const grid = await waitFor('[data-testid="question-grid"]');
  const shown = async () => Number(await attr(await find('[data-testid="grid-count"]'), "data-shown"));
  const total = Number(await attr(await find('[data-testid="grid-count"]'), "data-total"));
  assert.ok(total >= 80, `the grid has ${total} rows, expected every question`);
  assert.equal(await shown(), total);
  await click(await find('[data-testid="grid-filter"][data-filter="knockouts"]'));
  await waitUntil("the knockouts filter narrows the grid", async () => (await shown()) < total);
  const knockouts = await findAll('[data-testid="grid-row"]', grid);
  assert.ok(knockouts.length > 0, "no knockout question is listed");
  for (const row of knockouts) assert.equal(await attr(row, "data-knockout"), "true");
  await click(await find('[data-testid="grid-filter"][data-filter="knockouts"]'));
  await waitUntil("every row is back", async () => (await shown()) === total);
  await setField('[data-testid="grid-search"]', "TLS");
  await waitUntil("the search narrows the grid", async () => (await shown()) < total);
  const found = await Promise.all((await findAll('[data-testid="grid-row"]', grid)).map((r) => attr(r, "data-question")));
  assert.ok(found.includes("TRN-01"), `"TLS" did not find TRN-01: ${JSON.stringify(found)}`);
  await setField('[data-testid="grid-search"]', "");
  await waitUntil("every row is back", async () => (await shown()) === total);
  // Windowed: only the rows near the scroll position are laid out; scrolling to
  // the end lays out the last question's row.
  assert.ok((await findAll('[data-testid="grid-row"]', grid)).length < total, "every row is laid out at once");
  // (Scrolled again while the row heights are still being measured, as a user
  // holding End would: the estimate may move the end further down.)
  await waitUntil("scrolling to the end lays out the last row", async () =>
    (await script(`const s = document.querySelector('[data-testid="grid-scroll"]'); s.scrollTop = s.scrollHeight;
      const r = document.querySelectorAll('[data-testid="grid-row"]'); return r[r.length - 1]?.getAttribute("aria-rowindex")`)) ===
    String(total + 1));

  // The request list of the first vendor, and its follow-up workbook (ASSAY_E2E_EXPORT_DIR replaces the save dialog).
  await openTab("requests");
  const requests = await waitFor('[data-testid="requests"]');
  const items = await findAll('[data-testid="request"]', requests);
  assert.ok(items.length > 0, "the demo vendor has nothing to ask");
  await click(await find('[data-testid="requests"] [data-testid="follow-up-workbook"]'));
  const saved = await waitFor('[data-testid="requests"] [data-testid="workbook-saved"]', 60_000);
  const path = await attr(saved, "data-path");
  assert.equal(dirname(path), exportDir);
  assert.match(path, /\.xlsx$/);
  assert.equal(readFileSync(path).subarray(0, 2).toString(), "PK", "the follow-up workbook is not a zip (XLSX)");
  console.log(`follow-up workbook: ${path} (${items.length} requests)`);
  // The same vendor's security schedule for the contract: a DOCX that an
  // independent reader (python-docx) opens, with its clauses and negotiation points.
  await click(await find('[data-testid="requests"] [data-testid="security-schedule"]'));
  const schedule = await waitFor('[data-testid="requests"] [data-testid="schedule-saved"]', 60_000);
  const docx = await attr(schedule, "data-path");
  assert.equal(dirname(docx), exportDir);
  assert.match(docx, /\.docx$/);
  const read = run("/usr/bin/python3", ["-c", "import docx, sys\nprint('\\n'.join(p.text for p in docx.Document(sys.argv[1]).paragraphs))", docx]);
  assert.match(read, /^1\. /m, "numbered clauses");
  assert.match(read, /Negotiation points/);
  console.log(`security schedule: ${docx}`);
});

test("home: duplicate an evaluation, delete it after confirming, back up the database", { timeout: 120_000 }, async () => {
  await setLanguage("en");
  await selectEvaluation(DEMO.evaluation.name);
  const before = (await findAll('[data-testid="evaluation-item"]')).length;
  await click(await find('[data-testid="duplicate-evaluation"]'));
  await waitFor('[data-testid="duplicate-name"]');
  await setField('[data-testid="duplicate-name"]', "Demo copy");
  await click(await find('[data-testid="duplicate-confirm"]'));
  await waitUntil("the copy is listed", async () => (await findAll('[data-testid="evaluation-item"]')).length === before + 1);
  await waitUntil("the copy is selected", async () => (await text(await find('[data-testid="evaluation-title"]'))) === "Demo copy");
  await openTab("overview");
  await waitFor('[data-testid="next-steps"]');
  assert.equal(await tryFind('[data-testid="illustrative-note"]'), null, "the copy is not the demo");
  await openTab("compare");
  await waitUntil("the copy's vendors are compared", async () => (await findAll('[data-testid="vendor-row"]')).length === DEMO_VENDORS.length);

  // Delete asks first; cancel keeps it.
  await click(await find('[data-testid="delete-evaluation"]'));
  assert.match(await text(await waitFor('[data-testid="delete-confirm"]')), /Demo copy/);
  await click(await find('[data-testid="delete-cancel"]'));
  assert.equal((await findAll('[data-testid="evaluation-item"]')).length, before + 1);
  await click(await find('[data-testid="delete-evaluation"]'));
  await click(await waitFor('[data-testid="delete-confirm-yes"]'));
  await waitUntil("the copy is gone", async () => (await findAll('[data-testid="evaluation-item"]')).length === before);
  const names = (await invokeFromPage("list_evaluations")).value.map((e) => e.name);
  assert.ok(!names.includes("Demo copy"), `still stored: ${names.join(", ")}`);

  // Back up (ASSAY_E2E_EXPORT_DIR replaces the save dialog): an SQLite file appears.
  await click(await find('[data-testid="backup-database"]'));
  const saved = await waitFor('[data-testid="backup-saved"]', 60_000);
  const path = await attr(saved, "data-path");
  assert.equal(dirname(path), exportDir);
  assert.equal(readFileSync(path).subarray(0, 15).toString(), "SQLite format 3");
  console.log(`backup: ${path}`);
});

// ---------------------------------------------------------------- workbook exchange

test("edit an evaluation's details after creating it (简体中文): name, profiles, evaluators; audited", { timeout: 120_000 }, async () => {
  await setLanguage("en");
  await selectEvaluation("E2E tender 2027");
  await openTab("overview");
  assert.match(await text(await waitFor('[data-testid="evaluators"]')), /not set/);
  await setLanguage("zh-CN");
  await click(await waitFor('[data-testid="edit-details"]'));
  await waitFor('[data-testid="details-form"]');
  assert.equal(await text(await find("#details-heading")), "评估信息");
  // An empty name is refused in the form, in Chinese; nothing is sent.
  await setField('[data-testid="details-name"]', " ");
  await click(await find('[data-testid="details-save"]'));
  assert.equal(await text(await waitFor('[data-testid="details-error"]')), "评估需要一个名称。");
  await setField('[data-testid="details-name"]', "E2E tender 2027 — final");
  await setField('[data-testid="details-evaluators"]', "Li Wen\nSam Okafor");
  await click(await find('[data-testid="details-profile"][data-profile="CN-REG"]'));
  await click(await find('[data-testid="details-save"]'));
  await waitUntil("the new name is shown", async () => (await text(await find('[data-testid="evaluation-title"]'))) === "E2E tender 2027 — final");
  assert.ok((await texts('[data-testid="evaluation-name"]')).includes("E2E tender 2027 — final"), "the list keeps the old name");
  assert.equal(await text(await find('[data-testid="evaluators"]')), "Li Wen, Sam Okafor");
  const profiles = await Promise.all((await findAll('[data-testid="active-profile"]')).map((p) => attr(p, "data-profile-id")));
  assert.deepEqual([...profiles].sort(), ["CN-REG", "GLOBAL"]);
  await script("window.scrollTo(0, 0)");
  console.log(`screenshot: ${await screenshot("edit-details-zh-CN.png")}`);
  // The history in the app, newest first: the rename, old → new, in Chinese.
  await openTab("history");
  const newest = await waitFor('[data-testid="audit-line"]');
  assert.equal(await attr(newest, "data-action"), "update");
  assert.equal(await attr(newest, "data-entity"), "evaluation");
  const change = await text(await find('[data-testid="audit-line"] [data-testid="audit-change"][data-field="name"]'));
  assert.equal(change, "名称: E2E tender 2027 → E2E tender 2027 — final", "the field is named in words, in Chinese");
  assert.match(await text(newest), /修改 评估/);
  await setLanguage("en");
  // The audit trail has the change, old → new (read with the command line).
  const id = (await invokeFromPage("list_evaluations")).value.find((e) => e.name === "E2E tender 2027 — final").id;
  const audit = JSON.parse(run(CLI, ["evaluation", "audit", String(id), "--json"], { env: { ...process.env, ASSAY_DB: join(dbDir, "assay.db") } }));
  const last = audit[audit.length - 1];
  assert.equal(last.action, "update");
  assert.equal(last.old.name, "E2E tender 2027");
  assert.equal(last.new.name, "E2E tender 2027 — final");
  assert.deepEqual(last.new.evaluators, ["Li Wen", "Sam Okafor"]);
  // The samples offer no edit.
  await selectEvaluation(EXAMPLE.evaluation.name);
  await openTab("overview");
  await waitFor('[data-testid="next-steps"]');
  assert.equal(await tryFind('[data-testid="edit-details"]'), null, "the fictional example offers Edit details");
});

test("new evaluation from the buyer's own questionnaire file with its own section weights; the PDF says so", { timeout: 240_000 }, async () => {
  await setLanguage("en");
  await openNewEvaluation("Own questionnaire tender");

  // The broken file: every problem listed, located (file:line:column: JSON path).
  await click(await find('[data-testid="new-eval-load-file"]'));
  await waitFor('[data-testid="new-eval-file-problems"]');
  const problems = await Promise.all((await findAll('[data-testid="new-eval-file-problem"]')).map(text));
  assert.ok(
    problems.some((p) => p.startsWith(`${questionnaireFiles[0]}:`) && /:\d+:\d+: \$\.sections\[0\]\.questions\[\d+\]\.id: .*TRN-01/.test(p)),
    `no located duplicate-id problem in ${JSON.stringify(problems)}`,
  );
  const select = await find('[data-testid="new-eval-questionnaire"]');
  assert.equal(await wd("GET", s(`/element/${select}/property/value`)), "assay-im-security", "a broken file was offered");
  await script("document.querySelector('[data-testid=new-evaluation]').scrollIntoView()");
  console.log(`screenshot: ${await screenshot("new-evaluation-problems-en.png")}`);
  await setLanguage("zh-CN");
  await waitUntil("the dialog is Chinese", async () => /无法使用/.test(await text(await find('[data-testid="new-eval-file-problems"]'))));
  await script("document.querySelector('[data-testid=new-evaluation]').scrollIntoView()");
  console.log(`screenshot: ${await screenshot("new-evaluation-problems-zh-CN.png")}`);
  await setLanguage("en");

  // The valid file: offered, chosen, its profiles and weights shown.
  await click(await find('[data-testid="new-eval-load-file"]'));
  await waitFor('[data-testid="new-eval-file-loaded"]');
  assert.equal(await tryFind('[data-testid="new-eval-file-problems"]'), null);
  await waitUntil("the loaded questionnaire is chosen", async () =>
    (await wd("GET", s(`/element/${select}/property/value`))).startsWith("sha256:"),
  );
  await click(await waitFor('[data-testid="new-eval-profile"][data-profile="CN-REG"]'));
  await setField('[data-testid="new-eval-as-of"]', "2027-01-15");
  // Incident response counts for 40 %, key management for nothing.
  await setField('[data-testid="new-eval-weight"][data-section-id="IRV"]', "40");
  await setField('[data-testid="new-eval-weight"][data-section-id="KEY"]', "0");
  await waitFor('[data-testid="new-eval-weights-reset"]');
  await submitNewEvaluation("Own questionnaire tender");

  // The comparison uses and shows the evaluation's own weights.
  await openTab("compare");
  assert.equal(await attr(await waitFor('[data-testid="weights-source"]'), "data-custom"), "true");
  assert.match(await text(await find('[data-testid="weights-source"]')), /set for this evaluation/);
  const evaluations = await invokeFromPage("list_evaluations");
  const created = evaluations.value.find((e) => e.name === "Own questionnaire tender");
  assert.equal(created.questionnaire, "assay-im-security@1.2.0-buyer");
  assert.equal(created.custom_weights, true);
  const stored = await invokeFromPage("get_comparison", { evaluationId: created.id });
  const share = (id) => stored.value.sections.find((c) => c.id === id).share;
  assert.equal(share("KEY"), 0);
  const sum = stored.value.sections.reduce((a, c) => a + c.share, 0);
  assert.ok(Math.abs(sum - 1) < 1e-9, `shares sum to ${sum}`);
  // IRV's 40 against the CN-REG profile's weights of the other sections (KEY at 0).
  const cnReg = SHIPPED.profiles.find((p) => p.id === "CN-REG").section_weights;
  const others = Object.entries(cnReg).filter(([id]) => id !== "IRV" && id !== "KEY").reduce((a, [, w]) => a + w, 0);
  assert.ok(Math.abs(share("IRV") - 40 / (40 + others)) < 1e-9, `IRV share ${share("IRV")}, expected 40 / ${40 + others}`);

  // A vendor whose name is markup: shown literally, never run.
  const hostile = "<img src=x onerror=alert(1)>";
  await addVendor(hostile);
  await openTab("compare");
  await waitUntil("the vendor is in the comparison", async () => (await texts('[data-testid="vendor-name"]')).includes(hostile));
  assert.equal(await script("return document.querySelectorAll('img').length"), 0, "a vendor name became an <img> element");

  // Exported and opened; the PDF names the weights it was scored with.
  const { path } = await exportThroughUi("en");
  await opened(path);
  const pdfText = run("pdftotext", [path, "-"]).replace(/\s+/g, " ");
  assert.ok(pdfText.includes("set for this evaluation, replacing the profiles':"), "the PDF does not say it used the evaluation's weights");
  assert.match(pdfText, /\bIRV 40\b/, "the PDF does not list IRV 40");
  assert.match(pdfText, /\bKEY 0\b/, "the PDF does not list KEY 0");
  assert.ok(pdfText.includes(hostile), "the PDF does not print the vendor's name literally");
});

test("workbooks: save the blank workbook, import a vendor's filled CSV after a preview", { timeout: 180_000 }, async () => {
  await setLanguage("en");
  await createEvaluation("Workbook tender");
  await addVendor("Gamma Mail");

  // The blank workbook for vendors, in both languages (ASSAY_E2E_EXPORT_DIR replaces the save dialog).
  await setField('[data-testid="save-workbook-blank"] [data-testid="workbook-lang"]', "both");
  await click(await find('[data-testid="save-workbook-blank"] [data-testid="workbook-button"]'));
  const saved = await waitFor('[data-testid="save-workbook-blank"] [data-testid="workbook-saved"]', 60_000);
  const path = await attr(saved, "data-path");
  assert.equal(dirname(path), exportDir);
  assert.match(path, /-both\.xlsx$/);
  assert.equal(readFileSync(path).subarray(0, 2).toString(), "PK", "the blank workbook is not a zip (XLSX)");
  console.log(`blank workbook: ${path}`);

  // The comparison as XLSX, from the Report tab.
  await openTab("report");
  await click(await waitFor('[data-testid="save-workbook-comparison"] [data-testid="workbook-button"]'));
  const cmp = await waitFor('[data-testid="save-workbook-comparison"] [data-testid="workbook-saved"]', 60_000);
  const cmpPath = await attr(cmp, "data-path");
  assert.equal(readFileSync(cmpPath).subarray(0, 2).toString(), "PK");
  // "Open" hands it to the default app (ASSAY_E2E_OPEN_LOG stands in for it).
  await click(await find('[data-testid="save-workbook-comparison"] [data-testid="workbook-open"]'));
  await opened(cmpPath);

  // Import (ASSAY_E2E_IMPORT_FILE replaces the open dialog): preview first, nothing written yet.
  await openTab("vendors");
  await click(await waitFor('[data-testid="vendor-item"] [data-testid="import-button"]'));
  const preview = await waitFor('[data-testid="import-preview"]', 60_000);
  assert.equal(await attr(preview, "data-changes"), "2");
  const changed = await findAll('[data-testid="import-change"]');
  assert.deepEqual(await Promise.all(changed.map((c) => attr(c, "data-question"))), ["TRN-02", "IRV-01"]);
  assert.match(await text(changed[1]), /96 hours/);
  const vendorId = Number(await attr(await find('[data-testid="vendor-item"]'), "data-vendor-id"));
  const before = await invokeFromPage("get_form", { vendorId });
  assert.equal(before.ok, true, `get_form refused: ${before.reason}`);
  assert.equal(before.value.answered, 0, "the preview wrote answers");
  const apply = await find('[data-testid="import-apply"]');
  assert.equal(await text(apply), "Apply 2 changes");
  await click(apply);
  assert.match(await text(await waitFor('[data-testid="import-applied"]', 60_000)), /Imported 2 answers from gamma-answers\.csv/);

  // The comparison is re-scored: Gamma Mail fails the IRV-01 knockout.
  await openTab("compare");
  await waitUntil("Gamma Mail is ranked not eligible", async () => {
    const [row] = await findAll('[data-testid="vendor-row"]');
    return row && NOT_ELIGIBLE.test(await attr(row, "data-eligibility"));
  });
  // Its form shows the imported answers.
  await openTab("vendors");
  await click(await waitFor('[data-testid="open-vendor"]'));
  await waitFor('[data-testid="stepper"]');
  await click(await find('[data-testid="step"][data-section="IRV"]'));
  const hours = await waitFor(`${question("IRV-01")} [data-testid="number-input"]`);
  assert.equal(await wd("GET", s(`/element/${hours}/property/value`)), "96");
  assert.match(await attr(await find('[data-testid="form-eligibility"]'), "data-eligibility"), NOT_ELIGIBLE);

  // Change IRV-01 to 48 by hand, then import the file again: replacing a stored
  // answer is said on the button; Close keeps 48, the button writes 96.
  await setField(`${question("IRV-01")} [data-testid="number-input"]`, "48");
  await savedAll();
  await openTab("vendors");
  const irv01 = async () => (await invokeFromPage("get_form", { vendorId })).value.sections
    .flatMap((sec) => sec.questions).find((q) => q.id === "IRV-01").answer?.value;
  assert.equal(await irv01(), 48);
  await click(await waitFor('[data-testid="vendor-item"] [data-testid="import-button"]'));
  await waitFor('[data-testid="import-preview"]', 60_000);
  const replace = await find('[data-testid="import-apply"]');
  assert.equal(await attr(replace, "data-replaces"), "1");
  assert.equal(await text(replace), "Replace stored answers (1 of 1 changes)");
  assert.match(await text(await find('[data-testid="import-replace-note"]')), /will be replaced/);
  await click(await find('[data-testid="import-close"]'));
  assert.equal(await irv01(), 48, "Close replaced the stored answer");
  await click(await find('[data-testid="vendor-item"] [data-testid="import-button"]'));
  await click(await waitFor('[data-testid="import-apply"]', 60_000));
  await waitFor('[data-testid="import-applied"]', 60_000);
  assert.equal(await irv01(), 96);
});

// ---------------------------------------------------------------- evidence, vendor edit, section keys

test("evidence turns a claim into support and raises the total; a renamed vendor shows in the comparison", { timeout: 180_000 }, async () => {
  await setLanguage("en");
  await createEvaluation("Evidence tender");
  await addVendor("Delta Secure");

  await click(await waitFor('[data-testid="open-vendor"]'));
  await waitFor('[data-testid="stepper"]');

  // Section keys: Alt+ArrowRight from the first section's heading moves on and announces it.
  await click(await find('[data-testid="section-title"]'));
  await wd("POST", s("/actions"), {
    actions: [{ type: "key", id: "kb", actions: [
      { type: "keyDown", value: "\uE00A" }, { type: "keyDown", value: "\uE014" },
      { type: "keyUp", value: "\uE014" }, { type: "keyUp", value: "\uE00A" },
    ] }],
  });
  await waitUntil("the second section is shown and announced", async () =>
    /^Section 2 of \d+/.test(await wd("GET", s(`/element/${await find('[data-testid="section-announce"]')}/property/textContent`))));
  assert.equal(await script("return document.activeElement && document.activeElement.id"), "form-section-heading");

  // Keyboard only: Tab from the heading into the first answer's options, an arrow
  // key picks the next option, and it is saved like a click.
  const press = (...keys) =>
    wd("POST", s("/actions"), {
      actions: [{ type: "key", id: "kb", actions: keys.flatMap((value) => [{ type: "keyDown", value }, { type: "keyUp", value }]) }],
    });
  let focused = null;
  for (let i = 0; i < 40 && !focused; i++) {
    await press("\uE004"); // Tab
    focused = await script(
      "const el = document.activeElement; return el && el.type === 'radio' ? el.closest('[data-testid=question]').dataset.question : null",
    );
  }
  assert.ok(focused, "Tab never reached an answer's options");
  assert.equal(await attr(await find(question(focused)), "data-status"), "unknown");
  await press("\uE015"); // ArrowDown
  await waitUntil(`${focused} is answered from the keyboard`, async () => (await attr(await find(question(focused)), "data-status")) === "answered");
  await savedAll();
  console.log(`keyboard: Tab reached ${focused}; ArrowDown answered it`);

  // IRV-01 = 24 hours: passes the gate, but only on claim (half score).
  await click(await find('[data-testid="step"][data-section="IRV"]'));
  const irv = question("IRV-01");
  await typeInto(await waitFor(`${irv} [data-testid="number-input"]`), "24\uE007");
  await waitUntil("IRV-01 is claimed", async () => (await attr(await find(irv), "data-evidence")) === "claimed");
  await savedAll();
  const claimed = await formTotal();
  const halfScore = Number(await attr(await find(`${irv} [data-testid="question-score"]`), "data-value"));
  assert.equal(halfScore, 50, "a claimed answer scores half");

  // Evidence in one step: the form starts as the kind IRV-01 asks for (a contract
  // clause), dates are typed as text (no date picker showing today in grey), in
  // ISO or the Chinese form, and "Add with file…" stores the piece and the signed
  // DPA together (ASSAY_E2E_ATTACH_FILE replaces the open dialog).
  await click(await find(`${irv} [data-testid="evidence-add-toggle"]`));
  assert.equal(await script(`return document.querySelector(arguments[0]).value`, [`${irv} [data-testid="evidence-kind"]`]), "contract_clause");
  const issuedField = await find(`${irv} [data-testid="evidence-issued-input"]`);
  assert.equal(await attr(issuedField, "type"), "text");
  assert.equal(await script(`return document.querySelector(arguments[0]).value`, [`${irv} [data-testid="evidence-issued-input"]`]), "", "an empty date field is empty");
  await typeInto(await find(`${irv} [data-testid="evidence-identifier-input"]`), "DPA clause 7.2");
  await typeInto(issuedField, "2026年6月1日");
  await typeInto(await find(`${irv} [data-testid="evidence-expires-input"]`), "2028-06-01");
  await waitUntil("the typed date is read back", async () => /Jun 1, 2026/.test(await text(await find(`${irv} [data-testid="evidence-issued-input-read"]`))));
  await click(await find(`${irv} [data-testid="evidence-submit-with-file"]`));
  await waitUntil("IRV-01 is supported", async () => (await attr(await find(irv), "data-evidence")) === "supported");
  const item = await waitFor(`${irv} [data-testid="evidence-item"]`);
  assert.equal(await attr(item, "data-kind"), "contract_clause");
  assert.equal(await attr(item, "data-validity"), "valid");
  assert.match(await text(item), /Contract clause/);
  assert.match(await text(item), /DPA clause 7\.2/);
  assert.match(await text(item), /Jun 1, 2026/);
  const supported = await formTotal();
  assert.ok(supported > claimed, `the total did not rise with evidence (${claimed} -> ${supported})`);

  // The file is stored under its SHA-256 and shown by its name; "Open" hands a
  // copy under that name to the default app (ASSAY_E2E_OPEN_LOG stands in for it).
  const sha = createHash("sha256").update(readFileSync(attachFile)).digest("hex");
  const fileLabel = await find(`${irv} [data-testid="evidence-file"]`);
  assert.equal(await attr(fileLabel, "data-sha"), sha);
  assert.match(await text(fileLabel), /dpa-signed\.pdf/);
  assert.doesNotMatch(await text(fileLabel), new RegExp(sha.slice(0, 12)));
  assert.ok(existsSync(join(dbDir, "files", sha)), "the attached file is not stored under its SHA-256");
  await click(await find(`${irv} [data-testid="evidence-open"]`));
  await waitUntil("the attachment is opened", async () =>
    existsSync(openLog) && readFileSync(openLog, "utf8").split("\n").some((line) => line.endsWith("/dpa-signed.pdf")));
  const copy = readFileSync(openLog, "utf8").split("\n").find((line) => line.endsWith("/dpa-signed.pdf"));
  assert.ok(copy.startsWith(tmpForApp), `the copy is not in the app's temporary folder: ${copy}`);
  assert.deepEqual(readFileSync(copy), readFileSync(attachFile), "the opened copy differs from the attached file");

  // Rename the vendor on the Vendors tab: the comparison shows the new name.
  await openTab("vendors");
  await click(await waitFor('[data-testid="edit-vendor"]'));
  await setField('[data-testid="edit-vendor-name"]', "Delta Secure Gov");
  await setField('[data-testid="edit-vendor-notes"]', "renamed in the e2e test");
  await click(await find('[data-testid="edit-vendor-save"]'));
  await waitUntil("the vendor list shows the new name", async () =>
    JSON.stringify(await texts('[data-testid="vendor-item-name"]')) === JSON.stringify(["Delta Secure Gov"]));
  await openTab("compare");
  await waitUntil("the comparison shows the new name", async () =>
    (await texts('[data-testid="vendor-name"]')).includes("Delta Secure Gov"));
});

// ---------------------------------------------------------------- destructive actions, read-only demo

/** The open confirmation dialog's question, after waiting for it. */
const confirmMessage = async () => text(await waitFor('[data-testid="confirm-message"]'));
const noDialog = () => waitUntil("the dialog is closed", async () => (await tryFind('[data-testid="confirm-dialog"]')) === null);

test("removing a vendor or a piece of evidence asks first (English, 中文): cancel keeps it, confirm removes it", { timeout: 180_000 }, async () => {
  await setLanguage("en");
  await createEvaluation("Removal tender");
  await addVendor("Keep Chat");
  await addVendor("Gone Chat");
  const id = (await invokeFromPage("list_evaluations")).value.find((e) => e.name === "Removal tender").id;
  const vendorsNow = async () => (await invokeFromPage("list_vendors", { evaluationId: id })).value.map((v) => v.name);

  // Answer IRV-01 of Gone Chat with a piece of evidence.
  const items = await findAll('[data-testid="vendor-item"]');
  await click((await findAll('[data-testid="open-vendor"]', items[1]))[0]);
  await click(await waitFor('[data-testid="step"][data-section="IRV"]'));
  const irv = question("IRV-01");
  await typeInto(await waitFor(`${irv} [data-testid="number-input"]`), "24\uE007");
  await savedAll();
  await click(await find(`${irv} [data-testid="evidence-add-toggle"]`));
  await typeInto(await find(`${irv} [data-testid="evidence-identifier-input"]`), "DPA 7.2");
  await click(await find(`${irv} [data-testid="evidence-submit"]`));
  await waitFor(`${irv} [data-testid="evidence-item"]`);

  // Evidence: Cancel keeps it, then confirm removes it.
  await click(await find(`${irv} [data-testid="evidence-remove"]`));
  assert.match(await confirmMessage(), /Remove this piece of evidence \(Contract clause DPA 7\.2\) from IRV-01\?/);
  assert.equal(await script("return document.activeElement && document.activeElement.dataset.testid"), "confirm-cancel", "Cancel has the focus");
  await click(await find('[data-testid="confirm-cancel"]'));
  await noDialog();
  assert.equal((await findAll(`${irv} [data-testid="evidence-item"]`)).length, 1, "cancel removed the evidence");
  await click(await find(`${irv} [data-testid="evidence-remove"]`));
  await click(await waitFor('[data-testid="confirm-yes"]'));
  await waitUntil("the evidence is removed", async () => (await findAll(`${irv} [data-testid="evidence-item"]`)).length === 0);
  assert.equal(await attr(await find(irv), "data-status"), "answered", "the answer stays");

  // Vendor: Cancel (English) and Escape (中文) keep it with its answer; confirm removes it.
  await openTab("vendors");
  const removeGone = async () => {
    let button = null;
    await waitUntil("Gone Chat is listed with its Remove button", async () => {
      for (const row of await findAll('[data-testid="vendor-item"]')) {
        const [name] = await findAll('[data-testid="vendor-item-name"]', row);
        if ((await text(name)) === "Gone Chat") [button] = await findAll('[data-testid="remove-vendor"]', row);
      }
      return button !== null && button !== undefined;
    });
    await click(button);
  };
  await removeGone();
  assert.equal(await confirmMessage(), "Remove “Gone Chat” with all its answers and evidence?");
  await click(await find('[data-testid="confirm-cancel"]'));
  await noDialog();
  assert.deepEqual(await vendorsNow(), ["Keep Chat", "Gone Chat"]);

  await setLanguage("zh-CN");
  await removeGone();
  assert.equal(await confirmMessage(), "删除“Gone Chat”及其全部回答和证据？");
  assert.equal(await text(await find('[data-testid="confirm-yes"]')), "删除供应商");
  await wd("POST", s("/actions"), { actions: [{ type: "key", id: "kb", actions: [{ type: "keyDown", value: "\uE00C" }, { type: "keyUp", value: "\uE00C" }] }] });
  await noDialog();
  assert.deepEqual(await vendorsNow(), ["Keep Chat", "Gone Chat"]);
  const gone = (await invokeFromPage("list_vendors", { evaluationId: id })).value.find((v) => v.name === "Gone Chat").id;
  const form = await invokeFromPage("get_form", { vendorId: gone });
  assert.equal(form.value.answered, 1, "the declined removal kept the answer");

  await removeGone();
  await waitFor('[data-testid="confirm-yes"]');
  console.log(`screenshot: ${await screenshot("confirm-remove-vendor-zh-CN.png")}`);
  await click(await find('[data-testid="confirm-yes"]'));
  await waitUntil("Gone Chat is removed", async () => !(await texts('[data-testid="vendor-item-name"]')).includes("Gone Chat"));
  assert.deepEqual(await vendorsNow(), ["Keep Chat"]);
  await setLanguage("en");
});

test("the public-sources demo is read-only in the app; its duplicate is editable", { timeout: 180_000 }, async () => {
  await setLanguage("en");
  // The fictional example is read-only too, and its vendor form says the vendor is invented.
  await selectEvaluation(EXAMPLE.evaluation.name);
  await openTab("answer");
  const fictionalForm = await waitFor('[data-testid="form-read-only"]');
  assert.equal(await attr(fictionalForm, "data-fictional"), "true");
  assert.match(await text(fictionalForm), /fictional example — the vendor and its answers are invented/);

  await selectEvaluation(DEMO.evaluation.name);
  await openTab("compare");
  await waitFor('[data-testid="coverage-threshold"]');
  assert.equal(await tryFind('[data-testid="coverage-threshold-input"]'), null, "no threshold form on the demo");
  await openTab("vendors");
  await waitFor('[data-testid="vendor-item"]');
  assert.equal(await tryFind('[data-testid="add-vendor"]'), null, "no add-vendor form on the demo");
  assert.equal(await tryFind('[data-testid="remove-vendor"]'), null, "no remove on the demo");
  await click((await findAll('[data-testid="open-vendor"]'))[0]);
  assert.match(await text(await waitFor('[data-testid="form-read-only"]')), /Read-only.*duplicate it/);
  const first = await find('[data-testid="question"] [data-testid="option"]');
  assert.equal(await script("return arguments[0].matches(':disabled')", [{ [ELEMENT]: first }]), true, "options are disabled");
  const before = await invokeFromPage("list_evaluations");
  // The backend refuses too, with the sentence that says what to do.
  const demoId = before.value.find((e) => e.name === DEMO.evaluation.name).id;
  const slack = (await invokeFromPage("list_vendors", { evaluationId: demoId })).value[0].id;
  const refused = await invokeFromPage("remove_vendor", { vendorId: slack });
  assert.equal(refused.ok, false, "the backend removed a demo vendor");
  assert.match(refused.failure.en, /read-only.*duplicate it to edit/);
  assert.equal(refused.failure.code, "read_only");
  assert.match(refused.failure["zh-CN"], /只读/);
  await setLanguage("zh-CN");
  assert.match(await text(await find('[data-testid="form-read-only"]')), /只读/);
  await setLanguage("en");

  // Duplicate: the copy opens editable.
  await click(await waitFor('[data-testid="duplicate-evaluation"]'));
  await setField('[data-testid="duplicate-name"]', "Editable demo copy");
  await click(await find('[data-testid="duplicate-confirm"]'));
  await waitUntil("the copy is selected", async () => (await text(await find('[data-testid="evaluation-title"]'))) === "Editable demo copy");
  await openTab("vendors");
  await waitFor('[data-testid="add-vendor"]');
  await click((await findAll('[data-testid="open-vendor"]'))[0]);
  await waitFor('[data-testid="stepper"]');
  assert.equal(await tryFind('[data-testid="form-read-only"]'), null);
  const option = await find('[data-testid="question"] [data-testid="option"]');
  assert.equal(await script("return arguments[0].matches(':disabled')", [{ [ELEMENT]: option }]), false);
  await openTab("compare");

  // The copy's coverage threshold is its own: at 0 % every demo vendor with an
  // answer is ranked (one with none has nothing to rank on); back to the default,
  // none is (the demo answers under 10 % of the questions).
  const answered = DEMO.vendors.filter((v) => v.answers.length > 0).map((v) => v.name);
  await setField('[data-testid="coverage-threshold-input"]', "0");
  await click(await find('[data-testid="coverage-threshold-save"]'));
  await waitUntil("every answered vendor is ranked at 0 %", async () =>
    (await attr(await find('[data-testid="coverage-threshold"]'), "data-threshold")) === "0" &&
    (await findAll('[data-testid="vendor-unranked"]')).length === DEMO_VENDORS.length - answered.length,
  );
  const ranks = (await texts('[data-testid="vendor-rank"]')).filter((r) => r !== "—");
  assert.equal(ranks.length, answered.length, `ranked: ${JSON.stringify(ranks)}`);
  assert.ok(ranks.every((r) => /^\d+=?$/.test(r)), `an answered vendor is not ranked at 0 %: ${JSON.stringify(ranks)}`);
  const stored = (await invokeFromPage("list_evaluations")).value.find((e) => e.name === "Editable demo copy");
  assert.equal(stored.custom_coverage_threshold, true, "the threshold was not saved");
  await click(await find('[data-testid="coverage-threshold-default"]'));
  await waitUntil("the default threshold is back and nobody is ranked", async () =>
    (await attr(await find('[data-testid="coverage-threshold"]'), "data-custom")) === "false" &&
    (await findAll('[data-testid="vendor-unranked"]')).length === DEMO_VENDORS.length,
  );

  // Upgrade the copy to a newer questionnaire version (the buyer's 1.2.0-buyer file,
  // the last of ASSAY_E2E_QUESTIONNAIRE_FILES): the preview lists every vendor;
  // cancel changes nothing, apply moves the evaluation to the new version.
  const version = async () =>
    (await invokeFromPage("list_evaluations")).value.find((e) => e.name === "Editable demo copy").questionnaire;
  assert.equal(await version(), "assay-im-security@1.1.0");
  await click(await waitFor('[data-testid="upgrade-questionnaire"]'));
  await waitFor('[data-testid="upgrade-load-file"]');
  await click(await find('[data-testid="upgrade-load-file"]'));
  // Chosen and clickable (the panel is busy while it loads): what a user sees before pressing Preview.
  await waitUntil("the 1.2.0-buyer file is chosen and Preview is enabled", async () => {
    const state = await script(
      `const s = document.querySelector('[data-testid=upgrade-choice]');
       const b = document.querySelector('[data-testid=upgrade-preview]');
       return s && b ? [s.options[s.selectedIndex]?.text ?? "", b.disabled] : null;`,
    );
    if (!state) return false;
    if (!/1\.2\.0-buyer/.test(state[0])) throw new Error(`chosen: ${JSON.stringify(state[0])}`);
    return state[1] === false;
  });
  await click(await find('[data-testid="upgrade-preview"]'));
  const summary = await text(await waitFor('[data-testid="upgrade-summary"]'));
  assert.match(summary, /assay-im-security 1\.1\.0 → 1\.2\.0-buyer: \d+ answer\(s\) carried, 0 dropped\./);
  assert.equal((await findAll('[data-testid="upgrade-vendor"]')).length, DEMO_VENDORS.length);
  await click(await find('[data-testid="upgrade-apply-cancel"]'));
  assert.equal(await version(), "assay-im-security@1.1.0", "cancel upgraded the evaluation");
  await click(await waitFor('[data-testid="upgrade-questionnaire"]'));
  await click(await waitFor('[data-testid="upgrade-preview"]'));
  await click(await waitFor('[data-testid="upgrade-apply"]'));
  await waitUntil("the copy uses 1.2.0-buyer", async () => (await version()) === "assay-im-security@1.2.0-buyer");
  await waitFor('[data-testid="evaluation-title"]');
});

test("answering a question does not move the questions below it (no layout shift on save)", { timeout: 120_000 }, async () => {
  await setLanguage("en");
  await createEvaluation("Layout tender");
  await addVendor("Steady Chat");
  await click(await waitFor('[data-testid="open-vendor"]'));
  await waitFor('[data-testid="stepper"]');
  const top = (selector) =>
    script("const el = document.querySelector(arguments[0]); return el.getBoundingClientRect().top + window.scrollY", [selector]);
  // The first two questions of the first section: answer the first, watch the second.
  const ids = await script("return [...document.querySelectorAll('[data-testid=question]')].slice(0, 2).map((q) => q.dataset.question)");
  const [q1, q2] = ids;
  const below = `${question(q2)} [data-testid="question-text"]`;
  const y0 = await top(below);
  await click(await find(`${question(q1)} [data-testid="option"]`));
  await waitUntil(`${q1} is answered`, async () => (await attr(await find(question(q1)), "data-status")) === "answered");
  await savedAll();
  const y1 = await top(below);
  assert.equal(y1, y0, `${q2} moved by ${y1 - y0}px after ${q1} was saved`);
  // And back: clearing the answer does not move it either.
  await click(await find(`${question(q1)} [data-testid="clear-answer"]`));
  await waitUntil(`${q1} is unknown again`, async () => (await attr(await find(question(q1)), "data-status")) === "unknown");
  await savedAll();
  assert.equal(await top(below), y0);
});

// ---------------------------------------------------------------- accessibility

/** axe-core's own script (ui/node_modules, installed by `npm ci`), injected into the page under test. */
const AXE_SOURCE = readFileSync(join(REPO, "ui/node_modules/axe-core/axe.min.js"), "utf8");
/** The rules of WCAG 2.0, 2.1 and 2.2 at levels A and AA. */
const WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** axe-core's WCAG A/AA violations on the page as shown now, each with up to 3 offending elements. */
async function axeViolations() {
  if (!(await script("return typeof window.axe === 'object'"))) {
    await script(`${AXE_SOURCE}\nreturn typeof window.axe;`);
  }
  const result = await asyncScript(
    `const done = arguments[arguments.length - 1];
     window.axe.run(document, { runOnly: { type: "tag", values: arguments[0] }, resultTypes: ["violations"] }).then(
       (r) => done(r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
         nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ") + " :: " + (n.failureSummary || "").replace(/\\s+/g, " ")) }))),
       (e) => done({ error: String(e) }));`,
    [WCAG_AA],
  );
  if (result && result.error) throw new Error(`axe-core failed: ${result.error}`);
  return result;
}

/** Asserts the screen has no WCAG 2.2 A/AA violation axe-core can find. */
async function assertAccessible(screen) {
  const violations = await axeViolations();
  const report = violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.join("\n    ")}`).join("\n");
  assert.equal(violations.length, 0, `${screen}: axe-core finds WCAG A/AA violations:\n${report}`);
  // Every screen checked is also kept as a picture (a temporary folder unless
  // ASSAY_SCREENSHOTS is set), from the evaluation's title when one is open.
  await script(`const w = document.querySelector('[data-testid="workspace"]');
    const main = document.querySelector("main > div:not([hidden])");
    if (w && main) w.scrollIntoView({ block: "start" }); else window.scrollTo(0, 0);`);
  const file = `screen-${screen.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "")}.png`;
  console.log(`axe-core: ${screen}: no violations; screenshot: ${await screenshot(file)}`);
}

test("many questions: Alt+↓ moves between answers; a section's unanswered questions become N/A in one step (中文)", { timeout: 120_000 }, async () => {
  await setLanguage("en");
  await createEvaluation("Bulk tender");
  await addVendor("Bulk Chat");
  await openTab("answer");
  await click(await waitFor('[data-testid="step"][data-section="IRV"]'));
  const irv01 = await waitFor(`${question("IRV-01")} [data-testid="number-input"]`);
  // Alt+↓ (WebDriver: Alt, ArrowDown, release) from IRV-01's field to IRV-02's answer.
  await typeInto(irv01, "\uE00A\uE015\uE000");
  await waitUntil("the next question's answer has the focus", async () =>
    (await script(`return document.activeElement.closest('[data-testid="question"]')?.dataset.question`)) === "IRV-02");
  await typeInto((await script("return document.activeElement"))[ELEMENT], "\uE00A\uE013\uE000");
  await waitUntil("back on IRV-01", async () =>
    (await script(`return document.activeElement.closest('[data-testid="question"]')?.dataset.question`)) === "IRV-01");

  await setLanguage("zh-CN");
  await click(await find('[data-testid="step"][data-section="TRN"]'));
  const toggle = await waitFor('[data-testid="bulk-na-toggle"]');
  assert.match(await text(toggle), /将 2 个允许标为不适用的未作答问题标为不适用/);
  await click(toggle);
  await typeInto(await waitFor('[data-testid="bulk-na-reason"]'), "仅私有化部署，无云端传输");
  await click(await find('[data-testid="bulk-na-submit"]'));
  assert.equal(await text(await waitFor('[data-testid="bulk-na-done"]')), "已将 2 个问题标为不适用：TRN-05, TRN-10。");
  for (const id of ["TRN-05", "TRN-10"]) {
    await waitUntil(`${id} is not applicable`, async () => (await attr(await find(question(id)), "data-status")) === "not_applicable");
  }
  assert.equal(await tryFind('[data-testid="bulk-na-toggle"]'), null, "nothing is left to mark");
  // Recorded one by one in the history, with the reason.
  const id = (await invokeFromPage("list_evaluations")).value.find((e) => e.name === "Bulk tender").id;
  const audit = JSON.parse(run(CLI, ["--db", join(dbDir, "assay.db"), "evaluation", "audit", String(id), "--json"]));
  const marked = audit.filter((e) => ["TRN-05", "TRN-10"].includes(e.question) && e.new?.na === "仅私有化部署，无云端传输");
  assert.equal(marked.length, 2, JSON.stringify(audit.slice(-3)));
  await setLanguage("en");
});

test("many vendors: a vendor's answers are copied from the example's evaluation of the same product after a preview (中文)", { timeout: 120_000 }, async () => {
  await setLanguage("en");
  await createEvaluation("Renewal 2027");
  const example = (await invokeFromPage("list_evaluations")).value.find((e) => e.fictional);
  const source = (await invokeFromPage("list_vendors", { evaluationId: example.id })).value[0];
  await addVendor(source.name);
  await openTab("answer");
  const left = async () => Number(await attr(await waitFor('[data-testid="form-left"]'), "data-count"));
  const before = await left();
  await setLanguage("zh-CN");
  await click(await waitFor('[data-testid="copy-toggle"]'));
  // The same product is offered first, under its own heading.
  await waitFor('[data-testid="copy-source"]');
  const group = await script(`return document.querySelector('[data-testid="copy-source"] optgroup')?.label`);
  assert.equal(group, "同一供应商或产品");
  await setField('[data-testid="copy-source"]', String(source.id));
  const plan = await waitFor('[data-testid="copy-plan"]');
  const count = Number(await attr(plan, "data-copy"));
  assert.ok(count > 90, `the example answers almost everything: ${count}`);
  assert.match(await text(plan), new RegExp(`将复制 ${count} 个回答。`));
  await assertAccessible("zh-CN · copy answers preview");
  await click(await find('[data-testid="copy-submit"]'));
  const done = await text(await waitFor('[data-testid="copy-done"]'));
  assert.ok(done.startsWith(`已从“${example.name}”中的 ${source.name} 复制 ${count} 个回答`), done);
  await waitUntil("the form counts the copied answers", async () => (await left()) < before);
  // Each copied answer is in the history, saying where it came from.
  const id = (await invokeFromPage("list_evaluations")).value.find((e) => e.name === "Renewal 2027").id;
  const audit = JSON.parse(run(CLI, ["--db", join(dbDir, "assay.db"), "evaluation", "audit", String(id), "--json"]));
  const copies = audit.filter((e) => e.action === "copy");
  assert.equal(copies.length, count);
  assert.ok(copies.every((e) => e.imported_from.includes(`(evaluation ${example.id})`)), JSON.stringify(copies[0]));
  await setLanguage("en");
});

test("many vendors: the question grid lays out the vendor columns in view and the others as it scrolls, accessibly (English, 中文)", { timeout: 150_000 }, async () => {
  await setLanguage("en");
  await createEvaluation("Wide grid 2027");
  const id = (await invokeFromPage("list_evaluations")).value.find((e) => e.name === "Wide grid 2027").id;
  const names = Array.from({ length: 16 }, (_, i) => `Vendor ${String(i + 1).padStart(2, "0")}`);
  for (const name of names) {
    const added = await invokeFromPage("add_vendor", { evaluationId: id, vendor: { name, product: null, deployment: null, notes: null } });
    assert.ok(added.ok, added.reason);
  }
  // Shown again, so the workspace reads the vendors added behind its back.
  await click(await waitFor('[data-testid="nav-evaluations"]'));
  await selectEvaluation(EXAMPLE.evaluation.name);
  await selectEvaluation("Wide grid 2027");
  await openTab("questions");
  const area = await waitFor('[data-testid="grid-scroll"]');
  const heads = async () => texts('[data-testid="grid-vendor"]');
  const [table] = await findAll("table", area);
  assert.equal(await attr(table, "aria-colcount"), "17");
  // At 1366 px only some of the 16 columns are laid out, from the first; every
  // laid-out row has a cell in each of them.
  const first = await heads();
  assert.ok(first.length >= 4 && first.length < 16, `${first.length} of 16 vendor columns laid out`);
  assert.deepEqual(first, names.slice(0, first.length));
  const cellsPerRow = await script(`return [...document.querySelectorAll('[data-testid="grid-row"]')]
    .map((r) => r.querySelectorAll('[data-testid="grid-cell"]').length)`);
  assert.ok(cellsPerRow.length > 0 && cellsPerRow.every((n) => n === first.length), JSON.stringify(cellsPerRow));
  for (const locale of ["en", "zh-CN"]) {
    await setLanguage(locale);
    await waitFor('[data-testid="grid-scroll"]');
    await assertAccessible(`${locale} · 16-vendor grid, first columns`);
  }
  // Scrolled to the right end: the last vendors are laid out, the first are not.
  await waitUntil("scrolling right lays out the last vendor", async () => {
    await script(`const a = document.querySelector('[data-testid="grid-scroll"]'); a.scrollLeft = a.scrollWidth;`);
    return (await heads()).at(-1) === "Vendor 16";
  });
  const last = await heads();
  assert.ok(!last.includes("Vendor 01"), JSON.stringify(last));
  const firstIndex = await script(`return document.querySelector('[data-testid="grid-vendor"]').getAttribute("aria-colindex")`);
  assert.equal(Number(firstIndex), names.indexOf(last[0]) + 2);
  await assertAccessible("zh-CN · 16-vendor grid, scrolled to the last columns");
  await setLanguage("en");
});

test("negotiation points: a gap resolved in the contract updates the answer after confirming; an accepted risk needs its reason (中文)", { timeout: 150_000 }, async () => {
  await setLanguage("en");
  await selectEvaluation(EXAMPLE.evaluation.name);
  await click(await find('[data-testid="duplicate-evaluation"]'));
  await waitFor('[data-testid="duplicate-name"]');
  await setField('[data-testid="duplicate-name"]', "Negotiated tender");
  await click(await find('[data-testid="duplicate-confirm"]'));
  await waitUntil("the copy is selected", async () => (await text(await find('[data-testid="evaluation-title"]'))) === "Negotiated tender");
  const evaluation = (await invokeFromPage("list_evaluations")).value.find((e) => e.name === "Negotiated tender");
  const tide = (await invokeFromPage("list_vendors", { evaluationId: evaluation.id })).value.find((v) => v.name.startsWith("Tidewhistle"));
  await openTab("requests");
  await setField('[data-testid="requests-vendor"]', String(tide.id));
  await setLanguage("zh-CN");
  const point = (clause) => `[data-testid="negotiation-point"][data-clause="${clause}"]`;
  await waitFor(point("incident-notification"));
  assert.equal(await text(await find(`${point("incident-notification")} [data-testid="negotiation-answer"]`)), "96 小时");
  // An accepted risk without its reason: the core says what is missing, in Chinese.
  await click(await find(`${point("audit-rights")} [data-testid="negotiation-choice"][data-status="accepted_risk"]`));
  await click(await find(`${point("audit-rights")} [data-testid="negotiation-save"]`));
  assert.match(await text(await waitFor(`${point("audit-rights")} [data-testid="negotiation-save-error"]`)), /请说明接受该风险的理由/);
  // Resolved in the contract: asked first; cancelled, the answer is still 96 hours.
  await click(await find(`${point("incident-notification")} [data-testid="negotiation-choice"][data-status="resolved"]`));
  await setField(`${point("incident-notification")} [data-testid="negotiation-note-input"]`, "主协议第12.3条");
  await click(await find(`${point("incident-notification")} [data-testid="negotiation-save"]`));
  assert.match(await text(await waitFor('[data-testid="confirm-message"]')), /IRV-01.*24 小时.*96 小时/);
  await assertAccessible("zh-CN · negotiation points, resolving asks first");
  await click(await find('[data-testid="confirm-cancel"]'));
  const irv01 = async () => {
    const form = (await invokeFromPage("get_form", { vendorId: tide.id })).value;
    return form.sections.flatMap((s) => s.questions).find((q) => q.id === "IRV-01");
  };
  assert.equal((await irv01()).answer_text.en, "96 hours", "cancelled, yet the answer changed");
  await click(await find(`${point("incident-notification")} [data-testid="negotiation-save"]`));
  await click(await waitFor('[data-testid="confirm-yes"]'));
  await waitUntil("the point is resolved", async () => (await attr(await find(point("incident-notification")), "data-status")) === "resolved");
  const settled = await irv01();
  assert.equal(settled.answer_text.en, "24 hours");
  assert.equal(settled.answer.source, "contract_clause");
  assert.match(settled.answer.reference, /主协议第12\.3条/);
  assert.equal(await text(await find(`${point("incident-notification")} [data-testid="negotiation-answer"]`)), "24 小时");
  // The History tab names the decision in words.
  await openTab("history");
  await waitUntil("the decision is in the history", async () =>
    (await texts('[data-testid="audit-line"][data-entity="negotiation"]')).some((t) => t.includes("已在合同中解决")));
  await setLanguage("en");
});

test("accessibility: every screen passes axe-core's WCAG 2.2 A/AA rules, in English and 中文", { timeout: 240_000 }, async () => {
  for (const locale of ["en", "zh-CN"]) {
    await setLanguage(locale);
    await click(await waitFor('[data-testid="nav-evaluations"]'));
    // An editable evaluation with vendors and answers (its forms are shown), and the read-only example.
    await selectEvaluation("E2E tender 2027 — final");
    for (const tab of ["overview", "vendors", "answer", "compare", "questions", "requests", "report", "history"]) {
      await openTab(tab);
      await waitFor('[data-testid="tab-panel"] > *');
      await sleep(300); // the tab's data has loaded and rendered
      await assertAccessible(`${locale} · E2E tender 2027 · ${tab}`);
    }
    await selectEvaluation(EXAMPLE.evaluation.name);
    await openTab("overview");
    await waitFor('[data-testid="decision"]');
    await assertAccessible(`${locale} · fictional example · overview`);
    // Plain words: the "?" beside "as-of date" shows the glossary's entry on keyboard focus.
    const hint = await find('[data-testid="term-hint"][data-term="as_of"]');
    await script(`document.querySelector(arguments[0]).focus()`, ['[data-testid="term-hint"][data-term="as_of"]']);
    const shown = await script(
      `const b = document.querySelector(arguments[0]); const d = document.getElementById(b.getAttribute("aria-describedby"));
       return d.hidden ? null : d.textContent;`,
      ['[data-testid="term-hint"][data-term="as_of"]'],
    );
    assert.match(shown ?? "", locale === "en" ? /As-of date — The day evidence and dates are judged at/ : /评估基准日 — 判定证据和日期所依据的日期/);
    assert.ok(hint);
    await assertAccessible(`${locale} · fictional example · overview with a term's explanation open`);
    await click(await find('[data-testid="new-evaluation-button"]'));
    await waitFor('[data-testid="new-eval-weights"]');
    await assertAccessible(`${locale} · new evaluation`);
    await click(await find('[data-testid="new-eval-cancel"]'));
    await click(await find('[data-testid="nav-questionnaires"]'));
    await waitFor('[data-testid="questionnaire-list"]');
    await assertAccessible(`${locale} · questionnaires`);
    await click(await find('[data-testid="nav-glossary"]'));
    const terms = await texts('[data-testid="glossary-term"]');
    assert.ok(terms.length >= 12, `the glossary lists ${terms.length} terms`);
    assert.equal(terms[0], locale === "en" ? "Must-have (knockout)" : "必备项（否决项）");
    await assertAccessible(`${locale} · glossary`);
    await click(await find('[data-testid="nav-evaluations"]'));
  }
  await setLanguage("en");
});

// ---------------------------------------------------------------- closing (keep last: it ends the app)

test("closing the window right after typing loses nothing: the text is saved before the app exits", { timeout: 120_000 }, async () => {
  await setLanguage("en");
  await createEvaluation("Closing tender");
  await addVendor("Omega Chat");
  const evaluations = await invokeFromPage("list_evaluations");
  const id = evaluations.value.find((e) => e.name === "Closing tender").id;
  await click(await waitFor('[data-testid="open-vendor"]'));
  const first = question("TRN-01");
  await click(await waitFor(`${first} details.details > summary`)); // "Comment and source"
  const words = "typed just before closing — 关闭前刚输入";
  await typeInto(await waitFor(`${first} [data-testid="comment"]`), words);

  // The window manager's close button, at once (no pause, the field still focused:
  // the text normally waits for its typing pause, so the close request saves it).
  const db = join(dbDir, "assay.db");
  const state = await attr(await find('[data-testid="saved-indicator"]'), "data-state");
  run("python3", [join(REPO, "tests/e2e/close-window.py"), "Assay"]);
  console.log(`closed with the save indicator at "${state}"`);
  await waitUntil("the app has exited", async () => ourAppProcesses(db).length === 0, 20_000);
  session = null; // the app is gone; teardown only stops the drivers

  const audit = JSON.parse(run(CLI, ["--db", db, "evaluation", "audit", String(id), "--json"]));
  const saved = audit.filter((e) => e.question === "TRN-01" && JSON.stringify(e.new ?? null).includes(words));
  assert.equal(saved.length, 1, `the comment typed before closing was not saved:\n${JSON.stringify(audit, null, 1).slice(0, 2000)}`);
});
