// Whole-app figures for docs/benchmarks.md, measured in the real window through
// tauri-driver + WebKitWebDriver (run under Xvfb):
//   - cold start: from launching the app (which creates both samples in a new
//     database) to the screen it opens on, the fictional example's Overview, showing
//     the decision for each of its vendors (the comparison's verdict cards), with
//     where the time went (when each process started, from /proc; the page's
//     navigation and paint timing); then one click to the Compare tab's rows;
//   - memory: PSS (and RSS) of the app and all its WebKit processes with the
//     example's comparison (Compare tab) open, as the earlier figures were measured,
//     and on the first screen; whether WebKit's accelerated compositing was on (the app turns it
//     off on Linux, see src-tauri/src/main.rs; WEBKIT_DISABLE_COMPOSITING_MODE=0 in
//     the environment turns it back on, for a comparison);
//   - answer → updated scores: the `save_answer` round trip (IPC, one store
//     transaction with its audit row, re-scoring, the re-scored form back), as the
//     page sees it, median and p95 of 40 saves, in an editable copy of the example;
//   - the question × vendor grid at 20 vendors: through IPC, a copy of the example
//     grows to 20 vendors (the 16 added ones get the example vendors' answers, one
//     save_answer each), the page reloads and opens it; then, timed in the page
//     (MutationObserver), GRID_REPS times: the click on the Compare tab until
//     every vendor's comparison row and gate card is in the DOM, and painted; the
//     click on the Questions tab until the grid's first screen of rows is in the
//     DOM with every row counted (the grid is windowed), and until the frame after
//     (painted), with the get_comparison and get_question_grid IPC alone timed apart; a search typed in the grid's box, the search cleared, the
//     knockouts filter on and off, each until the DOM shows it, and until painted;
//     median, p95 and max.
// Warns when another WebKit app (PSS understated) or a build (timings slowed) ran beside it.
// Usage: xvfb-run -a -s "-screen 0 1280x1024x24" node scripts/bench-app.mjs target/release/assay-desktop
// (GRID_VENDORS, GRID_REPS in the environment change the grid's size and repetitions.)
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { homedir, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

const APP = resolve(process.argv[2] ?? "target/release/assay-desktop");
const freePort = () =>
  new Promise((r) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => r(port));
    });
  });
const port = await freePort();
const nativePort = await freePort();
const dir = mkdtempSync(join(tmpdir(), "assay-bench-"));
const env = { ...process.env, ASSAY_DB: join(dir, "assay.db") };
const driverBin = process.env.TAURI_DRIVER ?? join(homedir(), ".cargo/bin/tauri-driver");
const driver = spawn(driverBin, ["--port", String(port), "--native-port", String(nativePort)], { stdio: "ignore", env });
// Also on a failed run: leave no tauri-driver (and WebKitWebDriver under it) behind.
process.on("exit", () => {
  driver.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
});
const base = `http://127.0.0.1:${port}`;
async function wd(method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (json.value && json.value.error) throw new Error(`${method} ${path}: ${json.value.message}`);
  return json.value;
}
for (let i = 0; ; i++) {
  try {
    await fetch(`${base}/status`);
    break;
  } catch {
    if (i > 100) throw new Error("tauri-driver did not start");
    await sleep(100);
  }
}

// Builds or tests running beside the benchmark (two cores here) slow every timing: say so.
const BUILD_TOOLS = /^(cargo|rustc|cc1|cc1plus|ld|clippy-driver|cargo-clippy)$/;
const buildsRunning = () =>
  readdirSync("/proc").filter((n) => {
    try {
      return /^\d+$/.test(n) && BUILD_TOOLS.test(readFileSync(`/proc/${n}/comm`, "latin1").trim());
    } catch {
      return false;
    }
  }).length;
const buildsAtStart = buildsRunning();

