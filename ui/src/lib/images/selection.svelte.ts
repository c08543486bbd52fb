// Which images are checked for a bulk action (remove). Shift-click ranges follow the order
// the grid shows (filtered and sorted), from the last checkbox clicked.
//
// The set is raw state, replaced on every change: a card's `checked` is one `has()` on a
// single signal, and the 5,000-image grid renders only the cards near the viewport anyway.

/** Anything with an image ID: summaries, plan images. */
interface HasId {
  id: string;
}

export class SelectionStore {
  /** Selected image IDs (full IDs), in the order they were picked. Never mutated in place. */
  ids: ReadonlySet<string> = $state.raw(new Set());
  /** The last checkbox clicked: one end of the next Shift-click range. */
  #anchor: string | null = null;

  get size(): number {
    return this.ids.size;
  }

  get anchor(): string | null {
    return this.#anchor;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** Flips one image and makes it the anchor. */
  toggle(id: string): void {
    this.click(id, !this.ids.has(id), false, []);
  }

  /**
   * A click on a checkbox. `on` is the state the checkbox moves to. With `extend` (Shift held)
   * every image from the anchor to this one in `shown` takes that state; when the anchor is
   * not shown (filtered out, or no click yet) it acts on this image alone.
   */
  click(id: string, on: boolean, extend: boolean, shown: readonly HasId[]): void {
    let range: string[] = [id];
    if (extend && this.#anchor !== null && this.#anchor !== id) {
      const from = shown.findIndex((i) => i.id === this.#anchor);
      const to = shown.findIndex((i) => i.id === id);
      if (from >= 0 && to >= 0) {
        range = shown.slice(Math.min(from, to), Math.max(from, to) + 1).map((i) => i.id);
      }
    }
    this.#anchor = id;
    const next = new Set(this.ids);
    for (const r of range) {
      if (on) next.add(r);
      else next.delete(r);
    }
    this.#set(next);
  }

  /**
   * Adds every image shown (Ctrl/Cmd+A, "Select all N shown"). Images picked earlier that the
   * filter now hides stay picked: the selection bar counts them ("1 hidden by the filter"), so
   * dropping them would lose picks the user can see were kept. Clear starts afresh.
   */
  selectAll(shown: readonly HasId[]): void {
    this.#set(new Set([...this.ids, ...shown.map((i) => i.id)]));
  }

  clear(): void {
    this.#anchor = null;
    this.#set(new Set());
  }

  /** After a refresh: forgets images that are gone. Unchanged when nothing went. */
  retain(images: readonly HasId[]): void {
    if (this.ids.size === 0) return;
    const present = new Set(images.map((i) => i.id));
    if (this.#anchor !== null && !present.has(this.#anchor)) this.#anchor = null;
    const next = new Set([...this.ids].filter((id) => present.has(id)));
    if (next.size !== this.ids.size) this.ids = next;
  }

  /** The selected images among `images`, in `images`' order. */
  pick<T extends HasId>(images: readonly T[]): T[] {
    if (this.ids.size === 0) return [];
    return images.filter((i) => this.ids.has(i.id));
  }

  #set(next: Set<string>): void {
    if (next.size === this.ids.size && [...next].every((id) => this.ids.has(id))) return;
    this.ids = next;
  }
}
