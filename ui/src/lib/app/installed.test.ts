import { describe, expect, it } from "vitest";
import { FakeApi } from "../ipc/fake";
import { InstalledSoftware } from "./installed.svelte";
import type { ImagenError } from "../ipc/api";

const unreachable = (): ImagenError => ({
  kind: "EngineUnreachable",
  address: "npipe:////./pipe/docker_engine",
  reason: "the named pipe does not exist",
  cause: "NoSocket",
});
const asked = (api: FakeApi) => api.calls.filter((c) => c === "engineSoftware").length;
const settle = () => new Promise((r) => setTimeout(r, 0));

describe("InstalledSoftware", () => {
  it("asks once per error shown, and again after a Retry", async () => {
    const api = new FakeApi([]);
    api.software = [];
    const installed = new InstalledSoftware(api);
    expect(installed.found).toBeNull();
    const error = unreachable();
    installed.follow(error, false);
    installed.follow(error, false);
    await settle();
    expect(installed.found).toEqual([]);
    expect(asked(api)).toBe(1);
    // Installed meanwhile; Retry runs and fails the same way.
    api.software = ["DockerDesktop"];
    installed.follow(error, true);
    expect(asked(api)).toBe(1);
    installed.follow(error, false);
    await settle();
    expect(installed.found).toEqual(["DockerDesktop"]);
    expect(asked(api)).toBe(2);
  });

  it("does not ask for other problems, nor with nothing shown", async () => {
    const api = new FakeApi([]);
    const installed = new InstalledSoftware(api);
    installed.follow(null, false);
    installed.follow({ kind: "EngineTimeout", address: "unix:///x", seconds: 30 }, false);
    await settle();
    expect(asked(api)).toBe(0);
    expect(installed.found).toBeNull();
  });

  it("keeps the last answer when the question fails", async () => {
    const api = new FakeApi([]);
    const installed = new InstalledSoftware(api);
    installed.follow(unreachable(), false);
    await settle();
    expect(installed.found).toEqual(["DockerEngine", "DockerCli"]);
    api.engineSoftware = () => Promise.reject(new Error("gone"));
    installed.follow(unreachable(), false);
    await settle();
    expect(installed.found).toEqual(["DockerEngine", "DockerCli"]);
  });
});
