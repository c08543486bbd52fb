import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../i18n/locale.svelte";
import {
  checkAnnouncement,
  checkLine,
  kitPercent,
  loadAnnouncement,
  loadLine,
  loadPercent,
  saveAnnouncement,
  saveLine,
  savePercent,
} from "./progress";
import { archiveFacts, compressionText } from "./archive";

afterEach(() => setLocale("en"));

describe("kit progress", () => {
  it("is determinate only while the total holds", () => {
    expect(kitPercent(0, 1000)).toBe(0);
    expect(kitPercent(333, 1000)).toBe(33);
    expect(kitPercent(1000, 1000)).toBe(100);
    expect(kitPercent(1001, 1000)).toBeNull();
    expect(kitPercent(5, 0)).toBeNull();
    expect(savePercent(null)).toBeNull();
    expect(savePercent({ written: 1_200_000_000, expected: 1_500_000_000, finishing: false })).toBe(
      80,
    );
    expect(
      savePercent({ written: 1_600_000_000, expected: 1_500_000_000, finishing: false }),
    ).toBeNull();
    expect(
      loadPercent({
        read: 250,
        total: 1000,
        sent: 900,
        ended: false,
        checking: false,
        waitingForFile: false,
      }),
    ).toBe(25);
  });

  it("words bytes as docker images does, in both languages", () => {
    expect(saveLine(null)).toBe("Starting…");
    expect(saveLine({ written: 1_200_000_000, expected: 1_500_000_000, finishing: false })).toBe(
      "1.2GB of about 1.5GB",
    );
    expect(saveLine({ written: 1_634_000_000, expected: 1_500_000_000, finishing: false })).toBe(
      "1.63GB written",
    );
    expect(
      loadLine({
        read: 300_000_000,
        total: 1_500_000_000,
        sent: 0,
        ended: false,
        checking: false,
        waitingForFile: false,
      }),
    ).toBe("300MB of 1.5GB");
    setLocale("es", null);
    expect(saveLine(null)).toBe("Iniciando…");
    expect(saveLine({ written: 1_200_000_000, expected: 1_500_000_000, finishing: false })).toBe(
      "1.2GB de unos 1.5GB",
    );
    expect(saveLine({ written: 2_000, expected: 1_000, finishing: false })).toBe("2kB escritos");
    expect(
      loadLine({
        read: 300_000_000,
        total: 1_500_000_000,
        sent: 0,
        ended: false,
        checking: false,
        waitingForFile: false,
      }),
    ).toBe("300MB de 1.5GB");
  });

  it("says when the engine has sent nothing for a save, before the first byte too", () => {
    const part = { written: 300_000_000, expected: 1_500_000_000, finishing: false };
    expect(saveLine(part, 14)).toBe("300MB of about 1.5GB");
    expect(saveLine(part, 40.7)).toBe(
      "300MB of about 1.5GB · the engine has sent nothing for 40s: it may still be preparing big images, or the network may be slow or down; Cancel stops the save",
    );
    expect(saveLine(null, 20)).toMatch(/^Starting… · the engine has sent nothing for 20s:/);
    // All sent, Imagen syncing a big file to a slow disk: not the engine's stall.
    const all = { written: 1_634_000_000, expected: 1_500_000_000, finishing: true };
    expect(saveLine(all, 90)).toBe("1.63GB received; writing it to disk…");
    setLocale("es", null);
    expect(saveLine(part, 40)).toBe(
      "300MB de unos 1.5GB · el motor no envía nada desde hace 40s: puede que aún esté preparando imágenes grandes, o que la red vaya lenta o se haya cortado; Cancelar detiene el guardado",
    );
    expect(saveLine(all)).toBe("1.63GB recibidos; guardándolo en el disco…");
  });

  it("says the file is checked again before the upload, with no bar filling twice", () => {
    const checking = {
      read: 300_000_000,
      total: 1_500_000_000,
      sent: 0,
      ended: false,
      checking: true,
      waitingForFile: false,
    };
    expect(loadLine(checking)).toBe("Checking the file again before sending it: 300MB of 1.5GB");
    expect(loadPercent(checking)).toBeNull();
    setLocale("es", null);
    expect(loadLine(checking)).toBe(
      "Comprobando de nuevo el archivo antes de enviarlo: 300MB de 1.5GB",
    );
  });

  it("says when the file's drive stalls while the file is checked, before and at the load", () => {
    const stuck = {
      read: 300_000_000,
      total: 1_500_000_000,
      sent: 0,
      ended: false,
      checking: true,
      waitingForFile: true,
    };
    // The load's check again: no engine stall to wait out, the drive is said at once.
    expect(loadLine(stuck, 7.5)).toBe(
      "Checking the file again before sending it: 300MB of 1.5GB · the file's drive has delivered nothing for 7s: it may be asleep, slow or unplugged; Cancel stops the load",
    );
    // Never less than the wait after which the backend says so.
    expect(loadLine(stuck, 0)).toMatch(/delivered nothing for 3s:/);
    expect(loadAnnouncement(stuck, 0)).toBe(loadAnnouncement(stuck, 400));
    expect(loadAnnouncement(stuck, 0)).toMatch(/^The file's drive has delivered nothing for 3s/);
    // The check before the preview.
    expect(checkLine(stuck, 40)).toBe(
      "300MB of 1.5GB · the file's drive has delivered nothing for 40s: it may be asleep, slow or unplugged; Cancel stops the check",
    );
    expect(checkLine({ ...stuck, waitingForFile: false }, 40)).toBe("300MB of 1.5GB");
    expect(checkLine(null)).toBe("Starting…");
    expect(checkAnnouncement(stuck)).toMatch(/^The file's drive has delivered nothing for 3s/);
    expect(checkAnnouncement({ ...stuck, waitingForFile: false })).toBe("");
    setLocale("es", null);
    expect(loadLine(stuck, 7)).toBe(
      "Comprobando de nuevo el archivo antes de enviarlo: 300MB de 1.5GB · la unidad del archivo no envía datos desde hace 7s: puede estar dormida, ir lenta o estar desconectada; Cancelar detiene la carga",
    );
    expect(checkLine(stuck, 40)).toBe(
      "300MB de 1.5GB · la unidad del archivo no envía datos desde hace 40s: puede estar dormida, ir lenta o estar desconectada; Cancelar detiene la revisión",
    );
  });

  it("says when the engine takes nothing, and when it imports what it took", () => {
    const half = {
      read: 300_000_000,
      total: 1_500_000_000,
      sent: 900_000_000,
      ended: false,
      checking: false,
      waitingForFile: false,
    };
    expect(loadLine(half, 14)).toBe("300MB of 1.5GB");
    expect(loadLine(half, 40.7)).toBe(
      "300MB of 1.5GB · the engine has taken nothing for 40s: the network may be slow or down; Cancel stops the load",
    );
    const whole = {
      read: 1_500_000_000,
      total: 1_500_000_000,
      sent: 4_000_000_000,
      ended: true,
      checking: false,
      waitingForFile: false,
    };
    // The file read to its end a few pieces ahead of the upload, the engine still taking
    // them: not yet importing, and a stall is a stall.
    const read = { ...whole, ended: false, checking: false, waitingForFile: false };
    expect(loadLine(read, 40)).toMatch(/^1\.5GB of 1\.5GB · the engine has taken nothing for 40s/);
    // Sent whole, the engine imports and says nothing until done: not a stall.
    expect(loadLine(whole, 90)).toBe(
      "1.5GB sent; the engine is importing the images (big images take a while)",
    );
    // The read of the file waits on its drive (a USB stick asleep): the drive, not the engine.
    const asleep = { ...half, waitingForFile: true };
    expect(loadLine(asleep, 40)).toBe(
      "300MB of 1.5GB · the file's drive has delivered nothing for 40s: it may be asleep, slow or unplugged; Cancel stops the load",
    );
    expect(loadAnnouncement(asleep, 40)).toMatch(/^The file's drive has delivered nothing/);
    setLocale("es", null);
    expect(loadLine(half, 40)).toBe(
      "300MB de 1.5GB · el motor no recibe nada desde hace 40s: puede que la red vaya lenta o se haya cortado; Cancelar detiene la carga",
    );
    expect(loadLine(asleep, 40)).toBe(
      "300MB de 1.5GB · la unidad del archivo no envía datos desde hace 40s: puede estar dormida, ir lenta o estar desconectada; Cancelar detiene la carga",
    );
    expect(loadLine(whole)).toBe(
      "1.5GB enviados; el motor está importando las imágenes (las grandes tardan un rato)",
    );
  });

  it("says how an archive is compressed, keeping the compressors' names", () => {
    expect(compressionText("None")).toBe("not compressed");
    expect(compressionText("Zstd")).toBe("compressed with zstd");
    expect(
      archiveFacts({
        file: "k.tar.gz",
        bytes: 3_210_000,
        compression: "Gzip",
        decompressFirst: false,
        tags: [],
        images: 1,
        taken: [],
        platforms: [],
      }),
    ).toBe("3.21MB, compressed with gzip");
    setLocale("es", null);
    expect(compressionText("None")).toBe("sin comprimir");
    expect(compressionText("Xz")).toBe("comprimido con xz");
  });
});

describe("what a screen reader is told", () => {
  const saving = { written: 300_000_000, expected: 1_500_000_000, finishing: false };
  const loading = {
    read: 300_000_000,
    total: 1_500_000_000,
    sent: 0,
    ended: false,
    checking: false,
    waitingForFile: false,
  };

  it("is a change of state only, worded the same while it lasts", () => {
    expect(saveAnnouncement(saving, 3)).toBe("");
    const stalled = saveAnnouncement(saving, 16);
    expect(stalled).toBe(
      "The engine has sent nothing for 15s: it may still be preparing big images, or the network may be slow or down; Cancel stops the save",
    );
    expect(saveAnnouncement(saving, 95)).toBe(stalled);
    expect(saveAnnouncement({ ...saving, finishing: true }, 0)).toBe(
      "300MB received; writing it to disk…",
    );
    expect(loadAnnouncement(loading, 3)).toBe("");
    expect(loadAnnouncement({ ...loading, checking: true, waitingForFile: false }, 60)).toBe("");
    expect(loadAnnouncement(loading, 40)).toBe(loadAnnouncement(loading, 400));
    expect(loadAnnouncement(loading, 40)).toMatch(/^The engine has taken nothing for 15s/);
    expect(loadAnnouncement({ ...loading, ended: true }, 90)).toBe(
      "1.5GB sent; the engine is importing the images (big images take a while)",
    );
  });

  it("is Spanish for a Spanish user", () => {
    setLocale("es", null);
    expect(saveAnnouncement(saving, 20)).toMatch(/^El motor no envía nada desde hace 15s/);
    expect(loadAnnouncement(loading, 20)).toMatch(/^El motor no recibe nada desde hace 15s/);
  });
});
