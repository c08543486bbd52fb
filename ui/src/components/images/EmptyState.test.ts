import { render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../../lib/i18n/locale.svelte";
import EmptyState from "./EmptyState.svelte";

afterEach(() => setLocale("en"));

describe("EmptyState", () => {
  it("explains what an image is and how to get one", () => {
    render(EmptyState);
    expect(screen.getByRole("heading", { name: "No images yet" })).toBeInTheDocument();
    expect(screen.getByText(/template containers are created from/)).toBeInTheDocument();
    expect(screen.getByText("docker pull hello-world")).toBeInTheDocument();
    expect(screen.getByText(/refreshes when its window regains focus/)).toBeInTheDocument();
  });

  it("says it in Spanish, with the docker command left as docker spells it", () => {
    setLocale("es");
    render(EmptyState);
    expect(screen.getByRole("heading", { name: "Todavía no hay imágenes" })).toBeInTheDocument();
    expect(
      screen.getByText(/plantilla a partir de la cual se crean los contenedores/),
    ).toBeInTheDocument();
    expect(screen.getByText("docker pull hello-world")).toBeInTheDocument();
    expect(screen.getByText(/actualiza la lista cuando vuelves a su ventana/)).toBeInTheDocument();
  });
});
