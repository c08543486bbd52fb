import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../i18n/locale.svelte";
import { fakeProgress } from "../ipc/fake";
import { durationText, percentText, progressLine, progressPercent, stalledLine } from "./progress";

afterEach(() => setLocale("en", null));

describe("progressPercent", () => {
  it("is the whole percent, or null while the total is unknown", () => {
    expect(progressPercent(null)).toBeNull();
    expect(progressPercent(fakeProgress({ fraction: null }))).toBeNull();
    expect(progressPercent(fakeProgress({ fraction: 0.29 }))).toBe(29);
    expect(progressPercent(fakeProgress({ fraction: 0.999 }))).toBe(99);
    expect(progressPercent(fakeProgress({ fraction: 1 }))).toBe(100);
  });
});

describe("durationText", () => {
  it("words time left like the docker CLI in English, rounded up", () => {
    expect(durationText(4.4, "en")).toBe("5s");
    expect(durationText(0.3, "en")).toBe("1s");
    expect(durationText(200, "en")).toBe("3m 20s");
    expect(durationText(3900, "en")).toBe("1h 5m");
  });

  it("uses the language's unit symbols in Spanish", () => {
    expect(durationText(6, "es")).toBe("6s");
    expect(durationText(200, "es")).toBe("3min 20s");
    expect(durationText(3900, "es")).toBe("1h 5min");
  });
});

describe("percentText", () => {
  it("follows the language", () => {
    expect(percentText(45, "en")).toBe("45%");
    expect(percentText(45, "es")).toBe("45\u00a0%");
  });
});

describe("progressLine", () => {
  const running = fakeProgress({
    fraction: 0.45,
    downloaded: 12_300_000,
    total: 27_100_000,
    bytesPerSecond: 2_500_000,
    secondsLeft: 200,
  });

  it("joins the percentage, bytes, speed and time left", () => {
    expect(progressLine(running)).toBe("45% · 12.3MB of 27.1MB · 2.5MB/s · 3m 20s left");
  });

  it("says Preparing… while the total is unknown, and before any report", () => {
    expect(progressLine(null)).toBe("Preparing…");
    expect(progressLine(fakeProgress({ fraction: null }))).toBe("Preparing…");
  });

  it("while a layer's size is still unknown: what arrived so far, no total that would grow", () => {
    const partial = fakeProgress({
      fraction: null,
      downloaded: 50_000_000,
      total: 60_000_000,
      bytesPerSecond: 2_000_000,
    });
    expect(progressLine(partial)).toBe("Downloading… · 50MB so far · 2MB/s");
    expect(stalledLine(partial, 40)).toMatch(/^Downloading… · 50MB so far · nothing received/);
    setLocale("es", null);
    expect(progressLine(partial)).toBe("Descargando… · 50MB hasta ahora · 2MB/s");
    setLocale("en", null);
  });

  it("words it in Spanish with the sizes exactly as docker prints them", () => {
    setLocale("es", null);
    expect(progressLine(running).replaceAll("\u00a0", " ")).toBe(
      "45 % · 12.3MB de 27.1MB · 2.5MB/s · quedan 3min 20s",
    );
    expect(progressLine(null)).toBe("Preparando…");
  });
});
