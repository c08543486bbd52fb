import { describe, expect, it } from "vitest";
import { displayName, shortId } from "./names";

const ID = "sha256:9c7a54a9a43cca047013b82af109fe963fde787f63f9e016fdc3384500c2823d";

describe("names", () => {
  it("shortens an ID as docker images does", () => {
    expect(shortId(ID)).toBe("9c7a54a9a43c");
    expect(shortId("0123456789abcdef")).toBe("0123456789ab");
    expect(shortId("sha256:abc")).toBe("abc");
    expect(shortId("")).toBe("");
  });

  it("names a card by its first tag, else its repository, else its ID", () => {
    expect(displayName({ id: ID, tags: ["web:1.0", "web:latest"], digests: [] })).toBe("web:1.0");
    expect(displayName({ id: ID, tags: [], digests: ["reg:5000/app@sha256:1234"] })).toBe(
      "reg:5000/app:<none>",
    );
    expect(displayName({ id: ID, tags: [], digests: [] })).toBe("<none>@9c7a54a9a43c");
    expect(displayName({ id: ID, tags: [], digests: ["no-at-sign"] })).toBe("<none>@9c7a54a9a43c");
  });
});
