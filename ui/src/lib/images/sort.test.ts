import { displayName } from "./names";
import { afterEach, describe, expect, it } from "vitest";
import { parseSort, SORT_OPTIONS, sortImages, sortText, type Sort } from "./sort";
import { setLocale } from "../i18n/locale.svelte";
import { filterImages } from "./filter";
import { fakeImage } from "../ipc/fake";
import { syntheticImages } from "../../../bench/synthetic";
import type { ImageSummary } from "../ipc/api";

const a = fakeImage({ tags: ["alpine:3"], size: 7_000_000, created: 300 });
const b = fakeImage({ tags: ["busybox:1"], size: 2_000_000, created: 100 });
const none = fakeImage({ tags: [], size: 9_000_000, created: 200 });
const names = (list: ImageSummary[]) => list.map(displayName);

describe("sortImages", () => {
  it("sorts by created, size and name both ways", () => {
    expect(names(sortImages([a, b, none], { key: "created", dir: "desc" }))).toEqual([
      "alpine:3",
      displayName(none),
      "busybox:1",
    ]);
    expect(names(sortImages([a, b, none], { key: "size", dir: "asc" }))).toEqual([
      "busybox:1",
      "alpine:3",
      displayName(none),
    ]);
    expect(names(sortImages([none, b, a], { key: "name", dir: "asc" }))).toEqual([
      "alpine:3",
      "busybox:1",
      displayName(none),
    ]);
    // Dangling images stay last whichever way names go.
    expect(names(sortImages([none, b, a], { key: "name", dir: "desc" }))).toEqual([
      "busybox:1",
      "alpine:3",
      displayName(none),
    ]);
  });

  it("is stable for equal keys", () => {
    const x = fakeImage({ tags: ["x:1"], created: 5 });
    const y = fakeImage({ tags: ["y:1"], created: 5 });
    expect(names(sortImages([y, x], { key: "created", dir: "desc" }))).toEqual(["y:1", "x:1"]);
  });

  it("orders like a stable comparison sort: shuffled, in order, reversed, with ties", () => {
    const SORTS: Sort[] = ["created", "size", "name"].flatMap((key) =>
      ["asc", "desc"].map((dir) => ({ key, dir }) as Sort),
    );
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const lists: ImageSummary[][] = [];
    for (let n = 0; n < 40; n++) {
      lists.push(
        Array.from({ length: 1 + Math.floor(random() * 30) }, (_, i) =>
          fakeImage({
            tags: random() < 0.2 ? [] : [`r${Math.floor(random() * 5)}:t${i}`],
            created: Math.floor(random() * 6),
            size: Math.floor(random() * 4),
          }),
        ),
      );
    }
    const ascending = Array.from({ length: 50 }, (_, i) =>
      fakeImage({ tags: [`a${i}:1`], created: i, size: i }),
    );
    lists.push(ascending, [...ascending].reverse());
    for (const list of lists) {
      for (const sort of SORTS) expect(sortImages(list, sort)).toEqual(reference(list, sort));
    }
  });

  it("reads and writes its persisted form, falling back to newest first", () => {
    expect(parseSort("size:asc")).toEqual({ key: "size", dir: "asc" });
    expect(parseSort("bogus")).toEqual({ key: "created", dir: "desc" });
    expect(parseSort(null)).toEqual({ key: "created", dir: "desc" });
    expect(sortText({ key: "name", dir: "desc" })).toBe("name:desc");
  });
});

/** The comparison sort `sortImages` replaced, as it was. */
function reference(images: ImageSummary[], sort: Sort): ImageSummary[] {
  const sign = sort.dir === "asc" ? 1 : -1;
  const by = {
    created: (a: ImageSummary, b: ImageSummary) => a.created - b.created,
    size: (a: ImageSummary, b: ImageSummary) => a.size - b.size,
    name: (a: ImageSummary, b: ImageSummary) =>
      a.dangling !== b.dangling
        ? sign * (a.dangling ? 1 : -1)
        : displayName(a).localeCompare(displayName(b)),
  }[sort.key];
  return images
    .map((image, index) => ({ image, index }))
    .sort((a, b) => sign * by(a.image, b.image) || a.index - b.index)
    .map(({ image }) => image);
}

