// One save or load as a dialog runs it: the progress it streams, how it ended, and Cancel.
// A dialog owns its job; the job outlives nothing (closing is refused while it runs).
import { toImagenError, type ImagenError } from "../ipc/api";
import { cancelUntilTaken } from "../shared/cancel";
import { runId } from "../shared/run-id";

export type JobStatus = "idle" | "running" | "done" | "failed";

export class KitJob<P, O> {
  status: JobStatus = $state("idle");
  id: string | null = $state(null);
  progress: P | null = $state(null);
  /** When the progress last moved (ms since the epoch). A load's progress comes about ten
   * times a second whether or not anything moved, a save's only as bytes come: either way a
   * stall is an unchanged `amount`, timed by the dialog's own clock. */
  movedAt = $state(0);
  #amount: (progress: P) => number;
  #lastAmount: number | null = null;

  /** `amount`: the figure whose change means the job moves (bytes read, written). */
  constructor(amount: (progress: P) => number) {
    this.#amount = amount;
  }
  outcome: O | null = $state(null);
  error: ImagenError | null = $state(null);
  /** Asking to cancel failed (the job goes on): why. */
  cancelError: ImagenError | null = $state(null);
  /** Cancel was asked and the backend took it: the job is stopping (its outcome is on its
   * way; a save removes its partial file first, which a slow drive makes take seconds). */
  cancelling = $state(false);
  /** Cancel was asked again and again and the backend never had the job to stop: it goes
   * on, and the user is told so (else the click would seem to have done nothing). */
  cancelMissed = $state(false);

  /** Runs `work` under a fresh ID; resolves with its outcome, or null when it failed. */
  async run(
    kind: "save" | "load",
    work: (id: string, onProgress: (progress: P) => void) => Promise<O>,
  ): Promise<O | null> {
    const id = runId(kind);
    this.id = id;
    this.status = "running";
    this.progress = null;
    this.outcome = null;
    this.error = null;
    this.cancelError = null;
    this.cancelling = false;
    this.cancelMissed = false;
    this.movedAt = Date.now();
    this.#lastAmount = null;
    try {
      const outcome = await work(id, (progress) => {
        if (this.id !== id || this.status !== "running") return;
        this.progress = progress;
        const amount = this.#amount(progress);
        if (amount !== this.#lastAmount) {
          this.#lastAmount = amount;
          this.movedAt = Date.now();
        }
      });
      if (this.id !== id) return null;
      this.outcome = outcome;
      this.status = "done";
      return outcome;
    } catch (thrown) {
      if (this.id !== id) return null;
      this.error = toImagenError(thrown);
      this.status = "failed";
      return null;
    }
  }

  /** Asks the backend to stop the running job; the outcome (`Cancelled`) ends it. A Cancel
   * clicked right after the job started can reach the backend before the job's own command
   * did, and find nothing to stop: it is asked again while the job runs. */
  async cancel(cancelKit: (id: string) => Promise<boolean>): Promise<void> {
    const id = this.id;
    if (id === null || this.status !== "running" || this.cancelling) return;
    this.cancelError = null;
    this.cancelMissed = false;
    this.cancelling = true;
    const running = () => this.id === id && this.status === "running";
    try {
      const taken = await cancelUntilTaken(() => cancelKit(id), running);
      if (!taken && running()) {
        this.cancelling = false;
        this.cancelMissed = true;
      }
    } catch (thrown) {
      if (this.id === id) {
        this.cancelling = false;
        this.cancelError = toImagenError(thrown);
      }
    }
  }

  /** Back to before the job: for "Save again". */
  reset(): void {
    this.status = "idle";
    this.id = null;
    this.progress = null;
    this.outcome = null;
    this.error = null;
    this.cancelError = null;
    this.cancelling = false;
    this.cancelMissed = false;
  }
}
