// End-to-end test of the desktop app on a team database (issue 18): a real
// PostgreSQL (scripts/pg-test-cluster: a throw-away cluster, stopped when this
// process exits), set up with the `assay` command line as an administrator
// would, and the app started on it as two users in turn.
//
//   wang (evaluator, member): the banner says who he is to the database; the
//     app lists the team's evaluations only; his answer is saved in the team
//     database; Zhang's change (from the command line) appears in the open
//     form without a restart, announced.
//   vera (viewer): the evaluation is read-only, saying why; the editing
//     controls are not offered.
//   li (evaluator) starts the app on her local file and connects from the
//     banner: the address (never the password) is remembered for the next
//     start; disconnecting shows her local evaluations again.
//
// Needs what smoke.test.mjs needs (scripts/test builds it), and PostgreSQL
// (scripts/setup installs it).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { appendFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startApp } from "./webdriver.mjs";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const TARGET = resolve(REPO, process.env.CARGO_TARGET_DIR ?? "target");
const APP = resolve(process.env.ASSAY_APP ?? join(TARGET, "e2e/assay-desktop"));
const CLI = resolve(process.env.ASSAY_CLI ?? join(TARGET, "debug/assay"));
const ERRORS = ["evaluations-error", "comparison-error", "form-error", "save-error", "vendors-error"];

let dir; // this run's files: the local database, the bundle, the password file
let cluster; // url, port, pgpass (the superuser's), bin
let pgpass; // the superuser's line and one per user
let teamId; // the pushed evaluation's id in the team database
let vendor; // its first vendor's name
let app; // the running app, if any

