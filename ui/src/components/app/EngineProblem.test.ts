import { fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setLocale } from "../../lib/i18n/locale.svelte";
import EngineProblem from "./EngineProblem.svelte";
import { engineHelp } from "../../lib/app/engine-help";
import type { ImagenError } from "../../lib/ipc/api";

const refused: ImagenError = {
  kind: "EngineUnreachable",
  address: "unix:///var/run/docker.sock",
  reason: "Connection refused",
  cause: "Refused",
};

afterEach(() => setLocale("en"));

describe("EngineProblem", () => {
  it("says what failed, where, and how to start an engine on this OS", async () => {
    const onretry = vi.fn();
    render(EngineProblem, { props: { error: refused, os: "linux", busy: false, onretry } });
    const help = engineHelp(refused, "linux");
    expect(screen.getByRole("heading", { name: help.title })).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent("unix:///var/run/docker.sock");
    expect(screen.getByText("sudo systemctl start docker")).toBeInTheDocument();
    await fireEvent.click(screen.getByRole("button", { name: "Retry" }));
    expect(onretry).toHaveBeenCalledOnce();
  });

  it("numbers steps that follow each other, not ways to do the same thing", () => {
    // Linux and macOS: start the service or open Docker Desktop (Colima): one of them.
    const { unmount } = render(EngineProblem, {
      props: { error: refused, os: "linux", busy: false, onretry: vi.fn() },
    });
    expect(screen.getByRole("list").tagName).toBe("UL");
    unmount();
    // Windows: open Docker Desktop, then check in a terminal that it answers.
    render(EngineProblem, {
      props: { error: refused, os: "windows", busy: false, onretry: vi.fn() },
    });
    expect(screen.getByRole("list").tagName).toBe("OL");
  });

  it("shows that it is connecting while busy", () => {
    render(EngineProblem, { props: { error: refused, os: "macos", busy: true, onretry: vi.fn() } });
    expect(screen.getByRole("button", { name: "Connecting…" })).toHaveAttribute(
      "aria-disabled",
      "true",
    );
  });

  it("says it in Spanish, per OS, with the commands and the address left as they are", async () => {
    setLocale("es");
    const { unmount } = render(EngineProblem, {
      props: { error: refused, os: "linux", busy: false, onretry: vi.fn() },
    });
    expect(screen.getByRole("heading", { name: "Docker no está en marcha" })).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent(
      "Imagen no pudo conectar con el motor de Docker en unix:///var/run/docker.sock (conexión rechazada).",
    );
    expect(screen.getByText(/Inicia el servicio de Docker/)).toBeInTheDocument();
    expect(screen.getByText("sudo systemctl start docker")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Reintentar" })).toBeInTheDocument();
    unmount();

    render(EngineProblem, { props: { error: refused, os: "macos", busy: true, onretry: vi.fn() } });
    expect(
      screen.getByText(/Abre Docker Desktop y espera a que diga «Engine running»/),
    ).toBeInTheDocument();
    expect(screen.getByText("colima start")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Conectando…" })).toHaveAttribute(
      "aria-disabled",
      "true",
    );
  });

  it("suggests the docker group on Linux when the engine refuses Imagen, by the typed cause", () => {
    const denied: ImagenError = {
      ...refused,
      reason: "Acceso denegado",
      cause: "PermissionDenied",
    };
    render(EngineProblem, { props: { error: denied, os: "linux", busy: false, onretry: vi.fn() } });
    expect(screen.getByRole("heading")).toHaveTextContent(
      "Imagen is not allowed to use the Docker engine",
    );
    expect(screen.getByText("sudo usermod -aG docker $USER")).toBeInTheDocument();
  });
});
