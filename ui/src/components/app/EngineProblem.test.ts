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

  it("gives a web address to copy, without a prompt, when there is no Docker to start", () => {
    const pipe: ImagenError = {
      kind: "EngineUnreachable",
      address: "npipe:////./pipe/docker_engine",
      reason: "the named pipe does not exist",
      cause: "NoSocket",
    };
    render(EngineProblem, {
      props: { error: pipe, os: "windows", software: [], busy: false, onretry: vi.fn() },
    });
    const page = "https://www.docker.com/products/docker-desktop/";
    expect(
      screen.getByRole("heading", { name: "Imagen found no Docker on this computer" }),
    ).toBeInTheDocument();
    expect(screen.getByText(page).textContent).toBe(page);
    expect(screen.getByRole("button", { name: `Copy the address ${page}` })).toBeInTheDocument();
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

  it("sends a Windows user whose remote engine is out of reach to the network, not to Docker Desktop", () => {
    const far: ImagenError = {
      kind: "EngineUnreachable",
      address: "ssh://me@far",
      reason: "ssh: connect to host far port 22: Connection timed out",
      cause: "Other",
    };
    const { unmount } = render(EngineProblem, {
      props: { error: far, os: "windows", busy: false, onretry: vi.fn() },
    });
    const alert = screen.getByRole("alert");
    expect(screen.getByRole("heading")).toHaveTextContent("Imagen cannot reach the engine on far");
    expect(alert).not.toHaveTextContent(/Docker Desktop|systemctl/);
    expect(alert).toHaveTextContent(/network that reaches far.*VPN/);
    expect(screen.getByText("ssh me@far docker version")).toBeInTheDocument();
    expect(
      screen.getByText(/Or pick another engine with the engine button at the top of the window/),
    ).toBeInTheDocument();
    // Checks to make in turn: numbered.
    expect(screen.getByRole("list").tagName).toBe("OL");
    unmount();

    setLocale("es");
    render(EngineProblem, {
      props: {
        error: { ...far, address: "tcp://192.168.1.20:2376" },
        os: "windows",
        busy: false,
        onretry: vi.fn(),
      },
    });
    expect(screen.getByRole("heading")).toHaveTextContent(
      "Imagen no puede conectar con el motor de 192.168.1.20",
    );
    expect(screen.getByRole("alert")).not.toHaveTextContent(/Docker Desktop|systemctl/);
    expect(screen.getByText("docker -H tcp://192.168.1.20:2376 version")).toBeInTheDocument();
    expect(screen.getByText(/O elige otro motor con el botón del motor/)).toBeInTheDocument();
  });

  it("starts the engine whose socket it is: by the engine Imagen knew, else by the path", () => {
    const colima: ImagenError = {
      ...refused,
      address: "unix:///Users/ana/.colima/default/docker.sock",
    };
    const { unmount } = render(EngineProblem, {
      props: { error: colima, os: "macos", busy: false, onretry: vi.fn() },
    });
    expect(screen.getByText("colima start")).toBeInTheDocument();
    expect(screen.getByRole("alert")).not.toHaveTextContent("Docker Desktop");
    unmount();

    const custom: ImagenError = { ...refused, address: "unix:///home/ana/engine.sock" };
    render(EngineProblem, {
      props: {
        error: custom,
        os: "linux",
        engine: { address: custom.address, socket: "DockerRootless" },
        busy: false,
        onretry: vi.fn(),
      },
    });
    expect(screen.getByText("systemctl --user start docker")).toBeInTheDocument();
    expect(screen.queryByText("sudo systemctl start docker")).toBeNull();
    expect(screen.getByText(/Or pick another engine/)).toBeInTheDocument();
  });
});
