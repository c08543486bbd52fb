import { describe, expect, it } from "vitest";
import { hasTerm, toggleTerm } from "./chips";

describe("quick chips", () => {
  it("add and remove their term in the query text", () => {
    expect(toggleTerm("nginx", "in-use=true", "in-use=false")).toBe("nginx in-use=true");
    expect(toggleTerm("nginx in-use=true", "in-use=true", "in-use=false")).toBe("nginx");
    expect(hasTerm("nginx In-Use=TRUE", "in-use=true")).toBe(true);
  });

  it("replace their opposite", () => {
    expect(toggleTerm("in-use=true redis", "in-use=false", "in-use=true")).toBe(
      "redis in-use=false",
    );
  });
});
