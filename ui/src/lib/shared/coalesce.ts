// One background task at a time, and exactly one more when asked again while it runs: the
// answer of a run that started before a change cannot be trusted to include it, but ten
// changes during one run need only one more, not ten.

/** Wraps `task`: a call while it runs schedules one more run after it (shared by every such
 * call) and resolves when that one ends. */
export function coalesced(task: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await task();
      } while (again);
    })().finally(() => (running = null));
    return running;
  };
}
