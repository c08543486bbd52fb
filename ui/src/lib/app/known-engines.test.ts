import { describe, expect, it } from "vitest";
import { addressName, addressNames, rememberEngine } from "./known-engines.svelte";

const desktop = "unix:///Users/ana/.docker/run/docker.sock";
const colima = "unix:///Users/ana/.colima/default/docker.sock";
const standard = "unix:///var/run/docker.sock";

describe("engines named by address", () => {
  it("names an engine the window listed as the header does, and any other by its address", () => {
    rememberEngine({ address: colima, socket: "Colima", name: null });
    expect(addressName(colima)).toBe("Colima");
    expect(addressName(desktop)).toBe(desktop);
  });

  it("uses addresses when two engines it listed have the same name", () => {
    rememberEngine({ address: colima, socket: null, name: null });
    rememberEngine({ address: standard, socket: null, name: null });
    // Both would be "docker.sock".
    expect(addressName(colima)).toBe(colima);
    expect(addressNames(standard, colima)).toEqual({ from: standard, to: colima });
  });

  it("names both engines of a sentence", () => {
    rememberEngine({ address: desktop, socket: "DockerDesktop", name: null });
    rememberEngine({ address: colima, socket: "Colima", name: null });
    expect(addressNames(desktop, colima)).toEqual({ from: "Docker Desktop", to: "Colima" });
  });

  it("takes a context's new name when the engine is listed again", () => {
    rememberEngine({ address: "tcp://10.0.0.5:2376", socket: null, name: "lab" });
    rememberEngine({ address: "tcp://10.0.0.5:2376", socket: null, name: "workshop" });
    expect(addressName("tcp://10.0.0.5:2376")).toBe("workshop");
  });
});
