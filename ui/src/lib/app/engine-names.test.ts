import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../i18n/locale.svelte";
import { choiceDetail, choiceName, socketName } from "./engine-names";

afterEach(() => setLocale("en"));

describe("engine names", () => {
  it("words how default reaches its engine, per language", () => {
    const detected = { description: null, via: { kind: "Detected", socket: "Standard" } } as const;
    expect(choiceDetail({ description: null, via: { kind: "DockerHost" } })).toBe(
      "Set by DOCKER_HOST",
    );
    expect(choiceDetail(detected)).toBe("Standard socket (found on this computer)");
    expect(choiceDetail({ description: null, via: { kind: "StandardAddress" } })).toBe(
      "The standard address",
    );
    setLocale("es");
    expect(choiceDetail(detected)).toBe("Socket estándar (encontrado en este equipo)");
    expect(choiceDetail({ description: null, via: { kind: "StandardAddress" } })).toBe(
      "La dirección estándar",
    );
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
});
