// window.alert / confirm / prompt show nothing in the app: with tauri-plugin-dialog
// loaded they return a Promise (so `if (!confirm(…))` never stops a deletion).
// Destructive actions ask through lib/confirm.svelte.ts instead. This test reads
// every UI source file (through Vite, as text) and fails on any call of the three.
import { expect, test } from "vitest";

const sources = import.meta.glob(["./**/*.svelte", "./**/*.ts", "!./**/*.test.ts", "!./bindings/**"], {
  query: "?raw",
  import: "default",
  eager: true,
}) as Record<string, string>;

test("no UI code calls window.alert, confirm or prompt", () => {
  const files = Object.entries(sources);
  expect(files.length).toBeGreaterThan(20);
  const calls = /(^|[^\w.$]|window\.|globalThis\.)(alert|confirm|prompt)\s*\(/;
  const offenders = files.flatMap(([file, text]) =>
    text
      .split("\n")
      .map((line, i) => `${file}:${i + 1}: ${line.trim()}`)
      .filter((line) => calls.test(line.replace(/^[^:]*:\d+: /, "").replace(/\/\/.*$/, ""))),
  );
  expect(offenders).toEqual([]);
});
