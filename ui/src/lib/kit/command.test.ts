import { describe, expect, it } from "vitest";
import { fakeImage } from "../ipc/fake";
import { loadCommand, saveCommand, saveItems, saveNames, suggestedFileName } from "./command";

const nginx = fakeImage({ tags: ["nginx:1.27", "nginx:latest"] });
const alpine = fakeImage({ tags: ["alpine:3.20"] });
const bare = fakeImage({ tags: [], created: 42 });

describe("save items and the docker save they equal", () => {
  it("sends each image's full ID and the tags shown on it", () => {
    expect(saveItems([nginx, bare])).toEqual([
      { id: nginx.id, tags: ["nginx:1.27", "nginx:latest"] },
      { id: bare.id, tags: [] },
    ]);
  });

  it("names every tag, and an untagged image by its full ID", () => {
    expect(saveNames(saveItems([nginx, alpine, bare]))).toEqual([
      "nginx:1.27",
      "nginx:latest",
      "alpine:3.20",
      bare.id,
    ]);
  });

  it("builds the command from the same names, quoted as a shell takes them", () => {
    expect(saveCommand("kit.tar", saveItems([nginx, alpine]))).toBe(
      "docker save -o kit.tar nginx:1.27 nginx:latest alpine:3.20",
    );
    expect(saveCommand("my kit's.tar", saveItems([alpine]))).toBe(
      `docker save -o "my kit's.tar" alpine:3.20`,
    );
  });

  it("builds docker load -i <file>", () => {
    expect(loadCommand("kit.tar.zst")).toBe("docker load -i kit.tar.zst");
    expect(loadCommand("Kit 1.tar")).toBe('docker load -i "Kit 1.tar"');
  });
});

describe("suggestedFileName", () => {
  const day = new Date(2026, 2, 5, 14, 7);

  it("names one tagged image's file after it", () => {
    expect(suggestedFileName([alpine], day)).toBe("alpine-3.20.tar");
    expect(suggestedFileName([fakeImage({ tags: ["ghcr.io/acme/web:2"] })], day)).toBe("web-2.tar");
    expect(suggestedFileName([fakeImage({ tags: ["localhost:5000/app:v1"] })], day)).toBe(
      "app-v1.tar",
    );
  });

  it("dates a kit of several images, or of an untagged one", () => {
    expect(suggestedFileName([nginx, alpine], day)).toBe("imagen-kit-2026-03-05.tar");
    expect(suggestedFileName([bare], day)).toBe("imagen-kit-2026-03-05.tar");
    expect(suggestedFileName([], day)).toBe("imagen-kit-2026-03-05.tar");
  });
});
