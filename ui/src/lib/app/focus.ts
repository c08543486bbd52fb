// Where the keyboard focus goes when what held it goes away. A button that is replaced or
// removed (a dialog's actions change when an operation starts or ends, a bar unmounts, a
// dialog's opener is gone when it closes) drops the focus on the page: a keyboard user then
// starts again from the top, and a screen reader says nothing of where they are.
import { getContext, setContext } from "svelte";

/** The focus rests nowhere useful: on the page itself, on an element no longer in it, or on
 * `holder` (a dialog that held it while its buttons changed). */
export function focusLost(holder?: Element | null): boolean {
  const active = document.activeElement;
  return (
    active === null ||
    active === document.body ||
    active === document.documentElement ||
    !active.isConnected ||
    (holder != null && active === holder)
  );
}

/** An operation in `dialog` ended: the focus goes to what comes next, its primary button (Close
 * once done, the action again after a refusal), else to `fallback`, else to the dialog itself,
 * so it is never left on a button that went away. */
export function focusOutcome(dialog: HTMLElement | undefined, fallback?: HTMLElement | null): void {
  if (!dialog) return;
  const primary = dialog.querySelector<HTMLElement>(
    ".actions .button.primary:not(:disabled, [aria-disabled='true'])",
  );
  (primary ?? fallback ?? dialog).focus();
}

const FALLBACK = Symbol("focus fallback");

/** Where the focus goes when a dialog closes and the element that opened it is gone (a card's
 * Remove button, its image deleted; the selection bar, its selection cleared): the app gives
 * a function that focuses the image grid, true when it could. */
export function provideFocusFallback(focus: () => boolean): void {
  setContext(FALLBACK, focus);
}

/** The app's fallback (see `provideFocusFallback`), or one that does nothing outside the app. */
export function focusFallback(): () => boolean {
  return getContext<(() => boolean) | undefined>(FALLBACK) ?? (() => false);
}
