import { describe, expect, it } from "vitest";
import type { ImageList } from "./bindings";
import { unpackImageList } from "./packed";

const A = `sha256:${"a".repeat(64)}`;
const B = `sha256:${"b".repeat(64)}`;

describe("unpackImageList", () => {
  it("turns the packed columns back into one summary per image, in order", () => {
    const list: ImageList = unpackImageList({
      ids: [B, A],
      tags: [["web:1", "web:latest"], []],
      digests: [[], []],
      sizes: [5600, 1980000],
      created: [2000, 1000],
      containers: [1, 2, 0, 3],
      labels: [[0, 1], []],
      labelTexts: ["a", "1"],
      digestNamed: [],
      totalSize: 1985600,
    });
    expect(list).toEqual({
      images: [
        {
          id: B,
          tags: ["web:1", "web:latest"],
          digests: [],
          size: 5600,
          created: 2000,
          dangling: false,
          digestNamed: false,
          containers: { running: 1, stopped: 2 },
          labels: { a: "1" },
        },
        {
          id: A,
          tags: [],
          digests: [],
          size: 1980000,
          created: 1000,
          dangling: true,
          digestNamed: false,
          containers: { running: 0, stopped: 3 },
          labels: {},
        },
      ],
      totalSize: 1985600,
    });
  });

  it("a digest alone is not dangling", () => {
    const list = unpackImageList({
      ids: [A],
      tags: [[]],
      digests: [[`web@sha256:${"c".repeat(64)}`]],
      sizes: [1],
      created: [1],
      containers: [0, 0],
      labels: [[]],
      labelTexts: [],
      digestNamed: [],
      totalSize: 1,
    });
    expect(list.images[0].dangling).toBe(false);
    expect(list.images[0].digestNamed).toBe(false);
  });

  it("marks the images a digest names, by index, and refuses an index outside the list", () => {
    const packed = {
      ids: [B, A],
      tags: [[], []],
      digests: [[], [`web@sha256:${"c".repeat(64)}`]],
      sizes: [1, 1],
      created: [1, 1],
      containers: [0, 0, 0, 0],
      labels: [[], []],
      labelTexts: [],
      digestNamed: [1],
      totalSize: 2,
    };
    expect(unpackImageList(packed).images.map((i) => i.digestNamed)).toEqual([false, true]);
    expect(() => unpackImageList({ ...packed, digestNamed: [2] })).toThrow(/image 2 of 2/);
    expect(() => unpackImageList({ ...packed, digestNamed: [-1] })).toThrow(/image -1 of 2/);
  });

  it("refuses columns of different lengths rather than mixing images up", () => {
    expect(() =>
      unpackImageList({
        ids: [A, B],
        tags: [[]],
        digests: [[], []],
        sizes: [1, 2],
        created: [1, 2],
        containers: [0, 0, 0, 0],
        labels: [[], []],
        labelTexts: [],
        digestNamed: [],
        totalSize: 3,
      }),
    ).toThrow(/columns of different lengths/);
  });

  const one = (labels: number[], labelTexts: string[]) =>
    unpackImageList({
      ids: [A],
      tags: [["web:1"]],
      digests: [[]],
      sizes: [1],
      created: [1],
      containers: [0, 0],
      labels: [labels],
      labelTexts,
      digestNamed: [],
      totalSize: 1,
    }).images[0].labels;

  it("labels share the texts' table, keys and values alike, in the order sent", () => {
    const texts = ["org.opencontainers.image.licenses", "MIT", "tier", "gold"];
    expect(Object.entries(one([0, 1, 2, 3], texts))).toEqual([
      ["org.opencontainers.image.licenses", "MIT"],
      ["tier", "gold"],
    ]);
    expect(one([2, 2], texts)).toEqual({ tier: "tier" });
  });

  it("a label called __proto__ is a label, not the object's prototype", () => {
    const labels = one([0, 1], ["__proto__", "x"]);
    expect(Object.getPrototypeOf(labels)).toBe(Object.prototype);
    expect(Object.keys(labels)).toEqual(["__proto__"]);
    expect(labels["__proto__"]).toBe("x");
  });

  it("refuses a label that points outside its table, or a key without a value", () => {
    expect(() => one([0, 5], ["a"])).toThrow(/not in its table/);
    expect(() => one([0], ["a"])).toThrow(/without a value/);
  });
});
