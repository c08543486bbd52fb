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

/** The comparison sort `sortImages` replaced, as it was, numbers in names read as numbers
 * (the app's language is English here). */
function reference(images: ImageSummary[], sort: Sort): ImageSummary[] {
  const sign = sort.dir === "asc" ? 1 : -1;
  const by = {
    created: (a: ImageSummary, b: ImageSummary) => a.created - b.created,
    size: (a: ImageSummary, b: ImageSummary) => a.size - b.size,
    name: (a: ImageSummary, b: ImageSummary) =>
      a.dangling !== b.dangling
        ? sign * (a.dangling ? 1 : -1)
        : displayName(a).localeCompare(displayName(b), "en", { numeric: true }),
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
    // compare with, and y:1 is gone. Nothing of the last result is left to keep: the list,
    // unfiltered, rather than an empty grid that reads as "nothing matches".
    const z = fakeImage({ tags: ["z:1"], created: 300, size: 7 });
    const after = view.shown([z]);
    expect(after.images).toEqual([z]);
    expect(after.totalSize).toBe(7);
    expect(after.unfiltered).toBe(true);
    expect(after.error).toMatch(/x:1/);

    // Another engine, without the image `before=` names: none of the first engine's cards,
    // but this engine's, unfiltered.
    view.setQuery("before=nginx:latest");
    const old = fakeImage({ tags: ["old:1"], created: 50 });
    const nginx = fakeImage({ tags: ["nginx:latest"], created: 400 });
    expect(view.shown([old, nginx]).images).toEqual([old]);
    const other = fakeImage({ tags: ["other:1"], created: 10 });
    const otherEngine = view.shown([other]);
    expect(otherEngine.images).toEqual([other]);
    expect(otherEngine.unfiltered).toBe(true);
    expect(otherEngine.error).toMatch(/nginx:latest/);

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
    expect(held.unfiltered).toBe(false);
  });

  it("shows every image, unfiltered, for a saved query that cannot be applied at start", async () => {
    const { ViewStore } = await import("./view.svelte");
    // `since=gone:1` typed yesterday; gone:1 pruned since: no filter has worked on this list.
    for (const query of ["since=gone:1", "label=", '"nginx']) {
      const stored = new Map([["imagen.query", query]]);
      const view = new ViewStore({
        getItem: (k) => stored.get(k) ?? null,
        setItem: (k, v) => void stored.set(k, v),
      });
      const list = [a, b];
      const shown = view.shown(list);
      expect(shown.images).toEqual([a, b]);
      expect(shown.totalSize).toBe(a.size + b.size);
      expect(shown.unfiltered).toBe(true);
      expect(shown.error).not.toBeNull();
      if (query === "since=gone:1") expect(shown.error).toMatch(/gone:1/);
      // The same array on each keystroke while it stays wrong: the grid keeps its cards.
      view.setQuery(`${query} label=`);
      expect(view.shown(list).images).toBe(shown.images);
    }
  });

  it("keeps an empty result that was valid for this very list while the query is half typed", async () => {
    const { ViewStore } = await import("./view.svelte");
    const view = new ViewStore(null);
    const list = [a, b];
    view.setQuery("zzz");
    expect(view.shown(list).images).toEqual([]);
    view.setQuery("zzz label=");
    const shown = view.shown(list);
    expect(shown.images).toEqual([]);
    expect(shown.unfiltered).toBe(false);
    // A refresh (any engine event) brings a new list: still the empty result, not every card.
    const again = view.shown([...list]);
    expect(again.images).toEqual([]);
    expect(again.unfiltered).toBe(false);
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

describe("sorting by name", () => {
  afterEach(() => setLocale("en", null));

  it("reads numbers in tags as numbers: node:9 before node:22, nginx:1.9 before nginx:1.10", () => {
    const tagged = (tags: string[]) => tags.map((t) => fakeImage({ tags: [t] }));
    expect(names(sortImages(tagged(["node:22", "node:9"]), { key: "name", dir: "asc" }))).toEqual([
      "node:9",
      "node:22",
    ]);
    expect(
      names(sortImages(tagged(["n:1.10", "n:1.9", "n:1.2"]), { key: "name", dir: "asc" })),
    ).toEqual(["n:1.2", "n:1.9", "n:1.10"]);
  });

  it("collates in the app's language, not the web view's", async () => {
    const list = ["ñu:1", "nz:1", "oso:1"].map((t) => fakeImage({ tags: [t] }));
    const { ViewStore } = await import("./view.svelte");
    const view = new ViewStore(null);
    view.setSort({ key: "name", dir: "asc" });
    // English puts ñ with n; Spanish after it.
    expect(names(view.shown(list).images)).toEqual(["ñu:1", "nz:1", "oso:1"]);
    setLocale("es", null);
    expect(names(view.shown(list).images)).toEqual(["nz:1", "ñu:1", "oso:1"]);
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
