import { describe, expect, it } from "vitest";
import type { ImageSummary } from "../ipc/bindings";
import {
  applyQuery,
  filterImages,
  filterMessage,
  parseQuery,
  validKeys,
  type FilterError,
} from "./filter";
// The same file the Rust unit test `shared_vectors` in crates/imagen-core/src/images/filter.rs runs.
import vectors from "../../../../crates/imagen-core/tests/filter-vectors.json";

type Expect = number[] | { error: FilterError; message: string };
type Vectors = {
  images: ImageSummary[];
  cases: { query: string; expect: Expect; note: string }[];
};
const data = vectors as unknown as Vectors;

function run(query: string, images: readonly ImageSummary[]) {
  const parsed = parseQuery(query);
  return parsed.ok ? applyQuery(parsed.query, images) : parsed;
}

describe("filter: shared vectors with Rust", () => {
  it("has enough cases", () => {
    expect(data.cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(data.cases.map((c) => [c.query, c.note, c.expect] as const))(
    "%j (%s)",
    (query, _note, want) => {
      const got = run(query, data.images);
      if (Array.isArray(want)) {
        expect(got).toEqual({ ok: true, indices: want });
      } else {
        expect(got).toEqual({ ok: false, error: want.error });
        if (!got.ok) expect(filterMessage(got.error)).toBe(want.message);
      }
    },
  );
});

describe("filter", () => {
  it("lists the valid keys in unknown-key errors", () => {
    const parsed = parseQuery("colour=red");
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error).toEqual({ kind: "UnknownKey", key: "colour", valid: [...validKeys()] });
      expect(filterMessage(parsed.error)).toBe(
        "Unknown filter “colour”. Valid filters: dangling, label, reference, before, since, in-use, size.",
      );
    }
  });

  it("words bad booleans and sizes like the issue asks", () => {
    const bool = parseQuery("dangling=maybe");
    expect(!bool.ok && filterMessage(bool.error)).toBe(
      "dangling takes true or false, not “maybe”.",
    );
    const size = parseQuery("size>12XB");
    expect(!size.ok && filterMessage(size.error)).toMatch(/“12XB”.*B, kB, MB, GB or TB/);
  });

  it("does not touch its inputs", () => {
    const images = structuredClone(data.images);
    const parsed = parseQuery("nginx reference=* size>1B");
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      const frozen = structuredClone(parsed.query);
      applyQuery(parsed.query, images);
      expect(parsed.query).toEqual(frozen);
    }
    expect(images).toEqual(data.images);
  });

  it("sees a changed tag list on the same image object", () => {
    const image = structuredClone(data.images[6]);
    expect(filterImages("busybox", [image])).toEqual({ ok: true, indices: [0] });
    image.tags = ["other:1"];
    expect(filterImages("busybox", [image])).toEqual({ ok: true, indices: [] });
  });

  it("filters 5,000 images per keystroke quickly", () => {
    const many: ImageSummary[] = [];
    for (let i = 0; i < 5000; i++) {
      const base = data.images[i % data.images.length];
      const hex = i.toString(16).padStart(8, "0") + base.id.slice(15);
      many.push({
        ...base,
        id: `sha256:${hex}`,
        tags: base.tags.map((t) => t.replace(/:/, `-${i}:`)),
        created: base.created + i,
      });
    }
    const queries = ["n", "ng", "ngi", "ngin", "nginx", "nginx reference=*/* size>1MB"];
    filterImages("warm up", many);
    const start = performance.now();
    for (const q of queries) expect(filterImages(q, many).ok).toBe(true);
    const perKeystroke = (performance.now() - start) / queries.length;
    // Generous for a loaded 2-core CI machine; typically a few milliseconds.
    expect(perKeystroke).toBeLessThan(100);
  });
});