/** Starts the throw-away cluster; resolves to what scripts/pg-test-cluster prints. */
function startCluster() {
  return new Promise((resolveCluster, reject) => {
    const child = spawn(join(REPO, "scripts/pg-test-cluster"), [String(process.pid)], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (err += c));
    // The script closes its output once the server is ready, and outlives this
    // process to stop the server after it.
    child.stdout.on("end", () => {
      child.unref();
      child.stderr.destroy();
      const values = Object.fromEntries(out.split("\n").filter((l) => l.includes("=")).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
      if (!out.includes("ready")) reject(new Error(`scripts/pg-test-cluster did not start a server:\n${out}${err}`));
      else resolveCluster(values);
    });
  });
}

/** `assay ARGS…` (on the team database as `user` when given); its stdout. */
function assay(args, user) {
  const db = user ? ["--db", `postgres://${user}@127.0.0.1:${cluster.port}/postgres`] : [];
  try {
    const env = { ...process.env, PGPASSFILE: pgpass };
    delete env.ASSAY_DB;
    delete env.PGPASSWORD;
    return execFileSync(CLI, [...db, ...args], {
      encoding: "utf8",
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (e) {
    throw new Error(`assay ${args.join(" ")} failed: ${e.stderr}${e.stdout}`);
  }
}

/** One SQL statement as the superuser (psql); its output, unaligned. */
function sql(statement) {
  return execFileSync(join(cluster.bin, "psql"), ["-h", "127.0.0.1", "-p", cluster.port, "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-XAtc", statement], {
    encoding: "utf8",
    env: { ...process.env, PGPASSFILE: pgpass },
  }).trim();
}

/** A login user with an Assay role, its password in the password file. */
function user(name, role) {
  sql(`CREATE ROLE ${name} LOGIN PASSWORD 'pw-${name}'`);
  appendFileSync(pgpass, `*:${cluster.port}:*:${name}:pw-${name}\n`);
  assay(["team", "grant", name, "--role", role], "postgres");
}

/** The answer stored in the team database for the vendor's IRV-01. */
const storedHours = () =>
  sql(`SELECT a.value FROM assay.answer a JOIN assay.vendor v ON v.id = a.vendor_id WHERE v.evaluation_id = ${teamId} AND v.name = '${vendor.replaceAll("'", "''")}' AND a.question = 'IRV-01'`);

/** Starts the app on the team database as `name` (by ASSAY_DB), or on the local file `db`. */
async function openAppAs(name, db) {
  const env = { ...process.env, ASSAY_DB: db ?? `postgres://${name}@127.0.0.1:${cluster.port}/postgres`, PGPASSFILE: pgpass, ASSAY_E2E_EXPORT_DIR: join(dir, "exports") };
  delete env.PGPASSWORD;
  app = await startApp({
    app: APP,
    env,
    errors: ERRORS,
  });
  return app;
}

async function closeApp() {
  if (app) await app.stop();
  app = null;
}

/** Opens the team evaluation, then its vendor's form at section IRV. */
async function openTheVendorsForm() {
  const { waitFor, waitUntil, findAll, text, click, attr } = app;
  const items = await waitUntil("the team's evaluation is listed", async () => {
    const found = await findAll('[data-testid="evaluation-item"]');
    return found.length ? found : null;
  });
  const names = [];
  for (const item of items) names.push(await text((await findAll('[data-testid="evaluation-name"]', item))[0]));
  assert.deepEqual(names, ["Tender"], "the team's evaluations are listed, and no local sample");
  await click(items[0]);
  await click(await waitFor('[data-testid="tab-vendors"]'));
  await waitUntil("the vendors tab is open", async () => (await attr(await waitFor('[data-testid="workspace"]'), "data-tab")) === "vendors");
  const row = await waitUntil(`${vendor} is listed`, async () => {
    for (const item of await findAll('[data-testid="vendor-item"]')) {
      if ((await text((await findAll('[data-testid="vendor-item-name"]', item))[0])) === vendor) return item;
    }
    return null;
  });
  await click((await findAll('[data-testid="open-vendor"]', row))[0]);
  assert.equal(await text(await waitFor('[data-testid="form-vendor"]')), vendor);
  await click(await waitFor('[data-testid="step"][data-section="IRV"]'));
}

const irv01 = '[data-testid="question"][data-question="IRV-01"]';

before(async () => {
  cluster = await startCluster();
  dir = mkdtempSync(join(tmpdir(), "assay-e2e-team-"));
  pgpass = join(dir, "pgpass");
  writeFileSync(pgpass, execFileSync("cat", [cluster.pgpass], { encoding: "utf8" }));
  chmodSync(pgpass, 0o600);
  assay(["team", "migrate"], "postgres");
  user("wang", "evaluator");
  user("zhang", "evaluator");
  user("vera", "viewer");
  // A local evaluation, pushed by Wang as a team evaluation (he is its member).
  const local = join(dir, "local.db");
  assay(["--db", local, "example"]);
  assay(["--db", local, "evaluation", "duplicate", "1", "--name", "Tender"]);
  const bundle = join(dir, "tender.assay");
  assay(["--db", local, "evaluation", "export", "2", bundle]);
  teamId = assay(["team", "push", bundle], "wang").split("as team evaluation ")[1].split(":")[0];
  assay(["team", "add-member", "--evaluation", teamId, "zhang"], "postgres");
  vendor = JSON.parse(assay(["vendor", "list", "--evaluation", teamId, "--json"], "wang"))[0].name;
  console.log(`team database on port ${cluster.port}: evaluation ${teamId}, vendor ${vendor}`);
}, { timeout: 120_000 });

after(async () => {
  await closeApp();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, { timeout: 30_000 });

test("an evaluator saves in the team database and sees another person's change appear", { timeout: 180_000 }, async () => {
  const { waitFor, waitUntil, text, typeInto, attr, property, tryFind, click, findAll } = await openAppAs("wang");
  assert.match(await text(await waitFor('[data-testid="team-user"]')), /you are wang \(evaluator\)/);
  await openTheVendorsForm();
  assert.equal(await tryFind('[data-testid="form-read-only"]'), null, "a member may change it");

  // Wang's answer is saved in the team database.
  const first = await waitFor(`${irv01} [data-testid="number-input"]`);
  const shown = await property(first, "value");
  assert.equal(Number(storedHours()), Number(shown), "the form shows the team's answer");
  await typeInto(first, `${"\uE003".repeat(shown.length)}48\uE007`); // Backspaces, 48, Enter
  await waitUntil("every change is saved", async () => (await attr(await waitFor('[data-testid="saved-indicator"]'), "data-state")) === "saved");
  assert.equal(Number(storedHours()), 48);

  // Zhang changes it from the command line: the open form shows his value, announced.
  assay(["answer", "set", "--evaluation", teamId, "--vendor", vendor, "--question", "IRV-01", "--value", "36"], "zhang");
  await waitUntil("Zhang's change is announced", async () => {
    const notice = await tryFind('[data-testid="team-notice"]');
    return notice && (await text(notice)).includes(`zhang changed evaluation ${teamId}`);
  }, 30_000);
  await waitUntil("Zhang's value is shown", async () => (await property(await waitFor(`${irv01} [data-testid="number-input"]`), "value")) === "36", 30_000);

  // Wang answers on what he now sees: saved over Zhang's, which he saw.
  const input = await waitFor(`${irv01} [data-testid="number-input"]`);
  await typeInto(input, "\uE003\uE00312\uE007"); // Backspaces, 12, Enter
  await waitUntil("every change is saved", async () => (await attr(await waitFor('[data-testid="saved-indicator"]'), "data-state")) === "saved");
  assert.equal(Number(storedHours()), 12);
  assert.equal(await tryFind('[data-testid="save-error"]'), null);

  // Every other change goes to the team database too: a vendor added on
  // the Vendors tab is stored there, recorded in Wang's name, and listed.
  await click(await waitFor('[data-testid="tab-vendors"]'));
  await typeInto(await waitFor('[data-testid="vendor-name-input"]'), "Wire");
  await click(await waitFor('[data-testid="add-vendor-submit"]'));
  await waitUntil("Wire is listed", async () => {
    for (const name of await findAll('[data-testid="vendor-item-name"]')) if ((await text(name)) === "Wire") return true;
    return false;
  });
  assert.equal(sql(`SELECT count(*) FROM assay.vendor WHERE evaluation_id = ${teamId} AND name = 'Wire'`), "1");
  assert.equal(sql(`SELECT who FROM assay.audit_log WHERE evaluation_id = ${teamId} AND entity = 'vendor' AND vendor_name = 'Wire'`), "wang");
  assert.equal(await tryFind('[data-testid="vendors-error"]'), null);
  // An evaluator may copy an evaluation, not delete one (an administrator's).
  assert.ok(await tryFind('[data-testid="duplicate-evaluation"]'));
  assert.equal(await tryFind('[data-testid="delete-evaluation"]'), null);
  await closeApp();
});

test("a viewer reads the team's evaluation, read-only with the reason, without editing controls", { timeout: 120_000 }, async () => {
  const { waitFor, text, findAll, click, tryFind, waitUntil, script } = await openAppAs("vera");
  assert.match(await text(await waitFor('[data-testid="team-user"]')), /you are vera \(viewer\)/);
  await openTheVendorsForm();
  assert.match(await text(await waitFor('[data-testid="form-read-only"]')), /Read-only: your database user vera may read this evaluation in the team database, not change it/);
  await waitFor(`${irv01} [data-testid="number-input"]`);
  assert.equal(await script(`return document.querySelector(arguments[0]).matches(":disabled")`, [`${irv01} [data-testid="number-input"]`]), true, "the answer cannot be edited");
  // The vendors tab offers no "add vendor" to a viewer.
  await click(await waitFor('[data-testid="tab-vendors"]'));
  await waitUntil("the vendors tab is open", async () => (await findAll('[data-testid="open-vendor"]')).length > 0);
  assert.equal(await tryFind('[data-testid="add-vendor"]'), null);
  // Nor what a viewer's role does not allow: a new evaluation, a copy, a delete, a backup.
  for (const control of ["new-evaluation-button", "duplicate-evaluation", "delete-evaluation", "backup-database"]) {
    assert.equal(await tryFind(`[data-testid="${control}"]`), null, `${control} is not offered to a viewer`);
  }
  assert.equal(Number(storedHours()), 12, "nothing changed");
  await closeApp();
});

test("connecting from the app: remembered for the next start, never the password; disconnecting goes back to the local file", { timeout: 180_000 }, async () => {
  user("li", "evaluator");
  const localDir = join(dir, "li");
  mkdirSync(localDir);
  const db = join(localDir, "assay.db");
  const address = `postgres://li@127.0.0.1:${cluster.port}/postgres`;
  let ui = await openAppAs("li", db);
  await ui.click(await ui.waitFor('[data-testid="team-connect-open"]'));
  // A password in the address is refused, and nothing is remembered.
  await ui.typeInto(await ui.waitFor('[data-testid="team-address"]'), `postgres://li:pw-li@127.0.0.1:${cluster.port}/postgres`);
  await ui.click(await ui.waitFor('[data-testid="team-connect"]'));
  assert.match(await ui.text(await ui.waitFor('[data-testid="team-error"]')), /password/);
  assert.equal(existsSync(join(localDir, "team-database.json")), false);
  await ui.script(`const el = document.querySelector('[data-testid="team-address"]'); el.value = arguments[0]; el.dispatchEvent(new Event("input", { bubbles: true }));`, [address]);
  await ui.click(await ui.waitFor('[data-testid="team-connect"]'));
  assert.match(await ui.text(await ui.waitFor('[data-testid="team-user"]', 30_000)), /you are li \(evaluator\)/);
  await ui.waitUntil("the team's evaluation is listed", async () => {
    const names = [];
    for (const el of await ui.findAll('[data-testid="evaluation-name"]')) names.push(await ui.text(el));
    return names.length === 1 && names[0] === "Tender";
  });
  const remembered = readFileSync(join(localDir, "team-database.json"), "utf8");
  assert.ok(remembered.includes(address) && !remembered.includes("pw-li"), remembered);
  await closeApp();

  // The next start opens on the team database by itself.
  ui = await openAppAs("li", db);
  assert.match(await ui.text(await ui.waitFor('[data-testid="team-user"]', 30_000)), /you are li \(evaluator\)/);
  await ui.click(await ui.waitFor('[data-testid="team-disconnect"]'));
  await ui.waitFor('[data-testid="team-connect-open"]');
  await ui.waitUntil("the local samples are listed", async () => (await ui.findAll('[data-testid="evaluation-item"]')).length === 2);
  assert.equal(existsSync(join(localDir, "team-database.json")), false);
  await closeApp();
});

/** `pg_ctl ACTION` on the throw-away cluster (as scripts/pg-test-cluster says to run it). */
function pgCtl(action) {
  const pgCtlArgs = [join(cluster.bin, "pg_ctl"), "-D", cluster.data, "-w", "-t", "60", "-m", "fast", "-o", cluster.opts, "-l", cluster.log, action];
  const [command, ...args] = cluster.runas ? ["runuser", "-u", cluster.runas, "--", ...pgCtlArgs] : pgCtlArgs;
  execFileSync(command, args, { stdio: "ignore" });
}

test("started while the team database is down: says why, and opens it on Try again once it is up, without a restart", { timeout: 120_000 }, async () => {
  pgCtl("stop");
  let ui;
  try {
    const env = { ...process.env, ASSAY_DB: `postgres://wang@127.0.0.1:${cluster.port}/postgres`, PGPASSFILE: pgpass };
    delete env.PGPASSWORD;
    // The error is what this test waits for: no error aborts the waits.
    ui = app = await startApp({ app: APP, env, errors: [] });
    assert.match(await ui.text(await ui.waitFor('[data-testid="evaluations-error"]', 30_000)), /127\.0\.0\.1/);
    assert.equal((await ui.findAll('[data-testid="evaluation-item"]')).length, 0);
  } finally {
    pgCtl("start");
  }
  // Past the pause after a failed open (RETRY_OPEN_AFTER, 2 s).
  await new Promise((r) => setTimeout(r, 2_500));
  await ui.click(await ui.waitFor('[data-testid="evaluations-retry"]'));
  await ui.waitUntil("the team's evaluation is listed after Try again", async () => {
    const names = [];
    for (const el of await ui.findAll('[data-testid="evaluation-name"]')) names.push(await ui.text(el));
    return names.length === 1 && names[0] === "Tender";
  }, 30_000);
  assert.equal((await ui.findAll('[data-testid="evaluations-error"]')).length, 0);
  await closeApp();
});
