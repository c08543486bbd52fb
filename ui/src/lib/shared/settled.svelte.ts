// What a live region reads out of a text that changes as the user types (a field's help, the
// filter's count): the text once typing pauses. A live region on the text itself queued one
// reading per keystroke, talking over the typing. Used by the Pull and Tag dialogs' help and
// the filter bar's count.
import { untrack } from "svelte";

/** How long typing must pause before the text is read out. */
export const SETTLE_MS = 500;

export class SettledText {
  /** The text to put in the live region: "" until the first pause. */
  current = $state("");

  /**
   * Made while a component initialises (it owns an effect). `read` gives the text as it is now.
   * With `quietAtFirst`, the text the component opened with is not read out until it has
   * changed once (the page just opened; the text is read with the field or not at all).
   */
  constructor(read: () => string, { quietAtFirst = false }: { quietAtFirst?: boolean } = {}) {
    const opened = quietAtFirst ? untrack(read) : null;
    $effect(() => {
      const text = read();
      if (text === opened && untrack(() => this.current) === "") return;
      const timer = setTimeout(() => (this.current = text), SETTLE_MS);
      return () => clearTimeout(timer);
    });
  }
}
