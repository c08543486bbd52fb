import { describe, expect, it } from "vitest";
import { columnsFor, fixedRows, layoutRows, visibleRows } from "./windowing";

describe("grid windowing", () => {
  it("counts columns like auto-fill minmax(300px, 1fr)", () => {
    expect(columnsFor(200)).toBe(1);
    expect(columnsFor(616)).toBe(2);
    expect(columnsFor(615)).toBe(1);
    expect(columnsFor(1152)).toBe(3);
  });

  it("lays rows out with measured heights and an estimate for the rest", () => {
    const { tops, total } = layoutRows(3, new Map([[0, 100]]), 200, 10);
    expect([...tops]).toEqual([0, 110, 320]);
    expect(total).toBe(520);
  });

  it("finds the rows in view plus overscan", () => {
    const { tops, total } = layoutRows(1000, new Map(), 100, 0);
    expect(visibleRows(tops, total, 0, 500, 0)).toEqual({ first: 0, last: 5 });
    expect(visibleRows(tops, total, 5000, 5300, 200)).toEqual({ first: 48, last: 55 });
    expect(visibleRows(tops, total, 99_900, 100_500, 0)).toEqual({ first: 999, last: 999 });
    expect(visibleRows(new Float64Array(0), 0, 0, 100)).toEqual({ first: 0, last: -1 });
  });
});

describe("fixed-height rows (the JSON tree)", () => {
  it("finds the rows in view plus overscan rows, within the list", () => {
    // 1000 rows of 24 px, 4 px of padding, a 480 px viewport.
    expect(fixedRows(1000, 24, 0, 480, 10, 4)).toEqual({ first: 0, end: 30 });
    expect(fixedRows(1000, 24, 2400, 480, 10, 4)).toEqual({ first: 89, end: 130 });
    // Scrolled past the end (the list just got shorter): clamped to the last screenful.
    expect(fixedRows(100, 24, 10_000, 480, 10, 4)).toEqual({ first: 70, end: 100 });
    expect(fixedRows(0, 24, 0, 480, 10)).toEqual({ first: 0, end: 0 });
  });
});
