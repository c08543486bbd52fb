import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../i18n/locale.svelte";
import { choiceDetail, choiceName, movedNames, socketName, terminalIntro } from "./engine-names";

afterEach(() => setLocale("en"));

describe("engine names", () => {
  it("words how default reaches its engine, per language", () => {
    const detected = { description: null, via: { kind: "Detected", socket: "Standard" } } as const;
    expect(choiceDetail({ description: null, via: { kind: "DockerHost" } })).toBe(
      "Set by DOCKER_HOST",
    );
    expect(choiceDetail(detected)).toBe("Found on this computer: Standard socket");
    expect(choiceDetail({ description: null, via: { kind: "StandardAddress" } })).toBe(
      "The standard address",
    );
    setLocale("es");
    expect(choiceDetail(detected)).toBe("Se encontró en este equipo: Socket estándar");
    expect(choiceDetail({ description: null, via: { kind: "StandardAddress" } })).toBe(
      "La dirección estándar",
    );
  });

  it("says the terminal command is PowerShell's on Windows, where cmd.exe would not run it", () => {
    expect(terminalIntro("colima", "macos")).toBe("To use colima in a terminal too:");
    expect(terminalIntro("Docker Desktop", "windows")).toBe(
      "To use Docker Desktop in a terminal too, in PowerShell:",
    );
    setLocale("es");
    expect(terminalIntro("Docker Desktop", "windows")).toBe(
      "Para usar Docker Desktop también en una terminal, en PowerShell:",
    );
  });

  it("names a reconnect's two engines as the header does, by address when the names are alike", () => {
    const desktop = {
      socket: "DockerDesktop",
      name: null,
      address: "unix:///Users/ana/.docker/run/docker.sock",
    } as const;
    const colima = {
      socket: "Colima",
      name: null,
      address: "unix:///Users/ana/.colima/default/docker.sock",
    } as const;
    expect(movedNames({ from: desktop, to: colima })).toEqual({
      from: "Docker Desktop",
      to: "Colima",
    });
    const plain = { socket: null, name: null, address: "unix:///var/run/docker.sock" } as const;
    const other = { ...plain, address: "unix:///home/ana/docker.sock" };
    expect(movedNames({ from: plain, to: other })).toEqual({
      from: "unix:///var/run/docker.sock",
      to: "unix:///home/ana/docker.sock",
    });
  });

  it("shows a context's own description as it is, and nothing when it has none", () => {
    expect(choiceDetail({ description: "team VM", via: null })).toBe("team VM");
    expect(choiceDetail({ description: "", via: null })).toBeNull();
    expect(choiceDetail({ description: null, via: null })).toBeNull();
  });

  it("names sockets: products as they are, the generic kinds in the language", () => {
    setLocale("es");
    expect(socketName("PodmanMachine")).toBe("Máquina de Podman");
    expect(socketName("OrbStack")).toBe("OrbStack");
    expect(choiceName({ label: "Standard socket", socket: "Standard" })).toBe("Socket estándar");
    expect(choiceName({ label: "colima", socket: null })).toBe("colima");
  });

  it("names the standard address Docker Desktop's pipe on Windows, where it is no socket", () => {
    expect(socketName("Standard", "windows")).toBe("Docker Desktop (standard pipe)");
    expect(socketName("Standard", "linux")).toBe("Standard socket");
    expect(socketName("Standard", "macos")).toBe("Standard socket");
    setLocale("es");
    expect(socketName("Standard", "windows")).toBe("Docker Desktop (canal estándar)");
    expect(socketName("Standard", "linux")).toBe("Socket estándar");
  });
});
