import { describe, expect, it } from "vitest";
import { MAX_INPUT_BYTES, typedTextProblem, withoutHidden } from "./typed-text";

describe("typedTextProblem: what the backend's door refuses (input.rs)", () => {
  it("finds invisible characters by code point", () => {
    for (const [text, code] of [
      ["nginx:\u200Balpine", "U+200B"],
      ["ngi\u00ADnx", "U+00AD"],
      ["\uFEFFnginx", "U+FEFF"],
      ["nginx\u202E", "U+202E"],
      ["a\u2060b", "U+2060"],
    ] as const)
      expect(typedTextProblem(text)).toEqual({ kind: "invisible", code });
  });

  it("finds control characters first", () => {
    expect(typedTextProblem("nginx\n:alpine")).toEqual({ kind: "control", code: "U+000A" });
    expect(typedTextProblem("a\u0000\u200B")).toEqual({ kind: "control", code: "U+0000" });
    expect(typedTextProblem("a\u0085b")).toEqual({ kind: "control", code: "U+0085" });
  });

  it("counts bytes, not characters, as the backend does", () => {
    expect(typedTextProblem("a".repeat(MAX_INPUT_BYTES))).toBeNull();
    expect(typedTextProblem("ñ".repeat(257))).toEqual({ kind: "tooLong", bytes: 514 });
  });

  it("lets ordinary names through, accents and all", () => {
    for (const text of ["nginx:alpine", "localhost:5000/team/web:1.0", "ñandú", "web app"])
      expect(typedTextProblem(text)).toBeNull();
  });

  it("removes every hidden character and nothing else", () => {
    expect(withoutHidden("ng\u00ADinx:\u200B\u200Balp\tine\n")).toBe("nginx:alpine");
    expect(withoutHidden("ñandú:1")).toBe("ñandú:1");
  });
});
