import { describe, expect, it } from "vitest";
import { isTextEntry } from "./text-entry";

const input = (type: string) => Object.assign(document.createElement("input"), { type });

describe("isTextEntry", () => {
  it("is true where a key types: text fields, text areas, selects", () => {
    for (const type of ["text", "search", "number", "password"]) {
      expect(isTextEntry(input(type))).toBe(true);
    }
    expect(isTextEntry(document.createElement("textarea"))).toBe(true);
    expect(isTextEntry(document.createElement("select"))).toBe(true);
  });

  it("is false on inputs that type nothing, on buttons and on the page", () => {
    for (const type of ["checkbox", "radio", "button", "range", "file"]) {
      expect(isTextEntry(input(type))).toBe(false);
    }
    expect(isTextEntry(document.createElement("button"))).toBe(false);
    expect(isTextEntry(document.body)).toBe(false);
    expect(isTextEntry(null)).toBe(false);
  });
});
