import type { DesktopOs } from "./platform";

// The grid's first render on Linux, where most of a cold start went to fonts. The CSS stacks in
// app.css name each desktop's UI font (system-ui, -apple-system, "Segoe UI", Roboto…), which the
// web views on Windows and macOS find at once. WebKitGTK does not: it asks fontconfig about every
// family it has to skip, again for each font size and weight in use, at a few milliseconds each
// on a cold start (system-ui never matches there, fontconfig's alias for it is weak). On Linux
// the desktop's UI font *is* fontconfig's `sans-serif` (and `monospace`), so there the stacks are
// just those generic families: the font the user configured, one lookup, and nothing to measure
// at startup. (An earlier version measured which families were found: ~40 ms on a cold start.)

/** The `--font` / `--mono` values to use instead of app.css's on `os`; none where its own fit. */
export function fontStacksFor(os: DesktopOs): Record<string, string> {
  return os === "linux" ? { "--font": "sans-serif", "--mono": "monospace" } : {};
}

/** Sets the stacks for `os` on `root` (before any text is laid out). */
export function applyFontStacks(root: HTMLElement, os: DesktopOs): void {
  for (const [name, value] of Object.entries(fontStacksFor(os)))
    root.style.setProperty(name, value);
}
