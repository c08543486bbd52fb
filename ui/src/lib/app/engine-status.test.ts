import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../i18n/locale.svelte";
import type { EngineChoice, UnreachableCause } from "../ipc/api";
import { choiceStatus, runsWindowsContainers } from "./engine-status";

afterEach(() => setLocale("en"));

function silent(address: string, cause: UnreachableCause): EngineChoice["answer"] {
  return { kind: "Silent", error: { kind: "EngineUnreachable", address, reason: "x", cause } };
}

describe("engine status", () => {
  it("gives group advice only for Docker's own socket or pipe on this computer", () => {
    const here = "unix:///var/run/docker.sock";
    const standard = { socket: "Standard", address: here } as const;
    const denied = (address: string) => silent(address, "PermissionDenied");
    expect(choiceStatus({ ...standard, answer: denied(here) }, "macos")).toBe(
      "Not allowed for your user",
    );
    expect(choiceStatus({ ...standard, answer: denied(here) }, "linux")).toMatch(/docker group/);
    const rootful = "unix:///run/podman/podman.sock";
    expect(
      choiceStatus({ socket: "PodmanRootful", address: rootful, answer: denied(rootful) }, "linux"),
    ).toBe("Not allowed for your user");
    setLocale("es");
    const pipe = "npipe:////./pipe/docker_engine";
    expect(choiceStatus({ socket: null, address: pipe, answer: denied(pipe) }, "windows")).toMatch(
      /^Tu usuario no tiene permiso: añádelo al grupo docker-users/,
    );
  });

  it("says the standard address is not installed when nothing is, and only then", () => {
    const pipe = "npipe:////./pipe/docker_engine";
    const standard = {
      socket: "Standard",
      address: pipe,
      answer: silent(pipe, "NoSocket"),
    } as const;
    expect(choiceStatus(standard, "windows", [])).toBe("Not installed");
    expect(choiceStatus(standard, "windows", ["DockerCli"])).toBe("Not installed");
    expect(choiceStatus(standard, "windows", ["DockerDesktop"])).toBe("Not running");
    expect(choiceStatus(standard, "windows")).toBe("Not running");
    // docker's `default` context names the standard address too.
    const here = "unix:///var/run/docker.sock";
    const context = { socket: null, address: here, answer: silent(here, "NoSocket") };
    expect(choiceStatus(context, "linux", [])).toBe("Not installed");
    // Another product's socket says its own: Colima's is not Docker's to install.
    const colima = "unix:///Users/ana/.colima/default/docker.sock";
    const theirs = {
      socket: "Colima",
      address: colima,
      answer: silent(colima, "NoSocket"),
    } as const;
    expect(choiceStatus(theirs, "macos", [])).toBe("Not running");
    setLocale("es");
    expect(choiceStatus(standard, "windows", [])).toBe("No instalado");
  });

  it("keeps other errors' sentence, and says what answers", () => {
    const address = "tcp://192.0.2.9:2375";
    const answer = {
      kind: "Silent",
      error: { kind: "EngineTimeout", address, seconds: 10 },
    } as const;
    expect(choiceStatus({ socket: null, address, answer }, "linux")).toMatch(/^Does not answer: /);
    const podman = { kind: "Answers", serverVersion: "5.2.0", podman: true } as const;
    expect(choiceStatus({ socket: null, address, answer: podman }, "linux")).toBe(
      "Answers: Podman 5.2.0",
    );
  });

  it("tells Windows containers by the engine's platform", () => {
    expect(runsWindowsContainers({ platform: "windows/amd64" })).toBe(true);
    expect(runsWindowsContainers({ platform: "linux/amd64" })).toBe(false);
    expect(runsWindowsContainers({ platform: "linux/arm64/v8" })).toBe(false);
  });
});
