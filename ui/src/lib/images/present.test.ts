import { afterEach, describe, expect, it } from "vitest";
import {
  countText,
  splitRepository,
  splitTag,
  untaggedChips,
  usageText,
  usageTitle,
} from "./present";
import { setLocale } from "../i18n/locale.svelte";

afterEach(() => setLocale("en", null));

describe("present", () => {
  it("words container usage like the badge", () => {
    expect(usageText({ running: 2, stopped: 1 })).toBe("2 running · 1 stopped");
    expect(usageText({ running: 1, stopped: 0 })).toBe("1 running");
    expect(usageText({ running: 0, stopped: 3 })).toBe("3 stopped");
    expect(usageText({ running: 0, stopped: 0 })).toBe("");
    expect(usageTitle({ running: 0, stopped: 1 })).toMatch(/1 container was created/);
  });

  it("counts images", () => {
    expect(countText(0)).toBe("0 images");
    expect(countText(1)).toBe("1 image");
    expect(countText(12)).toBe("12 images");
    expect(countText(12_345)).toBe("12,345 images");
  });

  it("says it in Spanish", () => {
    setLocale("es", null);
    expect(usageText({ running: 2, stopped: 1 })).toBe("2 en ejecución · 1 detenido");
    expect(usageText({ running: 1, stopped: 3 })).toBe("1 en ejecución · 3 detenidos");
    expect(usageTitle({ running: 0, stopped: 0 })).toBe(
      "No se creó ningún contenedor a partir de esta imagen.",
    );
    expect(usageTitle({ running: 1, stopped: 0 })).toMatch(/^Se creó 1 contenedor a partir/);
    expect(usageTitle({ running: 1, stopped: 1 })).toMatch(/^Se crearon 2 contenedores/);
    expect(countText(1)).toBe("1 imagen");
    expect(countText(12_345)).toBe("12.345 imágenes");
    expect(countText(1_000_000)).toBe("1.000.000 imágenes");
  });

  it("cuts a long repository where a chip may shorten it, keeping its end", () => {
    expect(splitRepository("nginx")).toEqual({ head: "", tail: "nginx" });
    expect(splitRepository("registry.example.org/teams/with/several/components")).toEqual({
      head: "registry.example.org/teams/with/several",
      tail: "/components",
    });
    // A last component too long to keep whole: its last characters.
    const long = "example.org/a-very-long-repository-name";
    const { head, tail } = splitRepository(long);
    expect(head + tail).toBe(long);
    expect(tail).toBe("epository-name");
  });

  it("splits a tag off without mistaking a registry port for one", () => {
    expect(splitTag("nginx:alpine")).toEqual({ repository: "nginx", tag: "alpine" });
    expect(splitTag("localhost:5000/app:1.0")).toEqual({
      repository: "localhost:5000/app",
      tag: "1.0",
    });
    expect(splitTag("localhost:5000/app")).toEqual({ repository: "localhost:5000/app", tag: "" });
  });
});

describe("untaggedChips", () => {
  const digest = (repo: string, c: string) => `${repo}@sha256:${c.repeat(64)}`;

  it("is one chip per repository with a digest and no tag, with its digests", () => {
    const tags = ["myapp:v1"];
    const digests = [digest("nginx", "a"), digest("myapp", "b"), digest("nginx", "c")];
    expect(untaggedChips({ tags, digests })).toEqual([
      { repository: "nginx", digests: [digest("nginx", "a"), digest("nginx", "c")] },
    ]);
  });

  it("names a digest-only image's repositories, and nothing for a dangling or tagged one", () => {
    const digests = [digest("ghcr.io/owner/tool", "a")];
    expect(untaggedChips({ tags: [], digests })).toEqual([
      { repository: "ghcr.io/owner/tool", digests },
    ]);
    expect(untaggedChips({ tags: [], digests: [] })).toEqual([]);
    expect(untaggedChips({ tags: ["nginx:latest"], digests: [digest("nginx", "a")] })).toEqual([]);
  });
});
