import { afterEach, describe, expect, it } from "vitest";
import { languagesGivenAtStart } from "./tauri";

type WithLanguages = { __IMAGEN_LANGUAGES__?: unknown };

describe("languagesGivenAtStart", () => {
  afterEach(() => {
    delete (window as WithLanguages).__IMAGEN_LANGUAGES__;
  });

  it("is null when the backend put nothing in the page: the page asks instead", () => {
    expect(languagesGivenAtStart()).toBeNull();
  });

  it("reads the backend's list, best first, an empty one included", () => {
    (window as WithLanguages).__IMAGEN_LANGUAGES__ = Object.freeze(["es-AR", "en"]);
    expect(languagesGivenAtStart()).toEqual(["es-AR", "en"]);
    (window as WithLanguages).__IMAGEN_LANGUAGES__ = [];
    expect(languagesGivenAtStart()).toEqual([]);
  });

  it("keeps only plausible tags from anything else found there", () => {
    (window as WithLanguages).__IMAGEN_LANGUAGES__ = ["es", 42, "x".repeat(36), null];
    expect(languagesGivenAtStart()).toEqual(["es"]);
    (window as WithLanguages).__IMAGEN_LANGUAGES__ = "es";
    expect(languagesGivenAtStart()).toBeNull();
  });
});
