import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../i18n/locale.svelte";
import { engineHelp, isEngineProblem } from "./engine-help";
import { detectOs } from "./platform";
import type { ImagenError } from "../ipc/api";

const refused: Extract<ImagenError, { kind: "EngineUnreachable" }> = {
  kind: "EngineUnreachable",
  address: "unix:///var/run/docker.sock",
  reason: "Connection refused",
  cause: "Refused",
};

afterEach(() => setLocale("en"));

describe("engine help", () => {
  it("gives each OS its own way to start the engine", () => {
    const commands = (os: "macos" | "windows" | "linux") =>
      engineHelp(refused, os)
        .steps.map((s) => `${s.text} ${s.command ?? ""}`)
        .join(" ");
    expect(commands("linux")).toContain("sudo systemctl start docker");
    expect(commands("macos")).toContain("Docker Desktop");
    expect(commands("macos")).toContain("colima start");
    expect(commands("windows")).toContain("Docker Desktop");
  });

  it("names the address it tried", () => {
    expect(engineHelp(refused, "linux").detail).toContain("unix:///var/run/docker.sock");
  });

  it("suggests the docker group on permission denied", () => {
    // Decided by the typed cause: the wording of `reason` varies by OS and language.
    const help = engineHelp(
      { ...refused, reason: "Acceso denegado", cause: "PermissionDenied" },
      "linux",
    );
    expect(help.steps[0]?.command).toBe("sudo usermod -aG docker $USER");
  });

  it("tells engine problems from other errors", () => {
    expect(isEngineProblem(refused)).toBe(true);
    expect(isEngineProblem({ kind: "Protocol", message: "x" })).toBe(false);
  });

  it("detects the desktop OS from the user agent", () => {
    expect(detectOs("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0)")).toBe("macos");
    expect(detectOs("Mozilla/5.0 (Windows NT 10.0; Win64; x64)")).toBe("windows");
    expect(detectOs("Mozilla/5.0 (X11; Linux x86_64)")).toBe("linux");
  });

  it("words each OS's steps in Spanish, leaving the commands as the terminal takes them", () => {
    setLocale("es");
    const linux = engineHelp(refused, "linux");
    expect(linux.title).toBe("Docker no está en marcha");
    expect(linux.steps[0]).toEqual({
      text: "Inicia el servicio de Docker:",
      command: "sudo systemctl start docker",
    });
    expect(engineHelp(refused, "macos").steps[1]).toEqual({
      text: "¿Usas Colima en lugar de Docker Desktop? Inícialo con",
      command: "colima start",
    });
    expect(engineHelp(refused, "windows").steps[1]?.command).toBe("docker version");
    const denied = engineHelp({ ...refused, cause: "PermissionDenied" }, "linux");
    expect(denied.steps[0]?.text).toBe(
      "Añade tu usuario al grupo docker, cierra la sesión y vuelve a entrar:",
    );
    expect(denied.steps[0]?.command).toBe("sudo usermod -aG docker $USER");
  });

  it("decides by the typed cause only: the OS's words never pick the advice", () => {
    // English words meaning "permission denied", but a refused connection: the start steps.
    const help = engineHelp({ ...refused, reason: "permission denied" }, "linux");
    expect(help.steps[0]?.command).toBe("sudo systemctl start docker");
    expect(help.detail).not.toContain("permission denied");
  });
});
