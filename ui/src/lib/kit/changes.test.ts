import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../i18n/locale.svelte";
import { fakeId } from "../ipc/fake";
import {
  changeWords,
  describeKitChange,
  describeLoadChange,
  engineAfter,
  saveRefusal,
} from "./changes";

afterEach(() => setLocale("en"));

const nginx = { id: fakeId("nginx"), tags: ["nginx:1.27"] };
const bare = { id: fakeId("bare"), tags: [] };
const other = fakeId("other");
const shown = [nginx, bare];

describe("what changed before a save", () => {
  it("names a removed image by its first tag, else its short ID, else not at all", () => {
    expect(changeWords({ kind: "ImageGone", id: nginx.id }, shown)).toEqual({
      kind: "gone",
      name: "nginx:1.27",
    });
    expect(changeWords({ kind: "ImageGone", id: bare.id }, shown)).toEqual({
      kind: "gone",
      name: bare.id.slice(7, 19),
    });
    expect(changeWords({ kind: "ImageGone", id: other }, shown)).toEqual({
      kind: "gone",
      name: null,
    });
  });

  it("says where a moved tag points now, by short ID", () => {
    expect(changeWords({ kind: "TagMoved", reference: "nginx:1.27", now: other }, shown)).toEqual({
      kind: "moved",
      reference: "nginx:1.27",
      now: other.slice(7, 19),
    });
    expect(changeWords({ kind: "TagMoved", reference: "nginx:1.27", now: null }, shown)).toEqual({
      kind: "untagged",
      reference: "nginx:1.27",
    });
  });

  it("words each change in plain words, in both languages", () => {
    const moved = { kind: "TagMoved", reference: "nginx:1.27", now: other } as const;
    expect(describeKitChange(moved, shown)).toBe(
      `nginx:1.27 now names another image (${other.slice(7, 19)}).`,
    );
    expect(describeKitChange({ kind: "ImageGone", id: other }, shown)).toBe(
      "An image was removed.",
    );
    expect(describeKitChange({ kind: "ImageGone", id: nginx.id }, shown)).toBe(
      "nginx:1.27 was removed.",
    );
    expect(describeKitChange({ kind: "TagMoved", reference: "nginx:1.27", now: null }, shown)).toBe(
      "nginx:1.27 no longer names any image.",
    );
    setLocale("es", null);
    expect(describeKitChange(moved, shown)).toBe(
      `nginx:1.27 ahora apunta a otra imagen (${other.slice(7, 19)}).`,
    );
    expect(describeKitChange({ kind: "ImageGone", id: other }, shown)).toBe(
      "Se eliminó una imagen.",
    );
  });
});

describe("another engine", () => {
  const from = "unix:///var/run/docker.sock";
  const to = "unix:///home/ana/.colima/default/docker.sock";
  const switched = { kind: "EngineSwitched", from, to } as const;
  const gone = { kind: "ImageGone", id: nginx.id } as const;

  it("is the whole story of a refused save, in both languages", () => {
    expect(changeWords(switched, shown)).toEqual({ kind: "engine", from, to });
    expect(saveRefusal([switched], shown)).toEqual({
      headline: `Nothing was saved: Imagen is now connected to another engine (${to}), not the one you picked these images on (${from}).`,
      items: [],
    });
    expect(saveRefusal([gone], shown)).toEqual({
      headline: "Nothing was saved: the images changed since you picked them.",
      items: ["nginx:1.27 was removed."],
    });
    setLocale("es", null);
    expect(saveRefusal([switched], shown).headline).toBe(
      `No se guardó nada: Imagen ahora está conectado a otro motor (${to}), distinto de aquel en el que elegiste estas imágenes (${from}).`,
    );
  });

  it("is what a save compares with next: the engine Imagen is on now", () => {
    expect(engineAfter([switched], from)).toBe(to);
    expect(engineAfter([gone], from)).toBe(from);
    expect(engineAfter([gone], null)).toBeNull();
  });

  it("is why a load loaded nothing, in both languages", () => {
    expect(describeLoadChange(switched)).toBe(
      `Imagen is now connected to another engine (${to}), not the one it was on when you looked at this file (${from}), so nothing was loaded. This is what loading does on that engine; choose Load again to go ahead.`,
    );
    expect(describeLoadChange({ kind: "Archive" })).toBe(
      "The file or the engine changed since you looked, so nothing was loaded. This is what loading does now; choose Load again to go ahead.",
    );
    setLocale("es", null);
    expect(describeLoadChange(switched)).toBe(
      `Imagen ahora está conectado a otro motor (${to}), distinto del que usaba cuando miraste este archivo (${from}), así que no se cargó nada. Esto es lo que hace la carga en ese motor; pulsa Cargar otra vez para seguir.`,
    );
  });
});
