import { fireEvent, render, screen } from "@testing-library/svelte";
import { tick } from "svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setLocale } from "../../lib/i18n/locale.svelte";
import ErrorPanel from "./ErrorPanel.svelte";

afterEach(() => setLocale("en"));

describe("ErrorPanel", () => {
  it("names the error with the engine's message and retries", async () => {
    const onretry = vi.fn();
    render(ErrorPanel, {
      props: {
        error: { kind: "EngineRejected", status: 500, message: "server error" },
        busy: false,
        onretry,
      },
    });
    expect(screen.getByRole("alert")).toHaveTextContent(
      "The Docker engine refused the request (500)",
    );
    expect(screen.getByText("The engine said: server error")).toBeInTheDocument();
    await fireEvent.click(screen.getByRole("button", { name: "Retry" }));
    expect(onretry).toHaveBeenCalledOnce();
  });

  it("cannot retry while busy", async () => {
    const onretry = vi.fn();
    render(ErrorPanel, {
      props: { error: { kind: "Internal", message: "boom" }, busy: true, onretry },
    });
    expect(screen.getByRole("heading")).toHaveTextContent("Imagen hit an internal error");
    const retry = screen.getByRole("button", { name: "Trying again…" });
    expect(retry).toHaveAttribute("aria-disabled", "true");
    await fireEvent.click(retry);
    expect(onretry).not.toHaveBeenCalled();
  });

  it("says it in Spanish, quoting the engine's own words as they are", () => {
    setLocale("es");
    render(ErrorPanel, {
      props: {
        error: { kind: "EngineRejected", status: 500, message: "layer store is corrupt" },
        busy: false,
        onretry: vi.fn(),
      },
    });
    expect(screen.getByRole("heading")).toHaveTextContent(
      "El motor de Docker rechazó la solicitud (500)",
    );
    expect(screen.getByText("El motor dijo: layer store is corrupt")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Reintentar" })).toBeEnabled();
  });

  it("words any other kind through the one place, in the language of the moment", async () => {
    render(ErrorPanel, {
      props: {
        error: { kind: "NoSuchImage", reference: "nginx:alpine" },
        busy: false,
        onretry: vi.fn(),
      },
    });
    expect(screen.getByRole("alert")).toHaveTextContent(
      "The image nginx:alpine is no longer on this engine.",
    );
    setLocale("es");
    await tick();
    expect(screen.getByRole("alert")).toHaveTextContent(
      "La imagen nginx:alpine ya no está en este motor.",
    );
  });
});
