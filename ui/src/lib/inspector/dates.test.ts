import { describe, expect, it } from "vitest";
import { engineDate, isNoDate } from "./dates";

describe("engineDate", () => {
  it("cuts the fraction of a second to milliseconds", () => {
    expect(engineDate("2026-12-01T18:29:09.616174445Z")).toBe("2026-12-01T18:29:09.616Z");
  });
});

describe("isNoDate", () => {
  it("takes Go's zero time and anything up to 2000-01-01 for no time, as docker does", () => {
    expect(isNoDate("0001-01-01T00:00:00Z")).toBe(true);
    expect(isNoDate("1970-01-01T00:00:00Z")).toBe(true);
    expect(isNoDate("2000-01-01T00:00:00Z")).toBe(true);
  });

  it("takes a later time, or text that is no time at all, for something else", () => {
    expect(isNoDate("2000-01-01T00:00:01Z")).toBe(false);
    expect(isNoDate("2026-12-01T18:29:09.616174445Z")).toBe(false);
    expect(isNoDate("")).toBe(false);
    expect(isNoDate("yesterday")).toBe(false);
  });
});
