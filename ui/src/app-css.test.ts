// The accent's contrast, read from app.css itself: text on an accent fill (primary buttons,
// pressed chips, count badges) must read at 4.5:1 or more in both themes, hovered too.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const css = readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), "app.css"), "utf8");

/** The custom properties set in the first `:root { … }` after `from` in the stylesheet. */
function rootVars(from: number): Map<string, string> {
  const start = css.indexOf(":root {", from);
  const body = css.slice(start, css.indexOf("}", start));
  const vars = new Map<string, string>();
  for (const match of body.matchAll(/(--[\w-]+):\s*([^;]+);/g))
    vars.set(match[1]!, match[2]!.trim());
  return vars;
}

const light = rootVars(0);
// The dark theme overrides some of the light one's values.
const dark = new Map([...light, ...rootVars(css.indexOf("@media (prefers-color-scheme: dark)"))]);

type Rgb = [number, number, number];

function hex(value: string | undefined): Rgb {
  const match = /^#([0-9a-f]{6})$/i.exec(value ?? "");
  if (!match) throw new Error(`not a #rrggbb colour: ${value}`);
  const n = parseInt(match[1]!, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** WCAG 2 relative luminance. */
function luminance([r, g, b]: Rgb): number {
  const [lr, lg, lb] = [r, g, b].map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * lr! + 0.7152 * lg! + 0.0722 * lb!;
}

function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** A colour through `filter: brightness(k)` (app.css' `.button.primary:hover`). */
function brightened(colour: Rgb, k: number): Rgb {
  return colour.map((c) => Math.min(255, Math.round(c * k))) as Rgb;
}

const HOVER = Number(
  /\.button\.primary:hover\s*{\s*filter:\s*brightness\(([\d.]+)\)/.exec(css)?.[1],
);

describe("app.css: text on the accent", () => {
  it("reads the hover's brightness from the stylesheet", () => {
    expect(HOVER).toBeGreaterThan(1);
  });

  for (const [theme, vars] of [
    ["light", light],
    ["dark", dark],
  ] as const) {
    it(`reads at 4.5:1 or more in the ${theme} theme, at rest and hovered`, () => {
      const fill = hex(vars.get("--accent"));
      const text = hex(vars.get("--accent-text"));
      expect(contrast(fill, text)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(brightened(fill, HOVER), brightened(text, HOVER))).toBeGreaterThanOrEqual(
        4.5,
      );
    });
  }
});
