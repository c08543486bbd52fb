import { describe, expect, it } from "vitest";
import { columnsFor, layoutRows, visibleRows } from "./windowing";

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
