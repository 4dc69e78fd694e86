// A small W3C WebDriver client for end-to-end tests of the desktop binary:
// starts tauri-driver (-> WebKitWebDriver -> the app, which inherit `env`),
// opens one session and offers the few calls a test needs. Used by
// both suites (smoke.test.mjs, team.test.mjs).
import { spawn, execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { homedir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export const ELEMENT = "element-6066-11e4-a52e-4f735466cecf"; // W3C web element key
export const STARTUP_MS = 30_000; // tauri-driver listening
export const SESSION_MS = 60_000; // app launched and session created
const WAIT_MS = 20_000; // any element to appear
const HTTP_MS = 30_000; // any single WebDriver request

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

/** A free TCP port on 127.0.0.1. */
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

/**
 * Starts `app` under tauri-driver with `env` and opens a session. `errors`:
 * the data-testid values of the app's error messages — `waitFor` fails at once,
 * with the app's sentence, when one shows instead of what it waits for.
 */
export async function startApp({ app, env, errors = [] }) {
  const port = await freePort();
  const nativePort = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let driverLog = "";
  const driver = spawn(findTauriDriver(), ["--port", String(port), "--native-port", String(nativePort)], {
    stdio: ["ignore", "pipe", "pipe"],
    env,
  });
  const log = (chunk) => {
    driverLog = (driverLog + chunk).slice(-20_000);
  };
  driver.stdout.on("data", log);
  driver.stderr.on("data", log);
  const exited = new Promise((r) => driver.once("exit", (code, signal) => r({ code, signal })));

  async function wd(method, path, body, timeout = HTTP_MS) {
    let res;
    try {
      res = await fetch(`${base}${path}`, {
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
  console.log(`tauri-driver listening on ${base}`);
  // Only tauri:options: adding browserName makes WebKitWebDriver refuse the match.
  const created = await wd("POST", "/session", { capabilities: { alwaysMatch: { "tauri:options": { application: app } } } }, SESSION_MS);
  const session = created.sessionId;
  const s = (path) => `/session/${session}${path}`;

  const text = (id) => wd("GET", s(`/element/${id}/text`));
  const attr = (id, name) => wd("GET", s(`/element/${id}/attribute/${name}`));
  const property = (id, name) => wd("GET", s(`/element/${id}/property/${name}`));
  const click = (id) => wd("POST", s(`/element/${id}/click`), {});
  const typeInto = (id, keys) => wd("POST", s(`/element/${id}/value`), { text: keys });
  const script = (body, args = []) => wd("POST", s("/execute/sync"), { script: body, args });
  const findAll = async (selector, from) => {
    const found = await wd("POST", from ? s(`/element/${from}/elements`) : s("/elements"), { using: "css selector", value: selector });
    return found.map((e) => e[ELEMENT]);
  };

  /** Is `selector` there right now? Its element, or null; no waiting. */
  async function tryFind(selector) {
    try {
      return (await wd("POST", s("/element"), { using: "css selector", value: selector }))[ELEMENT];
    } catch (e) {
      if (e.wdError === "no such element") return null;
      throw e;
    }
  }

  /** Waits for `selector`; fails early with the app's own error if it shows one. */
  async function waitFor(selector, timeout = WAIT_MS) {
    const until = Date.now() + timeout;
    for (;;) {
      const id = await tryFind(selector);
      if (id) return id;
      if (errors.length) {
        const error = await tryFind(errors.map((e) => `[data-testid="${e}"]`).join(", "));
        if (error) throw new Error(`app shows an error instead of ${selector}: ${await text(error)}`);
      }
      if (Date.now() > until) {
        const body = await script("return document.body ? document.body.innerText : '(no body)'");
        const err = new Error(`timed out after ${timeout} ms waiting for ${selector}; page text:\n${body}`);
        // Still "not there" to `waitUntil`, which looks again until its own deadline.
        err.wdError = "no such element";
        throw err;
      }
      await sleep(200);
    }
  }

  /** Waits until `fn` returns something truthy; an element not there (yet) or replaced is "not yet". */
  async function waitUntil(what, fn, timeout = WAIT_MS) {
    const until = Date.now() + timeout;
    let missing = "";
    for (;;) {
      let last = null;
      try {
        last = await fn();
        missing = "";
      } catch (e) {
        if (e.wdError !== "stale element reference" && e.wdError !== "no such element") throw e;
        missing = ` (last look: ${e.message})`;
      }
      if (last) return last;
      if (Date.now() > until) {
        const body = await script("return document.body ? document.body.innerText : '(no body)'").catch(() => "(unreadable)");
        throw new Error(`timed out after ${timeout} ms waiting until ${what}${missing}; page text:\n${body}`);
      }
      await sleep(200);
    }
  }

  /** Ends the session, then tauri-driver (SIGTERM, never SIGKILL: it then stops
   * WebKitWebDriver too; a killed driver leaves WebKitWebDriver holding its port).
   * `appGone`: the app has already exited (closed by the test): only the drivers stop. */
  async function stop({ appGone = false } = {}) {
    const t0 = Date.now();
    if (!appGone) {
      try {
        await wd("DELETE", `/session/${session}`);
        console.log(`session deleted in ${Date.now() - t0} ms`);
      } catch (e) {
        console.error(`could not delete the WebDriver session: ${e.message}`);
      }
    }
    if (driver.exitCode === null && driver.signalCode === null) {
      const gone = new Promise((r) => driver.once("exit", r));
      driver.kill("SIGTERM");
      const stopped = await Promise.race([gone.then(() => true), sleep(10_000, null, { ref: false }).then(() => false)]);
      if (stopped) console.log(`tauri-driver stopped ${Date.now() - t0} ms after teardown began`);
      else console.error(`tauri-driver (pid ${driver.pid}) did not stop within 10 s after SIGTERM`);
    }
    driver.stdout?.destroy();
    driver.stderr?.destroy();
  }

  return { session, s, wd, text, attr, property, click, typeInto, script, findAll, tryFind, waitFor, waitUntil, stop };
}
