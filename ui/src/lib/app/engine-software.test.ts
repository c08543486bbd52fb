import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../i18n/locale.svelte";
import { engineHelp } from "./engine-help";
import { DOCKER_DESKTOP_PAGE, DOCKER_ENGINE_GUIDE } from "./engine-software";
import type { ImagenError, UnreachableCause } from "../ipc/api";

afterEach(() => setLocale("en"));

const at = (address: string, cause: UnreachableCause = "NoSocket"): ImagenError => ({
  kind: "EngineUnreachable",
  address,
  reason: "No such file or directory (os error 2)",
  cause,
});
const standard = at("unix:///var/run/docker.sock");
const pipe = at("npipe:////./pipe/docker_engine");
const texts = (help: ReturnType<typeof engineHelp>) => help.steps.map((s) => s.text).join("\n");
const commands = (help: ReturnType<typeof engineHelp>) =>
  help.steps.flatMap((s) => s.command ?? []);

describe("engine help from what is installed", () => {
  it("tells a Windows or macOS first-timer without Docker to install Docker Desktop", () => {
    for (const [os, error] of [
      ["windows", pipe],
      ["macos", standard],
    ] as const) {
      const help = engineHelp(error, os, null, []);
      expect(help.title).toBe("Imagen found no Docker on this computer");
      expect(help.detail).toContain(error.kind === "EngineUnreachable" && error.address);
      expect(help.steps[0]!.address).toBe(DOCKER_DESKTOP_PAGE);
      expect(help.steps[1]!.text).toMatch(os === "windows" ? /Start menu/ : /Applications/);
      expect(help.choices).toBeFalsy();
      expect(texts(help)).toMatch(/another engine/);
      // Docker in WSL's Ubuntu is not for Windows apps: said, so its user is not puzzled.
      if (os === "windows") expect(help.detail).toMatch(/WSL/);
      else expect(help.detail).not.toMatch(/WSL/);
    }
  });

  it("counts the docker command alone as no engine, and says so", () => {
    const help = engineHelp(standard, "macos", null, ["DockerCli"]);
    expect(help.title).toBe("Imagen found no Docker on this computer");
    expect(help.detail).toMatch(/docker command is installed here, but it is only a client/);
    expect(help.steps[0]!.address).toBe(DOCKER_DESKTOP_PAGE);
  });

  it("tells Linux to install Docker Engine, and to join the docker group at once", () => {
    const help = engineHelp(standard, "linux", null, []);
    expect(help.title).toBe("Imagen found no Docker on this computer");
    expect(commands(help)).toEqual(["sudo apt install docker.io", "sudo usermod -aG docker $USER"]);
    // Debian's package or Docker's guide: one step, not two in a row.
    expect(help.steps[0]!.address).toBe(DOCKER_ENGINE_GUIDE);
    expect(texts(help)).not.toMatch(/Retry/);
  });

  it("says it in Spanish", () => {
    setLocale("es");
    const help = engineHelp(pipe, "windows", null, []);
    expect(help.title).toBe("Imagen no encontró Docker en este equipo");
    expect(help.steps[1]!.text).toMatch(/menú Inicio/);
  });

  it("names the app that is installed instead of Docker Desktop", () => {
    const rancher = engineHelp(pipe, "windows", null, ["RancherDesktop"]);
    expect(rancher.title).toBe("Docker is not running");
    expect(texts(rancher)).toMatch(/Open Rancher Desktop/);
    expect(texts(rancher)).not.toMatch(/Docker Desktop/);
    const mac = engineHelp(standard, "macos", null, ["DockerCli", "Colima"]);
    expect(commands(mac)).toEqual(["colima start"]);
    expect(texts(mac)).not.toMatch(/Docker Desktop/);
    const podman = engineHelp(pipe, "windows", null, ["Podman", "PodmanDesktop"]);
    expect(commands(podman)).toEqual(["podman machine start"]);
    // A fresh install has no machine to start yet.
    expect(texts(podman)).toMatch(/podman machine init/);
    expect(texts(podman)).toMatch(/Open Podman Desktop/);
    expect(podman.choices).toBe(true);
  });

  it("on Linux starts only what is there: the service, or Docker Desktop", () => {
    const engine = engineHelp(standard, "linux", null, ["DockerEngine", "DockerCli"]);
    expect(commands(engine)).toEqual(["sudo systemctl start docker"]);
    expect(texts(engine)).not.toMatch(/Docker Desktop/);
    const desktop = engineHelp(standard, "linux", null, ["DockerDesktop", "DockerCli"]);
    expect(texts(desktop)).toMatch(/Open Docker Desktop/);
    expect(commands(desktop)).toEqual([]);
    const snap = engineHelp(standard, "linux", null, ["DockerSnap", "DockerCli"]);
    expect(commands(snap)).toEqual(["sudo snap start docker"]);
  });

  it("keeps Windows' two ordered steps when Docker Desktop is installed", () => {
    const help = engineHelp(pipe, "windows", null, ["DockerDesktop", "DockerCli"]);
    expect(help).toEqual(engineHelp(pipe, "windows"));
    expect(help.choices).toBe(false);
  });

  it("gives the usual advice before it knows", () => {
    expect(engineHelp(standard, "linux", null, null)).toEqual(engineHelp(standard, "linux"));
  });

  it("says 'not installed' only where nothing ever was: the standard address, no socket", () => {
    const notRunning = "Docker is not running";
    // A socket file left there: an engine made it.
    const refused = at("unix:///var/run/docker.sock", "Refused");
    expect(engineHelp(refused, "linux", null, []).title).toBe(notRunning);
    // An address a context or DOCKER_HOST names (Lima's): an engine somewhere.
    const lima = at("unix:///Users/ana/.lima/docker/sock/docker.sock");
    expect(engineHelp(lima, "macos", null, []).title).toBe(notRunning);
    // The engine Imagen listed from before it went away.
    const known = { address: "unix:///var/run/docker.sock", socket: "Standard" as const };
    expect(engineHelp(standard, "linux", known, []).title).toBe(notRunning);
  });

  it("leaves another product's socket and other computers to their own advice", () => {
    const colima = at("unix:///Users/ana/.colima/default/docker.sock");
    expect(engineHelp(colima, "macos", null, [])).toEqual(engineHelp(colima, "macos"));
    const remote = at("tcp://10.0.0.5:2376", "Refused");
    expect(engineHelp(remote, "linux", null, [])).toEqual(engineHelp(remote, "linux"));
    // Refused access, or a dropped connection, is never "not installed": something runs there.
    const dropped = at("unix:///var/run/docker.sock", "Dropped");
    expect(engineHelp(dropped, "linux", null, []).title).toBe("Docker is not running");
    const denied = at("unix:///var/run/docker.sock", "PermissionDenied");
    expect(engineHelp(denied, "linux", null, []).title).toMatch(/not allowed/);
  });
});
