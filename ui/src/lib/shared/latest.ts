// Answers from the engine that may arrive out of order: a view asks again (Try again, the
// engine back, another image) while an older ask is still on its way, and the older answer,
// arriving last, must not replace the newer one.
import { toImagenError, type ImagenError } from "../ipc/api";

/** An answer being read, read, or failed. */
export type Loadable<T> =
  | { status: "idle" }
  | { status: "loading" }
  | { status: "ready"; value: T }
  | { status: "failed"; error: ImagenError };

/** Counts the asks of each part of a view: only the answer to the latest ask of a part counts. */
export class LatestAsks<P extends string> {
  #counts = new Map<P, number>();

  /** The asks of `part` on their way no longer count (what they were for has gone). */
  supersede(part: P): number {
    const next = (this.#counts.get(part) ?? 0) + 1;
    this.#counts.set(part, next);
    return next;
  }

  /** Asks `fetch` as the latest of `part`: its answer, or its failure as an ImagenError, or
   * `null` when a newer ask of `part` was made meanwhile. */
  async ask<T>(part: P, fetch: () => Promise<T>): Promise<Loadable<T> | null> {
    const asked = this.supersede(part);
    let answer: Loadable<T>;
    try {
      answer = { status: "ready", value: await fetch() };
    } catch (thrown) {
      answer = { status: "failed", error: toImagenError(thrown) };
    }
    return this.#counts.get(part) === asked ? answer : null;
  }
}
