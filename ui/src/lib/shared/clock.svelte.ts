// A clock for the "nothing has moved for …" lines of a running pull, save or load: it ticks
// once a second while the job runs and stands still otherwise, so an idle dialog costs
// nothing. Made while a component initialises (its effect lives as long as the component).

export class SecondsClock {
  now = $state(Date.now());

  /** `running`: read inside an effect, so the clock starts and stops with it. */
  constructor(running: () => boolean) {
    $effect(() => {
      if (!running()) return;
      const timer = setInterval(() => (this.now = Date.now()), 1000);
      return () => clearInterval(timer);
    });
  }

  /** Seconds from `since` (ms since the epoch) to now, never negative. */
  secondsSince(since: number): number {
    return Math.max(0, (this.now - since) / 1000);
  }
}
