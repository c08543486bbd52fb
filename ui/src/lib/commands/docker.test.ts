import { describe, expect, it } from "vitest";
import {
  checkCommand,
  historyCommand,
  imageReference,
  inspectCommand,
  listCommand,
  loadCommand,
  pruneCommand,
  pullCommand,
  removeCommand,
  saveCommand,
  shortImageId,
  tagCommand,
} from "./docker";
import { POWERSHELL } from "./shell";
import * as pull from "../pull/command";
import * as prune from "../removal/prune.svelte";

const ID = "sha256:d4e5f63333333333333333333333333333333333333333333333333333333333";

describe("docker commands", () => {
  it("write each action as docker spells it", () => {
    expect(listCommand()).toBe("docker images");
    expect(inspectCommand("nginx:latest")).toBe("docker image inspect nginx:latest");
    expect(historyCommand("d4e5f6333333")).toBe("docker history --no-trunc d4e5f6333333");
    expect(tagCommand("nginx:latest", "localhost:5000/web:1.0")).toBe(
      "docker tag nginx:latest localhost:5000/web:1.0",
    );
    expect(removeCommand("nginx:latest", false)).toBe("docker rmi nginx:latest");
    expect(removeCommand("nginx:latest", true)).toBe("docker rmi -f nginx:latest");
    expect(saveCommand("kit.tar", ["nginx:latest", "redis:7"])).toBe(
      "docker save -o kit.tar nginx:latest redis:7",
    );
    expect(loadCommand("kit.tar")).toBe("docker load -i kit.tar");
    // An engine before 23.0 cannot decompress zstd: the terminal does it first.
    expect(loadCommand("Mi kit.tar.zst", true, false)).toBe(
      'zstd -dc "Mi kit.tar.zst" | docker load',
    );
    expect(loadCommand("-kit.tar.zst", true, false)).toBe("zstd -dc -- -kit.tar.zst | docker load");
    expect(checkCommand("nginx:latest")).toBe("docker buildx imagetools inspect nginx:latest");
    expect(pullCommand("nginx:latest", null)).toBe("docker pull nginx:latest");
    expect(pullCommand("nginx:latest", "linux/arm/v7")).toBe(
      "docker pull --platform linux/arm/v7 nginx:latest",
    );
    expect(pruneCommand("dangling")).toBe("docker image prune");
    expect(pruneCommand("unused")).toBe("docker image prune -a");
  });

  // Windows PowerShell before 7.4 passes bytes piped between two programs as text, which
  // corrupts a tar: there zstd writes the tar to a file, which docker then loads (as the
  // backend's record::docker::load, whose test holds the same lines).
  it("decompress a zstd archive to a file first on Windows, where a pipe would corrupt it", () => {
    expect(loadCommand("kit.tar.zst", true, true)).toBe(
      "zstd -d -o kit.tar kit.tar.zst; if ($?) { docker load -i kit.tar }",
    );
    expect(loadCommand("Mi kit.tar.zst", true, true)).toBe(
      'zstd -d -o "Mi kit.tar" "Mi kit.tar.zst"; if ($?) { docker load -i "Mi kit.tar" }',
    );
    expect(loadCommand("-kit.tar.zst", true, true)).toBe(
      "zstd -d -o -kit.tar -- -kit.tar.zst; if ($?) { docker load -i -kit.tar }",
    );
    expect(loadCommand("kit.tar.zst", false, true)).toBe("docker load -i kit.tar.zst");
    // The tar's name: without `.zst` (any case), else with `.tar` added.
    expect(loadCommand("KIT.TAR.ZST", true, true)).toMatch(
      /; if \(\$\?\) \{ docker load -i KIT\.TAR \}$/,
    );
    expect(loadCommand("kit.tzst", true, true)).toMatch(
      /; if \(\$\?\) \{ docker load -i kit\.tar \}$/,
    );
    expect(loadCommand("kit.zst", true, true)).toMatch(/; if \(\$\?\) \{ docker load -i kit \}$/);
    expect(loadCommand("kit.bin", true, true)).toMatch(
      /; if \(\$\?\) \{ docker load -i kit\.bin\.tar \}$/,
    );
    expect(loadCommand(".zst", true, true)).toMatch(
      /; if \(\$\?\) \{ docker load -i \.zst\.tar \}$/,
    );
    // Each platform by default: PowerShell's form only on Windows.
    expect(loadCommand("kit.tar.zst", true)).toBe(
      POWERSHELL
        ? "zstd -d -o kit.tar kit.tar.zst; if ($?) { docker load -i kit.tar }"
        : "zstd -dc kit.tar.zst | docker load",
    );
  });

  it("quote what a shell would split or expand", () => {
    expect(saveCommand("my kit's.tar", ["nginx:latest"])).toBe(
      `docker save -o "my kit's.tar" nginx:latest`,
    );
    expect(loadCommand("/home/ana/Mis imágenes.tar")).toBe(
      'docker load -i "/home/ana/Mis imágenes.tar"',
    );
    expect(saveCommand("", [])).toBe('docker save -o ""');
  });

  it("have one home: the pull and prune views get the same functions", () => {
    expect(pull.pullCommand).toBe(pullCommand);
    expect(prune.pruneCommand).toBe(pruneCommand);
    expect(pull.PLATFORMS).toContain("linux/amd64");
  });
});

describe("imageReference", () => {
  it("names an image by its first tag, as docker images and the inspector show it", () => {
    expect(imageReference({ tags: ["nginx:latest", "nginx:1.27"], id: ID })).toBe("nginx:latest");
  });

  it("names an image without a tag by its short ID", () => {
    expect(imageReference({ tags: [], id: ID })).toBe("d4e5f6333333");
    expect(imageReference({ tags: ["<none>:<none>"], id: ID })).toBe("d4e5f6333333");
  });

  it("short IDs drop the algorithm and keep 12 hex digits, as docker images prints them", () => {
    expect(shortImageId(ID)).toBe("d4e5f6333333");
    expect(shortImageId("0123456789abcdef")).toBe("0123456789ab");
    expect(shortImageId("sha256:abc")).toBe("abc");
  });
});