// Cold start: session creation launches the app; then wait for the screen it
// opens on: the fictional example's Overview, one decision card per vendor (the
// verdicts of its comparison, get_comparison).
const EXAMPLE = JSON.parse(readFileSync(new URL("../src/store/example.json", import.meta.url), "utf8"));
// Seconds since boot at the launch: processes' start times are in the same clock (/proc/<pid>/stat).
const uptimeAtLaunch = Number(readFileSync("/proc/uptime", "latin1").split(" ")[0]);
const t0 = performance.now();
const { sessionId } = await wd("POST", "/session", { capabilities: { alwaysMatch: { "tauri:options": { application: APP } } } });
const sessionMs = performance.now() - t0;
const s = (p) => `/session/${sessionId}${p}`;
// Async scripts below run for many seconds (the 20-vendor set-up): no 30 s cut-off.
await wd("POST", s("/timeouts"), { script: 600_000 });
const script = (body, args = []) => wd("POST", s("/execute/sync"), { script: body, args });
for (;;) {
  // While the page loads, a script may fail (no document yet): not there yet.
  const found = await script("return document.querySelectorAll('[data-testid=decision-vendor]').length").catch(() => 0);
  if (found >= EXAMPLE.vendors.length) break;
  await sleep(5);
}
const coldMs = performance.now() - t0;
// Where the time went, as wall-clock offsets from the launch: the page's navigation
// (its start is when the web process began loading the page) and paint timing. (IPC
// calls do not show as resources: on Linux they do not go through fetch.)
const launchEpoch = performance.timeOrigin + t0;
const page = await script(`
  const nav = performance.getEntriesByType("navigation")[0];
  return {
    origin: performance.timeOrigin,
    nav: nav && { responseEnd: nav.responseEnd, domContentLoaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd },
    paint: performance.getEntriesByType("paint").map((p) => ({ name: p.name, at: p.startTime })),
  };`);
const fromLaunch = (pageMs) => page.origin + pageMs - launchEpoch;

// A script run in the page until its promise settles (WebDriver's async script).
const asyncScript = async (body, args = []) => {
  const r = await wd("POST", s("/execute/async"), {
    script: `const done = arguments[arguments.length - 1];
      (async () => { ${body} })().then(done, (e) => done("ERR " + (e && e.message ? e.message : e)));`,
    args,
  });
  if (typeof r === "string" && r.startsWith("ERR ")) throw new Error(r);
  return r;
};
// In-page helpers: `until(cond)` resolves with performance.now() at the first DOM
// mutation after which cond() holds; `painted()` at the frame after (rAF, then
// a task: style, layout and paint of that frame done).
const HELPERS = `
  const all = (sel) => document.querySelectorAll(sel);
  const until = (cond) => new Promise((resolve, reject) => {
    if (cond()) return resolve(performance.now());
    const timer = setTimeout(() => { mo.disconnect(); reject(new Error("timed out waiting for " + cond)); }, 60000);
    const mo = new MutationObserver(() => {
      if (cond()) { mo.disconnect(); clearTimeout(timer); resolve(performance.now()); }
    });
    mo.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  const painted = () => new Promise((r) => requestAnimationFrame(() => setTimeout(() => r(performance.now()), 0)));
  const pause = (ms) => new Promise((r) => setTimeout(r, ms));
  const click = (sel) => { const el = document.querySelector(sel); if (!el) throw new Error("no " + sel); el.click(); };
`;
// Memory: the app and every process below it (WebKit web and network processes).
const pids = () => readdirSync("/proc").filter((n) => /^\d+$/.test(n)).map(Number);
const children = (pid) =>
  pids().filter((n) => {
    try {
      return readFileSync(`/proc/${n}/stat`, "latin1").split(") ")[1].split(" ")[1] === String(pid);
    } catch {
      return false;
    }
  });
/** The processes whose name `matches` and whose environment holds this run's database: not another app running at the same time (pgrep by name could pick an e2e run's). */
const ours = (matches) =>
  pids().filter((n) => {
    try {
      const comm = readFileSync(`/proc/${n}/comm`, "latin1").trim();
      return matches(comm) && readFileSync(`/proc/${n}/environ`, "latin1").split("\0").includes(`ASSAY_DB=${env.ASSAY_DB}`);
    } catch {
      return false; // gone or not ours
    }
  });
