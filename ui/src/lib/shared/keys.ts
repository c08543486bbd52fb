// The shortcut key of the OS the window runs on: Cmd (⌘) on macOS, Ctrl elsewhere. On a Mac,
// Ctrl+F in a text field moves the cursor forward one character and Ctrl+A to the line's
// start (the system's Emacs keys), so a shortcut that took Ctrl there too would select all
// the text under the user's cursor instead. Elsewhere Ctrl, and Meta as before (the system
// takes most of its combinations first).
import { detectOs, type DesktopOs } from "../app/platform";

/** Whether `event` holds the OS's shortcut key (on a Mac, Cmd and not Ctrl). */
export function shortcutKey(
  event: Pick<KeyboardEvent, "ctrlKey" | "metaKey">,
  os: DesktopOs = detectOs(),
): boolean {
  return os === "macos" ? event.metaKey && !event.ctrlKey : event.ctrlKey || event.metaKey;
}
