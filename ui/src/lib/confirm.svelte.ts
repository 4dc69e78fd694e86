// Confirmation of destructive actions, inside the page. `window.confirm` cannot
// be used: with tauri-plugin-dialog loaded it returns a Promise (always truthy)
// and shows nothing, so a click would delete at once. `askConfirm` shows the one
// <ConfirmDialog> mounted in App.svelte and resolves true only when the user
// presses its confirm button; Cancel, Escape or a click outside resolve false.

export type ConfirmRequest = {
  /** The question, e.g. "Remove Acme and its 12 answers?" (already translated). */
  message: string;
  /** What the action does not undo / what is kept, shown under the question. */
  detail?: string;
  /** The confirm button's label, e.g. "Remove" (already translated). */
  confirmLabel: string;
};

type Pending = ConfirmRequest & { resolve: (confirmed: boolean) => void };

const state = $state<{ pending: Pending | null }>({ pending: null });

/** The request being shown, if any (read by ConfirmDialog). */
export function pendingConfirm(): Pending | null {
  return state.pending;
}

/** Asks the user; resolves true only on an explicit confirmation. A new request
 *  while one is open cancels the open one. */
export function askConfirm(request: ConfirmRequest): Promise<boolean> {
  state.pending?.resolve(false);
  return new Promise((resolve) => {
    state.pending = { ...request, resolve };
  });
}

/** Closes the open request with the user's answer (called by ConfirmDialog). */
export function answerConfirm(confirmed: boolean): void {
  const p = state.pending;
  state.pending = null;
  p?.resolve(confirmed);
}