const [appPid] = ours((comm) => comm === "assay-desktop");
if (appPid === undefined) throw new Error("the app's process was not found");
const tree = [appPid];
for (let i = 0; i < tree.length; i++) tree.push(...children(tree[i]));
// WebKit starts its web/network processes from the app, but some distributions
// reparent them; include every WebKit process that carries our database in its env.
for (const n of ours((comm) => comm.startsWith("WebKit") && comm !== "WebKitWebDriver")) if (!tree.includes(n)) tree.push(n);
// RSS counts the shared WebKit libraries once per process; PSS shares them out, so
// the PSS sum is the memory the app really holds. Both are reported.
const kb = (pid, file, key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/${file}`, "latin1"))?.[1] ?? 0);
// PSS of the same processes on the first screen (the Overview), for information.
const firstScreenPss = tree.reduce((a, pid) => a + kb(pid, "smaps_rollup", "Pss"), 0) / 1024;
// One click from that first screen to the Compare tab's rows (the comparison table the
// earlier figures opened on), timed in the page; memory is then measured with it on screen.
const compareClick = await asyncScript(`${HELPERS}
  const t = performance.now();
  click("[data-testid=tab-compare]");
  const dom = await until(() => all("[data-testid=vendor-row]").length >= ${EXAMPLE.vendors.length});
  return { dom: dom - t, painted: (await painted()) - t };`);

const memory = tree.map((pid) => ({
  pid,
  comm: readFileSync(`/proc/${pid}/comm`, "latin1").trim(),
  rss: kb(pid, "status", "VmRSS"),
  pss: kb(pid, "smaps_rollup", "Pss"),
}));
// The web process's environment says which rendering path was measured.
const webPid = memory.find((m) => m.comm.startsWith("WebKitWebProces"))?.pid;
const noCompositing = webPid
  ? /(?:^|\0)WEBKIT_DISABLE_COMPOSITING_MODE=([^\0]*)/.exec(readFileSync(`/proc/${webPid}/environ`, "latin1"))?.[1]
  : undefined;
const compositing = noCompositing === undefined || noCompositing === "0" ? "on" : "off";
// PSS shares library pages among every process mapping them: another WebKit app
// running at the same time (an e2e run, say) makes ours look smaller.
// A zombie (exited, not yet reaped: state Z) maps no memory and shares nothing.
const alive = (n) => readFileSync(`/proc/${n}/stat`, "latin1").split(") ")[1][0] !== "Z";
const others = pids().filter((n) => {
  try {
    return /^WebKit(WebProces|NetworkPr)/.test(readFileSync(`/proc/${n}/comm`, "latin1")) && !tree.includes(n) && alive(n);
  } catch {
    return false;
  }
});
if (others.length) console.log(`WARNING: ${others.length} other WebKit processes running: PSS is understated`);
// When each process started, from the launch (10 ms resolution: clock ticks of 1/100 s).
const startedMs = (pid) => (Number(readFileSync(`/proc/${pid}/stat`, "latin1").split(") ")[1].split(" ")[19]) / 100 - uptimeAtLaunch) * 1000;
const started = memory.map((m) => `${m.comm} ${startedMs(m.pid).toFixed(0)} ms`);
const totalRss = memory.reduce((a, m) => a + m.rss, 0) / 1024;
const totalPss = memory.reduce((a, m) => a + m.pss, 0) / 1024;

// The page's own share of the cold start: reloaded in the running app (processes up,
// files cached), from the navigation's start to the decision cards, three times.
const reloads = [];
for (let r = 0; r < 3; r++) {
  const before = await script("return performance.timeOrigin");
  await script("location.reload()");
  for (let i = 0; ; i++) {
    const at = await script(`
      if (performance.timeOrigin === ${before} || document.readyState === "loading") return null;
      const n = document.querySelectorAll("[data-testid=decision-vendor]").length;
      return n >= ${EXAMPLE.vendors.length} ? performance.now() : null;`).catch(() => null);
    if (at !== null) {
      reloads.push(at);
      break;
    }
    if (i > 2000) throw new Error("the page did not come back after a reload");
    await sleep(5);
  }
}

// Answer → updated scores, as the page sees it.
const timings = await asyncScript(`
  const invoke = window.__TAURI_INTERNALS__.invoke;
  // The samples are read-only: save into an editable copy of the example.
  const example = (await invoke("list_evaluations")).find((e) => e.fictional);
  const copy = await invoke("duplicate_evaluation", { evaluationId: example.id, name: "bench copy" });
  const vendorId = (await invoke("list_vendors", { evaluationId: copy.id }))[0].id;
  const out = [];
  for (let i = 0; i < 40; i++) {
    const edit = { question: "TRN-02", value: i % 2 ? "yes" : "no", na: null, comment: null,
                   source: null, reference: null, source_date: null };
    const t = performance.now();
    const form = await invoke("save_answer", { vendorId, edit });
    if (!form) throw new Error("no form");
    out.push(performance.now() - t);
  }
  // The same form read back without a write (get_form): the share of the round trip
  // that is re-scoring, serialising and delivering the form, not the store's write.
  const reads = [];
  let size = 0;
  for (let i = 0; i < 40; i++) {
    const t = performance.now();
    const form = await invoke("get_form", { vendorId });
    reads.push(performance.now() - t);
    size = JSON.stringify(form).length;
  }
  return { saves: out, reads, size };`);
const stats = (xs) => {
  const v = [...xs].sort((a, b) => a - b);
  const at = (p) => v[Math.min(v.length - 1, Math.round((v.length - 1) * p))];
  return { median: at(0.5), p95: at(0.95), min: v[0], max: v[v.length - 1] };
};
const saves = stats(timings.saves);
const reads = stats(timings.reads);

// The question × vendor grid at GRID_VENDORS vendors.
const GRID_VENDORS = Number(process.env.GRID_VENDORS ?? 20);
const GRID_REPS = Number(process.env.GRID_REPS ?? 10);
const built = GRID_VENDORS === 0 ? null : await asyncScript(`
  const invoke = window.__TAURI_INTERNALS__.invoke;
  const example = (await invoke("list_evaluations")).find((e) => e.fictional);
  const copy = await invoke("duplicate_evaluation", { evaluationId: example.id, name: "bench grid" });
  const models = await invoke("list_vendors", { evaluationId: copy.id });
  // Each example vendor's stored answers, in the questionnaire's order.
  const answers = [];
  for (const v of models) {
    const form = await invoke("get_form", { vendorId: v.id });
    answers.push(form.sections.flatMap((sec) => sec.questions.filter((q) => q.answer).map((q) => q.answer)));
  }
  let saved = 0, refused = 0;
  for (let i = models.length; i < ${GRID_VENDORS}; i++) {
    const name = "Bench vendor " + (i + 1);
    const list = await invoke("add_vendor", { evaluationId: copy.id,
      vendor: { name, product: null, deployment: null, notes: null } });
    const vendorId = list.find((v) => v.name === name).id;
    // A question shown only after another answer may be refused the first time: twice.
    let todo = answers[i % models.length];
    for (let pass = 0; pass < 2 && todo.length; pass++) {
      const again = [];
      for (const edit of todo) {
        try { await invoke("save_answer", { vendorId, edit }); saved++; } catch (e) { again.push(edit); }
      }
      todo = again;
    }
    refused += todo.length;
  }
  const view = await invoke("get_comparison", { evaluationId: copy.id });
  const grid = await invoke("get_question_grid", { evaluationId: copy.id });
  return { id: copy.id, vendors: grid.vendors.length, rows: grid.rows.length,
           answered: grid.rows.reduce((n, r) => n + r.cells.filter((c) => c.answer).length, 0),
           saved, refused, json: JSON.stringify(view).length, gridJson: JSON.stringify(grid).length };`);
// Reload so that the page lists the new evaluation, then open it (Overview tab).
if (built) await script("location.reload()");
for (let i = 0; built; i++) {
  const ready = await script(`
    const item = [...document.querySelectorAll("[data-testid=evaluation-item]")]
      .find((el) => el.querySelector("[data-testid=evaluation-name]")?.textContent === "bench grid");
    if (!item) return false;
    if (document.querySelector("[data-testid=evaluation-title]")?.textContent !== "bench grid") { item.click(); return false; }
    return document.querySelectorAll("[data-testid=decision-vendor]").length >= ${GRID_VENDORS};`).catch(() => false);
  if (ready) break;
  if (i > 2000) throw new Error("the 20-vendor evaluation did not open");
  await sleep(10);
}
const grid = !built ? null : await asyncScript(`${HELPERS}
  const invoke = window.__TAURI_INTERNALS__.invoke;
  const ROWS = ${built.rows};
  const rows = () => all("[data-testid=grid-row]").length;
  const shown = () => document.querySelector("[data-testid=grid-count]")?.dataset.shown;
  // The grid is windowed in rows and vendor columns (QuestionGrid.svelte): "open"
  // is every row counted and the first screen of rows (at least ten, or all when
  // fewer) laid out from the first row, each with a cell for every vendor column
  // laid out from the first vendor — those filling the scroll area's width.
  const SCREEN = Math.min(10, ROWS);
  const first = () => document.querySelector("[data-testid=grid-row]")?.getAttribute("aria-rowindex") === "2";
  const heads = () => all("[data-testid=grid-vendor]");
  const columnsInView = () => {
    const area = document.querySelector("[data-testid=grid-scroll]");
    const h = heads();
    return h.length > 0 && (h[0].getAttribute("aria-colindex") ?? "2") === "2" &&
      (h.length === ${built ? built.vendors : 0} || h[h.length - 1].getBoundingClientRect().right >= area.getBoundingClientRect().right);
  };
  const full = () =>
    shown() === String(ROWS) && first() && rows() >= SCREEN && columnsInView() &&
    all("[data-testid=grid-cell]").length === rows() * heads().length;
  const narrowed = () =>
    shown() !== String(ROWS) && rows() > 0 && (rows() === Number(shown()) || (rows() >= SCREEN && rows() < Number(shown())));
  // Types into the grid's search box (bind:value listens to input events).
  const type = (text) => {
    const box = document.querySelector("[data-testid=grid-search]");
    box.value = text;
    box.dispatchEvent(new Event("input", { bubbles: true }));
  };
  const out = { ipc: [], gridIpc: [], compare: [], comparePainted: [], open: [], openLayout: [], openPainted: [], search: [], searchPainted: [], clear: [], clearLayout: [], clearPainted: [],
                filter: [], filterPainted: [], unfilter: [], unfilterPainted: [], searchRows: 0, filterRows: 0, columns: 0 };
  const settleOnVendors = async () => {
    click("[data-testid=tab-vendors]");
    await until(() => all("[data-testid=vendor-item]").length === ${built.vendors});
    await painted(); await pause(300);
  };
  for (let i = 0; i < ${GRID_REPS}; i++) {
    // From another tab (Vendors), settled, to the Compare tab: every vendor's
    // row of the comparison table and its gate card in the DOM, then painted.
    await settleOnVendors();
    let t = performance.now();
    click("[data-testid=tab-compare]");
    out.compare.push((await until(() => all("[data-testid=vendor-row]").length === ${built.vendors} &&
      all("[data-testid=vendor-gate]").length === ${built.vendors})) - t);
    out.comparePainted.push((await painted()) - t);
    // From Vendors again, to the Questions tab (the grid).
    await settleOnVendors();
    t = performance.now();
    click("[data-testid=tab-questions]");
    out.open.push((await until(full)) - t);
    // Style and layout forced at once (reading a size), to split them from the paint.
    void document.documentElement.offsetHeight;
    out.openLayout.push(performance.now() - t);
    out.openPainted.push((await painted()) - t);
    out.columns = heads().length;
    await pause(200);
    // A search that keeps one section's questions ("TRN").
    t = performance.now();
    type("TRN");
    out.search.push((await until(narrowed)) - t);
    out.searchPainted.push((await painted()) - t);
    out.searchRows = rows();
    await pause(200);
    t = performance.now();
    type("");
    out.clear.push((await until(full)) - t);
    void document.documentElement.offsetHeight;
    out.clearLayout.push(performance.now() - t);
    out.clearPainted.push((await painted()) - t);
    await pause(200);
    // The knockouts filter on, then off.
    t = performance.now();
    click("[data-testid=grid-filter][data-filter=knockouts]");
    out.filter.push((await until(narrowed)) - t);
    out.filterPainted.push((await painted()) - t);
    out.filterRows = rows();
    await pause(200);
    t = performance.now();
    click("[data-testid=grid-filter][data-filter=knockouts]");
    out.unfilter.push((await until(full)) - t);
    out.unfilterPainted.push((await painted()) - t);
    await pause(200);
    // The comparison's IPC alone (core + JSON both ways), for the share of the open.
    t = performance.now();
    await invoke("get_comparison", { evaluationId: ${built.id} });
    out.ipc.push(performance.now() - t);
    t = performance.now();
    await invoke("get_question_grid", { evaluationId: ${built.id} });
    out.gridIpc.push(performance.now() - t);
  }
  return out;`);
// PSS again, with the 20-vendor grid on screen (for information: the target is with the example).
const memoryGrid = tree
  .filter((pid) => {
    try {
      return alive(pid);
    } catch {
      return false;
    }
  })
  .map((pid) => ({ comm: readFileSync(`/proc/${pid}/comm`, "latin1").trim(), pss: kb(pid, "smaps_rollup", "Pss") }));
const othersAtEnd = pids().filter((n) => {
  try {
    return /^WebKit(WebProces|NetworkPr)/.test(readFileSync(`/proc/${n}/comm`, "latin1")) && !tree.includes(n) && alive(n);
  } catch {
    return false;
  }
});

await wd("DELETE", `/session/${sessionId}`);
const ms = (x) => `${x.toFixed(0)} ms`;
console.log(`app binary: ${APP}`);
console.log(`cold start to the fictional example's first screen (Overview, ${EXAMPLE.vendors.length} decision cards): ${coldMs.toFixed(0)} ms`);
console.log(`  processes started: ${started.join(", ")}`);
console.log(`  WebDriver session (app launched, page loading) returned at ${ms(sessionMs)}`);
if (page.nav)
  console.log(
    `  page: navigation start ${ms(fromLaunch(0))}, HTML received ${ms(fromLaunch(page.nav.responseEnd))}, DOMContentLoaded ${ms(fromLaunch(page.nav.domContentLoaded))}, load ${ms(fromLaunch(page.nav.load))}`,
  );
for (const p of page.paint) console.log(`  ${p.name} ${ms(fromLaunch(p.at))}`);
console.log(`  the page alone (reloaded in the running app, 3 times): navigation start → decision cards ${reloads.map((x) => x.toFixed(0)).join(", ")} ms`);
console.log(`  then: Compare tab clicked → ${EXAMPLE.vendors.length} comparison rows in the DOM ${compareClick.dom.toFixed(0)} ms, painted ${compareClick.painted.toFixed(0)} ms`);
console.log(`memory on the first screen (Overview): PSS ${firstScreenPss.toFixed(0)} MB`);
console.log(`memory with the fictional example's comparison open: PSS ${totalPss.toFixed(0)} MB, RSS ${totalRss.toFixed(0)} MB, in ${memory.length} processes (WebKit accelerated compositing ${compositing})`);
for (const m of memory) console.log(`  ${m.comm} (${m.pid}): PSS ${(m.pss / 1024).toFixed(0)} MB, RSS ${(m.rss / 1024).toFixed(0)} MB`);
console.log(`answer -> updated scores (save_answer round trip, 40 saves): median ${saves.median.toFixed(1)} ms, p95 ${saves.p95.toFixed(1)} ms, max ${saves.max.toFixed(1)} ms`);
console.log(`  the same form read (get_form, no write, 40 reads; form JSON ${(timings.size / 1024).toFixed(0)} KB): median ${reads.median.toFixed(1)} ms, p95 ${reads.p95.toFixed(1)} ms`);
if (built) {
  console.log(
    `question grid: ${built.vendors} vendors × ${built.rows} questions (${built.answered} answered cells; ${built.saved} answers saved, ${built.refused} refused), get_comparison JSON ${(built.json / 1024).toFixed(0)} KB, get_question_grid JSON ${(built.gridJson / 1024).toFixed(0)} KB; ${GRID_REPS} repetitions, median / p95 (max); the first repetition:`,
  );
  const line = (label, xs) => {
    const st = stats(xs);
    // The first repetition apart: a user opens the grid once, as the first did.
    console.log(`  ${label}: ${st.median.toFixed(0)} / ${st.p95.toFixed(0)} (${st.max.toFixed(0)}) ms; first ${xs[0].toFixed(0)} ms`);
  };
  line("get_comparison IPC alone", grid.ipc);
  line("get_question_grid IPC alone", grid.gridIpc);
  line(`Compare tab clicked → ${built.vendors} comparison rows and gate cards in the DOM`, grid.compare);
  line("                    → painted", grid.comparePainted);
  line(`Questions tab clicked → the grid's first screen of rows (of all rows counted; ${grid.columns} of ${built.vendors} vendor columns laid out) in the DOM`, grid.open);
  line("Questions tab clicked → style and layout done", grid.openLayout);
  line("Questions tab clicked → painted", grid.openPainted);
  line(`search "TRN" (${grid.searchRows} rows) → in the DOM`, grid.search);
  line("                     → painted", grid.searchPainted);
  line("search cleared → every row counted, the first screen laid out", grid.clear);
  line("               → style and layout done", grid.clearLayout);
  line("               → painted", grid.clearPainted);
  line(`knockouts filter on (${grid.filterRows} rows) → in the DOM`, grid.filter);
  line("                       → painted", grid.filterPainted);
  line("knockouts filter off → every row counted, the first screen laid out", grid.unfilter);
  line("                     → painted", grid.unfilterPainted);
  console.log(
    `memory with the ${built.vendors}-vendor grid open: PSS ${(memoryGrid.reduce((a, m) => a + m.pss, 0) / 1024).toFixed(0)} MB (${memoryGrid.map((m) => `${m.comm} ${(m.pss / 1024).toFixed(0)}`).join(", ")})`,
  );
}
if (buildsAtStart || buildsRunning()) console.log("WARNING: builds (cargo, rustc, …) were running during the run: timings are slowed");
if (othersAtEnd.length) console.log(`WARNING: ${othersAtEnd.length} other WebKit processes running at the end: timings may be slowed`);
process.exit(0);
