// What every dialog carries besides its own content. The app's live announcements (a pull
// ending) live in regions outside the dialogs, and a screen reader may treat everything
// outside an open modal dialog as inert: so each open dialog renders them inside itself,
// from what the app provides here, and the app's own regions keep quiet meanwhile.
import { getContext, setContext, type Snippet } from "svelte";

const KEY = Symbol("dialog-extras");

/** Called by the app while it initialises: `extras` is rendered inside every open dialog. */
export function provideDialogExtras(extras: Snippet): void {
  setContext(KEY, extras);
}

/** What the app asked every dialog to render, if anything (nothing in a dialog's own tests). */
export function dialogExtras(): Snippet | undefined {
  return getContext<Snippet | undefined>(KEY);
}
