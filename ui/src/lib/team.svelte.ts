// Team mode in the page (issue 18): the session the app is on, when it is on a
// team database, and the latest notice of a change made elsewhere. Every
// loader (load.svelte.ts) reads `team.generation`, so a change someone else
// committed reloads what each screen shows, in place, without a restart.
import type { TeamSessionView } from "../bindings/TeamSessionView";
import type { TeamNoticeView } from "../bindings/TeamNoticeView";
import type { Text } from "../bindings/Text";

export const team: {
  /** The team session, or null on a local database (or before it is known). */
  session: TeamSessionView | null;
  /** The latest notice (a change by someone else, a lost or restored connection). */
  notice: TeamNoticeView | null;
  /** Bumped when what is shown must be read again. */
  generation: number;
} = $state({ session: null, notice: null, generation: 0 });

/** Why evaluation `id` is read-only in the team database, or null. */
export function teamReadOnly(id: number): Text | null {
  return team.session?.read_only.find((r) => r.evaluation === id)?.why ?? null;
}

/**
 * Takes a notice: shows it and, unless it is the user's own change (already
 * shown by the save's answer) or a lost connection, has every screen read again
 * with `session`, the session as read again.
 */
export function takeNotice(notice: TeamNoticeView, session: TeamSessionView | null) {
  team.notice = notice;
  if (session) team.session = session;
  if (notice.kind === "lost") return;
  if (notice.kind === "changed" && notice.who === team.session?.user) return;
  team.generation++;
}
