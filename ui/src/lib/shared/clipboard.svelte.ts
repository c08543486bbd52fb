// The one way to copy: every Copy button goes through `copyToClipboard`, and every failure
// (no clipboard in this web view, permission refused) is shown, never swallowed.
import { m } from "../i18n/messages";

/** Puts text on the clipboard (may reject or throw). */
export type ClipboardWrite = (text: string) => void | Promise<void>;

/** What a Copy button shows when copying failed, in the current language (call it where it
 * renders, so it follows a language switch). */
export function copyFailedText(): string {
  return m.shared_copy_failed();
}

const systemClipboard: ClipboardWrite = (text) =>
  navigator.clipboard?.writeText(text) ?? Promise.reject(new Error("no clipboard"));

/** Copies `text`: true once it is on the clipboard, false when it could not be (never throws). */
export async function copyToClipboard(
  text: string,
  write: ClipboardWrite = systemClipboard,
): Promise<boolean> {
  try {
    await write(text);
    return true;
  } catch {
    return false;
  }
}

/** How long a Copy button shows "idle" between two outcomes in a row, so that the second is a
 * change too: a live region says only what changes, and a screen reader user who copies again
 * within the moment would otherwise hear nothing (and a sighted one see nothing happen). */
export const RESAY_MS = 80;

/** A Copy button's state: "copied" or "failed" for a moment after a click, then "idle". */
export class Copier {
  status: "idle" | "copied" | "failed" = $state("idle");
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Counts clicks: only the latest one's outcome is shown. */
  #clicks = 0;

  async copy(text: string, write?: ClipboardWrite): Promise<void> {
    const click = ++this.#clicks;
    const ok = await copyToClipboard(text, write);
    if (click !== this.#clicks) return;
    clearTimeout(this.#timer);
    if (this.status !== "idle") {
      this.status = "idle";
      await new Promise((resolve) => setTimeout(resolve, RESAY_MS));
      if (click !== this.#clicks) return;
    }
    this.status = ok ? "copied" : "failed";
    // A failure stays longer: it asks the user to do something (select and copy by hand).
    this.#timer = setTimeout(() => (this.status = "idle"), ok ? 1500 : 4000);
  }
}
