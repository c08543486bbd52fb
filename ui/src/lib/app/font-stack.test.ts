import { describe, expect, it } from "vitest";
import { applyFontStacks, fontStacksFor } from "./font-stack";

describe("font stacks", () => {
  it("uses fontconfig's generic families on Linux, where they are the desktop's UI fonts", () => {
    expect(fontStacksFor("linux")).toEqual({ "--font": "sans-serif", "--mono": "monospace" });
  });

  it("keeps app.css's stacks on Windows and macOS, whose web views find their first family", () => {
    expect(fontStacksFor("windows")).toEqual({});
    expect(fontStacksFor("macos")).toEqual({});
  });

  it("sets the custom properties on the root element", () => {
    const root = document.createElement("div");
    applyFontStacks(root, "linux");
    expect(root.style.getPropertyValue("--font")).toBe("sans-serif");
    expect(root.style.getPropertyValue("--mono")).toBe("monospace");
    const other = document.createElement("div");
    applyFontStacks(other, "macos");
    expect(other.getAttribute("style")).toBeNull();
  });
});
