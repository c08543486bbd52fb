import { describe, expect, it } from "vitest";
import { FakeApi } from "../ipc/fake";
import { commandRef, expansionParts, initialName, shortForm, typedRegistry } from "./reference";

describe("shortForm", () => {
  it("leaves out what docker puts back", () => {
    expect(shortForm("nginx:latest")).toBe("nginx");
    expect(shortForm("docker.io/library/nginx:latest")).toBe("nginx");
    expect(shortForm("nginx:alpine")).toBe("nginx:alpine");
    expect(shortForm("docker.io/team/app:1")).toBe("team/app:1");
    expect(shortForm("localhost:5000/app:latest")).toBe("localhost:5000/app");
    expect(shortForm("library/nginx:1.27")).toBe("nginx:1.27");
    expect(shortForm("library/team/app")).toBe("library/team/app");
    expect(shortForm("nginx@sha256:abc")).toBe("nginx@sha256:abc");
  });
});

describe("initialName", () => {
  it("takes the first tag, else the repository of a digest, else nginx", () => {
    expect(initialName({ tags: ["redis:latest", "redis:7"], digests: [] })).toBe("redis");
    expect(initialName({ tags: [], digests: ["alpine@sha256:1234"] })).toBe("alpine");
    expect(initialName({ tags: [], digests: [] })).toBe("nginx");
    expect(initialName(null)).toBe("nginx");
  });
});

describe("typedRegistry", () => {
  it("follows docker's rule for the first component", () => {
    expect(typedRegistry("nginx")).toBeNull();
    expect(typedRegistry("team/app")).toBeNull();
    expect(typedRegistry("localhost/app")).toBe("localhost");
    expect(typedRegistry("localhost:5000/app:1")).toBe("localhost:5000");
    expect(typedRegistry("ghcr.io/o/app")).toBe("ghcr.io");
  });
});

describe("expansionParts", () => {
  const api = new FakeApi();

  it("marks what docker filled in for a bare name", async () => {
    const parsed = await api.parseReference("nginx");
    expect(expansionParts("nginx", parsed)).toEqual([
      { kind: "registry", value: "docker.io", defaulted: true },
      { kind: "repository", value: "library/nginx", defaulted: true },
      { kind: "tag", value: "latest", defaulted: true },
    ]);
  });

  it("keeps what was typed", async () => {
    const parsed = await api.parseReference("team/app:1.0");
    expect(expansionParts("team/app:1.0", parsed)).toEqual([
      { kind: "registry", value: "docker.io", defaulted: true },
      { kind: "repository", value: "team/app", defaulted: false },
      { kind: "tag", value: "1.0", defaulted: false },
    ]);
    const full = {
      normalized: "docker.io/library/nginx@sha256:abc",
      familiar: "nginx@sha256:abc",
      domain: "docker.io",
      path: "library/nginx",
      tag: null,
      digest: "sha256:abc",
      tagDefaulted: false,
    };
    expect(expansionParts("docker.io/library/nginx@sha256:abc", full)).toEqual([
      { kind: "registry", value: "docker.io", defaulted: false },
      { kind: "repository", value: "library/nginx", defaulted: false },
      { kind: "digest", value: "sha256:abc", defaulted: false },
    ]);
  });
});

describe("commandRef", () => {
  it("names the image by tag, digest or short ID", () => {
    expect(
      commandRef({ tags: ["a:1"], digests: ["a@sha256:1"], id: "sha256:0123456789abcdef" }),
    ).toBe("a:1");
    expect(commandRef({ tags: [], digests: ["a@sha256:1"], id: "sha256:0123456789abcdef" })).toBe(
      "a@sha256:1",
    );
    expect(commandRef({ tags: [], digests: [], id: "sha256:0123456789abcdef" })).toBe(
      "0123456789ab",
    );
  });
});
