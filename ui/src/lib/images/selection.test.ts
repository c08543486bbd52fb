import { describe, expect, it } from "vitest";
import { SelectionStore } from "./selection.svelte";

const shown = ["a", "b", "c", "d", "e"].map((id) => ({ id }));
const ids = (s: SelectionStore) => [...s.ids].sort();

describe("SelectionStore", () => {
  it("toggles single images", () => {
    const s = new SelectionStore();
    s.toggle("b");
    s.toggle("d");
    expect(ids(s)).toEqual(["b", "d"]);
    expect(s.has("b")).toBe(true);
    expect(s.size).toBe(2);
    s.toggle("b");
    expect(ids(s)).toEqual(["d"]);
    expect(s.has("b")).toBe(false);
  });

  it("selects a Shift-click range in the shown order, from the last clicked", () => {
    const s = new SelectionStore();
    s.click("b", true, false, shown);
    s.click("d", true, true, shown);
    expect(ids(s)).toEqual(["b", "c", "d"]);
    // Backwards from the new anchor (d).
    s.click("a", true, true, shown);
    expect(ids(s)).toEqual(["a", "b", "c", "d"]);
  });

  it("follows the order shown, not the order of IDs", () => {
    const s = new SelectionStore();
    const sorted = ["e", "a", "d", "b", "c"].map((id) => ({ id }));
    s.click("a", true, false, sorted);
    s.click("b", true, true, sorted);
    expect(ids(s)).toEqual(["a", "b", "d"]);
  });

  it("clears a range when the Shift-clicked box is being unchecked", () => {
    const s = new SelectionStore();
    s.selectAll(shown);
    s.click("b", false, false, shown);
    s.click("d", false, true, shown);
    expect(ids(s)).toEqual(["a", "e"]);
  });

  it("acts on one image when there is no anchor or it is filtered out", () => {
    const s = new SelectionStore();
    s.click("c", true, true, shown);
    expect(ids(s)).toEqual(["c"]);
    s.click("a", true, false, shown);
    const filtered = shown.filter((i) => i.id !== "a");
    s.click("e", true, true, filtered);
    expect(ids(s)).toEqual(["a", "c", "e"]);
  });

  it("adds the shown images, keeping ones picked earlier that the filter hides", () => {
    const s = new SelectionStore();
    s.toggle("z"); // hidden by the filter now
    s.selectAll(shown.slice(1, 3));
    expect(ids(s)).toEqual(["b", "c", "z"]);
  });

  it("clears, and forgets the anchor", () => {
    const s = new SelectionStore();
    s.click("b", true, false, shown);
    s.clear();
    expect(s.size).toBe(0);
    expect(s.anchor).toBeNull();
    s.click("d", true, true, shown);
    expect(ids(s)).toEqual(["d"]);
  });

  it("forgets images gone after a refresh, and keeps the set when none went", () => {
    const s = new SelectionStore();
    s.selectAll(shown);
    const before = s.ids;
    s.retain([...shown, { id: "new" }]);
    expect(s.ids).toBe(before);
    s.click("e", false, false, shown); // anchor e
    s.retain(shown.filter((i) => i.id !== "b" && i.id !== "e"));
    expect(ids(s)).toEqual(["a", "c", "d"]);
    expect(s.anchor).toBeNull();
  });

  it("does not replace the set when nothing changes", () => {
    const s = new SelectionStore();
    s.toggle("a");
    const before = s.ids;
    s.click("a", true, false, shown);
    expect(s.ids).toBe(before);
  });

  it("picks the selected images in the list's order", () => {
    const s = new SelectionStore();
    s.toggle("d");
    s.toggle("a");
    expect(s.pick(shown).map((i) => i.id)).toEqual(["a", "d"]);
  });
});
