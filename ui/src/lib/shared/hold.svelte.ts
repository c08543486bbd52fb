// A confirm button that waits a moment after what it confirms was replaced under the user:
// a click already on its way was aimed at what was shown before, so it must not act on the
// new one. Used by the removal and clean-up dialogs when an engine change replaces their
// plan in the background.

/** How long the button waits: enough to stop a click in flight, short enough not to annoy. */
export const HOLD_MS = 1500;

export class Hold {
  held = $state(false);
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly ms: number = HOLD_MS) {}

  /** Holds (again) for `ms` from now. */
  start(): void {
    clearTimeout(this.#timer);
    this.held = true;
    this.#timer = setTimeout(() => (this.held = false), this.ms);
  }

  /** Lets go now (the dialog closes). */
  stop(): void {
    clearTimeout(this.#timer);
    this.held = false;
  }
}
