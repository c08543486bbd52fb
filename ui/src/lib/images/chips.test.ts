import { describe, expect, it } from "vitest";
import { CHIPS, hasTerm, toggleTerm } from "./chips";
import { setLocale } from "../i18n/locale.svelte";

describe("quick chips", () => {
  it("add and remove their term in the query text", () => {
    expect(toggleTerm("nginx", "in-use=true", "in-use=false")).toBe("nginx in-use=true");
    expect(toggleTerm("nginx in-use=true", "in-use=true", "in-use=false")).toBe("nginx");
    expect(hasTerm("nginx In-Use=TRUE", "in-use=true")).toBe(true);
  });

  it("read a term with a trailing comma as the term, and cut the comma with it", () => {
    expect(hasTerm("in-use=true, nginx", "in-use=true")).toBe(true);
    expect(toggleTerm("in-use=true, nginx", "in-use=true", "in-use=false")).toBe("nginx");
  });

  it("replace their opposite", () => {
    expect(toggleTerm("in-use=true redis", "in-use=false", "in-use=true")).toBe(
      "redis in-use=false",
    );
  });
});

describe("quick chips leave the rest of the query as typed", () => {
  it("append after a quoted value, keeping its spaces", () => {
    expect(toggleTerm('label=a="x  y"', "in-use=true", "in-use=false")).toBe(
      'label=a="x  y" in-use=true',
    );
    expect(toggleTerm('label=a="x  y"  ', "in-use=true", "in-use=false")).toBe(
      'label=a="x  y"  in-use=true',
    );
    expect(toggleTerm("", "dangling=true", "dangling=false")).toBe("dangling=true");
  });

  it("cut only their own term, with the space before it", () => {
    const typed = 'nginx  label=note="two  words"\tin-use=true  "in-use=true"';
    expect(toggleTerm(typed, "in-use=true", "in-use=false")).toBe(
      'nginx  label=note="two  words"  "in-use=true"',
    );
    expect(toggleTerm(typed, "in-use=false", "in-use=true")).toBe(
      'nginx  label=note="two  words"  "in-use=true" in-use=false',
    );
    expect(toggleTerm('in-use=true   "a  b"', "in-use=true", "in-use=false")).toBe('"a  b"');
    expect(toggleTerm("in-use=true x in-use=true", "in-use=true", "in-use=false")).toBe("x");
  });

  it("see a term as the filter reads it, not a quoted text that looks like one", () => {
    expect(hasTerm('"dangling=true"', "dangling=true")).toBe(false);
    expect(hasTerm('label=a="dangling=true"', "dangling=true")).toBe(false);
    expect(hasTerm("dangling=1", "dangling=true")).toBe(true);
    expect(hasTerm('dangling="true"', "dangling=true")).toBe(true);
    expect(toggleTerm("x in-use=1", "in-use=false", "in-use=true")).toBe("x in-use=false");
  });

  it("stay out of a quoted value still being typed", () => {
    expect(toggleTerm('nginx "two  wor', "in-use=true", "in-use=false")).toBe(
      'nginx in-use=true "two  wor',
    );
    expect(toggleTerm('in-use=false label=a="x  y', "in-use=true", "in-use=false")).toBe(
      'in-use=true label=a="x  y',
    );
    expect(hasTerm('"in-use=true', "in-use=true")).toBe(false);
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

describe("a spelling the filter refuses", () => {
  it("does not press the chip, and the chip puts it right", () => {
    expect(hasTerm("dangling=TRUE", "dangling=true")).toBe(false);
    expect(toggleTerm("dangling=TRUE", "dangling=true", "dangling=false")).toBe("dangling=true");
    expect(toggleTerm("a DANGLING=False", "dangling=true", "dangling=false")).toBe(
      "a dangling=true",
    );
    // Pressed for what it reads, the chip removes the refused spelling with it.
    expect(toggleTerm("dangling=1 dangling=TRUE", "dangling=true", "dangling=false")).toBe("");
  });
});
