import { describe, expect, it } from "vitest";
import { count, listWords, plural } from "./words";

describe("listWords", () => {
  it("joins with commas and a final “and”", () => {
    expect(listWords([])).toBe("");
    expect(listWords(["a"])).toBe("a");
    expect(listWords(["a", "b"])).toBe("a and b");
    expect(listWords(["a", "b", "c"])).toBe("a, b and c");
  });
});

describe("plural and count", () => {
  it("word the number", () => {
    expect(plural(1, "tag")).toBe("tag");
    expect(plural(0, "tag")).toBe("tags");
    expect(plural(2, "child", "children")).toBe("children");
    expect(count(1, "container")).toBe("1 container");
    expect(count(3, "container")).toBe("3 containers");
  });
});
