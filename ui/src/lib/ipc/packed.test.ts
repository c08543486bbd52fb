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
      labels: [{ a: "1" }, {}],
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
      labels: [{}],
      totalSize: 1,
    });
    expect(list.images[0].dangling).toBe(false);
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
        labels: [{}, {}],
        totalSize: 3,
      }),
    ).toThrow(/columns of different lengths/);
  });
});
