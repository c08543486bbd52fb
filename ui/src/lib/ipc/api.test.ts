import { describe, expect, it } from "vitest";
import { toImagenError } from "./api";

describe("toImagenError", () => {
  it("keeps tagged errors from the backend as they are", () => {
    const err = { kind: "EngineTimeout", address: "unix:///x", seconds: 10 };
    expect(toImagenError(err)).toBe(err);
  });

  it("wraps anything else as Internal, keeping its message", () => {
    expect(toImagenError(new Error("boom"))).toEqual({ kind: "Internal", message: "boom" });
    expect(toImagenError("text")).toEqual({ kind: "Internal", message: "text" });
    expect(toImagenError({ kind: "Nope" })).toEqual({
      kind: "Internal",
      message: "[object Object]",
    });
  });
});
