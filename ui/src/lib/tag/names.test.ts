import { describe, expect, it } from "vitest";
import { fakeImage } from "../ipc/fake";
import {
  expectedHolder,
  familiarTag,
  holderNews,
  nameBeforeColon,
  repositoryOf,
  tagHolder,
} from "./names";

describe("familiarTag", () => {
  it.each([
    ["nginx", "nginx:latest"],
    ["nginx:1.27", "nginx:1.27"],
    ["library/nginx:1", "nginx:1"],
    ["docker.io/library/nginx:latest", "nginx:latest"],
    ["index.docker.io/library/nginx", "nginx:latest"],
    // Docker Hub's API host is not one of its names to the docker CLI: kept as typed.
    ["registry-1.docker.io/library/nginx:1", "registry-1.docker.io/library/nginx:1"],
    ["docker.io/team/web:2", "team/web:2"],
    ["127.0.0.1:5000/a/b:1", "127.0.0.1:5000/a/b:1"],
    ["127.0.0.1:5000/a/b", "127.0.0.1:5000/a/b:latest"],
    ["localhost/web", "localhost/web:latest"],
    ["reg.example.com/library/x:3", "reg.example.com/library/x:3"],
    ["nginx:1@sha256:abc", "nginx:1"],
  ])("%s → %s", (input, familiar) => expect(familiarTag(input)).toBe(familiar));
});

describe("tagHolder", () => {
  const web = fakeImage({ tags: ["web:latest", "web:2"] });
  const api = fakeImage({ tags: ["127.0.0.1:5000/a/b:1"] });
  const lone = fakeImage({ tags: ["solo:1"] });
  const images = [web, api, lone];

  it("says a tag no image has is new", () => {
    expect(tagHolder(images, "web:3", lone.id)).toEqual({ kind: "new" });
    expect(expectedHolder({ kind: "new" }, lone.id)).toBeNull();
  });

  it("says the image already has it", () => {
    expect(tagHolder(images, "web:2", web.id)).toEqual({ kind: "self" });
  });

  it("names the other image and the tags it keeps", () => {
    const holder = tagHolder(images, "web:latest", lone.id);
    expect(holder).toEqual({ kind: "other", image: web, otherTags: ["web:2"] });
    expect(expectedHolder(holder, lone.id)).toBe(web.id);
  });

  it("compares normalised forms on both sides", () => {
    expect(tagHolder(images, "docker.io/library/web:latest", lone.id)).toMatchObject({
      kind: "other",
      image: web,
    });
    expect(tagHolder(images, "127.0.0.1:5000/a/b:1", lone.id)).toEqual({
      kind: "other",
      image: api,
      otherTags: [],
    });
    const spelt = fakeImage({ tags: ["docker.io/library/redis:7"] });
    expect(tagHolder([spelt], "redis:7", lone.id)).toMatchObject({ kind: "other" });
  });

  it("says an image left with no other tag has none", () => {
    expect(tagHolder(images, "solo:1", web.id)).toEqual({
      kind: "other",
      image: lone,
      otherTags: [],
    });
  });
});

describe("holderNews: what changed in what a tag names, as the dialog showed it", () => {
  const me = fakeImage({ tags: ["app:1"] });
  const a = fakeImage({ tags: ["a:1", "web:2"] });
  const b = fakeImage({ tags: ["b:1", "web:2"] });
  const other = (image: typeof a, otherTags: string[]) =>
    ({ kind: "other", image, otherTags }) as const;

  it("says a tag given or moved to another image, and a holder's other tags changing", () => {
    expect(holderNews("web:2", { kind: "new" }, other(a, ["a:1"]), me.id)).toEqual({
      kind: "TargetTaken",
      reference: "web:2",
      before: null,
      now: a.id,
    });
    expect(holderNews("web:2", other(a, ["a:1"]), other(b, ["b:1"]), me.id)).toEqual({
      kind: "TargetTaken",
      reference: "web:2",
      before: a.id,
      now: b.id,
    });
    expect(holderNews("web:2", { kind: "self" }, other(a, []), me.id)).toMatchObject({
      before: me.id,
    });
    expect(holderNews("web:2", other(a, ["a:1"]), other(a, []), me.id)).toEqual({
      kind: "HolderChanged",
      reference: "web:2",
      holder: a.id,
      keeps: [],
    });
  });

  it("says nothing when Tag would move nothing it did not say it would", () => {
    expect(holderNews("web:2", other(a, ["a:1"]), { kind: "new" }, me.id)).toBeNull();
    expect(holderNews("web:2", other(a, ["a:1"]), other(a, ["a:1"]), me.id)).toBeNull();
    expect(holderNews("web:2", { kind: "new" }, { kind: "self" }, me.id)).toBeNull();
  });
});

describe("repositoryOf", () => {
  it.each([
    ["web:1", "web"],
    ["web", "web"],
    ["127.0.0.1:5000/a/b:1", "127.0.0.1:5000/a/b"],
    ["localhost:5000/web", "localhost:5000/web"],
    ["nginx@sha256:abc", "nginx"],
  ])("%s → %s", (input, repository) => expect(repositoryOf(input)).toBe(repository));
});

describe("nameBeforeColon", () => {
  it("suggests the image's own repository with the typed tag", () => {
    expect(nameBeforeColon(":2", ["web:1", "app:3"], "myimage")).toBe("web:2");
    expect(nameBeforeColon(" :v1.0 ", ["reg:5000/team/web:1"], "myimage")).toBe(
      "reg:5000/team/web:v1.0",
    );
    expect(nameBeforeColon(":2", ["<none>:<none>"], "myimage")).toBe("myimage:2");
    expect(nameBeforeColon(":2", [], "myimage")).toBe("myimage:2");
  });

  it("suggests a valid tag when the typed one is not", () => {
    expect(nameBeforeColon(":", ["web:1"], "myimage")).toBe("web:2");
    expect(nameBeforeColon(":-x", ["web:1"], "myimage")).toBe("web:2");
  });

  it("says nothing of a text with a name", () => {
    expect(nameBeforeColon("web:2", ["web:1"], "myimage")).toBeNull();
    expect(nameBeforeColon("", ["web:1"], "myimage")).toBeNull();
  });
});
