import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../i18n/locale.svelte";
import { savedSentence, type SavedOutcome } from "./saved";

afterEach(() => setLocale("en"));

const saved: SavedOutcome = {
  status: "Saved",
  file: "kit.tar",
  bytes: 1_500_000_000,
  names: ["nginx:1.27"],
  command: "docker save -o kit.tar nginx:1.27",
  insteadOf: null,
  besideBecause: null,
};
const beside = (besideBecause: SavedOutcome["besideBecause"]): SavedOutcome => ({
  ...saved,
  file: "kit (2).tar",
  command: 'docker save -o "kit (2).tar" nginx:1.27',
  insteadOf: "kit.tar",
  besideBecause,
});

describe("a finished save", () => {
  it("says why it went beside the chosen file, which it left as it is", () => {
    expect(savedSentence(saved)).toBe("Saved kit.tar (1.5GB).");
    expect(savedSentence(beside("Changed"))).toBe(
      "Saved kit (2).tar (1.5GB) beside kit.tar: a file named kit.tar appeared or changed after you chose it, so Imagen left it as it is.",
    );
    // Open in another program (Windows): nothing changed after the choice.
    expect(savedSentence(beside("InUse"))).toBe(
      "Saved kit (2).tar (1.5GB) beside kit.tar: kit.tar is open in another program, which keeps it from being replaced, so Imagen left it as it is.",
    );
    expect(savedSentence(beside("Refused"))).toBe(
      "Saved kit (2).tar (1.5GB) beside kit.tar: the system did not let Imagen replace kit.tar (it may be read-only, or open in another program), so Imagen left it as it is.",
    );
    // A backend that does not say why (before it could tell): what it said then.
    expect(savedSentence(beside(undefined))).toBe(savedSentence(beside("Changed")));
  });

  it("says so in Spanish", () => {
    setLocale("es", null);
    expect(savedSentence(saved)).toBe("Se guardó kit.tar (1.5GB).");
    expect(savedSentence(beside("Changed"))).toBe(
      "Se guardó kit (2).tar (1.5GB) junto a kit.tar: un archivo llamado kit.tar apareció o cambió después de que lo eligieras, así que Imagen lo dejó como está.",
    );
    expect(savedSentence(beside("InUse"))).toBe(
      "Se guardó kit (2).tar (1.5GB) junto a kit.tar: kit.tar está abierto en otro programa, que impide reemplazarlo, así que Imagen lo dejó como está.",
    );
    expect(savedSentence(beside("Refused"))).toBe(
      "Se guardó kit (2).tar (1.5GB) junto a kit.tar: el sistema no dejó que Imagen reemplazara kit.tar (puede ser de solo lectura o estar abierto en otro programa), así que Imagen lo dejó como está.",
    );
  });
});
