import { render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../../lib/i18n/locale.svelte";
import LoadingGrid from "./LoadingGrid.svelte";

afterEach(() => setLocale("en"));

describe("LoadingGrid", () => {
  it("is a status that says images are loading", () => {
    render(LoadingGrid);
    expect(screen.getByRole("status", { name: "Loading images" })).toHaveTextContent(
      "Loading images…",
    );
  });

  it("says it in Spanish", () => {
    setLocale("es");
    render(LoadingGrid);
    expect(
      screen.getByRole("status", { name: "Leyendo las imágenes del motor" }),
    ).toHaveTextContent("Leyendo las imágenes del motor…");
  });
});
