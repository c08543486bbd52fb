import { describe, expect, it } from "vitest";
import type { ImageSummary } from "../ipc/api";
import { applyQuery, parseQuery } from "./filter";
import { globMatch } from "./glob";
import { untaggedRows } from "./search-index";
// The images of the filter's shared vectors (filter.test.ts runs their cases).
import vectors from "../../../../crates/imagen-core/tests/filter-vectors.json";

const base = (vectors as unknown as { images: ImageSummary[] }).images;

/** A list with more to tell apart: the vectors' images, astral names and IDs of the same hex. */
function sample(): ImageSummary[] {
  const images = structuredClone(base);
  const like = (i: number, change: Partial<ImageSummary>) => ({
    ...structuredClone(base[i % base.length]!),
    ...change,
  });
  images.push(
    like(0, { tags: ["\u{1F40B}/app:1", "x/app:2"], digests: [] }),
    like(1, { tags: ["xy/app:1"], digests: ["xy/app@sha256:" + "ab".repeat(32)] }),
    like(2, { id: "sha256:" + "abc".padEnd(64, "0"), tags: ["a/b/c:1"], digests: [] }),
    like(3, { id: "sha256:" + "abd".padEnd(64, "1"), tags: [], digests: [] }),
    like(4, { labels: { "org.example/team": "Web", tier: "sha256" } }),
  );
  return images;
}

/** The same search on a copy of the list: a fresh index, nothing to narrow from. */
function fresh(query: string, images: readonly ImageSummary[]) {
  const parsed = parseQuery(query);
  return parsed.ok ? applyQuery(parsed.query, [...images]) : parsed;
}

function run(query: string, images: readonly ImageSummary[]) {
  const parsed = parseQuery(query);
  return parsed.ok ? applyQuery(parsed.query, images) : parsed;
}

/** Every prefix of `text`, then back to `back` characters, then on with `then`. */
function typing(text: string, back: number, then: string): string[] {
  const typed = Array.from(text, (_, n) => text.slice(0, n + 1));
  const kept = text.slice(0, Math.max(0, text.length - back));
  const erased = Array.from({ length: text.length - kept.length }, (_, n) =>
    text.slice(0, text.length - n - 1),
  );
  return [...typed, ...erased, ...Array.from(then, (_, n) => kept + then.slice(0, n + 1))];
}

describe("search index: narrowing from the last search", () => {
  it("finds, keystroke by keystroke, what a fresh search finds", () => {
    const images = sample();
    const hex = images[0]!.id.slice("sha256:".length);
    const sessions = [
      typing("busybox", 3, "ybox:latest"),
      typing("sha256:" + hex.slice(0, 8), 9, ":" + hex.slice(0, 4)),
      typing(hex.slice(0, 6), 6, "ab"),
      typing("abc", 1, "d"),
      typing("nginx alp", 4, " 1.2"),
      typing("reference=*/* app", 2, "pp:1"),
      typing("reference=busybox* lat", 3, "test"),
      typing("org.example/team web tier=sha", 3, "256"),
      typing('"a b" x', 2, "y/"),
      typing("size>1MB busy", 4, "box"),
      typing("\u{1F40B}/a", 1, "app"),
      typing("tool:<none>", 7, "<none> xy"),
    ];
    for (const session of sessions) {
      for (const query of session) expect(run(query, images), query).toEqual(fresh(query, images));
    }
  });

  it("sees a list edited in place, in the middle of a word", () => {
    const images = sample();
    const before = run("busy", images);
    expect(before.ok && before.indices).not.toContain(5);
    images[5]!.tags = ["busybox:edge"];
    const after = run("busyb", images);
    expect(after.ok && after.indices).toContain(5);
  });

  it("does not narrow terms that read fields outside the index", () => {
    const images = sample();
    const i = images.findIndex((image) => image.tags.some((t) => t.includes("busybox")));
    images[i]!.size = 1;
    const before = run("size>1MB busy", images);
    expect(before.ok && before.indices).not.toContain(i);
    images[i]!.size = 9_000_000_000;
    const after = run("size>1MB busyb", images);
    expect(after.ok && after.indices).toContain(i);
  });
});

describe("search index: the <none> rows of docker images", () => {
  const digest = "@sha256:" + "b".repeat(64);
  const rows = (tags: string[], digests: string[]) => untaggedRows({ tags, digests });

  it("are <none> for an image with neither tag nor digest", () => {
    expect(rows([], [])).toEqual(["<none>"]);
  });

  it("are repo:<none> for each repository with a digest and no tag, once", () => {
    expect(rows([], ["ghcr.io/owner/tool" + digest])).toEqual(["ghcr.io/owner/tool:<none>"]);
    expect(
      rows(["app:1"], ["nginx" + digest, "nginx@sha256:" + "c".repeat(64), "app" + digest]),
    ).toEqual(["nginx:<none>"]);
    expect(rows(["localhost:5000/app:1"], ["localhost:5000/app" + digest])).toEqual([]);
    expect(rows(["nginx:latest"], [])).toEqual([]);
  });

  it("are searched as free text, from the first keystroke on", () => {
    const images = sample();
    for (const query of typing("<none>", 0, "")) {
      const got = run(query, images);
      expect(got, query).toEqual(fresh(query, images));
    }
    const none = run("<none>", images);
    // The vectors' three (untagged, digest-only, pulled by digest), the untagged copy of the
    // first and the digest-only copy of the second.
    expect(none.ok && none.indices).toEqual([3, 4, 11, 15, 16]);
  });
});

describe("search index: reference=", () => {
  // The matcher as it was per image: every tag and digest, as written and by familiar name.
  const familiar = (reference: string) => {
    const at = reference.indexOf("@");
    if (at >= 0) return reference.slice(0, at);
    const colon = reference.lastIndexOf(":");
    if (colon >= 0 && !reference.slice(colon).includes("/")) return reference.slice(0, colon);
    return reference;
  };
  const matches = (pattern: string, image: ImageSummary) =>
    [...image.tags, ...image.digests].some((r) =>
      [r, familiar(r)].some((name) => globMatch(Array.from(pattern), Array.from(name)) === true),
    );

  it("keeps the images the per-image matcher keeps", () => {
    const images = sample();
    const pieces = ["*", "?", "/", "[a-z]", "\\:", "app", "busybox", "1", ":", "@sha256:", "x"];
    const names = images.flatMap((i) => [...i.tags, ...i.digests]);
    for (const name of names) pieces.push(name.slice(0, 4), name.slice(-3));
    let seed = 7;
    const pick = () => pieces[(seed = (seed * 48271) % 2147483647) % pieces.length]!;
    let tried = 0;
    for (let n = 0; n < 600; n++) {
      const pattern = Array.from({ length: 1 + (n % 4) }, pick).join("");
      const parsed = parseQuery(`reference=${pattern}`);
      if (!parsed.ok || /\s/.test(pattern)) continue;
      tried++;
      const want = images.flatMap((image, i) => (matches(pattern, image) ? [i] : []));
      expect(applyQuery(parsed.query, images), pattern).toEqual({ ok: true, indices: want });
    }
    expect(tried).toBeGreaterThan(400);
  });
});
