// Answers still on their way to the store: text being typed (saved after a
// short pause) and saves in flight. Closing the window flushes both first, so
// closing at any moment loses nothing (App.svelte wires it to the window's
// close request).

const flushers = new Set<() => void>();
const inflight = new Set<Promise<unknown>>();

/** Registers a function that saves a draft now; returns its unregistration. */
export function registerFlush(flush: () => void): () => void {
  flushers.add(flush);
  return () => flushers.delete(flush);
}

/** Tracks a save until it settles. */
export function track<T>(save: Promise<T>): Promise<T> {
  inflight.add(save);
  const done = () => inflight.delete(save);
  save.then(done, done);
  return save;
}

/** Saves every draft now and waits for all saves, at most `timeoutMs`. */
export async function flushPending(timeoutMs = 3000): Promise<void> {
  for (const flush of [...flushers]) flush();
  const settled = Promise.allSettled([...inflight]);
  await Promise.race([settled, new Promise((r) => setTimeout(r, timeoutMs))]);
}
