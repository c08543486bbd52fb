// Motion that repeats (sliding bars, spinners, pulsing placeholders) stops for a user who
// asked their system for reduced motion: every stylesheet under ui/src that runs an endless
// animation also turns it off under `prefers-reduced-motion: reduce`.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const src = dirname(fileURLToPath(import.meta.url));

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** The text of each `@media (prefers-reduced-motion: reduce) { … }` block in `css`. */
function reducedBlocks(css: string): string[] {
  const blocks: string[] = [];
  const opener = /@media\s*\(prefers-reduced-motion:\s*reduce\)\s*{/g;
  for (let match = opener.exec(css); match; match = opener.exec(css)) {
    let depth = 1;
    let i = opener.lastIndex;
    for (; i < css.length && depth > 0; i++) {
      if (css[i] === "{") depth++;
      else if (css[i] === "}") depth--;
    }
    blocks.push(css.slice(opener.lastIndex, i));
  }
  return blocks;
}

const styled = walk(src)
  .filter((path) => path.endsWith(".svelte") || path.endsWith(".css"))
  .map((path) => ({ file: relative(resolve(src, ".."), path), text: readFileSync(path, "utf8") }))
  .filter(({ text }) => /animation:[^;]*\binfinite\b/.test(text));

describe("Endless animations under reduced motion", () => {
  it("finds the ones it checks", () => {
    expect(styled.map((s) => s.file)).toEqual(
      expect.arrayContaining([
        "src/components/pull/PullProgressView.svelte",
        "src/components/kit/KitProgress.svelte",
        "src/components/app/AppHeader.svelte",
        "src/components/images/LoadingGrid.svelte",
      ]),
    );
  });

  it.each(styled.map((s) => [s.file, s.text]))("%s stops them", (_file, text) => {
    expect(reducedBlocks(text).some((block) => /animation:\s*none/.test(block))).toBe(true);
  });

  it("shows an unknown amount as a still, full-width fill, not a part-way bar", () => {
    for (const file of [
      "components/pull/PullProgressView.svelte",
      "components/kit/KitProgress.svelte",
    ]) {
      const blocks = reducedBlocks(readFileSync(join(src, file), "utf8")).join("\n");
      expect(blocks, file).toMatch(/\.indeterminate\s*{[^}]*width:\s*100%\s*!important/);
    }
  });
});
