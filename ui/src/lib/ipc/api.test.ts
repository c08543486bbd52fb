import { describe, expect, it } from "vitest";
import { toImagenError } from "./api";

describe("toImagenError", () => {
  it("keeps tagged errors from the backend as they are", () => {
    const err = { kind: "EngineTimeout", address: "unix:///x", seconds: 10 };
    expect(toImagenError(err)).toBe(err);
  });

  it("keeps the kinds of plans kept in the backend", () => {
    for (const err of [
      { kind: "InvalidInput", field: "plan", reason: "it is empty" },
      { kind: "UnknownPlan", id: "plan-1" },
      { kind: "AlreadyRunning", id: "plan-1" },
      { kind: "EngineChanged", changes: [{ kind: "OutcomeChanged" }] },
    ])
      expect(toImagenError(err)).toBe(err);
  });

  it("wraps anything else as Internal, keeping its message", () => {
    expect(toImagenError(new Error("boom"))).toEqual({ kind: "Internal", message: "boom" });
    expect(toImagenError("text")).toEqual({ kind: "Internal", message: "text" });
    expect(toImagenError({ kind: "Nope" })).toEqual({
      kind: "Internal",
      message: "[object Object]",
    });
    // Not fooled by what every object inherits.
    expect(toImagenError({ kind: "toString" }).kind).toBe("Internal");
  });
});
