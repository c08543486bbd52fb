import { describe, expect, it } from "vitest";
import { idIsADigest, splitDigest, splitId } from "./identity";

describe("splitId", () => {
  it("splits out the 12 digits docker images shows", () => {
    const hex = "4f5c1a2b3c4d" + "e".repeat(52);
    expect(splitId(`sha256:${hex}`)).toEqual({
      algorithm: "sha256",
      short: "4f5c1a2b3c4d",
      rest: "e".repeat(52),
    });
    expect(splitId("abc")).toEqual({ algorithm: "", short: "abc", rest: "" });
  });
});

describe("splitDigest", () => {
  it("splits a RepoDigests entry at its @", () => {
    expect(splitDigest("localhost:5000/app@sha256:12ab")).toEqual({
      repository: "localhost:5000/app",
      digest: "sha256:12ab",
    });
    expect(splitDigest("sha256:12ab")).toEqual({ repository: "", digest: "sha256:12ab" });
  });
});

describe("idIsADigest", () => {
  const manifest = "sha256:" + "a".repeat(64);
  it("tells the containerd store's ID (a manifest digest) from the classic store's", () => {
    expect(idIsADigest(manifest, [`nginx@${manifest}`])).toBe(true);
    expect(idIsADigest(manifest, [`nginx@sha256:${"b".repeat(64)}`])).toBe(false);
    expect(idIsADigest(manifest, [])).toBe(false);
  });
});
