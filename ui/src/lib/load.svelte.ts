// Data a component loads from the backend, as one loading / ready / error
// state with stale answers ignored. `loader(fetch)` is called while a component
// initialises: it calls `fetch` at once and again whenever a reactive value that
// `fetch` reads synchronously changes (a prop such as `vendorId`), like an
// $effect. Only the latest request's answer is shown; an earlier one that
// arrives late, or one that arrives after the component is gone, is dropped.
// A rejection becomes the sentence `errorMessage` picks for the UI's language.
import { untrack } from "svelte";
import { errorMessage } from "./format";
import { team } from "./team.svelte";

/** What a screen shows while it loads, once it has the value, or when it failed. */
export type Load<T> = { kind: "loading" } | { kind: "ready"; value: T } | { kind: "error"; message: string };

export type LoaderOptions<T> = {
  /** Keep showing the current state while a new request runs, instead of "loading". */
  keep?: boolean;
  /** Runs (untracked) as each request starts: resets what belonged to the old inputs. */
  onstart?: () => void;
  /** Runs with the latest request's value, just after the state became ready. */
  onready?: (value: T) => void;
};

export interface Loader<T> {
  /** The state of the latest request (reactive). */
  readonly state: Load<T>;
  /** The value when ready, else undefined (reactive). */
  readonly value: T | undefined;
  /** Requests again now, with the current inputs (e.g. after a change made elsewhere);
   * `keep`: what is shown stays until the new value is there. */
  reload(options?: { keep?: boolean }): void;
  /** Shows `value` at once, e.g. the re-scored view a command answered with. */
  set(value: T): void;
}

/** Loads with `fetch` now and whenever its inputs change; see the module comment. */
export function loader<T>(fetch: () => Promise<T>, options: LoaderOptions<T> = {}): Loader<T> {
  let state = $state<Load<T>>({ kind: "loading" });
  let latest = 0;

  function start(request: () => Promise<T>, keep = false) {
    const mine = ++latest;
    if (!options.keep && !(keep && state.kind === "ready")) state = { kind: "loading" };
    options.onstart?.();
    let promise: Promise<T>;
    try {
      promise = request();
    } catch (error) {
      promise = Promise.reject(error);
    }
    promise.then(
      (value) => {
        if (mine !== latest) return;
        state = { kind: "ready", value };
        options.onready?.(value);
      },
      (error: unknown) => {
        if (mine === latest) state = { kind: "error", message: errorMessage(error) };
      },
    );
  }

  let generation = untrack(() => team.generation);
  $effect(() => {
    // `fetch` runs here, tracked, so that the values it reads re-run the effect;
    // the bookkeeping around it is untracked. So does the team generation: a
    // change someone else made reloads in place (what is shown stays until
    // the new value is there).
    const reread = team.generation !== generation;
    generation = team.generation;
    let request: () => Promise<T>;
    try {
      const promise = fetch();
      request = () => promise;
    } catch (error) {
      request = () => Promise.reject(error);
    }
    untrack(() => start(request, reread));
    return () => {
      latest++;
    };
  });

  return {
    get state() {
      return state;
    },
    get value() {
      return state.kind === "ready" ? state.value : undefined;
    },
    reload(again: { keep?: boolean } = {}) {
      untrack(() => start(fetch, again.keep ?? false));
    },
    set(value: T) {
      state = { kind: "ready", value };
    },
  };
}
