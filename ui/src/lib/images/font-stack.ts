import { timed } from "./perf";

// The grid's first render on Linux, where most of a cold start went to fonts: WebKitGTK asks
// fontconfig about each family of a CSS font stack it has to skip (system-ui, -apple-system,
// "Segoe UI"… on a Linux desktop), again for every font size and weight in use, at a few
// milliseconds each on a cold start; the header, filter bar and cards use about 17. So the
// stacks are checked once at startup and the leading families this web view cannot find are
// dropped: the first family it does find stays first, and the rest of the stack stays behind it
// (only consulted for glyphs that family lacks), so the text looks the same.

/** The families of a CSS `font-family` value, in order, as written (quotes kept). */
export function parseFamilies(value: string): string[] {
  return value
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
}

const GENERIC = new Set(["serif", "sans-serif", "monospace", "cursive", "fantasy"]);

/** The stack from its first family that `found` accepts (or its first generic family) on; null
 * when nothing would be dropped. */
export function trimStack(value: string, found: (family: string) => boolean): string | null {
  const families = parseFamilies(value);
  const first = families.findIndex((family) => GENERIC.has(family) || found(family));
  if (first <= 0) return null;
  return families.slice(first).join(", ");
}

/** Whether this web view finds `family`: text set in it measures differently from the same
 * text in a fallback (two fallbacks, in case it happens to measure like one of them). */
export function makeFontTest(doc: Document): (family: string) => boolean {
  return (family) => {
    const box = doc.createElement("div");
    box.setAttribute("aria-hidden", "true");
    box.style.cssText = "position:absolute;left:-9999px;top:0;visibility:hidden;white-space:nowrap";
    const spans = ["monospace", "serif"].flatMap((fallback) =>
      [`${family}, ${fallback}`, fallback].map((stack) => {
        const span = doc.createElement("span");
        span.style.font = `40px ${stack}`;
        span.textContent = "mmmmmmmmmmlli WW 0123";
        box.append(span, doc.createElement("br"));
        return span;
      }),
    );
    doc.body.append(box);
    const [a, monospace, b, serif] = spans.map((s) => s.getBoundingClientRect().width);
    box.remove();
    return a !== monospace || b !== serif;
  };
}

/** Trims `--font` and `--mono` on `root` (see above). Worth it on WebKitGTK only: elsewhere the
 * first family of each stack is found and nothing changes. */
export function trimFontStacks(root: HTMLElement): void {
  const test = makeFontTest(root.ownerDocument);
  const found = (family: string) => timed("fonts:test", () => test(family));
  const style = getComputedStyle(root);
  for (const name of ["--font", "--mono"]) {
    const trimmed = trimStack(style.getPropertyValue(name), found);
    if (trimmed !== null) root.style.setProperty(name, trimmed);
  }
}