describe("ViewStore.shown", () => {
  it("shows what filtering then sorting gives, for every sort, as the query changes", async () => {
    const { ViewStore } = await import("./view.svelte");
    const view = new ViewStore(null);
    const all = syntheticImages(400);
    const queries = ["", "service-1", "service-12", "service-12 ", "tier", "label=tier=gold"];
    queries.push("reference=*/team-7/*", "size>500MB in-use=false", "dangling=true", "");
    for (const key of ["created", "size", "name"] as const) {
      for (const dir of ["asc", "desc"] as const) {
        view.setSort({ key, dir });
        for (const query of queries) {
          view.setQuery(query);
          const result = filterImages(query, all);
          if (!result.ok) throw new Error(query);
          const expected = reference(
            result.indices.map((i) => all[i]!),
            { key, dir },
          );
          const shown = view.shown(all);
          expect(shown.images).toEqual(expected);
          expect(shown.totalSize).toBe(expected.reduce((sum, i) => sum + i.size, 0));
          expect(shown.untagged).toBe(expected.filter((i) => i.tags.length === 0).length);
          expect(shown.error).toBeNull();
        }
      }
    }
  });

  it("gives the same result back while the query asks the same", async () => {
    const { ViewStore } = await import("./view.svelte");
    const view = new ViewStore(null);
    const list = [a, b, none];
    view.setQuery("alpine");
    const first = view.shown(list);
    view.setQuery("alpine ");
    expect(view.shown(list)).toBe(first);
    // Another list or another sort is another result.
    expect(view.shown([a, b])).not.toBe(first);
    view.setQuery("");
    view.setSort({ key: "size", dir: "asc" });
    expect(view.shown(list).images).toEqual([b, a, none]);
  });

  it("keeps the last valid result while the query is invalid, and says why", async () => {
    const { ViewStore } = await import("./view.svelte");
    const view = new ViewStore(null);
    view.setQuery("alpine");
    expect(names(view.shown([a, b, none]).images)).toEqual(["alpine:3"]);
    view.setQuery("alpine label=");
    const shown = view.shown([a, b, none]);
    expect(names(shown.images)).toEqual(["alpine:3"]);
    expect(shown.error).toMatch(/label/);
  });

  it("never keeps a card for an image gone from the list while a query cannot be applied", async () => {
    const { ViewStore } = await import("./view.svelte");
    const view = new ViewStore(null);
    const x = fakeImage({ tags: ["x:1"], created: 100 });
    const y = fakeImage({ tags: ["y:1"], created: 200, size: 5 });
    view.setQuery("since=x:1");
    expect(view.shown([x, y]).images).toEqual([y]);
    // `docker rmi x:1 y:1`, `docker pull z:1` in a terminal: x:1 is no longer there to
    // compare with, and y:1 is gone.
    const z = fakeImage({ tags: ["z:1"], created: 300 });
    const after = view.shown([z]);
    expect(after.images).toEqual([]);
    expect(after.totalSize).toBe(0);
    expect(after.error).toMatch(/x:1/);

    // Another engine, without the image `before=` names: none of the first engine's cards.
    view.setQuery("before=nginx:latest");
    const old = fakeImage({ tags: ["old:1"], created: 50 });
    const nginx = fakeImage({ tags: ["nginx:latest"], created: 400 });
    expect(view.shown([old, nginx]).images).toEqual([old]);
    const other = fakeImage({ tags: ["other:1"], created: 10 });
    expect(view.shown([other]).images).toEqual([]);

    // An image still listed stays, as listed now (untagged meanwhile), also while the query
    // is half typed.
    expect(view.shown([old, nginx]).images).toEqual([old]);
    const untaggedOld = { ...old, tags: [] };
    view.setQuery("before=nginx:latest label=");
    const held = view.shown([untaggedOld, other]);
    expect(held.images).toEqual([untaggedOld]);
    expect(held.images[0]).toBe(untaggedOld);
    expect(held.untagged).toBe(1);
    expect(held.totalSize).toBe(old.size);
    expect(held.error).toMatch(/label/);
  });

  it("says why in the current language", async () => {
    const { ViewStore } = await import("./view.svelte");
    const view = new ViewStore(null);
    view.setQuery("dangling=maybe");
    try {
      setLocale("es", null);
      expect(view.shown([a, b, none]).error).toBe(
        "dangling admite true, false, 1 o 0, no «maybe».",
      );
    } finally {
      setLocale("en", null);
    }
    expect(view.shown([a, b, none]).error).toBe("dangling takes true, false, 1 or 0, not “maybe”.");
  });
});

describe("SORT_OPTIONS", () => {
  afterEach(() => setLocale("en", null));

  it("offers every sort, labelled in the current language", () => {
    expect(SORT_OPTIONS.map((o) => parseSort(o.value))).toEqual(
      SORT_OPTIONS.map((o) => {
        const [key, dir] = o.value.split(":");
        return { key, dir };
      }),
    );
    expect(SORT_OPTIONS.map((o) => o.label())).toContain("Largest first");
    setLocale("es", null);
    expect(SORT_OPTIONS.map((o) => o.label())).toContain("Más grandes primero");
  });
});
