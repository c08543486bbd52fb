import { describe, expect, it } from "vitest";
import { parseSort, sortImages, sortText } from "./sort";
import { fakeImage } from "../ipc/fake";

const a = fakeImage({ tags: ["alpine:3"], size: 7_000_000, created: 300 });
const b = fakeImage({ tags: ["busybox:1"], size: 2_000_000, created: 100 });
const none = fakeImage({ tags: [], size: 9_000_000, created: 200 });
const names = (list: { displayName: string }[]) => list.map((i) => i.displayName);

describe("sortImages", () => {
  it("sorts by created, size and name both ways", () => {
    expect(names(sortImages([a, b, none], { key: "created", dir: "desc" }))).toEqual([
      "alpine:3",
      none.displayName,
      "busybox:1",
    ]);
    expect(names(sortImages([a, b, none], { key: "size", dir: "asc" }))).toEqual([
      "busybox:1",
      "alpine:3",
      none.displayName,
    ]);
    expect(names(sortImages([none, b, a], { key: "name", dir: "asc" }))).toEqual([
      "alpine:3",
      "busybox:1",
      none.displayName,
    ]);
    // Dangling images stay last whichever way names go.
    expect(names(sortImages([none, b, a], { key: "name", dir: "desc" }))).toEqual([
      "busybox:1",
      "alpine:3",
      none.displayName,
    ]);
  });

  it("is stable for equal keys", () => {
    const x = fakeImage({ tags: ["x:1"], created: 5 });
    const y = fakeImage({ tags: ["y:1"], created: 5 });
    expect(names(sortImages([y, x], { key: "created", dir: "desc" }))).toEqual(["y:1", "x:1"]);
  });

  it("reads and writes its persisted form, falling back to newest first", () => {
    expect(parseSort("size:asc")).toEqual({ key: "size", dir: "asc" });
    expect(parseSort("bogus")).toEqual({ key: "created", dir: "desc" });
    expect(parseSort(null)).toEqual({ key: "created", dir: "desc" });
    expect(sortText({ key: "name", dir: "desc" })).toBe("name:desc");
  });
});

describe("ViewStore.shown", () => {
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
});
