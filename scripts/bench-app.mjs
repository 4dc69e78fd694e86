// Whole-app figures for docs/benchmarks.md, measured in the real window through
// tauri-driver + WebKitWebDriver (run under Xvfb):
//   - cold start: from launching the app (which creates both samples in a new
//     database) to the comparison it opens on, the fictional example, on screen;
//   - memory: PSS (and RSS) of the app and all its WebKit processes with that
//     comparison open, and whether WebKit's accelerated compositing was on (the app turns it
//     off on Linux, see src-tauri/src/main.rs; WEBKIT_DISABLE_COMPOSITING_MODE=0 in
//     the environment turns it back on, for a comparison);
//   - answer → updated scores: the `save_answer` round trip (IPC, one store
//     transaction with its audit row, re-scoring, the re-scored form back), as the
//     page sees it, median and p95 of 40 saves, in an editable copy of the example.
// Usage: xvfb-run -a node scripts/bench-app.mjs target/release/assay-desktop
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

// Cold start: session creation launches the app; then wait for the rows of the
// evaluation it opens on (the fictional example).
const EXAMPLE = JSON.parse(readFileSync(new URL("../src/store/example.json", import.meta.url), "utf8"));
const t0 = performance.now();
const { sessionId } = await wd("POST", "/session", { capabilities: { alwaysMatch: { "tauri:options": { application: APP } } } });
const s = (p) => `/session/${sessionId}${p}`;
for (;;) {
  const found = await wd("POST", s("/execute/sync"), {
    script: "return document.querySelectorAll('[data-testid=vendor-row]').length",
    args: [],
  });
  if (found >= EXAMPLE.vendors.length) break;
  await sleep(10);
}
const coldMs = performance.now() - t0;

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
const totalRss = memory.reduce((a, m) => a + m.rss, 0) / 1024;
const totalPss = memory.reduce((a, m) => a + m.pss, 0) / 1024;

// Answer → updated scores, as the page sees it.
const timings = await wd("POST", s("/execute/async"), {
  script: `const done = arguments[arguments.length - 1];
    (async () => {
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
      return out;
    })().then(done, (e) => done("ERR " + e));`,
  args: [],
});
if (typeof timings === "string") throw new Error(timings);
timings.sort((a, b) => a - b);
const pct = (p) => timings[Math.min(timings.length - 1, Math.round((timings.length - 1) * p))];

await wd("DELETE", `/session/${sessionId}`);
console.log(`app binary: ${APP}`);
console.log(`cold start to the fictional example's comparison on screen: ${coldMs.toFixed(0)} ms`);
console.log(`memory with the fictional example open: PSS ${totalPss.toFixed(0)} MB, RSS ${totalRss.toFixed(0)} MB, in ${memory.length} processes (WebKit accelerated compositing ${compositing})`);
for (const m of memory) console.log(`  ${m.comm} (${m.pid}): PSS ${(m.pss / 1024).toFixed(0)} MB, RSS ${(m.rss / 1024).toFixed(0)} MB`);
console.log(`answer -> updated scores (save_answer round trip, 40 saves): median ${pct(0.5).toFixed(1)} ms, p95 ${pct(0.95).toFixed(1)} ms`);
process.exit(0);
