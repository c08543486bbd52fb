// A Cancel that reaches the backend before the run it names: the run's own command (a pull, a
// save, a load, an archive check) and the Cancel are two calls that run side by side, so a
// Cancel clicked at once can find nothing to stop yet, and the run would then go on to its end.

/** How long to wait before asking again, and how many times to ask again (2 s in all): long
 * enough for a run's own call to reach the backend. */
export const CANCEL_RETRY_MS = 100;
export const CANCEL_RETRIES = 20;

/** Asks `cancel` to stop a run until the backend took it (`cancel` answered true), the run
 * has answered meanwhile (`waiting()` false: its outcome is on its way), or it was asked again
 * `retries` times. Resolves true when the backend took it; rejects with what `cancel` threw
 * (the run goes on), without asking again. */
export async function cancelUntilTaken(
  cancel: () => Promise<boolean>,
  waiting: () => boolean,
  { retries = CANCEL_RETRIES, ms = CANCEL_RETRY_MS }: { retries?: number; ms?: number } = {},
): Promise<boolean> {
  for (let left = retries; ; left--) {
    if (await cancel()) return true;
    if (left <= 0 || !waiting()) return false;
    await new Promise((resolve) => setTimeout(resolve, ms));
    if (!waiting()) return false;
  }
}
