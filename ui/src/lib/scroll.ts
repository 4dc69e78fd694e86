// Scrolls the window back to where a tab was left. A tab's content arrives
// asynchronously (it loads from the core), so the page may at first be too
// short to reach the offset: this retries on each animation frame until it can,
// for at most `patience` ms, and gives up at once when the user scrolls, clicks
// or types — their move wins over the restore.

/** Restores the window's scroll to `y`; returns a function that cancels it. */
export function restoreScroll(y: number, patience = 1500): () => void {
  let frame = 0;
  let done = false;
  const deadline = performance.now() + patience;
  const stop = () => {
    if (done) return;
    done = true;
    cancelAnimationFrame(frame);
    for (const type of USER_MOVES) window.removeEventListener(type, stop, true);
  };
  const step = () => {
    const reachable = document.documentElement.scrollHeight - window.innerHeight;
    if (reachable >= y || performance.now() > deadline) {
      window.scrollTo(0, Math.min(y, Math.max(reachable, 0)));
      stop();
    } else {
      frame = requestAnimationFrame(step);
    }
  };
  for (const type of USER_MOVES) window.addEventListener(type, stop, { capture: true, passive: true });
  frame = requestAnimationFrame(step);
  return stop;
}

const USER_MOVES = ["wheel", "pointerdown", "keydown", "touchstart"] as const;
