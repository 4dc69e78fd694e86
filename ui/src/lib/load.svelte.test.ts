// Unit tests of the loading helper, outside any component: `$effect.root`
// stands in for a component's lifetime and `flushSync` runs pending effects.
import { flushSync } from "svelte";
import { afterEach, expect, test } from "vitest";
import { setLocale } from "../i18n/index.svelte";
import { loader, type Loader, type LoaderOptions } from "./load.svelte";

type Deferred<T> = { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void };

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets settled promises run their callbacks. */
const settle = () => new Promise((r) => setTimeout(r, 0));

/** A loader whose requests (one per call, with the input it read) the test answers by hand. */
function harness(options: LoaderOptions<string> = {}) {
  const input = $state({ id: 1 });
  const requests: { id: number; answer: Deferred<string> }[] = [];
  let load!: Loader<string>;
  const stop = $effect.root(() => {
    load = loader(() => {
      const answer = deferred<string>();
      requests.push({ id: input.id, answer });
      return answer.promise;
    }, options);
  });
  flushSync();
  return { input, requests, load, stop };
}

let stops: (() => void)[] = [];
afterEach(() => {
  stops.forEach((stop) => stop());
  stops = [];
  setLocale("en");
});

function start(options: LoaderOptions<string> = {}) {
  const h = harness(options);
  stops.push(h.stop);
  return h;
}

test("loads at once, then is ready with the value", async () => {
  const { requests, load } = start();
  expect(requests.map((r) => r.id)).toEqual([1]);
  expect(load.state).toEqual({ kind: "loading" });
  expect(load.value).toBeUndefined();
  requests[0].answer.resolve("one");
  await settle();
  expect(load.state).toEqual({ kind: "ready", value: "one" });
  expect(load.value).toBe("one");
});

test("a changed input loads again and the stale response is ignored", async () => {
  const { input, requests, load } = start();
  input.id = 2;
  flushSync();
  expect(requests.map((r) => r.id)).toEqual([1, 2]);
  expect(load.state).toEqual({ kind: "loading" });
  requests[1].answer.resolve("two");
  await settle();
  // The first request answers last: too late, it is dropped.
  requests[0].answer.resolve("one");
  await settle();
  expect(load.state).toEqual({ kind: "ready", value: "two" });
});

test("a stale failure is ignored too", async () => {
  const { input, requests, load } = start();
  input.id = 2;
  flushSync();
  requests[1].answer.resolve("two");
  await settle();
  requests[0].answer.reject("the old request failed");
  await settle();
  expect(load.state).toEqual({ kind: "ready", value: "two" });
});

test("an error is mapped through errorMessage, in the UI's language", async () => {
  setLocale("zh-CN");
  const { requests, load } = start();
  requests[0].answer.reject({ code: "not_found", en: "No evaluation 7.", "zh-CN": "没有评估 7。" });
  await settle();
  expect(load.state).toEqual({ kind: "error", message: "没有评估 7。" });
  expect(load.value).toBeUndefined();
});

test("a loader that throws at once is an error, not a crash", async () => {
  let load!: Loader<string>;
  stops.push(
    $effect.root(() => {
      load = loader(() => {
        throw new Error("no backend");
      });
    }),
  );
  flushSync();
  await settle();
  expect(load.state).toEqual({ kind: "error", message: "no backend" });
});

test("an answer that arrives after the component is gone is dropped", async () => {
  const { requests, load, stop } = start();
  stop();
  requests[0].answer.resolve("late");
  await settle();
  expect(load.state).toEqual({ kind: "loading" });
});

test("onstart runs as each request starts, onready with the latest value only", async () => {
  const events: string[] = [];
  const { input, requests } = start({
    onstart: () => events.push("start"),
    onready: (value) => events.push(`ready ${value}`),
  });
  input.id = 2;
  flushSync();
  requests[0].answer.resolve("one");
  requests[1].answer.resolve("two");
  await settle();
  expect(events).toEqual(["start", "start", "ready two"]);
});

test("reload asks again; with keep, the current value stays shown meanwhile", async () => {
  const { requests, load } = start({ keep: true });
  requests[0].answer.resolve("one");
  await settle();
  load.reload();
  expect(requests.map((r) => r.id)).toEqual([1, 1]);
  expect(load.state).toEqual({ kind: "ready", value: "one" });
  requests[1].answer.resolve("one again");
  await settle();
  expect(load.state).toEqual({ kind: "ready", value: "one again" });
});

test("without keep, reload shows loading; an older reload's answer is dropped", async () => {
  const { requests, load } = start();
  requests[0].answer.resolve("one");
  await settle();
  load.reload();
  expect(load.state).toEqual({ kind: "loading" });
  load.reload();
  requests[2].answer.resolve("third");
  requests[1].answer.resolve("second");
  await settle();
  expect(load.state).toEqual({ kind: "ready", value: "third" });
});

test("set shows a value at once (a command's answer)", async () => {
  const { requests, load } = start();
  requests[0].answer.resolve("one");
  await settle();
  load.set("saved");
  expect(load.state).toEqual({ kind: "ready", value: "saved" });
  expect(load.value).toBe("saved");
});
