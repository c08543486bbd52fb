// A confirm button that waits a moment after what it confirms was replaced under the user:
// a click already on its way was aimed at what was shown before, so it must not act on the
// new one. Used by the removal and clean-up dialogs when an engine change replaces their
// plan in the background.

/** How long the button waits: enough to stop a click in flight, short enough not to annoy. */
export const HOLD_MS = 1500;

/** How long a confirm button waits when it first appears where another button stood (the
 * dialog's Close while the plan loaded, a Try again): the second click of a double-click
 * (systems count up to 500 ms between them) or a click already on its way. Shorter than
 * HOLD_MS: nothing the user read was replaced, and the wait comes with every opening. */
export const APPEAR_MS = 600;

export class Hold {
  held = $state(false);
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** When the hold under way ends (ms since the epoch); 0 when none is. */
  #until = 0;

  constructor(private readonly ms: number = HOLD_MS) {}

  /** Holds (again) for `ms` (by default the hold's own) from now; never shortens a hold
   * already under way. Reads no state: it is called from effects, which must not come to
   * depend on `held` (each end of the hold would run them again). */
  start(ms: number = this.ms): void {
    const until = Date.now() + ms;
    if (until <= this.#until) return;
    clearTimeout(this.#timer);
    this.held = true;
    this.#until = until;
    this.#timer = setTimeout(() => this.#release(), ms);
  }

  #release(): void {
    this.#until = 0;
    this.held = false;
  }

  /** Lets go now (the dialog closes). */
  stop(): void {
    clearTimeout(this.#timer);
    this.#release();
  }
}
