// Starting the page afresh: every screen asks the backend again, which opens
// the database again if it could not be opened before (a team database that
// was down: assay::app::opening). Its own module so tests can replace it.

/** Reloads the page. */
export function startAgain(): void {
  window.location.reload();
}
