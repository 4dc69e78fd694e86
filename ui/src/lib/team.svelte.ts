// Team mode in the page (issue 18): the session the app is on, when it is on a
// team database, and the latest notice of a change made elsewhere. Every
// loader (load.svelte.ts) reads `team.generation`, so a change someone else
// committed reloads what each screen shows, in place, without a restart.
import type { TeamSessionView } from "../bindings/TeamSessionView";
import type { TeamState } from "../bindings/TeamState";
import type { TeamNoticeView } from "../bindings/TeamNoticeView";
import type { Text } from "../bindings/Text";

export const team: {
  /** The team session, or null on a local database (or before it is known). */
  session: TeamSessionView | null;
  /** On a local database: the team database remembered from last time, if any. */
  remembered: string | null;
  /** Why the remembered team database did not open at start-up. */
  problem: Text | null;
  /** The latest notice (a change by someone else, a lost or restored connection). */
  notice: TeamNoticeView | null;
  /** Bumped when what is shown must be read again. */
  generation: number;
  /** Bumped when the app moves to another database (connect, disconnect): the
   * screens start afresh, as nothing they had selected exists there. */
  database: number;
} = $state({ session: null, remembered: null, problem: null, notice: null, generation: 0, database: 0 });

/** Takes the team state the shell answered with. */
export function takeState(state: TeamState) {
  team.session = state.session;
  team.remembered = state.remembered;
  team.problem = state.problem;
}

/** The app now shows another database: everything starts afresh. */
export function movedDatabase(state: TeamState) {
  takeState(state);
  team.notice = null;
  team.database++;
}

/** Why evaluation `id` is read-only in the team database, or null. */
export function teamReadOnly(id: number): Text | null {
  return team.session?.read_only.find((r) => r.evaluation === id)?.why ?? null;
}

/**
 * Takes a notice: shows it and, unless it is the user's own change (already
 * shown by the save's answer) or a lost connection, has every screen read again
 * with `session`, the session as read again.
 */
export function takeNotice(notice: TeamNoticeView, state: TeamState | null) {
  team.notice = notice;
  if (state?.session) team.session = state.session;
  if (notice.kind === "lost") return;
  if (notice.kind === "changed" && notice.who === team.session?.user) return;
  team.generation++;
}
