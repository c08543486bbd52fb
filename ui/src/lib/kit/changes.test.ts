import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../i18n/locale.svelte";
import { fakeId } from "../ipc/fake";
import { changeWords, describeKitChange } from "./changes";

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
