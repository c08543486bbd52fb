// A pulled image's card is highlighted in the grid; while the filter hides it, the card would
// never show and only the header's count would go up. This keeps the pulls whose card the
// filter has not shown yet, so a notice can say so until it does.

/** A pulled image: its ID and the reference the user pulled it by. */
export interface PulledImage {
  id: string;
  reference: string;
}

/** Anything listed with an ID (the list's images, the grid's visible ones). */
interface WithId {
  id: string;
}

/** The pulls waiting for their card to show. */
export class PulledHidden {
  #pulled: PulledImage[] = $state([]);
  /** Bumped when the window leaves an engine: a pull's notice due before then is not the new
   * engine's (the same image ID may well be on it: IDs are content digests). */
  #epoch = 0;

  /** Notes image `id`, pulled as `reference`, once `reveal` (the list reading it) is done;
   * nothing when the pull gave no ID or the window left its engine meanwhile. */
  async note(reference: string, id: string | null, reveal: () => Promise<void>): Promise<void> {
    const epoch = this.#epoch;
    await reveal();
    if (id === null || epoch !== this.#epoch) return;
    this.#pulled = [...this.#pulled.filter((p) => p.id !== id), { id, reference }];
  }

  /** The window is on another engine: nothing noted is its. */
  leaveEngine(): void {
    this.#epoch += 1;
    this.#pulled = [];
  }

  /** The pulled images still `listed` that the grid does not show (`visible`). */
  hidden(listed: readonly WithId[], visible: readonly WithId[]): PulledImage[] {
    if (this.#pulled.length === 0) return [];
    const there = new Set(listed.map((i) => i.id));
    const seen = new Set(visible.map((i) => i.id));
    return this.#pulled.filter((p) => there.has(p.id) && !seen.has(p.id));
  }

  /** Keeps only `hidden` (what [`hidden`] last answered): once the filter shows a pulled
   * image (cleared, or changed to show it), or it leaves the list, the notice is done with
   * it, and a later filter that hides it again says nothing. */
  settle(hidden: readonly PulledImage[]): void {
    if (this.#pulled.length !== hidden.length) {
      this.#pulled = this.#pulled.filter((p) => hidden.includes(p));
    }
  }
}
