import { describe, expect, it } from "vitest";
import { CHIPS, hasTerm, toggleTerm } from "./chips";
import { setLocale } from "../i18n/locale.svelte";

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

describe("quick chip labels", () => {
  it("follow the language; their terms are docker's", () => {
    expect(CHIPS.map((c) => c.label())).toEqual(["In use", "Unused", "Dangling"]);
    try {
      setLocale("es", null);
      expect(CHIPS.map((c) => c.label())).toEqual(["En uso", "Sin usar", "Huérfanas"]);
      expect(CHIPS.map((c) => c.term)).toEqual(["in-use=true", "in-use=false", "dangling=true"]);
    } finally {
      setLocale("en", null);
    }
  });
});
